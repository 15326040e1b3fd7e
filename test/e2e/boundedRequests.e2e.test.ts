import { readdirSync } from 'fs';

import { drippedSuccess, HostileServer } from '../helpers/hostileServer';
import { NODE_TYPE, SANDBOX_KEYS, useRealN8n } from './helpers/realN8n';

/**
 * How the node bounds its requests in a running n8n server, each pinned line (see
 * nodes/Pmock/shared/boundedAnswer.ts), against a server that misbehaves on purpose:
 * - a server that drips its answer a byte a second, with Timeout 3 s: the item fails with the
 *   Timeout message in seconds (n8n's own timeout restarts with every byte: it never fires);
 * - a 50 MB answer: refused with the size message after reading at most 1 MB, and n8n stays up;
 * - 30 items whose requests time out against a server that never answers: none of them leaves a
 *   connection open, in the server's view and in n8n's open files (/proc/<pid>/fd).
 * Each case is a production webhook (Webhook → one item per prompt → PMock with On Error →
 * Continue → Respond with every item), so that the same n8n process runs them all.
 */
const n8n = useRealN8n();

const success = drippedSuccess('dripped-task');
const hostile = new HostileServer({
	drip: { kind: 'drip', head: success.head, dripped: success.body, intervalMs: 1000 },
	huge: { kind: 'flood', bodyBytes: 50_000_000, declared: false },
	hang: { kind: 'hang' },
});

const CASES = {
	drip: { timeoutMs: 3000 },
	huge: { timeoutMs: undefined },
	hang: { timeoutMs: 2000 },
} as const;
type Case = keyof typeof CASES;

const credentialOf = (name: Case) => ({ id: `e2eHostile${name}`, name: `PMock hostile ${name}` });

function workflowFor(name: Case) {
	const id = `e2eBounded${name}`;
	const { timeoutMs } = CASES[name];
	return {
		id,
		name: `PMock bounded: ${name}`,
		active: false,
		nodes: [
			{
				id: `${id}-webhook`,
				name: 'Webhook',
				type: 'n8n-nodes-base.webhook',
				typeVersion: 2.1,
				position: [0, 0],
				webhookId: `b0000000-0000-4000-8000-00000000000${Object.keys(CASES).indexOf(name)}`,
				parameters: { httpMethod: 'POST', path: `bounded-${name}`, responseMode: 'responseNode', options: {} },
			},
			{
				id: `${id}-split`,
				name: 'One item per prompt',
				type: 'n8n-nodes-base.splitOut',
				typeVersion: 1,
				position: [240, 0],
				parameters: { fieldToSplitOut: 'body.prompts', options: {} },
			},
			{
				id: `${id}-pmock`,
				name: 'PMock',
				type: NODE_TYPE,
				typeVersion: 2,
				position: [480, 0],
				parameters: {
					resource: 'video',
					operation: 'generateV2',
					sora2Prompt: '={{ $json.prompt }}',
					...(timeoutMs && { requestOptions: { timeout: timeoutMs } }),
				},
				credentials: { pmockApi: credentialOf(name) },
				onError: 'continueRegularOutput',
			},
			{
				id: `${id}-respond`,
				name: 'Respond with every item',
				type: 'n8n-nodes-base.respondToWebhook',
				typeVersion: 1.5,
				position: [720, 0],
				parameters: { respondWith: 'allIncomingItems', options: {} },
			},
		],
		connections: {
			Webhook: { main: [[{ node: 'One item per prompt', type: 'main', index: 0 }]] },
			'One item per prompt': { main: [[{ node: 'PMock', type: 'main', index: 0 }]] },
			PMock: { main: [[{ node: 'Respond with every item', type: 'main', index: 0 }]] },
		},
		settings: { executionOrder: 'v1' },
	};
}

beforeAll(async () => {
	await hostile.start();
	for (const name of Object.keys(CASES) as Case[]) {
		await n8n.importCredential(credentialOf(name), { ...SANDBOX_KEYS, baseUrl: hostile.baseUrlFor(name) });
	}
	await n8n.importWorkflows((Object.keys(CASES) as Case[]).map(workflowFor));
	await n8n.startServer();
	for (const name of Object.keys(CASES) as Case[]) await n8n.activate(workflowFor(name).id);
}, 300_000);
afterAll(() => hostile.stop());

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits for `promise`, or `ms` at most. */
async function atMost(promise: Promise<unknown>, ms: number): Promise<void> {
	let timer: NodeJS.Timeout | undefined;
	await Promise.race([promise, new Promise((resolve) => (timer = setTimeout(resolve, ms)))]);
	clearTimeout(timer);
}

