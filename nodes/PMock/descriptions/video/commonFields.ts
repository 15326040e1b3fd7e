import type { IDisplayOptions, INodeProperties } from 'n8n-workflow';

import { PROMPT_MAX_LENGTH } from '../../shared/constants';
import { toBody } from '../routing';

/**
 * Fields that both Generate operations have, with the same JSON key and the same meaning.
 * Each operation file lists them with its own displayOptions, so it reads as the whole form.
 */

export const promptField = (displayOptions: IDisplayOptions, extra = ''): INodeProperties => ({
	displayName: 'Prompt',
	name: 'prompt',
	type: 'string',
	required: true,
	typeOptions: { rows: 6 },
	displayOptions,
	default: '',
	placeholder: 'e.g. A corgi surfing a wave at sunset, slow motion',
	description: `What the video should show, up to ${PROMPT_MAX_LENGTH} characters.${extra}`,
	routing: toBody('prompt'),
});

export const imageUrlField = (displayOptions: IDisplayOptions): INodeProperties => ({
	displayName: 'Image URL',
	name: 'images',
	type: 'string',
	displayOptions,
	default: '',
	placeholder: 'e.g. https://example.com/product.jpg',
	description:
		'Optional public http(s) URL of one image to animate or use as reference. Leave empty for a video from the prompt alone. Sent as a one-element "images" list.',
	routing: toBody('images'),
});

export const orientationField = (displayOptions: IDisplayOptions): INodeProperties => ({
	displayName: 'Orientation',
	name: 'orientation',
	type: 'options',
	displayOptions,
	options: [
		{ name: 'Landscape', value: 'landscape', description: 'Wide video (16:9)' },
		{ name: 'Portrait', value: 'portrait', description: 'Tall video (9:16), for stories and shorts' },
	],
	default: 'landscape',
	routing: toBody('orientation'),
});

export const removeWatermarkField = (displayOptions: IDisplayOptions): INodeProperties => ({
	displayName: 'Remove Watermark',
	name: 'removeWatermark',
	type: 'boolean',
	displayOptions,
	default: false,
	description: 'Whether to remove the watermark from the video',
	routing: toBody('removeWatermark'),
});
