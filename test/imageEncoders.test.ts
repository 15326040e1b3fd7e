import { crc32, inflateSync } from 'zlib';

import { drawPicture, planDrawing } from '../sandbox/image/picture';
import { encodeImage, sniffImage, type ImageFormat } from '../sandbox/imageEncoders';

/*
 * The sandbox's image encoders, checked without any decoder outside Node: PNG is inflated and
 * unfiltered here and compared pixel for pixel; JPEG and WebP are checked for their structure
 * (markers, chunks, sizes) and decoded for real by Chromium in test/e2e/imageDecoding.e2e.test.ts.
 */

const FORMATS: ImageFormat[] = ['png', 'jpeg', 'webp'];
/** The documented sizes, from the smallest to 4K, and an odd one that fills no JPEG block. */
const SIZES: Array<[number, number]> = [
	[1024, 1024],
	[1536, 1024],
	[2160, 3840],
	[3840, 2160],
	[33, 17],
];
const SEED = 'a lighthouse at dusk, oil painting';

interface PngChunk {
	type: string;
	data: Buffer;
	crc: number;
}

function pngChunks(png: Buffer): PngChunk[] {
	const chunks: PngChunk[] = [];
	for (let at = 8; at < png.length;) {
		const length = png.readUInt32BE(at);
		chunks.push({
			type: png.toString('latin1', at + 4, at + 8),
			data: png.subarray(at + 8, at + 8 + length),
			crc: png.readUInt32BE(at + 8 + length),
		});
		at += 12 + length;
	}
	return chunks;
}

/** The RGB pixels of an 8-bit truecolour, non-interlaced PNG, undoing the five filter types. */
function decodePng(png: Buffer): { width: number; height: number; rgb: Uint8Array } {
	const chunks = pngChunks(png);
	const header = chunks[0].data;
	const width = header.readUInt32BE(0);
	const height = header.readUInt32BE(4);
	expect([...header.subarray(8)]).toEqual([8, 2, 0, 0, 0]);
	const raw = inflateSync(Buffer.concat(chunks.filter((chunk) => chunk.type === 'IDAT').map((chunk) => chunk.data)));
	const stride = width * 3;
	expect(raw.length).toBe((stride + 1) * height);
	const rgb = new Uint8Array(stride * height);
	const { abs } = Math;
	for (let y = 0; y < height; y++) {
		const filter = raw[y * (stride + 1)];
		expect(filter).toBeLessThanOrEqual(4);
		const row = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
		const at = y * stride;
		for (let i = 0; i < stride; i++) {
			const left = i >= 3 ? rgb[at + i - 3] : 0;
			const up = y > 0 ? rgb[at - stride + i] : 0;
			let predicted = 0;
			if (filter === 1) predicted = left;
			else if (filter === 2) predicted = up;
			else if (filter === 3) predicted = (left + up) >> 1;
			else if (filter === 4) {
				const upLeft = i >= 3 && y > 0 ? rgb[at - stride + i - 3] : 0;
				const p = left + up - upLeft;
				const [pa, pb, pc] = [abs(p - left), abs(p - up), abs(p - upLeft)];
				predicted = pa <= pb && pa <= pc ? left : pb <= pc ? up : upLeft;
			}
			rgb[at + i] = (row[i] + predicted) & 0xff;
		}
	}
	return { width, height, rgb };
}

/** A JPEG's segments up to the scan, and the entropy-coded data after it. */
function jpegSegments(jpeg: Buffer): { markers: number[]; sof: Buffer; scan: Buffer } {
	expect([jpeg[0], jpeg[1]]).toEqual([0xff, 0xd8]);
	const markers: number[] = [];
	let sof: Buffer = Buffer.alloc(0);
	let at = 2;
	for (;;) {
		expect(jpeg[at]).toBe(0xff);
		const marker = jpeg[at + 1];
		const length = jpeg.readUInt16BE(at + 2);
		markers.push(marker);
		if (marker === 0xc0) sof = jpeg.subarray(at + 4, at + 2 + length);
		at += 2 + length;
		if (marker === 0xda) break;
	}
	return { markers, sof, scan: jpeg.subarray(at, jpeg.length - 2) };
}

