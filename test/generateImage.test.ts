import { generateImage as imageEndpoint } from '../sandbox/endpoints';
import { expectRefused } from './helpers/expectRefused';
import { operationRunner, theOneBodySent, useSandbox } from './helpers/sandbox';

/**
 * Image → Generate (Nano Banana): the exact body of both actions, both models, every
 * resolution and aspect ratio, through n8n-core's RoutingNode (each body also checked against
 * the sandbox's rules, written from pmock's page); and what is refused before sending.
 */

const ACCESS_KEY = 'ak-image-test';
const SECRET_KEY = 'sk-image-test';

const server = useSandbox(ACCESS_KEY, SECRET_KEY);

const generate = operationRunner(server, { resource: 'image', operation: 'generate' });

const refused = (parameters: Record<string, unknown>) =>
	expectRefused((options) => generate({ prompt: 'a valid prompt', ...parameters }, options), server);

/** The one request sent: signed, to the image path, and acceptable to the sandbox's reading of the page. */
const sentBody = () => theOneBodySent(server, imageEndpoint);

const PROMPT = 'A jar of honey on a wooden table, morning light, product photo';

const DEFAULT_BODY = {
	prompt: PROMPT,
	action: 'generate',
	numImages: 1,
	model: 'nano-banana-fast',
	resolution: '1K',
	aspectRatio: '1:1',
};

