import { bodiesBehind, taskIdsAnswered, useRealN8n } from './helpers/realN8n';

/**
 * Rate limits in the real n8n: the node's own Retry On Fail setting (run by n8n's
 * WorkflowExecute, not by the node) turns a 429 followed by a 200 into a successful run.
 */
const n8n = useRealN8n();

describe(`Retry On Fail in real ${n8n.name}`, () => {
	test('429 then 200: with Retry On Fail the workflow succeeds with the taskId of the second answer', async () => {
		const { received, output, error } = await n8n.run({
			parameters: { sora2Prompt: 'A busy day at the API' },
			settings: { retryOnFail: true, maxTries: 2, waitBetweenTries: 200 },
			faults: [{ status: 429, body: { code: 429, message: 'too many requests', data: null, traceId: 'trace-429' } }],
		});
		expect(error).toBeUndefined();
		expect(received).toHaveLength(2);
		expect(received[0]).toMatchObject({ fault: true, signature: 'valid', response: { status: 429 } });
		expect(received[1]).toMatchObject({ fault: false, signature: 'valid', response: { status: 200 } });
		expect(received[1].body).toEqual(received[0].body);
		const [taskId] = taskIdsAnswered([received[1]]);
		expect(output).toEqual([expect.objectContaining({ taskId })]);
	});

	test('5 items, the third gets HTTP 429 once: 6 requests, one per prompt plus the retried one, and the output keeps the first taskIds, paired', async () => {
		const prompts = ['first', 'second', 'third', 'fourth', 'fifth'];
		const { received, output, error, result } = await n8n.run({
			items: prompts.map((prompt) => ({ prompt })),
			parameters: { sora2Prompt: '={{ $json.prompt }}' },
			settings: { retryOnFail: true, maxTries: 3, waitBetweenTries: 100 },
			faults: [
				{
					whenBody: { prompt: 'third' },
					status: 429,
					body: { code: 429, message: 'too many requests', data: null, traceId: 'trace-429' },
				},
			],
		});
		expect(error).toBeUndefined();
		const perPrompt = (prompt: string) =>
			received.filter((entry) => (entry.body as { prompt: string }).prompt === prompt);
		expect(prompts.map((prompt) => perPrompt(prompt).length)).toEqual([1, 1, 2, 1, 1]);
		expect(received).toHaveLength(6);
		// Each output item carries the taskId answered to its own prompt's only successful request.
		expect(bodiesBehind(received, output)).toEqual(prompts.map((prompt) => expect.objectContaining({ prompt })));
		const firstTaskIds = prompts.map((prompt) => taskIdsAnswered(perPrompt(prompt).filter((entry) => !entry.fault))[0]);
		expect(output.map((json) => json.taskId)).toEqual(firstTaskIds);
		const items = result.data.resultData.runData.PMock[0].data!.main[0]! as Array<{ pairedItem?: unknown }>;
		expect(items.map((item) => item.pairedItem)).toEqual(prompts.map((_, item) => ({ item })));
	});

	test.each(['continueRegularOutput', 'continueErrorOutput'] as const)(
		'On Error → %s: a 429 on the first item is retried, the other items are sent once and keep their first taskIds',
		async (onError) => {
			const prompts = ['first', 'second', 'third'];
			const { received, error, result } = await n8n.run({
				items: prompts.map((prompt) => ({ prompt })),
				parameters: { sora2Prompt: '={{ $json.prompt }}' },
				settings: { onError, retryOnFail: true, maxTries: 3, waitBetweenTries: 100 },
				faults: [
					{
						whenBody: { prompt: 'first' },
						status: 429,
						body: { code: 429, message: 'too many requests', data: null, traceId: 'trace-429' },
					},
				],
			});
			expect(error).toBeUndefined();
			const perPrompt = (prompt: string) =>
				received.filter((entry) => (entry.body as { prompt: string }).prompt === prompt);
			expect(prompts.map((prompt) => perPrompt(prompt).length)).toEqual([2, 1, 1]);
			const main = result.data.resultData.runData.PMock[0].data!.main;
			const taskIds = prompts.map((prompt) => taskIdsAnswered(perPrompt(prompt).filter((entry) => !entry.fault))[0]);
			expect(main[0]!.map((item) => item.json.taskId)).toEqual(taskIds);
			if (onError === 'continueErrorOutput') expect(main[1] ?? []).toEqual([]);
		},
	);

	test('On Error → Continue (using error output): HTTP 500 on the first item is not sent again; $json.error says a task may have started', async () => {
		const { received, error, result } = await n8n.run({
			items: [{ prompt: 'first' }, { prompt: 'second' }],
			parameters: { sora2Prompt: '={{ $json.prompt }}' },
			settings: { onError: 'continueErrorOutput', retryOnFail: true, maxTries: 3, waitBetweenTries: 100 },
			faults: [
				{
					whenBody: { prompt: 'first' },
					status: 500,
					body: { code: 500, message: 'internal error', data: null, traceId: 'trace-500' },
				},
			],
		});
		expect(error).toBeUndefined();
		expect(received).toHaveLength(2);
		const main = result.data.resultData.runData.PMock[0].data!.main;
		const second = received.filter((entry) => (entry.body as { prompt: string }).prompt === 'second');
		expect(main[0]!.map((item) => item.json.taskId)).toEqual(taskIdsAnswered(second));
		expect(main[1]!.map((item) => item.json.error)).toEqual([
			expect.objectContaining({
				message:
					'PMock server error (HTTP 500): PMock may have started (and billed) a task for item 1. Check your pmock console before running it again',
				taskMayHaveStarted: true,
			}),
		]);
	});

	test('429 without Retry On Fail fails the run and points at Batching', async () => {
		const { received, output, error } = await n8n.run({
			parameters: { sora2Prompt: 'A busy day at the API' },
			faults: [{ status: 429, body: { code: 429, message: 'too many requests', data: null, traceId: 'trace-429' } }],
		});
		expect(received).toHaveLength(1);
		expect(output).toEqual([]);
		expect(error!.message).toBe('PMock rate limit reached (too many requests)');
		expect(error!.description).toContain('Batching');
	});
});

describe(`Request Options → Batching in real ${n8n.name}`, () => {
	test('1 item per batch, 400 ms apart: every item goes out and keeps its place; n8n waited between the batches', async () => {
		const { received, output, error, result } = await n8n.run({
			items: [{ prompt: 'first' }, { prompt: 'second' }, { prompt: 'third' }],
			parameters: {
				sora2Prompt: '={{ $json.prompt }}',
				requestOptions: { batching: { batch: { batchSize: 1, batchInterval: 400 } } },
			},
		});
		expect(error).toBeUndefined();
		expect(received).toHaveLength(3);
		expect(bodiesBehind(received, output)).toEqual(
			['first', 'second', 'third'].map((prompt) => expect.objectContaining({ prompt })),
		);
		// n8n sleeps the interval before each batch after the first: a floor, whatever the machine's speed.
		expect(result.data.resultData.runData.PMock[0].executionTime).toBeGreaterThanOrEqual(800);
	});
});
