import { randomUUID } from 'crypto';
import { readFileSync } from 'fs';
import { join } from 'path';

import { lineFor } from '../../dev/harness/lines';
import { callWebhook as postJson, inPool, type WebhookAnswer } from '../../dev/queue/calls';
import { QueueCluster, type N8nProcess } from '../../dev/queue/cluster';
import { SandboxServer, type LoggedRequest } from '../../sandbox/sandboxServer';

/**
 * The PMock node in n8n's queue mode with real parts (dev/queue): Redis and Postgres from
 * Debian's packages, one main and two workers of the jest project's n8n line, each worker
 * with the package in its own .n8n/nodes, and the sandbox as the pmock API. The tests run in
 * order on one cluster: two workers, the credential in Postgres, one execution of 1,000 items,
 * a worker killed mid-run, then the same 200 calls on the one worker left.
 */

const line = lineFor((globalThis as { PMOCK_N8N_VERSION?: string }).PMOCK_N8N_VERSION ?? '');

const KEYS = { accessKey: 'queue-access-key', secretKey: 'queue-secret-key' };
const CREDENTIAL = { id: 'pmockCredential', name: 'PMock API', type: 'pmockApi' };
const OWNER = { email: 'queue@pmock.local', password: 'PmockQueue1', firstName: 'PMock', lastName: 'Queue' };
const GENERATE_PATH = '/ai/sa/video/generate/v2';

/** examples/pmock-queue-webhook.json: POST /webhook/pmock-video {prompt} → PMock → Respond with the task. */
const EXAMPLE = JSON.parse(readFileSync(join(__dirname, '../../examples/pmock-queue-webhook.json'), 'utf8')) as {
	id: string;
} & Record<string, unknown>;

/** POST /webhook/pmock-videos {prompts: [{prompt}, …]} → one item per prompt → PMock → respond with every item. */
const MANY_ITEMS = {
	id: 'pmockQueueManyItems',
	name: 'PMock: one execution, many prompts',
	active: false,
	nodes: [
		{
			id: 'a1000000-0000-4000-8000-000000000001',
			name: 'Webhook',
			type: 'n8n-nodes-base.webhook',
			typeVersion: 2.1,
			position: [0, 0],
			webhookId: 'a1000000-0000-4000-8000-0000000000ff',
			parameters: { httpMethod: 'POST', path: 'pmock-videos', responseMode: 'responseNode', options: {} },
		},
		{
			id: 'a1000000-0000-4000-8000-000000000002',
			name: 'One item per prompt',
			type: 'n8n-nodes-base.splitOut',
			typeVersion: 1,
			position: [240, 0],
			parameters: { fieldToSplitOut: 'body.prompts', options: {} },
		},
		{
			id: 'a1000000-0000-4000-8000-000000000003',
			name: 'PMock',
			type: 'n8n-nodes-pmock.pmock',
			typeVersion: 2,
			position: [480, 0],
			parameters: { resource: 'video', operation: 'generateV2', sora2Prompt: '={{ $json.prompt }}' },
			credentials: { pmockApi: { id: CREDENTIAL.id, name: CREDENTIAL.name } },
		},
		{
			id: 'a1000000-0000-4000-8000-000000000004',
			name: 'Respond with every task',
			type: 'n8n-nodes-base.respondToWebhook',
			typeVersion: 1.5,
			position: [720, 0],
			parameters: { respondWith: 'allIncomingItems', options: {} },
		},
	],
	connections: {
		Webhook: { main: [[{ node: 'One item per prompt', type: 'main', index: 0 }]] },
		'One item per prompt': { main: [[{ node: 'PMock', type: 'main', index: 0 }]] },
		PMock: { main: [[{ node: 'Respond with every task', type: 'main', index: 0 }]] },
	},
	settings: { executionOrder: 'v1' },
};

const sandbox = new SandboxServer(KEYS);
let cluster: QueueCluster;
/** Lines printed after the run: set-up steps and the measurements. */
const report: string[] = [];
const note = (text: string) => report.push(text);

