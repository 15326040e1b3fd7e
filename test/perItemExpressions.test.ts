import { generateVeo as veoEndpoint, generateImage as imageEndpoint } from '../sandbox/endpoints';
import { generateV2DefaultBody } from '../dev/harness/defaultBodies';
import { failureOf } from './helpers/failures';
import { expectSignedPost, operationRunner, promptOf, useSandbox, type Responder } from './helpers/sandbox';

/**
 * Values that expressions give per item: each item's request carries its own values (what
 * the form could never combine included), and the output keeps input order and pairing
 * whatever order the answers come in. The bodies of single items are rows of the table of
 * operation cases (test/cases/); this is what a run of several items adds.
 */

const ACCESS_KEY = 'ak-per-item-test';
const SECRET_KEY = 'sk-per-item-test';

const server = useSandbox(ACCESS_KEY, SECRET_KEY);

/** taskId `task-<prompt>`, so that each output item shows which request it answers. */
const taskByPrompt: Responder = (request) => {
	const prompt = promptOf(request);
	return { body: { code: 200, message: 'ok', data: { taskId: `task-${prompt}` }, traceId: `trace-${prompt}` } };
};

const bodiesByPrompt = () =>
	Object.fromEntries(server.requests.map((request) => [promptOf(request), request.body as Record<string, unknown>]));

