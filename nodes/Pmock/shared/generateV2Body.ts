import type { IDataObject } from 'n8n-workflow';

import {
	DURATIONS_V2,
	URL_MAX_LENGTH,
	IMAGES_MAX,
	MODELS_V2,
	ORIENTATIONS,
	PROMPT_MAX_LENGTH,
	SIZES_V2,
	STYLES,
} from './constants';
import { booleanValue, imageUrls, oneOf, requiredText } from './fieldValidators';

const STYLE_IDS = STYLES.map((style) => style.value);

/**
 * The body of POST /ai/sa/video/generate/v2, checked and typed exactly as the spec asks,
 * from the body the routing assembled out of the node's fields.
 */
export function generateV2Body(body: IDataObject): IDataObject {
	const checked: IDataObject = {
		model: oneOf('Model (model)', body.model, MODELS_V2),
		prompt: requiredText('Prompt (prompt)', body.prompt, PROMPT_MAX_LENGTH),
	};
	const images = imageUrls('Image URL (images)', body.images, IMAGES_MAX, URL_MAX_LENGTH);
	if (images) checked.images = images;
	checked.orientation = oneOf('Orientation (orientation)', body.orientation, ORIENTATIONS);
	checked.size = oneOf('Size (size)', body.size, SIZES_V2);
	checked.duration = oneOf('Duration (duration)', body.duration, DURATIONS_V2, ' (seconds)');
	checked.removeWatermark = booleanValue('Remove Watermark (removeWatermark)', body.removeWatermark);
	checked.styleId = oneOf('Style (styleId)', body.styleId, STYLE_IDS);
	checked.storyboard = booleanValue('Storyboard (storyboard)', body.storyboard);
	return checked;
}
