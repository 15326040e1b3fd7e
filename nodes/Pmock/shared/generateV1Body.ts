import type { IDataObject } from 'n8n-workflow';

import {
	DURATIONS_V1,
	IMAGES_MAX,
	MODEL_V1_IDS,
	MODELS_V1,
	ORIENTATIONS,
	PROMPT_MAX_LENGTH,
	SIZES_V1,
	type ModelV1,
	URL_MAX_LENGTH,
} from './constants';
import { booleanValue, FieldValueError, imageUrls, oneOf, requiredText, showValue } from './fieldValidators';

/** "10 seconds with sora-2; 10, 15, 25 seconds with sora-2-pro": what each model accepts. */
function perModel(list: 'sizes' | 'durations'): string {
	const unit = list === 'durations' ? ' seconds' : '';
	return MODEL_V1_IDS.map((model) => `${MODELS_V1[model][list].join(', ')}${unit} with ${model}`).join('; ');
}

/**
 * A size or duration the endpoint knows, checked against what the chosen model accepts. An
 * expression can combine values the UI never offers together (sora-2 with 25 seconds); the
 * error names the model the value needs.
 */
function forModel<T extends string | number>(
	field: string,
	value: unknown,
	model: ModelV1,
	list: 'sizes' | 'durations',
	all: readonly T[],
	unit = '',
): T {
	const known = oneOf(field, value, all, unit);
	const accepted = MODELS_V1[model][list] as readonly (string | number)[];
	if (accepted.includes(known)) return known;
	const needs = MODEL_V1_IDS.filter((other) =>
		(MODELS_V1[other][list] as readonly (string | number)[]).includes(known),
	);
	throw new FieldValueError(field, `${showValue(known)} needs model ${needs.join(' or ')}`, perModel(list));
}

/**
 * The body of POST /ai/sa/video/generate (Generate v1, Sora 2 and Sora 2 Pro), checked and
 * typed as the spec asks, from the body the routing assembled out of the node's fields.
 */
export function generateV1Body(body: IDataObject): IDataObject {
	const model = oneOf('Model (model)', body.model, MODEL_V1_IDS);
	const checked: IDataObject = {
		model,
		prompt: requiredText('Prompt (prompt)', body.prompt, PROMPT_MAX_LENGTH),
	};
	const images = imageUrls('Image URL (images)', body.images, IMAGES_MAX, URL_MAX_LENGTH);
	if (images) checked.images = images;
	checked.orientation = oneOf('Orientation (orientation)', body.orientation, ORIENTATIONS);
	checked.size = forModel('Size (size)', body.size, model, 'sizes', SIZES_V1);
	checked.duration = forModel('Duration (duration)', body.duration, model, 'durations', DURATIONS_V1, ' (seconds)');
	checked.removeWatermark = booleanValue('Remove Watermark (removeWatermark)', body.removeWatermark);
	return checked;
}
