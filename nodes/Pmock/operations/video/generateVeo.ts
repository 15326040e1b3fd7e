import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { URL_MAX_LENGTH } from '../../shared/constants';
import {
	booleanValue,
	FieldValueError,
	oneOf,
	optionalText,
	requiredText,
	urlList,
} from '../../shared/fieldValidators';
import { byName, fieldLabel, type PmockOperation } from '../../shared/operation';
import { promptFieldOf } from '../../shared/promptField';
import { toBody } from '../../shared/routing';
import { VIDEO } from './resource';

/**
 * Video → Generate (Veo 3.1): POST /ai/gi/video/generate. A video from the prompt
 * (text2video), from 1 or 2 images and the prompt (img2video), or the 1080p version of a Veo
 * video made before (get1080p). How we read what pmock's page leaves open is in
 * docs/spec-readings.md (Veo 3.1).
 */

/** The actions with the names and descriptions the Action list shows, in the spec's order. */
export const ACTIONS = {
	text2video: {
		name: 'Text to Video',
		description: 'A video from the prompt (with Veo 3.1 Fast Ingredients, also from 1 to 3 reference images)',
	},
	img2video: { name: 'Image to Video', description: 'A video from 1 or 2 images and the prompt' },
	get1080p: { name: 'Get 1080p', description: 'The 1080p version of a Veo video made before, named by its Video ID' },
} as const;

type Action = keyof typeof ACTIONS;

const ACTION_IDS = Object.keys(ACTIONS) as Action[];

/** The models with the names the Model list shows, in the spec's order. */
export const MODELS = {
	veo3_fast: 'Veo 3 Fast',
	veo2_fast: 'Veo 2 Fast',
	veo3_quality: 'Veo 3 Quality',
	veo2_quality: 'Veo 2 Quality',
	veo31_fast: 'Veo 3.1 Fast',
	veo31_quality: 'Veo 3.1 Quality',
	veo31_fast_ingredients: 'Veo 3.1 Fast Ingredients',
} as const;

type Model = keyof typeof MODELS;

const MODEL_IDS = Object.keys(MODELS) as Model[];

/** "If the model is veo31_fast_ingredients, an imageList (1-3 http(s) URLs) is required." */
export const INGREDIENTS: Model = 'veo31_fast_ingredients';

/** The aspect ratios in the spec's order, with what each is for. */
const ASPECT_RATIOS = {
	'16:9': 'Landscape (wide)',
	'9:16': 'Portrait (tall), for stories and shorts',
	'1:1': 'Square',
	'3:4': 'Portrait',
	'4:3': 'Landscape',
} as const;

const ASPECT_RATIO_IDS = Object.keys(ASPECT_RATIOS) as Array<keyof typeof ASPECT_RATIOS>;

/** The page names no default; 16:9 is its example, and the usual shape of a video. */
const DEFAULT_ASPECT_RATIO = '16:9';

/**
 * The parameter names of Veo's fields: apart from the other operations' (`veoAction`,
 * `veoModel`…), as Action, Model and Aspect Ratio offer other values than Nano Banana's and
 * the Sora models'.
 */
const NAMES = {
	action: 'veoAction',
	model: 'veoModel',
	imageList: 'veoImageList',
	videoId: 'veoVideoId',
	aspectRatio: 'veoAspectRatio',
	translation: 'veoTranslation',
} as const;

const IMAGE_LIST_PLACEHOLDER = 'e.g. https://example.com/first-frame.jpg';

const actionField: INodeProperties = {
	displayName: 'Action',
	name: NAMES.action,
	type: 'options',
	options: byName(ACTION_IDS.map((value) => ({ value, ...ACTIONS[value] }))),
	default: 'text2video',
	description: 'What to make: a new video from the prompt or from images, or the 1080p version of one made before',
	routing: toBody('action'),
};

