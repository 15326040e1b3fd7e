import { expectRefused } from './helpers/expectRefused';
import { operationRunner, useSandbox } from './helpers/sandbox';

const ACCESS_KEY = 'ak-v1-validation-test';
const SECRET_KEY = 'sk-v1-validation-test';

const server = useSandbox(ACCESS_KEY, SECRET_KEY);

const generate = operationRunner(server, { resource: 'video', operation: 'generateV1', prompt: 'a valid prompt' });

const refused = (parameters: Record<string, unknown>) =>
	expectRefused((options) => generate(parameters, options), server);

const SIZE_RULE = 'Allowed: small with sora-2; small, large with sora-2-pro.';
const DURATION_RULE = 'Allowed: 10 seconds with sora-2; 10, 15, 25 seconds with sora-2-pro.';

describe('Generate (Sora 2 / 2 Pro) validation: the Pro-only rules', () => {
	test.each([
		['model and size from expressions', { model: '={{ "sora-2" }}', size: '={{ "large" }}' }],
		['size left at large after switching the model back to Sora 2', { model: 'sora-2', size: 'large' }],
	])('large with Sora 2 (%s) names the model it needs', async (_case, parameters) => {
		const error = await refused(parameters);
		expect(error.message).toBe('Size (size) "large" needs model sora-2-pro');
		expect(error.description).toContain(SIZE_RULE);
	});

	test.each([
		[15, { model: '={{ "sora-2" }}', duration: '={{ 15 }}' }],
		[25, { model: '={{ "sora-2" }}', duration: '={{ "25" }}' }],
		[25, { model: 'sora-2', duration: 25 }],
	])('%d seconds with Sora 2 (%j) names the model it needs', async (seconds, parameters) => {
		const error = await refused(parameters);
		expect(error.message).toBe(`Duration (duration) ${seconds} needs model sora-2-pro`);
		expect(error.description).toContain(DURATION_RULE);
	});

	test('the same values with Sora 2 Pro are sent', async () => {
		await generate({ model: '={{ "sora-2-pro" }}', size: '={{ "large" }}', duration: '={{ "25" }}' });
		expect(server.requests).toHaveLength(1);
		expect(server.requests[0].body).toMatchObject({ model: 'sora-2-pro', size: 'large', duration: 25 });
	});

	test.each([
		[
			'size',
			{ model: 'sora-2-pro', size: '={{ "medium" }}' },
			'Size (size) cannot be "medium"',
			'Allowed: one of small, large.',
		],
		[
			'duration',
			{ model: 'sora-2-pro', duration: '={{ 20 }}' },
			'Duration (duration) cannot be 20',
			'Allowed: one of 10, 15, 25 (seconds).',
		],
		['model', { model: '={{ "sora-3" }}' }, 'Model (model) cannot be "sora-3"', 'Allowed: one of sora-2, sora-2-pro.'],
		[
			'orientation',
			{ orientation: '={{ "square" }}' },
			'Orientation (orientation) cannot be "square"',
			'Allowed: one of landscape, portrait.',
		],
		[
			'removeWatermark',
			{ removeWatermark: '={{ "yes" }}' },
			'Remove Watermark (removeWatermark) cannot be "yes"',
			'Allowed: true or false.',
		],
	])('%s outside the spec list is refused', async (_case, parameters, message, allowed) => {
		const error = await refused(parameters);
		expect(error.message).toBe(message);
		expect(error.description).toContain(allowed);
	});

	test.each([
		['empty', '', 'Prompt (prompt) is empty'],
		['5001 characters', 'x'.repeat(5001), 'Prompt (prompt) is too long: 5001 characters, 1 over the limit'],
	])('prompt %s is refused', async (_case, prompt, message) => {
		const error = await refused({ prompt });
		expect(error.message).toBe(message);
	});

	test.each([
		[
			'ftp URL',
			'ftp://example.com/a.png',
			'Image URL (images) must be an http(s) URL, not ftp: "ftp://example.com/a.png"',
		],
		['plain text', 'my photo', 'Image URL (images) is not a valid URL: "my photo"'],
		[
			'two URLs',
			'={{ ["https://example.com/a.png", "https://example.com/b.png"] }}',
			'Image URL (images) has 2 images',
		],
	])('image: %s is refused', async (_case, images, message) => {
		const error = await refused({ images });
		expect(error.message).toBe(message);
	});
});
