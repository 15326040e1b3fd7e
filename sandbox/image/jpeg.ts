import { ByteWriter } from './byteWriter';
import type { Picture } from './picture';

/*
 * A baseline JPEG (SOF0) encoder: YCbCr with 4:2:0 chroma, the example quantisation tables and
 * Huffman tables of the JPEG standard (ITU T.81, Annex K) at quality 75, a floating-point AAN
 * forward DCT (Arai, Agui and Nakajima, as in libjpeg's jfdctflt), no restart markers.
 */

const QUALITY = 75;

// Module constants rather than Math.* in the hot loops: inside a vm context (jest's), every
// lookup of a global costs a slow interceptor call, which made a 4K encode ten times slower.
const { min, round } = Math;

/** Annex K.1, table K.1 and K.2, in natural (row by row) order. */
const LUMINANCE_QUANTISATION = [
	16, 11, 10, 16, 24, 40, 51, 61, 12, 12, 14, 19, 26, 58, 60, 55, 14, 13, 16, 24, 40, 57, 69, 56, 14, 17, 22, 29, 51,
	87, 80, 62, 18, 22, 37, 56, 68, 109, 103, 77, 24, 35, 55, 64, 81, 104, 113, 92, 49, 64, 78, 87, 103, 121, 120, 101,
	72, 92, 95, 98, 112, 100, 103, 99,
];
const CHROMINANCE_QUANTISATION = [
	17,
	18,
	24,
	47,
	99,
	99,
	99,
	99,
	18,
	21,
	26,
	66,
	99,
	99,
	99,
	99,
	24,
	26,
	56,
	99,
	99,
	99,
	99,
	99,
	47,
	66,
	99,
	99,
	99,
	99,
	99,
	99,
	...new Array<number>(32).fill(99),
];

/** For a coefficient's natural index, its position in the zig-zag order the file uses. */
const ZIGZAG_POSITION = [
	0, 1, 5, 6, 14, 15, 27, 28, 2, 4, 7, 13, 16, 26, 29, 42, 3, 8, 12, 17, 25, 30, 41, 43, 9, 11, 18, 24, 31, 40, 44, 53,
	10, 19, 23, 32, 39, 45, 52, 54, 20, 22, 33, 38, 46, 51, 55, 60, 21, 34, 37, 47, 50, 56, 59, 61, 35, 36, 48, 49, 57,
	58, 62, 63,
];

/** A Huffman table as a DHT segment holds it: how many codes of each length 1..16, then the symbols. */
interface HuffmanSpec {
	counts: number[];
	symbols: number[];
}

