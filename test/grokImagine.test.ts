import { ENDPOINTS } from '../sandbox/endpoints';
import { generateGrokImage } from './cases/image.generateGrokImage';
import { generateGrokVideo } from './cases/video.generateGrokVideo';
import { expectRefused } from './helpers/expectRefused';
import { operationRunner, theOneBodySent, useSandbox } from './helpers/sandbox';

/**
 * Video → Generate and Image → Generate (Grok Imagine), from their rows of the case table,
 * through n8n-core's RoutingNode in node version 2: each case's exact body, accepted by the
 * sandbox (its rules are written from pmock's pages), and each refusal with nothing sent.
 */

const server = useSandbox('ak-grok-test', 'sk-grok-test');

describe.each([generateGrokVideo, generateGrokImage])('$resource / $operation', (row) => {
	const run = operationRunner(server, { resource: row.resource, operation: row.operation });
	const endpoint = ENDPOINTS.find((candidate) => candidate.path === row.path)!;

	test('the sandbox serves its path', () => {
		expect(endpoint).toBeDefined();
	});

	test.each(row.sends)('sends: $title', async ({ parameters, body }) => {
		const output = await run(parameters, { typeVersion: 2 });
		expect(theOneBodySent(server, endpoint)).toStrictEqual(body);
		expect(output).toStrictEqual([
			{ json: { taskId: 'task-1', traceId: 'trace-1', message: 'success' }, pairedItem: { item: 0 } },
		]);
	});

	test.each(row.refuses)('refuses: $title', async ({ parameters, message }) => {
		const error = await expectRefused((options) => run(parameters, { ...options, typeVersion: 2 }), server);
		if (typeof message === 'string') expect(error.message).toContain(message);
		else expect(error.message).toMatch(message);
	});
});

describe("the sandbox's Grok Imagine rules, from pmock's pages", () => {
	const video = ENDPOINTS.find((endpoint) => endpoint.path === '/ai/xai/video/generate')!;
	const image = ENDPOINTS.find((endpoint) => endpoint.path === '/ai/xai/image/generate')!;
	const urls = (count: number) => Array.from({ length: count }, (_, index) => `https://example.com/${index}.png`);

	test.each([
		['no model', { prompt: 'p' }, 'model must not be null'],
		['a blank prompt', { prompt: ' ', model: 'grok-imagine-video' }, 'prompt must not be blank'],
		[
			'duration as a number (the page types it a string)',
			{ prompt: 'p', model: 'grok-imagine-video', duration: 6 },
			'duration must be one of',
		],
		[
			'6 images',
			{ prompt: 'p', model: 'grok-imagine-video', images: urls(6) },
			'images supports at most 5 images, got 6',
		],
		[
			'resolution 1080P',
			{ prompt: 'p', model: 'grok-imagine-video', resolution: '1080P' },
			'resolution must be one of',
		],
	])('video: %s is refused', (_case, body, message) => {
		expect(() => video.validate(body)).toThrow(message);
	});

	test('video: images with an aspect ratio and resolution are accepted (pmock ignores them)', () => {
		expect(() =>
			video.validate({
				prompt: 'p',
				model: 'grok-imagine-video',
				images: urls(5),
				aspectRatio: '1:1',
				resolution: '480P',
			}),
		).not.toThrow();
	});

	test.each([
		['the video model', { prompt: 'p', model: 'grok-imagine-video' }, 'model must be one of "grok-imagine-image"'],
		[
			'2 images',
			{ prompt: 'p', model: 'grok-imagine-image', images: urls(2) },
			'images supports at most 1 image, got 2',
		],
		[
			'aspect ratio 4:3',
			{ prompt: 'p', model: 'grok-imagine-image', aspectRatio: '4:3' },
			'aspectRatio must be one of',
		],
	])('image: %s is refused', (_case, body, message) => {
		expect(() => image.validate(body)).toThrow(message);
	});
});
