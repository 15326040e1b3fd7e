import type { IDataObject } from 'n8n-workflow';

import { itemsNode, manualTriggerNode } from '../../dev/harness/workflowNodes';
import { promptOf } from '../helpers/sandbox';
import { CREDENTIALS, NODE_TYPE, useRealN8n } from './helpers/realN8n';

/**
 * A run that n8n stops (the Stop button / `POST /rest/executions/:id/stop`, or the workflow's
 * Timeout Workflow setting) while some items wait for PMock's answer: the node never returns,
 * so n8n saves the execution as canceled without the node's output. The taskIds already
 * answered must still be found: in the execution's custom data and in n8n's log.
 */
const n8n = useRealN8n();

beforeAll(() => n8n.startServer(), 180_000);

const ITEMS = ['fast 1', 'slow 2', 'fast 3', 'slow 4', 'fast 5', 'slow 6'].map((prompt) => ({ prompt }));

/** "fast" prompts get a taskId at once; "slow" ones are held far beyond the test. */
function holdTheSlowOnes(): void {
	n8n.sandbox.reset((request) => {
		const prompt = promptOf(request);
		const body = { code: 200, message: 'success', data: { taskId: `task-${prompt.replace(' ', '-')}` }, traceId: 't' };
		return prompt.startsWith('slow') ? { body, delayMs: 120_000 } : { body };
	});
}

interface SavedExecution {
	id: string;
	status: string;
	finished: boolean;
	customData?: Record<string, string>;
	data: string;
}

/** Creates the workflow (Start → Items → PMock) over REST, as the editor saves it. */
async function createWorkflow(settings: IDataObject = {}): Promise<IDataObject & { id: string }> {
	const name = `cancel ${Date.now()}`;
	const pmock = {
		id: 'pmock',
		name: 'PMock',
		type: NODE_TYPE,
		typeVersion: 2,
		position: [400, 0],
		parameters: { sora2Prompt: '={{ $json.prompt }}' },
		credentials: { pmockApi: { ...CREDENTIALS.sandbox } },
	};
	const nodes = [manualTriggerNode('cancel'), itemsNode('cancel', ITEMS), pmock];
	const created = await n8n.rest<{ data: IDataObject & { id: string } }>('POST', '/rest/workflows', {
		name,
		active: false,
		nodes,
		connections: {
			Start: { main: [[{ node: 'Items', type: 'main', index: 0 }]] },
			Items: { main: [[{ node: 'PMock', type: 'main', index: 0 }]] },
		},
		settings: { executionOrder: 'v1', ...settings },
	});
	if (created.status !== 200)
		throw new Error(`creating the workflow: HTTP ${created.status} ${JSON.stringify(created.body)}`);
	return created.body.data;
}

/** Runs it as the editor's Execute Workflow button does; resolves with the execution's id. */
async function runManually(workflow: IDataObject & { id: string }): Promise<string> {
	const started = await n8n.rest<{ data: { executionId: string } }>('POST', `/rest/workflows/${workflow.id}/run`, {
		workflowData: workflow,
		triggerToStartFrom: { name: 'Start' },
	});
	if (started.status !== 200)
		throw new Error(`running the workflow: HTTP ${started.status} ${JSON.stringify(started.body)}`);
	return started.body.data.executionId;
}

async function until<T>(what: string, read: () => Promise<T | undefined> | T | undefined, ms = 60_000): Promise<T> {
	const deadline = Date.now() + ms;
	for (;;) {
		const value = await read();
		if (value !== undefined) return value;
		if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
		await new Promise((resolve) => setTimeout(resolve, 200));
	}
}

/**
 * The execution as the editor reads it, once n8n has saved it as ended (n8n writes the custom
 * data right after the status): the last answer read when that does not happen within 30 s.
 */
async function settledExecution(executionId: string): Promise<SavedExecution> {
	let last: SavedExecution | undefined;
	try {
		return await until(
			`execution ${executionId} to be saved`,
			async () => {
				last = (await n8n.rest<{ data: SavedExecution }>('GET', `/rest/executions/${executionId}`)).body.data;
				const ended = last && !['running', 'new'].includes(last.status);
				return ended && Object.keys(last.customData ?? {}).length > 0 ? last : undefined;
			},
			30_000,
		);
	} catch {
		return last!;
	}
}

