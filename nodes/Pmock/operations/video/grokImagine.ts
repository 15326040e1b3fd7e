import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { URL_MAX_LENGTH } from '../../shared/constants';
import { oneOf, requiredText, urlList } from '../../shared/fieldValidators';
import { byName, fieldLabel, NOT_SENT, notSentOption, type PmockOperation } from '../../shared/operation';
import { promptFieldOf } from '../../shared/promptField';
import { toBody } from '../../shared/routing';
import { VIDEO } from './resource';

/**
 * Video → Generate (Grok Imagine): POST /ai/xai/video/generate. A video from an English prompt,
 * or from up to 5 reference images and the prompt. New in node version 2 (no version-1 fields).
 * How we read what pmock's page leaves open is in docs/spec-readings.md (Grok Imagine).
 */

const MODELS = { 'grok-imagine-video': 'Grok Imagine Video' } as const;

const MODEL_IDS = Object.keys(MODELS) as Array<keyof typeof MODELS>;

/** `enum (string)`: sent as the strings the page types, "6" by default. */
const DURATIONS = ['6', '10', '15'] as const;

/** The page's default, sent when the form keeps it. */
const DEFAULT_DURATION = '6';

const RESOLUTIONS = ['480P', '720P'] as const;

const DEFAULT_RESOLUTION = '720P';

/** The aspect ratios in the spec's order, with what each is for. */
const ASPECT_RATIOS = {
	'2:3': 'Portrait, like a photo',
	'3:2': 'Landscape, like a photo',
	'1:1': 'Square',
	'9:16': 'Portrait (tall), for stories and shorts',
	'16:9': 'Landscape (wide)',
} as const;

const ASPECT_RATIO_IDS = Object.keys(ASPECT_RATIOS) as Array<keyof typeof ASPECT_RATIOS>;

/** "reference image URLs (image to video), up to 5". */
export const GROK_VIDEO_IMAGES_MAX = 5;

const TAKER = 'Grok Imagine video';

const grokVideoPrompt = promptFieldOf({
	name: 'grokVideoPrompt',
	placeholder: 'e.g. A paper boat drifting down a rainy street, close-up, soft evening light',
	description:
		'What the video shows, in English: pmock\'s Grok Imagine reads English prompts only ("currently only supporting English"). With Image URLs, the motion or change to make from the images.',
});

const modelField: INodeProperties = {
	displayName: 'Model',
	name: 'grokVideoModel',
	type: 'options',
	options: MODEL_IDS.map((value) => ({ name: MODELS[value], value })),
	default: 'grok-imagine-video',
	description: 'Grok Imagine model: pmock offers grok-imagine-video',
	routing: toBody('model'),
};

const imageUrlsField: INodeProperties = {
	displayName: 'Image URLs',
	name: 'grokVideoImageUrls',
	type: 'string',
	typeOptions: { rows: 3 },
	default: '',
	placeholder: 'e.g. https://example.com/first-frame.jpg',
	description: `Optional: public http(s) URLs of up to ${GROK_VIDEO_IMAGES_MAX} reference images to make the video from, one per line. With images the video takes the image's size, so Aspect Ratio and Resolution are hidden and not sent (pmock ignores them). An expression may give a list.`,
	routing: toBody('images'),
};

/** Hidden while Image URLs hold a typed URL (an expression keeps them shown; the body check then drops them per item). */
const hiddenWithImages = { hide: { [imageUrlsField.name]: [{ _cnd: { regex: '^(?!=)\\s*\\S' } }] } };

const durationField: INodeProperties = {
	displayName: 'Duration',
	name: 'grokVideoDuration',
	type: 'options',
	options: DURATIONS.map((seconds) => ({ name: `${seconds} Seconds`, value: seconds })),
	default: DEFAULT_DURATION,
	description: "Length of the video in seconds (pmock's default: 6)",
	routing: toBody('duration'),
};

const aspectRatioField: INodeProperties = {
	displayName: 'Aspect Ratio',
	name: 'grokVideoAspectRatio',
	type: 'options',
	displayOptions: hiddenWithImages,
	options: [
		...byName(ASPECT_RATIO_IDS.map((value) => ({ name: value, value, description: ASPECT_RATIOS[value] }))),
		notSentOption('pmock chooses the shape'),
	],
	// The page names no default aspect ratio: none is sent unless one is chosen.
	default: NOT_SENT,
	description: "Shape of the video. Not used with Image URLs: the video then takes the image's shape.",
	routing: toBody('aspectRatio'),
};

const resolutionField: INodeProperties = {
	displayName: 'Resolution',
	name: 'grokVideoResolution',
	type: 'options',
	displayOptions: hiddenWithImages,
	options: RESOLUTIONS.map((value) => ({ name: value, value })),
	default: DEFAULT_RESOLUTION,
	description: "Height of the video: 480P or 720P (pmock's default). Not used with Image URLs.",
	routing: toBody('resolution'),
};

const label = {
	prompt: fieldLabel(grokVideoPrompt),
	model: fieldLabel(modelField),
	imageUrls: fieldLabel(imageUrlsField),
	duration: fieldLabel(durationField),
	aspectRatio: fieldLabel(aspectRatioField),
	resolution: fieldLabel(resolutionField),
};

export const grokImagineVideo: PmockOperation = {
	resource: VIDEO,
	option: {
		name: 'Generate (Grok Imagine)',
		value: 'generateGrokVideo',
		action: 'Generate a Grok Imagine video',
		description:
			'Start a Grok Imagine video from an English prompt, optionally from up to 5 reference images; returns the task ID',
	},
	path: '/ai/xai/video/generate',
	fields: [grokVideoPrompt, modelField, imageUrlsField, durationField, aspectRatioField, resolutionField],
	/**
	 * prompt, model and duration always; images when given (at most 5, the key left out when
	 * none); aspectRatio when chosen and resolution only without images, which pmock ignores then
	 * (a list from an expression routes them: they are dropped for that item, as the form hides them).
	 */
	checkBody(body) {
		const checked: IDataObject = {
			prompt: requiredText(label.prompt, body.prompt, Infinity),
			model: oneOf(label.model, body.model, MODEL_IDS),
			duration: oneOf(label.duration, body.duration, DURATIONS, ' (seconds)'),
		};
		const images = urlList(label.imageUrls, body.images, URL_MAX_LENGTH, GROK_VIDEO_IMAGES_MAX, TAKER);
		if (images.length > 0) {
			checked.images = images;
			return checked;
		}
		if (body.aspectRatio !== undefined && body.aspectRatio !== NOT_SENT) {
			checked.aspectRatio = oneOf(label.aspectRatio, body.aspectRatio, ASPECT_RATIO_IDS);
		}
		if (body.resolution !== undefined) checked.resolution = oneOf(label.resolution, body.resolution, RESOLUTIONS);
		return checked;
	},
};
