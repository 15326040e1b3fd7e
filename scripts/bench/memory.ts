/**
 * `npm run bench:memory`: the peak memory of the n8n process for one large run of the PMock
 * node, with every item succeeding and with every other item failing (HTTP 500 from the
 * stand-in server), in every pinned n8n line. A run where half the items fail must stay near
 * the memory of one where none do: the list of started tasks exists once per run (it once
 * existed once per failed item, and 20,000 items with 10,000 failures ran n8n out of heap).
 *
 * Each case is one `n8n execute` of Start → Items (Code, N prompts) → PMock (Request Options →
 * Batching, 1,000 items per batch, 10 ms apart, as in the report), with scripts/bench/peakRss.js
 * preloaded: the peak resident set size of the n8n process (the Code node's task runner is
 * another process and not counted). Prints per line and case the peak RSS, the time, what the
 * run ended with, and the ratio failing ÷ succeeding.
 *
 * `--gpt-image`: instead, GPT Image 2's synchronous endpoint (Image → Generate (GPT Image 2),
 * What Comes Back → Image), 20 items at 3840x2160 (no Batching: n8n sends them at once), in n8n's
 * default (in-memory) binary mode and in its filesystem mode (N8N_DEFAULT_BINARY_DATA_MODE);
 * the image is the sandbox's own 4K PNG, or with `--image-bytes 33000000` an incompressible one
 * of that many bytes (a PNG's first bytes, then random ones: the worst case of a 4K PNG).
 *
 * Options: `--items 20000`; `--n8n 2.8` (a line, a comma list or "all"; also PMOCK_N8N);
 * `--batch 1000 --interval 10` (the Batching setting); `--only succeed` or `--only fails` (one
 * case); `--source <checkout>`: install the package built in another checkout (e.g. a copy of
 * main, built with `npm run build`) to compare two builds.
 */
import { randomBytes } from 'crypto';
import { mkdtempSync, readFileSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';

import { ensureLine } from '../../dev/harness/install';
import { REPO_ROOT, selectLines, type N8nLine } from '../../dev/harness/lines';
import { freePort, installPackageInto, N8nInstance, type ExecutionResult } from '../../dev/harness/n8n';
import { chainConnections, itemsNode, manualTriggerNode } from '../../dev/harness/workflowNodes';
import { SandboxServer, type Responder } from '../../sandbox/sandboxServer';
import { BENCH_ACCESS_KEY, BENCH_SECRET_KEY } from './shared';

const CREDENTIAL = { id: 'benchMemoryCred', name: 'PMock bench (sandbox)' };
const WORKFLOW_ID = 'benchMemory';

type TaskCase = 'all succeed' | 'every other item fails';
type ImageCase = 'gpt image, binary mode default' | 'gpt image, binary mode filesystem';
type Case = TaskCase | ImageCase;
const TASK_CASES: TaskCase[] = ['all succeed', 'every other item fails'];
const IMAGE_CASES: ImageCase[] = ['gpt image, binary mode default', 'gpt image, binary mode filesystem'];

/** n8n's binary data mode per case (its own default in regular mode is filesystem). */
const BINARY_MODES: Partial<Record<Case, string>> = {
	'gpt image, binary mode default': 'default',
	'gpt image, binary mode filesystem': 'filesystem',
};

const GPT_IMAGE = process.argv.includes('--gpt-image');
const CASES: Case[] = GPT_IMAGE ? IMAGE_CASES : TASK_CASES;

/** The take number in an item's prompt ("take 12" → 12). */
const takeOf = (body: unknown) =>
	Number(
		String((body as { prompt?: unknown })?.prompt)
			.split(' ')
			.pop(),
	);

/**
 * With `--image-bytes N`: one OpenAI images answer whose image is N incompressible bytes after a
 * PNG signature, made once and given to every item; otherwise the sandbox draws each item's 4K PNG.
 */
function imageResponder(): Responder | undefined {
	const bytes = Number(option('image-bytes') ?? 0);
	if (!bytes) return undefined;
	const image = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), randomBytes(bytes - 8)]);
	const body = JSON.stringify({ created: 1, size: '3840x2160', data: [{ b64_json: image.toString('base64') }] });
	// With its length, as a server that sends a finished JSON answer does (the node then decodes into one buffer).
	return () => ({
		body,
		headers: { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) },
	});
}

