import type { IDataObject } from 'n8n-workflow';

import { type Answer, credentialsFor, promptOf, useSandbox } from './helpers/sandbox';
import { startedMessage, continuedError, failureOf } from './helpers/failures';
import { runPmockNode, runPmockWorkflow, type RunOptions } from '../dev/harness/runPmockNode';
import { expectNoSecrets } from './helpers/secrets';

/**
 * A run that stops keeps what it started. n8n sends every item of a declarative node at once
 * and, when one fails and no On Error → Continue is set, stops the run with that item's
 * error: the other items' tasks have started (and are billed), so that error lists them.
 * And when an item cannot be sent at all (its fields are refused, its expression fails),
 * nothing of the run is sent.
 */

const ACCESS_KEY = 'ak-stopped-run-test';
const SECRET_KEY = 'sk-stopped-run-test-SECRET';

const server = useSandbox(ACCESS_KEY, SECRET_KEY);

const run = (items: IDataObject[], extra: Partial<RunOptions> = {}) =>
	runPmockNode({
		parameters: { resource: 'video', operation: 'generateV2', sora2Prompt: '={{ $json.prompt }}' },
		items,
		credentials: credentialsFor(server),
		...extra,
	});

describe('a run stopped by one failed item lists the tasks its other items started', () => {
	test('200 items, item 57 gets HTTP 500 and item 120 a dropped connection: the error lists the 198 taskIds', async () => {
		const items = Array.from({ length: 200 }, (_, index) => ({ prompt: `prompt ${index + 1}` }));
		const faults: Record<string, Answer> = {
			'prompt 57': { status: 500, body: { code: 500, message: 'internal error', traceId: 't-500' } },
			'prompt 120': { hangUp: 'before-headers' },
		};
		server.reset((request) => {
			const prompt = promptOf(request);
			return (
				faults[prompt] ?? {
					body: { code: 200, message: 'success', data: { taskId: `task-for-${prompt}` }, traceId: 't' },
				}
			);
		});

		const error = await failureOf(run(items));

		expect(server.requests).toHaveLength(200);
		expect(error.message).toBe(startedMessage('PMock server error (HTTP 500)', 57));
		expect(error.context?.itemIndex).toBe(56);
		const started = items
			.map((item, index) => ({ itemIndex: index, taskId: `task-for-${item.prompt}` }))
			.filter(({ itemIndex }) => itemIndex !== 56 && itemIndex !== 119);
		expect(started).toHaveLength(198);
		expect(error.context?.startedTasks).toStrictEqual(started);
		expect(error.description).toContain('198 of the 200 items of this run started a task before it stopped');
		for (const { itemIndex, taskId } of started) {
			expect(error.description).toContain(`item ${itemIndex + 1} → ${taskId}`);
		}
		expect(error.description).not.toContain('item 57 →');
		expect(error.description).not.toContain('item 120 →');
		expectNoSecrets(error, ACCESS_KEY, SECRET_KEY);
	});

	test('the only failed item of three: the error names the two tasks that started', async () => {
		server.reset((request) =>
			promptOf(request) === 'b'
				? { body: { code: 4001, message: 'insufficient balance', traceId: 't-b' } }
				: { body: { code: 200, message: 'success', data: { taskId: `task-${promptOf(request)}` }, traceId: 't' } },
		);
		const error = await failureOf(run([{ prompt: 'a' }, { prompt: 'b' }, { prompt: 'c' }]));
		expect(error.message).toBe('PMock returned error code 4001: insufficient balance');
		expect(error.context?.startedTasks).toStrictEqual([
			{ itemIndex: 0, taskId: 'task-a' },
			{ itemIndex: 2, taskId: 'task-c' },
		]);
		expect(error.description).toContain('2 of the 3 items of this run started a task before it stopped');
		expect(error.description).toContain('item 1 → task-a, item 3 → task-c');
	});

	test('when no other item started a task, the error says so', async () => {
		server.reset(() => ({ status: 500, body: { code: 500, message: 'down', traceId: 't' } }));
		const error = await failureOf(run([{ prompt: 'a' }, { prompt: 'b' }]));
		expect(error.context?.startedTasks).toStrictEqual([]);
		expect(error.description).toContain('No item of this run started a task.');
	});

	test('with continue on fail nothing is listed: the started tasks are in the output', async () => {
		server.reset((request) =>
			promptOf(request) === 'b'
				? { status: 500, body: { code: 500, message: 'down', traceId: 't' } }
				: { body: { code: 200, message: 'success', data: { taskId: `task-${promptOf(request)}` }, traceId: 't' } },
		);
		const output = await run([{ prompt: 'a' }, { prompt: 'b' }, { prompt: 'c' }], { continueOnFail: true });
		expect(output.map((item) => item.json.taskId ?? null)).toStrictEqual(['task-a', null, 'task-c']);
		expect(continuedError(output[1])?.description).not.toContain('items of this run started a task');
		expect(output[1].json.error).not.toHaveProperty('startedTasks');
	});
});

