import type { OperationCases } from './types';

/** Video → Generate (Sora 2 Pro or Sora 2): nodes/Pmock/operations/video/generateSoraPro.ts. */

const PROMPT = 'A paper boat drifting down a rainy street';

/** What only a prompt sends: Sora 2, small, 10 seconds; no style or storyboard on this endpoint. */
const DEFAULT_BODY = {
	model: 'sora-2',
	prompt: PROMPT,
	orientation: 'landscape',
	size: 'small',
	duration: 10,
	removeWatermark: false,
};

const SIZE_RULE = 'Allowed: small with sora-2; small, large with sora-2-pro.';
const DURATION_RULE = 'Allowed: 10 seconds with sora-2; 10, 15, 25 seconds with sora-2-pro.';

const proCombinations = ['small', 'large'].flatMap((size) => [10, 15, 25].map((duration) => ({ size, duration })));

export const soraProCases: OperationCases = {
	resource: 'video',
	operation: 'generateV1',
	path: '/ai/sa/video/generate',
	sends: [
		{ title: 'only the prompt: Sora 2, small, 10 s', parameters: { soraProPrompt: PROMPT }, body: DEFAULT_BODY },
		{
			title: 'every field changed, with Sora 2 Pro, large and 25 seconds',
			parameters: {
				soraProModel: 'sora-2-pro',
				soraProPrompt: 'A dragon over a glacier',
				images: 'https://example.com/dragon.png',
				orientation: 'portrait',
				soraProSize: 'large',
				soraProDuration: 25,
				removeWatermark: true,
			},
			body: {
				model: 'sora-2-pro',
				prompt: 'A dragon over a glacier',
				images: ['https://example.com/dragon.png'],
				orientation: 'portrait',
				size: 'large',
				duration: 25,
				removeWatermark: true,
			},
		},
		...proCombinations.map(({ size, duration }) => ({
			title: `Sora 2 Pro, ${size}, ${duration} s`,
			parameters: { soraProModel: 'sora-2-pro', soraProPrompt: 'p', soraProSize: size, soraProDuration: duration },
			body: { ...DEFAULT_BODY, model: 'sora-2-pro', prompt: 'p', size, duration },
		})),
		{
			title: "Sora 2 with its only size and duration, chosen in Sora 2's own lists",
			parameters: { soraProModel: 'sora-2', soraProPrompt: 'p', soraProSizeSora2: 'small', soraProDurationSora2: 10 },
			body: { ...DEFAULT_BODY, prompt: 'p' },
		},
		{
			title: 'a model from an expression with size and duration picked in the form',
			parameters: {
				soraProModel: '={{ "sora-2-pro" }}',
				soraProPrompt: 'p',
				soraProSize: 'large',
				soraProDuration: 15,
			},
			body: { ...DEFAULT_BODY, model: 'sora-2-pro', prompt: 'p', size: 'large', duration: 15 },
		},
		{
			title: 'model, size and duration from expressions, the duration as text',
			parameters: {
				soraProModel: '={{ "sora-2-pro" }}',
				soraProPrompt: 'p',
				soraProSize: '={{ "large" }}',
				soraProDuration: '={{ "25" }}',
			},
			body: { ...DEFAULT_BODY, model: 'sora-2-pro', prompt: 'p', size: 'large', duration: 25 },
		},
		{
			title: 'an image URL with a space, percent-encoded',
			parameters: { soraProPrompt: 'p', images: ' https://example.com/my photo.jpg ' },
			body: { ...DEFAULT_BODY, prompt: 'p', images: ['https://example.com/my%20photo.jpg'] },
		},
	],
	refuses: [
		{
			title: 'large with Sora 2, model and size from expressions',
			parameters: { soraProPrompt: 'a valid prompt', soraProModel: '={{ "sora-2" }}', soraProSize: '={{ "large" }}' },
			message: 'Size (size) "large" needs model sora-2-pro',
			description: SIZE_RULE,
		},
		{
			title: "large saved in Sora 2's own Size list (a workflow edited by hand)",
			parameters: { soraProPrompt: 'a valid prompt', soraProModel: 'sora-2', soraProSizeSora2: 'large' },
			message: 'Size (size) "large" needs model sora-2-pro',
			description: SIZE_RULE,
		},
		...(
			[
				[15, { soraProModel: '={{ "sora-2" }}', soraProDuration: '={{ 15 }}' }],
				[25, { soraProModel: '={{ "sora-2" }}', soraProDuration: '={{ "25" }}' }],
				[25, { soraProModel: 'sora-2', soraProDurationSora2: 25 }],
			] as const
		).map(([seconds, parameters]) => ({
			title: `${seconds} seconds with Sora 2 (${Object.values(parameters).join(', ')})`,
			parameters: { soraProPrompt: 'a valid prompt', ...parameters },
			message: `Duration (duration) ${seconds} needs model sora-2-pro`,
			description: DURATION_RULE,
		})),
		{
			title: 'a size outside the spec list',
			parameters: { soraProPrompt: 'a valid prompt', soraProModel: 'sora-2-pro', soraProSize: '={{ "medium" }}' },
			message: 'Size (size) cannot be "medium"',
			description: 'Allowed: one of small, large.',
		},
		{
			title: 'a duration outside the spec list',
			parameters: { soraProPrompt: 'a valid prompt', soraProModel: 'sora-2-pro', soraProDuration: '={{ 20 }}' },
			message: 'Duration (duration) cannot be 20',
			description: 'Allowed: one of 10, 15, 25 (seconds).',
		},
		{
			title: 'a model outside the spec list',
			parameters: { soraProPrompt: 'a valid prompt', soraProModel: '={{ "sora-3" }}' },
			message: 'Model (model) cannot be "sora-3"',
			description: 'Allowed: one of sora-2, sora-2-pro.',
		},
		{
			title: 'an orientation outside the spec list',
			parameters: { soraProPrompt: 'a valid prompt', orientation: '={{ "square" }}' },
			message: 'Orientation (orientation) cannot be "square"',
			description: 'Allowed: one of landscape, portrait.',
		},
		{
			title: 'a boolean given as "yes"',
			parameters: { soraProPrompt: 'a valid prompt', removeWatermark: '={{ "yes" }}' },
			message: 'Remove Watermark (removeWatermark) cannot be "yes"',
			description: 'Allowed: true or false.',
		},
		{ title: 'empty prompt', parameters: { soraProPrompt: '' }, message: 'Prompt (prompt) is empty' },
		{
			title: 'a prompt of 5001 characters',
			parameters: { soraProPrompt: 'x'.repeat(5001) },
			message: 'Prompt (prompt) is too long: 5001 characters, 1 over the limit',
		},
		{
			title: 'image: an ftp URL',
			parameters: { soraProPrompt: 'a valid prompt', images: 'ftp://example.com/a.png' },
			message: 'Image URL (images) must be an http(s) URL, not ftp: "ftp://example.com/a.png"',
		},
		{
			title: 'image: plain text',
			parameters: { soraProPrompt: 'a valid prompt', images: 'my photo' },
			message: 'Image URL (images) is not a valid URL: "my photo"',
		},
		{
			title: 'image: two URLs',
			parameters: {
				soraProPrompt: 'a valid prompt',
				images: '={{ ["https://example.com/a.png", "https://example.com/b.png"] }}',
			},
			message: 'Image URL (images) has 2 images',
		},
	],
};
