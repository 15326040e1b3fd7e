import { generateGrokImage } from '../cases/image.generateGrokImage';
import { generateGrokVideo } from '../cases/video.generateGrokVideo';
import { bodiesBehind, useRealN8n } from './helpers/realN8n';

/**
 * Video → Generate and Image → Generate (Grok Imagine), node version 2, in each pinned real
 * n8n against the sandbox (its rules written from pmock's pages): the smallest form's body from
 * the case table, and per-item values from expressions with one item refused before sending.
 */
const n8n = useRealN8n();

describe.each([generateGrokVideo, generateGrokImage])(`$resource / $operation in real ${n8n.name}`, (row) => {
	const [smallest] = row.sends;

	test(`smallest form: ${smallest.title}`, async () => {
		const { received, output, error } = await n8n.run({
			typeVersion: 2,
			parameters: { resource: row.resource, operation: row.operation, ...smallest.parameters },
		});
		expect(error).toBeUndefined();
		expect(received).toHaveLength(1);
		expect(received[0]).toMatchObject({
			method: 'POST',
			path: row.path,
			signature: 'valid',
			response: { status: 200 },
		});
		expect(received[0].body).toEqual(smallest.body);
		expect((received[0].response.body as { code: number }).code).toBe(200);
		const response = received[0].response.body as { data: { taskId: string }; traceId: string };
		expect(output).toEqual([{ taskId: response.data.taskId, traceId: response.traceId, message: 'success' }]);
	});
});

describe(`Grok Imagine per item from expressions in real ${n8n.name}`, () => {
	test('video: images from each item (6 refused; aspect ratio and resolution only without images), outputs paired in order', async () => {
		const urls = (count: number) => Array.from({ length: count }, (_, index) => `https://example.com/${index}.png`);
		const { received, output, error } = await n8n.run({
			typeVersion: 2,
			items: [
				{ idea: 'a kite over a beach', images: [], seconds: 10 },
				{ idea: 'too many frames', images: urls(6), seconds: 6 },
				{ idea: 'the kite lands', images: urls(2), seconds: '15' },
			],
			parameters: {
				resource: 'video',
				operation: 'generateGrokVideo',
				grokVideoPrompt: '={{ $json.idea }}',
				grokVideoImageUrls: '={{ $json.images }}',
				grokVideoDuration: '={{ $json.seconds }}',
				grokVideoAspectRatio: '9:16',
				grokVideoResolution: '480P',
			},
			settings: { onError: 'continueRegularOutput' },
		});
		expect(error).toBeUndefined();
		expect(received).toHaveLength(2);
		expect(received.map((entry) => (entry.response.body as { code: number }).code)).toEqual([200, 200]);
		expect(output[1]).toEqual({
			error: expect.stringContaining('Image URLs (images) has 6 URLs: Grok Imagine video takes at most 5, remove 1'),
		});
		const model = 'grok-imagine-video';
		expect(bodiesBehind(received, output)).toEqual([
			{ prompt: 'a kite over a beach', model, duration: '10', aspectRatio: '9:16', resolution: '480P' },
			undefined,
			{ prompt: 'the kite lands', model, duration: '15', images: urls(2) },
		]);
	});

	test('image: an aspect ratio, then a reference image, from each item', async () => {
		const { received, output, error } = await n8n.run({
			typeVersion: 2,
			items: [
				{ idea: 'a red fox', image: '', ratio: '16:9' },
				{ idea: 'make it winter', image: 'https://example.com/fox.png', ratio: '16:9' },
			],
			parameters: {
				resource: 'image',
				operation: 'generateGrokImage',
				grokImagePrompt: '={{ $json.idea }}',
				grokImageUrl: '={{ $json.image }}',
				grokImageAspectRatio: '={{ $json.ratio }}',
			},
		});
		expect(error).toBeUndefined();
		expect(received).toHaveLength(2);
		const model = 'grok-imagine-image';
		expect(bodiesBehind(received, output)).toEqual([
			{ prompt: 'a red fox', model, aspectRatio: '16:9' },
			{ prompt: 'make it winter', model, images: ['https://example.com/fox.png'] },
		]);
	});
});