/** Calls a case's webhook with `count` prompts; its answer is the PMock node's items. Waits for the webhook to be registered. */
async function callWebhook(name: Case, count = 1): Promise<{ items: Array<Record<string, unknown>>; seconds: number }> {
	const prompts = Array.from({ length: count }, (_, index) => ({ prompt: `prompt ${index + 1}` }));
	const deadline = Date.now() + 60_000;
	for (;;) {
		const started = Date.now();
		const response = await fetch(`${n8n.serverUrl}/webhook/bounded-${name}`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ prompts }),
		});
		const text = await response.text();
		if (response.status === 404 && Date.now() < deadline) {
			await sleep(500);
			continue;
		}
		if (response.status !== 200)
			throw new Error(`webhook bounded-${name}: HTTP ${response.status} ${text.slice(0, 500)}`);
		const parsed = JSON.parse(text) as Record<string, unknown> | Array<Record<string, unknown>>;
		return { items: Array.isArray(parsed) ? parsed : [parsed], seconds: (Date.now() - started) / 1000 };
	}
}

/** The open file descriptors of the n8n server process. */
const openFiles = () => readdirSync(`/proc/${n8n.serverPid}/fd`).length;

/** Whether n8n still answers its REST API. */
async function n8nIsUp(): Promise<boolean> {
	try {
		return (await fetch(`${n8n.serverUrl}/rest/settings`)).ok;
	} catch {
		return false;
	}
}

describe(`Bounded requests in real ${n8n.name}`, () => {
	test('an answer dripped a byte a second, Timeout 3 s: the item fails with the Timeout message within seconds', async () => {
		const { items, seconds } = await callWebhook('drip');
		console.log(`${n8n.name}: drip with Timeout 3 s failed after ${seconds.toFixed(1)} s`);
		expect(items).toHaveLength(1);
		expect((items[0].error as { message: string }).message).toBe(
			'PMock did not answer within 3 seconds (Request Options → Timeout): PMock may have started (and billed) a task for item 1. Check your pmock console before running it again',
		);
		expect(seconds).toBeLessThan(30);
	});

	test('a 50 MB answer: refused with the size message, n8n stays up', async () => {
		const before = hostile.connections.length;
		const { items, seconds } = await callWebhook('huge');
		const connection = hostile.connections[before];
		await atMost(connection.whenClosed, 10_000);
		console.log(
			`${n8n.name}: 50 MB answer refused after ${seconds.toFixed(1)} s; the server wrote ${connection.bytesWritten.toLocaleString('en-US')} bytes before the connection closed`,
		);
		expect(items).toHaveLength(1);
		expect((items[0].error as { message: string }).message).toBe(
			"PMock's answer is larger than 1 MB (HTTP 200): it is not pmock's answer: PMock may have started (and billed) a task for item 1. Check your pmock console before running it again",
		);
		expect(connection.closed).toBe(true);
		expect(connection.bytesWritten).toBeLessThan(50_000_000);
		expect(await n8nIsUp()).toBe(true);
	});

	test("30 requests that time out leave no connection open: in the server, and in n8n's open files", async () => {
		// One call first, so that whatever n8n opens once (its database, the task runner) is open before counting.
		await callWebhook('hang');
		await sleep(2000);
		const filesBefore = openFiles();
		const connectionsBefore = hostile.connections.length;
		const { items, seconds } = await callWebhook('hang', 30);
		const connections = hostile.connections.slice(connectionsBefore);
		await atMost(Promise.all(connections.map((connection) => connection.whenClosed)), 10_000);
		await sleep(1000);
		const filesAfter = openFiles();
		const stillOpen = connections.filter((connection) => !connection.closed).length;
		console.log(
			`${n8n.name}: 30 requests timed out after ${seconds.toFixed(1)} s; n8n's open files ${filesBefore} → ${filesAfter}; connections still open at the server: ${stillOpen} of ${connections.length}`,
		);
		expect(items.map((item) => (item.error as { message: string }).message)).toStrictEqual(
			Array.from(
				{ length: 30 },
				(_, item) =>
					`PMock did not answer within 2 seconds (Request Options → Timeout): PMock may have started (and billed) a task for item ${item + 1}. Check your pmock console before running it again`,
			),
		);
		expect(connections).toHaveLength(30);
		expect(stillOpen).toBe(0);
		expect(filesAfter - filesBefore).toBeLessThan(10);
	});
});
