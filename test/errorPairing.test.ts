import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { usePmockTestServer } from './helpers/pmockTestServer';
import { runPmockNode, type RunOptions } from './helpers/runPmockNode';

/**
 * With On Error → "Continue (regular output)" or "Continue (using error output)", every
 * output item, success or error, is paired with the input item it came from, so a node after
 * PMock (on either branch) can read `$('<input node>').item`. n8n re-pairs the regular output
 * by position itself, but splits the error output off before it does: there an error item
 * without `pairedItem` loses its input. (The whole chain runs in real n8n in the e2e tests.)
 */

const ACCESS_KEY = 'ak-pairing-test';
const SECRET_KEY = 'sk-pairing-test-SECRET';

const server = usePmockTestServer(ACCESS_KEY, SECRET_KEY);

const promptOf = (request: { body: unknown }) => (request.body as { prompt: string }).prompt;

/** Items a, b (refused by the node: empty), c (HTTP 500), d (dropped connection), e (code 4001), f. */
const items = [{ prompt: 'a' }, { prompt: '' }, { prompt: 'c' }, { prompt: 'd' }, { prompt: 'e' }, { prompt: 'f' }];

const run = (onError: RunOptions['onError']) => {
	server.reset((request) => {
		const prompt = promptOf(request);
		if (prompt === 'c') return { status: 500, body: { code: 500, message: 'down', traceId: 't-c' } };
		if (prompt === 'd') return { hangUp: 'before-headers' };
		if (prompt === 'e') return { body: { code: 4001, message: 'insufficient balance', traceId: 't-e' } };
		return { body: { code: 200, message: 'success', data: { taskId: `task-${prompt}` }, traceId: `t-${prompt}` } };
	});
	return runPmockNode({
		parameters: { resource: 'video', operation: 'generateV2', prompt: '={{ $json.prompt }}' },
		items,
		credentials: { accessKey: ACCESS_KEY, secretKey: SECRET_KEY, baseUrl: server.baseUrl },
		onError,
	});
};

describe.each(['continueRegularOutput', 'continueErrorOutput'] as const)('On Error → %s', (onError) => {
	test('every item, success or error, is paired with its input item, in input order', async () => {
		const output = await run(onError);
		expect(output.map((item) => item.pairedItem)).toStrictEqual(items.map((_, index) => ({ item: index })));
		expect(output.map((item) => item.json.taskId)).toStrictEqual(['task-a', null, null, null, null, 'task-f']);
	});

	test('error items carry the error for n8n and plain fields for the next node', async () => {
		const output = await run(onError);
		const [, refused, serverError, dropped, apiError] = output;
		expect(refused.error).toBeInstanceOf(NodeOperationError);
		expect(serverError.error).toBeInstanceOf(NodeApiError);
		expect(refused.json).toStrictEqual({
			taskId: null,
			errorMessage: 'Prompt (prompt) is empty',
			errorDescription: expect.stringContaining('Nothing was sent to PMock for item 2.'),
			httpCode: null,
			traceId: null,
			taskMayHaveStarted: false,
		});
		expect(serverError.json).toMatchObject({ errorMessage: 'PMock server error (HTTP 500)', httpCode: '500', traceId: 't-c', taskMayHaveStarted: true });
		expect(dropped.json).toMatchObject({ httpCode: 'ECONNRESET', traceId: null, taskMayHaveStarted: true });
		expect(apiError.json).toMatchObject({ httpCode: '4001', traceId: 't-e', taskMayHaveStarted: false });
		// No `error` key in json: with Retry On Fail also set, n8n would re-run every item (and
		// re-bill the ones that started) when the first item's json has one.
		for (const item of output) expect(item.json).not.toHaveProperty('error');
	});
});
