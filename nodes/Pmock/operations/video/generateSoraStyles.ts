import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { IMAGES_MAX, ORIENTATIONS, PROMPT_MAX_LENGTH, URL_MAX_LENGTH } from '../../shared/constants';
import { booleanValue, imageUrls, oneOf, requiredText } from '../../shared/fieldValidators';
import { byName, fieldLabel, type PmockOperation } from '../../shared/operation';
import { toBody } from '../../shared/routing';
import { promptFieldOf } from '../../shared/promptField';
import { imageUrlField, orientationField, removeWatermarkField } from '../../shared/videoFields';
import { VIDEO } from './resource';

/** Video → Generate (Sora 2 with Styles): POST /ai/sa/video/generate/v2, Sora 2 with styles and storyboards. */

const MODELS = ['sora-2'] as const;

const SIZES = ['small'] as const;

const DURATIONS = [10, 15] as const;

/** Style ids with the names the dropdown shows, in the spec's order. */
export const STYLES: ReadonlyArray<{ value: string; name: string }> = [
	{ value: 'anime', name: 'Anime' },
	{ value: 'selfie', name: 'Selfie' },
	{ value: 'golden', name: 'Golden' },
	{ value: 'handheld', name: 'Handheld' },
	{ value: 'festive', name: 'Festive' },
	{ value: 'retro', name: 'Retro' },
	{ value: 'news', name: 'News' },
	{ value: 'chaos', name: 'Chaos' },
	{ value: 'vintage', name: 'Vintage' },
	{ value: 'comic', name: 'Comic' },
	{ value: 'kakalaka', name: 'Kakalaka' },
	{ value: 'sitcom', name: 'Sitcom' },
];

const STYLE_IDS = STYLES.map((style) => style.value);

/** Model, Size and Duration: own parameters (`sora2Model`…), as their values differ from Sora 2 Pro's. */
function modelSizeAndDuration(names: { model: string; size: string; duration: string }): INodeProperties[] {
	return [
		{
			displayName: 'Model',
			name: names.model,
			type: 'options',
			options: MODELS.map((model) => ({ name: 'Sora 2', value: model })),
			default: 'sora-2',
			description:
				'Video generation model: Sora 2. For Sora 2 Pro, choose the Generate (Sora 2 Pro or Sora 2) operation.',
			routing: toBody('model'),
		},
		{
			displayName: 'Size',
			name: names.size,
			type: 'options',
			options: SIZES.map((size) => ({ name: 'Small', value: size })),
			default: 'small',
			description: 'Resolution of the video. This operation offers small only.',
			routing: toBody('size'),
		},
		{
			displayName: 'Duration',
			name: names.duration,
			type: 'options',
			options: DURATIONS.map((seconds) => ({ name: `${seconds} Seconds`, value: seconds })),
			default: 10,
			description: 'Length of the video in seconds',
			routing: toBody('duration'),
		},
	];
}

const [sora2Model, sora2Size, sora2Duration] = modelSizeAndDuration({
	model: 'sora2Model',
	size: 'sora2Size',
	duration: 'sora2Duration',
});

const sora2Prompt = promptFieldOf({
	name: 'sora2Prompt',
	placeholder: 'e.g. A corgi surfing a wave at sunset, slow motion',
	description: `What the video shows, up to ${PROMPT_MAX_LENGTH} characters. With Storyboard on, one shot per line (see Storyboard).`,
});

const styleField: INodeProperties = {
	displayName: 'Style',
	name: 'styleId',
	type: 'options',
	// The linter wants option lists sorted by name; the spec's order lives in STYLES.
	options: byName(STYLES).map(({ name, value }) => ({ name, value })),
	default: 'anime',
	description: 'Visual style of the video',
	routing: toBody('styleId'),
};

const storyboardField: INodeProperties = {
	displayName: 'Storyboard',
	name: 'storyboard',
	type: 'boolean',
	default: false,
	description:
		'Whether to read the prompt as a storyboard: one shot per line, each with its time range, e.g. "[0-5s] A red fox trots across a snowy field at dawn" then "[5-10s] Close-up: the fox looks into the camera". The exact format is not documented by pmock.',
	routing: toBody('storyboard'),
};

export const generateSoraStyles: PmockOperation = {
	resource: VIDEO,
	option: {
		name: 'Generate (Sora 2 with Styles)',
		value: 'generateV2',
		action: 'Generate a Sora 2 video in a style',
		description: 'Start a Sora 2 video from a prompt, a style and an optional image; returns the task ID',
	},
	path: '/ai/sa/video/generate/v2',
	// The order of Generate (Sora 2 Pro or Sora 2), with Style and Storyboard in their places.
	fields: [
		sora2Model,
		sora2Prompt,
		styleField,
		imageUrlField,
		orientationField,
		sora2Size,
		sora2Duration,
		removeWatermarkField,
		storyboardField,
	],
	/** Every field is sent, typed exactly as the spec asks. */
	checkBody(body) {
		const checked: IDataObject = {
			model: oneOf(fieldLabel(sora2Model), body.model, MODELS),
			prompt: requiredText(fieldLabel(sora2Prompt), body.prompt, PROMPT_MAX_LENGTH),
		};
		const images = imageUrls(fieldLabel(imageUrlField), body.images, IMAGES_MAX, URL_MAX_LENGTH);
		if (images) checked.images = images;
		checked.orientation = oneOf(fieldLabel(orientationField), body.orientation, ORIENTATIONS);
		checked.size = oneOf(fieldLabel(sora2Size), body.size, SIZES);
		checked.duration = oneOf(fieldLabel(sora2Duration), body.duration, DURATIONS, ' (seconds)');
		checked.removeWatermark = booleanValue(fieldLabel(removeWatermarkField), body.removeWatermark);
		checked.styleId = oneOf(fieldLabel(styleField), body.styleId, STYLE_IDS);
		checked.storyboard = booleanValue(fieldLabel(storyboardField), body.storyboard);
		return checked;
	},
};
