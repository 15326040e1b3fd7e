import type { OperationCases } from './types';

/** Image → Generate (Nano Banana): nodes/Pmock/operations/image/generate.ts. */

const PROMPT = 'A jar of honey on a wooden table, morning light, product photo';

/** What only a prompt sends: one 1K square image with Nano Banana Fast (numImages is always 1). */
const DEFAULT_BODY = {
	prompt: PROMPT,
	action: 'generate',
	numImages: 1,
	model: 'nano-banana-fast',
	resolution: '1K',
	aspectRatio: '1:1',
};

const URL_ALLOWED = 'Allowed: a public http:// or https:// address';

export const nanoBananaCases: OperationCases = {
	resource: 'image',
	operation: 'generate',
	path: '/ai/gi/image/generate',
	sends: [
		{ title: 'only the prompt: the defaults', parameters: { imagePrompt: PROMPT }, body: DEFAULT_BODY },
		...['nano-banana-fast', 'nano-banana-pro'].flatMap((model) =>
			['1K', '2K', '4K'].map((resolution) => ({
				title: `${model} at ${resolution}`,
				parameters: { imagePrompt: PROMPT, imageModel: model, resolution },
				body: { ...DEFAULT_BODY, model, resolution },
			})),
		),
		...['21:9', '1:1', '4:3', '3:2', '2:3', '5:4', '4:5', '3:4', '16:9', '9:16'].map((aspectRatio) => ({
			title: `aspect ratio ${aspectRatio}`,
			parameters: { imagePrompt: PROMPT, imageAspectRatio: aspectRatio },
			body: { ...DEFAULT_BODY, aspectRatio },
		})),
		{
			title: 'edit: the image URLs, one per line, sent as imageUrls, percent-encoded',
			parameters: {
				imagePrompt: 'Put the jar on a marble counter',
				imageAction: 'edit',
				imageModel: 'nano-banana-pro',
				resolution: '2K',
				editImageUrls: 'https://example.com/jar.png\n\n  https://example.com/marble counter.jpg  \n',
				imageAspectRatio: '4:5',
			},
			body: {
				prompt: 'Put the jar on a marble counter',
				action: 'edit',
				numImages: 1,
				model: 'nano-banana-pro',
				resolution: '2K',
				imageUrls: ['https://example.com/jar.png', 'https://example.com/marble%20counter.jpg'],
				aspectRatio: '4:5',
			},
		},
		{
			title: 'image URLs left in the form after switching back to generate are not sent',
			parameters: { imagePrompt: PROMPT, imageAction: 'generate', editImageUrls: 'https://example.com/old.png' },
			body: DEFAULT_BODY,
		},
	],
	refuses: [
		...[
			['nothing entered', { imageAction: 'edit' }],
			['blank lines only', { imageAction: 'edit', editImageUrls: '\n  \n' }],
			['an empty list from an expression', { imageAction: '={{ "edit" }}', editImageUrls: '={{ [] }}' }],
		].map(([title, parameters]) => ({
			title: `edit with ${title as string}: edit requires image URLs`,
			parameters: { imagePrompt: 'a valid prompt', ...(parameters as Record<string, unknown>) },
			message: 'Image URLs (imageUrls) is empty',
			description: 'Allowed: one or more http(s) image URLs, one per line: action edit requires them.',
		})),
		{
			title: 'generate with image URLs from an expression: they are the images to edit',
			parameters: {
				imagePrompt: 'a valid prompt',
				imageAction: '={{ "generate" }}',
				editImageUrls: '={{ ["https://example.com/a.png"] }}',
			},
			message: 'Image URLs (imageUrls) cannot be sent with action generate',
			description:
				'Allowed: image URLs only with action edit (the images to change): leave the field empty, or choose edit.',
		},
		...[
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
		].map(([title, editImageUrls, message]) => ({
			title: `edit with ${title}`,
			parameters: { imagePrompt: 'a valid prompt', imageAction: 'edit', editImageUrls },
			message,
			description: URL_ALLOWED,
		})),
		{
			title: 'an action outside the spec list',
			parameters: { imagePrompt: 'a valid prompt', imageAction: '={{ "upscale" }}' },
			message: 'Action (action) cannot be "upscale"',
			description: 'Allowed: one of generate, edit.',
		},
		{
			title: 'a model outside the spec list',
			parameters: { imagePrompt: 'a valid prompt', imageModel: '={{ "nano-banana-2" }}' },
			message: 'Model (model) cannot be "nano-banana-2"',
			description: 'Allowed: one of nano-banana-fast, nano-banana-pro.',
		},
		{
			title: 'a resolution outside the spec list',
			parameters: { imagePrompt: 'a valid prompt', resolution: '={{ "8K" }}' },
			message: 'Resolution (resolution) cannot be "8K"',
			description: 'Allowed: one of 1K, 2K, 4K.',
		},
		{
			title: 'an aspect ratio outside the spec list',
			parameters: { imagePrompt: 'a valid prompt', imageAspectRatio: '={{ "7:3" }}' },
			message: 'Aspect Ratio (aspectRatio) cannot be "7:3"',
			description: 'Allowed: one of 21:9, 1:1, 4:3, 3:2, 2:3, 5:4, 4:5, 3:4, 16:9, 9:16.',
		},
		{
			title: 'an empty prompt',
			parameters: { imagePrompt: '' },
			message: 'Prompt (prompt) is empty',
			description: 'Allowed: at least 1 character.',
		},
	],
};
