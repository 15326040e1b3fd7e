import { generateVeo as veoEndpoint } from '../sandbox/endpoints';
import { operationRunner, theOneBodySent, useSandbox } from './helpers/sandbox';

/**
 * Video → Generate (Veo 3.1): the exact body of every action and model, through n8n-core's
 * RoutingNode. Every body sent is also checked against the sandbox's Veo rules, which are
 * written from pmock's page rather than from the node.
 */

const ACCESS_KEY = 'ak-veo-request-test';
const SECRET_KEY = 'sk-veo-request-test';

const server = useSandbox(ACCESS_KEY, SECRET_KEY);

const generate = operationRunner(server, { resource: 'video', operation: 'generateVeo' });

/** The one request sent: signed, to the Veo path, and acceptable to the sandbox's reading of the page. */
const sentBody = () => theOneBodySent(server, veoEndpoint);

const PROMPT = 'A hummingbird drinking from a red flower, macro, slow motion';

/** What only a prompt sends: the page's required fields with the node's defaults. */
const DEFAULT_BODY = {
	prompt: PROMPT,
	action: 'text2video',
	model: 'veo31_fast',
	aspectRatio: '16:9',
	translation: false,
};

const MODELS = ['veo3_fast', 'veo2_fast', 'veo3_quality', 'veo2_quality', 'veo31_fast', 'veo31_quality'] as const;

describe('Generate (Veo 3.1) request', () => {
	test('defaults: only a prompt set sends text2video with Veo 3.1 Fast, 16:9, no translation, and outputs the taskId', async () => {
		const output = await generate({ prompt: PROMPT });
		expect(sentBody()).toStrictEqual(DEFAULT_BODY);
		expect(server.requests[0].rawBody).not.toMatch(/videoId|imageList/);
		expect(output).toStrictEqual([
			{ json: { taskId: 'task-1', traceId: 'trace-1', message: 'success' }, pairedItem: { item: 0 } },
		]);
	});

	test.each(MODELS)('text2video with %s sends that model', async (model) => {
		await generate({ prompt: PROMPT, model });
		expect(sentBody()).toStrictEqual({
			prompt: PROMPT,
			action: 'text2video',
			model,
			aspectRatio: '16:9',
			translation: false,
		});
	});

	test.each(['16:9', '9:16', '1:1', '3:4', '4:3'])('aspect ratio %s, with translation on', async (aspectRatio) => {
		await generate({ prompt: 'Un colibri', aspectRatio, translation: true });
		expect(sentBody()).toStrictEqual({
			prompt: 'Un colibri',
			action: 'text2video',
			model: 'veo31_fast',
			aspectRatio,
			translation: true,
		});
	});

	test('text2video with Veo 3.1 Fast Ingredients sends its 1 to 3 reference images', async () => {
		const urls = ['https://example.com/hat.png', 'https://example.com/cat.png', 'https://example.com/beach.png'];
		await generate({
			prompt: 'The cat wears the hat on the beach',
			model: 'veo31_fast_ingredients',
			imageList: urls.join('\n'),
		});
		expect(sentBody()).toStrictEqual({
			prompt: 'The cat wears the hat on the beach',
			action: 'text2video',
			model: 'veo31_fast_ingredients',
			imageList: urls,
			aspectRatio: '16:9',
			translation: false,
		});
	});

	test.each(MODELS)('img2video with %s sends 1 image URL', async (model) => {
		await generate({ prompt: PROMPT, action: 'img2video', model, imageList: 'https://example.com/flower.jpg' });
		expect(sentBody()).toStrictEqual({
			prompt: PROMPT,
			action: 'img2video',
			model,
			imageList: ['https://example.com/flower.jpg'],
			aspectRatio: '16:9',
			translation: false,
		});
	});

	test('img2video with 2 image URLs (first and last frame), one per line; blank lines and spaces are dropped, URLs percent-encoded', async () => {
		await generate({
			prompt: PROMPT,
			action: 'img2video',
			model: 'veo31_quality',
			imageList: '\n https://example.com/first frame.jpg \r\n\r\nhttps://example.com/last.jpg\n',
			aspectRatio: '9:16',
		});
		expect(sentBody()).toStrictEqual({
			prompt: PROMPT,
			action: 'img2video',
			model: 'veo31_quality',
			imageList: ['https://example.com/first%20frame.jpg', 'https://example.com/last.jpg'],
			aspectRatio: '9:16',
			translation: false,
		});
	});

	test('img2video with Veo 3.1 Fast Ingredients takes 3 image URLs', async () => {
		const urls = ['https://example.com/1.png', 'https://example.com/2.png', 'https://example.com/3.png'];
		await generate({
			prompt: PROMPT,
			action: 'img2video',
			model: 'veo31_fast_ingredients',
			imageList: urls.join('\n'),
		});
		expect(sentBody()).toMatchObject({ action: 'img2video', model: 'veo31_fast_ingredients', imageList: urls });
	});

	test.each([...MODELS, 'veo31_fast_ingredients'])(
		'get1080p with %s sends prompt, action, model and the video ID only',
		async (model) => {
			await generate({ prompt: 'The hummingbird video', action: 'get1080p', model, videoId: ' veo-video-42 ' });
			expect(sentBody()).toStrictEqual({
				prompt: 'The hummingbird video',
				action: 'get1080p',
				model,
				videoId: 'veo-video-42',
			});
		},
	);

	test('per item from expressions: each action with what it takes, in input order', async () => {
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
		server.reset((request) => {
			const prompt = (request.body as { prompt: string }).prompt;
			return { body: { code: 200, message: 'ok', data: { taskId: `task-${prompt}` }, traceId: `trace-${prompt}` } };
		});
		const output = await generate(
			{
				prompt: '={{ $json.idea }}',
				action: '={{ $json.action }}',
				model: '={{ $json.model }}',
				imageList: '={{ $json.images }}',
				videoId: '={{ $json.video }}',
				aspectRatio: '={{ "1:1" }}',
			},
			{ items },
		);
		expect(server.requests).toHaveLength(4);
		const byPrompt = Object.fromEntries(
			server.requests.map((request) => [(request.body as { prompt: string }).prompt, request.body]),
		);
		expect(byPrompt).toStrictEqual({
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

	test("a prompt longer than Sora's 5000 characters is sent: pmock sets Veo no limit", async () => {
		const prompt = 'a'.repeat(6000);
		await generate({ prompt });
		expect((sentBody() as { prompt: string }).prompt).toHaveLength(6000);
	});

	test('a Video ID left in the form after switching away from Get 1080p is not sent (n8n routes only the fields shown)', async () => {
		await generate({
			prompt: PROMPT,
			action: 'text2video',
			videoId: 'vid-old',
			imageList: 'https://example.com/old.png',
		});
		expect(sentBody()).toStrictEqual(DEFAULT_BODY);
	});
});
