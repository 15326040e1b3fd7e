import type { IDataObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { type Answer, closedPortBaseUrl, credentialsFor, promptOf, useSandbox } from './helpers/sandbox';
import { continuedError, failureOf, startedMessage, type NodeError } from './helpers/failures';
import { runPmockNode, runPmockWorkflow, type RunOptions } from '../dev/harness/runPmockNode';
import { expectNoSecrets } from './helpers/secrets';

/**
 * What the network and the API can do wrong: each is reported on the item it hit, and with
 * continue on fail every other item still gets its taskId. Network errors (hang-ups) are worded
 * by n8n itself, as for every declarative node; the README explains them. A timeout names the
 * node's Timeout setting (shared/boundedAnswer.ts; boundedRequest.test.ts has the hostile cases).
 */

const ACCESS_KEY = 'ak-faults-test';
const SECRET_KEY = 'sk-faults-test-SECRET';

const server = useSandbox(ACCESS_KEY, SECRET_KEY);

const options = (extra: Partial<RunOptions> = {}): RunOptions => ({
	parameters: { resource: 'video', operation: 'generateV2', sora2Prompt: '={{ $json.prompt }}' },
	items: [{ prompt: 'only item' }],
	credentials: credentialsFor(server),
	...extra,
});

/** The node's error when every request is answered with `answer`. */
async function failureFor(answer: Answer, extra: Partial<RunOptions> = {}): Promise<NodeError> {
	server.reset(() => answer);
	const error = await failureOf(runPmockNode(options(extra)));
	expect(error).toBeInstanceOf(NodeApiError);
	expect(error.context?.itemIndex).toBe(0);
	expectNoSecrets(error, ACCESS_KEY, SECRET_KEY);
	return error;
}

const success = (taskId: string): Answer => ({
	body: { code: 200, message: 'success', data: { taskId }, traceId: `trace-${taskId}` },
});

describe('network faults', () => {
	/** What every failure that may come after PMock received the request says, in its message. */
	const mayHaveStarted =
		': PMock may have started (and billed) a task for item 1. Check your pmock console before running it again';

	test('the answer comes after the Timeout set in Request Options: the message names the Timeout and says a task may have started', async () => {
		const error = await failureFor(
			{ ...success('too-late'), delayMs: 3000 },
			{ parameters: { ...options().parameters, requestOptions: { timeout: 200 } } },
		);
		expect(error.message).toBe(`PMock did not answer within 0.2 seconds (Request Options → Timeout)${mayHaveStarted}`);
		expect(error.description).toContain("raise Timeout in the node's Settings → Request Options");
		expect(error.context?.taskMayHaveStarted).toBe(true);
	});

	test.each([
		[
			'the connection closes in the middle of the answer',
			{ ...success('never-complete'), hangUp: 'mid-body' } as Answer,
			{},
			'The connection to PMock failed before its whole answer arrived',
			'ECONNRESET',
		],
		[
			'the connection closes before any answer',
			{ hangUp: 'before-headers' } as Answer,
			{},
			'The connection to PMock closed before its answer arrived',
			'ECONNRESET',
		],
	])(
		'%s: the message says a task may have started (not n8n\'s "retry"), the code and the advice stay',
		async (_case, answer, parameters, what, code) => {
			const error = await failureFor(answer, { parameters: { ...options().parameters, ...parameters } });
			expect(server.requests).toHaveLength(1);
			expect(error.message).toBe(`${what}${mayHaveStarted}`);
			expect(error.message).not.toMatch(/retry/i);
			expect(error.httpCode).toBe(code);
			expect(error.description).toContain(
				're-run only the items whose $json.error.taskMayHaveStarted is false. Retry On Fail sends an item again only when it started no task.',
			);
			expect(error.context?.taskMayHaveStarted).toBe(true);
		},
	);

	test('with On Error → continue, $json.error holds the message, the advice and taskMayHaveStarted', async () => {
		server.reset(() => ({ hangUp: 'before-headers' }));
		const output = await runPmockNode(options({ continueOnFail: true }));
		expect(output).toHaveLength(1);
		expect(output[0].error).toBeUndefined();
		expect(output[0].json).toStrictEqual({
			error: {
				message: `The connection to PMock closed before its answer arrived${mayHaveStarted}`,
				description: expect.stringContaining('Retry On Fail sends an item again only when it started no task'),
				httpCode: 'ECONNRESET',
				taskMayHaveStarted: true,
			},
		});
	});

	test('On Error → continue with Retry On Fail: $json.error carries the advice, and no retry re-sends the item', async () => {
		server.reset(() => ({ hangUp: 'before-headers' }));
		const { output, error } = await runPmockWorkflow(
			options({ onError: 'continueRegularOutput', retryOnFail: { maxTries: 3, waitBetweenTries: 10 } }),
		);
		expect(error).toBeUndefined();
		// n8n retries (the first item has a json.error); the retry does not send the item again.
		expect(output.map((item) => item.json)).toStrictEqual([
			{
				error: expect.objectContaining({
					message: `The connection to PMock closed before its answer arrived${mayHaveStarted}`,
					description: expect.stringContaining('Retry On Fail did not send item 1 again'),
					taskMayHaveStarted: true,
				}),
			},
		]);
		expect(server.requests).toHaveLength(1);
	});

	test('a refused connection says that nothing reached PMock', async () => {
		server.reset(() => success('unused'));
		const error = await failureOf(
			runPmockNode({ ...options(), credentials: { ...options().credentials, baseUrl: await closedPortBaseUrl() } }),
		);
		expect(error.message).toBe('The service refused the connection - perhaps it is offline');
		expect(error.httpCode).toBe('ECONNREFUSED');
		expect(error.description).toContain('The request did not reach PMock, so no task was started for item 1');
		expect(error.context?.taskMayHaveStarted).toBe(false);
		expectNoSecrets(error, ACCESS_KEY, SECRET_KEY);
	});

	test('without a Timeout option a slow answer is waited for', async () => {
		server.reset(() => ({ ...success('slow-but-fine'), delayMs: 400 }));
		const output = await runPmockNode(options());
		expect(output[0].json.taskId).toBe('slow-but-fine');
	});
});

describe('odd answers', () => {
	test('invalid JSON declared as application/json is reported as not JSON, with an excerpt', async () => {
		const error = await failureFor({
			headers: { 'content-type': 'application/json' },
			body: '{"code":200,"data":{"taskId":"cut-off',
		});
		expect(error.message).toBe(startedMessage('PMock answered with something that is not JSON (HTTP 200)'));
		expect(error.description).toContain('Response: {"code":200,"data":{"taskId":"cut-off.');
	});

	test('a large error page (under 1 MB) is cut to a short excerpt in the message', async () => {
		const page = `<html><body>${'<p>gateway exploded</p>'.repeat(40_000)}</body></html>`;
		expect(page.length).toBeGreaterThan(900_000);
		const error = await failureFor({ status: 502, body: page });
		expect(error.message).toBe(startedMessage('PMock server error (HTTP 502)'));
		// 200 characters of the page and how long it was; the rest of the description is advice.
		const excerpt = '<html><body>' + '<p>gateway exploded</p>'.repeat(9).slice(0, 200 - '<html><body>'.length);
		expect(error.description).toMatch(
			new RegExp(
				`^Response: ${excerpt.replace(/[/]/g, '\\/')}… \\(cut: 920,026 characters in all\\)\\. The problem is on PMock's side`,
			),
		);
		expect(error.description!.length).toBeLessThan(600);
	});

	test('a large successful answer (under 1 MB) still yields its taskId', async () => {
		server.reset(() => ({
			body: {
				code: 200,
				message: 'success',
				data: { taskId: 'big-one', log: 'x'.repeat(900_000) },
				traceId: 't-big',
			},
		}));
		const output = await runPmockNode(options());
		expect(output).toHaveLength(1);
		expect(output[0].json.taskId).toBe('big-one');
	});
});

describe("rate limits and Retry On Fail (n8n's workflow engine)", () => {
	const rateLimited: Answer = { status: 429, body: { code: 429, message: 'too many requests', traceId: 't-429' } };

	test('429 then 200: with Retry On Fail the workflow succeeds on the second try', async () => {
		server.reset((_request, index) => (index === 0 ? rateLimited : success('after-retry')));
		const { output, error } = await runPmockWorkflow(options({ retryOnFail: { maxTries: 2, waitBetweenTries: 10 } }));
		expect(error).toBeUndefined();
		expect(output.map((item) => item.json.taskId)).toStrictEqual(['after-retry']);
		expect(server.requests).toHaveLength(2);
	});

	test('429 without Retry On Fail: the workflow fails with the Batching advice', async () => {
		server.reset((_request, index) => (index === 0 ? rateLimited : success('unused')));
		const { output, error } = await runPmockWorkflow(options());
		expect(output).toStrictEqual([]);
		expect(error?.message).toBe('PMock rate limit reached (too many requests)');
		expect(error?.description).toContain('Request Options → Batching');
		expect(server.requests).toHaveLength(1);
	});

	test('Retry On Fail re-runs the whole node, but only the failed item is sent again: the others keep their first taskIds', async () => {
		// Only the first request for "b" is rate-limited; "a" and "c" succeed both times.
		server.reset((request) => {
			const prompt = promptOf(request);
			const tries = server.requests.filter((seen) => promptOf(seen) === prompt).length;
			return prompt === 'b' && tries === 1 ? rateLimited : success(`${prompt}-try-${tries}`);
		});
		const { output, error } = await runPmockWorkflow(
			options({
				items: [{ prompt: 'a' }, { prompt: 'b' }, { prompt: 'c' }],
				retryOnFail: { maxTries: 2, waitBetweenTries: 10 },
			}),
		);
		expect(error).toBeUndefined();
		expect(output.map((item) => item.json.taskId)).toStrictEqual(['a-try-1', 'b-try-2', 'c-try-1']);
		expect(server.requests.map(promptOf).sort()).toStrictEqual(['a', 'b', 'b', 'c']);
	});
});

describe('continue on fail: every fault stays on its own item', () => {
	test('hang-ups, a timeout, invalid JSON and a 429 among good items lose no taskId', async () => {
		const faults: Record<string, Answer> = {
			'cut mid-answer': { ...success('x'), hangUp: 'mid-body' },
			'closed before answering': { hangUp: 'before-headers' },
			'too slow': { ...success('late'), delayMs: 3000 },
			'broken JSON': { headers: { 'content-type': 'application/json' }, body: '{"code":' },
			'rate limited': { status: 429, body: { code: 429, message: 'too many requests', traceId: 't-429' } },
		};
		server.reset((request) => faults[promptOf(request)] ?? success(`task-${promptOf(request)}`));
		const prompts = [
			'one',
			'cut mid-answer',
			'two',
			'closed before answering',
			'three',
			'too slow',
			'broken JSON',
			'four',
			'rate limited',
			'five',
		];
		const items: IDataObject[] = prompts.map((prompt) => ({ prompt }));

		const output = await runPmockNode(
			options({
				items,
				continueOnFail: true,
				parameters: { ...options().parameters, requestOptions: { timeout: 500 } },
			}),
		);

		expect(output).toHaveLength(prompts.length);
		expect(output.map((item) => item.json.taskId ?? null)).toStrictEqual([
			'task-one',
			null,
			'task-two',
			null,
			'task-three',
			null,
			null,
			'task-four',
			null,
			'task-five',
		]);
		expect(output.map((item) => continuedError(item)?.message ?? null)).toStrictEqual([
			null,
			startedMessage('The connection to PMock failed before its whole answer arrived', 2),
			null,
			startedMessage('The connection to PMock closed before its answer arrived', 4),
			null,
			startedMessage('PMock did not answer within 0.5 seconds (Request Options → Timeout)', 6),
			startedMessage('PMock answered with something that is not JSON (HTTP 200)', 7),
			null,
			'PMock rate limit reached (too many requests)',
			null,
		]);
		expect(server.requests.map(promptOf).sort()).toStrictEqual([...prompts].sort());
		expectNoSecrets(output, ACCESS_KEY, SECRET_KEY);
	});
});
