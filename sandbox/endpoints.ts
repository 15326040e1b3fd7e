/**
 * The pmock AI endpoints the sandbox serves, each with the body rules the real API enforces.
 *
 * Written from pmock's API reference pages (as summarised in docs/spec-readings.md), on
 * purpose not from the node's own checks in nodes/Pmock/operations: the sandbox plays the
 * other side of the contract, so an end-to-end test catches a node that drifts from the API.
 */

export type JsonObject = Record<string, unknown>;

/** A body rule broken: the sandbox answers `{ code: 400, message }` in HTTP 200, as pmock does. */
export class BodyError extends Error {}

export interface Endpoint {
	method: 'POST';
	path: string;
	/** Throws a BodyError that says what is wrong; returns nothing when the body is acceptable. */
	validate(body: JsonObject): void;
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

export const ENDPOINTS: readonly Endpoint[] = [generateVideoV2, generateVideoV1, createRole];
