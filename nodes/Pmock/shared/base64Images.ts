import type { AnswerSink } from './boundedAnswer';

/**
 * Reads an OpenAI images answer as it arrives, decoding every `"b64_json": "<base64>"` value
 * into bytes on the way, so that the answer's text (tens of MB at 4K) is never held whole: the
 * rest of the JSON is kept as text with each value replaced by a placeholder (`"#0"`, `"#1"`…,
 * in document order), which the answer step parses. With 20 items at once, each holds its image
 * bytes and a chunk, not the text, its parse and the bytes.
 */

/** The placeholder of the n-th b64_json value, as the kept JSON holds it. */
export const imagePlaceholder = (index: number) => `#${index}`;

export interface DecodedImage {
	/** The bytes in order; empty when the value was no base64. */
	parts: Buffer[];
	bytes: number;
	/** The value held something base64 does not (the bytes are then dropped). */
	invalid: boolean;
}

export interface DecodedAnswer {
	/** The answer's JSON text with each b64_json value replaced by its placeholder. */
	json: string;
	images: DecodedImage[];
}

export const isDecodedAnswer = (body: unknown): body is DecodedAnswer =>
	typeof body === 'object' && body !== null && 'images' in body && 'json' in body;

/** The key and the opening quote of its value; the whitespace JSON allows between them. */
const KEY = /"b64_json"\s*:\s*"/;

/** Kept back between chunks: enough for a key cut in two, with some whitespace. */
const KEY_TAIL = 64;

const NOT_BASE64 = /[^A-Za-z0-9+/=]/;

export class Base64ImageSink implements AnswerSink {
	/** The JSON text outside the values, as latin1 strings (one char per byte: UTF-8 is restored at the end). */
	private readonly kept: string[] = [];

	/** Text after the last kept part that may hold the start of a key. */
	private tail = '';

	private readonly images: DecodedImage[] = [];

	/**
	 * The value being decoded, with the base64 characters of an incomplete 4-character group, and
	 * the buffer it is decoded into when the answer announced its length.
	 */
	private current?: DecodedImage & { pending: string; ended: boolean; into?: Buffer; written: number };

	/** Bytes of the answer written so far. */
	private seen = 0;

	/** Bytes of the answer the chunk being read starts at, and its text (to place a key in the answer). */
	private chunkStart = 0;

	constructor(
		/** The answer's Content-Length, when it announced one. */
		private readonly declaredBytes?: number,
	) {}

	write(chunk: Buffer): void {
		this.chunkStart = this.seen;
		this.seen += chunk.length;
		let text = chunk.toString('latin1');
		while (text.length > 0) text = this.current ? this.value(text) : this.outside(text);
	}

	end(): DecodedAnswer {
		if (this.current) this.finish();
		this.kept.push(this.tail);
		const json = Buffer.from(this.kept.join(''), 'latin1').toString('utf8');
		return { json: json.charCodeAt(0) === 0xfeff ? json.slice(1) : json, images: this.images };
	}

	/** Outside a value: keeps the text up to the next key, or all but a tail that may start one. */
	private outside(text: string): string {
		const scanned = this.tail + text;
		this.tail = '';
		const key = KEY.exec(scanned);
		if (!key) {
			const cut = Math.max(0, scanned.length - KEY_TAIL);
			this.kept.push(scanned.slice(0, cut));
			this.tail = scanned.slice(cut);
			return '';
		}
		this.kept.push(scanned.slice(0, key.index), `"b64_json":"${imagePlaceholder(this.images.length)}`);
		// With the answer's length known, the image is decoded into one buffer as large as the rest
		// of the answer could hold: its untouched pages cost no memory, and no parts are joined.
		const left = this.declaredBytes === undefined ? 0 : this.declaredBytes - this.chunkStart;
		const into = left > 0 ? Buffer.allocUnsafe(Math.ceil((left * 3) / 4) + 3) : undefined;
		this.current = { parts: [], bytes: 0, invalid: false, pending: '', ended: false, into, written: 0 };
		this.images.push(this.current);
		return scanned.slice(key.index + key[0].length);
	}

	/** Inside a value: decodes up to its closing quote, which goes back to the kept text. */
	private value(text: string): string {
		const quote = text.indexOf('"');
		this.decode(quote < 0 ? text : text.slice(0, quote));
		if (quote < 0) return '';
		this.finish();
		return text.slice(quote);
	}

	private decode(text: string): void {
		const image = this.current!;
		if (image.invalid) return;
		// JSON may escape "/" as "\/"; a base64 value has no other escapes (a backslash at the
		// end of a chunk waits for the next).
		let base64 = image.pending + text;
		const held = base64.endsWith('\\') && !base64.endsWith('\\\\') ? '\\' : '';
		if (held) base64 = base64.slice(0, -1);
		if (base64.includes('\\')) base64 = base64.replace(/\\\//g, '/');
		if (NOT_BASE64.test(base64) || (image.ended && base64 !== '')) return this.invalidate();
		const whole = base64.length - (base64.length % 4);
		const group = base64.slice(0, whole);
		const padding = group.indexOf('=');
		// Padding only in the last group of the value.
		if (padding >= 0 && (padding < whole - 2 || whole < base64.length)) return this.invalidate();
		if (padding >= 0) image.ended = true;
		if (whole > 0) {
			if (image.into && image.written + (whole / 4) * 3 <= image.into.length) {
				// Decoded straight into the buffer: no string or buffer per chunk.
				const written = image.into.write(group, image.written, 'base64');
				image.written += written;
				image.bytes += written;
			} else {
				this.leaveBuffer();
				const bytes = Buffer.from(group, 'base64');
				image.parts.push(bytes);
				image.bytes += bytes.length;
			}
		}
		image.pending = base64.slice(whole) + held;
	}

	/** What was decoded into the buffer becomes the first part (the answer ran longer than announced, or ended). */
	private leaveBuffer(): void {
		const image = this.current!;
		if (image.into && image.written > 0) image.parts.push(image.into.subarray(0, image.written));
		image.into = undefined;
	}

	private invalidate(): void {
		const image = this.current!;
		image.invalid = true;
		image.into = undefined;
		image.parts = [];
		image.bytes = 0;
		image.pending = '';
	}

	private finish(): void {
		const image = this.current!;
		// A value whose length is no multiple of 4 is no base64 the node accepts.
		if (image.pending !== '') this.invalidate();
		else this.leaveBuffer();
		this.current = undefined;
	}
}
