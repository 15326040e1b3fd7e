import type { IDataObject, IDisplayOptions, INodeProperties } from 'n8n-workflow';

import { IMAGES_MAX, ORIENTATIONS, PROMPT_MAX_LENGTH, URL_MAX_LENGTH } from '../../shared/constants';
import { booleanValue, FieldValueError, imageUrls, oneOf, requiredText, showValue } from '../../shared/fieldValidators';
import { fieldLabel, type PmockOperation } from '../../shared/operation';
import { toBody } from '../../shared/routing';
import { promptFieldOf } from '../../shared/promptField';
import { imageUrlField, orientationField, removeWatermarkField } from '../../shared/videoFields';
import { VIDEO } from './resource';

/** Video → Generate (Sora 2 Pro or Sora 2): POST /ai/sa/video/generate, the endpoint with Sora 2 Pro. */

/**
 * What each model accepts. `large` and the longer durations are Sora 2 Pro only; the form
 * shows each model's own lists and the body check names the model a value needs.
 */
export const MODELS = {
	'sora-2': { name: 'Sora 2', sizes: ['small'], durations: [10] },
	'sora-2-pro': { name: 'Sora 2 Pro', sizes: ['small', 'large'], durations: [10, 15, 25] },
} as const satisfies Record<string, { name: string; sizes: readonly string[]; durations: readonly number[] }>;

type Model = keyof typeof MODELS;

const MODEL_IDS = Object.keys(MODELS) as Model[];

/** The model whose Size and Duration lists are shown whenever the model is not another one. */
const WIDEST_MODEL: Model = 'sora-2-pro';

/** Every size and duration some model accepts, in the order of the most capable model. */
const ALL_SIZES = MODELS[WIDEST_MODEL].sizes;

const ALL_DURATIONS = MODELS[WIDEST_MODEL].durations;

/**
 * The parameter names: apart from the other operations' (`soraProModel`…), as their values
 * differ, and each model's Size and Duration under their own names, so that switching the
 * model resets them (Sora 2 Pro's 25 seconds is not kept as a red value under Sora 2).
 */
const NAMES = {
	model: 'soraProModel',
	size: { 'sora-2': 'soraProSizeSora2', 'sora-2-pro': 'soraProSize' },
	duration: { 'sora-2': 'soraProDurationSora2', 'sora-2-pro': 'soraProDuration' },
} as const satisfies { model: string; size: Record<Model, string>; duration: Record<Model, string> };

const modelField: INodeProperties = {
	displayName: 'Model',
	name: NAMES.model,
	type: 'options',
	options: MODEL_IDS.map((model) => ({ name: MODELS[model].name, value: model })),
	default: 'sora-2',
	description: 'Video generation model. Sora 2 Pro adds the large size and 15- and 25-second videos.',
	routing: toBody('model'),
};

/**
 * Size and Duration exist once per model, with the same default and displayOptions that show
 * exactly one of them, so the form offers only what the chosen model accepts.
 *
 * A model's own fields show only when the model is exactly that one; the widest lists show
 * otherwise, including for a model from an expression (which the editor may not be able to
 * resolve yet). The body check then refuses a combination the model does not accept.
 */
function showForModel(model: Model): IDisplayOptions {
	if (model === WIDEST_MODEL) return { hide: { [NAMES.model]: MODEL_IDS.filter((other) => other !== model) } };
	return { hide: { [NAMES.model]: [{ _cnd: { not: model } }] } };
}

const capitalize = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

