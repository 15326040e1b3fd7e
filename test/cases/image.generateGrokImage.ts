import type { OperationCases } from './types';

/** Image → Generate (Grok Imagine): POST /ai/xai/image/generate (node version 2). */

const PROMPT = 'A lighthouse on a cliff at dawn, watercolor';
const MODEL = 'grok-imagine-image';

export const generateGrokImage: OperationCases = {
	resource: 'image',
	operation: 'generateGrokImage',
	path: '/ai/xai/image/generate',
	sends: [
		{
			title: 'only the prompt: the model; no aspect ratio, no image',
			parameters: { grokImagePrompt: PROMPT },
			body: { prompt: PROMPT, model: MODEL },
		},
		...(['1:1', '3:2', '2:3', '16:9', '9:16'] as const).map((aspectRatio) => ({
			title: `aspect ratio ${aspectRatio}`,
			parameters: { grokImagePrompt: PROMPT, grokImageAspectRatio: aspectRatio },
			body: { prompt: PROMPT, model: MODEL, aspectRatio },
		})),
		{
			title: 'a reference image, percent-encoded, as a one-element list: Aspect Ratio hidden, not sent',
			parameters: {
				grokImagePrompt: 'Make it a night scene',
				grokImageUrl: '  https://example.com/light house.png ',
				grokImageAspectRatio: '16:9',
			},
			body: { prompt: 'Make it a night scene', model: MODEL, images: ['https://example.com/light%20house.png'] },
		},
		{
			title: 'an image from an expression: the shown Aspect Ratio is dropped (pmock ignores it)',
			parameters: {
				grokImagePrompt: PROMPT,
				grokImageUrl: '={{ "https://example.com/a.png" }}',
				grokImageAspectRatio: '9:16',
			},
			body: { prompt: PROMPT, model: MODEL, images: ['https://example.com/a.png'] },
		},
	],
	refuses: [
		{ title: 'an empty prompt', parameters: { grokImagePrompt: ' ' }, message: 'Prompt (prompt) is empty' },
		{
			title: 'two image URLs',
			parameters: { grokImagePrompt: PROMPT, grokImageUrl: 'https://example.com/a.png, https://example.com/b.png' },
			message: 'Image URL (images) has 2 URLs: Grok Imagine image takes at most 1, remove 1',
		},
		{
			title: 'an image URL on localhost',
			parameters: { grokImagePrompt: PROMPT, grokImageUrl: 'http://localhost:8080/a.png' },
			message: 'Image URL (images) points at localhost (localhost), not a public address',
		},
		{
			title: 'an image URL with a password',
			parameters: { grokImagePrompt: PROMPT, grokImageUrl: 'https://me:hunter2@example.com/a.png' },
			message: 'Image URL (images) contains a user name or password',
		},
		{
			title: 'an aspect ratio outside the list',
			parameters: { grokImagePrompt: PROMPT, grokImageAspectRatio: '={{ "21:9" }}' },
			message: 'Aspect Ratio (aspectRatio) cannot be "21:9"',
		},
		{
			title: 'a model outside the list',
			parameters: { grokImagePrompt: PROMPT, grokImageModel: '={{ "grok-2-image" }}' },
			message: 'Model (model) cannot be "grok-2-image"',
		},
	],
};