/** Annex K.3, tables K.3 to K.6. */
const DC_LUMINANCE: HuffmanSpec = {
	counts: [0, 1, 5, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0],
	symbols: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11],
};
const DC_CHROMINANCE: HuffmanSpec = {
	counts: [0, 3, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0],
	symbols: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11],
};
const AC_LUMINANCE: HuffmanSpec = {
	counts: [0, 2, 1, 3, 3, 2, 4, 3, 5, 5, 4, 4, 0, 0, 1, 0x7d],
	symbols: [
		0x01, 0x02, 0x03, 0x00, 0x04, 0x11, 0x05, 0x12, 0x21, 0x31, 0x41, 0x06, 0x13, 0x51, 0x61, 0x07, 0x22, 0x71, 0x14,
		0x32, 0x81, 0x91, 0xa1, 0x08, 0x23, 0x42, 0xb1, 0xc1, 0x15, 0x52, 0xd1, 0xf0, 0x24, 0x33, 0x62, 0x72, 0x82, 0x09,
		0x0a, 0x16, 0x17, 0x18, 0x19, 0x1a, 0x25, 0x26, 0x27, 0x28, 0x29, 0x2a, 0x34, 0x35, 0x36, 0x37, 0x38, 0x39, 0x3a,
		0x43, 0x44, 0x45, 0x46, 0x47, 0x48, 0x49, 0x4a, 0x53, 0x54, 0x55, 0x56, 0x57, 0x58, 0x59, 0x5a, 0x63, 0x64, 0x65,
		0x66, 0x67, 0x68, 0x69, 0x6a, 0x73, 0x74, 0x75, 0x76, 0x77, 0x78, 0x79, 0x7a, 0x83, 0x84, 0x85, 0x86, 0x87, 0x88,
		0x89, 0x8a, 0x92, 0x93, 0x94, 0x95, 0x96, 0x97, 0x98, 0x99, 0x9a, 0xa2, 0xa3, 0xa4, 0xa5, 0xa6, 0xa7, 0xa8, 0xa9,
		0xaa, 0xb2, 0xb3, 0xb4, 0xb5, 0xb6, 0xb7, 0xb8, 0xb9, 0xba, 0xc2, 0xc3, 0xc4, 0xc5, 0xc6, 0xc7, 0xc8, 0xc9, 0xca,
		0xd2, 0xd3, 0xd4, 0xd5, 0xd6, 0xd7, 0xd8, 0xd9, 0xda, 0xe1, 0xe2, 0xe3, 0xe4, 0xe5, 0xe6, 0xe7, 0xe8, 0xe9, 0xea,
		0xf1, 0xf2, 0xf3, 0xf4, 0xf5, 0xf6, 0xf7, 0xf8, 0xf9, 0xfa,
	],
};
const AC_CHROMINANCE: HuffmanSpec = {
	counts: [0, 2, 1, 2, 4, 4, 3, 4, 7, 5, 4, 4, 0, 1, 2, 0x77],
	symbols: [
		0x00, 0x01, 0x02, 0x03, 0x11, 0x04, 0x05, 0x21, 0x31, 0x06, 0x12, 0x41, 0x51, 0x07, 0x61, 0x71, 0x13, 0x22, 0x32,
		0x81, 0x08, 0x14, 0x42, 0x91, 0xa1, 0xb1, 0xc1, 0x09, 0x23, 0x33, 0x52, 0xf0, 0x15, 0x62, 0x72, 0xd1, 0x0a, 0x16,
		0x24, 0x34, 0xe1, 0x25, 0xf1, 0x17, 0x18, 0x19, 0x1a, 0x26, 0x27, 0x28, 0x29, 0x2a, 0x35, 0x36, 0x37, 0x38, 0x39,
		0x3a, 0x43, 0x44, 0x45, 0x46, 0x47, 0x48, 0x49, 0x4a, 0x53, 0x54, 0x55, 0x56, 0x57, 0x58, 0x59, 0x5a, 0x63, 0x64,
		0x65, 0x66, 0x67, 0x68, 0x69, 0x6a, 0x73, 0x74, 0x75, 0x76, 0x77, 0x78, 0x79, 0x7a, 0x82, 0x83, 0x84, 0x85, 0x86,
		0x87, 0x88, 0x89, 0x8a, 0x92, 0x93, 0x94, 0x95, 0x96, 0x97, 0x98, 0x99, 0x9a, 0xa2, 0xa3, 0xa4, 0xa5, 0xa6, 0xa7,
		0xa8, 0xa9, 0xaa, 0xb2, 0xb3, 0xb4, 0xb5, 0xb6, 0xb7, 0xb8, 0xb9, 0xba, 0xc2, 0xc3, 0xc4, 0xc5, 0xc6, 0xc7, 0xc8,
		0xc9, 0xca, 0xd2, 0xd3, 0xd4, 0xd5, 0xd6, 0xd7, 0xd8, 0xd9, 0xda, 0xe2, 0xe3, 0xe4, 0xe5, 0xe6, 0xe7, 0xe8, 0xe9,
		0xea, 0xf2, 0xf3, 0xf4, 0xf5, 0xf6, 0xf7, 0xf8, 0xf9, 0xfa,
	],
};

