import type { ICredentialsDecrypted } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { judgeCredential } from '../nodes/Pmock/credentialTest';
import { ANSWER_POLICY, networkFailure, ruleFor, type AnswerClass } from '../nodes/Pmock/shared/answerPolicy';
import { envelopeCode, parseEnvelope } from '../nodes/Pmock/shared/responseEnvelope';
import { runPmockNode } from '../dev/harness/runPmockNode';
import { failureOf, startedMessage } from './helpers/failures';
import { type Answer, credentialsFor, useSandbox } from './helpers/sandbox';
import { expectNoSecrets } from './helpers/secrets';

/**
 * Every class of answer, through both readers of answerPolicy.ts: the node (its error's
 * message and `taskMayHaveStarted`, or its taskId) and the credential's Test button (its
 * verdict, and the rule it judged by). The expectations are written out here, apart from the
 * policy: changing what any row of the policy says (a message, a verdict, whether a task may
 * have started) breaks a case below.
 */

const ACCESS_KEY = 'ak-policy-test';
const SECRET_KEY = 'sk-policy-test-SECRET';

const server = useSandbox(ACCESS_KEY, SECRET_KEY);

/** What the Test button must say; `{base}` stands for the sandbox's Base URL. */
type TestExpected = 'OK' | { startsWith: string };

interface Case {
	name: string;
	answer: Answer;
	answerClass: AnswerClass;
	/** The node's error message, or `taskId` for a success. */
	node: string | { taskId: string };
	taskMayHaveStarted: boolean;
	test: TestExpected;
}

const envelope = (code: unknown, message = 'said by pmock', extra: object = {}) => ({
	body: { code, message, data: null, traceId: 't-policy', ...extra },
});
const html = (status: number, text: string): Answer => ({
	status,
	body: text,
	headers: { 'content-type': 'text/html' },
});

const keysTest = (via: string): TestExpected => ({
	startsWith: `PMock rejected these keys (${via}): check the Access Key`,
});
const limitTest = (via: string): TestExpected => ({ startsWith: `PMock at {base} is limiting requests (${via})` });
const failingTest = (via: string): TestExpected => ({ startsWith: `PMock is failing at {base} (${via})` });
const notPmockTest = (status: number): TestExpected => ({
	startsWith: `The Base URL does not look like the pmock API: {base} answered HTTP ${status}`,
});
const notJson = (status: number) => `PMock answered with something that is not JSON (HTTP ${status})`;
const jsonNotPmock = (status: number) =>
	`PMock answered with JSON that is not pmock's answer (HTTP ${status}): it has no numeric "code"`;

