import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { URL_MAX_LENGTH } from '../../shared/constants';
import { oneOf, requiredText, urlList } from '../../shared/fieldValidators';
import { byName, fieldLabel, NOT_SENT, notSentOption, type PmockOperation } from '../../shared/operation';
import { promptFieldOf } from '../../shared/promptField';
import { toBody } from '../../shared/routing';
import { IMAGE } from './resource';

/**
 * Image → Generate (Grok Imagine): POST /ai/xai/image/generate. A new image from an English
 * prompt, or one made from (or an edit of) a reference image. New in node version 2 (no
 * version-1 fields). How we read what pmock's page leaves open is in docs/spec-readings.md.
 */

const MODELS = { 'grok-imagine-image': 'Grok Imagine Image' } as const;

const MODEL_IDS = Object.keys(MODELS) as Array<keyof typeof MODELS>;

/** The aspect ratios in the spec's order, with what each is for. */
const ASPECT_RATIOS = {
	'1:1': 'Square',
	'3:2': 'Landscape, like a photo',
	'2:3': 'Portrait, like a photo',
	'16:9': 'Landscape (wide)',
	'9:16': 'Portrait (tall), for stories',
} as const;

const ASPECT_RATIO_IDS = Object.keys(ASPECT_RATIOS) as Array<keyof typeof ASPECT_RATIOS>;

/** "reference image URL for generation from / edit of an image, up to 1". */
export const GROK_IMAGE_IMAGES_MAX = 1;

const TAKER = 'Grok Imagine image';

const grokImagePrompt = promptFieldOf({
	name: 'grokImagePrompt',
	placeholder: 'e.g. A lighthouse on a cliff at dawn, watercolor',
	description:
		'The picture to make, in English: pmock\'s Grok Imagine reads English prompts only ("currently only supporting English"). With an Image URL, what to make from it or change in it.',
});

const modelField: INodeProperties = {
	displayName: 'Model',
	name: 'grokImageModel',
	type: 'options',
	options: MODEL_IDS.map((value) => ({ name: MODELS[value], value })),
	default: 'grok-imagine-image',
	description: 'Grok Imagine model: pmock offers grok-imagine-image',
	routing: toBody('model'),
};

const imageUrlField: INodeProperties = {
	displayName: 'Image URL',
	name: 'grokImageUrl',
	type: 'string',
	default: '',
	placeholder: 'e.g. https://example.com/photo.jpg',
	description:
		"Optional: the public http(s) URL of 1 reference image to make the new one from or to edit. The result then takes the reference image's size, so Aspect Ratio is hidden and not sent.",
	routing: toBody('images'),
};

const aspectRatioField: INodeProperties = {
	displayName: 'Aspect Ratio',
	name: 'grokImageAspectRatio',
	type: 'options',
	// Hidden while Image URL holds a typed URL (an expression keeps it shown; the body check then drops it per item).
	displayOptions: { hide: { [imageUrlField.name]: [{ _cnd: { regex: '^(?!=)\\s*\\S' } }] } },
	options: [
		...byName(ASPECT_RATIO_IDS.map((value) => ({ name: value, value, description: ASPECT_RATIOS[value] }))),
		notSentOption('pmock chooses the shape'),
	],
	// The page names no default aspect ratio: none is sent unless one is chosen.
	default: NOT_SENT,
	description: "Shape of the image. Not used with an Image URL: the result then takes the reference image's size.",
	routing: toBody('aspectRatio'),
};

const label = {
	prompt: fieldLabel(grokImagePrompt),
	model: fieldLabel(modelField),
	imageUrl: fieldLabel(imageUrlField),
	aspectRatio: fieldLabel(aspectRatioField),
};

export const grokImagineImage: PmockOperation = {
	resource: IMAGE,
	option: {
		name: 'Generate (Grok Imagine)',
		value: 'generateGrokImage',
		action: 'Generate or edit a Grok Imagine image',
		description:
			'Start a Grok Imagine image from an English prompt, optionally from or as an edit of 1 reference image; returns the task ID',
	},
	path: '/ai/xai/image/generate',
	fields: [grokImagePrompt, modelField, imageUrlField, aspectRatioField],
	/**
	 * prompt and model always; images (a one-element list) when given, the key left out when
	 * not; aspectRatio when chosen and no image is given (pmock then ignores it).
	 */
	checkBody(body) {
		const checked: IDataObject = {
			prompt: requiredText(label.prompt, body.prompt, Infinity),
			model: oneOf(label.model, body.model, MODEL_IDS),
		};
		const images = urlList(label.imageUrl, body.images, URL_MAX_LENGTH, GROK_IMAGE_IMAGES_MAX, TAKER);
		if (images.length > 0) {
			checked.images = images;
		} else if (body.aspectRatio !== undefined && body.aspectRatio !== NOT_SENT) {
			checked.aspectRatio = oneOf(label.aspectRatio, body.aspectRatio, ASPECT_RATIO_IDS);
		}
		return checked;
	},
};
