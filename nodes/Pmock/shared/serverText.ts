/**
 * Text a server sent, made safe to keep: whatever reaches an error or an output item (pmock's
 * message and traceId, an excerpt of an unexpected answer) is cut to a documented size with a
 * marker that says how long it was, so a hostile or broken server cannot fill an execution.
 */

/** pmock's `message` and `traceId`, a `code` we show, a rejected taskId: at most this many characters. */
export const SERVER_TEXT_MAX = 1000;

/** An excerpt of an answer that is not pmock's envelope (an HTML page, a proxy error): a glance, not a copy. */
export const EXCERPT_MAX = 200;

/** `text` cut to `max` characters (never inside a surrogate pair), with a marker when cut. */
export function cutText(text: string, max: number = SERVER_TEXT_MAX): string {
	if (text.length <= max) return text;
	const end = /[\uD800-\uDBFF]/.test(text.charAt(max - 1)) ? max - 1 : max;
	return `${text.slice(0, end)}… (cut: ${text.length.toLocaleString('en-US')} characters in all)`;
}

/**
 * A raw answer body as one short line: whitespace collapsed, cut to EXCERPT_MAX with the
 * marker. `knownLength` is how long the whole answer was, when only its start was read.
 */
export function excerptOf(body: unknown, knownLength?: string): string {
	const text = Buffer.isBuffer(body) ? body.toString('utf8') : typeof body === 'string' ? body : String(body ?? '');
	// Collapse whitespace in the part we keep only: a 50 MB page is not rewritten whole.
	const oneLine = text
		.slice(0, EXCERPT_MAX * 4)
		.replace(/\s+/g, ' ')
		.trim();
	if (!oneLine) return '(empty body)';
	const whole = knownLength === undefined && text.length <= EXCERPT_MAX * 4 && oneLine.length <= EXCERPT_MAX;
	if (whole) return oneLine;
	return `${oneLine.slice(0, EXCERPT_MAX)}… (cut: ${knownLength ?? text.length.toLocaleString('en-US')} characters in all)`;
}
