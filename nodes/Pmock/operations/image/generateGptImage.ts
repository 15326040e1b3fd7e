import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { URL_MAX_LENGTH } from '../../shared/constants';
import {
	FieldValueError,
	oneOf,
	optionalText,
	requiredHttpUrl,
	requiredText,
	showValue,
	urlList,
} from '../../shared/fieldValidators';
import { outputImage } from '../../shared/imageAnswer';
import { byName, fieldLabel, type PmockOperation } from '../../shared/operation';
import { promptFieldOf } from '../../shared/promptField';
import { toBody } from '../../shared/routing';
import { paidRequestRouting } from '../../shared/taskRequest';
import { outputTaskId } from '../../shared/responseEnvelope';
import { IMAGE } from './resource';

/**
 * Image → Generate (GPT Image 2), with a choice of what comes back:
 * - Task ID: POST /ai/openai/images/generate (asynchronous, pmock's `{code, message, data:
 *   {taskId}, traceId}`); it can also edit images given by URL, with a mask;
 * - Image: POST /ai/openai/v1/images/generations (OpenAI-compatible, synchronous): the answer
 *   is the image, output as n8n binary data (shared/imageAnswer.ts); it only generates, and adds
 *   four larger sizes and `user`.
 * "What Comes Back" routes the request: each of its options carries its endpoint, its body
 * check and its answer step, so the node stays declarative (n8n sends, the credential signs
 * both endpoints alike). How we read the pages is in docs/spec-readings.md.
 */

export const TASK_PATH = '/ai/openai/images/generate';

export const IMAGE_PATH = '/ai/openai/v1/images/generations';

/**
 * Most image URLs per edit. pmock's page sets no number; OpenAI's image edits take up to 16
 * images for the GPT Image models, which pmock passes them on to.
 */
export const GPT_IMAGE_URLS_MAX = 16;

/** "Generation quantity: currently only supports 1". Sent, so that one item is one image (one bill). */
export const GPT_IMAGE_N = 1;

const MODELS = ['gpt-image-2'] as const;

const TASK_SIZES = ['auto', '1024x1024', '1024x1536', '1536x1024'] as const;

const IMAGE_SIZES = [...TASK_SIZES, '2048x2048', '2048x1152', '3840x2160', '2160x3840'] as const;

const QUALITIES = ['auto', 'low', 'medium', 'high', 'standard'] as const;

const BACKGROUNDS = ['auto', 'opaque', 'transparent'] as const;

const OUTPUT_FORMATS = ['png', 'jpeg', 'webp'] as const;

/** Formats whose compression level the API reads; PNG is lossless. */
const COMPRESSED_FORMATS = ['jpeg', 'webp'] as const;

const MODERATIONS = ['auto', 'low'] as const;

const RESPONSE_FORMATS = ['b64_json', 'url'] as const;

const INPUT_FIDELITIES = ['low', 'high'] as const;

const SIZE_NAMES: Record<(typeof IMAGE_SIZES)[number], string> = {
	auto: 'Auto',
	'1024x1024': '1024x1024 (Square)',
	'1024x1536': '1024x1536 (Portrait)',
	'1536x1024': '1536x1024 (Landscape)',
	'2048x2048': '2048x2048 (Square, 2K)',
	'2048x1152': '2048x1152 (Landscape 16:9, 2K)',
	'3840x2160': '3840x2160 (Landscape 16:9, 4K)',
	'2160x3840': '2160x3840 (Portrait 9:16, 4K)',
};

const RETURNS = { taskId: 'taskId', image: 'image' } as const;

/** Shown only when What Comes Back is this choice. */
const onlyFor = (choice: keyof typeof RETURNS, more: IDataObject = {}) => ({
	show: { gptImageReturn: [choice], ...more },
});

const prompt = promptFieldOf({
	name: 'gptImagePrompt',
	placeholder: 'e.g. A watercolour lighthouse on a cliff at dawn, soft pastel colours',
	description: 'What the picture shows, or with Image URLs (Task ID only) the change to make to them',
});

