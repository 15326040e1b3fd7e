/**
 * The pmock AI endpoints the sandbox serves, each with the body rules the real API enforces.
 *
 * Written from pmock's API reference pages (as summarised in docs/spec-readings.md), on
 * purpose not from the node's own checks in nodes/Pmock/operations: the sandbox plays the
 * other side of the contract, so an end-to-end test catches a node that drifts from the API.
 */

import { encodeImage } from './imageEncoders';

export type JsonObject = Record<string, unknown>;

/** A body rule broken: the sandbox answers `{ code: 400, message }` in HTTP 200, as pmock does. */
export class BodyError extends Error {}

export interface Endpoint {
	method: 'POST';
	path: string;
	/** Throws a BodyError that says what is wrong; returns nothing when the body is acceptable. */
	validate(body: JsonObject): void;
	/**
	 * How the endpoint answers instead of pmock's `{ code, message, data: { taskId }, traceId }`:
	 * the OpenAI-compatible one answers with the image, and refuses a body in OpenAI's error
	 * shape. Unset: pmock's envelope.
	 */
	openAi?: {
		/** The answer to an acceptable body. */
		answer(body: JsonObject): JsonObject;
	};
}

export const STYLE_IDS = [
	'anime',
	'selfie',
	'golden',
	'handheld',
	'festive',
	'retro',
	'news',
	'chaos',
	'vintage',
	'comic',
	'kakalaka',
	'sitcom',
] as const;

const PROMPT_MAX = 5000;

const list = (values: readonly unknown[]) => values.map((value) => JSON.stringify(value)).join(', ');

function required(body: JsonObject, field: string): unknown {
	const value = body[field];
	if (value === undefined || value === null) throw new BodyError(`${field} must not be null`);
	return value;
}

function text(body: JsonObject, field: string, { required: isRequired = false, max = Infinity } = {}) {
	const value = isRequired ? required(body, field) : body[field];
	if (value === undefined || value === null) return;
	if (typeof value !== 'string') throw new BodyError(`${field} must be a string`);
	// Length as JavaScript and Java count it: UTF-16 code units.
	if (isRequired && value.trim() === '') throw new BodyError(`${field} must not be blank`);
	if (value.length > max) {
		throw new BodyError(`${field} length must be less than or equal to ${max}, got ${value.length}`);
	}
}

function oneOf(body: JsonObject, field: string, allowed: readonly unknown[], { required: isRequired = false } = {}) {
	const value = isRequired ? required(body, field) : body[field];
	if (value === undefined || value === null) return;
	if (!allowed.includes(value)) {
		throw new BodyError(`${field} must be one of ${list(allowed)}, got ${JSON.stringify(value)}`);
	}
}

function bool(body: JsonObject, field: string) {
	const value = body[field];
	if (value !== undefined && value !== null && typeof value !== 'boolean') {
		throw new BodyError(`${field} must be a boolean, got ${JSON.stringify(value)}`);
	}
}

/** `duration` is an `enum<string>` in the spec with the number 10 as example: take both forms. */
function duration(body: JsonObject, allowed: readonly number[]) {
	const value = body.duration;
	if (value === undefined || value === null) return;
	const seconds = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
	if (typeof seconds !== 'number' || !allowed.includes(seconds)) {
		throw new BodyError(`duration must be one of ${list(allowed)}, got ${JSON.stringify(value)}`);
	}
}

function httpUrl(field: string, value: unknown) {
	if (typeof value !== 'string') throw new BodyError(`${field} must be a string URL`);
	let url: URL;
	try {
		url = new URL(value);
	} catch {
		throw new BodyError(`${field} is not a valid URL: ${JSON.stringify(value)}`);
	}
	if (url.protocol !== 'http:' && url.protocol !== 'https:') {
		throw new BodyError(`${field} must be an http(s) URL, got ${JSON.stringify(value)}`);
	}
}

function images(body: JsonObject) {
	const value = body.images;
	if (value === undefined || value === null) return;
	if (!Array.isArray(value)) throw new BodyError('images must be an array of URLs');
	if (value.length > 1) throw new BodyError(`images supports at most 1 image, got ${value.length}`);
	value.forEach((url, index) => httpUrl(`images[${index}]`, url));
}

/** The fields Generate v1 and v2 share; models, sizes and durations differ. */
function commonVideoFields(body: JsonObject) {
	text(body, 'prompt', { required: true, max: PROMPT_MAX });
	images(body);
	oneOf(body, 'orientation', ['landscape', 'portrait']);
	bool(body, 'removeWatermark');
}

