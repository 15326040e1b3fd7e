import { readFileSync } from 'fs';
import { createServer } from 'net';
import { join } from 'path';

import { ensureLine } from '../dev/harness/install';
import { allLines, lineFor, lineRequest, newestLine, REPO_ROOT } from '../dev/harness/lines';
import { freePort } from '../dev/harness/n8n';
import { QueueCluster } from '../dev/queue/cluster';
import { ensureServicePackages } from '../dev/queue/services';
import { SANDBOX_DEFAULTS } from '../sandbox/main';
import { SandboxServer } from '../sandbox/sandboxServer';
import { EXAMPLE_WORKFLOW_ID, OWNER } from './start';

/**
 * `npm run start:queue`: n8n in queue mode for a person to look at, all on 127.0.0.1: Redis
 * and Postgres (installed from Debian's packages when missing, data in a temporary folder),
 * one main and two workers of the newest pinned n8n line (or `--n8n <version>` /
 * PMOCK_N8N), each with this package installed, the local pmock sandbox, a PMock credential
 * pointing at it, the example workflow and the webhook example (active). Prints the editor
 * URL, the login and a curl command; Ctrl-C stops everything it started and deletes the
 * temporary folder. Every n8n process's output is shown, prefixed with its name, so the
 * "Worker started execution" lines show which worker ran what.
 */

const log = (text: string) => console.log(`[start:queue] ${text}`);

/** `preferred` when nothing listens there, else a free port. */
async function portOr(preferred: number): Promise<number> {
	const free = await new Promise<boolean>((resolve) => {
		const server = createServer();
		server.once('error', () => resolve(false));
		server.listen(preferred, '127.0.0.1', () => server.close(() => resolve(true)));
	});
	return free ? preferred : freePort();
}

const readExample = (file: string) =>
	JSON.parse(readFileSync(join(REPO_ROOT, 'examples', file), 'utf8')) as { id: string } & Record<string, unknown>;

export async function main(): Promise<void> {
	const request = lineRequest();
	const line = request ? lineFor(request) : newestLine();
	log(
		`n8n ${line.version} on ${line.nodeSource}${request ? '' : ' (the newest pinned line; `npm run start:queue -- --n8n <version>` picks another)'}`,
	);
	ensureServicePackages(log);
	await ensureLine(line, log);

	const sandbox = await new SandboxServer({
		port: await portOr(Number(process.env.PMOCK_SANDBOX_PORT ?? SANDBOX_DEFAULTS.port)),
		accessKey: SANDBOX_DEFAULTS.accessKey,
		secretKey: SANDBOX_DEFAULTS.secretKey,
		onRequest: (entry) => {
			const body = entry.response.body as { code?: number; message?: string; data?: { taskId?: string } } | null;
			log(
				`sandbox: ${entry.method} ${entry.path} -> HTTP ${entry.response.status}, code ${body?.code}${body?.data?.taskId ? `, taskId ${body.data.taskId}` : `: ${body?.message ?? ''}`}`,
			);
		},
	}).start();
	const example = readExample('pmock-generate-video.json');
	const webhookExample = readExample('pmock-queue-webhook.json');
	const cluster = new QueueCluster({
		line,
		workers: 2,
		owner: OWNER,
		port: await portOr(Number(process.env.N8N_PORT ?? 5678)),
		credentials: [
			{
				id: 'pmockCredential',
				name: 'PMock API (local sandbox)',
				type: 'pmockApi',
				data: {
					accessKey: SANDBOX_DEFAULTS.accessKey,
					secretKey: SANDBOX_DEFAULTS.secretKey,
					baseUrl: sandbox.baseUrl,
				},
			},
		],
		workflows: [example, webhookExample],
		activate: [webhookExample.id],
		log,
		echo: true,
	});

	let stopping: Promise<void> | undefined;
	const stop = (code: number) => {
		stopping ??= (async () => {
			log('stopping the workers, the main, Postgres, Redis and the sandbox...');
			try {
				await cluster.stop();
			} finally {
				await sandbox.stop();
			}
			log(`stopped; ${cluster.dir} removed`);
		})()
			.catch((error: Error) => console.error(`[start:queue] stopping failed: ${error.message}`))
			.finally(() => process.exit(code));
		return stopping;
	};
	process.on('SIGINT', () => void stop(0));
	process.on('SIGTERM', () => void stop(0));

	try {
		await cluster.start();
	} catch (error) {
		console.error(`[start:queue] ${(error as Error).message}`);
		await stop(1);
		return;
	}
	for (const member of [cluster.main!, ...cluster.workers]) {
		void member.exited.then(() => {
			if (stopping) return;
			log(
				`${member.name} exited (${JSON.stringify(member.exit)})${member.role === 'main' ? ': stopping everything' : '; the other processes keep running'}`,
			);
			if (member.role === 'main') void stop(1);
		});
	}
	const others = allLines().filter((other) => other.version !== line.version);
	console.log(
		[
			'',
			`  n8n ${line.version} is running in queue mode: one main, ${cluster.workers.length} workers, Redis and Postgres, with the PMock node.`,
			`    Editor:    ${cluster.url}/workflow/${EXAMPLE_WORKFLOW_ID}   ("Execute workflow" runs it on a worker)`,
			`    Login:     ${OWNER.email}  /  ${OWNER.password}`,
			`    Webhook:   curl -s -X POST ${cluster.url}/webhook/pmock-video -H 'content-type: application/json' -d '{"prompt":"a fox in the snow"}'`,
			`               (the active workflow "${String(webhookExample.name)}": each call becomes one queued execution)`,
			`    Workers:   ${cluster.workers.map((worker) => `${worker.name} pid ${worker.pid}`).join(', ')}: their lines "Worker started execution <id>" show who ran what`,
			`    Redis:     127.0.0.1:${cluster.redis!.port}   Postgres: 127.0.0.1:${cluster.postgres!.port} (database n8n), data in ${cluster.dir}`,
			`    Sandbox:   ${sandbox.baseUrl} (no keys, no credit); its log: ${sandbox.url}/__sandbox/requests`,
			...others.map((other) => `    Other pinned n8n: npm run start:queue -- --n8n ${other.version}`),
			'  Press Ctrl-C to stop everything (the temporary folder is deleted).',
			'',
		].join('\n'),
	);
}

if (require.main === module) {
	main().catch((error: Error) => {
		console.error(`[start:queue] ${error.message}`);
		process.exit(1);
	});
}
