import type { INodeProperties } from 'n8n-workflow';

import { toBody } from './routing';

/**
 * Fields that both Sora Generate operations have, with the same JSON key, the same meaning and
 * the same values: one property each, listed by both operations (the Prompt is each
 * operation's own, see promptField.ts). Not a copy per operation: n8n-core evaluates a parameter's
 * expression once for every property of that name, for every item, so a copy would cost each
 * item one more evaluation (see test/expressionCost.test.ts).
 */

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
	description: 'Shape of the video: wide or tall',
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
