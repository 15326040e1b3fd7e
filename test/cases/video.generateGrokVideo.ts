import type { OperationCases } from './types';

/** Video → Generate (Grok Imagine): POST /ai/xai/video/generate (node version 2). */

const PROMPT = 'A paper boat drifting down a rainy street, close-up';
const MODEL = 'grok-imagine-video';
const urls = (count: number) => Array.from({ length: count }, (_, index) => `https://example.com/frame-${index}.png`);

export const generateGrokVideo: OperationCases = {
	resource: 'video',
	operation: 'generateGrokVideo',
	path: '/ai/xai/video/generate',
	sends: [
		{
			title: "only the prompt: the model and the page's defaults (6 s, 720P); no aspect ratio, no images",
			parameters: { grokVideoPrompt: PROMPT },
			body: { prompt: PROMPT, model: MODEL, duration: '6', resolution: '720P' },
		},
		{
			title: '10 s, 2:3, 480P',
			parameters: {
				grokVideoPrompt: PROMPT,
				grokVideoDuration: '10',
				grokVideoAspectRatio: '2:3',
				grokVideoResolution: '480P',
			},
			body: { prompt: PROMPT, model: MODEL, duration: '10', aspectRatio: '2:3', resolution: '480P' },
		},
		{
			title: '15 s, 3:2',
			parameters: { grokVideoPrompt: PROMPT, grokVideoDuration: '15', grokVideoAspectRatio: '3:2' },
			body: { prompt: PROMPT, model: MODEL, duration: '15', aspectRatio: '3:2', resolution: '720P' },
		},
		...(['1:1', '9:16', '16:9'] as const).map((aspectRatio) => ({
			title: `aspect ratio ${aspectRatio}`,
			parameters: { grokVideoPrompt: PROMPT, grokVideoAspectRatio: aspectRatio },
			body: { prompt: PROMPT, model: MODEL, duration: '6', aspectRatio, resolution: '720P' },
		})),
		{
			title: '5 image URLs, one per line, percent-encoded: Aspect Ratio and Resolution hidden, not sent',
			parameters: {
				grokVideoPrompt: 'The boat sails off',
				grokVideoImageUrls: `${urls(4).join('\n')}\n\n  https://example.com/last frame.png  \n`,
				grokVideoDuration: '10',
				grokVideoAspectRatio: '9:16',
				grokVideoResolution: '480P',
			},
			body: {
				prompt: 'The boat sails off',
				model: MODEL,
				duration: '10',
				images: [...urls(4), 'https://example.com/last%20frame.png'],
			},
		},
		{
			title: 'images from an expression: the shown Aspect Ratio and Resolution are dropped (pmock ignores them)',
			parameters: {
				grokVideoPrompt: PROMPT,
				grokVideoImageUrls: '={{ ["https://example.com/a.png"] }}',
				grokVideoAspectRatio: '16:9',
			},
			body: { prompt: PROMPT, model: MODEL, duration: '6', images: ['https://example.com/a.png'] },
		},
		{
			title: 'an empty list from an expression sends no images, and the aspect ratio and resolution',
			parameters: { grokVideoPrompt: PROMPT, grokVideoImageUrls: '={{ [] }}', grokVideoAspectRatio: '1:1' },
			body: { prompt: PROMPT, model: MODEL, duration: '6', aspectRatio: '1:1', resolution: '720P' },
		},
		{
			title: 'a duration from an expression as a number is sent as the string the page types',
			parameters: { grokVideoPrompt: PROMPT, grokVideoDuration: '={{ 15 }}' },
			body: { prompt: PROMPT, model: MODEL, duration: '15', resolution: '720P' },
		},
	],
	refuses: [
		{ title: 'an empty prompt', parameters: { grokVideoPrompt: '' }, message: 'Prompt (prompt) is empty' },
		{
			title: '6 image URLs',
			parameters: { grokVideoPrompt: PROMPT, grokVideoImageUrls: urls(6).join('\n') },
			message: 'Image URLs (images) has 6 URLs: Grok Imagine video takes at most 5, remove 1',
		},
		{
			title: 'an image URL on a private address',
			parameters: { grokVideoPrompt: PROMPT, grokVideoImageUrls: 'http://192.168.1.10/a.png' },
			message: 'Image URLs (images) points at a private address (192.168.1.10), not a public address',
		},
		{
			title: 'an image URL that is not http(s)',
			parameters: { grokVideoPrompt: PROMPT, grokVideoImageUrls: 'ftp://example.com/a.png' },
			message: 'Image URLs (images) must be an http(s) URL, not ftp',
		},
		{
			title: 'a duration outside the list',
			parameters: { grokVideoPrompt: PROMPT, grokVideoDuration: '={{ 8 }}' },
			message: 'Duration (duration) cannot be 8',
		},
		{
			title: 'an aspect ratio outside the list',
			parameters: { grokVideoPrompt: PROMPT, grokVideoAspectRatio: '={{ "4:3" }}' },
			message: 'Aspect Ratio (aspectRatio) cannot be "4:3"',
		},
		{
			title: 'a resolution outside the list',
			parameters: { grokVideoPrompt: PROMPT, grokVideoResolution: '={{ "1080P" }}' },
			message: 'Resolution (resolution) cannot be "1080P"',
		},
		{
			title: 'a model outside the list',
			parameters: { grokVideoPrompt: PROMPT, grokVideoModel: '={{ "grok-2-video" }}' },
			message: 'Model (model) cannot be "grok-2-video"',
		},
	],
};
