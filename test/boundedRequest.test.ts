import { NodeApiError } from 'n8n-workflow';

import { credentialTestWithTimeout } from '../nodes/Pmock/credentialTest';
import { ANSWER_MAX_BYTES } from '../nodes/Pmock/shared/boundedAnswer';
import { runPmockNode, type RunOptions } from '../dev/harness/runPmockNode';
import { continuedError, failureOf, startedMessage, type NodeError } from './helpers/failures';
import { type ConnectionLog, drippedSuccess, HostileServer } from './helpers/hostileServer';
import { expectNoSecrets } from './helpers/secrets';

/**
 * How one item's request is bounded (shared/boundedAnswer.ts), run through n8n-core's
 * RoutingNode against a server that misbehaves on purpose: the Request Options → Timeout bounds
 * the whole request, headers and body, however slowly they drip; the execution's cancel signal
 * stops it; an answer larger than ANSWER_MAX_BYTES is refused after reading no more than that;
 * and each of them closes its connection.
 */

jest.setTimeout(30_000);

const ACCESS_KEY = 'ak-bounded-request-test';
const SECRET_KEY = 'sk-bounded-request-test-SECRET';

const success = drippedSuccess('12345678901234567890123');

const server = new HostileServer({
	// The status line and headers at once, the body a byte every 500 ms (about 40 s in all).
	'drip-body': { kind: 'drip', head: success.head, dripped: success.body, intervalMs: 500 },
	// Everything a byte every 500 ms, from the status line on.
	'drip-all': { kind: 'drip', head: '', dripped: success.head + success.body, intervalMs: 500 },
	hang: { kind: 'hang' },
	'five-mb': { kind: 'flood', bodyBytes: 5_000_000, declared: true },
	'five-mb-chunked': { kind: 'flood', bodyBytes: 5_000_000, declared: false },
	'300-mb': { kind: 'flood', bodyBytes: 300_000_000, declared: true },
	'300-mb-chunked': { kind: 'flood', bodyBytes: 300_000_000, declared: false },
	'500-error-5-mb': { kind: 'flood', bodyBytes: 5_000_000, declared: false, status: 502 },
	'404-5-mb': { kind: 'flood', bodyBytes: 5_000_000, declared: false, status: 404 },
	'under-limit': { kind: 'flood', bodyBytes: ANSWER_MAX_BYTES - 1000, declared: false },
});
beforeAll(() => server.start());
afterAll(() => server.stop());

const run = (route: string, extra: Partial<RunOptions> = {}, timeout?: number) =>
	runPmockNode({
		parameters: {
			resource: 'video',
			operation: 'generateV2',
			sora2Prompt: 'a lighthouse',
			...(timeout && { requestOptions: { timeout } }),
		},
		credentials: { accessKey: ACCESS_KEY, secretKey: SECRET_KEY, baseUrl: server.baseUrlFor(route) },
		...extra,
	});

async function failureOn(route: string, extra: Partial<RunOptions> = {}, timeout?: number): Promise<NodeError> {
	const error = await failureOf(run(route, extra, timeout));
	expect(error).toBeInstanceOf(NodeApiError);
	expect(error.context?.itemIndex).toBe(0);
	expectNoSecrets(error, ACCESS_KEY, SECRET_KEY);
	return error;
}

/** Waits until every connection is closed, or 10 s at most. */
async function closing(connections: ConnectionLog[]): Promise<void> {
	let timer: NodeJS.Timeout | undefined;
	await Promise.race([
		Promise.all(connections.map((connection) => connection.whenClosed)),
		new Promise((resolve) => (timer = setTimeout(resolve, 10_000))),
	]);
	clearTimeout(timer);
}

/** The connection of the last request to `route`, once it is closed (or after 10 s, open). */
async function lastConnectionTo(route: string): Promise<ConnectionLog> {
	const connection = server.connections.filter((logged) => logged.behaviour === route).at(-1);
	if (!connection) throw new Error(`no request reached ${route}`);
	await closing([connection]);
	return connection;
}

/** What a description says after the request was sent (the message says a task may have started). */
const MAY_HAVE_STARTED = 'Retry On Fail sends an item again only when it started no task.';

describe('the Timeout bounds the whole request', () => {
	test.each([
		['the body drips a byte every 500 ms', 'drip-body'],
		['the status line and headers drip a byte every 500 ms', 'drip-all'],
		['nothing is answered at all', 'hang'],
	])('%s, Timeout 1.5 s: the item fails naming the Timeout, and its connection closes', async (_case, route) => {
		const error = await failureOn(route, {}, 1500);
		expect(error.message).toBe(
			'PMock did not answer within 1.5 seconds (Request Options → Timeout): PMock may have started (and billed) a task for item 1. Check your pmock console before running it again',
		);
		expect(error.description).toContain(MAY_HAVE_STARTED);
		expect(error.description).toContain("raise Timeout in the node's Settings → Request Options");
		expect(error.context?.taskMayHaveStarted).toBe(true);
		const connection = await lastConnectionTo(route);
		expect(connection.closed).toBe(true);
		// It closed long before the answer could have been dripped whole.
		expect(connection.bytesWritten).toBeLessThan(success.head.length + success.body.length);
	});

	test('ten items against a server that never answers: every connection is closed after the Timeout', async () => {
		const before = server.connections.length;
		const output = await run('hang', { items: Array.from({ length: 10 }, () => ({})), continueOnFail: true }, 2000);
		expect(output.map((item) => continuedError(item)?.message)).toStrictEqual(
			Array.from(
				{ length: 10 },
				(_, item) =>
					`PMock did not answer within 2 seconds (Request Options → Timeout): PMock may have started (and billed) a task for item ${item + 1}. Check your pmock console before running it again`,
			),
		);
		const connections = server.connections.slice(before);
		expect(connections.length).toBeGreaterThan(0);
		await closing(connections);
		expect(connections.filter((connection) => !connection.closed)).toHaveLength(0);
	});
});