const RESPONDERS: Record<TaskCase, Responder> = {
	'all succeed': (request) => ({
		body: { code: 200, message: 'success', data: { taskId: `task-${takeOf(request.body)}` }, traceId: 't' },
	}),
	'every other item fails': (request) =>
		takeOf(request.body) % 2 === 0
			? { status: 500, body: { code: 500, message: 'internal error', data: null, traceId: 't-500' } }
			: { body: { code: 200, message: 'success', data: { taskId: `task-${takeOf(request.body)}` }, traceId: 't' } },
};

/** The PMock node's parameters: Sora 2 by default, GPT Image 2 at 4K with `--gpt-image`. */
const pmockParameters = (batching: { batchSize: number; batchInterval: number }) =>
	GPT_IMAGE
		? {
				resource: 'image',
				operation: 'generateGptImage',
				gptImagePrompt: '={{ $json.prompt }}',
				gptImageReturn: 'image',
				gptImageSyncSize: '3840x2160',
				requestOptions: {},
			}
		: {
				resource: 'video',
				operation: 'generateV2',
				sora2Prompt: '={{ $json.prompt }}',
				requestOptions: { batching: { batch: batching } },
			};

function workflow(n: number, batching: { batchSize: number; batchInterval: number }) {
	const trigger = manualTriggerNode(WORKFLOW_ID);
	const items = itemsNode(WORKFLOW_ID, {
		jsCode: `return Array.from({ length: ${n} }, (_, i) => ({ json: { prompt: 'A lighthouse in a storm, take ' + (i + 1) } }));`,
	});
	const pmock = {
		id: `${WORKFLOW_ID}-pmock`,
		name: 'PMock',
		type: 'n8n-nodes-pmock.pmock',
		typeVersion: 2,
		position: [400, 0],
		parameters: pmockParameters(batching),
		credentials: { pmockApi: CREDENTIAL },
	};
	const chain = [trigger, items, pmock];
	return {
		id: WORKFLOW_ID,
		name: 'bench memory',
		active: false,
		nodes: chain,
		connections: chainConnections(chain),
		settings: { executionOrder: 'v1' },
	};
}

interface Measurement {
	line: N8nLine;
	kase: Case;
	peakRssMiB?: number;
	seconds: number;
	outcome: string;
}

/** What the run ended with, in a few words: the output, or the error and how many taskIds it lists. */
/**
 * Follows the peak RSS of the n8n process that peakRss.js announces in `file`: its VmHWM in
 * /proc every 100 ms, and the figure the process writes as it exits (when it does).
 */
function followPeakRss(file: string): { stop: () => { peakRssMiB?: number; exited: boolean } } {
	let peakKiB = 0;
	const read = () => {
		try {
			const announced = JSON.parse(readFileSync(file, 'utf8')) as { pid: number; maxRssKiB?: number };
			if (announced.maxRssKiB !== undefined) return announced;
			const status = readFileSync(`/proc/${announced.pid}/status`, 'utf8');
			const hwm = /^VmHWM:\s+(\d+) kB/m.exec(status);
			if (hwm) peakKiB = Math.max(peakKiB, Number(hwm[1]));
		} catch {
			// not announced yet, or the process is gone
		}
		return undefined;
	};
	const timer = setInterval(read, 100);
	return {
		stop: () => {
			clearInterval(timer);
			const atExit = read();
			if (atExit?.maxRssKiB !== undefined) peakKiB = Math.max(peakKiB, atExit.maxRssKiB);
			return { peakRssMiB: peakKiB > 0 ? peakKiB / 1024 : undefined, exited: atExit !== undefined };
		},
	};
}

