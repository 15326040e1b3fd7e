import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { DURATIONS_V2, GENERATE_V2_PATH, MODELS_V2, SIZES_V2, STYLES } from '../../shared/constants';
import { generateV2Body } from '../../shared/generateV2Body';
import { startTaskRouting, toBody } from '../routing';

/** Video → Generate (Sora 2): POST /ai/sa/video/generate/v2, with styles and storyboards. */

const showForGenerateV2 = { show: { resource: ['video'], operation: ['generateV2'] } };

export const generateV2Operation: INodePropertyOptions = {
	name: 'Generate (Sora 2)',
	value: 'generateV2',
	action: 'Generate a video from a prompt and a style',
	description:
		'Start a Sora 2 video from a prompt, a style and an optional image; returns the task ID',
	routing: startTaskRouting(GENERATE_V2_PATH, generateV2Body),
};

/** Its own fields; VideoDescription.ts places them around the fields both Generate operations share. */

export const generateV2Model: INodeProperties = {
	displayName: 'Model',
	name: 'model',
	type: 'options',
	displayOptions: showForGenerateV2,
	options: MODELS_V2.map((model) => ({ name: 'Sora 2', value: model })),
	default: 'sora-2',
	description: 'Video generation model. Generate v2 offers Sora 2.',
	routing: toBody('model'),
};

export const generateV2Style: INodeProperties = {
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
};

export const generateV2DurationAndSize: INodeProperties[] = [
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
];

export const generateV2Storyboard: INodeProperties = {
	displayName: 'Storyboard',
	name: 'storyboard',
	type: 'boolean',
	displayOptions: showForGenerateV2,
	default: false,
	description:
		'Whether to read the prompt as a storyboard: one shot per line, each with its time range, e.g. "[0-5s] A red fox trots across a snowy field at dawn" then "[5-10s] Close-up: the fox looks into the camera". The exact format is not documented by pmock.',
	routing: toBody('storyboard'),
};