/** POST /ai/sa/video/generate/v2: Sora 2 with a style and storyboard mode. */
export const generateVideoV2: Endpoint = {
	method: 'POST',
	path: '/ai/sa/video/generate/v2',
	validate(body) {
		oneOf(body, 'model', ['sora-2'], { required: true });
		commonVideoFields(body);
		oneOf(body, 'size', ['small']);
		duration(body, [10, 15]);
		oneOf(body, 'styleId', STYLE_IDS);
		bool(body, 'storyboard');
	},
};

/** POST /ai/sa/video/generate (v1): Sora 2 or Sora 2 Pro; large and 15/25 s only with Pro. */
export const generateVideoV1: Endpoint = {
	method: 'POST',
	path: '/ai/sa/video/generate',
	validate(body) {
		oneOf(body, 'model', ['sora-2', 'sora-2-pro'], { required: true });
		commonVideoFields(body);
		const pro = body.model === 'sora-2-pro';
		oneOf(body, 'size', ['small', 'large']);
		if (body.size === 'large' && !pro) throw new BodyError('size "large" is only available with model sora-2-pro');
		duration(body, pro ? [10, 15, 25] : [10]);
	},
};

/** POST /ai/sa/create/role: a reusable character made from a short video. */
export const createRole: Endpoint = {
	method: 'POST',
	path: '/ai/sa/create/role',
	validate(body) {
		httpUrl('videoUrl', required(body, 'videoUrl'));
		for (const field of ['name', 'displayName', 'description', 'instructionText', 'safetyInstructionText']) {
			text(body, field);
		}
	},
};

/** A list of http(s) URLs, as `imageList` and `imageUrls` take them; returns how many it holds. */
function urlArray(body: JsonObject, field: string): number {
	const value = body[field];
	if (value === undefined || value === null) return 0;
	if (!Array.isArray(value)) throw new BodyError(`${field} must be an array of URLs`);
	value.forEach((url, index) => httpUrl(`${field}[${index}]`, url));
	return value.length;
}

/**
 * POST /ai/gi/video/generate: Veo 3.1. From its page: prompt (min length 1), action and model
 * required; "videoId is only required when operating as GET1080P; otherwise prohibited";
 * "imageList is only required when operating as IMG2VIDEO (1-2 http(s) URLs); otherwise, it
 * must be omitted or an empty array []"; "if the model is veo31_fast_ingredients, an imageList
 * (1-3 http(s) URLs) is required"; aspectRatio one of five; translation a boolean.
 *
 * Where the page leaves it open (docs/spec-readings.md): the ingredients model's 1 to 3 URLs
 * are the exception to the imageList rule, for text2video and img2video alike; get1080p, which
 * works on a video already made, takes no imageList whatever the model.
 */
export const generateVeo: Endpoint = {
	method: 'POST',
	path: '/ai/gi/video/generate',
	validate(body) {
		text(body, 'prompt', { required: true });
		oneOf(body, 'action', ['text2video', 'img2video', 'get1080p'], { required: true });
		const models = [
			'veo3_fast',
			'veo2_fast',
			'veo3_quality',
			'veo2_quality',
			'veo31_fast',
			'veo31_quality',
			'veo31_fast_ingredients',
		];
		oneOf(body, 'model', models, { required: true });
		const { action, model } = body;
		if (action === 'get1080p') {
			text(body, 'videoId', { required: true });
		} else if (body.videoId !== undefined) {
			throw new BodyError(`videoId is only allowed with action get1080p, got action ${JSON.stringify(action)}`);
		}
		const images = urlArray(body, 'imageList');
		if (action !== 'get1080p' && model === 'veo31_fast_ingredients') {
			if (images < 1 || images > 3)
				throw new BodyError(`model veo31_fast_ingredients requires an imageList of 1 to 3 URLs, got ${images}`);
		} else if (action === 'img2video') {
			if (images < 1 || images > 2)
				throw new BodyError(`action img2video requires an imageList of 1 to 2 URLs, got ${images}`);
		} else if (images > 0) {
			throw new BodyError(
				`imageList must be omitted or empty with action ${JSON.stringify(action)} and model ${JSON.stringify(model)}`,
			);
		}
		oneOf(body, 'aspectRatio', ['16:9', '9:16', '1:1', '3:4', '4:3']);
		bool(body, 'translation');
	},
};