const model: INodeProperties = {
	displayName: 'Model',
	name: 'gptImageModel',
	type: 'options',
	options: MODELS.map((value) => ({ name: 'GPT Image 2', value })),
	default: 'gpt-image-2',
	description: 'The OpenAI image model',
	routing: toBody('model'),
};

const imageUrls: INodeProperties = {
	displayName: 'Image URLs',
	name: 'gptImageUrls',
	type: 'string',
	typeOptions: { rows: 3 },
	displayOptions: onlyFor('taskId'),
	default: '',
	placeholder: 'e.g. https://example.com/photo.png',
	description: `Public http(s) URLs of images to edit, one per line (at most ${GPT_IMAGE_URLS_MAX}). Empty: a new image from the prompt. An expression may give a list.`,
	routing: toBody('image'),
};

const mask: INodeProperties = {
	displayName: 'Mask URL',
	name: 'gptImageMask',
	type: 'string',
	displayOptions: onlyFor('taskId'),
	default: '',
	placeholder: 'e.g. https://example.com/mask.png',
	description:
		'Optional, with Image URLs: a public http(s) URL of a PNG whose transparent areas mark where the first image is edited',
	routing: toBody('mask'),
};

const inputFidelity: INodeProperties = {
	displayName: 'Input Fidelity',
	name: 'gptImageInputFidelity',
	type: 'options',
	displayOptions: onlyFor('taskId'),
	options: [
		{ name: 'High', value: 'high', description: 'Keep faces, logos and details of the images closer' },
		{ name: 'Low', value: 'low', description: "OpenAI's default" },
	],
	default: 'low',
	description: 'How closely an edit keeps the input images; sent only with Image URLs (it applies only to edits)',
	routing: toBody('inputFidelity'),
};

const sizeOptions = (sizes: readonly (typeof IMAGE_SIZES)[number][]) =>
	byName(sizes.map((value) => ({ name: SIZE_NAMES[value], value })));

const taskSize: INodeProperties = {
	displayName: 'Size',
	name: 'gptImageSize',
	type: 'options',
	displayOptions: onlyFor('taskId'),
	options: sizeOptions(TASK_SIZES),
	default: 'auto',
	description: 'Width x height in pixels; Auto lets the model choose',
	routing: toBody('size'),
};

const imageSize: INodeProperties = {
	displayName: 'Size',
	name: 'gptImageSyncSize',
	type: 'options',
	displayOptions: onlyFor('image'),
	options: sizeOptions(IMAGE_SIZES),
	default: 'auto',
	description: 'Width x height in pixels; Auto lets the model choose. The 2K and 4K sizes take longer (see Timeout).',
	routing: toBody('size'),
};

const quality: INodeProperties = {
	displayName: 'Quality',
	name: 'gptImageQuality',
	type: 'options',
	options: byName(QUALITIES.map((value) => ({ name: value.charAt(0).toUpperCase() + value.slice(1), value }))),
	default: 'auto',
	description: 'Higher quality takes longer and costs more; Auto lets the model choose',
	routing: toBody('quality'),
};

const background: INodeProperties = {
	displayName: 'Background',
	name: 'gptImageBackground',
	type: 'options',
	options: [
		{ name: 'Auto', value: 'auto' },
		{ name: 'Opaque', value: 'opaque' },
		{ name: 'Transparent', value: 'transparent', description: 'PNG or WebP only' },
	],
	default: 'auto',
	description: 'Whether the background is transparent (PNG or WebP) or opaque',
	routing: toBody('background'),
};

const outputFormat: INodeProperties = {
	displayName: 'Output Format',
	name: 'gptImageOutputFormat',
	type: 'options',
	options: [
		{ name: 'JPEG', value: 'jpeg' },
		{ name: 'PNG', value: 'png' },
		{ name: 'WebP', value: 'webp' },
	],
	default: 'png',
	description: 'File format of the image',
	routing: toBody('outputFormat'),
};

const outputCompression: INodeProperties = {
	displayName: 'Output Compression',
	name: 'gptImageOutputCompression',
	type: 'number',
	typeOptions: { minValue: 0, maxValue: 100, numberPrecision: 0 },
	displayOptions: { show: { gptImageOutputFormat: [...COMPRESSED_FORMATS] } },
	default: 100,
	description: 'JPEG or WebP compression level, 0-100 (100: least compressed). PNG is lossless and has none.',
	routing: toBody('outputCompression'),
};