function sizeAndDurationFor(model: Model): INodeProperties[] {
	const { name, sizes, durations } = MODELS[model];
	return [
		{
			displayName: 'Size',
			name: NAMES.size[model],
			type: 'options',
			displayOptions: showForModel(model),
			options: sizes.map((size) => ({ name: capitalize(size), value: size })),
			default: 'small',
			description:
				model === WIDEST_MODEL
					? 'Resolution of the video. Large is Sora 2 Pro only.'
					: `Resolution of the video. ${name} offers small only; choose Sora 2 Pro for large.`,
			routing: toBody('size'),
		},
		{
			displayName: 'Duration',
			name: NAMES.duration[model],
			type: 'options',
			displayOptions: showForModel(model),
			options: durations.map((seconds) => ({ name: `${seconds} Seconds`, value: seconds })),
			default: 10,
			description:
				model === WIDEST_MODEL
					? 'Length of the video in seconds. 15 and 25 seconds are Sora 2 Pro only.'
					: `Length of the video in seconds. ${name} makes 10-second videos here: choose Sora 2 Pro for 15 or 25 seconds, or the Generate (Sora 2 with Styles) operation for 15 seconds with Sora 2.`,
			routing: toBody('duration'),
		},
	];
}

/** Size once per model, then Duration once per model (see showForModel). */
const perModelFields = MODEL_IDS.flatMap((model) => sizeAndDurationFor(model));

const sizeFields = perModelFields.filter((field) => field.displayName === 'Size');

const durationFields = perModelFields.filter((field) => field.displayName === 'Duration');

const soraProPrompt = promptFieldOf({
	name: 'soraProPrompt',
	placeholder: 'e.g. A lighthouse in a storm at night, waves crashing against the rocks, cinematic',
	description: `What the video shows, up to ${PROMPT_MAX_LENGTH} characters`,
});

/** "10 seconds with sora-2; 10, 15, 25 seconds with sora-2-pro": what each model accepts. */
function perModel(list: 'sizes' | 'durations'): string {
	const unit = list === 'durations' ? ' seconds' : '';
	return MODEL_IDS.map((model) => `${MODELS[model][list].join(', ')}${unit} with ${model}`).join('; ');
}

/**
 * A size or duration the endpoint knows, checked against what the chosen model accepts. An
 * expression can combine values the form never offers together (sora-2 with 25 seconds); the
 * error names the model the value needs.
 */
function forModel<T extends string | number>(
	field: string,
	value: unknown,
	model: Model,
	list: 'sizes' | 'durations',
	all: readonly T[],
	unit = '',
): T {
	const known = oneOf(field, value, all, unit);
	const accepted = MODELS[model][list] as readonly (string | number)[];
	if (accepted.includes(known)) return known;
	const needs = MODEL_IDS.filter((other) => (MODELS[other][list] as readonly (string | number)[]).includes(known));
	throw new FieldValueError(field, `${showValue(known)} needs model ${needs.join(' or ')}`, perModel(list));
}

export const generateSoraPro: PmockOperation = {
	resource: VIDEO,
	option: {
		name: 'Generate (Sora 2 Pro or Sora 2)',
		value: 'generateV1',
		action: 'Generate a Sora 2 Pro or Sora 2 video',
		description:
			'Start a Sora 2 Pro or Sora 2 video (large size, up to 25 seconds with Sora 2 Pro) from a prompt and an optional image; returns the task ID',
	},
	path: '/ai/sa/video/generate',
	fields: [
		modelField,
		soraProPrompt,
		imageUrlField,
		orientationField,
		...sizeFields,
		...durationFields,
		removeWatermarkField,
	],
	/** Every field is sent, typed as the spec asks, size and duration checked against the model. */
	checkBody(body) {
		const model = oneOf(fieldLabel(modelField), body.model, MODEL_IDS);
		const checked: IDataObject = {
			model,
			prompt: requiredText(fieldLabel(soraProPrompt), body.prompt, PROMPT_MAX_LENGTH),
		};
		const images = imageUrls(fieldLabel(imageUrlField), body.images, IMAGES_MAX, URL_MAX_LENGTH);
		if (images) checked.images = images;
		checked.orientation = oneOf(fieldLabel(orientationField), body.orientation, ORIENTATIONS);
		checked.size = forModel(fieldLabel(sizeFields[0]), body.size, model, 'sizes', ALL_SIZES);
		checked.duration = forModel(
			fieldLabel(durationFields[0]),
			body.duration,
			model,
			'durations',
			ALL_DURATIONS,
			' (seconds)',
		);
		checked.removeWatermark = booleanValue(fieldLabel(removeWatermarkField), body.removeWatermark);
		return checked;
	},
};