/**
 * POST /ai/gi/image/generate: Nano Banana. From its page: prompt (min length 1), action
 * (edit or generate) and numImages (an integer; "only support generate 1 image") required;
 * model (default nano-banana-fast), resolution (default 1K) and aspectRatio (default 1:1)
 * optional, each from its list; imageUrls http(s) URLs, required when the action is edit.
 * The page does not forbid imageUrls with generate, so the sandbox accepts them.
 */
export const generateImage: Endpoint = {
	method: 'POST',
	path: '/ai/gi/image/generate',
	validate(body) {
		text(body, 'prompt', { required: true });
		oneOf(body, 'action', ['edit', 'generate'], { required: true });
		if (required(body, 'numImages') !== 1) {
			throw new BodyError(`numImages must be 1 (only 1 image is supported), got ${JSON.stringify(body.numImages)}`);
		}
		oneOf(body, 'model', ['nano-banana-fast', 'nano-banana-pro']);
		oneOf(body, 'resolution', ['1K', '2K', '4K']);
		const images = urlArray(body, 'imageUrls');
		if (body.action === 'edit' && images === 0) throw new BodyError('imageUrls is required when the action is edit');
		oneOf(body, 'aspectRatio', ['21:9', '1:1', '4:3', '3:2', '2:3', '5:4', '4:5', '3:4', '16:9', '9:16']);
	},
};

/** `images` of Grok Imagine: an array of at most `max` http(s) URLs. */
function grokImages(body: JsonObject, max: number) {
	const count = urlArray(body, 'images');
	if (count > max) throw new BodyError(`images supports at most ${max} image${max > 1 ? 's' : ''}, got ${count}`);
}

/**
 * POST /ai/xai/video/generate: Grok Imagine video. From its page: prompt (min length 1) and
 * model (grok-imagine-video) required; duration an `enum (string)`, "6", "10" or "15" (the
 * strings: a number is refused); aspectRatio one of five; resolution 480P or 720P; images up to
 * 5 reference URLs. With images, aspectRatio and resolution are ignored, so accepted.
 */
export const grokVideo: Endpoint = {
	method: 'POST',
	path: '/ai/xai/video/generate',
	validate(body) {
		text(body, 'prompt', { required: true });
		oneOf(body, 'model', ['grok-imagine-video'], { required: true });
		oneOf(body, 'duration', ['6', '10', '15']);
		oneOf(body, 'aspectRatio', ['2:3', '3:2', '1:1', '9:16', '16:9']);
		oneOf(body, 'resolution', ['480P', '720P']);
		grokImages(body, 5);
	},
};

/**
 * POST /ai/xai/image/generate: Grok Imagine image. From its page: prompt (min length 1) and
 * model (grok-imagine-image) required; aspectRatio one of five; images up to 1 reference URL.
 */
export const grokImage: Endpoint = {
	method: 'POST',
	path: '/ai/xai/image/generate',
	validate(body) {
		text(body, 'prompt', { required: true });
		oneOf(body, 'model', ['grok-imagine-image'], { required: true });
		oneOf(body, 'aspectRatio', ['1:1', '3:2', '2:3', '16:9', '9:16']);
		grokImages(body, 1);
	},
};

/** A `{ start, end }` in seconds ("end should be >= start"), or nothing. */
function secondsRange(body: JsonObject, field: string) {
	const value = body[field];
	if (value === undefined || value === null) return;
	if (typeof value !== 'object' || Array.isArray(value))
		throw new BodyError(`${field} must be an object { start, end }`);
	const { start, end } = value as JsonObject;
	for (const [name, second] of [
		['start', start],
		['end', end],
	] as const) {
		if (typeof second !== 'number' || !Number.isFinite(second) || second < 0) {
			throw new BodyError(`${field}.${name} must be a number of seconds >= 0, got ${JSON.stringify(second)}`);
		}
	}
	if ((end as number) < (start as number)) throw new BodyError(`${field}.end should be >= ${field}.start`);
}

/** Each key of a nested object: a string, or a number from 0 to 1 ("All values are between 0 and 1"). */
function nestedObject(body: JsonObject, field: string, keys: readonly string[], kind: 'string' | 'slider') {
	const value = body[field];
	if (value === undefined || value === null) return;
	if (typeof value !== 'object' || Array.isArray(value)) throw new BodyError(`${field} must be an object`);
	for (const key of keys) {
		const part = (value as JsonObject)[key];
		if (part === undefined || part === null) continue;
		if (kind === 'string' && typeof part !== 'string') throw new BodyError(`${field}.${key} must be a string`);
		if (kind === 'slider' && (typeof part !== 'number' || part < 0 || part > 1)) {
			throw new BodyError(`${field}.${key} must be a number between 0 and 1, got ${JSON.stringify(part)}`);
		}
	}
}

