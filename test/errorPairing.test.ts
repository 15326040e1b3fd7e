import { continuedError, startedMessage } from './helpers/failures';
import { answerByPrompt, credentialsFor, useSandbox } from './helpers/sandbox';
import { runPmockNode, type RunOptions } from '../dev/harness/runPmockNode';

/**
 * With On Error → "Continue (regular output)" or "Continue (using error output)", every
 * output item, success or error, is paired with the input item it came from, so a node after
 * PMock (on either branch) can read `$('<input node>').item`. n8n re-pairs the regular output
 * by position itself, but splits the error output off before it does: there an error item
 * without `pairedItem` loses its input. An error item's `$json.error` holds the message, the
 * advice and `taskMayHaveStarted` (as the HTTP Request node's, which n8n's Retry On Fail reads).
 * (The chain runs in real n8n in the e2e tests.)
 */

const ACCESS_KEY = 'ak-pairing-test';
const SECRET_KEY = 'sk-pairing-test-SECRET';

const server = useSandbox(ACCESS_KEY, SECRET_KEY);

/** Items a, b (refused by the node: empty), c (HTTP 500), d (dropped connection), e (code 4001), f. */
const items = [{ prompt: 'a' }, { prompt: '' }, { prompt: 'c' }, { prompt: 'd' }, { prompt: 'e' }, { prompt: 'f' }];

const run = (onError: RunOptions['onError']) => {
	server.reset(answerByPrompt);
	return runPmockNode({
		parameters: { resource: 'video', operation: 'generateV2', sora2Prompt: '={{ $json.prompt }}' },
		items,
		credentials: credentialsFor(server),
		onError,
	});
};

describe.each(['continueRegularOutput', 'continueErrorOutput'] as const)('On Error → %s', (onError) => {
	test('every item, success or error, is paired with its input item, in input order', async () => {
		const output = await run(onError);
		expect(output.map((item) => item.pairedItem)).toStrictEqual(items.map((_, index) => ({ item: index })));
		expect(output.map((item) => item.json.taskId ?? null)).toStrictEqual(['task-a', null, null, null, null, 'task-f']);
		expect(output.map((item) => continuedError(item)?.message ?? null)).toStrictEqual([
			null,
			'Prompt (prompt) is empty',
			startedMessage('PMock server error (HTTP 500)', 3),
			startedMessage('The connection to PMock closed before its answer arrived', 4),
			'PMock returned error code 4001: insufficient balance',
			null,
		]);
	});

	test('error items hold $json.error only: message, advice, taskMayHaveStarted, httpCode and traceId', async () => {
		const output = await run(onError);
		const [, refused, serverError, dropped, apiError] = output;
		for (const item of [refused, serverError, dropped, apiError]) {
			expect(Object.keys(item.json)).toStrictEqual(['error']);
			expect(item.error).toBeUndefined();
		}
		expect(continuedError(refused)?.description).toContain('Nothing was sent to PMock for item 2.');
		const facts = (item: (typeof output)[number]) => {
			const error = continuedError(item)!;
			return [error.httpCode ?? null, error.traceId ?? null, error.taskMayHaveStarted];
		};
		expect([refused, serverError, dropped, apiError].map(facts)).toStrictEqual([
			[null, null, false],
			['500', 't-c', true],
			['ECONNRESET', null, true],
			['4001', 't-e', false],
		]);
	});
});