/** The AAN DCT's output scale per frequency (times the square root of 8), folded into the quantiser. */
const AAN_SCALE = [1.0, 1.387039845, 1.306562965, 1.175875602, 1.0, 0.785694958, 0.5411961, 0.275899379].map(
	(factor) => factor * 2.828427125,
);

/** A Huffman table as codes: `code[symbol]` (most significant bit first) and `length[symbol]`. */
interface HuffmanCodes {
	code: Uint16Array;
	length: Uint8Array;
}

/** Annex C: canonical codes, shortest first, in the order the symbols are listed. */
function codesOf({ counts, symbols }: HuffmanSpec): HuffmanCodes {
	const codes: HuffmanCodes = { code: new Uint16Array(256), length: new Uint8Array(256) };
	let code = 0;
	let k = 0;
	for (let length = 1; length <= 16; length++) {
		for (let i = 0; i < counts[length - 1]; i++, k++, code++) {
			codes.code[symbols[k]] = code;
			codes.length[symbols[k]] = length;
		}
		code <<= 1;
	}
	return codes;
}

/** Annex K's tables scaled to a quality as libjpeg does, in natural order, each from 1 to 255. */
function quantisation(base: number[], quality: number): number[] {
	const scale = quality < 50 ? 5000 / quality : 200 - quality * 2;
	return base.map((value) => Math.min(255, Math.max(1, Math.floor((value * scale + 50) / 100))));
}

/** Multipliers that turn the AAN DCT's output into quantised coefficients, in natural order. */
function quantisers(table: number[]): Float32Array {
	return Float32Array.from(table, (q, k) => 1 / (q * AAN_SCALE[k >> 3] * AAN_SCALE[k & 7]));
}

/** Entropy-coded bits, most significant first, with a 0x00 stuffed after every 0xFF byte. */
class ScanWriter {
	private bits = 0;

	private count = 0;

	constructor(private readonly out: ByteWriter) {}

	write(code: number, length: number): void {
		this.bits = (this.bits << length) | code;
		this.count += length;
		while (this.count >= 8) {
			const byte = (this.bits >>> (this.count - 8)) & 0xff;
			this.out.byte(byte);
			if (byte === 0xff) this.out.byte(0);
			this.count -= 8;
		}
		this.bits &= (1 << this.count) - 1;
	}

	/** Pads the last byte with 1 bits, as the standard asks. */
	flush(): void {
		if (this.count > 0) this.write((1 << (8 - this.count)) - 1, 8 - this.count);
	}
}

/** The forward DCT of an 8x8 block (in place, rows then columns), quantised into `out` in zig-zag order. */
function transform(block: Float32Array, quantiser: Float32Array, out: Int32Array): void {
	for (let pass = 0; pass < 2; pass++) {
		// Rows: elements i*8 + 0..7; columns: elements i + 0, 8, ..., 56.
		const step = pass === 0 ? 1 : 8;
		for (let i = 0; i < 8; i++) {
			const p = pass === 0 ? i * 8 : i;
			const d0 = block[p];
			const d1 = block[p + step];
			const d2 = block[p + 2 * step];
			const d3 = block[p + 3 * step];
			const d4 = block[p + 4 * step];
			const d5 = block[p + 5 * step];
			const d6 = block[p + 6 * step];
			const d7 = block[p + 7 * step];
			const tmp0 = d0 + d7;
			const tmp7 = d0 - d7;
			const tmp1 = d1 + d6;
			const tmp6 = d1 - d6;
			const tmp2 = d2 + d5;
			const tmp5 = d2 - d5;
			const tmp3 = d3 + d4;
			const tmp4 = d3 - d4;
			// Even part.
			const tmp10 = tmp0 + tmp3;
			const tmp13 = tmp0 - tmp3;
			const tmp11 = tmp1 + tmp2;
			const tmp12 = tmp1 - tmp2;
			block[p] = tmp10 + tmp11;
			block[p + 4 * step] = tmp10 - tmp11;
			const z1 = (tmp12 + tmp13) * 0.707106781;
			block[p + 2 * step] = tmp13 + z1;
			block[p + 6 * step] = tmp13 - z1;
			// Odd part.
			const odd10 = tmp4 + tmp5;
			const odd11 = tmp5 + tmp6;
			const odd12 = tmp6 + tmp7;
			const z5 = (odd10 - odd12) * 0.382683433;
			const z2 = 0.5411961 * odd10 + z5;
			const z4 = 1.306562965 * odd12 + z5;
			const z3 = odd11 * 0.707106781;
			const z11 = tmp7 + z3;
			const z13 = tmp7 - z3;
			block[p + 5 * step] = z13 + z2;
			block[p + 3 * step] = z13 - z2;
			block[p + step] = z11 + z4;
			block[p + 7 * step] = z11 - z4;
		}
	}
	for (let k = 0; k < 64; k++) out[ZIGZAG_POSITION[k]] = round(block[k] * quantiser[k]);
}

