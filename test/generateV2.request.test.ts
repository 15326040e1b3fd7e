import { STYLES } from '../nodes/Pmock/operations/video/generateV2';
import type { LoggedRequest } from '../sandbox/sandboxServer';
import { credentialsFor, expectSignedPost as expectSignedPostTo, operationRunner, useSandbox } from './helpers/sandbox';
import { generateV2DefaultBody } from '../dev/harness/defaultBodies';
import { runPmockNode } from '../dev/harness/runPmockNode';

const ACCESS_KEY = 'ak-request-test';
const SECRET_KEY = 'sk-request-test';
const PATH = '/ai/sa/video/generate/v2';

const server = useSandbox(ACCESS_KEY, SECRET_KEY);

const generate = operationRunner(server, { resource: 'video', operation: 'generateV2' });

const DEFAULT_BODY = generateV2DefaultBody('A corgi surfing a wave at sunset');

const expectSignedPost = (request: LoggedRequest) => expectSignedPostTo(request, PATH, ACCESS_KEY);

describe('Generate (Sora 2) request', () => {
	test('defaults: only a prompt set sends the spec defaults, signed, and outputs the taskId', async () => {
		const output = await generate({ prompt: DEFAULT_BODY.prompt });

		expect(server.requests).toHaveLength(1);
		const [request] = server.requests;
		expectSignedPost(request);
		expect(request.body).toStrictEqual(DEFAULT_BODY);
		expect(JSON.parse(request.rawBody)).toStrictEqual(DEFAULT_BODY);
		expect(output).toStrictEqual([
			{
				json: { taskId: 'task-1', traceId: 'trace-1', message: 'success' },
				pairedItem: { item: 0 },
			},
		]);
	});

	test('every field changed is sent under its spec key with its spec type', async () => {
		await generate({
			model: 'sora-2',
			prompt: 'Two friends toast with coffee',
			styleId: 'sitcom',
			images: 'https://example.com/cafe.jpg',
			orientation: 'portrait',
			duration: 15,
			size: 'small',
			removeWatermark: true,
			storyboard: true,
		});

		expect(server.requests).toHaveLength(1);
		expectSignedPost(server.requests[0]);
		expect(server.requests[0].body).toStrictEqual({
			model: 'sora-2',
			prompt: 'Two friends toast with coffee',
			images: ['https://example.com/cafe.jpg'],
			orientation: 'portrait',
			size: 'small',
			duration: 15,
			removeWatermark: true,
			styleId: 'sitcom',
			storyboard: true,
		});
	});

	test.each(STYLES.map((style) => style.value))('style %s is sent as styleId', async (styleId) => {
		await generate({ prompt: 'p', styleId });
		expect(server.requests).toHaveLength(1);
		expect(server.requests[0].body).toStrictEqual({ ...DEFAULT_BODY, prompt: 'p', styleId });
	});

	test('the style dropdown offers all 12 spec styles with human names', () => {
		const { Pmock } = jest.requireActual('../nodes/Pmock/Pmock.node');
		const styleField = new Pmock().description.properties.find(
			(property: { name: string }) => property.name === 'styleId',
		);
		expect(styleField.options.map((option: { value: string }) => option.value).sort()).toStrictEqual(
			[
				'anime',
				'selfie',
				'golden',
				'handheld',
				'festive',
				'retro',
				'news',
				'chaos',
				'vintage',
				'comic',
				'kakalaka',
				'sitcom',
			].sort(),
		);
		for (const option of styleField.options) {
			expect(option.name).toMatch(/^[A-Z][a-z]+/);
		}
		expect(styleField.default).toBe('anime');
	});

	test.each([10, 15])('duration %d is sent as a JSON number', async (duration) => {
		await generate({ prompt: 'p', duration });
		expect(server.requests[0].body).toStrictEqual({ ...DEFAULT_BODY, prompt: 'p', duration });
		expect(server.requests[0].rawBody).toContain(`"duration":${duration}`);
	});

	test.each(['landscape', 'portrait'])('orientation %s is sent', async (orientation) => {
		await generate({ prompt: 'p', orientation });
		expect(server.requests[0].body).toStrictEqual({ ...DEFAULT_BODY, prompt: 'p', orientation });
	});

	test('an image URL is sent as a one-element images array', async () => {
		await generate({ prompt: 'p', images: 'https://cdn.example.com/a/b.png?x=1' });
		expect(server.requests[0].body).toStrictEqual({
			...DEFAULT_BODY,
			prompt: 'p',
			images: ['https://cdn.example.com/a/b.png?x=1'],
		});
	});

	test('no image URL (empty or blank) leaves images out of the body', async () => {
		await generate({ prompt: 'p', images: '' });
		await generate({ prompt: 'p', images: '   ' });
		expect(server.requests).toHaveLength(2);
		for (const request of server.requests) {
			expect(request.body).toStrictEqual({ ...DEFAULT_BODY, prompt: 'p' });
			expect(request.rawBody).not.toContain('images');
		}
	});

	test('expressions give per-item values; output has one item per input, in input order', async () => {
		const items = [
			{ idea: 'a red fox in snow', style: 'vintage', seconds: 10, image: '' },
			{ idea: 'a city at night', style: 'news', seconds: '15', image: 'https://example.com/city.jpg' },
			{ idea: 'a birthday party', style: 'festive', seconds: 10, image: null },
			{ idea: 'a robot selfie', style: 'selfie', seconds: 15, image: ['https://example.com/robot.png'] },
		];
		// The server answers the later requests first, to show the output keeps input order.
		server.reset((request) => {
			const prompt = (request.body as { prompt: string }).prompt;
			const position = items.findIndex((item) => item.idea === prompt);
			return {
				body: { code: 200, message: 'ok', data: { taskId: `task-for-${prompt}` }, traceId: `trace-${prompt}` },
				delayMs: (items.length - position) * 40,
			};
		});

		const output = await generate(
			{
				prompt: '={{ $json.idea }}',
				styleId: '={{ $json.style }}',
				duration: '={{ $json.seconds }}',
				images: '={{ $json.image }}',
			},
			{ items },
		);

		expect(server.requests).toHaveLength(4);
		const sent = server.requests.map((request) => request.body as Record<string, unknown>);
		expect(sent.map((body) => body.prompt).sort()).toStrictEqual(items.map((item) => item.idea).sort());
		const byPrompt = Object.fromEntries(sent.map((body) => [body.prompt, body]));
		expect(byPrompt['a red fox in snow']).toStrictEqual({
			...DEFAULT_BODY,
			prompt: 'a red fox in snow',
			styleId: 'vintage',
		});
		expect(byPrompt['a city at night']).toStrictEqual({
			...DEFAULT_BODY,
			prompt: 'a city at night',
			styleId: 'news',
			duration: 15,
			images: ['https://example.com/city.jpg'],
		});
		expect(byPrompt['a birthday party']).toStrictEqual({
			...DEFAULT_BODY,
			prompt: 'a birthday party',
			styleId: 'festive',
		});
		expect(byPrompt['a robot selfie']).toStrictEqual({
			...DEFAULT_BODY,
			prompt: 'a robot selfie',
			styleId: 'selfie',
			duration: 15,
			images: ['https://example.com/robot.png'],
		});
		server.requests.forEach(expectSignedPost);

		expect(output).toStrictEqual(
			items.map((item, index) => ({
				json: { taskId: `task-for-${item.idea}`, traceId: `trace-${item.idea}`, message: 'ok' },
				pairedItem: { item: index },
			})),
		);
	});

	test('a Base URL with a trailing slash reaches the same path', async () => {
		const output = await runPmockNode({
			parameters: { resource: 'video', operation: 'generateV2', prompt: 'p' },
			credentials: credentialsFor(server, { baseUrl: `${server.baseUrl}/` }),
		});
		expect(server.requests.map((request) => request.path)).toStrictEqual([PATH]);
		expect(output[0].json.taskId).toBe('task-1');
	});

	test('undocumented fields in the response data are not copied: the output holds taskId, traceId and message', async () => {
		server.reset(() => ({
			body: { code: 200, message: 'ok', data: { taskId: 'abc', status: 'queued' }, traceId: 't-1' },
		}));
		const output = await generate({ prompt: 'p' });
		expect(output[0].json).toStrictEqual({ taskId: 'abc', traceId: 't-1', message: 'ok' });
	});
});
