import { hideUserInfo } from '../../../credentials/pmockBaseUrl';

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

/** Nothing, or blank text (e.g. an empty cell from an expression). */
export const isBlank = (value: unknown) =>
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
 * Where one text holds several URLs: a line break (U+2028 and U+2029, which pasted text may
 * carry, included), or commas, semicolons or spaces right before another http(s)://. Any other
 * comma stays in its URL, where it is legal (an image CDN's `w_100,h_100`).
 */
const URL_SEPARATOR = /\r\n|[\n\r\u2028\u2029]|[\s,;]+(?=https?:\/\/)/i;

const SEPARATORS = 'a line break, or a comma, semicolon or space before http(s)://, starts another URL';

/** The URLs in a value: each text split at URL_SEPARATOR, blank entries dropped. */
function urlEntries(value: unknown): unknown[] {
	const entries = Array.isArray(value) ? value : [value];
	return entries
		.flatMap((entry) => (typeof entry === 'string' ? entry.split(URL_SEPARATOR) : [entry]))
		.filter((entry) => !isBlank(entry));
}

/**
 * The `images` field: empty means "no image" (the key is left out of the body); one http(s)
 * URL is sent as a one-element array. An expression may hand us an array; it, or a text that
 * holds several URLs, must hold at most `max` URLs.
 */
export function imageUrls(field: string, value: unknown, max: number, maxLength: number): string[] | undefined {
	const list = urlEntries(value);
	if (list.length === 0) return undefined;
	if (list.length > max) {
		throw new FieldValueError(
			field,
			`has ${list.length} images`,
			`at most ${max} image URL per request (${SEPARATORS})`,
		);
	}
	return list.map((entry) => httpUrl(field, entry, maxLength));
}

/**
 * A list of image URLs typed one per line, or a list (or one URL) from an expression: blank
 * lines and entries are dropped, each other entry must be a public http(s) URL (sent
 * percent-encoded). Returns the URLs, possibly none, at most `max` (counted before any is
 * checked); how many an operation needs is its own rule. `taker` (e.g. "Grok Imagine video")
 * puts the limit into the message itself, which is all an AI agent reads.
 */
export function urlList(field: string, value: unknown, maxLength: number, max = Infinity, taker?: string): string[] {
	const entries = urlEntries(value);
	if (entries.length > max) {
		const limit = taker ? `: ${taker} takes at most ${max}, remove ${entries.length - max}` : '';
		throw new FieldValueError(
			field,
			`has ${entries.length} URLs${limit}`,
			`at most ${max} URLs, one per line (${SEPARATORS})`,
		);
	}
	return entries.map((entry) => httpUrl(field, entry, maxLength));
}

const httpAllowed = (example: string) => `a public http:// or https:// address, e.g. ${example}`;

/** A required public http(s) URL, percent-encoded as a server expects; one URL, not a list. */
export function requiredHttpUrl(field: string, value: unknown, example: string, maxLength: number): string {
	const urls = typeof value === 'string' ? urlEntries(value) : [value];
	if (urls.length === 0 || isBlank(urls[0])) {
		throw new FieldValueError(field, 'is empty', httpAllowed(example));
	}
	if (urls.length > 1) {
		throw new FieldValueError(
			field,
			`holds ${urls.length} URLs`,
			`one address (${SEPARATORS}): ${httpAllowed(example)}`,
		);
	}
	return httpUrl(field, urls[0], maxLength, example);
}

function httpUrl(field: string, value: unknown, maxLength: number, example = 'https://example.com/photo.jpg'): string {
	const allowed = httpAllowed(example);
	if (typeof value !== 'string') {
		throw new FieldValueError(field, `must be a URL, not ${showValue(value)}`, allowed);
	}
	const text = value.trim();
	const shown = showValue(hideUserInfo(text));
	const url = URL.canParse(text) ? new URL(text) : undefined;
	if (!url) {
		throw new FieldValueError(field, `is not a valid URL: ${shown}`, allowed);
	}
	if (url.protocol !== 'http:' && url.protocol !== 'https:') {
		throw new FieldValueError(
			field,
			`must be an http(s) URL, not ${url.protocol.replace(/:$/, '')}: ${shown}`,
			allowed,
		);
	}
	// pmock would keep the name and password in its logs, and pass them on with every fetch.
	if (url.username || url.password) {
		throw new FieldValueError(
			field,
			`contains a user name or password (user:password@ before the host): ${shown}`,
			`${allowed}, without user:password@: a link that needs no login, such as a public or presigned link`,
		);
	}
	const notPublic = notPublicHost(url.hostname);
	if (notPublic) {
		throw new FieldValueError(
			field,
			`points at ${notPublic} (${url.hostname}), not a public address: ${shown}`,
			`${allowed}. pmock downloads the file from the internet, so localhost, loopback, private (10.x, 172.16-31.x, 192.168.x), link-local (169.254.x, fe80::) and unique-local IPv6 (fc00::/7) addresses cannot work: put the file where the internet can reach it`,
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

/**
 * What a host that cannot be public is, or undefined. The URL parser has already written every
 * IPv4 form (2130706433, 0x7f.1, 127.1) as four decimal numbers and IPv6 in its short form in
 * brackets; a name that resolves to a private address cannot be told without DNS.
 */
function notPublicHost(hostname: string): string | undefined {
	const name = hostname.replace(/\.$/, '');
	if (name === 'localhost' || name.endsWith('.localhost')) return 'localhost';
	const ipv4 = /^(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(name);
	if (ipv4) return notPublicIpv4(ipv4.slice(1).map(Number));
	const ipv6 = /^\[([0-9a-f:]+)\]$/.exec(name);
	return ipv6 ? notPublicIpv6(ipv6[1]) : undefined;
}

function notPublicIpv4([a, b]: number[]): string | undefined {
	if (a === 0) return 'an unspecified address (0.0.0.0/8)';
	if (a === 127) return 'a loopback address';
	if (a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168)) return 'a private address';
	if (a === 169 && b === 254) return 'a link-local address';
	return undefined;
}

function notPublicIpv6(text: string): string | undefined {
	const [head, tail] = text.split('::');
	const groups = (part: string | undefined) => (part ? part.split(':').map((group) => parseInt(group, 16)) : []);
	const left = groups(head);
	const right = groups(tail);
	const words = tail === undefined ? left : [...left, ...Array(8 - left.length - right.length).fill(0), ...right];
	if (words.length !== 8) return undefined;
	if (words.every((word) => word === 0)) return 'an unspecified address (::)';
	if (words.slice(0, 7).every((word) => word === 0) && words[7] === 1) return 'a loopback address';
	if ((words[0] & 0xffc0) === 0xfe80) return 'a link-local address';
	if ((words[0] & 0xfe00) === 0xfc00) return 'a unique-local address';
	// An IPv4 address written as IPv6: mapped (::ffff:a.b.c.d), compatible (::a.b.c.d) or NAT64 (64:ff9b::a.b.c.d).
	const prefix = words.slice(0, 6).join(':');
	if (prefix === '0:0:0:0:0:65535' || prefix === '0:0:0:0:0:0' || prefix === '100:65435:0:0:0:0') {
		return notPublicIpv4([words[6] >> 8, words[6] & 0xff, words[7] >> 8, words[7] & 0xff]);
	}
	return undefined;
}

/**
 * A number within `min`…`max` (inclusive): an expression's text ("30", " 0.5 ") is read as the
 * number it spells; blank, NaN, Infinity, a list or other text is refused. `why` finishes the
 * messages with the rule, e.g. "pmock's sliders go from 0 to 1".
 */
export function numberIn(field: string, value: unknown, min: number, max: number, why: string): number {
	const allowed = `a number from ${min}${Number.isFinite(max) ? ` to ${max}` : ' up'}: ${why}`;
	const text = typeof value === 'string' ? value.trim() : undefined;
	const number = typeof value === 'number' ? value : text ? Number(text) : NaN;
	if (!Number.isFinite(number)) {
		throw new FieldValueError(field, `must be a number, not ${showValue(value)}: enter ${allowed}`, allowed);
	}
	if (number < min || number > max) {
		throw new FieldValueError(field, `cannot be ${number}: enter ${allowed}`, allowed);
	}
	return number;
}