beforeAll(async () => {
	await sandbox.start();
	cluster = new QueueCluster({
		line,
		workers: 2,
		owner: OWNER,
		credentials: [{ ...CREDENTIAL, data: { ...KEYS, baseUrl: sandbox.baseUrl } }],
		workflows: [EXAMPLE, MANY_ITEMS],
		activate: [EXAMPLE.id, MANY_ITEMS.id],
		log: (text) => note(`set-up: ${text}`),
	});
	await cluster.start();
	// Warm-up, not measured: the first executions of each process (code loading, JIT, Postgres's
	// caches) are slower, and the two-worker burst should not pay for them when it is compared
	// with the one-worker burst that runs later.
	sandbox.reset();
	const warmUp = await inPool(
		Array.from({ length: 40 }, (_, index) => `warm-up call ${index + 1}`),
		20,
		(prompt) => callWebhook('pmock-video', { prompt }),
	);
	const failed = warmUp.filter((answer) => answer.status !== 200);
	if (failed.length > 0) throw new Error(`Warm-up calls failed: ${JSON.stringify(failed.slice(0, 3))}`);
}, 600_000);

afterAll(async () => {
	try {
		await cluster?.stop();
	} finally {
		await sandbox.stop();
		process.stdout.write(
			`\nqueue mode, n8n ${line.version} on ${line.nodeSource}:\n${report.map((text) => `  ${text}`).join('\n')}\n\n`,
		);
	}
}, 180_000);

/** POSTs JSON to one of the main's production webhooks. */
const callWebhook = (path: string, body: unknown): Promise<WebhookAnswer> =>
	postJson(`${cluster.url}/webhook/${path}`, body);

const taskIdOf = (entry: LoggedRequest) => (entry.response.body as { data?: { taskId?: string } } | null)?.data?.taskId;
const promptOf = (entry: LoggedRequest) => (entry.body as { prompt?: string } | null)?.prompt;

/** The highest execution id in Postgres now: executions after it are the ones a step caused. */
const lastExecutionId = () =>
	Number(cluster.postgres!.query('SELECT COALESCE(MAX(id), 0) FROM execution_entity')[0][0]);

interface StoredExecution {
	id: string;
	status: string;
	finished: boolean;
	mode: string;
}

function executionsAfter(afterId: number, workflowId: string): StoredExecution[] {
	return cluster
		.postgres!.query(
			`SELECT id, status, finished, mode FROM execution_entity WHERE "workflowId" = '${workflowId}' AND id > ${afterId} ORDER BY id`,
		)
		.map(([id, status, finished, mode]) => ({ id, status, finished: finished === 't', mode }));
}

/**
 * Waits until Postgres holds at least `count` executions of the workflow after `afterId`, each
 * settled (neither new nor running), and returns them: the caller checks how many there are.
 */
function settledExecutions(afterId: number, workflowId: string, count: number): Promise<StoredExecution[]> {
	return eventually(
		`${count} settled execution(s) of ${workflowId} in Postgres`,
		() => executionsAfter(afterId, workflowId),
		(rows) => rows.length >= count && rows.every((row) => row.status !== 'new' && row.status !== 'running'),
	);
}

/** Polls `read` until `check` holds and returns that value; fails naming `what` and the last value after `timeoutMs`. */
async function eventually<T>(
	what: string,
	read: () => T,
	check: (value: T) => boolean,
	timeoutMs = 180_000,
): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const value = read();
		if (check(value)) return value;
		if (Date.now() > deadline)
			throw new Error(`${what}: not within ${timeoutMs / 1000} s; last seen ${JSON.stringify(value).slice(0, 2000)}`);
		await new Promise((resolve) => setTimeout(resolve, 500));
	}
}

/** Which worker started each execution (the workers' "Worker started execution <id>" log lines). */
function workersOf(executions: StoredExecution[]): Map<string, N8nProcess | undefined> {
	return new Map(executions.map((execution) => [execution.id, cluster.workerOf(execution.id)]));
}

interface Burst {
	prompts: string[];
	answers: WebhookAnswer[];
	executions: StoredExecution[];
	seconds: number;
}

/**
 * `count` calls of the example's webhook, `width` at a time, each with its own prompt, and the
 * checks every burst must pass: each call answered with its own taskId, the one the sandbox gave
 * its prompt; exactly one signed request per prompt; one successful execution per call in
 * Postgres, each started by exactly one worker.
 */
