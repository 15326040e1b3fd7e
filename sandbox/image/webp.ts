import { ByteWriter } from './byteWriter';
import type { Picture } from './picture';

/*
 * A lossless WebP (VP8L, RFC 9649): no transforms, no colour cache, one set of five prefix codes
 * for the whole picture, and LZ77 backward references to the pixel on the left and the three
 * above. The picture's gradient repeats each row one pixel to the left in the next, so a row is
 * mostly one backward reference.
 */

/** The widest and tallest picture VP8L's 14-bit size fields hold. */
export const WEBP_MAX_SIDE = 16384;

/** Green's alphabet: 256 literals, then the 24 length prefix codes (no colour cache). */
const GREEN_ALPHABET = 256 + 24;
const DISTANCE_ALPHABET = 40;
const MAX_MATCH = 4096;
/** Shorter repeats cost about as many bits as the pixels themselves. */
const MIN_MATCH = 3;
/** A distance code above 120 is the distance plus 120 (codes 1..120 name nearby pixels by their offset). */
const DISTANCE_CODE_OFFSET = 120;
const MAX_CODE_LENGTH = 15;
/** The order in which a normal prefix code lists the lengths of its code-length code. */
const CODE_LENGTH_ORDER = [17, 18, 0, 1, 2, 3, 4, 5, 16, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15];

// Module constants rather than Math.* in the per-pixel loops: see the same note in jpeg.ts.
const { clz32, min } = Math;

/** Bits packed least significant first, as VP8L (like deflate) reads them. */
class BitWriter {
	private bits = 0;

	private count = 0;

	constructor(readonly out: ByteWriter) {}

	/** Up to 24 bits at once. */
	write(value: number, length: number): void {
		this.bits |= value << this.count;
		this.count += length;
		while (this.count >= 8) {
			this.out.byte(this.bits & 0xff);
			this.bits >>>= 8;
			this.count -= 8;
		}
	}

	flush(): void {
		if (this.count > 0) this.out.byte(this.bits & 0xff);
		this.bits = 0;
		this.count = 0;
	}
}

/** VP8L's prefix coding of a length or distance code (1 and up): a symbol and extra bits. */
function prefixOf(value: number): { symbol: number; extraBits: number; extra: number } {
	const d = value - 1;
	if (d < 4) return { symbol: d, extraBits: 0, extra: 0 };
	const high = 31 - clz32(d);
	const second = (d >> (high - 1)) & 1;
	const extraBits = high - 1;
	return { symbol: 2 * high + second, extraBits, extra: d & ((1 << extraBits) - 1) };
}

/** Huffman code lengths for the counts, none longer than `limit`: counts are flattened until they fit. */
function huffmanLengths(counts: Uint32Array, limit: number): Uint8Array {
	const lengths = new Uint8Array(counts.length);
	const used: number[] = [];
	counts.forEach((count, symbol) => count > 0 && used.push(symbol));
	const m = used.length;
	for (let shift = 0; ; shift++) {
		const weight = new Float64Array(2 * m - 1);
		const order = used.map((symbol) => Math.max(1, counts[symbol] >>> shift));
		const leaves = used.map((_, i) => i).sort((a, b) => order[a] - order[b]);
		leaves.forEach((leaf, i) => (weight[i] = order[leaf]));
		// Two queues: leaves by weight, and the merged nodes, which come out in increasing weight.
		const parent = new Int32Array(2 * m - 1);
		let leaf = 0;
		let inner = m;
		const lightest = () => (leaf < m && (inner >= next || weight[leaf] <= weight[inner]) ? leaf++ : inner++);
		let next = m;
		while (next < 2 * m - 1) {
			const a = lightest();
			const b = lightest();
			weight[next] = weight[a] + weight[b];
			parent[a] = next;
			parent[b] = next;
			next++;
		}
		const depth = new Int32Array(2 * m - 1);
		let deepest = 0;
		for (let node = 2 * m - 3; node >= 0; node--) {
			depth[node] = depth[parent[node]] + 1;
			deepest = Math.max(deepest, depth[node]);
		}
		if (deepest <= limit) {
			leaves.forEach((index, i) => (lengths[used[index]] = depth[i]));
			return lengths;
		}
	}
}

