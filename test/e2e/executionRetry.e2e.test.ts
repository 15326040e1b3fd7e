import type { IDataObject } from 'n8n-workflow';

import { taskIdsAnswered, useRealN8n } from './helpers/realN8n';
import { startedMessage } from '../helpers/failures';

// n8n's own serialisation of saved run data (a dependency of n8n and of our dev tree).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { parse } = require('flatted') as { parse: (text: string) => unknown };

/**
 * n8n's Retry of a failed execution (Executions → Retry, `POST /rest/executions/<id>/retry`)
 * runs the failed node again on the same items. An item that started a (paid) task in the
 * execution being retried is not sent again: it outputs its first taskId. Real n8n, the sandbox.
 */
const n8n = useRealN8n();

const ITEMS = [{ prompt: 'retry item 1' }, { prompt: 'retry item 2' }, { prompt: 'retry item 3' }];
const ITEM_2_FAILS = {
	whenBody: { prompt: 'retry item 2' },
	status: 500,
	body: { code: 500, message: 'internal error', data: null, traceId: 't-retry-2' },
};

interface FailedRun {
	loadWorkflow: boolean;
	workflowId: string;
	/** The taskIds items 1 and 3 started in the failed execution. */
	started: Record<string, string>;
}

const failedRuns: FailedRun[] = [];

interface SavedRunData {
	resultData: {
		error?: { message: string };
		runData: Record<string, Array<{ data?: { main: Array<Array<{ json: IDataObject }>> } }>>;
	};
}

/** An execution as the editor reads it (GET /rest/executions/<id>), its run data parsed. */
async function executionRead(id: string) {
	const read = await n8n.rest<{ data: { status: string; mode: string; retryOf?: string; data: string } }>(
		'GET',
		`/rest/executions/${id}`,
	);
	expect(read.status).toBe(200);
	return { ...read.body.data, runData: parse(read.body.data.data) as SavedRunData };
}

describe(`n8n's Retry of a failed execution, in real ${n8n.name}`, () => {
	// The failed executions come from `n8n execute` before the server starts: both use one database.
	test.each([false, true])(
		'3 items, item 2 gets HTTP 500 after items 1 and 3 started tasks (for the Retry with loadWorkflow %s)',
		async (loadWorkflow) => {
			const { received, error, workflowId } = await n8n.run({
				items: ITEMS,
				parameters: { sora2Prompt: '={{ $json.prompt }}' },
				faults: [ITEM_2_FAILS],
			});
			expect(received).toHaveLength(3);
			expect(error?.message).toBe(startedMessage('PMock server error (HTTP 500)', 2));
			const started = Object.fromEntries(
				received
					.filter((entry) => entry.response.status === 200)
					.map((entry) => [(entry.body as { prompt: string }).prompt, taskIdsAnswered([entry])[0]]),
			);
			expect(Object.keys(started).sort()).toEqual(['retry item 1', 'retry item 3']);
			failedRuns.push({ loadWorkflow, workflowId, started });
		},
	);

	test('Retry (with the original workflow, then with the saved one) sends only item 2: items 1 and 3 keep their first taskId', async () => {
		expect(failedRuns).toHaveLength(2);
		await n8n.startServer();
		for (const { loadWorkflow, workflowId, started } of failedRuns) {
			const filter = encodeURIComponent(JSON.stringify({ workflowId }));
			const list = await n8n.rest<{ data: { results: Array<{ id: string; status: string }> } }>(
				'GET',
				`/rest/executions?filter=${filter}`,
			);
			const [failed] = list.body.data.results;
			expect(failed.status).toBe('error');

			n8n.sandbox.reset();
			const retry = await n8n.rest<{ data: { id: string } }>('POST', `/rest/executions/${failed.id}/retry`, {
				loadWorkflow,
			});
			expect({ loadWorkflow, status: retry.status }).toEqual({ loadWorkflow, status: 200 });

			// The sandbox received item 2 alone.
			const received = [...n8n.sandbox.requests];
			expect({ loadWorkflow, prompts: received.map((entry) => (entry.body as { prompt: string }).prompt) }).toEqual({
				loadWorkflow,
				prompts: ['retry item 2'],
			});

			const retried = await executionRead(retry.body.data.id);
			expect(retried).toMatchObject({ status: 'success', mode: 'retry', retryOf: failed.id });
			const output = retried.runData.resultData.runData.PMock.at(-1)!.data!.main[0].map((item) => item.json);
			expect(output.map((json) => json.taskId)).toEqual([
				started['retry item 1'],
				taskIdsAnswered(received)[0],
				started['retry item 3'],
			]);
			expect(output[0].message).toMatch(/^Not sent again by n8n's Retry/);
		}
	}, 300_000);
});