const moderation: INodeProperties = {
	displayName: 'Moderation',
	name: 'gptImageModeration',
	type: 'options',
	options: [
		{ name: 'Auto', value: 'auto', description: 'Standard filtering' },
		{ name: 'Low', value: 'low', description: 'Less restrictive filtering' },
	],
	default: 'auto',
	description: 'How strictly the content is filtered',
	routing: toBody('moderation'),
};

const responseFormat: INodeProperties = {
	displayName: 'Response Format',
	name: 'gptImageResponseFormat',
	type: 'options',
	displayOptions: onlyFor('taskId'),
	options: [
		{ name: 'Base64 JSON', value: 'b64_json' },
		{ name: 'URL', value: 'url' },
	],
	default: 'b64_json',
	description: 'How the finished task gives the image; GPT Image models always give base64 (b64_json)',
	routing: toBody('responseFormat'),
};

const user: INodeProperties = {
	displayName: 'User',
	name: 'gptImageUser',
	type: 'string',
	displayOptions: onlyFor('image'),
	default: '',
	placeholder: 'e.g. user-1234',
	description: 'Optional: an ID of your end user, passed on to OpenAI to help it detect abuse',
	routing: toBody('user'),
};

const binaryProperty: INodeProperties = {
	displayName: 'Put Output File in Field',
	name: 'gptImageBinaryProperty',
	type: 'string',
	displayOptions: onlyFor('image'),
	default: 'data',
	hint: 'The name of the output binary field to put the image in',
};

const label = {
	prompt: fieldLabel(prompt),
	model: fieldLabel(model),
	imageUrls: fieldLabel(imageUrls),
	mask: fieldLabel(mask),
	inputFidelity: fieldLabel(inputFidelity),
	size: fieldLabel(taskSize),
	quality: fieldLabel(quality),
	background: fieldLabel(background),
	outputFormat: fieldLabel(outputFormat),
	outputCompression: fieldLabel(outputCompression),
	moderation: fieldLabel(moderation),
	responseFormat: fieldLabel(responseFormat),
	user: fieldLabel(user),
	binaryProperty: `${binaryProperty.displayName} (${binaryProperty.name})`,
};

/** A whole number from 0 to 100; an expression may give "80". */
function compression(value: unknown): number {
	const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
	if (typeof number !== 'number' || !Number.isInteger(number) || number < 0 || number > 100) {
		throw new FieldValueError(label.outputCompression, `cannot be ${showValue(value)}`, 'a whole number from 0 to 100');
	}
	return number;
}

/** The fields both endpoints read, checked; `sizes` is the endpoint's own list. */
function commonBody(body: IDataObject, sizes: readonly string[]): IDataObject {
	const format = oneOf(label.outputFormat, body.outputFormat, OUTPUT_FORMATS);
	const checked: IDataObject = {
		prompt: requiredText(label.prompt, body.prompt, Infinity),
		model: oneOf(label.model, body.model, MODELS),
		n: GPT_IMAGE_N,
		size: oneOf(label.size, body.size, sizes),
		quality: oneOf(label.quality, body.quality, QUALITIES),
		background: oneOf(label.background, body.background, BACKGROUNDS),
		outputFormat: format,
		moderation: oneOf(label.moderation, body.moderation, MODERATIONS),
	};
	if (checked.background === 'transparent' && format === 'jpeg') {
		throw new FieldValueError(
			label.background,
			'cannot be transparent with Output Format jpeg',
			'transparent with png or webp (JPEG has no transparency), or auto or opaque with jpeg',
		);
	}
	// The level only means something for JPEG and WebP: with PNG (from an expression) it is left out.
	if (body.outputCompression !== undefined && (COMPRESSED_FORMATS as readonly string[]).includes(format)) {
		checked.outputCompression = compression(body.outputCompression);
	}
	return checked;
}

