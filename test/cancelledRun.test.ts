import { Logger } from '@n8n/backend-common';
import { Container } from '@n8n/di';
import { createRunExecutionData, type IDataObject, type IRunExecutionData } from 'n8n-workflow';

import {
	CUSTOM_DATA_VALUE_LIMIT,
	LOG_LINE_TASKS,
	LOG_TASK_LIMIT,
	SUMMARY_KEY,
	TASK_ID_KEYS,
	logLinesOf,
	taskIdValues,
	writeStopReport,
	type StopReport,
} from '../nodes/Pmock/shared/cancelledRun';
import { itemsText, RunLedger } from '../nodes/Pmock/shared/runLedger';
import { runPmockNode } from '../dev/harness/runPmockNode';
import { credentialsFor, promptOf, useSandbox } from './helpers/sandbox';

/**
 * A run that n8n stops (Stop button, POST /rest/executions/:id/stop, Timeout Workflow) never
 * returns: n8n aborts the execution's cancel signal and saves the execution at once. What the
 * node writes while the signal aborts is what survives: the execution's custom data (n8n's
 * `resultData.metadata`) and n8n's log. Here n8n-core's RoutingNode runs the node with a
 * cancel signal that the test aborts while some items wait for their answer.
 */

const server = useSandbox('ak-cancelled-run-test', 'sk-cancelled-run-test-SECRET');

const warnings: string[] = [];
/** The taskIds the node has taken in (the sandbox's answer alone may still be on its way). */
let recorded: jest.SpyInstance;
beforeEach(() => {
	warnings.length = 0;
	jest.spyOn(Container.get(Logger), 'warn').mockImplementation((message: string) => void warnings.push(message));
	recorded = jest.spyOn(RunLedger.prototype, 'recordStart');
});
afterEach(() => jest.restoreAllMocks());

/** "fast" prompts get a taskId at once; "slow" ones are held until the sandbox stops. */
function holdTheSlowOnes(): void {
	server.reset((request) => {
		const prompt = promptOf(request);
		const body = { code: 200, message: 'success', data: { taskId: `task-${prompt.replace(' ', '-')}` }, traceId: 't' };
		return prompt.startsWith('slow') ? { body, delayMs: 60_000 } : { body };
	});
}

async function until(what: string, condition: () => boolean): Promise<void> {
	const deadline = Date.now() + 10_000;
	while (!condition()) {
		if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
		await new Promise((resolve) => setTimeout(resolve, 10));
	}
}

function startRun(prompts: string[], extra: IDataObject = {}) {
	const controller = new AbortController();
	const runExecutionData: IRunExecutionData = createRunExecutionData();
	const run = runPmockNode({
		parameters: { resource: 'video', operation: 'generateV2', sora2Prompt: '={{ $json.prompt }}', ...extra },
		items: prompts.map((prompt) => ({ prompt })),
		credentials: credentialsFor(server),
		abortSignal: controller.signal,
		runExecutionData,
	}).then(
		(output) => ({ output }),
		(error: Error) => ({ error }),
	);
	return { controller, runExecutionData, run };
}