/** Sockets of this machine in TIME_WAIT (IPv4 and IPv6), as the kernel lists them. */
function timeWaitSockets(): number {
	let count = 0;
	for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
		try {
			for (const row of readFileSync(table, 'utf8').split('\n').slice(1))
				if (row.trim().split(/\s+/)[3] === '06') count += 1;
		} catch {
			// no such table (not Linux): nothing to wait for
		}
	}
	return count;
}

/**
 * n8n opens one connection per item: 20,000 of them leave as many local ports in TIME_WAIT for
 * a minute, and a second run right after would fail to connect (EADDRNOTAVAIL) for part of
 * its items. Waits until few are left (at most 120 s).
 */
async function waitForFreePorts(log: (text: string) => void): Promise<void> {
	const deadline = Date.now() + 120_000;
	let waiting = timeWaitSockets();
	if (waiting > 2000) log(`waiting for ${waiting} sockets in TIME_WAIT to close first`);
	while (waiting > 2000 && Date.now() < deadline) {
		await new Promise((resolve) => setTimeout(resolve, 2000));
		waiting = timeWaitSockets();
	}
}

function outcomeOf(result: ExecutionResult, n: number): string {
	const run = result.data.resultData.runData.PMock?.[0];
	const error = (run?.error ?? result.data.resultData.error) as
		{ message: string; context?: { startedTasks?: unknown[] } } | undefined;
	if (!error) {
		const items = run?.data?.main[0] ?? [];
		if (GPT_IMAGE) {
			const images = items.filter((item) => typeof item.json.fileName === 'string');
			const bytes = images.reduce((sum, item) => sum + Number(item.json.fileSize ?? 0), 0);
			return `success, ${images.length} of ${n} items with an image (${(bytes / 1024 / 1024).toFixed(1)} MiB in all)`;
		}
		const withTaskId = items.filter((item) => typeof item.json.taskId === 'string').length;
		return `success, ${withTaskId} of ${n} items with a taskId`;
	}
	const listed = error.context?.startedTasks?.length;
	return `error "${error.message}"${listed === undefined ? ', no started tasks listed' : `, lists ${listed} started taskIds`}`;
}

async function measureLine(
	line: N8nLine,
	n: number,
	source: string,
	cases: Case[],
	log: (text: string) => void,
): Promise<Measurement[]> {
	await ensureLine(line, log);
	const folder = mkdtempSync(join(tmpdir(), 'pmock-bench-memory-'));
	const sandbox = new SandboxServer({ accessKey: BENCH_ACCESS_KEY, secretKey: BENCH_SECRET_KEY, backlog: 4096 });
	try {
		installPackageInto(folder, source);
		await sandbox.start();
		const n8n = new N8nInstance(line, folder, { N8N_RUNNERS_BROKER_PORT: String(await freePort()) });
		await n8n.importCredentials([
			{
				...CREDENTIAL,
				type: 'pmockApi',
				data: { accessKey: BENCH_ACCESS_KEY, secretKey: BENCH_SECRET_KEY, baseUrl: sandbox.baseUrl },
			},
		]);
		await n8n.importWorkflows([workflow(n, BATCHING)]);
		const measurements: Measurement[] = [];
		for (const kase of cases) {
			await waitForFreePorts(log);
			sandbox.reset(kase in RESPONDERS ? RESPONDERS[kase as TaskCase] : imageResponder());
			const rssFile = join(folder, 'peak-rss.json');
			rmSync(rssFile, { force: true });
			const started = Date.now();
			const follower = followPeakRss(rssFile);
			let outcome: string;
			try {
				const { result } = await n8n.execute(
					WORKFLOW_ID,
					['--require', join(REPO_ROOT, 'scripts', 'bench', 'peakRss.js')],
					{
						PMOCK_PEAK_RSS_FILE: rssFile,
						...(BINARY_MODES[kase] ? { N8N_DEFAULT_BINARY_DATA_MODE: BINARY_MODES[kase] } : {}),
					},
				);
				outcome = outcomeOf(result, n);
			} catch (error) {
				// No run data printed: n8n died (e.g. "JavaScript heap out of memory").
				const text = (error as Error).message;
				outcome = `n8n died without run data${/heap out of memory/i.test(text) ? ' (JavaScript heap out of memory)' : ''}`;
			}
			const seconds = (Date.now() - started) / 1000;
			const { peakRssMiB, exited } = follower.stop();
			if (!exited) outcome += '; peak RSS as last seen before it died';
			const requests = sandbox.requests.length;
			if (requests < n) outcome += `; only ${requests} of ${n} requests reached the stand-in server`;
			log(
				`n8n ${line.version}, ${kase}: peak RSS ${peakRssMiB?.toFixed(0) ?? '?'} MiB, ${seconds.toFixed(1)} s, ${requests} requests; ${outcome}`,
			);
			measurements.push({ line, kase, peakRssMiB, seconds, outcome });
		}
		return measurements;
	} finally {
		await sandbox.stop();
		rmSync(folder, { recursive: true, force: true });
	}
}

