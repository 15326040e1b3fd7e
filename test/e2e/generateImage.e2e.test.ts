import { bodiesBehind, exampleWorkflow, taskIdsAnswered, useRealN8n } from './helpers/realN8n';

/**
 * Image → Generate (Nano Banana), POST /ai/gi/image/generate, in each pinned real n8n against
 * the sandbox, whose rules are written from pmock's page rather than from the node's checks.
 */
const n8n = useRealN8n();

const IMAGE = '/ai/gi/image/generate';

describe(`Image → Generate (Nano Banana) in real ${n8n.name}`, () => {
	test('the image example workflow from examples/ runs, and the next node reads the taskId', async () => {
		const { received, result, error } = await n8n.execute(exampleWorkflow('pmock-generate-image.json'));
		expect(error).toBeUndefined();
		expect(received).toHaveLength(1);
		expect(received[0]).toMatchObject({
			path: IMAGE,
			signature: 'valid',
			body: { action: 'generate', numImages: 1, model: 'nano-banana-pro', resolution: '2K', aspectRatio: '4:5' },
			response: { body: { code: 200 } },
		});
		const [taskId] = taskIdsAnswered(received);
		const next = result.data.resultData.runData['Remember the task'][0].data!.main[0]!;
		expect(next.map((item) => item.json)).toEqual([
			{ taskId, note: `Nano Banana image started as task ${taskId}: look it up in your pmock account` },
		]);
	});

	test('defaults: only a prompt generates one 1K square image with Nano Banana Fast', async () => {
		const { received, output, error } = await n8n.run({
			parameters: { resource: 'image', prompt: 'A jar of honey on a wooden table' },
		});
		expect(error).toBeUndefined();
		expect(received).toHaveLength(1);
		expect(received[0]).toMatchObject({ method: 'POST', path: IMAGE, signature: 'valid', response: { status: 200 } });
		expect(received[0].body).toEqual({
			prompt: 'A jar of honey on a wooden table',
			action: 'generate',
			numImages: 1,
			model: 'nano-banana-fast',
			resolution: '1K',
			aspectRatio: '1:1',
		});
		const response = received[0].response.body as { data: { taskId: string }; traceId: string };
		expect(output).toEqual([{ taskId: response.data.taskId, traceId: response.traceId, message: 'success' }]);
	});

	test('per item from expressions: edit with a list or one URL; edit without images is refused before sending', async () => {
		const { received, output, error } = await n8n.run({
			items: [
				{
					action: 'edit',
					images: ['https://example.com/kite.png', 'https://example.com/sky.png'],
					change: 'make the kite blue',
				},
				{ action: 'edit', images: '', change: 'no images here' },
				{ action: 'edit', images: 'https://example.com/kite.png', change: 'add a long tail' },
			],
			parameters: {
				resource: 'image',
				operation: 'generate',
				prompt: '={{ $json.change }}',
				action: '={{ $json.action }}',
				model: 'nano-banana-pro',
				resolution: '4K',
				imageUrls: '={{ $json.images }}',
				aspectRatio: '16:9',
			},
			settings: { onError: 'continueRegularOutput' },
		});
		expect(error).toBeUndefined();
		expect(received).toHaveLength(2);
		expect(received.map((entry) => (entry.response.body as { code: number }).code)).toEqual([200, 200]);
		expect(output[1]).toEqual({ error: expect.stringContaining('Image URLs (imageUrls) is empty') });
		const common = { action: 'edit', numImages: 1, model: 'nano-banana-pro', resolution: '4K', aspectRatio: '16:9' };
		expect(bodiesBehind(received, output)).toEqual([
			{
				prompt: 'make the kite blue',
				...common,
				imageUrls: ['https://example.com/kite.png', 'https://example.com/sky.png'],
			},
			undefined,
			{ prompt: 'add a long tail', ...common, imageUrls: ['https://example.com/kite.png'] },
		]);
	});

	test("an API error keeps pmock's message and traceId", async () => {
		const { received, error } = await n8n.run({
			parameters: { resource: 'image', prompt: 'A lighthouse' },
			faults: [
				{ path: IMAGE, body: { code: 4001, message: 'insufficient balance', data: null, traceId: 'trace-e2e-image' } },
			],
		});
		expect(received).toHaveLength(1);
		expect(received[0]).toMatchObject({ path: IMAGE, fault: true, signature: 'valid' });
		expect(error).toMatchObject({ message: 'PMock returned error code 4001: insufficient balance' });
		expect(error!.description).toContain('traceId: trace-e2e-image');
	});
});