describe('encodeImage and sniffImage', () => {
	describe.each(FORMATS)('%s', (format) => {
		it.each(SIZES)('%ix%i: sniffImage reads back the format and the size', (width, height) => {
			const image = encodeImage(format, width, height, SEED);
			expect(sniffImage(image)).toEqual({ format, width, height });
		});

		it('draws a different picture for a different seed, the same for the same seed', () => {
			const fox = encodeImage(format, 1024, 1024, 'a red fox');
			expect(encodeImage(format, 1024, 1024, 'a red fox').equals(fox)).toBe(true);
			expect(encodeImage(format, 1024, 1024, 'a blue whale').equals(fox)).toBe(false);
		});

		it('refuses a size it cannot make, saying what is allowed', () => {
			expect(() => encodeImage(format, 0, 1024, SEED)).toThrow(/width must be a whole number from 1 to/);
			expect(() => encodeImage(format, 1024, 10.5, SEED)).toThrow(/height must be a whole number from 1 to .*got 10.5/);
		});
	});

	it('gives each caller its own buffer: changing one does not change the next', () => {
		const first = encodeImage('png', 64, 64, SEED);
		first.fill(0);
		expect(sniffImage(encodeImage('png', 64, 64, SEED))).toEqual({ format: 'png', width: 64, height: 64 });
	});

	it('refuses an unknown format and a WebP wider than VP8L can state', () => {
		expect(() => encodeImage('gif' as ImageFormat, 64, 64, SEED)).toThrow(/Unknown image format "gif"/);
		expect(() => encodeImage('webp', 16385, 16, SEED)).toThrow(/from 1 to 16384 for webp/);
	});

	describe('PNG', () => {
		it.each(SIZES)('%ix%i: chunks with valid CRCs, pixels exactly as drawn', (width, height) => {
			const png = encodeImage('png', width, height, SEED);
			const chunks = pngChunks(png);
			expect(chunks.map((chunk) => chunk.type)).toEqual(['IHDR', 'IDAT', 'IEND']);
			for (const { type, data, crc } of chunks) {
				expect(crc).toBe(crc32(data, crc32(Buffer.from(type, 'latin1'))));
			}
			// IEND's CRC is the same in every PNG: a check that does not lean on zlib's crc32.
			expect(png.subarray(-4).toString('hex')).toBe('ae426082');
			const decoded = decodePng(png);
			expect(decoded.width).toBe(width);
			expect(decoded.height).toBe(height);
			expect(Buffer.from(decoded.rgb).equals(Buffer.from(drawPicture(width, height, SEED).rgb))).toBe(true);
		});
	});

	describe('JPEG', () => {
		it.each(SIZES)('%ix%i: baseline 4:2:0 frame, Annex K tables, stuffed scan, EOI', (width, height) => {
			const jpeg = encodeImage('jpeg', width, height, SEED);
			const { markers, sof, scan } = jpegSegments(jpeg);
			// APP0 (JFIF), DQT, SOF0, DHT, SOS.
			expect(markers).toEqual([0xe0, 0xdb, 0xc0, 0xc4, 0xda]);
			expect([...sof]).toEqual([
				...[8, height >> 8, height & 0xff, width >> 8, width & 0xff, 3],
				...[1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1],
			]);
			expect(jpeg.subarray(-2).toString('hex')).toBe('ffd9');
			// In the entropy-coded data every 0xFF is followed by a stuffed 0x00.
			for (let at = scan.indexOf(0xff); at >= 0; at = scan.indexOf(0xff, at + 1)) expect(scan[at + 1]).toBe(0);
			// 4:2:0 at quality 75 on this picture: far smaller than the raw pixels.
			expect(jpeg.length).toBeLessThan(width * height * 3);
		});
	});

	describe('WebP', () => {
		it.each(SIZES)('%ix%i: RIFF and VP8L headers agree with the file', (width, height) => {
			const webp = encodeImage('webp', width, height, SEED);
			expect(webp.toString('latin1', 0, 4)).toBe('RIFF');
			expect(webp.readUInt32LE(4)).toBe(webp.length - 8);
			expect(webp.toString('latin1', 8, 16)).toBe('WEBPVP8L');
			const chunkSize = webp.readUInt32LE(16);
			expect(webp.length).toBe(20 + chunkSize + (chunkSize % 2));
			expect(webp[20]).toBe(0x2f);
			// alpha_is_used 0 and version 0: the 4 bits after the two 14-bit sizes.
			expect(webp.readUInt32LE(21) >>> 28).toBe(0);
		});
	});

	describe('sniffImage', () => {
		it('reads the lossy (VP8) and extended (VP8X) WebP headers too', () => {
			const lossy = Buffer.alloc(30);
			lossy.write('RIFF', 0, 'latin1');
			lossy.write('WEBPVP8 ', 8, 'latin1');
			lossy.set([0x9d, 0x01, 0x2a], 23);
			lossy.writeUInt16LE(2048, 26);
			lossy.writeUInt16LE(1152, 28);
			expect(sniffImage(lossy)).toEqual({ format: 'webp', width: 2048, height: 1152 });
			const extended = Buffer.alloc(30);
			extended.write('RIFF', 0, 'latin1');
			extended.write('WEBPVP8X', 8, 'latin1');
			extended.writeUIntLE(3839, 24, 3);
			extended.writeUIntLE(2159, 27, 3);
			expect(sniffImage(extended)).toEqual({ format: 'webp', width: 3840, height: 2160 });
		});

		it('finds a JPEG frame header behind other segments', () => {
			const jpeg = encodeImage('jpeg', 2048, 1152, SEED);
			const comment = Buffer.from([0xff, 0xfe, 0x00, 0x07, ...Buffer.from('hello')]);
			const withComment = Buffer.concat([jpeg.subarray(0, 2), comment, jpeg.subarray(2)]);
			expect(sniffImage(withComment)).toEqual({ format: 'jpeg', width: 2048, height: 1152 });
		});

		it.each([
			['nothing', Buffer.alloc(0)],
			['JSON', Buffer.from('{"error":{"message":"no image"}}')],
			['a GIF', Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00\x00', 'latin1')],
			['a PNG cut inside its header', encodeImage('png', 64, 64, SEED).subarray(0, 20)],
			['a JPEG cut before its frame header', encodeImage('jpeg', 64, 64, SEED).subarray(0, 100)],
			['a WebP cut inside its header', encodeImage('webp', 64, 64, SEED).subarray(0, 24)],
		])('says undefined for %s', (_, bytes) => {
			expect(sniffImage(bytes)).toBeUndefined();
		});
	});

	it('the picture depends on the seed: other colours and shapes', () => {
		const fox = planDrawing(1024, 1024, 'a red fox');
		const whale = planDrawing(1024, 1024, 'a blue whale');
		expect(whale.gradient).not.toEqual(fox.gradient);
		expect(whale.discs).not.toEqual(fox.discs);
	});
});
