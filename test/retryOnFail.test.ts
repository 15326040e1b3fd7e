import { startedMessage } from './helpers/failures';
import type { IDataObject } from 'n8n-workflow';

import { type Answer, credentialsFor, promptOf, useSandbox } from './helpers/sandbox';
import { runPmockWorkflow, type RunOptions } from '../dev/harness/runPmockNode';

/**
 * Retry On Fail never starts a paid task twice. n8n's WorkflowExecute runs the whole node again
 * on the same items after a failure; an item whose earlier try started a task is not sent
 * again: the retry outputs its first taskId, and only the items that did not start a task are
 * sent. An item whose earlier try may have started one without saying so (a server error, a
 * dropped connection) is not sent again either: it fails, saying why.
 */

const ACCESS_KEY = 'ak-retry-test';
const SECRET_KEY = 'sk-retry-test-SECRET';

const server = useSandbox(ACCESS_KEY, SECRET_KEY);

const RETRY = { maxTries: 3, waitBetweenTries: 10 };

const run = (prompts: string[], extra: Partial<RunOptions> = {}) =>
	runPmockWorkflow({
		parameters: { resource: 'video', operation: 'generateV2', sora2Prompt: '={{ $json.prompt }}' },
		items: prompts.map((prompt) => ({ prompt })),
		credentials: credentialsFor(server),
		retryOnFail: RETRY,
		...extra,
	});

/** Answers `firstAnswers[prompt]` to that prompt's first requests, in order; success with a numbered taskId otherwise. */
function answerOnce(firstAnswers: Record<string, Answer[]>) {
	const sent: Record<string, number> = {};
	server.reset((request) => {
		const prompt = promptOf(request);
		const nth = (sent[prompt] = (sent[prompt] ?? 0) + 1);
		return (
			firstAnswers[prompt]?.[nth - 1] ?? {
				body: { code: 200, message: 'success', data: { taskId: `task-${prompt}-${nth}` }, traceId: `t-${prompt}` },
			}
		);
	});
}

/** Requests the sandbox received, per prompt. */
const requestsPerPrompt = () =>
	server.requests.reduce<Record<string, number>>((counts, request) => {
		counts[promptOf(request)] = (counts[promptOf(request)] ?? 0) + 1;
		return counts;
	}, {});

const RATE_LIMITED: Answer = { status: 429, body: { code: 429, message: 'too many requests', traceId: 't-429' } };
const SERVER_ERROR: Answer = { status: 500, body: { code: 500, message: 'internal error', traceId: 't-500' } };

describe('Retry On Fail (n8n WorkflowExecute) does not start a task twice', () => {
	test('5 items, one gets HTTP 429 once: 6 requests, and the output keeps the first taskIds, paired', async () => {
		answerOnce({ c: [RATE_LIMITED] });
		const { output, error } = await run(['a', 'b', 'c', 'd', 'e']);
		expect(error).toBeUndefined();
		expect(requestsPerPrompt()).toStrictEqual({ a: 1, b: 1, c: 2, d: 1, e: 1 });
		expect(output.map((item) => item.json.taskId)).toStrictEqual([
			'task-a-1',
			'task-b-1',
			'task-c-2',
			'task-d-1',
			'task-e-1',
		]);
		expect(output.map((item) => item.pairedItem)).toStrictEqual([0, 1, 2, 3, 4].map((item) => ({ item })));
	});

	test('every try fails on the same item: the others are sent once, and the error lists their first taskIds', async () => {
		answerOnce({ b: [RATE_LIMITED, RATE_LIMITED, RATE_LIMITED] });
		const { output, error } = await run(['a', 'b', 'c']);
		expect(output).toStrictEqual([]);
		expect(requestsPerPrompt()).toStrictEqual({ a: 1, b: 3, c: 1 });
		expect(error?.message).toBe('PMock rate limit reached (too many requests)');
		const context = (error as unknown as { context: IDataObject }).context;
		expect(context.startedTasks).toStrictEqual([
			{ itemIndex: 0, taskId: 'task-a-1' },
			{ itemIndex: 2, taskId: 'task-c-1' },
		]);
		expect(error?.description).toContain('item 1 → task-a-1, item 3 → task-c-1');
	});

	test('an item whose first try may have started a task (HTTP 500) is not sent again: it fails, saying why', async () => {
		answerOnce({ b: [SERVER_ERROR], c: [RATE_LIMITED] });
		const { output, error } = await run(['a', 'b', 'c', 'd']);
		expect(output).toStrictEqual([]);
		// c (429: nothing started) is sent again; b (500: a task may have started) is not.
		expect(requestsPerPrompt()).toStrictEqual({ a: 1, b: 1, c: 2, d: 1 });
		expect(error?.message).toBe(startedMessage('PMock server error (HTTP 500)', 2));
		expect(error?.description).toContain('PMock says: "internal error". traceId: t-500.');
		expect(error?.description).toContain('Retry On Fail did not send item 2 again');
		const context = (error as unknown as { context: IDataObject }).context;
		expect(context.taskMayHaveStarted).toBe(true);
		expect(context.startedTasks).toStrictEqual([
			{ itemIndex: 0, taskId: 'task-a-1' },
			{ itemIndex: 2, taskId: 'task-c-2' },
			{ itemIndex: 3, taskId: 'task-d-1' },
		]);
	});

	test('a dropped connection (the request reached PMock) is not sent again either', async () => {
		answerOnce({ a: [{ hangUp: 'before-headers' }] });
		const { error } = await run(['a', 'b']);
		expect(requestsPerPrompt()).toStrictEqual({ a: 1, b: 1 });
		expect(error?.description).toContain('Retry On Fail did not send item 1 again');
	});

	test('with Batching, an expression that fails in a later batch: the earlier batches are sent once, even while their answers are slow', async () => {
		// Answers take longer than the wait between tries: the retry finds batch 1 still on its way.
		server.reset((request) => ({
			delayMs: 150,
			body: { code: 200, message: 'success', data: { taskId: `task-${promptOf(request)}` }, traceId: 't' },
		}));
		const { error } = await runPmockWorkflow({
			parameters: {
				resource: 'video',
				operation: 'generateV2',
				sora2Prompt: "={{ $json.broken ? $('No such node').item.json.prompt : $json.prompt }}",
				requestOptions: { batching: { batch: { batchSize: 2, batchInterval: 10 } } },
			},
			items: ['a', 'b', 'c', 'd'].map((prompt) => ({ prompt, broken: prompt === 'd' })),
			credentials: credentialsFor(server),
			retryOnFail: RETRY,
		});
		expect(error?.message).toBe("Referenced node doesn't exist");
		await new Promise((resolve) => setTimeout(resolve, 400));
		expect(requestsPerPrompt()).toStrictEqual({ a: 1, b: 1 });
	});

	test('without Retry On Fail nothing changes: the failed item fails the run once', async () => {
		answerOnce({ b: [RATE_LIMITED] });
		const { error } = await run(['a', 'b'], { retryOnFail: undefined });
		expect(requestsPerPrompt()).toStrictEqual({ a: 1, b: 1 });
		expect(error?.message).toBe('PMock rate limit reached (too many requests)');
	});
});

