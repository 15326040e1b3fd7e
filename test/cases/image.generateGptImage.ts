import type { OperationCases } from './types';

/**
 * Image → Generate (GPT Image 2): one row per choice of What Comes Back, as each sends to its
 * own endpoint and answers differently. Between them every field and every enum value is sent
 * once (parameters are the version 2 names).
 */

const PROMPT = 'A watercolour lighthouse on a cliff at dawn';

/** What both endpoints get when only the prompt is set. */
const DEFAULTS = {
	prompt: PROMPT,
	model: 'gpt-image-2',
	n: 1,
	size: 'auto',
	quality: 'auto',
	background: 'auto',
	outputFormat: 'png',
	moderation: 'auto',
};

/** What Comes Back → Task ID: POST /ai/openai/images/generate, answered with a taskId; it can edit. */
export const gptImageTaskCases: OperationCases = {
	resource: 'image',
	operation: 'generateGptImage',
	path: '/ai/openai/images/generate',
	answer: 'taskId',
	sends: [
		{
			title: 'only the prompt: a new image, the defaults of every list',
			parameters: { gptImageReturn: 'taskId', gptImagePrompt: PROMPT },
			body: { ...DEFAULTS, responseFormat: 'b64_json' },
		},
		{
			title: 'square, low quality, opaque JPEG at 60, low moderation, url',
			parameters: {
				gptImageReturn: 'taskId',
				gptImagePrompt: PROMPT,
				gptImageSize: '1024x1024',
				gptImageQuality: 'low',
				gptImageBackground: 'opaque',
				gptImageOutputFormat: 'jpeg',
				gptImageOutputCompression: 60,
				gptImageModeration: 'low',
				gptImageResponseFormat: 'url',
			},
			body: {
				...DEFAULTS,
				size: '1024x1024',
				quality: 'low',
				background: 'opaque',
				outputFormat: 'jpeg',
				outputCompression: 60,
				moderation: 'low',
				responseFormat: 'url',
			},
		},
		{
			title: 'portrait, medium quality, transparent WebP at 0',
			parameters: {
				gptImageReturn: 'taskId',
				gptImagePrompt: PROMPT,
				gptImageSize: '1024x1536',
				gptImageQuality: 'medium',
				gptImageBackground: 'transparent',
				gptImageOutputFormat: 'webp',
				gptImageOutputCompression: 0,
			},
			body: {
				...DEFAULTS,
				size: '1024x1536',
				quality: 'medium',
				background: 'transparent',
				outputFormat: 'webp',
				outputCompression: 0,
				responseFormat: 'b64_json',
			},
		},
		{
			title: 'an edit: two images, a mask, high input fidelity, landscape, high quality',
			parameters: {
				gptImageReturn: 'taskId',
				gptImagePrompt: 'Make the sky stormy',
				gptImageUrls: 'https://example.com/lighthouse.png\nhttps://example.com/sky ref.png',
				gptImageMask: 'https://example.com/mask.png',
				gptImageInputFidelity: 'high',
				gptImageSize: '1536x1024',
				gptImageQuality: 'high',
			},
			body: {
				...DEFAULTS,
				prompt: 'Make the sky stormy',
				image: ['https://example.com/lighthouse.png', 'https://example.com/sky%20ref.png'],
				mask: 'https://example.com/mask.png',
				inputFidelity: 'high',
				size: '1536x1024',
				quality: 'high',
				responseFormat: 'b64_json',
			},
		},
		{
			title: 'an edit with the default (low) input fidelity and standard quality',
			parameters: {
				gptImageReturn: 'taskId',
				gptImagePrompt: 'Add a boat',
				gptImageUrls: 'https://example.com/lighthouse.png',
				gptImageQuality: 'standard',
			},
			body: {
				...DEFAULTS,
				prompt: 'Add a boat',
				image: ['https://example.com/lighthouse.png'],
				inputFidelity: 'low',
				quality: 'standard',
				responseFormat: 'b64_json',
			},
		},
	],
	refuses: [
		{ title: 'an empty prompt', parameters: { gptImageReturn: 'taskId' }, message: 'Prompt (prompt) is empty' },
		{
			title: 'a mask without images',
			parameters: { gptImageReturn: 'taskId', gptImagePrompt: PROMPT, gptImageMask: 'https://example.com/m.png' },
			message: 'Mask URL (mask) cannot be sent without Image URLs',
		},
		{
			title: 'high input fidelity without images',
			parameters: { gptImageReturn: 'taskId', gptImagePrompt: PROMPT, gptImageInputFidelity: 'high' },
			message: 'Input Fidelity (inputFidelity) cannot be high without Image URLs',
		},
		{
			title: 'an image on localhost',
			parameters: { gptImageReturn: 'taskId', gptImagePrompt: PROMPT, gptImageUrls: 'http://localhost/a.png' },
			message: /^Image URLs \(image\) points at localhost/,
		},
		{
			title: 'two masks',
			parameters: {
				gptImageReturn: 'taskId',
				gptImagePrompt: PROMPT,
				gptImageUrls: 'https://example.com/a.png',
				gptImageMask: 'https://example.com/m.png\nhttps://example.com/n.png',
			},
			message: 'Mask URL (mask) holds 2 URLs',
		},
		{
			title: '17 images',
			parameters: {
				gptImageReturn: 'taskId',
				gptImagePrompt: PROMPT,
				gptImageUrls: Array.from({ length: 17 }, (_, i) => `https://example.com/${i}.png`).join('\n'),
			},
			message: 'Image URLs (image) has 17 URLs',
		},
		{
			title: 'a compression level of 101',
			parameters: {
				gptImageReturn: 'taskId',
				gptImagePrompt: PROMPT,
				gptImageOutputFormat: 'jpeg',
				gptImageOutputCompression: 101,
			},
			message: 'Output Compression (outputCompression) cannot be 101',
		},
	],
};