/** Task ID: the asynchronous endpoint, which can edit images. */
function checkTaskBody(body: IDataObject): IDataObject {
	const checked = commonBody(body, TASK_SIZES);
	checked.responseFormat = oneOf(label.responseFormat, body.responseFormat, RESPONSE_FORMATS);
	const images = urlList(label.imageUrls, body.image, URL_MAX_LENGTH, GPT_IMAGE_URLS_MAX);
	const maskText = typeof body.mask === 'string' ? body.mask.trim() : body.mask;
	const hasMask = maskText !== undefined && maskText !== null && maskText !== '';
	if (images.length > 0) checked.image = images;
	if (hasMask) {
		if (images.length === 0) {
			throw new FieldValueError(
				label.mask,
				'cannot be sent without Image URLs',
				'a mask only with one or more Image URLs (it marks where the first image is edited): add the image, or leave Mask URL empty',
			);
		}
		checked.mask = requiredHttpUrl(label.mask, maskText, 'https://example.com/mask.png', URL_MAX_LENGTH);
	}
	if (body.inputFidelity !== undefined) {
		const fidelity = oneOf(label.inputFidelity, body.inputFidelity, INPUT_FIDELITIES);
		// "Only effective for editing scenes": sent with images; high without any asks for nothing.
		if (images.length > 0) checked.inputFidelity = fidelity;
		else if (fidelity === 'high') {
			throw new FieldValueError(
				label.inputFidelity,
				'cannot be high without Image URLs',
				'high only for edits (with Image URLs); set it to low for a new image',
			);
		}
	}
	return checked;
}

/** Image: the synchronous endpoint, which only generates; the binary field is checked before sending too. */
function checkImageBody(body: IDataObject, parameter: (name: string) => unknown): IDataObject {
	const checked = commonBody(body, IMAGE_SIZES);
	const endUser = optionalText(label.user, body.user);
	if (endUser !== undefined) checked.user = endUser;
	requiredText(label.binaryProperty, parameter(binaryProperty.name), 1000);
	return checked;
}

const whatComesBack: INodeProperties = {
	displayName: 'What Comes Back',
	name: 'gptImageReturn',
	type: 'options',
	// The choice picks the endpoint (its routing), which an expression could not.
	noDataExpression: true,
	options: [
		{
			name: 'Image',
			value: RETURNS.image,
			description:
				'Wait for the image and output it as binary data. Generates only. Takes up to minutes: the Timeout in Request Options bounds the whole request (5 minutes when not set).',
			routing: paidRequestRouting(
				IMAGE_PATH,
				checkImageBody,
				outputImage({
					binaryProperty: binaryProperty.name,
					outputFormat: outputFormat.name,
					fileStem: 'gpt-image-2',
				}),
			),
		},
		{
			name: 'Task ID',
			value: RETURNS.taskId,
			description: "Start a task and output its taskId (pmock's asynchronous endpoint). Can also edit images.",
			routing: paidRequestRouting(TASK_PATH, checkTaskBody, outputTaskId),
		},
	],
	default: 'image',
	description: 'Whether the node waits for the image itself or only starts a task and returns its ID',
};

export const generateGptImage: PmockOperation = {
	resource: IMAGE,
	option: {
		name: 'Generate (GPT Image 2)',
		value: 'generateGptImage',
		action: 'Generate a GPT Image 2 image',
		description:
			'Generate a GPT Image 2 (OpenAI image) picture from a prompt and output the image as binary data, or start a task (which can also edit images at http(s) URLs) and return its task ID',
	},
	path: TASK_PATH,
	fields: [
		prompt,
		whatComesBack,
		model,
		imageUrls,
		mask,
		inputFidelity,
		taskSize,
		imageSize,
		quality,
		background,
		outputFormat,
		outputCompression,
		moderation,
		responseFormat,
		user,
		binaryProperty,
	],
	// What Comes Back routes the endpoint, its body check and its answer (see whatComesBack).
	routing: { request: { method: 'POST' }, send: { paginate: true } },
	checkBody: checkTaskBody,
};

/** The body checks by choice, for tests that check a body without sending it. */
export const GPT_IMAGE_CHECKS = { taskId: checkTaskBody, image: checkImageBody };
