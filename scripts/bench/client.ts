/**
 * One measured client process: sends N requests to the bench server, either through the
 * PMock node (n8n-core's RoutingNode, via dev/harness/runPmockNode) or through a plain loop
 * of Node's fetch with the same concurrency (RoutingNode sends every item of a run at once,
 * so the loop does too). Warms up, then times each run, and reports over IPC.
 *
 * Usage (by index.ts): node client.js <node|raw> <n> <runs> <warmups> <baseUrl> [profile]
 * With `profile`, V8's CPU profiler samples the measured runs and the result says where the
 * CPU time went.
 */
import { mkdtempSync, rmSync } from 'fs';
import { Session } from 'inspector';
import { tmpdir } from 'os';
import { join } from 'path';

import { pmockAuthHeaders } from '../../credentials/pmockSignature';
import { generateV2DefaultBody } from '../../dev/harness/defaultBodies';
import { generateSoraStyles } from '../../nodes/Pmock/operations/video/generateSoraStyles';
import { BENCH_ACCESS_KEY, BENCH_SECRET_KEY, cpuArea, type ClientMode, type ClientResult } from './shared';

// n8n-core keeps settings under N8N_USER_FOLDER: a temporary one, set before it loads.
const userFolder = mkdtempSync(join(tmpdir(), 'pmock-bench-'));
process.env.N8N_USER_FOLDER = userFolder;
// Without a key n8n-core generates one and says so on every start.
process.env.N8N_ENCRYPTION_KEY ??= 'pmock-bench-not-a-secret';

const [mode, nText, runsText, warmupsText, baseUrl, profile] = process.argv.slice(2) as [
	ClientMode,
	string,
	string,
	string,
	string,
	string?,
];
const n = Number(nText);

/** A sheet of prompts: the node reads each through an expression, as a workflow would. */
const items = Array.from({ length: n }, (_, index) => ({ prompt: `A lighthouse in a storm, take ${index + 1}` }));

/** The body the node sends for an item with only a prompt set (see the README's field table). */

/** Network errors of the raw loop that are retried (the server's accept queue overflowing under load). */
const RETRIED_CODES = new Set([
	'ECONNRESET',
	'ECONNREFUSED',
	'EPIPE',
	'ETIMEDOUT',
	'UND_ERR_SOCKET',
	'UND_ERR_CONNECT_TIMEOUT',
]);
const RAW_ATTEMPTS = 5;
/** Requests of the raw loop that needed more than one attempt, over the process. */
let rawRetries = 0;

const errorCode = (error: unknown) => {
	const cause = (error as { cause?: { code?: string } }).cause;
	return cause?.code ?? (error as { code?: string }).code;
};

/**
 * The baseline: every item's request at once with Node's fetch, as n8n sends a run's items.
 * With 1,000 connections opened at once on a loaded machine a few may be reset: such a request
 * is sent again (up to RAW_ATTEMPTS times, counted in `retries`); the run fails only when one
 * still fails.
 */
async function rawRun(): Promise<number> {
	const url = `${baseUrl}${generateSoraStyles.path}`;
	const send = async (prompt: string): Promise<string> => {
		for (let attempt = 1; ; attempt++) {
			try {
				const response = await fetch(url, {
					method: 'POST',
					headers: {
						accept: 'application/json',
						'content-type': 'application/json',
						...pmockAuthHeaders(BENCH_ACCESS_KEY, BENCH_SECRET_KEY),
					},
					body: JSON.stringify(generateV2DefaultBody(prompt)),
				});
				const envelope = (await response.json()) as { code: number; data?: { taskId?: string } };
				if (envelope.code !== 200 || !envelope.data?.taskId)
					throw new Error(`raw request failed: ${JSON.stringify(envelope)}`);
				return envelope.data.taskId;
			} catch (error) {
				const code = errorCode(error);
				if (attempt >= RAW_ATTEMPTS || !code || !RETRIED_CODES.has(code)) throw error;
				if (attempt === 1) rawRetries++;
				await new Promise((resolve) => setTimeout(resolve, 20 * attempt));
			}
		}
	};
	const taskIds = await Promise.all(items.map(({ prompt }) => send(prompt)));
	return taskIds.length;
}

