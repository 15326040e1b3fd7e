import type { INodeProperties } from 'n8n-workflow';

import {
	DURATIONS_V2,
	GENERATE_V2_PATH,
	MODELS_V2,
	PROMPT_MAX_LENGTH,
	SIZES_V2,
	STYLES,
} from '../shared/constants';
import { generateV2Body } from '../shared/generateV2Body';
import { outputTaskId } from '../shared/responseEnvelope';
import { validateBody } from '../shared/validateRequest';

const showForGenerateV2 = { show: { resource: ['video'], operation: ['generateV2'] } };

/** Sends the field as the body key of the same name. */
const toBody = (property: string) => ({ send: { type: 'body' as const, property } });

export const videoOperations: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['video'] } },
		options: [
			{
				name: 'Generate (Sora 2)',
				value: 'generateV2',
				action: 'Generate a video from a prompt and a style',
				description:
					'Start a Sora 2 video from a prompt, a style and an optional image; returns the task ID',
				routing: {
					request: { method: 'POST', url: GENERATE_V2_PATH },
					send: { preSend: [validateBody(generateV2Body)] },
					output: { postReceive: [outputTaskId] },
				},
			},
		],
		default: 'generateV2',
	},
];

export const videoFields: INodeProperties[] = [
	{
		displayName: 'Model',
		name: 'model',
		type: 'options',
		displayOptions: showForGenerateV2,
		options: MODELS_V2.map((model) => ({ name: 'Sora 2', value: model })),
		default: 'sora-2',
		description: 'Video generation model. Generate v2 offers Sora 2.',
		routing: toBody('model'),
	},
	{
		displayName: 'Prompt',
		name: 'prompt',
		type: 'string',
		required: true,
		typeOptions: { rows: 6 },
		displayOptions: showForGenerateV2,
		default: '',
		placeholder: 'e.g. A corgi surfing a wave at sunset, slow motion',
		description: `What the video should show, up to ${PROMPT_MAX_LENGTH} characters. With Storyboard on, write one shot per line (see Storyboard).`,
		routing: toBody('prompt'),
	},
	{
		displayName: 'Style',
		name: 'styleId',
		type: 'options',
		displayOptions: showForGenerateV2,
		// The linter wants option lists sorted by name; the spec's order lives in STYLES.
		options: [...STYLES]
			.sort((a, b) => a.name.localeCompare(b.name))
			.map(({ name, value }) => ({ name, value })),
		default: 'anime',
		description: 'Visual style of the video',
		routing: toBody('styleId'),
	},
	{
		displayName: 'Image URL',
		name: 'images',
		type: 'string',
		displayOptions: showForGenerateV2,
		default: '',
		placeholder: 'e.g. https://example.com/product.jpg',
		description:
			'Optional public http(s) URL of one image to animate or use as reference. Leave empty for a video from the prompt alone. Sent as a one-element "images" list.',
		routing: toBody('images'),
	},
	{
		displayName: 'Orientation',
		name: 'orientation',
		type: 'options',
		displayOptions: showForGenerateV2,
		options: [
			{ name: 'Landscape', value: 'landscape', description: 'Wide video (16:9)' },
			{ name: 'Portrait', value: 'portrait', description: 'Tall video (9:16), for stories and shorts' },
		],
		default: 'landscape',
		routing: toBody('orientation'),
	},
	{
		displayName: 'Duration',
		name: 'duration',
		type: 'options',
		displayOptions: showForGenerateV2,
		options: DURATIONS_V2.map((seconds) => ({ name: `${seconds} Seconds`, value: seconds })),
		default: 10,
		description: 'Length of the video in seconds',
		routing: toBody('duration'),
	},
	{
		displayName: 'Size',
		name: 'size',
		type: 'options',
		displayOptions: showForGenerateV2,
		options: SIZES_V2.map((size) => ({ name: 'Small', value: size })),
		default: 'small',
		description: 'Resolution of the video. Generate v2 offers small only.',
		routing: toBody('size'),
	},
	{
		displayName: 'Remove Watermark',
		name: 'removeWatermark',
		type: 'boolean',
		displayOptions: showForGenerateV2,
		default: false,
		description: 'Whether to remove the watermark from the video',
		routing: toBody('removeWatermark'),
	},
	{
		displayName: 'Storyboard',
		name: 'storyboard',
		type: 'boolean',
		displayOptions: showForGenerateV2,
		default: false,
		description:
			'Whether to read the prompt as a storyboard: one shot per line, each with its time range, e.g. "[0-5s] A red fox trots across a snowy field at dawn" then "[5-10s] Close-up: the fox looks into the camera". The exact format is not documented by pmock.',
		routing: toBody('storyboard'),
	},
];