const reverseBits = (code: number, length: number) => {
	let reversed = 0;
	for (let i = 0; i < length; i++) reversed = (reversed << 1) | ((code >> i) & 1);
	return reversed;
};

/** A prefix code as the writer uses it: each symbol's code, bit-reversed for LSB-first packing, and its length. */
interface PrefixCode {
	code: Uint16Array;
	length: Uint8Array;
}

/** Canonical codes from lengths (shorter first, then by symbol), as the decoder rebuilds them. */
function canonical(lengths: Uint8Array): PrefixCode {
	const perLength = new Uint16Array(MAX_CODE_LENGTH + 1);
	lengths.forEach((length) => length && perLength[length]++);
	const nextCode = new Uint16Array(MAX_CODE_LENGTH + 1);
	for (let length = 1, code = 0; length <= MAX_CODE_LENGTH; length++) {
		code = (code + perLength[length - 1]) << 1;
		nextCode[length] = code;
	}
	nextCode[1] = 0;
	const code = new Uint16Array(lengths.length);
	lengths.forEach((length, symbol) => {
		if (length) code[symbol] = reverseBits(nextCode[length]++, length);
	});
	return { code, length: lengths };
}

/**
 * Writes the prefix code for `counts` and returns it. An alphabet with at most one symbol in use
 * (below 256) gets VP8L's simple code, whose symbol costs no bits; any other a normal code, whose
 * code lengths are written with a code-length code of sixteen 4-bit codes (lengths 0..15, no
 * repeat codes): a few hundred bytes at most, for a far simpler writer.
 */
function writePrefixCode(bits: BitWriter, counts: Uint32Array): PrefixCode {
	const used = counts.reduce((n, count) => n + (count > 0 ? 1 : 0), 0);
	const only = counts.findIndex((count) => count > 0);
	if (used === 0 || (used === 1 && only < 256)) {
		const symbol = Math.max(0, only);
		bits.write(1, 1); // simple code
		bits.write(0, 1); // one symbol
		if (symbol < 2) {
			bits.write(0, 1);
			bits.write(symbol, 1);
		} else {
			bits.write(1, 1);
			bits.write(symbol, 8);
		}
		return { code: new Uint16Array(counts.length), length: new Uint8Array(counts.length) };
	}
	const weights = Uint32Array.from(counts);
	// A normal code needs two symbols to be complete: give a lone one a partner that is never written.
	if (used === 1) weights[only === 0 ? 1 : 0] = 1;
	const lengths = huffmanLengths(weights, MAX_CODE_LENGTH);
	bits.write(0, 1); // normal code
	bits.write(CODE_LENGTH_ORDER.length - 4, 4);
	for (const symbol of CODE_LENGTH_ORDER) bits.write(symbol <= 15 ? 4 : 0, 3);
	bits.write(0, 1); // as many lengths as the alphabet has symbols
	for (const length of lengths) bits.write(reverseBits(length, 4), 4);
	return canonical(lengths);
}