/** What Comes Back → Image: POST /ai/openai/v1/images/generations, answered with the image itself. */
export const gptImageImageCases: OperationCases = {
	resource: 'image',
	operation: 'generateGptImage',
	path: '/ai/openai/v1/images/generations',
	answer: 'image',
	sends: [
		{
			title: 'only the prompt (Image is the default): the defaults of every list',
			parameters: { gptImagePrompt: PROMPT },
			body: DEFAULTS,
		},
		...(['1024x1024', '1024x1536', '1536x1024', '2048x2048', '2048x1152', '3840x2160', '2160x3840'] as const).map(
			(size, index) => ({
				title: `size ${size}`,
				parameters: {
					gptImageReturn: 'image',
					gptImagePrompt: PROMPT,
					gptImageSyncSize: size,
					// The enums in turn, so that every value is sent once with this choice too.
					gptImageQuality: ['low', 'medium', 'high', 'standard', 'auto', 'low', 'high'][index],
					gptImageOutputFormat: ['jpeg', 'webp', 'png', 'jpeg', 'webp', 'png', 'png'][index],
				},
				body: {
					...DEFAULTS,
					size,
					quality: ['low', 'medium', 'high', 'standard', 'auto', 'low', 'high'][index],
					outputFormat: ['jpeg', 'webp', 'png', 'jpeg', 'webp', 'png', 'png'][index],
					...(['jpeg', 'webp'].includes(['jpeg', 'webp', 'png', 'jpeg', 'webp', 'png', 'png'][index])
						? { outputCompression: 100 }
						: {}),
				},
			}),
		),
		{
			title: 'a transparent WebP at 50, low moderation and a user',
			parameters: {
				gptImagePrompt: PROMPT,
				gptImageBackground: 'transparent',
				gptImageOutputFormat: 'webp',
				gptImageOutputCompression: 50,
				gptImageModeration: 'low',
				gptImageUser: 'user-1234',
			},
			body: {
				...DEFAULTS,
				background: 'transparent',
				outputFormat: 'webp',
				outputCompression: 50,
				moderation: 'low',
				user: 'user-1234',
			},
		},
		{
			title: 'an opaque JPEG into the binary field "picture"',
			parameters: {
				gptImagePrompt: PROMPT,
				gptImageBackground: 'opaque',
				gptImageOutputFormat: 'jpeg',
				gptImageOutputCompression: 80,
				gptImageBinaryProperty: 'picture',
			},
			body: { ...DEFAULTS, background: 'opaque', outputFormat: 'jpeg', outputCompression: 80 },
		},
	],
	refuses: [
		{ title: 'an empty prompt', parameters: {}, message: 'Prompt (prompt) is empty' },
		{
			title: 'an empty binary field name',
			parameters: { gptImagePrompt: PROMPT, gptImageBinaryProperty: ' ' },
			message: 'Put Output File in Field (gptImageBinaryProperty) is empty',
		},
		{
			title: 'a transparent JPEG',
			parameters: { gptImagePrompt: PROMPT, gptImageBackground: 'transparent', gptImageOutputFormat: 'jpeg' },
			message: 'Background (background) cannot be transparent with Output Format jpeg',
		},
		{
			title: 'a compression level of -1',
			parameters: { gptImagePrompt: PROMPT, gptImageOutputFormat: 'webp', gptImageOutputCompression: -1 },
			message: 'Output Compression (outputCompression) cannot be -1',
		},
		{
			title: 'a size from an expression that the list does not offer',
			parameters: { gptImagePrompt: PROMPT, gptImageSyncSize: '={{ "4096x4096" }}' },
			message: 'Size (size) cannot be "4096x4096"',
		},
	],
};
