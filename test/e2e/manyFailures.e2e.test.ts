import type { Responder } from '../../sandbox/sandboxServer';
import { taskIdsAnswered, useRealN8n } from './helpers/realN8n';

/**
 * A large run where half the items fail, in the real n8n: the run ends with the error of the
 * first failed item, and that error lists every task the other items started (it is written
 * once per run: one list per failed item made n8n run out of memory at 20,000 items).
 */
const n8n = useRealN8n();

const ITEMS = 4000;

/** HTTP 500 for every even-numbered prompt ("take 2", "take 4", …), success for the others. */
const everyOtherFails: Responder = (request) => {
	const take = Number((request.body as { prompt: string }).prompt.split(' ').pop());
	return take % 2 === 0
		? { status: 500, body: { code: 500, message: 'internal error', data: null, traceId: `t-${take}` } }
		: { body: { code: 200, message: 'success', data: { taskId: `task-${take}-${take * 7919}` }, traceId: 't' } };
};

describe(`many failed items in real ${n8n.name}`, () => {
	test(`${ITEMS} items, every other one HTTP 500: the run's error lists all ${ITEMS / 2} started taskIds`, async () => {
		const { received, error, result, workflowId } = await n8n.run({
			items: Array.from({ length: ITEMS }, (_, index) => ({ prompt: `take ${index + 1}` })),
			parameters: { sora2Prompt: '={{ $json.prompt }}' },
			responder: everyOtherFails,
		});
		expect(received).toHaveLength(ITEMS);
		const started = received.filter((entry) => entry.response.status === 200);
		expect(started).toHaveLength(ITEMS / 2);

		expect(error?.message).toMatch(
			/^PMock server error \(HTTP 500\): PMock may have started \(and billed\) a task for item \d+\. Check your pmock console before running it again$/,
		);
		expect(error?.description).toContain(
			`${ITEMS / 2} of the ${ITEMS} items of this run started a task before it stopped`,
		);
		for (const entry of started) {
			const take = (entry.body as { prompt: string }).prompt.split(' ').pop();
			const [taskId] = taskIdsAnswered([entry]);
			expect(error?.description).toContain(`item ${take} → ${taskId}`);
		}
		// The same list for programs, in item order, on the error n8n recorded for the node.
		const nodeError = result.data.resultData.runData.PMock[0].error as
			{ context?: { itemIndex?: number; startedTasks?: Array<{ itemIndex: number; taskId: string }> } } | undefined;
		expect(nodeError?.context?.itemIndex).toBe(1);
		expect(nodeError?.context?.startedTasks).toEqual(
			Array.from({ length: ITEMS / 2 }, (_, at) => ({
				itemIndex: 2 * at,
				taskId: `task-${2 * at + 1}-${(2 * at + 1) * 7919}`,
			})),
		);

		const saved = await n8n.savedExecution(workflowId);
		expect(saved.status).toBe('error');
		expect(saved.error).toContain(`item ${ITEMS - 1} → task-${ITEMS - 1}-${(ITEMS - 1) * 7919}`);
	});
});