/** A lossless WebP of the picture (see the top of this file). */
export function encodeWebp({ width, height, rgb }: Picture): Buffer {
	if (width > WEBP_MAX_SIDE || height > WEBP_MAX_SIDE) {
		throw new RangeError(`WebP holds at most ${WEBP_MAX_SIDE}x${WEBP_MAX_SIDE} pixels, got ${width}x${height}`);
	}
	const pixels = width * height;
	const argb = new Uint32Array(pixels);
	for (let i = 0, at = 0; i < pixels; i++, at += 3) {
		argb[i] = (0xff000000 | (rgb[at] << 16) | (rgb[at + 1] << 8) | rgb[at + 2]) >>> 0;
	}

	// Greedy LZ77 over four candidate distances: left, above, above-right, above-left.
	// A token is a literal pixel (length 0, the pixel) or a backward reference (length, distance code).
	const distances = [...new Set([1, width, width - 1, width + 1])].filter((d) => d >= 1);
	let tokenLengths = new Uint16Array(1 << 16);
	let tokenValues = new Uint32Array(1 << 16);
	let tokens = 0;
	const green = new Uint32Array(GREEN_ALPHABET);
	const red = new Uint32Array(256);
	const blue = new Uint32Array(256);
	const alpha = new Uint32Array(256);
	const distance = new Uint32Array(DISTANCE_ALPHABET);
	const push = (length: number, value: number) => {
		if (tokens === tokenLengths.length) {
			const lengths = new Uint16Array(tokens * 2);
			lengths.set(tokenLengths);
			tokenLengths = lengths;
			const values = new Uint32Array(tokens * 2);
			values.set(tokenValues);
			tokenValues = values;
		}
		tokenLengths[tokens] = length;
		tokenValues[tokens++] = value;
	};
	for (let i = 0; i < pixels;) {
		const longest = min(MAX_MATCH, pixels - i);
		let bestLength = 0;
		let bestDistance = 0;
		for (const d of distances) {
			if (d > i) continue;
			let length = 0;
			while (length < longest && argb[i + length] === argb[i + length - d]) length++;
			if (length > bestLength) {
				bestLength = length;
				bestDistance = d;
			}
		}
		if (bestLength >= MIN_MATCH) {
			const code = bestDistance + DISTANCE_CODE_OFFSET;
			push(bestLength, code);
			green[256 + prefixOf(bestLength).symbol]++;
			distance[prefixOf(code).symbol]++;
			i += bestLength;
		} else {
			const pixel = argb[i];
			push(0, pixel);
			green[(pixel >>> 8) & 0xff]++;
			red[(pixel >>> 16) & 0xff]++;
			blue[pixel & 0xff]++;
			alpha[pixel >>> 24]++;
			i++;
		}
	}

	const payload = new ByteWriter(Math.max(1 << 12, tokens * 4));
	const bits = new BitWriter(payload);
	bits.write(0x2f, 8); // VP8L signature
	bits.write(width - 1, 14);
	bits.write(height - 1, 14);
	bits.write(0, 1); // alpha_is_used: every pixel is opaque
	bits.write(0, 3); // version 0
	bits.write(0, 1); // no transform
	bits.write(0, 1); // no colour cache
	bits.write(0, 1); // one prefix code group for the whole picture
	const greenCode = writePrefixCode(bits, green);
	const redCode = writePrefixCode(bits, red);
	const blueCode = writePrefixCode(bits, blue);
	const alphaCode = writePrefixCode(bits, alpha);
	const distanceCode = writePrefixCode(bits, distance);
	const symbol = (code: PrefixCode, value: number) => bits.write(code.code[value], code.length[value]);
	for (let t = 0; t < tokens; t++) {
		const length = tokenLengths[t];
		const value = tokenValues[t];
		if (length === 0) {
			symbol(greenCode, (value >>> 8) & 0xff);
			symbol(redCode, (value >>> 16) & 0xff);
			symbol(blueCode, value & 0xff);
			symbol(alphaCode, value >>> 24);
			continue;
		}
		const lengthPrefix = prefixOf(length);
		symbol(greenCode, 256 + lengthPrefix.symbol);
		bits.write(lengthPrefix.extra, lengthPrefix.extraBits);
		const distancePrefix = prefixOf(value);
		symbol(distanceCode, distancePrefix.symbol);
		bits.write(distancePrefix.extra, distancePrefix.extraBits);
	}
	bits.flush();

	const data = payload.toBuffer();
	const padding = data.length % 2;
	const header = Buffer.alloc(20);
	header.write('RIFF', 0, 'latin1');
	header.writeUInt32LE(12 + data.length + padding, 4);
	header.write('WEBPVP8L', 8, 'latin1');
	header.writeUInt32LE(data.length, 16);
	return Buffer.concat([header, data, Buffer.alloc(padding)]);
}
