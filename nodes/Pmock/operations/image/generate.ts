import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { NANO_BANANA_IMAGES_MAX, URL_MAX_LENGTH } from '../../shared/constants';
import { FieldValueError, oneOf, requiredText, urlList } from '../../shared/fieldValidators';
import { byName, fieldLabel, type PmockOperation } from '../../shared/operation';
import { promptFieldOf } from '../../shared/promptField';
import { toBody } from '../../shared/routing';
import { IMAGE } from './resource';

/**
 * Image → Generate (Nano Banana): POST /ai/gi/image/generate. A new image from the prompt
 * (generate), or images at http(s) URLs changed as the prompt says (edit). One image per
 * request: `numImages` is required and only 1 is supported, so the node sends 1 and shows no
 * field for it. How we read what pmock's page leaves open is in docs/spec-readings.md.
 */

/** "only support generate 1 image". */
export const NUM_IMAGES = 1;

const ACTIONS = {
	generate: { name: 'Generate', description: 'A new image from the prompt' },
	edit: { name: 'Edit', description: 'The images at Image URLs, changed as the prompt says' },
} as const;

type Action = keyof typeof ACTIONS;

const ACTION_IDS = Object.keys(ACTIONS) as Action[];

const MODELS = { 'nano-banana-fast': 'Nano Banana Fast', 'nano-banana-pro': 'Nano Banana Pro' } as const;

const MODEL_IDS = Object.keys(MODELS) as Array<keyof typeof MODELS>;

const RESOLUTIONS = ['1K', '2K', '4K'] as const;

/** The aspect ratios in the spec's order, with what each is for. */
const ASPECT_RATIOS = {
	'21:9': 'Ultra-wide',
	'1:1': "Square (pmock's default)",
	'4:3': 'Landscape',
	'3:2': 'Landscape, like a photo',
	'2:3': 'Portrait, like a photo',
	'5:4': 'Landscape, nearly square',
	'4:5': 'Portrait, nearly square (social posts)',
	'3:4': 'Portrait',
	'16:9': 'Landscape (wide)',
	'9:16': 'Portrait (tall), for stories',
} as const;

const ASPECT_RATIO_IDS = Object.keys(ASPECT_RATIOS) as Array<keyof typeof ASPECT_RATIOS>;

/**
 * The parameter names of the fields whose values differ from Veo's (Action, Model, Aspect
 * Ratio) and of the field shown by the action: apart from Veo's (`imageAction`…).
 */
const NAMES = {
	action: 'imageAction',
	model: 'imageModel',
	imageUrls: 'editImageUrls',
	aspectRatio: 'imageAspectRatio',
} as const;

const resolutionField: INodeProperties = {
	displayName: 'Resolution',
	name: 'resolution',
	type: 'options',
	options: RESOLUTIONS.map((value) => ({ name: value, value })),
	default: '1K',
	description: 'Size of the image: 1K, 2K or 4K (pmock offers all three with both models)',
	routing: toBody('resolution'),
};

const actionField: INodeProperties = {
	displayName: 'Action',
	name: NAMES.action,
	type: 'options',
	options: byName(ACTION_IDS.map((value) => ({ value, ...ACTIONS[value] }))),
	default: 'generate',
	description: 'Whether to create a new image or edit existing ones',
	routing: toBody('action'),
};

const modelField: INodeProperties = {
	displayName: 'Model',
	name: NAMES.model,
	type: 'options',
	options: MODEL_IDS.map((value) => ({ name: MODELS[value], value })),
	default: 'nano-banana-fast',
	description: 'Nano Banana model',
	routing: toBody('model'),
};

const imageUrlsField: INodeProperties = {
	displayName: 'Image URLs',
	name: NAMES.imageUrls,
	type: 'string',
	typeOptions: { rows: 3 },
	// An Action from an expression shows it too; the body check applies the rule per item.
	displayOptions: { show: { [NAMES.action]: ['edit'] } },
	default: '',
	placeholder: 'e.g. https://example.com/photo.jpg',
	description:
		"Public http(s) URLs of the images to edit, one per line, each at most 10 MB (pmock's limit). Required for Edit. An expression may give a list.",
	routing: toBody('imageUrls'),
};

const aspectRatioField: INodeProperties = {
	displayName: 'Aspect Ratio',
	name: NAMES.aspectRatio,
	type: 'options',
	options: byName(ASPECT_RATIO_IDS.map((value) => ({ name: value, value, description: ASPECT_RATIOS[value] }))),
	default: '1:1',
	description: 'Shape of the image',
	routing: toBody('aspectRatio'),
};

const imagePrompt = promptFieldOf({
	name: 'imagePrompt',
	placeholder: 'e.g. A jar of wildflower honey on a rustic wooden table, soft morning light, product photo',
	description: 'The image to create, or for Edit the change to make to the images',
});

const label = {
	prompt: fieldLabel(imagePrompt),
	action: fieldLabel(actionField),
	model: fieldLabel(modelField),
	resolution: fieldLabel(resolutionField),
	imageUrls: fieldLabel(imageUrlsField),
	aspectRatio: fieldLabel(aspectRatioField),
};

/**
 * The images to edit: required with edit. The page describes them as "the image link that
 * needs to be edited" and gives generate no use for them, so a list with generate is refused
 * (it is not what the item asked for) rather than sent or dropped.
 */
function imageUrlsFor(action: Action, value: unknown): string[] | undefined {
	const urls = urlList(label.imageUrls, value, URL_MAX_LENGTH, NANO_BANANA_IMAGES_MAX);
	if (action === 'edit') {
		if (urls.length === 0) {
			throw new FieldValueError(
				label.imageUrls,
				'is empty',
				'one or more http(s) image URLs, one per line: action edit requires them',
			);
		}
		return urls;
	}
	if (urls.length === 0) return undefined;
	throw new FieldValueError(
		label.imageUrls,
		'cannot be sent with action generate',
		'image URLs only with action edit (the images to change): leave the field empty, or choose edit',
	);
}

export const generateImage: PmockOperation = {
	resource: IMAGE,
	option: {
		name: 'Generate (Nano Banana)',
		value: 'generate',
		action: 'Generate or edit a Nano Banana image',
		description:
			'Start a Nano Banana image: a new one from a prompt, or an edit of images at http(s) URLs as the prompt says; returns the task ID',
	},
	path: '/ai/gi/image/generate',
	fields: [imagePrompt, actionField, modelField, resolutionField, imageUrlsField, aspectRatioField],
	/** Every field but the images is always sent; imageUrls with edit only; numImages is always 1. */
	checkBody(body) {
		const action = oneOf(label.action, body.action, ACTION_IDS);
		const checked: IDataObject = {
			prompt: requiredText(label.prompt, body.prompt, Infinity),
			action,
			numImages: NUM_IMAGES,
			model: oneOf(label.model, body.model, MODEL_IDS),
			resolution: oneOf(label.resolution, body.resolution, RESOLUTIONS),
		};
		const imageUrls = imageUrlsFor(action, body.imageUrls);
		if (imageUrls) checked.imageUrls = imageUrls;
		checked.aspectRatio = oneOf(label.aspectRatio, body.aspectRatio, ASPECT_RATIO_IDS);
		return checked;
	},
};