interface CpuProfile {
	nodes: Array<{ id: number; callFrame: { url: string; functionName: string } }>;
	samples: number[];
	timeDeltas: number[];
}

/** V8's sampling profiler, in this process; stop() sums self time by area, in ms per item. */
async function startProfiler(): Promise<{ stop: (items: number) => Promise<Record<string, number>> }> {
	const session = new Session();
	session.connect();
	const post = (method: string) =>
		new Promise<unknown>((resolve, reject) =>
			session.post(method, (error, result) => (error ? reject(error) : resolve(result))),
		);
	await post('Profiler.enable');
	await post('Profiler.start');
	return {
		stop: async (items) => {
			const { profile } = (await post('Profiler.stop')) as { profile: CpuProfile };
			session.disconnect();
			const areaOf = new Map(
				profile.nodes.map((node) => [node.id, cpuArea(node.callFrame.url, node.callFrame.functionName)]),
			);
			const byArea: Record<string, number> = {};
			profile.samples.forEach((id, index) => {
				const area = areaOf.get(id);
				// Time deltas are in microseconds.
				if (area) byArea[area] = (byArea[area] ?? 0) + profile.timeDeltas[index] / 1000 / items;
			});
			return byArea;
		},
	};
}

async function main(): Promise<void> {
	let run: () => Promise<number> = rawRun;
	if (mode !== 'raw') {
		const { runPmockNode } = await import('../../dev/harness/runPmockNode');
		const prompt = mode === 'node' ? '={{ $json.prompt }}' : items[0].prompt;
		run = async () => {
			const output = await runPmockNode({
				parameters: { resource: 'video', operation: 'generateV2', sora2Prompt: prompt },
				items,
				credentials: { accessKey: BENCH_ACCESS_KEY, secretKey: BENCH_SECRET_KEY, baseUrl },
			});
			const failed = output.find((item) => typeof item.json.taskId !== 'string');
			if (failed) throw new Error(`node run failed: ${JSON.stringify(failed.json)}`);
			return output.length;
		};
	}

	for (let warmup = 0; warmup < Number(warmupsText); warmup++) await run();
	const profiler = profile === 'profile' ? await startProfiler() : undefined;
	const wallMs: number[] = [];
	const cpuMs: number[] = [];
	for (let index = 0; index < Number(runsText); index++) {
		const cpuBefore = process.cpuUsage();
		const start = process.hrtime.bigint();
		const done = await run();
		wallMs.push(Number(process.hrtime.bigint() - start) / 1e6);
		const cpu = process.cpuUsage(cpuBefore);
		cpuMs.push((cpu.user + cpu.system) / 1000);
		if (done !== n) throw new Error(`${mode}: ${done} results for ${n} items`);
	}
	const cpuByArea = profiler && (await profiler.stop(n * Number(runsText)));
	const result: ClientResult = {
		mode,
		n,
		wallMs,
		cpuMs,
		// maxRSS is in KiB.
		peakRssMiB: process.resourceUsage().maxRSS / 1024,
		cpuByArea,
		retries: rawRetries,
	};
	process.send?.(result, () => {
		rmSync(userFolder, { recursive: true, force: true });
		// n8n-core leaves timers running (e.g. its SSH client cleanup): end the process here.
		process.exit(0);
	});
}

main().catch((error: unknown) => {
	rmSync(userFolder, { recursive: true, force: true });
	if (mode === 'raw' && process.send) {
		// The baseline failing is not the node failing: report it, and the caller leaves the sample out.
		const failed: ClientResult = {
			mode,
			n,
			wallMs: [],
			cpuMs: [],
			peakRssMiB: 0,
			retries: rawRetries,
			failed: `${(error as Error).message}${errorCode(error) ? ` (${errorCode(error)})` : ''}`,
		};
		process.send(failed, () => process.exit(0));
		return;
	}
	console.error(error);
	process.exit(1);
});
