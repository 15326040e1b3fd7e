/**
 * `npm run bench`: what the PMock node costs over a raw HTTP loop, what it costs in a real n8n
 * next to n8n's own HTTP Request node, and what the package weighs. Not part of `npm test`: it
 * measures, and fails only when the node itself fails (a raw-loop baseline that cannot be
 * measured is reported and left out).
 *
 * 1. For N = 1, 100 and 1000 items it alternates client processes (see client.ts), node then
 *    raw, against one stand-in server process on 127.0.0.1 (server.ts), and prints per N the
 *    medians and ranges of wall time, requests per second, client CPU, the node's per-item
 *    overhead over the raw loop and peak RSS.
 * 2. In every pinned n8n line (realN8n.ts): 1,000 items through the PMock node and through the
 *    HTTP Request node with the PMock API credential, alternated three times, timed by n8n's
 *    own executionTime; the ratio per line. `--profile` adds expression counts, single runs
 *    without one suspect each, and a V8 CPU profile of the node's run.
 * 3. The packed tarball's size and the time to `require` the built node.
 *
 * Needs `npm run build` first (the npm script does it). `npm run bench -- --package-only`
 * prints only part 3; `--real-only` only part 2 (`--n8n 2.41`, `--items`, `--rounds`,
 * `--profile` tune it).
 */
import { execFileSync, spawn, type ChildProcess } from 'child_process';
import { existsSync } from 'fs';
import { cpus } from 'os';
import { join } from 'path';

import { selectLines } from '../../dev/harness/lines';
import { benchLine, printFigures, type LineFigures } from './realN8n';
import { CLIENT_MODES, median, medianAndRange, type ClientMode, type ClientResult } from './shared';

const root = join(__dirname, '..', '..', '..');
const CLIENT = join(__dirname, 'client.js');
const SERVER = join(__dirname, 'server.js');

/**
 * With two or more cores and Linux's taskset, the server runs on the last core and each
 * client on the first, so that they never compete for one (measurements vary much less).
 */
const PINNED = cpus().length >= 2 && existsSync('/usr/bin/taskset');