/** How many bits a coefficient's magnitude needs (its category), and those bits as the file stores them. */
function category(value: number): number {
	let magnitude = value < 0 ? -value : value;
	let bits = 0;
	while (magnitude) {
		bits++;
		magnitude >>= 1;
	}
	return bits;
}

interface Component {
	quantiser: Float32Array;
	dc: HuffmanCodes;
	ac: HuffmanCodes;
	previousDc: number;
}

/** One 8x8 block: DCT, quantisation, then the DC difference and the run-length coded AC coefficients. */
function encodeBlock(block: Float32Array, component: Component, coefficients: Int32Array, scan: ScanWriter): void {
	const first = block[0];
	let flat = true;
	for (let k = 1; k < 64 && flat; k++) flat = block[k] === first;
	if (flat) {
		// A flat block has only its average (the DCT's DC term, 64 times the sample): skip the DCT.
		coefficients.fill(0);
		coefficients[0] = round(first * 64 * component.quantiser[0]);
	} else transform(block, component.quantiser, coefficients);

	const { dc, ac } = component;
	const difference = coefficients[0] - component.previousDc;
	component.previousDc = coefficients[0];
	const dcBits = category(difference);
	scan.write(dc.code[dcBits], dc.length[dcBits]);
	if (dcBits) scan.write((difference < 0 ? difference - 1 : difference) & ((1 << dcBits) - 1), dcBits);

	let last = 63;
	while (last > 0 && coefficients[last] === 0) last--;
	let zeros = 0;
	for (let k = 1; k <= last; k++) {
		const value = coefficients[k];
		if (value === 0) {
			zeros++;
			continue;
		}
		for (; zeros >= 16; zeros -= 16) scan.write(ac.code[0xf0], ac.length[0xf0]);
		const bits = category(value);
		const symbol = (zeros << 4) | bits;
		scan.write(ac.code[symbol], ac.length[symbol]);
		scan.write((value < 0 ? value - 1 : value) & ((1 << bits) - 1), bits);
		zeros = 0;
	}
	if (last < 63) scan.write(ac.code[0x00], ac.length[0x00]);
}

function segment(out: ByteWriter, marker: number, body: number[]): void {
	out.uint16BE(0xff00 | marker);
	out.uint16BE(body.length + 2);
	out.bytes(body);
}