const CASES: Case[] = [
	// 3xx: never followed, whatever the body says.
	{
		name: 'HTTP 301 with a Location',
		answer: { status: 301, headers: { location: 'https://elsewhere.example.com/api/x?key=1' }, body: '' },
		answerClass: 'redirect',
		node: 'PMock answered with a redirect (HTTP 301) to https://elsewhere.example.com',
		taskMayHaveStarted: false,
		test: { startsWith: '{base} redirects (HTTP 301) to https://elsewhere.example.com: the Test did not follow it' },
	},
	{
		name: 'HTTP 302 without a Location',
		answer: { status: 302, body: '' },
		answerClass: 'redirect',
		node: 'PMock answered with a redirect (HTTP 302) without a target',
		taskMayHaveStarted: false,
		test: { startsWith: '{base} redirects (HTTP 302): the Test did not follow it' },
	},
	{
		name: 'HTTP 308 whose body is an envelope with code 401',
		answer: { status: 308, headers: { location: '/elsewhere' }, ...envelope(401) },
		answerClass: 'redirect',
		node: 'PMock answered with a redirect (HTTP 308) to {origin}',
		taskMayHaveStarted: false,
		test: { startsWith: '{base} redirects (HTTP 308) to {origin}' },
	},
	// 401 / 403, by status or by code.
	{
		name: 'HTTP 401 with an envelope',
		answer: { status: 401, ...envelope(401, 'signature verification failed') },
		answerClass: 'keysRejected',
		node: 'PMock rejected the credentials (HTTP 401)',
		taskMayHaveStarted: false,
		test: keysTest('HTTP 401'),
	},
	{
		name: "HTTP 403 with a gateway's HTML page",
		answer: html(403, '<html><body>Forbidden</body></html>'),
		answerClass: 'keysRejected',
		node: 'PMock rejected the credentials (HTTP 403)',
		taskMayHaveStarted: false,
		test: keysTest('HTTP 403'),
	},
	{
		name: 'code 401 in HTTP 200',
		answer: envelope(401, 'invalid access token'),
		answerClass: 'keysRejected',
		node: 'PMock rejected the credentials (code 401)',
		taskMayHaveStarted: false,
		test: keysTest('code 401'),
	},
	{
		name: 'code "403" (text) in HTTP 200',
		answer: envelope('403', 'access key disabled'),
		answerClass: 'keysRejected',
		node: 'PMock rejected the credentials (code 403)',
		taskMayHaveStarted: false,
		test: keysTest('code 403'),
	},
	{
		name: 'code 401 in HTTP 500: the keys come first',
		answer: { status: 500, ...envelope(401) },
		answerClass: 'keysRejected',
		node: 'PMock rejected the credentials (code 401)',
		taskMayHaveStarted: false,
		test: keysTest('code 401'),
	},
	// 429, by status or by code, before any 5xx.
	{
		name: 'HTTP 429 with an envelope',
		answer: { status: 429, ...envelope(429, 'too many requests') },
		answerClass: 'rateLimited',
		node: 'PMock rate limit reached (too many requests)',
		taskMayHaveStarted: false,
		test: limitTest('HTTP 429'),
	},
	{
		name: 'HTTP 429 with plain text',
		answer: { status: 429, body: 'slow down' },
		answerClass: 'rateLimited',
		node: 'PMock rate limit reached (too many requests)',
		taskMayHaveStarted: false,
		test: limitTest('HTTP 429'),
	},
	{
		name: 'code 429 in HTTP 200',
		answer: envelope(429, 'too many requests'),
		answerClass: 'rateLimited',
		node: 'PMock rate limit reached (too many requests)',
		taskMayHaveStarted: false,
		test: limitTest('code 429'),
	},
	{
		name: 'code 429 in HTTP 503 (the Test used to call this "failing")',
		answer: { status: 503, ...envelope(429) },
		answerClass: 'rateLimited',
		node: 'PMock rate limit reached (too many requests)',
		taskMayHaveStarted: false,
		test: limitTest('code 429'),
	},
	{
		name: 'code 500 in HTTP 429',
		answer: { status: 429, ...envelope(500) },
		answerClass: 'rateLimited',
		node: 'PMock rate limit reached (too many requests)',
		taskMayHaveStarted: false,
		test: limitTest('HTTP 429'),
	},
	// 5xx, by status or by a code from 500 to 599.
	{
		name: 'HTTP 500 with an envelope',
		answer: { status: 500, ...envelope(500, 'internal error') },
		answerClass: 'serverFailing',
		node: 'PMock server error (HTTP 500)',
		taskMayHaveStarted: true,
		test: failingTest('HTTP 500'),
	},
	{
		name: 'HTTP 502 with an HTML page',
		answer: html(502, '<html>Bad gateway</html>'),
		answerClass: 'serverFailing',
		node: 'PMock server error (HTTP 502)',
		taskMayHaveStarted: true,
		test: failingTest('HTTP 502'),
	},
	{
		name: 'code 500 in HTTP 200',
		answer: envelope(500, 'internal error'),
		answerClass: 'serverFailing',
		node: 'PMock server error (code 500)',
		taskMayHaveStarted: true,
		test: failingTest('code 500'),
	},
	{
		name: 'code 599 in HTTP 200',
		answer: envelope(599),
		answerClass: 'serverFailing',
		node: 'PMock server error (code 599)',
		taskMayHaveStarted: true,
		test: failingTest('code 599'),
	},
	// pmock's envelope with any other code: the signature passed.
	{
		name: 'code 4001 in HTTP 200 (the Test used to call this "failing": 4001 ≥ 500)',
		answer: envelope(4001, 'insufficient balance'),
		answerClass: 'errorCode',
		node: 'PMock returned error code 4001: insufficient balance',
		taskMayHaveStarted: false,
		test: 'OK',
	},
	{
		name: 'code 600 in HTTP 200',
		answer: envelope(600, 'odd'),
		answerClass: 'errorCode',
		node: 'PMock returned error code 600: odd',
		taskMayHaveStarted: false,
		test: 'OK',
	},
	{
		name: 'code 0 in HTTP 201',
		answer: { status: 201, ...envelope(0, '') },
		answerClass: 'errorCode',
		node: 'PMock returned error code 0',
		taskMayHaveStarted: false,
		test: 'OK',
	},
	{
		name: 'HTTP 400 with an envelope',
		answer: { status: 400, ...envelope(400, 'prompt is required') },
		answerClass: 'refused',
		node: 'PMock refused the request (HTTP 400): prompt is required',
		taskMayHaveStarted: false,
		test: 'OK',
	},
	{
		name: 'HTTP 422 with an envelope whose code is 1001',
		answer: { status: 422, ...envelope(1001, 'duration must be 10 or 15') },
		answerClass: 'refused',
		node: 'PMock refused the request (HTTP 422): duration must be 10 or 15',
		taskMayHaveStarted: false,
		test: 'OK',
	},
	// Not pmock's envelope: after a success status a task may have started behind it.
	{
		name: 'HTTP 200 with text',
		answer: { status: 200, body: 'Welcome to nginx!' },
		answerClass: 'notPmockAfterSuccess',
		node: notJson(200),
		taskMayHaveStarted: true,
		test: notPmockTest(200),
	},
	{
		name: 'HTTP 204 with nothing',
		answer: { status: 204, body: '' },
		answerClass: 'notPmockAfterSuccess',
		node: notJson(204),
		taskMayHaveStarted: true,
		test: notPmockTest(204),
	},
	{
		name: 'HTTP 200 with a JSON array',
		answer: { status: 200, body: [1, 2] },
		answerClass: 'notPmockAfterSuccess',
		node: notJson(200),
		taskMayHaveStarted: true,
		test: notPmockTest(200),
	},
	...([null, true, 'abc', { n: 1 }] as const).map((code): Case => ({
		name: `HTTP 200 with JSON whose code is ${JSON.stringify(code)}`,
		answer: envelope(code),
		answerClass: 'notPmockAfterSuccess',
		node: jsonNotPmock(200),
		taskMayHaveStarted: true,
		test: notPmockTest(200),
	})),
	{
		name: 'HTTP 200 with JSON without a code',
		answer: { body: { ok: true } },
		answerClass: 'notPmockAfterSuccess',
		node: jsonNotPmock(200),
		taskMayHaveStarted: true,
		test: notPmockTest(200),
	},
	{
		name: 'HTTP 404 with an HTML page',
		answer: html(404, '<h1>Not Found</h1>'),
		answerClass: 'notPmock',
		node: notJson(404),
		taskMayHaveStarted: false,
		test: notPmockTest(404),
	},
	{
		name: 'HTTP 404 with JSON of another API',
		answer: { status: 404, body: { error: 'Not Found' } },
		answerClass: 'notPmock',
		node: jsonNotPmock(404),
		taskMayHaveStarted: false,
		test: notPmockTest(404),
	},
	{
		name: 'HTTP 400 with a code that is not a number',
		answer: { status: 400, ...envelope('bad') },
		answerClass: 'notPmock',
		node: jsonNotPmock(400),
		taskMayHaveStarted: false,
		test: notPmockTest(400),
	},
	{
		name: 'code 200 in HTTP 200 with a taskId',
		answer: envelope(200, 'success', { data: { taskId: 'task-ok' } }),
		answerClass: 'success',
		node: { taskId: 'task-ok' },
		taskMayHaveStarted: true,
		test: 'OK',
	},
];

