import type { INodeProperties } from 'n8n-workflow';

import { PROMPT_MAX_LENGTH } from './constants';
import { toBody } from './routing';

/**
 * Fields that both Sora Generate operations have, with the same JSON key and the same meaning:
 * one property each, listed by both operations. Not a copy per operation: n8n-core evaluates a
 * parameter's expression once for every property of that name, for every item, so a copy
 * would cost each item one more evaluation (see test/expressionCost.test.ts).
 */

export const promptField: INodeProperties = {
	displayName: 'Prompt',
	name: 'prompt',
	type: 'string',
	required: true,
	typeOptions: { rows: 6 },
	default: '',
	placeholder: 'e.g. A corgi surfing a wave at sunset, slow motion',
	description: `What the video should show, up to ${PROMPT_MAX_LENGTH} characters. With Storyboard on (Generate (Sora 2)), write one shot per line (see Storyboard).`,
	routing: toBody('prompt'),
};

export const imageUrlField: INodeProperties = {
	displayName: 'Image URL',
	name: 'images',
	type: 'string',
	default: '',
	placeholder: 'e.g. https://example.com/product.jpg',
	description:
		'Optional public http(s) URL of one image to animate or use as reference. Leave empty for a video from the prompt alone. Sent as a one-element "images" list.',
	routing: toBody('images'),
};

export const orientationField: INodeProperties = {
	displayName: 'Orientation',
	name: 'orientation',
	type: 'options',
	options: [
		{ name: 'Landscape', value: 'landscape', description: 'Wide video (16:9)' },
		{ name: 'Portrait', value: 'portrait', description: 'Tall video (9:16), for stories and shorts' },
	],
	default: 'landscape',
	routing: toBody('orientation'),
};

export const removeWatermarkField: INodeProperties = {
	displayName: 'Remove Watermark',
	name: 'removeWatermark',
	type: 'boolean',
	default: false,
	description: 'Whether to remove the watermark from the video',
	routing: toBody('removeWatermark'),
};
