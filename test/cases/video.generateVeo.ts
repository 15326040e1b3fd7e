import type { OperationCases, RefusedCase } from './types';

/** Video → Generate (Veo 3.1) and its actions: nodes/Pmock/operations/video/generateVeo.ts. */

const PROMPT = 'A hummingbird drinking from a red flower, macro, slow motion';

/** What only a prompt sends: the page's required fields with the node's defaults. */
const DEFAULT_BODY = {
	prompt: PROMPT,
	action: 'text2video',
	model: 'veo31_fast',
	aspectRatio: '16:9',
	translation: false,
};

const MODELS = ['veo3_fast', 'veo2_fast', 'veo3_quality', 'veo2_quality', 'veo31_fast', 'veo31_quality'];

const INGREDIENTS = 'veo31_fast_ingredients';

const URLS = ['https://example.com/1.png', 'https://example.com/2.png', 'https://example.com/3.png'];

const TWO = '={{ ["https://example.com/a.png", "https://example.com/b.png"] }}';
const THREE = '={{ ["https://example.com/a.png", "https://example.com/b.png", "https://example.com/c.png"] }}';
const FOUR =
	'={{ ["https://example.com/a.png", "https://example.com/b.png", "https://example.com/c.png", "https://example.com/d.png"] }}';

const IMAGE_RULE =
	'Allowed: image URLs only with action img2video (1 or 2) or model veo31_fast_ingredients (1 to 3, with text2video or img2video), none with get1080p (pmock prohibits them otherwise): leave the field empty.';

const IMG2VIDEO_RULE = 'action img2video requires 1 or 2 (model veo31_fast_ingredients 1 to 3)';
const INGREDIENTS_RULE = 'model veo31_fast_ingredients requires 1 to 3';

/** Refused with a valid prompt unless the case sets its own. */
const refused = (title: string, parameters: Record<string, unknown>, message: string, description?: string) =>
	({ title, parameters: { veoPrompt: 'a valid prompt', ...parameters }, message, description }) as RefusedCase;

