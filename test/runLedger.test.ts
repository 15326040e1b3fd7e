import { RoutingNode } from 'n8n-core';
import { sleep } from 'n8n-workflow';

import { credentialsFor, promptOf, useSandbox } from './helpers/sandbox';
import { continuedError, failureOf, type NodeError } from './helpers/failures';
import { runPmockNode, runPmockWorkflow, type RunOptions } from '../dev/harness/runPmockNode';

/**
 * The run ledger (nodes/Pmock/shared/runLedger.ts) against the n8n behaviour it depends on:
 * - an n8n that does not prepare a batch's items in one go (it awaits inside its loop) never
 *   gets an empty output with success: the items the ledger held back are named in an error;
 * - a run with many failed items keeps one list of started tasks, on the error n8n shows.
 */

const ACCESS_KEY = 'ak-ledger-test';
const SECRET_KEY = 'sk-ledger-test-SECRET';

const server = useSandbox(ACCESS_KEY, SECRET_KEY);

const run = (prompts: string[], extra: Partial<RunOptions> = {}) =>
	runPmockNode({
		parameters: { resource: 'video', operation: 'generateV2', sora2Prompt: '={{ $json.prompt }}' },
		items: prompts.map((prompt) => ({ prompt })),
		credentials: credentialsFor(server),
		...extra,
	});

type MakeRequest = (this: RoutingNode, ...args: unknown[]) => Promise<unknown>;
const makeRequest = (RoutingNode.prototype as unknown as { makeRequest: MakeRequest }).makeRequest;
const routingNode = RoutingNode.prototype as unknown as { makeRequest: MakeRequest };

afterEach(() => jest.restoreAllMocks());

describe('an n8n whose item loop awaits (a batch is not prepared in one go): never an empty output with success', () => {
	/** As if n8n started item i's request i × 20 ms after the loop reached it. */
	const delayEachItem = () =>
		jest.spyOn(routingNode, 'makeRequest').mockImplementation(async function (this: RoutingNode, ...args) {
			await sleep((args[2] as number) * 20);
			return await makeRequest.apply(this, args);
		});

	test('3 items, each request started 20 ms after the previous: the run fails naming the items, nothing is sent', async () => {
		delayEachItem();
		const error = await failureOf(run(['a', 'b', 'c']));
		expect(error.message).toBe('Items of this run were not sent to PMock: n8n prepared them one at a time');
		// The error of the first item that came late: it names the items before it too.
		const late = error.context!.itemIndex!;
		expect(late).toBeGreaterThan(0);
		expect(error.description).toContain(`Nothing was sent to PMock for items 1–${late + 1}.`);
		expect(error.description).toContain('Request Options → Batching');
		expect(error.context?.taskMayHaveStarted).toBe(false);
		await sleep(100);
		expect(server.requests).toHaveLength(0);
	});

	test('with On Error → Continue the late items are error items naming what was not sent', async () => {
		delayEachItem();
		const output = await run(['a', 'b', 'c'], { continueOnFail: true });
		// Item 3 at least comes late (how many before it were held back depends on timing).
		expect(output.length).toBeGreaterThan(0);
		for (const item of output) {
			expect(continuedError(item)?.message).toBe(
				'Items of this run were not sent to PMock: n8n prepared them one at a time',
			);
		}
		expect(output.at(-1)?.pairedItem).toStrictEqual({ item: 2 });
		expect(continuedError(output.at(-1)!)?.description).toContain('Nothing was sent to PMock for items 1–3.');
		expect(server.requests).toHaveLength(0);
	});

	test('the advice works: with 1 item per batch the same n8n sends every item', async () => {
		delayEachItem();
		const output = await run(['a', 'b', 'c'], {
			parameters: {
				resource: 'video',
				operation: 'generateV2',
				sora2Prompt: '={{ $json.prompt }}',
				requestOptions: { batching: { batch: { batchSize: 1, batchInterval: 1 } } },
			},
		});
		expect(output.map((item) => item.json.taskId)).toStrictEqual(['task-1', 'task-2', 'task-3']);
	});

	test('n8n awaiting each request before preparing the next item (a loop of its own): the run fails, it does not return nothing', async () => {
		// n8n's own loop, but one item at a time: each request is awaited before the next item is prepared.
		const items = ['a', 'b', 'c'];
		let pending = Promise.resolve();
		jest.spyOn(routingNode, 'makeRequest').mockImplementation(function (this: RoutingNode, ...args) {
			const request = pending.then(async () => await makeRequest.apply(this, args));
			pending = request.then(
				() => undefined,
				() => undefined,
			);
			return request;
		});
		const error = await failureOf(run(items));
		expect(error.message).toBe('Items of this run were not sent to PMock: n8n prepared them one at a time');
		expect(error.context?.itemIndex).toBe(1);
		expect(server.requests).toHaveLength(0);
	});
});

describe('a run with many failed items keeps one list of started tasks', () => {
	test('200 items, every other one HTTP 500: only the error n8n shows lists the 100 started tasks, once', async () => {
		server.reset((request) => {
			const number = Number(promptOf(request).slice('prompt '.length));
			return number % 2 === 0
				? { status: 500, body: { code: 500, message: 'internal error', traceId: `t-${number}` } }
				: { body: { code: 200, message: 'success', data: { taskId: `task-${number}` }, traceId: 't' } };
		});
		// Every item's error, as RoutingNode receives them (it throws the first one by index, drops the others).
		const itemErrors: NodeError[] = [];
		jest.spyOn(routingNode, 'makeRequest').mockImplementation(async function (this: RoutingNode, ...args) {
			try {
				return await makeRequest.apply(this, args);
			} catch (error) {
				itemErrors.push(error as NodeError);
				throw error;
			}
		});
		const prompts = Array.from({ length: 200 }, (_, index) => `prompt ${index + 1}`);
		const error = await failureOf(run(prompts));

		expect(itemErrors).toHaveLength(100);
		expect(error.context?.itemIndex).toBe(1);
		expect(error.context?.startedTasks).toStrictEqual(
			Array.from({ length: 100 }, (_, at) => ({ itemIndex: 2 * at, taskId: `task-${2 * at + 1}` })),
		);
		expect(error.description).toContain('100 of the 200 items of this run started a task before it stopped');
		const withList = itemErrors.filter((itemError) => itemError.context?.startedTasks !== undefined);
		expect(withList).toStrictEqual([error]);
		// The descriptions of all item errors together stay linear in the items: the list is written once.
		const others = itemErrors.filter((itemError) => itemError !== error).map((other) => other.description!.length);
		expect(Math.max(...others)).toBeLessThan(1000);
		const total = itemErrors.reduce((sum, itemError) => sum + itemError.description!.length, 0);
		expect(total).toBeLessThan(error.description!.length + 99 * 1000);
	}, 30_000);
});

describe('Execute Once', () => {
	test('3 input items, Execute Once: the first item is sent and output', async () => {
		const { output, error } = await runPmockWorkflow({
			parameters: { resource: 'video', operation: 'generateV2', sora2Prompt: '={{ $json.prompt }}' },
			items: ['a', 'b', 'c'].map((prompt) => ({ prompt })),
			credentials: credentialsFor(server),
			executeOnce: true,
		});
		expect(error).toBeUndefined();
		expect(server.requests.map(promptOf)).toStrictEqual(['a']);
		expect(output.map((item) => item.json.taskId)).toStrictEqual(['task-1']);
	});
});