describe("the execution's cancel signal stops the request", () => {
	test('cancelled while the body drips: the item fails as stopped, and its connection closes', async () => {
		const cancel = new AbortController();
		const connectionsBefore = server.connections.length;
		const running = failureOn('drip-body', { abortSignal: cancel.signal });
		// Cancel once the request is in, as the editor's Stop button would.
		while (server.connections.length === connectionsBefore) await new Promise((resolve) => setTimeout(resolve, 50));
		cancel.abort();
		const error = await running;
		expect(error.message).toBe(
			'The execution was stopped before PMock answered: PMock may have started (and billed) a task for item 1. Check your pmock console before running it again',
		);
		expect(error.description).toContain(MAY_HAVE_STARTED);
		expect(error.context?.taskMayHaveStarted).toBe(true);
		const connection = await lastConnectionTo('drip-body');
		expect(connection.closed).toBe(true);
		expect(connection.bytesWritten).toBeLessThan(success.head.length + success.body.length);
	});
});

describe(`an answer larger than ${ANSWER_MAX_BYTES.toLocaleString('en-US')} bytes is refused`, () => {
	test.each([
		['5 MB with a Content-Length', 'five-mb', 'It announced 5,000,000 bytes'],
		['5 MB chunked', 'five-mb-chunked', 'It went on past 1,048,576 bytes'],
		['300 MB with a Content-Length', '300-mb', 'It announced 300,000,000 bytes'],
		['300 MB chunked', '300-mb-chunked', 'It went on past 1,048,576 bytes'],
	])(
		"%s: refused as not pmock's answer, a task may have started, the connection closed",
		async (_case, route, what) => {
			const error = await failureOn(route);
			expect(error.message).toBe(
				startedMessage("PMock's answer is larger than 1 MB (HTTP 200): it is not pmock's answer"),
			);
			expect(error.description).toContain(
				`${what}: the node read no more than 1,048,576 bytes of it and closed the connection (pmock's answers are a few hundred bytes).`,
			);
			expect(error.description).toContain('Check that the Base URL in the PMock API credential points at');
			expect(error.description).toContain(MAY_HAVE_STARTED);
			expect(error.context?.taskMayHaveStarted).toBe(true);
			expect(JSON.stringify(error).length).toBeLessThan(10_000);
			const connection = await lastConnectionTo(route);
			expect(connection.closed).toBe(true);
			// What the server could write before the node closed: the limit plus socket buffers, far from all of it.
			if (route.startsWith('300')) expect(connection.bytesWritten).toBeLessThan(32_000_000);
		},
	);

	test('a chunked answer shows its start', async () => {
		const error = await failureOn('five-mb-chunked');
		expect(error.description).toContain(
			'Response: {"code":200,"message":"success","data":{"taskId":"flood","log":"xxxx',
		);
		expect(error.description).toContain('(cut: more than 1,048,576 characters in all)');
	});

	test('a 5 MB error page (HTTP 502) may have started a task; a 5 MB HTTP 404 did not', async () => {
		const failing = await failureOn('500-error-5-mb');
		expect(failing.message).toBe(
			startedMessage("PMock's answer is larger than 1 MB (HTTP 502): it is not pmock's answer"),
		);
		expect(failing.context?.taskMayHaveStarted).toBe(true);
		const missing = await failureOn('404-5-mb');
		expect(missing.message).toBe("PMock's answer is larger than 1 MB (HTTP 404): it is not pmock's answer");
		expect(missing.description).toContain('PMock did not start a task for this item.');
		expect(missing.context?.taskMayHaveStarted).toBe(false);
	});

	test('an answer just under the limit is read whole', async () => {
		const [item] = await run('under-limit');
		expect(item.json).toStrictEqual({ taskId: 'flood', traceId: 't-flood', message: 'success' });
	});
});

describe("the credential's Test button is bounded too (its fetch signal covers the body)", () => {
	test.each([
		['the body drips', 'drip-body'],
		['the headers drip', 'drip-all'],
	])('%s: the Test gives up after its time limit and closes the connection', async (_case, route) => {
		const test = credentialTestWithTimeout(1500);
		const result = await test.call({} as never, {
			id: 'c',
			name: 'PMock',
			type: 'pmockApi',
			data: { accessKey: ACCESS_KEY, secretKey: SECRET_KEY, baseUrl: server.baseUrlFor(route) },
		});
		expect(result).toStrictEqual({
			status: 'Error',
			message: `PMock at ${server.baseUrlFor(route)} did not answer within 1.5 seconds: check the Base URL and this machine's network`,
		});
		const connection = await lastConnectionTo(route);
		expect(connection.closed).toBe(true);
	});
});