async function burst(label: string, count = 200, width = 20): Promise<Burst> {
	sandbox.reset();
	const before = lastExecutionId();
	const run = randomUUID().slice(0, 8);
	const prompts = Array.from(
		{ length: count },
		(_, index) => `${label} call ${index + 1} (${run}): a lighthouse in a storm`,
	);
	const started = Date.now();
	const answers = await inPool(prompts, width, (prompt) => callWebhook('pmock-video', { prompt }));
	const seconds = (Date.now() - started) / 1000;

	expect(answers.filter((answer) => answer.status !== 200)).toEqual([]);
	const taskIds = answers.map((answer) => (answer.body as { taskId?: unknown }).taskId);
	expect(taskIds.every((taskId) => typeof taskId === 'string' && taskId !== '')).toBe(true);
	expect(new Set(taskIds).size).toBe(count);

	const received = [...sandbox.requests];
	expect(received).toHaveLength(count);
	expect(
		received.filter((entry) => entry.signature !== 'valid' || entry.path !== GENERATE_PATH || entry.method !== 'POST'),
	).toEqual([]);
	expect(received.map(promptOf).sort()).toEqual([...prompts].sort());
	// The taskId each caller got is the one the sandbox answered to that caller's prompt.
	const answeredFor = new Map(received.map((entry) => [promptOf(entry), taskIdOf(entry)]));
	expect(taskIds).toEqual(prompts.map((prompt) => answeredFor.get(prompt)));

	// Respond to Webhook answers before the execution is saved: wait for Postgres to hold them all.
	const executions = await settledExecutions(before, EXAMPLE.id, count);
	expect(executions).toHaveLength(count);
	expect(
		executions.filter(
			(execution) => execution.status !== 'success' || !execution.finished || execution.mode !== 'webhook',
		),
	).toEqual([]);
	// The log line may reach us a moment after the answer.
	await eventually(
		'a worker for every execution',
		() => executions.filter((execution) => !cluster.workerOf(execution.id)).map((execution) => execution.id),
		(missing) => missing.length === 0,
		30_000,
	);
	for (const execution of executions) {
		expect(cluster.workers.filter((worker) => worker.startedExecutions().includes(execution.id))).toHaveLength(1);
	}
	note(
		`${label}: ${count} calls, ${width} at a time: ${seconds.toFixed(1)} s, ${(count / seconds).toFixed(1)} calls/s`,
	);
	return { prompts, answers, executions, seconds };
}