describe('Image → Generate (Nano Banana) request', () => {
	test('defaults: only a prompt set generates one 1K square image with Nano Banana Fast, and outputs the taskId', async () => {
		const output = await generate({ prompt: PROMPT });
		expect(sentBody()).toStrictEqual(DEFAULT_BODY);
		expect(server.requests[0].rawBody).toContain('"numImages":1');
		expect(output).toStrictEqual([
			{ json: { taskId: 'task-1', traceId: 'trace-1', message: 'success' }, pairedItem: { item: 0 } },
		]);
	});

	const combinations = ['nano-banana-fast', 'nano-banana-pro'].flatMap((model) =>
		['1K', '2K', '4K'].map((resolution) => [model, resolution]),
	);

	test.each(combinations)('%s at %s', async (model, resolution) => {
		await generate({ prompt: PROMPT, model, resolution });
		expect(sentBody()).toStrictEqual({ ...DEFAULT_BODY, model, resolution });
	});

	test.each(['21:9', '1:1', '4:3', '3:2', '2:3', '5:4', '4:5', '3:4', '16:9', '9:16'])(
		'aspect ratio %s',
		async (aspectRatio) => {
			await generate({ prompt: PROMPT, aspectRatio });
			expect(sentBody()).toStrictEqual({ ...DEFAULT_BODY, aspectRatio });
		},
	);

	test('edit: the image URLs, one per line, are sent as imageUrls, percent-encoded', async () => {
		await generate({
			prompt: 'Put the jar on a marble counter',
			action: 'edit',
			model: 'nano-banana-pro',
			resolution: '2K',
			imageUrls: 'https://example.com/jar.png\n\n  https://example.com/marble counter.jpg  \n',
			aspectRatio: '4:5',
		});
		expect(sentBody()).toStrictEqual({
			prompt: 'Put the jar on a marble counter',
			action: 'edit',
			numImages: 1,
			model: 'nano-banana-pro',
			resolution: '2K',
			imageUrls: ['https://example.com/jar.png', 'https://example.com/marble%20counter.jpg'],
			aspectRatio: '4:5',
		});
	});

	test('per item from expressions: generate and edit, a list or one URL, in input order', async () => {
		const items = [
			{ action: 'generate', idea: 'a red kite', images: '' },
			{ action: 'edit', idea: 'make it blue', images: ['https://example.com/kite.png', 'https://example.com/sky.png'] },
			{ action: 'edit', idea: 'add a tail', images: 'https://example.com/kite.png' },
		];
		server.reset((request) => {
			const prompt = (request.body as { prompt: string }).prompt;
			return { body: { code: 200, message: 'ok', data: { taskId: `task-${prompt}` }, traceId: 't' } };
		});
		const output = await generate(
			{ prompt: '={{ $json.idea }}', action: '={{ $json.action }}', imageUrls: '={{ $json.images }}' },
			{ items },
		);
		const byPrompt = Object.fromEntries(
			server.requests.map((request) => [(request.body as { prompt: string }).prompt, request.body]),
		);
		expect(byPrompt).toStrictEqual({
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

	test('image URLs left in the form after switching back to Generate are not sent (n8n routes only the fields shown)', async () => {
		await generate({ prompt: PROMPT, action: 'generate', imageUrls: 'https://example.com/old.png' });
		expect(sentBody()).toStrictEqual(DEFAULT_BODY);
	});
});

describe('Image → Generate (Nano Banana) validation: nothing is sent for invalid input', () => {
	test.each([
		['nothing entered', { action: 'edit' }],
		['blank lines only', { action: 'edit', imageUrls: '\n  \n' }],
		['an empty list from an expression', { action: '={{ "edit" }}', imageUrls: '={{ [] }}' }],
	])('edit with %s is refused: edit requires image URLs', async (_case, parameters) => {
		const error = await refused(parameters);
		expect(error.message).toBe('Image URLs (imageUrls) is empty');
		expect(error.description).toContain(
			'Allowed: one or more http(s) image URLs, one per line: action edit requires them.',
		);
	});

	test('generate with image URLs from an expression is refused: they are the images to edit', async () => {
		const error = await refused({ action: '={{ "generate" }}', imageUrls: '={{ ["https://example.com/a.png"] }}' });
		expect(error.message).toBe('Image URLs (imageUrls) cannot be sent with action generate');
		expect(error.description).toContain(
			'Allowed: image URLs only with action edit (the images to change): leave the field empty, or choose edit.',
		);
	});

	test.each([
		[
			'an ftp URL',
			'ftp://example.com/a.png',
			'Image URLs (imageUrls) must be an http(s) URL, not ftp: "ftp://example.com/a.png"',
		],
		['plain text', 'my photo', 'Image URLs (imageUrls) is not a valid URL: "my photo"'],
		[
			'a data URL',
			'data:image/png;base64,iVBORw0KGgo=',
			'Image URLs (imageUrls) must be an http(s) URL, not data: "data:image/png;base64,iVBORw0KGgo="',
		],
	])('edit with %s is refused', async (_case, imageUrls, message) => {
		const error = await refused({ action: 'edit', imageUrls });
		expect(error.message).toBe(message);
		expect(error.description).toContain('Allowed: a public http:// or https:// address');
	});

	test.each([
		[
			'action',
			{ action: '={{ "upscale" }}' },
			'Action (action) cannot be "upscale"',
			'Allowed: one of generate, edit.',
		],
		[
			'model',
			{ model: '={{ "nano-banana-2" }}' },
			'Model (model) cannot be "nano-banana-2"',
			'Allowed: one of nano-banana-fast, nano-banana-pro.',
		],
		[
			'resolution',
			{ resolution: '={{ "8K" }}' },
			'Resolution (resolution) cannot be "8K"',
			'Allowed: one of 1K, 2K, 4K.',
		],
		[
			'aspect ratio',
			{ aspectRatio: '={{ "7:3" }}' },
			'Aspect Ratio (aspectRatio) cannot be "7:3"',
			'Allowed: one of 21:9, 1:1, 4:3, 3:2, 2:3, 5:4, 4:5, 3:4, 16:9, 9:16.',
		],
	])('%s outside the spec list is refused', async (_case, parameters, message, allowed) => {
		const error = await refused(parameters);
		expect(error.message).toBe(message);
		expect(error.description).toContain(allowed);
	});

	test('an empty prompt is refused', async () => {
		const error = await refused({ prompt: '' });
		expect(error.message).toBe('Prompt (prompt) is empty');
		expect(error.description).toContain('Allowed: at least 1 character.');
	});
});