const modelField: INodeProperties = {
	displayName: 'Model',
	name: NAMES.model,
	type: 'options',
	options: byName(MODEL_IDS.map((value) => ({ name: MODELS[value], value }))),
	default: 'veo31_fast',
	description:
		'Veo model. Veo 3.1 Fast Ingredients makes the video from 1 to 3 reference images (Image URLs). For Get 1080p, choose the model the video was made with.',
	routing: toBody('model'),
};

/**
 * Image URLs exist twice, with the same `name`, type and default, and displayOptions that
 * never show both: n8n's displayOptions cannot say "action img2video OR model
 * veo31_fast_ingredients", so one shows for Image to Video, the other for Text to Video
 * with the ingredients model. An Action from an expression shows the first (n8n cannot
 * know the action before the item runs); the body check then applies the rule for that item.
 */
const imageListForImageToVideo: INodeProperties = {
	displayName: 'Image URLs',
	name: NAMES.imageList,
	type: 'string',
	typeOptions: { rows: 3 },
	displayOptions: { show: { [NAMES.action]: ['img2video'] } },
	default: '',
	placeholder: IMAGE_LIST_PLACEHOLDER,
	description:
		'Public http(s) URLs of the images to make the video from, one per line: 1 or 2 (e.g. the first and the last frame), or 1 to 3 reference images with Veo 3.1 Fast Ingredients. An expression may give a list.',
	routing: toBody('imageList'),
};

const imageListForIngredients: INodeProperties = {
	...imageListForImageToVideo,
	displayOptions: {
		hide: {
			// Image to Video and an Action from an expression show the field above; Get 1080p takes none.
			[NAMES.action]: ['img2video', 'get1080p', { _cnd: { regex: '^=' } }],
			// Any model typed in but the ingredients model (a model from an expression keeps it shown).
			[NAMES.model]: [{ _cnd: { regex: `^(?!=)(?!${INGREDIENTS}$)` } }],
		},
	},
	description:
		'Public http(s) URLs of 1 to 3 reference images (the "ingredients" of the video), one per line: Veo 3.1 Fast Ingredients requires them. An expression may give a list.',
};

const videoIdField: INodeProperties = {
	displayName: 'Video ID',
	name: NAMES.videoId,
	type: 'string',
	displayOptions: { show: { [NAMES.action]: ['get1080p'] } },
	default: '',
	placeholder: 'e.g. the videoId of the finished Veo video',
	description: 'The ID of the Veo video to get in 1080p. Required for Get 1080p, and sent with no other action.',
	routing: toBody('videoId'),
};

const aspectRatioField: INodeProperties = {
	displayName: 'Aspect Ratio',
	name: NAMES.aspectRatio,
	type: 'options',
	// Get 1080p takes the video as it was made.
	displayOptions: { hide: { [NAMES.action]: ['get1080p'] } },
	options: byName(ASPECT_RATIO_IDS.map((value) => ({ name: value, value, description: ASPECT_RATIOS[value] }))),
	default: DEFAULT_ASPECT_RATIO,
	description: 'Shape of the video',
	routing: toBody('aspectRatio'),
};

const translationField: INodeProperties = {
	displayName: 'Translation',
	name: NAMES.translation,
	type: 'boolean',
	displayOptions: { hide: { [NAMES.action]: ['get1080p'] } },
	default: false,
	description: "Whether pmock should translate the prompt automatically (pmock's Veo reads English prompts only)",
	routing: toBody('translation'),
};

const veoPrompt = promptFieldOf({
	name: 'veoPrompt',
	placeholder: 'e.g. A hummingbird drinking from a red flower, macro, slow motion',
	description:
		"What the video shows, in English: pmock's Veo reads English prompts only (or turn on Translation). Get 1080p needs one too.",
});

const label = {
	prompt: fieldLabel(veoPrompt),
	action: fieldLabel(actionField),
	model: fieldLabel(modelField),
	imageList: fieldLabel(imageListForImageToVideo),
	videoId: fieldLabel(videoIdField),
	aspectRatio: fieldLabel(aspectRatioField),
	translation: fieldLabel(translationField),
};