const withBase = (text: string) => text.replaceAll('{base}', server.baseUrl).replaceAll('{origin}', server.url);

describe('one answer policy for the node and the Test button', () => {
	test('the cases cover every rule of the policy', () => {
		expect([...new Set(CASES.map((c) => c.answerClass))].sort()).toStrictEqual(
			ANSWER_POLICY.map((rule) => rule.answerClass).sort(),
		);
	});

	test.each(CASES.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
		server.reset(() => c.answer);

		// The rule, read from the answer as the sandbox sends it.
		const body = typeof c.answer.body === 'string' ? c.answer.body : JSON.stringify(c.answer.body);
		expect(ruleFor(c.answer.status ?? 200, envelopeCode(parseEnvelope(body))).answerClass).toBe(c.answerClass);

		// The node.
		const run = runPmockNode({
			parameters: { resource: 'video', operation: 'generateV2', sora2Prompt: 'a policy case' },
			credentials: credentialsFor(server),
		});
		if (typeof c.node === 'string') {
			const error = await failureOf(run);
			expect(error).toBeInstanceOf(NodeApiError);
			expect(error.message).toBe(c.taskMayHaveStarted ? startedMessage(withBase(c.node)) : withBase(c.node));
			expect(error.context?.taskMayHaveStarted).toBe(c.taskMayHaveStarted);
			expectNoSecrets(error, ACCESS_KEY, SECRET_KEY);
		} else {
			expect((await run).map((item) => item.json.taskId)).toStrictEqual([c.node.taskId]);
		}

		// The Test button, on the same answer.
		const credential: ICredentialsDecrypted = {
			id: 'c1',
			name: 'PMock account',
			type: 'pmockApi',
			data: credentialsFor(server),
		};
		const { verdict, answerClass } = await judgeCredential(credential, 5_000);
		expect(answerClass).toBe(c.answerClass);
		// The Test starts nothing (its body is empty), but it judged by the rule the node applies.
		expect(ANSWER_POLICY.find((rule) => rule.answerClass === answerClass)?.taskMayHaveStarted).toBe(
			c.taskMayHaveStarted,
		);
		if (c.test === 'OK') {
			expect(verdict).toStrictEqual({ status: 'OK', message: 'Connection successful: PMock accepted the keys' });
		} else {
			expect(verdict.status).toBe('Error');
			const expected = withBase(c.test.startsWith);
			expect(verdict.message.slice(0, expected.length)).toBe(expected);
		}
		expectNoSecrets(verdict, ACCESS_KEY, SECRET_KEY);
		expect(server.requests).toHaveLength(2);
	});

	test('a 502 in JSON without a numeric code keeps what it says (it is not "not pmock")', async () => {
		server.reset(() => ({ status: 502, body: { message: 'upstream timed out', traceId: 't-gw' } }));
		const error = await failureOf(
			runPmockNode({
				parameters: { resource: 'video', operation: 'generateV2', sora2Prompt: 'p' },
				credentials: credentialsFor(server),
			}),
		);
		expect(error.message).toBe(startedMessage('PMock server error (HTTP 502)'));
		expect(error.description).toMatch(
			/^PMock says: "upstream timed out". traceId: t-gw. The problem is on PMock's side/,
		);
	});
});

describe('network failures: which codes mean the request never left this machine', () => {
	test.each([
		['ECONNREFUSED', false],
		['ENOTFOUND', false],
		['EAI_AGAIN', false],
		['EAI_FAIL', false],
		['ENETUNREACH', false],
		['EHOSTUNREACH', false],
		// No local port free to connect from (thousands of requests at once): nothing was sent.
		['EADDRNOTAVAIL', false],
		['ECONNRESET', true],
		['EPIPE', true],
		['ETIMEDOUT', true],
		['ECONNABORTED', true],
		[null, true],
	])('%s: a task may have started = %s', (code, mayHaveStarted) => {
		const failure = networkFailure(code, 0);
		expect(failure.taskMayHaveStarted).toBe(mayHaveStarted);
		if (mayHaveStarted) expect(failure.message).toContain('PMock may have started (and billed) a task for item 1');
		else expect(failure.advice).toContain('no task was started for item 1');
	});
});
