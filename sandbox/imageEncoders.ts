import { encodeJpeg } from './image/jpeg';
import { drawPicture } from './image/picture';
import { encodePng } from './image/png';
import { encodeWebp, WEBP_MAX_SIDE } from './image/webp';

/*
 * The images the sandbox answers with: real files of the asked format and size, drawn and encoded
 * here (no network, no dependency). A 3840x2160 picture encodes in under a second per format.
 */

export type ImageFormat = 'png' | 'jpeg' | 'webp';

const ENCODERS: Record<ImageFormat, (picture: ReturnType<typeof drawPicture>) => Buffer> = {
	png: encodePng,
	jpeg: encodeJpeg,
	webp: encodeWebp,
};

/** The largest side each format's header can state (WebP lossless: 14 bits; JPEG: 16 bits). */
const MAX_SIDE: Record<ImageFormat, number> = { png: 65535, jpeg: 65535, webp: WEBP_MAX_SIDE };

/** Recently made images, newest last: a run of many items asks for the same picture again and again. */
const recent = new Map<string, Buffer>();
const RECENT_IMAGES = 8;

/** A picture of width x height in the format, drawn from `seed` (e.g. the prompt), so that different prompts give different pictures. */
export function encodeImage(format: ImageFormat, width: number, height: number, seed: string): Buffer {
	const encode = ENCODERS[format];
	if (!encode) throw new RangeError(`Unknown image format ${JSON.stringify(format)}: use png, jpeg or webp`);
	for (const [name, side] of [
		['width', width],
		['height', height],
	] as const) {
		if (!Number.isInteger(side) || side < 1 || side > MAX_SIDE[format]) {
			throw new RangeError(`${name} must be a whole number from 1 to ${MAX_SIDE[format]} for ${format}, got ${side}`);
		}
	}
	const key = `${format} ${width}x${height} ${seed}`;
	let image = recent.get(key);
	if (image) recent.delete(key);
	else image = encode(drawPicture(width, height, seed));
	recent.set(key, image);
	if (recent.size > RECENT_IMAGES) recent.delete(recent.keys().next().value!);
	// A copy: the caller may change its buffer, the next caller must still get the picture.
	return Buffer.from(image);
}

/** PNG's IHDR: the signature, then the first chunk's width and height. */
function sniffPng(bytes: Buffer) {
	const signature = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
	if (bytes.length < 24 || signature.some((byte, i) => bytes[i] !== byte)) return undefined;
	if (bytes.toString('latin1', 12, 16) !== 'IHDR') return undefined;
	return { format: 'png' as const, width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

/** JPEG: SOI, then segments up to a start of frame (SOF0..SOF15 but DHT, JPG and DAC), which holds the size. */
function sniffJpeg(bytes: Buffer) {
	if (bytes.length < 4 || bytes[0] !== 0xff || bytes[1] !== 0xd8 || bytes[2] !== 0xff) return undefined;
	let at = 2;
	while (at + 4 <= bytes.length) {
		if (bytes[at] !== 0xff) return undefined;
		const marker = bytes[at + 1];
		if (marker === 0xff) {
			at++; // fill byte
			continue;
		}
		if (marker === 0xd8 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
			at += 2; // markers without a length
			continue;
		}
		if (marker === 0xd9 || marker === 0xda) return undefined; // end of image or scan before any frame
		const length = bytes.readUInt16BE(at + 2);
		if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
			if (at + 9 > bytes.length) return undefined;
			return { format: 'jpeg' as const, height: bytes.readUInt16BE(at + 5), width: bytes.readUInt16BE(at + 7) };
		}
		at += 2 + length;
	}
	return undefined;
}

/** WebP: RIFF....WEBP, then a lossy (VP8), lossless (VP8L) or extended (VP8X) first chunk, each with its size fields. */
function sniffWebp(bytes: Buffer) {
	if (bytes.length < 30 || bytes.toString('latin1', 0, 4) !== 'RIFF' || bytes.toString('latin1', 8, 12) !== 'WEBP') {
		return undefined;
	}
	const chunk = bytes.toString('latin1', 12, 16);
	if (chunk === 'VP8 ') {
		if (bytes[23] !== 0x9d || bytes[24] !== 0x01 || bytes[25] !== 0x2a) return undefined;
		return { format: 'webp' as const, width: bytes.readUInt16LE(26) & 0x3fff, height: bytes.readUInt16LE(28) & 0x3fff };
	}
	if (chunk === 'VP8L') {
		if (bytes[20] !== 0x2f) return undefined;
		const bits = bytes.readUInt32LE(21);
		return { format: 'webp' as const, width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1 };
	}
	if (chunk === 'VP8X') {
		return { format: 'webp' as const, width: bytes.readUIntLE(24, 3) + 1, height: bytes.readUIntLE(27, 3) + 1 };
	}
	return undefined;
}

/** What a buffer's first bytes say it is (magic numbers), and its pixel size read from its header; undefined when unknown. */
export function sniffImage(bytes: Buffer): { format: ImageFormat; width: number; height: number } | undefined {
	return sniffPng(bytes) ?? sniffJpeg(bytes) ?? sniffWebp(bytes);
}