/** `--name value` or `--name=value` among the arguments. */
function option(name: string): string | undefined {
	const args = process.argv.slice(2);
	const at = args.findIndex((arg) => arg === `--${name}` || arg.startsWith(`--${name}=`));
	if (at < 0) return undefined;
	return args[at].includes('=') ? args[at].slice(args[at].indexOf('=') + 1) : args[at + 1];
}

/** Request Options → Batching of the PMock node: `--batch 1000 --interval 10` (as in the report) unless set. */
const BATCHING = { batchSize: Number(option('batch') ?? 1000), batchInterval: Number(option('interval') ?? 10) };

async function main(): Promise<void> {
	const n = Number(option('items') ?? (GPT_IMAGE ? 20 : 20_000));
	const source = option('source') ?? REPO_ROOT;
	const lines = selectLines(option('n8n') ?? process.env.PMOCK_N8N);
	// `--only fails` or `--only succeed`: one case.
	const only = option('only');
	const cases = CASES.filter((kase) => !only || kase.includes(only));
	console.log(
		GPT_IMAGE
			? `Memory: ${n} GPT Image 2 items at 3840x2160 through the PMock node (What Comes Back → Image, sent at once), n8n's default vs filesystem binary mode; image ${option('image-bytes') ? `${option('image-bytes')} incompressible bytes` : "the sandbox's PNG"}; package from ${source}`
			: `Memory: ${n} items through the PMock node (Batching ${BATCHING.batchSize} per batch, ${BATCHING.batchInterval} ms), all succeeding vs every other one HTTP 500; package from ${source}`,
	);
	const all: Measurement[] = [];
	for (const line of lines)
		all.push(...(await measureLine(line, n, source, cases, (text) => console.log(`  ${text}`))));
	console.log('\nn8n       case                                peak RSS MiB   time s   outcome');
	for (const { line, kase, peakRssMiB, seconds, outcome } of all) {
		console.log(
			`${line.version.padEnd(10)}${kase.padEnd(36)}${(peakRssMiB?.toFixed(0) ?? '?').padStart(12)}${seconds.toFixed(1).padStart(9)}   ${outcome}`,
		);
	}
	for (const line of lines) {
		if (GPT_IMAGE) {
			const [inMemory, filesystem] = IMAGE_CASES.map(
				(kase) => all.find((m) => m.line === line && m.kase === kase)?.peakRssMiB,
			);
			if (inMemory && filesystem)
				console.log(
					`n8n ${line.version}: peak RSS filesystem ÷ default binary mode = ${(filesystem / inMemory).toFixed(2)}`,
				);
			continue;
		}
		const [ok, failing] = TASK_CASES.map((kase) => all.find((m) => m.line === line && m.kase === kase)?.peakRssMiB);
		if (ok && failing)
			console.log(
				`n8n ${line.version}: peak RSS every other item failing ÷ all succeeding = ${(failing / ok).toFixed(2)}`,
			);
	}
}

main().catch((error: unknown) => {
	console.error(error instanceof Error ? error.message : error);
	process.exit(1);
});