describe('Retry On Fail under On Error → Continue (n8n retries when the first output item has a json.error)', () => {
	test.each(['continueRegularOutput', 'continueErrorOutput'] as const)(
		'%s: the first item gets HTTP 429 once: it is retried, the others keep their first taskIds',
		async (onError) => {
			answerOnce({ a: [RATE_LIMITED] });
			const { output, errorOutput, error } = await run(['a', 'b', 'c'], { onError });
			expect(error).toBeUndefined();
			expect(requestsPerPrompt()).toStrictEqual({ a: 2, b: 1, c: 1 });
			expect(output.map((item) => item.json.taskId)).toStrictEqual(['task-a-2', 'task-b-1', 'task-c-1']);
			expect(output.map((item) => item.pairedItem)).toStrictEqual([0, 1, 2].map((item) => ({ item })));
			expect(errorOutput).toStrictEqual([]);
		},
	);

	test.each(['continueRegularOutput', 'continueErrorOutput'] as const)(
		'%s: an item that may have started a task (HTTP 500) is not sent again; its error says so and can be routed on',
		async (onError) => {
			answerOnce({ a: [SERVER_ERROR] });
			const { output, errorOutput, error } = await run(['a', 'b'], { onError });
			expect(error).toBeUndefined();
			expect(requestsPerPrompt()).toStrictEqual({ a: 1, b: 1 });
			const [failed, ...rest] = onError === 'continueErrorOutput' ? [...errorOutput, ...output] : output;
			expect(rest.map((item) => item.json.taskId)).toStrictEqual(['task-b-1']);
			expect(failed.pairedItem).toStrictEqual({ item: 0 });
			expect(failed.json.error).toStrictEqual({
				message: startedMessage('PMock server error (HTTP 500)'),
				description: expect.stringContaining('Retry On Fail did not send item 1 again'),
				traceId: 't-500',
				taskMayHaveStarted: true,
			});
		},
	);

	test('continueErrorOutput: every try refuses the first item with HTTP 429: its error, with taskMayHaveStarted false, is on the error output', async () => {
		answerOnce({ a: [RATE_LIMITED, RATE_LIMITED, RATE_LIMITED] });
		const { output, errorOutput } = await run(['a', 'b'], { onError: 'continueErrorOutput' });
		expect(requestsPerPrompt()).toStrictEqual({ a: 3, b: 1 });
		expect(output.map((item) => item.json.taskId)).toStrictEqual(['task-b-1']);
		expect(errorOutput.map((item) => item.json.error)).toStrictEqual([
			expect.objectContaining({ message: 'PMock rate limit reached (too many requests)', taskMayHaveStarted: false }),
		]);
	});
});