const answeredFast = () =>
	n8n.sandbox.requests.filter((request) => request.response.status === 200).length === 3 &&
	n8n.sandbox.requests.length === 6
		? true
		: undefined;

/** What the node wrote to the execution's custom data: the same in both ways of stopping. */
const EXPECTED_CUSTOM_DATA = {
	pmock_stopped_run:
		'n8n stopped the run: 3 of 6 items started a PMock task (item:taskId in pmock_task_ids_*); n8n cut off requests still on their way: PMock may have started (and billed) a task for items 2, 4 and 6. Check your pmock console before running them again.',
	pmock_task_ids_1: '1:task-fast-1 3:task-fast-3 5:task-fast-5',
};

/** Everything a person needs after a stop, checked where each place keeps it. */
async function expectTaskIdsKept(
	workflowId: string,
	executionId: string,
	logSince: number,
	{ inRunData }: { inRunData: boolean },
): Promise<void> {
	// The editor's REST answer (the custom data comes from n8n's execution_metadata table).
	const execution = await settledExecution(executionId);
	expect(execution.status).toBe('canceled');
	expect(execution.customData).toEqual(EXPECTED_CUSTOM_DATA);
	// The execution row in n8n's SQLite. After a timeout n8n writes its run data once, with the
	// custom data in it; the stop endpoint writes it a second time from what it read before the
	// stop, which n8n 2.41.1 saves last: then the run data is empty, but the custom data stays.
	const saved = await n8n.savedExecution(workflowId);
	expect(saved.status).toBe('canceled');
	if (inRunData)
		for (const value of Object.values(EXPECTED_CUSTOM_DATA)) expect(saved.raw).toContain(JSON.stringify(value));
	// n8n's log at its default level.
	const log = await until('the report in the log', () =>
		n8n.serverLog.slice(logSince).includes('item 5 → task-fast-5') ? n8n.serverLog.slice(logSince) : undefined,
	);
	expect(log).toContain(
		`PMock: n8n stopped execution ${executionId} while node "PMock" was running, so the node's output is not saved. 3 of its 6 items had started a PMock task (billed)`,
	);
	expect(log).toContain(
		'n8n cut off requests still on their way: PMock may have started (and billed) a task for items 2, 4 and 6. Check your pmock console before running them again.',
	);
	expect(log).toContain(
		`PMock: execution ${executionId}, node "PMock", started tasks (1/1): item 1 → task-fast-1, item 3 → task-fast-3, item 5 → task-fast-5`,
	);
	// The held requests were cut off, and nothing more was sent.
	await until('n8n to hang up the held requests', () => (n8n.sandbox.openRequests === 0 ? true : undefined));
	expect(n8n.sandbox.requests).toHaveLength(6);
}

describe(`A run n8n stops keeps its taskIds, in real ${n8n.name}`, () => {
	test('POST /rest/executions/:id/stop with 3 items answered and 3 held: the custom data and the log list the 3 taskIds', async () => {
		holdTheSlowOnes();
		const workflow = await createWorkflow();
		const logSince = n8n.serverLog.length;
		const executionId = await runManually(workflow);
		await until('the sandbox to answer the fast items', answeredFast);
		// The sandbox has answered; leave n8n a moment to take the answers in before stopping it.
		await new Promise((resolve) => setTimeout(resolve, 500));

		const stop = await n8n.rest<{ data: { status: string } }>('POST', `/rest/executions/${executionId}/stop`);

		expect(stop.status).toBe(200);
		expect(stop.body.data.status).toBe('canceled');
		await expectTaskIdsKept(workflow.id, executionId, logSince, { inRunData: false });
	});

	test('Timeout Workflow (5 s) with 3 items answered and 3 held: custom data, saved run data and log list the 3 taskIds', async () => {
		holdTheSlowOnes();
		const workflow = await createWorkflow({ executionTimeout: 5 });
		const logSince = n8n.serverLog.length;
		const executionId = await runManually(workflow);
		await until('the sandbox to answer the fast items', answeredFast);

		await expectTaskIdsKept(workflow.id, executionId, logSince, { inRunData: true });
	});
});
