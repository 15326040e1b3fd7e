import { expectRefused as sharedExpectRefused } from './helpers/expectRefused';
import { failureOf } from './helpers/failures';
import { operationRunner, useSandbox } from './helpers/sandbox';

const ACCESS_KEY = 'ak-validation-test';
const SECRET_KEY = 'sk-validation-test';

const server = useSandbox(ACCESS_KEY, SECRET_KEY);

const generate = operationRunner(server, { resource: 'video', operation: 'generateV2', prompt: 'a valid prompt' });

/** Refused before sending: see helpers/expectRefused.ts. */
const expectRefused = (parameters: Record<string, unknown>) =>
	sharedExpectRefused((options) => generate(parameters, options), server);

const A_URL = 'https://example.com/a.png';

describe('Generate (Sora 2) validation: nothing is sent for invalid input', () => {
	test.each([
		['empty', '', /^Prompt \(prompt\) is empty$/, /Allowed: 1 to 5000 characters/],
		['blank', '  \n\t ', /^Prompt \(prompt\) is empty$/, /Allowed: 1 to 5000 characters/],
		[
			'5001 characters',
			'x'.repeat(5001),
			/^Prompt \(prompt\) is too long: 5001 characters, 1 over the limit$/,
			/at most 5000 characters/,
		],
		['2501 emoji (5002 UTF-16 units)', '🎬'.repeat(2501), /is too long: 5002 characters/, /emoji .* counts as 2/],
		[
			'an object from an expression',
			'={{ { text: "hi" } }}',
			/^Prompt \(prompt\) must be text, not object$/,
			/1 to 5000 characters/,
		],
	])('prompt: %s', async (_case, prompt, message, description) => {
		const error = await expectRefused({ prompt });
		expect(error.message).toMatch(message);
		expect(error.description).toMatch(description);
	});

	test('prompt of exactly 5000 characters is accepted', async () => {
		await generate({ prompt: 'y'.repeat(5000) });
		expect(server.requests).toHaveLength(1);
		expect((server.requests[0].body as { prompt: string }).prompt).toHaveLength(5000);
	});

	test.each([
		['ftp URL', 'ftp://example.com/a.png', /must be an http\(s\) URL, not ftp: "ftp:\/\/example.com\/a.png"/],
		['file URL', 'file:///etc/passwd', /must be an http\(s\) URL, not file/],
		['javascript URL', 'javascript:alert(1)', /must be an http\(s\) URL, not javascript/],
		['data URI', 'data:image/png;base64,AAAA', /must be an http\(s\) URL, not data/],
		['plain text', 'my holiday photo', /is not a valid URL: "my holiday photo"/],
		['a number from an expression', '={{ 42 }}', /must be a URL, not 42/],
	])('image: %s', async (_case, images, message) => {
		const error = await expectRefused({ images });
		expect(error.message).toMatch(/^Image URL \(images\) /);
		expect(error.message).toMatch(message);
		expect(error.description).toMatch(/Allowed: a public http:\/\/ or https:\/\/ address/);
	});

	test('image: two URLs from an expression are refused (the API takes one)', async () => {
		const error = await expectRefused({ images: `={{ ["${A_URL}", "https://example.com/b.png"] }}` });
		expect(error.message).toBe('Image URL (images) has 2 images');
		expect(error.description).toMatch(/Allowed: at most 1 image URL per request/);
	});

	test.each([
		['12', '={{ 12 }}', '12'],
		['"abc"', '={{ "abc" }}', '"abc"'],
		['25', '={{ 25 }}', '25'],
		['empty', '={{ "" }}', '""'],
	])('duration %s from an expression is refused', async (_case, duration, shown) => {
		const error = await expectRefused({ duration });
		expect(error.message).toBe(`Duration (duration) cannot be ${shown}`);
		expect(error.description).toMatch(/Allowed: one of 10, 15 \(seconds\)/);
	});

	test('style not in the list is refused, naming the allowed styles', async () => {
		const error = await expectRefused({ styleId: '={{ "pixar" }}' });
		expect(error.message).toBe('Style (styleId) cannot be "pixar"');
		expect(error.description).toMatch(
			/Allowed: one of anime, selfie, golden, handheld, festive, retro, news, chaos, vintage, comic, kakalaka, sitcom\./,
		);
	});

	test('orientation not in the list is refused', async () => {
		const error = await expectRefused({ orientation: '={{ "square" }}' });
		expect(error.message).toBe('Orientation (orientation) cannot be "square"');
		expect(error.description).toMatch(/Allowed: one of landscape, portrait\./);
	});

	test('model not in the list is refused', async () => {
		const error = await expectRefused({ model: '={{ "sora-2-pro" }}' });
		expect(error.message).toBe('Model (model) cannot be "sora-2-pro"');
		expect(error.description).toMatch(/Allowed: one of sora-2\./);
	});

	test('booleans given as anything but true/false are refused', async () => {
		const error = await expectRefused({ removeWatermark: '={{ "yes" }}' });
		expect(error.message).toBe('Remove Watermark (removeWatermark) cannot be "yes"');
		expect(error.description).toMatch(/Allowed: true or false\./);
	});

	test('values that expressions give as text are sent with the spec type', async () => {
		await generate({ duration: '={{ "15" }}', removeWatermark: '={{ "true" }}', storyboard: '={{ "false" }}' });
		expect(server.requests).toHaveLength(1);
		expect(server.requests[0].body).toMatchObject({ duration: 15, removeWatermark: true, storyboard: false });
	});

	test('an image URL with a space is sent percent-encoded', async () => {
		await generate({ images: ' https://example.com/my photo.jpg ' });
		expect(server.requests[0].body).toMatchObject({ images: ['https://example.com/my%20photo.jpg'] });
	});

	test('the error names the failing item; the valid items before and after are not sent when the node stops', async () => {
		const error = await failureOf(
			generate(
				{ prompt: '={{ $json.prompt }}' },
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
