/**
 * Checks for single request fields. Each returns the value as the API wants it (expressions
 * may hand us "15" for 15 or "true" for true) or throws a FieldValueError that names the
 * field, what is wrong with the value, and what is allowed.
 */

export class FieldValueError extends Error {
	constructor(
		readonly field: string,
		readonly problem: string,
		readonly allowed: string,
	) {
		super(`${field} ${problem}`);
		this.name = 'FieldValueError';
	}
}

/** A value shown inside an error message: short, and quoted when it is a string. */
export function showValue(value: unknown): string {
	let shown: string;
	try {
		shown = typeof value === 'string' ? JSON.stringify(value) : String(JSON.stringify(value));
	} catch {
		shown = String(value);
	}
	return shown.length > 80 ? `${shown.slice(0, 77)}...` : shown;
}

const isBlank = (value: unknown) =>
	value === undefined || value === null || (typeof value === 'string' && value.trim() === '');

/** Text as the API wants it: a number from an expression becomes text, anything else is refused. */
function textOf(field: string, value: unknown, allowed: string): string {
	if (typeof value !== 'string' && typeof value !== 'number') {
		throw new FieldValueError(field, `must be text, not ${Array.isArray(value) ? 'a list' : typeof value}`, allowed);
	}
	return String(value);
}

/**
 * A character that shows: a letter, digit, punctuation mark or symbol (emoji included), except
 * the few of those that print as nothing (Hangul fillers, the blank Braille pattern).
 */
const VISIBLE = /(?![\u115F\u1160\u3164\uFFA0\u2800])[\p{L}\p{N}\p{P}\p{S}]/u;

/**
 * A required text: not blank, with at least one visible character, and at most `maxLength`
 * characters when the API sets a limit (Infinity when it sets none).
 */
export function requiredText(field: string, value: unknown, maxLength: number): string {
	const length = Number.isFinite(maxLength) ? `1 to ${maxLength} characters` : 'at least 1 character';
	if (isBlank(value)) {
		throw new FieldValueError(field, 'is empty', length);
	}
	const text = textOf(field, value, length);
	// A text of NUL bytes, zero-width spaces or other invisible characters looks empty to a
	// person and would still be sent, and billed.
	if (!VISIBLE.test(text)) {
		throw new FieldValueError(
			field,
			'has no visible characters: only spaces, control characters, zero-width or other invisible characters',
			`${length}, at least one of them a letter, digit, punctuation mark or symbol`,
		);
	}
	if (text.length > maxLength) {
		throw new FieldValueError(
			field,
			`is too long: ${text.length} characters, ${text.length - maxLength} over the limit`,
			`at most ${maxLength} characters (an emoji or other character outside the Basic Multilingual Plane counts as 2)`,
		);
	}
	return text;
}

/**
 * An optional text field: blank means "not set" (undefined, so the key is left out of the
 * body); a number from an expression is sent as text; anything else is refused.
 */
export function optionalText(field: string, value: unknown): string | undefined {
	return isBlank(value) ? undefined : textOf(field, value, 'text, or leave the field out');
}

export function oneOf<T extends string | number>(field: string, value: unknown, allowed: readonly T[], unit = ''): T {
	// Numbers typed into an expression often arrive as strings ("15"); match them by text.
	const match = allowed.find((option) => String(option) === String(value).trim());
	if (match === undefined || isBlank(value) || typeof value === 'object') {
		throw new FieldValueError(field, `cannot be ${showValue(value)}`, `one of ${allowed.join(', ')}${unit}`);
	}
	return match;
}

export function booleanValue(field: string, value: unknown): boolean {
	if (typeof value === 'boolean') return value;
	// Expressions hand over text: "true" from JSON, "TRUE" from a spreadsheet cell.
	const text = typeof value === 'string' ? value.trim().toLowerCase() : undefined;
	if (text === 'true' || text === 'false') return text === 'true';
	throw new FieldValueError(field, `cannot be ${showValue(value)}`, 'true or false');
}

/**
 * The `images` field: empty means "no image" (the key is left out of the body); one http(s)
 * URL is sent as a one-element array. An expression may hand us an array; it must hold at
 * most `max` URLs.
 */
export function imageUrls(field: string, value: unknown, max: number, maxLength: number): string[] | undefined {
	const list = Array.isArray(value) ? value.filter((entry) => !isBlank(entry)) : [value];
	if (list.length === 0 || (list.length === 1 && isBlank(list[0]))) return undefined;
	if (list.length > max) {
		throw new FieldValueError(field, `has ${list.length} images`, `at most ${max} image URL per request`);
	}
	return list.map((entry) => httpUrl(field, entry, maxLength));
}

/**
 * A list of image URLs typed one per line, or a list (or one URL) from an expression: blank
 * lines and entries are dropped, each other entry must be a public http(s) URL (sent
 * percent-encoded). Returns the URLs, possibly none; how many an operation needs is its own rule.
 */
export function urlList(field: string, value: unknown, maxLength: number): string[] {
	const entries = Array.isArray(value) ? value : typeof value === 'string' ? value.split(/\r\n|\r|\n/) : [value];
	return entries.filter((entry) => !isBlank(entry)).map((entry) => httpUrl(field, entry, maxLength));
}

const httpAllowed = (example: string) => `a public http:// or https:// address, e.g. ${example}`;

/** A required public http(s) URL, percent-encoded as a server expects. */
export function requiredHttpUrl(field: string, value: unknown, example: string, maxLength: number): string {
	if (isBlank(value)) {
		throw new FieldValueError(field, 'is empty', httpAllowed(example));
	}
	return httpUrl(field, value, maxLength, example);
}

function httpUrl(field: string, value: unknown, maxLength: number, example = 'https://example.com/photo.jpg'): string {
	const allowed = httpAllowed(example);
	if (typeof value !== 'string') {
		throw new FieldValueError(field, `must be a URL, not ${showValue(value)}`, allowed);
	}
	const text = value.trim();
	const url = URL.canParse(text) ? new URL(text) : undefined;
	if (!url) {
		throw new FieldValueError(field, `is not a valid URL: ${showValue(text)}`, allowed);
	}
	if (url.protocol !== 'http:' && url.protocol !== 'https:') {
		throw new FieldValueError(
			field,
			`must be an http(s) URL, not ${url.protocol.replace(/:$/, '')}: ${showValue(text)}`,
			allowed,
		);
	}
	// The parsed form: spaces and other unsafe characters percent-encoded, as a server expects.
	const { href } = url;
	if (href.length > maxLength) {
		throw new FieldValueError(
			field,
			`is too long: ${href.length} characters`,
			`an address of at most ${maxLength} characters (after percent-encoding), e.g. a link to the file rather than the file itself`,
		);
	}
	return href;
}