const IMAGE_RULE =
	'image URLs only with action img2video (1 or 2) or model veo31_fast_ingredients (1 to 3, with text2video or img2video), none with get1080p';

/** How many image URLs an action and model take: none, or a range that starts at 1 (they are then required). */
function imagesTaken(action: Action, model: Model): { max: number; why: string } | undefined {
	if (action === 'get1080p') return undefined;
	if (model === INGREDIENTS) return { max: 3, why: `model ${INGREDIENTS} requires 1 to 3` };
	if (action === 'img2video') return { max: 2, why: `action img2video requires 1 or 2 (model ${INGREDIENTS} 1 to 3)` };
	return undefined;
}

/**
 * The image URLs an item sends, by the rules of the action and the model: required with
 * img2video (1 or 2) and with the ingredients model (1 to 3); prohibited otherwise, so a
 * list there is refused rather than dropped (it is not what the item asked for).
 */
function imageListFor(action: Action, model: Model, value: unknown): string[] | undefined {
	const urls = urlList(label.imageList, value, URL_MAX_LENGTH);
	const taken = imagesTaken(action, model);
	if (!taken) {
		if (urls.length === 0) return undefined;
		const combination = action === 'get1080p' ? 'action get1080p' : `action ${action} and model ${model}`;
		throw new FieldValueError(
			label.imageList,
			`cannot be sent with ${combination}`,
			`${IMAGE_RULE} (pmock prohibits them otherwise): leave the field empty`,
		);
	}
	const allowed = `http(s) image URLs, one per line: ${taken.why}`;
	if (urls.length === 0) throw new FieldValueError(label.imageList, 'is empty', allowed);
	if (urls.length > taken.max) throw new FieldValueError(label.imageList, `has ${urls.length} URLs`, allowed);
	return urls;
}

export const generateVeo: PmockOperation = {
	resource: VIDEO,
	option: {
		name: 'Generate (Veo 3.1)',
		value: 'generateVeo',
		action: 'Generate a Veo 3.1 video',
		description:
			'Start a Veo video from an English prompt, optionally from 1 or 2 images (or 1 to 3 reference images), or get the 1080p version of a Veo video by its ID; returns the task ID',
	},
	path: '/ai/gi/video/generate',
	fields: [
		veoPrompt,
		actionField,
		modelField,
		imageListForImageToVideo,
		imageListForIngredients,
		videoIdField,
		aspectRatioField,
		translationField,
	],
	/**
	 * prompt, action and model always; videoId only with get1080p (required there); imageList
	 * when the action and model take it (required there); aspectRatio and translation except
	 * with get1080p, which takes the video as it was made (an Action from an expression routes
	 * them; they are left out for a get1080p item, as the form hides them).
	 */
	checkBody(body) {
		const action = oneOf(label.action, body.action, ACTION_IDS);
		const model = oneOf(label.model, body.model, MODEL_IDS);
		const checked: IDataObject = { prompt: requiredText(label.prompt, body.prompt, Infinity), action, model };
		// An ID pasted with a space or a line break around it names the same video.
		const videoId = optionalText(label.videoId, body.videoId)?.trim();
		if (action === 'get1080p') {
			if (videoId === undefined) {
				throw new FieldValueError(
					label.videoId,
					'is empty',
					'the ID of the Veo video to get in 1080p: action get1080p requires it',
				);
			}
			checked.videoId = videoId;
		} else if (videoId !== undefined) {
			throw new FieldValueError(
				label.videoId,
				`cannot be sent with action ${action}`,
				'a Video ID only with action get1080p (pmock prohibits it otherwise): leave the field empty',
			);
		}
		const imageList = imageListFor(action, model, body.imageList);
		if (imageList) checked.imageList = imageList;
		if (action !== 'get1080p') {
			checked.aspectRatio = oneOf(label.aspectRatio, body.aspectRatio, ASPECT_RATIO_IDS);
			checked.translation = booleanValue(label.translation, body.translation);
		}
		return checked;
	},
};
