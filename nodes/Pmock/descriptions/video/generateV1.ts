import type { IDisplayOptions, INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { GENERATE_V1_PATH, MODEL_V1_IDS, MODELS_V1, type ModelV1 } from '../../shared/constants';
import { generateV1Body } from '../../shared/generateV1Body';
import { startTaskRouting, toBody } from '../routing';

/** Video → Generate (Sora 2 / 2 Pro): POST /ai/sa/video/generate, the endpoint with Sora 2 Pro. */

const showForGenerateV1 = { show: { resource: ['video'], operation: ['generateV1'] } };

/** The model whose Size and Duration lists are shown whenever the model is not another one. */
const WIDEST_MODEL: ModelV1 = 'sora-2-pro';

/**
 * Size and Duration exist once per model, with the same `name` (the JSON key) and the same
 * default, and displayOptions that show exactly one of them, so the form offers only what the
 * chosen model accepts while saved workflows keep `"size": "large"`, as the API reads it.
 *
 * A model's own fields show only when the model is exactly that one; the widest lists show
 * otherwise, including for a model from an expression (which the editor may not be able to
 * resolve yet). The body check then refuses a combination the model does not accept.
 */
function showForModel(model: ModelV1): IDisplayOptions {
	if (model === WIDEST_MODEL) {
		return { show: showForGenerateV1.show, hide: { model: MODEL_V1_IDS.filter((other) => other !== model) } };
	}
	return { show: showForGenerateV1.show, hide: { model: [{ _cnd: { not: model } }] } };
}

const capitalize = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

function sizeAndDurationFor(model: ModelV1): INodeProperties[] {
	const { name, sizes, durations } = MODELS_V1[model];
	return [
		{
			displayName: 'Size',
			name: 'size',
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
			name: 'duration',
			type: 'options',
			displayOptions: showForModel(model),
			options: durations.map((seconds) => ({ name: `${seconds} Seconds`, value: seconds })),
			default: 10,
			description:
				model === WIDEST_MODEL
					? 'Length of the video in seconds. 15 and 25 seconds are Sora 2 Pro only.'
					: `Length of the video in seconds. ${name} makes 10-second videos here: choose Sora 2 Pro for 15 or 25 seconds, or the Generate (Sora 2) operation for 15 seconds with Sora 2.`,
			routing: toBody('duration'),
		},
	];
}

export const generateV1Operation: INodePropertyOptions = {
	name: 'Generate (Sora 2 / 2 Pro)',
	value: 'generateV1',
	action: 'Generate a video with Sora 2 or Sora 2 Pro',
	description:
		'Start a Sora 2 or Sora 2 Pro video (large size, up to 25 seconds) from a prompt and an optional image; returns the task ID',
	routing: startTaskRouting(GENERATE_V1_PATH, generateV1Body),
};

/** Its own fields; VideoDescription.ts places them around the fields both Generate operations share. */

export const generateV1Model: INodeProperties = {
	displayName: 'Model',
	name: 'model',
	type: 'options',
	displayOptions: showForGenerateV1,
	options: MODEL_V1_IDS.map((model) => ({ name: MODELS_V1[model].name, value: model })),
	default: 'sora-2',
	description:
		'Video generation model. Sora 2 Pro adds the large size and 15- and 25-second videos.',
	routing: toBody('model'),
};

/** Size and Duration once per model (see showForModel). */
export const generateV1SizeAndDuration: INodeProperties[] = MODEL_V1_IDS.flatMap(sizeAndDurationFor);
