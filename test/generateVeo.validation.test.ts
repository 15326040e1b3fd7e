import { expectRefused } from './helpers/expectRefused';
import { operationRunner, useSandbox } from './helpers/sandbox';

/**
 * Video → Generate (Veo 3.1): what pmock's page prohibits or requires is refused before
 * anything is sent, for values typed in and from expressions alike, with a message that names
 * the rule. Each case runs twice (stopping, and with continue on fail) and checks that the
 * sandbox received nothing.
 */

const ACCESS_KEY = 'ak-veo-validation-test';
const SECRET_KEY = 'sk-veo-validation-test';

const server = useSandbox(ACCESS_KEY, SECRET_KEY);

const generate = operationRunner(server, { resource: 'video', operation: 'generateVeo', prompt: 'a valid prompt' });

const refused = (parameters: Record<string, unknown>) =>
	expectRefused((options) => generate(parameters, options), server);

const IMAGE_RULE =
	'Allowed: image URLs only with action img2video (1 or 2) or model veo31_fast_ingredients (1 to 3, with text2video or img2video), none with get1080p (pmock prohibits them otherwise): leave the field empty.';

const TWO = '={{ ["https://example.com/a.png", "https://example.com/b.png"] }}';
const THREE = '={{ ["https://example.com/a.png", "https://example.com/b.png", "https://example.com/c.png"] }}';
const FOUR =
	'={{ ["https://example.com/a.png", "https://example.com/b.png", "https://example.com/c.png", "https://example.com/d.png"] }}';

describe('Generate (Veo 3.1) validation: Video ID only with get1080p, and required there', () => {
	test.each([
		['text2video', { action: '={{ "text2video" }}', videoId: '={{ "vid-1" }}' }],
		['img2video', { action: '={{ "img2video" }}', imageList: 'https://example.com/a.png', videoId: 'vid-1' }],
	])('a Video ID with %s (from an expression) is refused: pmock prohibits it', async (action, parameters) => {
		const error = await refused(parameters);
		expect(error.message).toBe(`Video ID (videoId) cannot be sent with action ${action}`);
		expect(error.description).toContain(
			'Allowed: a Video ID only with action get1080p (pmock prohibits it otherwise): leave the field empty.',
		);
	});

	test.each([
		['left empty', { action: 'get1080p' }],
		['blank', { action: 'get1080p', videoId: '   ' }],
		['empty from an expression', { action: '={{ "get1080p" }}', videoId: '={{ $json.missing }}' }],
	])('get1080p with the Video ID %s is refused', async (_case, parameters) => {
		const error = await refused(parameters);
		expect(error.message).toBe('Video ID (videoId) is empty');
		expect(error.description).toContain(
			'Allowed: the ID of the Veo video to get in 1080p: action get1080p requires it.',
		);
	});

	test('a Video ID that is not text is refused', async () => {
		const error = await refused({ action: 'get1080p', videoId: '={{ { id: 1 } }}' });
		expect(error.message).toBe('Video ID (videoId) must be text, not object');
	});
});