/**
 * A run of six items whose prompt expression fails on the fourth (d): it names a node that does
 * not exist. `extra` adds fields (such as Request Options) beside the prompt.
 */
const failingOnItemD = (extra: IDataObject = {}): RunOptions => ({
	parameters: {
		resource: 'video',
		operation: 'generateV2',
		sora2Prompt: "={{ $json.broken ? $('No such node').item.json.prompt : $json.prompt }}",
		...extra,
	} as RunOptions['parameters'],
	items: ['a', 'b', 'c', 'd', 'e', 'f'].map((prompt) => ({ prompt, broken: prompt === 'd' })),
	credentials: credentialsFor(server),
});

describe('an item that cannot be sent stops the run before anything is sent', () => {
	test('item 3 of 5 has an empty prompt: nothing is sent, and the error names item 3', async () => {
		const items = [{ prompt: 'a' }, { prompt: 'b' }, { prompt: '   ' }, { prompt: 'd' }, { prompt: 'e' }];
		const error = await failureOf(run(items));
		expect(server.requests).toHaveLength(0);
		expect(error.message).toBe('Prompt (prompt) is empty');
		expect(error.context?.itemIndex).toBe(2);
		expect(error.description).toContain('Nothing was sent to PMock for any item of this run');
	});

	test('an expression that fails on item 4 of 6 (it names a node that does not exist): nothing is sent', async () => {
		const error = await failureOf(runPmockNode(failingOnItemD()));
		expect(error.message).toBe("Referenced node doesn't exist");
		// Items a to c were prepared before the loop died on d: give them time to leave, if they would.
		await new Promise((resolve) => setTimeout(resolve, 300));
		expect(server.requests).toHaveLength(0);
	});

	test.each([
		['continueRegularOutput', { continueOnFail: true }],
		['continueErrorOutput', { onError: 'continueErrorOutput' }],
	] as const)(
		'On Error → %s, an expression that fails on item 4 of 6: nothing is sent (n8n passes the items on unchanged)',
		async (_mode, setting) => {
			const { output, error } = await runPmockWorkflow({ ...failingOnItemD(), ...setting });
			// n8n's own continue: the node's input goes on as its output, without taskIds.
			expect(error?.message).toBe("Referenced node doesn't exist");
			expect(output.map((item) => item.json.taskId ?? null)).toStrictEqual(Array(6).fill(null));
			// Items a to c were prepared before the loop died on d: give them time to leave, if they would.
			await new Promise((resolve) => setTimeout(resolve, 300));
			expect(server.requests).toHaveLength(0);
		},
	);

	test('with Batching, an expression that fails in a later batch: the earlier batches were sent (documented), the failing batch is not', async () => {
		const error = await failureOf(
			runPmockNode(failingOnItemD({ requestOptions: { batching: { batch: { batchSize: 2, batchInterval: 30 } } } })),
		);
		expect(error.message).toBe("Referenced node doesn't exist");
		await new Promise((resolve) => setTimeout(resolve, 300));
		// Batch 1 (a, b) left before n8n prepared batch 2; c shares the failing batch with d.
		expect(server.requests.map(promptOf).sort()).toStrictEqual(['a', 'b']);
	});

	test('an expression that gives an empty prompt on one item refuses that item: nothing is sent', async () => {
		const items = [{ a: { b: 'one' } }, {}, { a: { b: 'three' } }];
		const error = await failureOf(
			runPmockNode({
				parameters: { resource: 'video', operation: 'generateV2', sora2Prompt: '={{ $json.a.b }}' },
				items,
				credentials: credentialsFor(server),
			}),
		);
		expect(error.message).toBe('Prompt (prompt) is empty');
		expect(error.context?.itemIndex).toBe(1);
		expect(server.requests).toHaveLength(0);
	});

	test('with continue on fail the refused item is an error item and the others are sent', async () => {
		const items = [{ prompt: 'a' }, { prompt: '' }, { prompt: 'c' }];
		const output = await run(items, { continueOnFail: true });
		expect(server.requests.map(promptOf).sort()).toStrictEqual(['a', 'c']);
		expect(output.map((item) => continuedError(item)?.message ?? null)).toStrictEqual([
			null,
			'Prompt (prompt) is empty',
			null,
		]);
		expect(continuedError(output[1])?.description).toContain('Nothing was sent to PMock for item 2.');
	});

	test('with Batching each batch is sent without waiting for later ones, and all items arrive', async () => {
		const items = ['a', 'b', 'c', 'd', 'e'].map((prompt) => ({ prompt }));
		const output = await run(items, {
			parameters: {
				resource: 'video',
				operation: 'generateV2',
				sora2Prompt: '={{ $json.prompt }}',
				requestOptions: { batching: { batch: { batchSize: 2, batchInterval: 30 } } },
			},
		});
		expect(output.map((item) => item.json.taskId)).toHaveLength(5);
		expect(server.requests.map(promptOf)).toStrictEqual(['a', 'b', 'c', 'd', 'e']);
	});
});
