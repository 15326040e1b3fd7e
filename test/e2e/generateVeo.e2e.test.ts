import { bodiesBehind, taskIdsAnswered, useRealN8n } from './helpers/realN8n';

/**
 * Video → Generate (Veo 3.1), POST /ai/gi/video/generate, in each pinned real n8n against the
 * sandbox, whose Veo rules are written from pmock's page rather than from the node's checks.
 */
const n8n = useRealN8n();

const VEO = '/ai/gi/video/generate';

describe(`Generate (Veo 3.1) in real ${n8n.name}`, () => {
	test('defaults: only a prompt sends text2video with Veo 3.1 Fast and 16:9; the taskId comes out', async () => {
		const { received, output, error } = await n8n.run({
			parameters: { resource: 'video', operation: 'generateVeo', prompt: 'A paper boat on a river at dawn' },
		});
		expect(error).toBeUndefined();
		expect(received).toHaveLength(1);
		expect(received[0]).toMatchObject({
			method: 'POST',
			path: VEO,
			signature: 'valid',
			fault: false,
			response: { status: 200 },
		});
		expect(received[0].body).toEqual({
			prompt: 'A paper boat on a river at dawn',
			action: 'text2video',
			model: 'veo31_fast',
			aspectRatio: '16:9',
			translation: false,
		});
		const response = received[0].response.body as { data: { taskId: string }; traceId: string };
		expect(output).toEqual([{ taskId: response.data.taskId, traceId: response.traceId, message: 'success' }]);
	});

	test('img2video with two frames typed one per line, portrait, translation on', async () => {
		const { received, output, error } = await n8n.run({
			parameters: {
				resource: 'video',
				operation: 'generateVeo',
				prompt: 'Le bateau glisse de la première image à la dernière',
				action: 'img2video',
				model: 'veo31_quality',
				imageList: 'https://example.com/first.jpg\nhttps://example.com/last.jpg',
				aspectRatio: '9:16',
				translation: true,
			},
		});
		expect(error).toBeUndefined();
		expect(received.map((entry) => entry.body)).toEqual([
			{
				prompt: 'Le bateau glisse de la première image à la dernière',
				action: 'img2video',
				model: 'veo31_quality',
				imageList: ['https://example.com/first.jpg', 'https://example.com/last.jpg'],
				aspectRatio: '9:16',
				translation: true,
			},
		]);
		expect(received[0]).toMatchObject({
			path: VEO,
			signature: 'valid',
			response: { status: 200, body: { code: 200 } },
		});
		expect(output.map((item) => item.taskId)).toEqual(taskIdsAnswered(received));
	});

	test('per item from expressions: each action with what it takes; a prohibited combination is refused before sending', async () => {
		const { received, output, error } = await n8n.run({
			items: [
				{
					action: 'text2video',
					model: 'veo31_fast_ingredients',
					images: ['https://example.com/hat.png', 'https://example.com/cat.png', 'https://example.com/sea.png'],
					video: '',
				},
				{ action: 'get1080p', model: 'veo3_fast', images: [], video: 'veo-video-7' },
				{ action: 'text2video', model: 'veo3_fast', images: [], video: 'veo-video-8' },
				{ action: 'img2video', model: 'veo2_fast', images: ['https://example.com/a.png'], video: '' },
			],
			parameters: {
				resource: 'video',
				operation: 'generateVeo',
				prompt: 'The scene, in motion',
				action: '={{ $json.action }}',
				model: '={{ $json.model }}',
				imageList: '={{ $json.images }}',
				videoId: '={{ $json.video }}',
			},
			settings: { onError: 'continueRegularOutput' },
		});
		expect(error).toBeUndefined();
		// The sandbox accepted every request it received (its rules come from the page).
		expect(received.map((entry) => (entry.response.body as { code: number }).code)).toEqual([200, 200, 200]);
		expect(output).toHaveLength(4);
		expect(output[2]).toEqual({
			error: expect.stringContaining('Video ID (videoId) cannot be sent with action text2video'),
		});
		expect(bodiesBehind(received, output)).toEqual([
			{
				prompt: 'The scene, in motion',
				action: 'text2video',
				model: 'veo31_fast_ingredients',
				imageList: ['https://example.com/hat.png', 'https://example.com/cat.png', 'https://example.com/sea.png'],
				aspectRatio: '16:9',
				translation: false,
			},
			{ prompt: 'The scene, in motion', action: 'get1080p', model: 'veo3_fast', videoId: 'veo-video-7' },
			undefined,
			{
				prompt: 'The scene, in motion',
				action: 'img2video',
				model: 'veo2_fast',
				imageList: ['https://example.com/a.png'],
				aspectRatio: '16:9',
				translation: false,
			},
		]);
	});

	test('stopping on error: img2video with three images and a non-ingredients model fails the workflow, naming the rule; nothing is sent', async () => {
		const { received, output, error } = await n8n.run({
			parameters: {
				resource: 'video',
				operation: 'generateVeo',
				prompt: 'Three frames',
				action: 'img2video',
				imageList: 'https://example.com/1.png\nhttps://example.com/2.png\nhttps://example.com/3.png',
			},
		});
		expect(received).toEqual([]);
		expect(output).toEqual([]);
		expect(error).toMatchObject({ message: 'Image URLs (imageList) has 3 URLs', node: { name: 'PMock' } });
		expect(error!.description).toContain('action img2video requires 1 or 2');
		expect(error!.description).toContain('Nothing was sent to PMock');
	});

	test("an API error keeps pmock's message and traceId", async () => {
		const { received, error } = await n8n.run({
			parameters: {
				resource: 'video',
				operation: 'generateVeo',
				prompt: 'Upscale it',
				action: 'get1080p',
				videoId: 'veo-video-9',
			},
			faults: [{ path: VEO, body: { code: 4004, message: 'video not found', data: null, traceId: 'trace-e2e-veo' } }],
		});
		expect(received).toHaveLength(1);
		expect(received[0]).toMatchObject({ path: VEO, fault: true, signature: 'valid' });
		expect(error).toMatchObject({ message: 'PMock returned error code 4004: video not found' });
		expect(error!.description).toContain('traceId: trace-e2e-veo');
	});
});