describe('n8n stops the execution while items wait for PMock', () => {
	test('3 items answered, 3 held: at the moment of the cancel the custom data and the log hold the 3 taskIds and name the 3 held items', async () => {
		holdTheSlowOnes();
		const { controller, runExecutionData, run } = startRun([
			'fast 1',
			'slow 2',
			'fast 3',
			'slow 4',
			'fast 5',
			'slow 6',
		]);
		await until(
			'the 6 requests and the 3 fast taskIds',
			() => server.requests.length === 6 && recorded.mock.calls.length === 3,
		);

		controller.abort();

		// n8n takes the run data to save right after abort() returns: it must already be there.
		expect(runExecutionData.resultData.metadata).toEqual({
			[SUMMARY_KEY]:
				'n8n stopped the run: 3 of 6 items started a PMock task (item:taskId in pmock_task_ids_*); n8n cut off requests still on their way: PMock may have started (and billed) a task for items 2, 4 and 6. Check your pmock console before running them again.',
			[TASK_ID_KEYS[0]]: '1:task-fast-1 3:task-fast-3 5:task-fast-5',
		});
		expect(warnings).toHaveLength(2);
		expect(warnings[0]).toContain('3 of its 6 items had started a PMock task');
		expect(warnings[0]).toContain(
			'n8n cut off requests still on their way: PMock may have started (and billed) a task for items 2, 4 and 6. Check your pmock console before running them again.',
		);
		expect(warnings[0]).toContain('check your pmock console');
		expect(warnings[1]).toContain('item 1 → task-fast-1, item 3 → task-fast-3, item 5 → task-fast-5');

		// The held requests are cut off, the run ends, and nothing is written a second time.
		await run;
		expect(server.requests).toHaveLength(6);
		expect(warnings).toHaveLength(2);
	});

	test('Batching, 1 item per 300 ms: after the cancel no further item is sent', async () => {
		const { controller, run } = startRun(['a', 'b', 'c', 'd'], {
			requestOptions: { batching: { batch: { batchSize: 1, batchInterval: 300 } } },
		});
		await until('the first taskId', () => recorded.mock.calls.length === 1);
		controller.abort();
		await run;
		await new Promise((resolve) => setTimeout(resolve, 400));
		expect(server.requests).toHaveLength(1);
		expect(warnings[1]).toContain('item 1 → task-1');
		expect(warnings[0]).toContain('1 of its 4 items had started a PMock task');
	});

	test('On Error → Continue, an expression that fails on item 4 of 6, a cancel later in the execution: nothing is written (that run had ended)', async () => {
		const controller = new AbortController();
		const runExecutionData = createRunExecutionData();
		const error = await runPmockNode({
			parameters: {
				resource: 'video',
				operation: 'generateV2',
				sora2Prompt: "={{ $json.broken ? $('No such node').item.json.prompt : $json.prompt }}",
			},
			items: ['a', 'b', 'c', 'd', 'e', 'f'].map((prompt) => ({ prompt, broken: prompt === 'd' })),
			credentials: credentialsFor(server),
			continueOnFail: true,
			abortSignal: controller.signal,
			runExecutionData,
		}).catch((caught: Error) => caught);
		// n8n goes on with the next nodes (it passes the input on); items a to c settle unsent.
		expect((error as Error).message).toBe("Referenced node doesn't exist");
		await new Promise((resolve) => setTimeout(resolve, 300));
		controller.abort();
		expect(runExecutionData.resultData.metadata).toBeUndefined();
		expect(warnings).toEqual([]);
		expect(server.requests).toHaveLength(0);
	});

	test('a cancel after the run has finished writes nothing (its output is saved as usual)', async () => {
		const { controller, runExecutionData, run } = startRun(['a', 'b']);
		const { output } = (await run) as { output: Array<{ json: { taskId: string } }> };
		expect(output.map((item) => item.json.taskId)).toEqual(['task-1', 'task-2']);
		controller.abort();
		expect(runExecutionData.resultData.metadata).toBeUndefined();
		expect(warnings).toEqual([]);
	});
});

describe('the report stays bounded', () => {
	const uuid = (index: number) => `${String(index).padStart(8, '0')}-0000-4000-8000-000000000000`;
	const report = (count: number, itemCount = count): StopReport => ({
		nodeName: 'PMock',
		executionId: '42',
		itemCount,
		started: Array.from({ length: count }, (_, itemIndex) => ({ itemIndex, taskId: uuid(itemIndex) })),
		mayHaveStarted: [],
	});

	test('custom data: at most 3 task keys of at most 255 characters, whole entries only, and a summary that says how many are listed', () => {
		const custom: Record<string, string> = {};
		writeStopReport(report(20_000), { setCustomData: (key, value) => (custom[key] = value), warn: () => {} });
		expect(Object.keys(custom)).toEqual([SUMMARY_KEY, ...TASK_ID_KEYS]);
		for (const value of Object.values(custom)) expect(value.length).toBeLessThanOrEqual(CUSTOM_DATA_VALUE_LIMIT);
		const entries = TASK_ID_KEYS.flatMap((key) => custom[key].split(' '));
		expect(entries).toEqual(entries.map((_, itemIndex) => `${itemIndex + 1}:${uuid(itemIndex)}`));
		expect(custom[SUMMARY_KEY]).toContain(`20000 of 20000 items started a PMock task (the first ${entries.length} in`);
	});

	test('log: 20,000 started tasks give 1 + 10 lines listing the first 5,000, and say where the rest are', () => {
		const lines = logLinesOf(report(20_000));
		expect(lines).toHaveLength(1 + LOG_TASK_LIMIT / LOG_LINE_TASKS);
		expect(lines[0]).toContain('The log lists the first 5000; find the other 15000 in your pmock console.');
		expect(lines.at(-1)).toContain(`item 5000 → ${uuid(4999)}`);
		expect(lines.join('\n')).not.toContain(uuid(5000));
		for (const line of lines) expect(line.length).toBeLessThan(30_000);
	});

	test('a few tasks fit whole into the custom data', () => {
		expect(taskIdValues(report(3).started)).toEqual([`1:${uuid(0)} 2:${uuid(1)} 3:${uuid(2)}`]);
	});

	test('item numbers are named as ranges, at most 100 of them', () => {
		expect(itemsText([0])).toBe('item 1');
		expect(itemsText([2, 3, 4, 6, 9, 10])).toBe('items 3–5, 7 and 10–11');
		const scattered = Array.from({ length: 500 }, (_, index) => index * 2);
		expect(itemsText(scattered)).toMatch(/^items 1, 3, .*, 199 and 400 more ranges$/);
	});
});