/** "Song style tags, comma separated strings or string arrays". */
function tags(body: JsonObject, field: string) {
	const value = body[field];
	if (Array.isArray(value)) {
		if (!value.every((tag) => typeof tag === 'string')) throw new BodyError(`${field} must hold strings only`);
		return;
	}
	text(body, field);
}

export const SUNO_TASKS = [
	'create',
	'extend',
	'upload_extend',
	'upload_cover',
	'cover',
	'use_styles_lyrics',
	'replace_section',
	'add_instrumental',
	'add_vocals',
	'gen_stem_two',
	'gen_stem_all',
] as const;

/**
 * POST /ai/sn/audio/generate: Suno. From its page: task and model required, each from its list;
 * makeInstrumental a boolean; the texts strings (tags and negativeTags also string arrays);
 * clipId "used to continue or reference from existing audio"; continueAt "(extend,
 * upload_extend)" a number of seconds; range "the target range of replace_section or add_*
 * task" and infillContextRange "only used for … replace_section", each `{ start, end }` with
 * end >= start; persona `{ personaId, artistClipId }` ("provide both"); controls "all values
 * are between 0 and 1"; vocalGender m or f.
 *
 * Where the page leaves it open (docs/spec-readings.md, Suno): every task but create works on
 * a clip and needs its clipId; replace_section and the add_* tasks need their range; continueAt,
 * range and infillContextRange are refused with the tasks the page does not name for them.
 */
export const generateSunoAudio: Endpoint = {
	method: 'POST',
	path: '/ai/sn/audio/generate',
	validate(body) {
		oneOf(body, 'task', SUNO_TASKS, { required: true });
		oneOf(body, 'model', ['chirp-v35', 'chirp-v40', 'chirp-v45', 'chirp-45+', 'chirp-v45-lite', 'chirp-v50'], {
			required: true,
		});
		bool(body, 'makeInstrumental');
		for (const field of ['prompt', 'continuedAlignedPrompt', 'infillLyrics', 'gptDescriptionPrompt', 'title']) {
			text(body, field);
		}
		tags(body, 'tags');
		tags(body, 'negativeTags');
		const task = body.task as (typeof SUNO_TASKS)[number];
		if (task === 'create') {
			if (body.clipId !== undefined) text(body, 'clipId');
		} else {
			text(body, 'clipId', { required: true });
		}
		if (body.continueAt !== undefined && body.continueAt !== null) {
			if (task !== 'extend' && task !== 'upload_extend') {
				throw new BodyError(
					`continueAt is only used with task extend or upload_extend, got task ${JSON.stringify(task)}`,
				);
			}
			if (typeof body.continueAt !== 'number' || body.continueAt < 0) {
				throw new BodyError(`continueAt must be a number of seconds >= 0, got ${JSON.stringify(body.continueAt)}`);
			}
		}
		const rangeTasks = ['replace_section', 'add_instrumental', 'add_vocals'];
		if (rangeTasks.includes(task)) required(body, 'range');
		else if (body.range !== undefined) throw new BodyError(`range is only used with task replace_section or add_*`);
		secondsRange(body, 'range');
		if (body.infillContextRange !== undefined && task !== 'replace_section') {
			throw new BodyError('infillContextRange is only used with task replace_section');
		}
		secondsRange(body, 'infillContextRange');
		nestedObject(body, 'persona', ['personaId', 'artistClipId'], 'string');
		if (body.persona !== undefined) {
			const persona = body.persona as JsonObject;
			if (!persona.personaId || !persona.artistClipId)
				throw new BodyError('persona needs both personaId and artistClipId');
		}
		nestedObject(body, 'controls', ['styleWeight', 'audioWeight', 'weirdnessConstraint'], 'slider');
		oneOf(body, 'vocalGender', ['m', 'f']);
	},
};

/** POST /ai/sn/lyrics/generate: lyricsModel (default or remiV1) and prompt, both required, min length 1. */
export const generateSunoLyrics: Endpoint = {
	method: 'POST',
	path: '/ai/sn/lyrics/generate',
	validate(body) {
		oneOf(body, 'lyricsModel', ['default', 'remiV1'], { required: true });
		text(body, 'prompt', { required: true });
	},
};

const GPT_IMAGE_SIZES = ['auto', '1024x1024', '1024x1536', '1536x1024'];

