import { bodiesBehind, taskIdsAnswered, useRealN8n } from './helpers/realN8n';

/**
 * Generate (Sora 2 / 2 Pro), POST /ai/sa/video/generate, in each pinned real n8n against the
 * sandbox, whose per-model rules are written from the spec rather than from the node's checks.
 */
const n8n = useRealN8n();

const V1 = '/ai/sa/video/generate';

describe(`Generate (Sora 2 / 2 Pro) in real ${n8n.name}`, () => {
	test('defaults: Sora 2, small, 10 seconds; the taskId comes out', async () => {
		const { received, output, error } = await n8n.run({
			parameters: { resource: 'video', operation: 'generateV1', prompt: 'A paper boat on a river' },
		});
		expect(error).toBeUndefined();
		expect(received).toHaveLength(1);
		expect(received[0]).toMatchObject({ method: 'POST', path: V1, signature: 'valid', response: { status: 200 } });
		expect(received[0].body).toEqual({
			model: 'sora-2',
			prompt: 'A paper boat on a river',
			orientation: 'landscape',
			size: 'small',
			duration: 10,
			removeWatermark: false,
		});
		const response = received[0].response.body as { data: { taskId: string }; traceId: string };
		expect(output).toEqual([{ taskId: response.data.taskId, traceId: response.traceId, message: 'success' }]);
	});

	test('Sora 2 Pro with every field: large, 25 seconds, an image, portrait, no watermark', async () => {
		const { received, output, error } = await n8n.run({
			parameters: {
				resource: 'video',
				operation: 'generateV1',
				model: 'sora-2-pro',
				prompt: 'A slow dolly shot through a greenhouse at dawn',
				images: 'https://example.com/greenhouse.jpg',
				orientation: 'portrait',
				size: 'large',
				duration: 25,
				removeWatermark: true,
			},
		});
		expect(error).toBeUndefined();
		expect(received.map((entry) => entry.body)).toEqual([
			{
				model: 'sora-2-pro',
				prompt: 'A slow dolly shot through a greenhouse at dawn',
				images: ['https://example.com/greenhouse.jpg'],
				orientation: 'portrait',
				size: 'large',
				duration: 25,
				removeWatermark: true,
			},
		]);
		expect(received[0]).toMatchObject({ path: V1, signature: 'valid', response: { status: 200 } });
		expect(output.map((item) => item.taskId)).toEqual(taskIdsAnswered(received));
	});

	test('per item from expressions: a Pro-only combination with Sora 2 is refused before sending, the others go out', async () => {
		const { received, output, error } = await n8n.run({
			items: [
				{ model: 'sora-2-pro', seconds: 15 },
				{ model: 'sora-2', seconds: 25 },
				{ model: 'sora-2', seconds: 10 },
			],
			parameters: {
				resource: 'video',
				operation: 'generateV1',
				prompt: 'A kite over the dunes',
				model: '={{ $json.model }}',
				duration: '={{ $json.seconds }}',
			},
			settings: { onError: 'continueRegularOutput' },
		});
		expect(error).toBeUndefined();
		expect(received).toHaveLength(2);
		expect(output).toHaveLength(3);
		expect(output[1]).toEqual({ error: expect.stringContaining('Duration (duration) 25 needs model sora-2-pro') });
		expect(bodiesBehind(received, output)).toEqual([
			expect.objectContaining({ model: 'sora-2-pro', duration: 15 }),
			undefined,
			expect.objectContaining({ model: 'sora-2', duration: 10 }),
		]);
	});

	test('stopping on error: large with Sora 2 fails the workflow, naming the rule; the sandbox receives nothing', async () => {
		const { received, output, error } = await n8n.run({
			items: [{ size: 'large' }],
			parameters: { resource: 'video', operation: 'generateV1', prompt: 'A big one', size: '={{ $json.size }}' },
		});
		expect(received).toEqual([]);
		expect(output).toEqual([]);
		expect(error).toMatchObject({ message: 'Size (size) "large" needs model sora-2-pro', node: { name: 'PMock' } });
		expect(error!.description).toContain('Nothing was sent to PMock');
	});
});
