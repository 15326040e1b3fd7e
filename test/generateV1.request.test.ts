import type { LoggedRequest } from '../sandbox/sandboxServer';
import { expectSignedPost as expectSignedPostTo, operationRunner, useSandbox } from './helpers/sandbox';

const ACCESS_KEY = 'ak-v1-request-test';
const SECRET_KEY = 'sk-v1-request-test';
const PATH = '/ai/sa/video/generate';

const server = useSandbox(ACCESS_KEY, SECRET_KEY);

const generate = operationRunner(server, { resource: 'video', operation: 'generateV1' });

const DEFAULT_BODY = {
	model: 'sora-2',
	prompt: 'A paper boat drifting down a rainy street',
	orientation: 'landscape',
	size: 'small',
	duration: 10,
	removeWatermark: false,
};

const expectSignedPost = (request: LoggedRequest) => expectSignedPostTo(request, PATH, ACCESS_KEY);

describe('Generate (Sora 2 / 2 Pro) request', () => {
	test('defaults: only a prompt set sends Sora 2, small, 10 s to the v1 path and outputs the taskId', async () => {
		const output = await generate({ prompt: DEFAULT_BODY.prompt });

		expect(server.requests).toHaveLength(1);
		const [request] = server.requests;
		expectSignedPost(request);
		expect(JSON.parse(request.rawBody)).toStrictEqual(DEFAULT_BODY);
		// Generate v1 has neither a style nor storyboard mode.
		expect(request.rawBody).not.toMatch(/styleId|storyboard|images/);
		expect(output).toStrictEqual([
			{ json: { taskId: 'task-1', traceId: 'trace-1', message: 'success' }, pairedItem: { item: 0 } },
		]);
	});

	test('every field changed, with Sora 2 Pro, large and 25 seconds', async () => {
		await generate({
			model: 'sora-2-pro',
			prompt: 'A dragon over a glacier',
			images: 'https://example.com/dragon.png',
			orientation: 'portrait',
			size: 'large',
			duration: 25,
			removeWatermark: true,
		});
		expect(server.requests).toHaveLength(1);
		expectSignedPost(server.requests[0]);
		expect(JSON.parse(server.requests[0].rawBody)).toStrictEqual({
			model: 'sora-2-pro',
			prompt: 'A dragon over a glacier',
			images: ['https://example.com/dragon.png'],
			orientation: 'portrait',
			size: 'large',
			duration: 25,
			removeWatermark: true,
		});
	});

	const proCombinations = ['small', 'large'].flatMap((size) =>
		[10, 15, 25].map((duration) => [size, duration] as const),
	);

	test.each(proCombinations)('Sora 2 Pro: size %s with %d seconds is sent as chosen', async (size, duration) => {
		await generate({ model: 'sora-2-pro', prompt: 'p', size, duration });
		expect(server.requests).toHaveLength(1);
		expect(server.requests[0].body).toStrictEqual({
			...DEFAULT_BODY,
			model: 'sora-2-pro',
			prompt: 'p',
			size,
			duration,
		});
		expect(server.requests[0].rawBody).toContain(`"duration":${duration}`);
	});

	test('Sora 2 with its only size and duration, chosen explicitly', async () => {
		await generate({ model: 'sora-2', prompt: 'p', size: 'small', duration: 10 });
		expect(server.requests[0].body).toStrictEqual({ ...DEFAULT_BODY, prompt: 'p' });
	});

	test('model, size and duration from expressions, per item, in input order', async () => {
		const items = [
			{ idea: 'a quiet lake', model: 'sora-2', size: 'small', seconds: 10 },
			{ idea: 'a rocket launch', model: 'sora-2-pro', size: 'large', seconds: '25' },
			{ idea: 'a market at dawn', model: 'sora-2-pro', size: 'small', seconds: 15 },
		];
		server.reset((request) => {
			const prompt = (request.body as { prompt: string }).prompt;
			return { body: { code: 200, message: 'ok', data: { taskId: `task-${prompt}` }, traceId: `trace-${prompt}` } };
		});
		const output = await generate(
			{
				model: '={{ $json.model }}',
				prompt: '={{ $json.idea }}',
				size: '={{ $json.size }}',
				duration: '={{ $json.seconds }}',
			},
			{ items },
		);

		expect(server.requests).toHaveLength(3);
		server.requests.forEach(expectSignedPost);
		const byPrompt = Object.fromEntries(
			server.requests.map((request) => [(request.body as { prompt: string }).prompt, request.body]),
		);
		expect(byPrompt['a quiet lake']).toStrictEqual({ ...DEFAULT_BODY, prompt: 'a quiet lake' });
		expect(byPrompt['a rocket launch']).toStrictEqual({
			...DEFAULT_BODY,
			model: 'sora-2-pro',
			prompt: 'a rocket launch',
			size: 'large',
			duration: 25,
		});
		expect(byPrompt['a market at dawn']).toStrictEqual({
			...DEFAULT_BODY,
			model: 'sora-2-pro',
			prompt: 'a market at dawn',
			duration: 15,
		});
		expect(output.map((item) => [item.json.taskId, item.pairedItem])).toStrictEqual(
			items.map((item, index) => [`task-${item.idea}`, { item: index }]),
		);
	});

	test('a model from an expression with size and duration picked in the form sends each key once', async () => {
		await generate({ model: '={{ "sora-2-pro" }}', prompt: 'p', size: 'large', duration: 15 });
		expect(server.requests).toHaveLength(1);
		expect(server.requests[0].rawBody.match(/"size"/g)).toHaveLength(1);
		expect(server.requests[0].body).toStrictEqual({
			...DEFAULT_BODY,
			model: 'sora-2-pro',
			prompt: 'p',
			size: 'large',
			duration: 15,
		});
	});

	test('an image URL is sent as a one-element images array, percent-encoded', async () => {
		await generate({ prompt: 'p', images: ' https://example.com/my photo.jpg ' });
		expect(server.requests[0].body).toStrictEqual({
			...DEFAULT_BODY,
			prompt: 'p',
			images: ['https://example.com/my%20photo.jpg'],
		});
	});
});