const GPT_IMAGE_FORMATS = ['png', 'jpeg', 'webp'] as const;

function integerIn(body: JsonObject, field: string, min: number, max: number) {
	const value = body[field];
	if (value === undefined || value === null) return;
	if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
		throw new BodyError(`${field} must be an integer from ${min} to ${max}, got ${JSON.stringify(value)}`);
	}
}

/** What both GPT Image 2 endpoints read alike; `sizes` is each endpoint's own list. */
function gptImageFields(body: JsonObject, sizes: readonly string[]) {
	text(body, 'prompt', { required: true });
	oneOf(body, 'model', ['gpt-image-2'], { required: true });
	oneOf(body, 'size', sizes);
	// "currently only supports 1"
	integerIn(body, 'n', 1, 1);
	oneOf(body, 'quality', ['auto', 'low', 'medium', 'high', 'standard']);
	oneOf(body, 'background', ['transparent', 'opaque', 'auto']);
	oneOf(body, 'outputFormat', GPT_IMAGE_FORMATS);
	integerIn(body, 'outputCompression', 0, 100);
	oneOf(body, 'moderation', ['auto', 'low']);
	oneOf(body, 'responseFormat', ['url', 'b64_json']);
	oneOf(body, 'inputFidelity', ['high', 'low']);
}

/**
 * POST /ai/openai/images/generate: GPT Image 2, asynchronous (a taskId). From its page: prompt
 * (min length 1) and model required; no `image` = text-to-image, `image` (URLs) = an edit of
 * them, `mask` a URL for the edit. The page does not say a mask needs an image; the sandbox
 * accepts one alone.
 */
export const generateGptImageTask: Endpoint = {
	method: 'POST',
	path: '/ai/openai/images/generate',
	validate(body) {
		gptImageFields(body, GPT_IMAGE_SIZES);
		urlArray(body, 'image');
		if (body.mask !== undefined && body.mask !== null) httpUrl('mask', body.mask);
	},
};

/** What the synchronous endpoint's "auto" size makes in the sandbox. */
export const SANDBOX_AUTO_SIZE = '1024x1024';

/**
 * POST /ai/openai/v1/images/generations: GPT Image 2, OpenAI-compatible and synchronous. The
 * same fields plus `partialImages` and `user` and four larger sizes; no `image` or `mask`
 * (editing is the asynchronous endpoint's). Its answer is OpenAI's images answer with a real
 * image of the asked format and size, drawn from the prompt (`encodeImage`); "the gpt image
 * series always returns b64_json", so `responseFormat: url` still gets b64_json.
 */
export const generateGptImageSync: Endpoint = {
	method: 'POST',
	path: '/ai/openai/v1/images/generations',
	validate(body) {
		gptImageFields(body, [...GPT_IMAGE_SIZES, '2048x2048', '2048x1152', '3840x2160', '2160x3840']);
		integerIn(body, 'partialImages', 0, 3);
		text(body, 'user');
		for (const field of ['image', 'mask']) {
			if (body[field] !== undefined)
				throw new BodyError(`${field} is not a field of this endpoint: edits are /ai/openai/images/generate`);
		}
	},
	openAi: {
		answer(body) {
			const size = typeof body.size === 'string' && body.size !== 'auto' ? body.size : SANDBOX_AUTO_SIZE;
			const [width, height] = size.split('x').map(Number);
			const format = (body.outputFormat ?? 'png') as (typeof GPT_IMAGE_FORMATS)[number];
			const image = encodeImage(format, width, height, String(body.prompt));
			const background = body.background === 'transparent' ? 'transparent' : 'opaque';
			const quality = typeof body.quality === 'string' && body.quality !== 'auto' ? body.quality : 'medium';
			return {
				created: Math.floor(Date.now() / 1000),
				background,
				data: [{ b64_json: image.toString('base64') }],
				output_format: format,
				quality,
				size,
				usage: {
					input_tokens: String(body.prompt).length,
					input_tokens_details: { image_tokens: 0, text_tokens: String(body.prompt).length },
					output_tokens: Math.ceil((width * height) / 1000),
					total_tokens: String(body.prompt).length + Math.ceil((width * height) / 1000),
				},
			};
		},
	},
};

export const ENDPOINTS: readonly Endpoint[] = [
	generateVideoV2,
	generateVideoV1,
	createRole,
	generateVeo,
	generateImage,
	grokVideo,
	grokImage,
	generateSunoAudio,
	generateSunoLyrics,
	generateGptImageTask,
	generateGptImageSync,
];