/** Starts a benchmark process (a node script with an IPC channel), pinned to `core` if PINNED. */
function start(script: string, args: string[], core: number): ChildProcess {
	const command = PINNED ? ['/usr/bin/taskset', '-c', String(core), process.execPath] : [process.execPath];
	return spawn(command[0], [...command.slice(1), script, ...args], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
}

/** Per N: client processes per mode, timed runs and warm-up runs in each. */
const PLAN = [
	{ n: 1, processes: 6, runs: 40, warmups: 20 },
	{ n: 100, processes: 6, runs: 8, warmups: 4 },
	{ n: 1000, processes: 8, runs: 4, warmups: 2 },
];
const REQUIRE_SAMPLES = 15;

function onceMessage<T>(child: ChildProcess): Promise<T> {
	return new Promise((resolve, reject) => {
		const onExit = (code: number | null) =>
			reject(new Error(`a benchmark process exited with ${code} before reporting`));
		child.once('exit', onExit);
		child.once('message', (message) => {
			child.off('exit', onExit);
			resolve(message as T);
		});
	});
}

async function measureClient(
	server: ChildProcess,
	baseUrl: string,
	mode: ClientMode,
	plan: (typeof PLAN)[number],
	profile = false,
): Promise<ClientResult> {
	server.send('reset');
	await onceMessage(server);
	const args = [
		mode,
		String(plan.n),
		String(plan.runs),
		String(plan.warmups),
		baseUrl,
		...(profile ? ['profile'] : []),
	];
	const client = start(CLIENT, args, 0);
	return await onceMessage<ClientResult>(client);
}

const pad = (text: string, width: number) => text.padEnd(width);

async function benchRequests(): Promise<void> {
	const server = start(SERVER, [], cpus().length - 1);
	const { baseUrl } = await onceMessage<{ baseUrl: string }>(server);
	try {
		console.log(
			'Requests: PMock node (n8n-core RoutingNode) vs a raw fetch loop, all items at once, one server process on 127.0.0.1',
		);
		console.log(
			'  node: prompt from {{ $json.prompt }} per item; node-text: the prompt typed in (no expression); raw: fetch loop',
		);
		console.log(
			'Figures: median (min–max) over every timed run; overhead ratio = (node − raw) / raw per item, median (min–max) over process triples\n',
		);
		const header = ['N', 'client', 'wall ms', 'req/s', 'client CPU ms/item', 'peak RSS MiB'];
		const widths = [6, 11, 26, 22, 24, 14];
		console.log(
			header
				.map((cell, index) => pad(cell, widths[index]))
				.join('')
				.trimEnd(),
		);
		const summaries: string[] = [];
		for (const plan of PLAN) {
			const results: Record<ClientMode, ClientResult[]> = { node: [], 'node-text': [], raw: [] };
			for (let round = 0; round < plan.processes; round++) {
				for (const mode of CLIENT_MODES) {
					results[mode].push(await measureClient(server, baseUrl, mode, plan));
				}
			}
			const notes: string[] = [];
			for (const mode of CLIENT_MODES) {
				const measured = results[mode].filter((result) => !result.failed);
				const failed = results[mode].filter((result) => result.failed);
				const retries = results[mode].reduce((sum, result) => sum + (result.retries ?? 0), 0);
				if (failed.length)
					notes.push(
						`${mode} at N=${plan.n}: ${failed.length} of ${results[mode].length} processes failed and are left out (${failed[0].failed})`,
					);
				if (retries) notes.push(`${mode} at N=${plan.n}: ${retries} requests were sent again after a connection error`);
				if (measured.length === 0) continue;
				const wall = measured.flatMap((result) => result.wallMs);
				const cpuPerItem = measured.flatMap((result) => result.cpuMs.map((ms) => ms / plan.n));
				const rss = measured.map((result) => result.peakRssMiB);
				const rps = wall.map((ms) => (plan.n * 1000) / ms);
				const row = [
					String(plan.n),
					mode,
					medianAndRange(wall, 2),
					medianAndRange(rps, 0),
					medianAndRange(cpuPerItem, 3),
					medianAndRange(rss, 0),
				];
				console.log(
					row
						.map((cell, index) => pad(cell, widths[index]))
						.join('')
						.trimEnd(),
				);
			}
			for (const note of notes) console.log(`  note: ${note}`);
			// The processes of a round ran back to back: compare within the round, then summarise
			// (rounds whose raw baseline failed are left out).
			const perItem = (result: ClientResult) => median(result.wallMs) / plan.n;
			const rounds = results.raw.map((_, index) => index).filter((index) => !results.raw[index].failed);
			if (rounds.length === 0) {
				summaries.push(`N=${plan.n}: no raw baseline (every raw process failed); no overhead figure`);
				continue;
			}
			const rawPerItem = rounds.map((index) => perItem(results.raw[index]));
			summaries.push(`N=${plan.n}: raw ${medianAndRange(rawPerItem, 3)} ms/request`);
			for (const mode of ['node', 'node-text'] as const) {
				const overheadMs = rounds.map((index, at) => perItem(results[mode][index]) - rawPerItem[at]);
				const ratios = rounds.map((index, at) => (perItem(results[mode][index]) / rawPerItem[at] - 1) * 100);
				summaries.push(
					`  ${pad(mode, 10)} overhead ${medianAndRange(overheadMs, 3)} ms/item, ratio ${medianAndRange(ratios, 1)} %`,
				);
			}
		}
		console.log(
			`\nPer-item overhead of the node over the raw loop:\n${summaries.map((line) => `  ${line}`).join('\n')}`,
		);
		await profileWhereTimeGoes(server, baseUrl);
	} finally {
		server.disconnect();
	}
}

/** One profiled client per mode at the largest N: the CPU time per item, by area. */
async function profileWhereTimeGoes(server: ChildProcess, baseUrl: string): Promise<void> {
	const plan = PLAN[PLAN.length - 1];
	const byMode: Record<string, Record<string, number>> = {};
	for (const mode of ['node', 'raw'] as const) {
		byMode[mode] = (await measureClient(server, baseUrl, mode, plan, true)).cpuByArea ?? {};
	}
	const areas = [...new Set([...Object.keys(byMode.node), ...Object.keys(byMode.raw)])].sort(
		(a, b) => (byMode.node[b] ?? 0) - (byMode.node[a] ?? 0),
	);
	const total = (mode: string) => Object.values(byMode[mode]).reduce((sum, ms) => sum + ms, 0);
	console.log(`\nWhere the client's CPU time goes at N=${plan.n} (V8 CPU profile of ${plan.runs} runs, ms per item):`);
	console.log(`  ${pad('area', 72)}${pad('node', 9)}raw`);
	for (const area of areas) {
		console.log(
			`  ${pad(area, 72)}${pad((byMode.node[area] ?? 0).toFixed(3), 9)}${(byMode.raw[area] ?? 0).toFixed(3)}`,
		);
	}
	console.log(`  ${pad('total', 72)}${pad(total('node').toFixed(3), 9)}${total('raw').toFixed(3)}`);
}

function benchPackage(): void {
	const [packed] = JSON.parse(
		execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
			cwd: root,
			encoding: 'utf8',
			stdio: ['ignore', 'pipe', 'ignore'],
		}),
	) as Array<{ size: number; unpackedSize: number; entryCount: number }>;
	console.log(
		`\nPackage: tarball ${(packed.size / 1024).toFixed(1)} KiB packed, ${(packed.unpackedSize / 1024).toFixed(1)} KiB unpacked, ${packed.entryCount} files`,
	);

	// Fresh processes: n8n-workflow first (in n8n it is always loaded already), then the
	// built node and credential, as n8n's loader requires them.
	const script = `
		const t0 = process.hrtime.bigint();
		require('n8n-workflow');
		const t1 = process.hrtime.bigint();
		require('./dist/nodes/Pmock/Pmock.node.js');
		require('./dist/credentials/PmockApi.credentials.js');
		const t2 = process.hrtime.bigint();
		console.log(JSON.stringify({ own: Number(t2 - t1) / 1e6, cold: Number(t2 - t0) / 1e6 }));`;
	const samples = Array.from(
		{ length: REQUIRE_SAMPLES },
		() =>
			JSON.parse(execFileSync(process.execPath, ['-e', script], { cwd: root, encoding: 'utf8' })) as {
				own: number;
				cold: number;
			},
	);
	console.log(
		`require() of the built node + credential: ${medianAndRange(
			samples.map((sample) => sample.own),
			2,
		)} ms with n8n-workflow already loaded (as in n8n); ${medianAndRange(
			samples.map((sample) => sample.cold),
			1,
		)} ms including n8n-workflow, cold (${REQUIRE_SAMPLES} fresh processes)`,
	);
}

