import { STYLE_IDS } from '../../sandbox/endpoints';
import type { OperationCases } from './types';

/** Video → Generate (Sora 2 with Styles): nodes/Pmock/operations/video/generateSoraStyles.ts. */

const PROMPT = 'A corgi surfing a wave at sunset';

/** What only a prompt sends: every field with the node's default. */
const DEFAULT_BODY = {
	model: 'sora-2',
	prompt: PROMPT,
	orientation: 'landscape',
	size: 'small',
	duration: 10,
	removeWatermark: false,
	styleId: 'anime',
	storyboard: false,
};

const IMAGE_ALLOWED = /Allowed: a public http:\/\/ or https:\/\/ address/;

export const soraStylesCases: OperationCases = {
	resource: 'video',
	operation: 'generateV2',
	path: '/ai/sa/video/generate/v2',
	sends: [
		{ title: 'only the prompt: the defaults', parameters: { sora2Prompt: PROMPT }, body: DEFAULT_BODY },
		{
			title: 'every field changed, under its spec key with its spec type',
			parameters: {
				sora2Model: 'sora-2',
				sora2Prompt: 'Two friends toast with coffee',
				styleId: 'sitcom',
				images: 'https://example.com/cafe.jpg',
				orientation: 'portrait',
				sora2Duration: 15,
				sora2Size: 'small',
				removeWatermark: true,
				storyboard: true,
			},
			body: {
				model: 'sora-2',
				prompt: 'Two friends toast with coffee',
				images: ['https://example.com/cafe.jpg'],
				orientation: 'portrait',
				size: 'small',
				duration: 15,
				removeWatermark: true,
				styleId: 'sitcom',
				storyboard: true,
			},
		},
		...STYLE_IDS.map((styleId) => ({
			title: `style ${styleId}`,
			parameters: { sora2Prompt: 'p', styleId },
			body: { ...DEFAULT_BODY, prompt: 'p', styleId },
		})),
		{
			title: 'an image URL with a query, as a one-element images list',
			parameters: { sora2Prompt: 'p', images: 'https://cdn.example.com/a/b.png?x=1' },
			body: { ...DEFAULT_BODY, prompt: 'p', images: ['https://cdn.example.com/a/b.png?x=1'] },
		},
		{
			title: 'an image URL with a space, percent-encoded',
			parameters: { sora2Prompt: 'p', images: ' https://example.com/my photo.jpg ' },
			body: { ...DEFAULT_BODY, prompt: 'p', images: ['https://example.com/my%20photo.jpg'] },
		},
		{
			title: 'a blank image URL leaves images out',
			parameters: { sora2Prompt: 'p', images: '   ' },
			body: { ...DEFAULT_BODY, prompt: 'p' },
		},
		{
			title: 'values an expression gives as text are sent with the spec type',
			parameters: {
				sora2Prompt: 'p',
				sora2Duration: '={{ "15" }}',
				removeWatermark: '={{ "true" }}',
				storyboard: '={{ "false" }}',
			},
			body: { ...DEFAULT_BODY, prompt: 'p', duration: 15, removeWatermark: true },
		},
		{
			title: 'a prompt of exactly 5000 characters',
			parameters: { sora2Prompt: 'y'.repeat(5000) },
			body: { ...DEFAULT_BODY, prompt: 'y'.repeat(5000) },
		},
	],
	refuses: [
		{
			title: 'empty prompt',
			parameters: { sora2Prompt: '' },
			message: /^Prompt \(prompt\) is empty$/,
			description: /Allowed: 1 to 5000 characters/,
		},
		{
			title: 'blank prompt',
			parameters: { sora2Prompt: '  \n\t ' },
			message: /^Prompt \(prompt\) is empty$/,
			description: /Allowed: 1 to 5000 characters/,
		},
		{
			title: 'a prompt of 5001 characters',
			parameters: { sora2Prompt: 'x'.repeat(5001) },
			message: /^Prompt \(prompt\) is too long: 5001 characters, 1 over the limit$/,
			description: /at most 5000 characters/,
		},
		{
			title: '2501 emoji (5002 UTF-16 units)',
			parameters: { sora2Prompt: '🎬'.repeat(2501) },
			message: /is too long: 5002 characters/,
			description: /emoji .* counts as 2/,
		},
		{
			title: 'a prompt that is an object from an expression',
			parameters: { sora2Prompt: '={{ { text: "hi" } }}' },
			message: /^Prompt \(prompt\) must be text, not object$/,
			description: /1 to 5000 characters/,
		},
		...[
			['an ftp URL', 'ftp://example.com/a.png', 'must be an http(s) URL, not ftp: "ftp://example.com/a.png"'],
			['a file URL', 'file:///etc/passwd', 'must be an http(s) URL, not file'],
			['a javascript URL', 'javascript:alert(1)', 'must be an http(s) URL, not javascript'],
			['a data URI', 'data:image/png;base64,AAAA', 'must be an http(s) URL, not data'],
			['plain text', 'my holiday photo', 'is not a valid URL: "my holiday photo"'],
			['a number from an expression', '={{ 42 }}', 'must be a URL, not 42'],
		].map(([title, images, message]) => ({
			title: `image: ${title}`,
			parameters: { sora2Prompt: 'a valid prompt', images },
			message: `Image URL (images) ${message}`,
			description: IMAGE_ALLOWED,
		})),
		{
			title: 'two image URLs from an expression (the API takes one)',
			parameters: {
				sora2Prompt: 'a valid prompt',
				images: '={{ ["https://example.com/a.png", "https://example.com/b.png"] }}',
			},
			message: 'Image URL (images) has 2 images',
			description: /Allowed: at most 1 image URL per request/,
		},
		...[
			['={{ 12 }}', '12'],
			['={{ "abc" }}', '"abc"'],
			['={{ 25 }}', '25'],
			['={{ "" }}', '""'],
		].map(([duration, shown]) => ({
			title: `duration ${shown} from an expression`,
			parameters: { sora2Prompt: 'a valid prompt', sora2Duration: duration },
			message: `Duration (duration) cannot be ${shown}`,
			description: /Allowed: one of 10, 15 \(seconds\)/,
		})),
		{
			title: 'a style not in the list, naming the allowed styles',
			parameters: { sora2Prompt: 'a valid prompt', styleId: '={{ "pixar" }}' },
			message: 'Style (styleId) cannot be "pixar"',
			description:
				'Allowed: one of anime, selfie, golden, handheld, festive, retro, news, chaos, vintage, comic, kakalaka, sitcom.',
		},
		{
			title: 'an orientation not in the list',
			parameters: { sora2Prompt: 'a valid prompt', orientation: '={{ "square" }}' },
			message: 'Orientation (orientation) cannot be "square"',
			description: 'Allowed: one of landscape, portrait.',
		},
		{
			title: 'Sora 2 Pro, which this endpoint does not take',
			parameters: { sora2Prompt: 'a valid prompt', sora2Model: '={{ "sora-2-pro" }}' },
			message: 'Model (model) cannot be "sora-2-pro"',
			description: 'Allowed: one of sora-2.',
		},
		{
			title: 'a boolean given as "yes"',
			parameters: { sora2Prompt: 'a valid prompt', removeWatermark: '={{ "yes" }}' },
			message: 'Remove Watermark (removeWatermark) cannot be "yes"',
			description: 'Allowed: true or false.',
		},
	],
};