describe('Generate (Veo 3.1) validation: Image URLs by action and model', () => {
	test.each([
		[
			'text2video and veo31_fast',
			{ action: '={{ "text2video" }}', imageList: 'https://example.com/a.png' },
			'action text2video and model veo31_fast',
		],
		[
			'text2video and veo3_quality',
			{ action: '={{ "text2video" }}', model: 'veo3_quality', imageList: TWO },
			'action text2video and model veo3_quality',
		],
		[
			'get1080p',
			{ action: '={{ "get1080p" }}', videoId: 'vid-1', imageList: 'https://example.com/a.png' },
			'action get1080p',
		],
		[
			'get1080p with the ingredients model',
			{ action: '={{ "get1080p" }}', model: 'veo31_fast_ingredients', videoId: 'vid-1', imageList: TWO },
			'action get1080p',
		],
	])(
		'image URLs with %s (from an expression) are refused: pmock prohibits them',
		async (_case, parameters, combination) => {
			const error = await refused(parameters);
			expect(error.message).toBe(`Image URLs (imageList) cannot be sent with ${combination}`);
			expect(error.description).toContain(IMAGE_RULE);
		},
	);

	test.each([
		[
			'img2video, nothing entered',
			{ action: 'img2video' },
			'action img2video requires 1 or 2 (model veo31_fast_ingredients 1 to 3)',
		],
		[
			'img2video, blank lines only',
			{ action: 'img2video', imageList: ' \n\n ' },
			'action img2video requires 1 or 2 (model veo31_fast_ingredients 1 to 3)',
		],
		[
			'img2video, an empty list from an expression',
			{ action: '={{ "img2video" }}', imageList: '={{ [] }}' },
			'action img2video requires 1 or 2 (model veo31_fast_ingredients 1 to 3)',
		],
		[
			'text2video with the ingredients model',
			{ model: 'veo31_fast_ingredients' },
			'model veo31_fast_ingredients requires 1 to 3',
		],
		[
			'img2video with the ingredients model',
			{ action: 'img2video', model: 'veo31_fast_ingredients' },
			'model veo31_fast_ingredients requires 1 to 3',
		],
	])('no image URLs for %s are refused', async (_case, parameters, rule) => {
		const error = await refused(parameters);
		expect(error.message).toBe('Image URLs (imageList) is empty');
		expect(error.description).toContain(`Allowed: http(s) image URLs, one per line: ${rule}.`);
	});

	test.each([
		[
			'3 with img2video',
			{ action: 'img2video', imageList: THREE },
			3,
			'action img2video requires 1 or 2 (model veo31_fast_ingredients 1 to 3)',
		],
		[
			'3 lines with img2video',
			{
				action: 'img2video',
				imageList: 'https://example.com/a.png\nhttps://example.com/b.png\nhttps://example.com/c.png',
			},
			3,
			'action img2video requires 1 or 2 (model veo31_fast_ingredients 1 to 3)',
		],
		[
			'4 with the ingredients model',
			{ model: 'veo31_fast_ingredients', imageList: FOUR },
			4,
			'model veo31_fast_ingredients requires 1 to 3',
		],
		[
			'4 with img2video and the ingredients model',
			{ action: 'img2video', model: 'veo31_fast_ingredients', imageList: FOUR },
			4,
			'model veo31_fast_ingredients requires 1 to 3',
		],
	])('too many image URLs (%s) are refused', async (_case, parameters, count, rule) => {
		const error = await refused(parameters);
		expect(error.message).toBe(`Image URLs (imageList) has ${count} URLs`);
		expect(error.description).toContain(`Allowed: http(s) image URLs, one per line: ${rule}.`);
	});

	test.each([
		[
			'an ftp URL',
			'ftp://example.com/a.png',
			'Image URLs (imageList) must be an http(s) URL, not ftp: "ftp://example.com/a.png"',
		],
		['plain text', 'my photo', 'Image URLs (imageList) is not a valid URL: "my photo"'],
		[
			'a good URL and a bad one',
			'https://example.com/a.png\nfile:///tmp/b.png',
			'Image URLs (imageList) must be an http(s) URL, not file: "file:///tmp/b.png"',
		],
		['a number in a list', '={{ ["https://example.com/a.png", 7] }}', 'Image URLs (imageList) must be a URL, not 7'],
	])('img2video with %s is refused', async (_case, imageList, message) => {
		const error = await refused({ action: 'img2video', imageList });
		expect(error.message).toBe(message);
	});
});

describe('Generate (Veo 3.1) validation: values outside the lists', () => {
	test.each([
		[
			'action',
			{ action: '={{ "video2video" }}' },
			'Action (action) cannot be "video2video"',
			'Allowed: one of text2video, img2video, get1080p.',
		],
		[
			'model',
			{ model: '={{ "veo4" }}' },
			'Model (model) cannot be "veo4"',
			'Allowed: one of veo3_fast, veo2_fast, veo3_quality, veo2_quality, veo31_fast, veo31_quality, veo31_fast_ingredients.',
		],
		['a Sora model', { model: '={{ "sora-2" }}' }, 'Model (model) cannot be "sora-2"', 'Allowed: one of veo3_fast'],
		[
			'aspect ratio',
			{ aspectRatio: '={{ "21:9" }}' },
			'Aspect Ratio (aspectRatio) cannot be "21:9"',
			'Allowed: one of 16:9, 9:16, 1:1, 3:4, 4:3.',
		],
		[
			'translation',
			{ translation: '={{ "yes" }}' },
			'Translation (translation) cannot be "yes"',
			'Allowed: true or false.',
		],
	])('%s outside the spec list is refused', async (_case, parameters, message, allowed) => {
		const error = await refused(parameters);
		expect(error.message).toBe(message);
		expect(error.description).toContain(allowed);
	});

	test.each([
		['empty', '', 'Prompt (prompt) is empty', 'Allowed: at least 1 character.'],
		['spaces only', '   ', 'Prompt (prompt) is empty', 'Allowed: at least 1 character.'],
		[
			'zero-width characters only',
			'\u200b\u200b',
			'Prompt (prompt) has no visible characters',
			'Allowed: at least 1 character, at least one of them',
		],
	])('a prompt %s is refused, for get1080p too', async (_case, prompt, message, allowed) => {
		for (const parameters of [{ prompt }, { prompt, action: 'get1080p', videoId: 'vid-1' }]) {
			const error = await refused(parameters);
			expect(error.message).toMatch(new RegExp(`^${message.replace(/[()]/g, '\\$&')}`));
			expect(error.description).toContain(allowed);
		}
	});
});