export const veoCases: OperationCases = {
	resource: 'video',
	operation: 'generateVeo',
	path: '/ai/gi/video/generate',
	sends: [
		{
			title: 'only the prompt: text2video with Veo 3.1 Fast, 16:9, no translation',
			parameters: { veoPrompt: PROMPT },
			body: DEFAULT_BODY,
		},
		...MODELS.map((model) => ({
			title: `text2video with ${model}`,
			parameters: { veoPrompt: PROMPT, veoModel: model },
			body: { ...DEFAULT_BODY, model },
		})),
		...['16:9', '9:16', '1:1', '3:4', '4:3'].map((aspectRatio) => ({
			title: `aspect ratio ${aspectRatio}, with translation on`,
			parameters: { veoPrompt: 'Un colibri', veoAspectRatio: aspectRatio, veoTranslation: true },
			body: { ...DEFAULT_BODY, prompt: 'Un colibri', aspectRatio, translation: true },
		})),
		{
			title: 'text2video with Veo 3.1 Fast Ingredients and its 3 reference images',
			parameters: {
				veoPrompt: 'The cat wears the hat on the beach',
				veoModel: INGREDIENTS,
				veoImageList: URLS.join('\n'),
			},
			body: { ...DEFAULT_BODY, prompt: 'The cat wears the hat on the beach', model: INGREDIENTS, imageList: URLS },
		},
		...MODELS.map((model) => ({
			title: `img2video with ${model} and 1 image URL`,
			parameters: {
				veoPrompt: PROMPT,
				veoAction: 'img2video',
				veoModel: model,
				veoImageList: 'https://example.com/flower.jpg',
			},
			body: { ...DEFAULT_BODY, action: 'img2video', model, imageList: ['https://example.com/flower.jpg'] },
		})),
		{
			title: 'img2video with 2 image URLs, one per line: blank lines and spaces dropped, URLs percent-encoded',
			parameters: {
				veoPrompt: PROMPT,
				veoAction: 'img2video',
				veoModel: 'veo31_quality',
				veoImageList: '\n https://example.com/first frame.jpg \r\n\r\nhttps://example.com/last.jpg\n',
				veoAspectRatio: '9:16',
			},
			body: {
				...DEFAULT_BODY,
				action: 'img2video',
				model: 'veo31_quality',
				imageList: ['https://example.com/first%20frame.jpg', 'https://example.com/last.jpg'],
				aspectRatio: '9:16',
			},
		},
		{
			title: 'img2video with Veo 3.1 Fast Ingredients and 3 image URLs',
			parameters: { veoPrompt: PROMPT, veoAction: 'img2video', veoModel: INGREDIENTS, veoImageList: URLS.join('\n') },
			body: { ...DEFAULT_BODY, action: 'img2video', model: INGREDIENTS, imageList: URLS },
		},
		...[...MODELS, INGREDIENTS].map((model) => ({
			title: `get1080p with ${model}: prompt, action, model and the video ID only`,
			parameters: {
				veoPrompt: 'The hummingbird video',
				veoAction: 'get1080p',
				veoModel: model,
				veoVideoId: ' veo-video-42 ',
			},
			body: { prompt: 'The hummingbird video', action: 'get1080p', model, videoId: 'veo-video-42' },
		})),
		{
			title: "a prompt longer than Sora's 5000 characters: pmock sets Veo no limit",
			parameters: { veoPrompt: 'a'.repeat(6000) },
			body: { ...DEFAULT_BODY, prompt: 'a'.repeat(6000) },
		},
		{
			title: 'a Video ID and image URLs left in the form after switching to text2video are not sent',
			parameters: {
				veoPrompt: PROMPT,
				veoAction: 'text2video',
				veoVideoId: 'vid-old',
				veoImageList: 'https://example.com/old.png',
			},
			body: DEFAULT_BODY,
		},
	],
	refuses: [
		refused(
			'a Video ID with text2video (from an expression): pmock prohibits it',
			{ veoAction: '={{ "text2video" }}', veoVideoId: '={{ "vid-1" }}' },
			'Video ID (videoId) cannot be sent with action text2video',
			'Allowed: a Video ID only with action get1080p (pmock prohibits it otherwise): leave the field empty.',
		),
		refused(
			'a Video ID with img2video (from an expression): pmock prohibits it',
			{ veoAction: '={{ "img2video" }}', veoImageList: 'https://example.com/a.png', veoVideoId: 'vid-1' },
			'Video ID (videoId) cannot be sent with action img2video',
			'Allowed: a Video ID only with action get1080p (pmock prohibits it otherwise): leave the field empty.',
		),
		...[
			['left empty', { veoAction: 'get1080p' }],
			['blank', { veoAction: 'get1080p', veoVideoId: '   ' }],
			['empty from an expression', { veoAction: '={{ "get1080p" }}', veoVideoId: '={{ $json.missing }}' }],
		].map(([title, parameters]) =>
			refused(
				`get1080p with the Video ID ${title as string}`,
				parameters as Record<string, unknown>,
				'Video ID (videoId) is empty',
				'Allowed: the ID of the Veo video to get in 1080p: action get1080p requires it.',
			),
		),
		refused(
			'a Video ID that is not text',
			{ veoAction: 'get1080p', veoVideoId: '={{ { id: 1 } }}' },
			'Video ID (videoId) must be text, not object',
		),
		...[
			[
				'text2video and veo31_fast',
				{ veoAction: '={{ "text2video" }}', veoImageList: 'https://example.com/a.png' },
				'action text2video and model veo31_fast',
			],
			[
				'text2video and veo3_quality',
				{ veoAction: '={{ "text2video" }}', veoModel: 'veo3_quality', veoImageList: TWO },
				'action text2video and model veo3_quality',
			],
			[
				'get1080p',
				{ veoAction: '={{ "get1080p" }}', veoVideoId: 'vid-1', veoImageList: 'https://example.com/a.png' },
				'action get1080p',
			],
			[
				'get1080p with the ingredients model',
				{ veoAction: '={{ "get1080p" }}', veoModel: INGREDIENTS, veoVideoId: 'vid-1', veoImageList: TWO },
				'action get1080p',
			],
		].map(([title, parameters, combination]) =>
			refused(
				`image URLs with ${title as string} (from an expression): pmock prohibits them`,
				parameters as Record<string, unknown>,
				`Image URLs (imageList) cannot be sent with ${combination as string}`,
				IMAGE_RULE,
			),
		),
		...[
			['img2video, nothing entered', { veoAction: 'img2video' }, IMG2VIDEO_RULE],
			['img2video, blank lines only', { veoAction: 'img2video', veoImageList: ' \n\n ' }, IMG2VIDEO_RULE],
			[
				'img2video, an empty list from an expression',
				{ veoAction: '={{ "img2video" }}', veoImageList: '={{ [] }}' },
				IMG2VIDEO_RULE,
			],
			['text2video with the ingredients model', { veoModel: INGREDIENTS }, INGREDIENTS_RULE],
			['img2video with the ingredients model', { veoAction: 'img2video', veoModel: INGREDIENTS }, INGREDIENTS_RULE],
		].map(([title, parameters, rule]) =>
			refused(
				`no image URLs for ${title as string}`,
				parameters as Record<string, unknown>,
				'Image URLs (imageList) is empty',
				`Allowed: http(s) image URLs, one per line: ${rule as string}.`,
			),
		),
		...[
			['3 with img2video', { veoAction: 'img2video', veoImageList: THREE }, 3, IMG2VIDEO_RULE],
			[
				'3 lines with img2video',
				{
					veoAction: 'img2video',
					veoImageList: 'https://example.com/a.png\nhttps://example.com/b.png\nhttps://example.com/c.png',
				},
				3,
				IMG2VIDEO_RULE,
			],
			['4 with the ingredients model', { veoModel: INGREDIENTS, veoImageList: FOUR }, 4, INGREDIENTS_RULE],
			[
				'4 with img2video and the ingredients model',
				{ veoAction: 'img2video', veoModel: INGREDIENTS, veoImageList: FOUR },
				4,
				INGREDIENTS_RULE,
			],
		].map(([title, parameters, count, rule]) =>
			refused(
				`too many image URLs: ${title as string}`,
				parameters as Record<string, unknown>,
				`Image URLs (imageList) has ${count as number} URLs`,
				`Allowed: http(s) image URLs, one per line: ${rule as string}.`,
			),
		),
		...[
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
		].map(([title, imageList, message]) =>
			refused(`img2video with ${title}`, { veoAction: 'img2video', veoImageList: imageList }, message),
		),
		refused(
			'an action outside the spec list',
			{ veoAction: '={{ "video2video" }}' },
			'Action (action) cannot be "video2video"',
			'Allowed: one of text2video, img2video, get1080p.',
		),
		refused(
			'a model outside the spec list',
			{ veoModel: '={{ "veo4" }}' },
			'Model (model) cannot be "veo4"',
			'Allowed: one of veo3_fast, veo2_fast, veo3_quality, veo2_quality, veo31_fast, veo31_quality, veo31_fast_ingredients.',
		),
		refused(
			'a Sora model',
			{ veoModel: '={{ "sora-2" }}' },
			'Model (model) cannot be "sora-2"',
			'Allowed: one of veo3_fast',
		),
		refused(
			'an aspect ratio outside the spec list',
			{ veoAspectRatio: '={{ "21:9" }}' },
			'Aspect Ratio (aspectRatio) cannot be "21:9"',
			'Allowed: one of 16:9, 9:16, 1:1, 3:4, 4:3.',
		),
		refused(
			'translation given as "yes"',
			{ veoTranslation: '={{ "yes" }}' },
			'Translation (translation) cannot be "yes"',
			'Allowed: true or false.',
		),
		...[
			['empty', '', 'Prompt (prompt) is empty', 'Allowed: at least 1 character.'],
			['spaces only', '   ', 'Prompt (prompt) is empty', 'Allowed: at least 1 character.'],
			[
				'zero-width characters only',
				'\u200b\u200b',
				'Prompt (prompt) has no visible characters',
				'Allowed: at least 1 character, at least one of them',
			],
		].flatMap(([title, prompt, message, description]) => [
			refused(`a prompt ${title}`, { veoPrompt: prompt }, message, description),
			refused(
				`a prompt ${title}, for get1080p too`,
				{ veoPrompt: prompt, veoAction: 'get1080p', veoVideoId: 'vid-1' },
				message,
				description,
			),
		]),
	],
};
