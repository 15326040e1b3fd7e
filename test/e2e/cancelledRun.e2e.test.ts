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
		typeVersion: 1,
		position: [400, 0],
		parameters: { prompt: '={{ $json.prompt }}' },
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
	if (created.status !== 200) throw new Error(`creating the workflow: HTTP ${created.status} ${JSON.stringify(created.body)}`);
	return created.body.data;
}

/** Runs it as the editor's Execute Workflow button does; resolves with the execution's id. */
async function runManually(workflow: IDataObject & { id: string }): Promise<string> {
	const started = await n8n.rest<{ data: { executionId: string } }>('POST', `/rest/workflows/${workflow.id}/run`, {
		workflowData: workflow,
		triggerToStartFrom: { name: 'Start' },
	});
	if (started.status !== 200) throw new Error(`running the workflow: HTTP ${started.status} ${JSON.stringify(started.body)}`);
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

/** The execution as the editor reads it, once n8n no longer runs it. */
async function settledExecution(executionId: string): Promise<SavedExecution> {
	return await until(`execution ${executionId} to end`, async () => {
		const answer = await n8n.rest<{ data: SavedExecution }>('GET', `/rest/executions/${executionId}`);
		const execution = answer.body.data;
		return execution && !['running', 'new'].includes(execution.status) ? execution : undefined;
	});
}

const answeredFast = () =>
	n8n.sandbox.requests.filter((request) => request.response.status === 200).length === 3 &&
	n8n.sandbox.requests.length === 6
		? true
		: undefined;

describe(`A run n8n stops keeps its taskIds, in real ${n8n.name}`, () => {
	test('POST /rest/executions/:id/stop with 3 items answered and 3 held', async () => {
		holdTheSlowOnes();
		const workflow = await createWorkflow();
		const logBefore = n8n.serverLog.length;
		const executionId = await runManually(workflow);
		await until('the sandbox to answer the fast items', answeredFast);
		const stop = await n8n.rest('POST', `/rest/executions/${executionId}/stop`);
		console.log('stop', stop.status, JSON.stringify(stop.body));
		await new Promise((resolve) => setTimeout(resolve, 2000));
		const execution = await settledExecution(executionId);
		console.log('execution', execution.status, execution.finished, JSON.stringify(execution.customData));
		console.log('data', execution.data.slice(0, 3000));
		console.log('log', n8n.serverLog.slice(logBefore));
	});

	test('Timeout Workflow with 3 items answered and 3 held', async () => {
		holdTheSlowOnes();
		const workflow = await createWorkflow({ executionTimeout: 6 });
		const logBefore = n8n.serverLog.length;
		const executionId = await runManually(workflow);
		await until('the sandbox to answer the fast items', answeredFast);
		await new Promise((resolve) => setTimeout(resolve, 8000));
		const execution = await settledExecution(executionId);
		console.log('execution', execution.status, execution.finished, JSON.stringify(execution.customData));
		console.log('data', execution.data.slice(0, 3000));
		console.log('log', n8n.serverLog.slice(logBefore));
	});
});