/** `--name value` or `--name=value` among the arguments. */
function option(name: string): string | undefined {
	const args = process.argv.slice(2);
	const at = args.findIndex((arg) => arg === `--${name}` || arg.startsWith(`--${name}=`));
	if (at < 0) return undefined;
	return args[at].includes('=') ? args[at].slice(args[at].indexOf('=') + 1) : args[at + 1];
}

const flag = (name: string) => process.argv.includes(`--${name}`);

/** The real-n8n comparison in every pinned line (or those --n8n / PMOCK_N8N name), one after the other. */
async function benchRealN8n(): Promise<void> {
	const lines = selectLines(option('n8n') ?? process.env.PMOCK_N8N);
	const n = Number(option('items') ?? 1000);
	const rounds = Number(option('rounds') ?? 3);
	const profile = flag('profile');
	console.log(`
Real n8n: ${lines.map((line) => `n8n ${line.version}`).join(' and ')}, ${n} items, ${rounds} alternating runs of each node${profile ? ', then one profiled PMock run' : ''}`);
	const figures: LineFigures[] = [];
	for (const line of lines) {
		figures.push(await benchLine(line, { n, rounds, profile, log: (text) => console.log(`  [real n8n] ${text}`) }));
	}
	printFigures(figures, rounds);
}

async function main(): Promise<void> {
	const cpu = cpus();
	console.log(
		`Machine: ${cpu.length} × ${cpu[0]?.model ?? 'unknown CPU'}, Node ${process.version}, ${process.platform}/${process.arch}`,
	);
	console.log(
		PINNED
			? `Client pinned to core 0, server to core ${cpu.length - 1} (taskset)\n`
			: 'Client and server not pinned to cores\n',
	);
	// `npm run bench -- --package-only` prints only the package figures; `--real-only` only the
	// real-n8n comparison (`--n8n 2.41`, `--items 1000`, `--rounds 3`, `--profile` tune it).
	const packageOnly = flag('package-only');
	const realOnly = flag('real-only');
	if (!packageOnly && !realOnly) await benchRequests();
	if (!packageOnly) await benchRealN8n();
	if (!realOnly) benchPackage();
}

main().catch((error: unknown) => {
	console.error(error instanceof Error ? error.message : error);
	process.exit(1);
});
