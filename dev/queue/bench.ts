import { readFileSync } from 'fs';
import { join } from 'path';

import { ensureLine } from '../harness/install';
import { REPO_ROOT } from '../harness/lines';
import { median } from '../harness/median';
import { SandboxServer } from '../../sandbox/sandboxServer';
import { callWebhook, inPool } from './calls';
import { QueueCluster, type N8nProcess } from './cluster';
import { queueLines } from './lines';
import { ensureServicePackages } from './services';

/**
 * `npm run bench:queue [-- --rounds N]`: throughput of the queue test's burst (200 webhook
 * calls of examples/pmock-queue-webhook.json, 20 at a time, the sandbox answering at once)
 * with two workers and with one, in alternating order on one cluster (a worker is stopped with
 * SIGTERM for the one-worker bursts and a new one started for the two-worker bursts), after a
 * warm-up. Prints each burst, the medians, and where the CPU time went per call (from
 * /proc: the main, the workers, Postgres, Redis, and this process: the sandbox and the client).
 * Measures, never passes or fails. Not part of CI.
 */

const CALLS = 200;
const WIDTH = 20;

const log = (text: string) => console.log(`[bench:queue] ${text}`);

const TICKS_PER_SECOND = 100;

/** CPU seconds (user + system) of a process and its descendants, from /proc. */
function cpuSeconds(pid: number): number {
	let total = 0;
	const visit = (current: number) => {
		try {
			const stat = readFileSync(`/proc/${current}/stat`, 'utf8');
			// Fields after the command (which may hold spaces) start after the last ")".
			const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
			total += (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
			for (const task of readFileSync(`/proc/${current}/task/${current}/children`, 'utf8').split(' ').filter(Boolean))
				visit(Number(task));
		} catch {
			// gone meanwhile
		}
	};
	visit(pid);
	return total;
}

interface Burst {
	workers: number;
	seconds: number;
	/** CPU milliseconds per call, by part. */
	cpu: Record<string, number>;
}

export async function main(): Promise<void> {
	const roundsArg = process.argv.indexOf('--rounds');
	const rounds = roundsArg > 0 ? Number(process.argv[roundsArg + 1]) : 3;
	const [line] = queueLines();
	ensureServicePackages(log);
	await ensureLine(line, log);
	const example = JSON.parse(readFileSync(join(REPO_ROOT, 'examples', 'pmock-queue-webhook.json'), 'utf8')) as {
		id: string;
	} & Record<string, unknown>;
	const keys = { accessKey: 'bench-access-key', secretKey: 'bench-secret-key' };
	const sandbox = await new SandboxServer(keys).start();
	const cluster = new QueueCluster({
		line,
		workers: 2,
		owner: { email: 'bench@pmock.local', password: 'PmockBench1', firstName: 'PMock', lastName: 'Bench' },
		credentials: [
			{ id: 'pmockCredential', name: 'PMock API', type: 'pmockApi', data: { ...keys, baseUrl: sandbox.baseUrl } },
		],
		workflows: [example],
		activate: [example.id],
		log,
	});
	const stop = async () => {
		try {
			await cluster.stop();
		} finally {
			await sandbox.stop();
		}
	};
	process.once('SIGINT', () => void stop().then(() => process.exit(130)));
	try {
		await cluster.start();
		const live: N8nProcess[] = [...cluster.workers];
		let added = 0;
		const url = `${cluster.url}/webhook/pmock-video`;
		const burst = async (label: string, count: number): Promise<number> => {
			sandbox.reset();
			const started = Date.now();
			const answers = await inPool(
				Array.from({ length: count }, (_, index) => `${label} ${index + 1}`),
				WIDTH,
				(prompt) => callWebhook(url, { prompt }),
			);
			const seconds = (Date.now() - started) / 1000;
			const failed = answers.filter((answer) => answer.status !== 200).length;
			if (failed > 0 || sandbox.requests.length !== count) {
				const first = answers.find((answer) => answer.status !== 200);
				throw new Error(
					`${label}: ${failed} calls failed (first: ${JSON.stringify(first)}), the sandbox received ${sandbox.requests.length} of ${count}`,
				);
			}
			return seconds;
		};
		await burst('warm-up', 40);
		const bursts: Burst[] = [];
		for (let round = 1; round <= rounds; round++) {
			for (const workers of round % 2 ? [2, 1] : [1, 2]) {
				while (live.length > workers) {
					const leaving = live.pop()!;
					await leaving.stop();
				}
				while (live.length < workers)
					live.push(await cluster.addWorker(`worker ${3 + added++}`, { withPackage: true }));
				const parts: Record<string, () => number> = {
					main: () => cpuSeconds(cluster.main!.pid),
					workers: () => live.reduce((sum, worker) => sum + cpuSeconds(worker.pid), 0),
					Postgres: () => cpuSeconds(cluster.postgres!.pid),
					Redis: () => cpuSeconds(cluster.redis!.pid),
					'sandbox + client': () => {
						const usage = process.cpuUsage();
						return (usage.user + usage.system) / 1e6;
					},
				};
				const before = Object.fromEntries(Object.entries(parts).map(([name, read]) => [name, read()]));
				const seconds = await burst(`round ${round}, ${workers} worker(s)`, CALLS);
				const cpu = Object.fromEntries(
					Object.entries(parts).map(([name, read]) => [name, ((read() - before[name]) * 1000) / CALLS]),
				);
				bursts.push({ workers, seconds, cpu });
				log(
					`round ${round}, ${workers} worker${workers > 1 ? 's' : ''}: ${CALLS} calls in ${seconds.toFixed(1)} s = ${(CALLS / seconds).toFixed(1)} calls/s`,
				);
			}
		}
		const lines = [
			`n8n ${line.version}, ${CALLS} calls ${WIDTH} at a time per burst, ${rounds} bursts per setting, alternating; median (range)`,
		];
		for (const workers of [2, 1]) {
			const mine = bursts.filter((entry) => entry.workers === workers);
			const rates = mine.map((entry) => CALLS / entry.seconds);
			const cpu = Object.keys(mine[0].cpu)
				.map((name) => `${name} ${median(mine.map((entry) => entry.cpu[name])).toFixed(1)}`)
				.join(', ');
			lines.push(
				`  ${workers} worker${workers > 1 ? 's' : ' '}: ${median(rates).toFixed(1)} calls/s (${Math.min(...rates).toFixed(1)}-${Math.max(...rates).toFixed(1)}); CPU ms per call: ${cpu}`,
			);
		}
		console.log(`\n${lines.join('\n')}\n`);
	} finally {
		await stop();
	}
}

if (require.main === module) {
	main().catch((error: Error) => {
		console.error(`[bench:queue] ${error.message}`);
		process.exit(1);
	});
}
