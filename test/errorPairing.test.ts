import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { answerByPrompt, credentialsFor, useSandbox } from './helpers/sandbox';
import { runPmockNode, type RunOptions } from '../dev/harness/runPmockNode';

/**
 * With On Error → "Continue (regular output)" or "Continue (using error output)", every
 * output item, success or error, is paired with the input item it came from, so a node after
 * PMock (on either branch) can read `$('<input node>').item`. n8n re-pairs the regular output
 * by position itself, but splits the error output off before it does: there an error item
 * without `pairedItem` loses its input. Error items have n8n's shape, `json` empty beside the
 * error, which n8n then shows as `{ error: <message> }`. (The chain runs in real n8n in the
 * e2e tests.)
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
		expect(output.map((item) => item.error?.message ?? null)).toStrictEqual([
			null,
			'Prompt (prompt) is empty',
			'PMock server error (HTTP 500)',
			'The connection to PMock closed before its answer arrived: PMock may have started (and billed) a task for item 4. Check your pmock console before running it again',
			'PMock returned error code 4001: insufficient balance',
			null,
		]);
	});

	test("error items have n8n's shape (json empty beside the error), and the error says whether a task may have started", async () => {
		const output = await run(onError);
		const [, refused, serverError, dropped, apiError] = output;
		for (const item of [refused, serverError, dropped, apiError]) expect(item.json).toStrictEqual({});
		expect(refused.error).toBeInstanceOf(NodeOperationError);
		expect(refused.error?.message).toBe('Prompt (prompt) is empty');
		expect(refused.error?.description).toContain('Nothing was sent to PMock for item 2.');
		for (const item of [serverError, dropped, apiError]) expect(item.error).toBeInstanceOf(NodeApiError);
		const facts = (item: (typeof output)[number]) => {
			const error = item.error as NodeApiError;
			return [error.httpCode ?? null, error.context.traceId ?? null, error.context.taskMayHaveStarted];
		};
		expect([refused, serverError, dropped, apiError].map(facts)).toStrictEqual([
			[null, null, false],
			['500', 't-c', true],
			['ECONNRESET', null, true],
			['4001', 't-e', false],
		]);
	});
});