describe('values from expressions, per item', () => {
	test('Sora 2 with Styles: per-item values; the output keeps input order while later requests are answered first', async () => {
		const DEFAULT_BODY = generateV2DefaultBody('');
		const items = [
			{ idea: 'a red fox in snow', style: 'vintage', seconds: 10, image: '' },
			{ idea: 'a city at night', style: 'news', seconds: '15', image: 'https://example.com/city.jpg' },
			{ idea: 'a birthday party', style: 'festive', seconds: 10, image: null },
			{ idea: 'a robot selfie', style: 'selfie', seconds: 15, image: ['https://example.com/robot.png'] },
		];
		server.reset((request) => {
			const position = items.findIndex((item) => item.idea === promptOf(request));
			return { ...taskByPrompt(request, 0), delayMs: (items.length - position) * 40 };
		});
		const output = await operationRunner(server, { resource: 'video', operation: 'generateV2' })(
			{
				sora2Prompt: '={{ $json.idea }}',
				styleId: '={{ $json.style }}',
				sora2Duration: '={{ $json.seconds }}',
				images: '={{ $json.image }}',
			},
			{ items },
		);
		expect(server.requests).toHaveLength(4);
		server.requests.forEach((request) => expectSignedPost(request, '/ai/sa/video/generate/v2', ACCESS_KEY));
		expect(bodiesByPrompt()).toStrictEqual({
			'a red fox in snow': { ...DEFAULT_BODY, prompt: 'a red fox in snow', styleId: 'vintage' },
			'a city at night': {
				...DEFAULT_BODY,
				prompt: 'a city at night',
				styleId: 'news',
				duration: 15,
				images: ['https://example.com/city.jpg'],
			},
			'a birthday party': { ...DEFAULT_BODY, prompt: 'a birthday party', styleId: 'festive' },
			'a robot selfie': {
				...DEFAULT_BODY,
				prompt: 'a robot selfie',
				styleId: 'selfie',
				duration: 15,
				images: ['https://example.com/robot.png'],
			},
		});
		expect(output).toStrictEqual(
			items.map((item, index) => ({
				json: { taskId: `task-${item.idea}`, traceId: `trace-${item.idea}`, message: 'ok' },
				pairedItem: { item: index },
			})),
		);
	});

	test('Sora 2 Pro or Sora 2: model, size and duration per item', async () => {
		const DEFAULT_BODY = {
			model: 'sora-2',
			orientation: 'landscape',
			size: 'small',
			duration: 10,
			removeWatermark: false,
		};
		const items = [
			{ idea: 'a quiet lake', model: 'sora-2', size: 'small', seconds: 10 },
			{ idea: 'a rocket launch', model: 'sora-2-pro', size: 'large', seconds: '25' },
			{ idea: 'a market at dawn', model: 'sora-2-pro', size: 'small', seconds: 15 },
		];
		server.reset(taskByPrompt);
		const output = await operationRunner(server, { resource: 'video', operation: 'generateV1' })(
			{
				soraProModel: '={{ $json.model }}',
				soraProPrompt: '={{ $json.idea }}',
				soraProSize: '={{ $json.size }}',
				soraProDuration: '={{ $json.seconds }}',
			},
			{ items },
		);
		server.requests.forEach((request) => expectSignedPost(request, '/ai/sa/video/generate', ACCESS_KEY));
		expect(bodiesByPrompt()).toStrictEqual({
			'a quiet lake': { ...DEFAULT_BODY, prompt: 'a quiet lake' },
			'a rocket launch': {
				...DEFAULT_BODY,
				model: 'sora-2-pro',
				prompt: 'a rocket launch',
				size: 'large',
				duration: 25,
			},
			'a market at dawn': { ...DEFAULT_BODY, model: 'sora-2-pro', prompt: 'a market at dawn', duration: 15 },
		});
		expect(output.map((item) => [item.json.taskId, item.pairedItem])).toStrictEqual(
			items.map((item, index) => [`task-${item.idea}`, { item: index }]),
		);
	});

	test('Veo 3.1: each action with what it takes', async () => {
		const items = [
			{ action: 'text2video', model: 'veo3_fast', idea: 'a quiet lake', images: [], video: '' },
			{
				action: 'img2video',
				model: 'veo31_fast',
				idea: 'the photo comes alive',
				images: ['https://example.com/a.jpg', 'https://example.com/b.jpg'],
				video: '',
			},
			{ action: 'get1080p', model: 'veo31_fast', idea: 'the lake, sharper', images: null, video: 'vid-7' },
			{
				action: 'text2video',
				model: 'veo31_fast_ingredients',
				idea: 'the hat on the cat',
				images: 'https://example.com/hat.png',
				video: null,
			},
		];
		server.reset(taskByPrompt);
		const output = await operationRunner(server, { resource: 'video', operation: 'generateVeo' })(
			{
				veoPrompt: '={{ $json.idea }}',
				veoAction: '={{ $json.action }}',
				veoModel: '={{ $json.model }}',
				veoImageList: '={{ $json.images }}',
				veoVideoId: '={{ $json.video }}',
				veoAspectRatio: '={{ "1:1" }}',
			},
			{ items },
		);
		expect(server.requests).toHaveLength(4);
		expect(bodiesByPrompt()).toStrictEqual({
			'a quiet lake': {
				prompt: 'a quiet lake',
				action: 'text2video',
				model: 'veo3_fast',
				aspectRatio: '1:1',
				translation: false,
			},
			'the photo comes alive': {
				prompt: 'the photo comes alive',
				action: 'img2video',
				model: 'veo31_fast',
				imageList: ['https://example.com/a.jpg', 'https://example.com/b.jpg'],
				aspectRatio: '1:1',
				translation: false,
			},
			// An Action from an expression routes Aspect Ratio and Translation; get1080p leaves them out.
			'the lake, sharper': { prompt: 'the lake, sharper', action: 'get1080p', model: 'veo31_fast', videoId: 'vid-7' },
			'the hat on the cat': {
				prompt: 'the hat on the cat',
				action: 'text2video',
				model: 'veo31_fast_ingredients',
				imageList: ['https://example.com/hat.png'],
				aspectRatio: '1:1',
				translation: false,
			},
		});
		for (const request of server.requests)
			expect(() => veoEndpoint.validate(request.body as Record<string, unknown>)).not.toThrow();
		expect(output.map((item) => [item.json.taskId, item.pairedItem])).toStrictEqual(
			items.map((item, index) => [`task-${item.idea}`, { item: index }]),
		);
	});

	test('Nano Banana: generate and edit, a list or one URL', async () => {
		const DEFAULT_BODY = {
			action: 'generate',
			numImages: 1,
			model: 'nano-banana-fast',
			resolution: '1K',
			aspectRatio: '1:1',
		};
		const items = [
			{ action: 'generate', idea: 'a red kite', images: '' },
			{ action: 'edit', idea: 'make it blue', images: ['https://example.com/kite.png', 'https://example.com/sky.png'] },
			{ action: 'edit', idea: 'add a tail', images: 'https://example.com/kite.png' },
		];
		server.reset(taskByPrompt);
		const output = await operationRunner(server, { resource: 'image', operation: 'generate' })(
			{ imagePrompt: '={{ $json.idea }}', imageAction: '={{ $json.action }}', editImageUrls: '={{ $json.images }}' },
			{ items },
		);
		expect(bodiesByPrompt()).toStrictEqual({
			'a red kite': { ...DEFAULT_BODY, prompt: 'a red kite' },
			'make it blue': {
				...DEFAULT_BODY,
				prompt: 'make it blue',
				action: 'edit',
				imageUrls: ['https://example.com/kite.png', 'https://example.com/sky.png'],
			},
			'add a tail': {
				...DEFAULT_BODY,
				prompt: 'add a tail',
				action: 'edit',
				imageUrls: ['https://example.com/kite.png'],
			},
		});
		for (const request of server.requests)
			expect(() => imageEndpoint.validate(request.body as Record<string, unknown>)).not.toThrow();
		expect(output.map((item) => [item.json.taskId, item.pairedItem])).toStrictEqual(
			items.map((item, index) => [`task-${item.idea}`, { item: index }]),
		);
	});

	test('Character → Create: video URL and name per item; a number is sent as text', async () => {
		server.reset((request) => ({
			body: {
				code: 200,
				message: 'ok',
				data: { taskId: `task-${(request.body as { name: string }).name}` },
				traceId: 't',
			},
		}));
		const output = await operationRunner(server, { resource: 'character', operation: 'create' })(
			{ videoUrl: '={{ $json.clip }}', additionalFields: { name: '={{ $json.name }}' } },
			{
				items: [
					{ clip: 'https://example.com/a.mp4', name: 'alpha' },
					{ clip: 'http://example.com/b.mp4', name: 7 },
				],
			},
		);
		expect(server.requests.map((request) => request.body)).toEqual(
			expect.arrayContaining([
				{ videoUrl: 'https://example.com/a.mp4', name: 'alpha' },
				{ videoUrl: 'http://example.com/b.mp4', name: '7' },
			]),
		);
		expect(output.map((item) => item.json.taskId)).toStrictEqual(['task-alpha', 'task-7']);
	});

	test('a refused item names itself; the valid items before and after are not sent when the node stops', async () => {
		const error = await failureOf(
			operationRunner(server, { resource: 'video', operation: 'generateV2' })(
				{ sora2Prompt: '={{ $json.prompt }}' },
				{ items: [{ prompt: 'first' }, { prompt: '' }, { prompt: 'third' }] },
			),
		);
		expect(error.message).toBe('Prompt (prompt) is empty');
		expect(error.description).toMatch(/Nothing was sent to PMock for item 2\./);
		expect(error.context?.itemIndex).toBe(1);
		// The run stops on item 2, so the items around it are held back too: nothing is billed.
		expect(server.requests).toHaveLength(0);
		expect(error.description).toMatch(/Nothing was sent to PMock for any item of this run/);
	});
});