describe(`PMock in n8n ${line.version}'s queue mode: one main, two workers, Redis, Postgres`, () => {
	test('200 webhook calls, 20 at a time: each gets its own taskId, 200 signed requests, 200 successful executions in Postgres, run by both workers', async () => {
		const { executions } = await burst('two workers');
		const byWorker = workersOf(executions);
		const counts = cluster.workers.map((worker) => [...byWorker.values()].filter((ran) => ran === worker).length);
		note(`two workers: executions per worker ${counts.join(' / ')}`);
		expect(counts.every((count) => count > 0)).toBe(true);
		// The main only queued them: it ran none itself.
		expect(cluster.main!.output).not.toMatch(/Worker started execution/);
	});

	test('the credential is stored encrypted in Postgres by the main, and the workers decrypt it with the shared key', () => {
		const rows = cluster.postgres!.query(`SELECT id, type, data FROM credentials_entity WHERE id = '${CREDENTIAL.id}'`);
		expect(rows).toHaveLength(1);
		const [, type, data] = rows[0];
		expect(type).toBe('pmockApi');
		// Not the credential in clear: none of its values, no JSON.
		for (const secret of [KEYS.accessKey, KEYS.secretKey, sandbox.baseUrl, 'accessKey', 'secretKey'])
			expect(data).not.toContain(secret);
		expect(() => JSON.parse(data)).toThrow();
		// n8n's AES-256-CBC output (OpenSSL "Salted__" base64), after a key id and ":" where the line prefixes one.
		expect(data).toMatch(/^(?:[A-Za-z0-9_-]{1,36}:)?U2FsdGVkX1[A-Za-z0-9+/=]+$/);
		// The workers have no copy of their own: their user folders hold no database, only the package.
		for (const worker of cluster.workers)
			expect(readFileSync(join(worker.userFolder, '.n8n', 'nodes', 'package.json'), 'utf8')).toContain(
				'n8n-nodes-pmock',
			);
		// The first test's 200 requests were signed with the secret key, which only the encrypted
		// row holds, by executions on both workers: each worker decrypted it with the shared key.
	});

	test('one execution with 1,000 items runs on a worker: 1,000 taskIds in input order', async () => {
		sandbox.reset();
		const before = lastExecutionId();
		const run = randomUUID().slice(0, 8);
		const prompts = Array.from({ length: 1000 }, (_, index) => `item ${index + 1} of 1000 (${run}): waves on a pier`);
		const started = Date.now();
		const answer = await callWebhook('pmock-videos', { prompts: prompts.map((prompt) => ({ prompt })) });
		const seconds = (Date.now() - started) / 1000;
		expect(answer.failure).toBeUndefined();
		expect(answer.status).toBe(200);
		const items = answer.body as Array<{ taskId: string }>;
		expect(items).toHaveLength(1000);

		const received = [...sandbox.requests];
		expect(received).toHaveLength(1000);
		expect(received.filter((entry) => entry.signature !== 'valid')).toEqual([]);
		// n8n sends a run's requests at once and they arrive in any order: each output item must
		// carry the taskId answered to its own prompt, item by item in input order.
		const promptForTask = new Map(received.map((entry) => [taskIdOf(entry), promptOf(entry)]));
		expect(items.map((item) => promptForTask.get(item.taskId))).toEqual(prompts);
		expect(new Set(items.map((item) => item.taskId)).size).toBe(1000);

		const [execution, ...others] = await settledExecutions(before, MANY_ITEMS.id, 1);
		expect(others).toEqual([]);
		expect(execution.status).toBe('success');
		const worker = await eventually(
			'its worker',
			() => cluster.workerOf(execution.id)?.name,
			(name) => name !== undefined,
			30_000,
		);
		note(`1,000 items in one execution (${worker}): ${seconds.toFixed(1)} s from the call to the answer`);
	});

	test("a worker killed with SIGKILL mid-run: the other worker finishes the queued executions; the killed worker's executions fail as stalled, none is re-run, no prompt is sent twice", async () => {
		const [survivor, victim] = cluster.workers;
		sandbox.reset();
		const before = lastExecutionId();
		const run = randomUUID().slice(0, 8);
		// 20 held calls fill both workers' 10 slots: the sandbox holds their answers for HOLD_MS.
		// Then 10 more calls wait in the queue, and one worker is killed.
		const HOLD_MS = 20_000;
		const held = Array.from({ length: 20 }, (_, index) => `held call ${index + 1} (${run})`);
		const queued = Array.from({ length: 10 }, (_, index) => `queued call ${index + 1} (${run})`);
		const heldAnswer = () => ({
			code: 200,
			message: 'success',
			data: { taskId: randomUUID() },
			traceId: `held-${run}`,
		});
		sandbox.queueFaults(
			held.map((prompt) => ({ path: GENERATE_PATH, whenBody: { prompt }, delayMs: HOLD_MS, body: heldAnswer() })),
		);

		const heldCalls = held.map((prompt) => callWebhook('pmock-video', { prompt }));
		await eventually(
			'the 20 held requests at the sandbox',
			() => sandbox.requests.length,
			(count) => count === 20,
			120_000,
		);
		const queuedCalls = queued.map((prompt) => callWebhook('pmock-video', { prompt }));
		const waiting = await eventually(
			'10 executions waiting in the queue',
			() => executionsAfter(before, EXAMPLE.id),
			(rows) => rows.length === 30 && rows.filter((row) => row.status === 'new').length === 10,
			120_000,
		);
		const running = (worker: N8nProcess) => worker.startedExecutions().filter((id) => Number(id) > before);
		// Each worker runs 10 at once (n8n's default concurrency): both are full.
		await eventually(
			'both workers running 10 each',
			() => [running(survivor).length, running(victim).length],
			(counts) => counts[0] === 10 && counts[1] === 10,
			30_000,
		);
		const victimExecutions = running(victim);
		expect(
			waiting
				.filter((row) => row.status === 'running')
				.map((row) => row.id)
				.sort(),
		).toEqual([...running(survivor), ...victimExecutions].sort());

		victim.kill('SIGKILL');
		const killedAt = Date.now();
		await victim.exited;
		expect(victim.exit).toEqual({ code: null, signal: 'SIGKILL' });

		const answers = await Promise.all([...heldCalls, ...queuedCalls]);
		const answeredAfter = (Date.now() - killedAt) / 1000;
		const prompts = [...held, ...queued];
		const received = [...sandbox.requests];
		const taskIdFor = new Map(received.map((entry) => [promptOf(entry), taskIdOf(entry)]));

		// No prompt was sent twice: 30 requests, one per prompt, all signed.
		expect(received).toHaveLength(30);
		expect(received.map(promptOf).sort()).toEqual([...prompts].sort());
		expect(received.filter((entry) => entry.signature !== 'valid')).toEqual([]);

		const rows = await settledExecutions(before, EXAMPLE.id, 30);
		expect(rows).toHaveLength(30);
		const queuedIds = waiting.filter((row) => row.status === 'new').map((row) => row.id);
		for (const row of rows) {
			if (victimExecutions.includes(row.id)) {
				// The killed worker's executions: marked failed by the main once Bull found their jobs
				// stalled (the dead worker's lock ran out), with n8n's MaxStalledCountError; not re-run.
				expect(row).toMatchObject({ status: 'error', finished: false });
				const data = cluster.postgres!.query(`SELECT data FROM execution_data WHERE "executionId" = ${row.id}`)[0][0];
				expect(data).toContain('This execution failed to be processed too many times and will no longer retry');
				expect(survivor.startedExecutions()).not.toContain(row.id);
			} else {
				expect(row).toMatchObject({ status: 'success', finished: true });
				expect(cluster.workerOf(row.id)).toBe(survivor);
			}
		}
		// The remaining worker ran the 10 that were waiting in the queue at the kill.
		expect(queuedIds).toHaveLength(10);
		expect(queuedIds.filter((id) => cluster.workerOf(id) !== survivor)).toEqual([]);

		// Callers: the 20 that ran on the remaining worker got their own taskId; the 10 whose
		// executions died with the worker got n8n's generic failure and no taskId, though pmock had
		// received their requests (and started the tasks): the sandbox answered them to a dead socket.
		const failed = prompts.filter((_, index) => answers[index].status !== 200);
		expect(failed).toHaveLength(victimExecutions.length);
		for (const prompt of failed) {
			expect(held).toContain(prompt);
			expect(answers[prompts.indexOf(prompt)]).toEqual({ status: 500, body: { message: 'Error in workflow' } });
			expect(taskIdFor.get(prompt)).toBeDefined();
		}
		answers.forEach((answer, index) => {
			if (answer.status === 200) expect((answer.body as { taskId: string }).taskId).toBe(taskIdFor.get(prompts[index]));
		});
		note(
			`kill: processes the killed worker had started: ${victim.startedProcesses.length}, still alive ${answeredAfter.toFixed(0)} s after it: ${victim.survivingDescendants().length}`,
		);
		note(
			`kill: ${victim.name} (pid ${victim.pid}) killed with 10 executions running and 10 queued; ${survivor.name} finished its 10 and the 10 queued; ` +
				`the killed worker's 10 ended as status "error" (MaxStalledCountError), their callers got HTTP 500, ${answeredAfter.toFixed(0)} s after the kill; no prompt sent twice`,
		);
	});

	test('the same 200 calls on the one worker left', async () => {
		const [survivor] = cluster.workers;
		const { executions } = await burst('one worker');
		expect(executions.filter((execution) => cluster.workerOf(execution.id) !== survivor)).toEqual([]);
	});

	test('a worker without the package fails the execution with "Unrecognized node type", and nothing is sent', async () => {
		const [survivor] = cluster.workers;
		const bare = await cluster.addWorker('worker without the package', { withPackage: false });
		// The last worker with the package stops gracefully (SIGTERM): only the bare one takes jobs now.
		await survivor.stop();
		expect(survivor.exit?.code).toBe(0);
		sandbox.reset();
		const before = lastExecutionId();
		const answer = await callWebhook('pmock-video', { prompt: 'a worker without the package' });
		expect(answer).toEqual({ status: 500, body: { message: 'Error in workflow' } });
		const [execution, ...others] = await settledExecutions(before, EXAMPLE.id, 1);
		expect(others).toEqual([]);
		expect(execution.status).toBe('error');
		expect(cluster.workerOf(execution.id)).toBe(bare);
		const data = cluster.postgres!.query(`SELECT data FROM execution_data WHERE "executionId" = ${execution.id}`)[0][0];
		expect(data).toContain('Unrecognized node type: n8n-nodes-pmock.pmock');
		expect(sandbox.requests).toEqual([]);
	});
});