/** A baseline JPEG of the picture, 4:2:0, quality 75 (see the top of this file). */
export function encodeJpeg({ width, height, rgb }: Picture): Buffer {
	const luminanceTable = quantisation(LUMINANCE_QUANTISATION, QUALITY);
	const chrominanceTable = quantisation(CHROMINANCE_QUANTISATION, QUALITY);
	const zigzag = (table: number[]) => {
		const ordered = new Array<number>(64);
		table.forEach((value, k) => (ordered[ZIGZAG_POSITION[k]] = value));
		return ordered;
	};
	const huffman = (tableClassAndId: number, spec: HuffmanSpec) => [tableClassAndId, ...spec.counts, ...spec.symbols];

	const out = new ByteWriter(Math.max(1 << 16, (width * height) >> 3));
	out.uint16BE(0xffd8); // SOI
	// APP0 JFIF 1.01, no density unit (aspect 1:1), no thumbnail.
	segment(out, 0xe0, [0x4a, 0x46, 0x49, 0x46, 0, 1, 1, 0, 0, 1, 0, 1, 0, 0]);
	segment(out, 0xdb, [0, ...zigzag(luminanceTable), 1, ...zigzag(chrominanceTable)]);
	// SOF0: 8-bit samples, three components: Y sampled 2x2, Cb and Cr 1x1 (4:2:0).
	segment(out, 0xc0, [8, height >> 8, height & 0xff, width >> 8, width & 0xff, 3, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1]);
	segment(out, 0xc4, [
		...huffman(0x00, DC_LUMINANCE),
		...huffman(0x10, AC_LUMINANCE),
		...huffman(0x01, DC_CHROMINANCE),
		...huffman(0x11, AC_CHROMINANCE),
	]);
	// SOS: the three components (DC/AC tables 0/0, 1/1, 1/1), spectral selection 0..63, no approximation.
	segment(out, 0xda, [3, 1, 0x00, 2, 0x11, 3, 0x11, 0, 63, 0]);

	const luminance: Component = {
		quantiser: quantisers(luminanceTable),
		dc: codesOf(DC_LUMINANCE),
		ac: codesOf(AC_LUMINANCE),
		previousDc: 0,
	};
	const chrominance = () => ({
		quantiser: quantisers(chrominanceTable),
		dc: codesOf(DC_CHROMINANCE),
		ac: codesOf(AC_CHROMINANCE),
		previousDc: 0,
	});
	const blue = chrominance();
	const red = chrominance();
	const scan = new ScanWriter(out);
	const y16 = new Float32Array(256);
	const cb16 = new Float32Array(256);
	const cr16 = new Float32Array(256);
	const block = new Float32Array(64);
	const coefficients = new Int32Array(64);

	for (let top = 0; top < height; top += 16) {
		for (let left = 0; left < width; left += 16) {
			// The 16x16 pixels of this MCU, repeating the last row and column past the picture's edge.
			for (let row = 0, k = 0; row < 16; row++) {
				const base = min(top + row, height - 1) * width;
				for (let column = 0; column < 16; column++, k++) {
					const at = (base + min(left + column, width - 1)) * 3;
					const r = rgb[at];
					const g = rgb[at + 1];
					const b = rgb[at + 2];
					// Level-shifted by 128: the DCT wants samples centred on zero.
					y16[k] = 0.299 * r + 0.587 * g + 0.114 * b - 128;
					cb16[k] = -0.168736 * r - 0.331264 * g + 0.5 * b;
					cr16[k] = 0.5 * r - 0.418688 * g - 0.081312 * b;
				}
			}
			for (const [dy, dx] of [
				[0, 0],
				[0, 8],
				[8, 0],
				[8, 8],
			]) {
				for (let row = 0; row < 8; row++) {
					for (let column = 0; column < 8; column++) block[row * 8 + column] = y16[(dy + row) * 16 + dx + column];
				}
				encodeBlock(block, luminance, coefficients, scan);
			}
			for (const [plane, component] of [
				[cb16, blue],
				[cr16, red],
			] as const) {
				for (let row = 0; row < 8; row++) {
					for (let column = 0; column < 8; column++) {
						const k = row * 32 + column * 2;
						block[row * 8 + column] = (plane[k] + plane[k + 1] + plane[k + 16] + plane[k + 17]) * 0.25;
					}
				}
				encodeBlock(block, component, coefficients, scan);
			}
		}
	}
	scan.flush();
	out.uint16BE(0xffd9); // EOI
	return out.toBuffer();
}
