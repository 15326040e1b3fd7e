import { crc32, deflateSync } from 'zlib';

import type { Picture } from './picture';

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** A PNG chunk: length, type, data, and the CRC-32 of type and data (zlib's, in Node since 20.15). */
function chunk(type: string, data: Buffer): Buffer {
	const head = Buffer.alloc(8);
	head.writeUInt32BE(data.length, 0);
	head.write(type, 4, 'latin1');
	const tail = Buffer.alloc(4);
	tail.writeUInt32BE(crc32(data, crc32(head.subarray(4))), 0);
	return Buffer.concat([head, data, tail]);
}

/**
 * An 8-bit truecolour (RGB) PNG, not interlaced. Every row has filter type 1 (Sub: each byte
 * minus the one a pixel to its left), which turns the gradient's slow ramps into runs of small
 * numbers that deflate packs well.
 */
export function encodePng({ width, height, rgb }: Picture): Buffer {
	const header = Buffer.alloc(13);
	header.writeUInt32BE(width, 0);
	header.writeUInt32BE(height, 4);
	header[8] = 8; // bits per sample
	header[9] = 2; // colour type: truecolour
	// bytes 10..12: compression 0 (deflate), filter method 0, interlace 0 (none)

	const stride = width * 3;
	const filtered = Buffer.alloc((stride + 1) * height);
	for (let y = 0; y < height; y++) {
		const row = y * stride;
		const out = y * (stride + 1);
		filtered[out] = 1;
		for (let i = 0; i < 3 && i < stride; i++) filtered[out + 1 + i] = rgb[row + i];
		for (let i = 3; i < stride; i++) filtered[out + 1 + i] = (rgb[row + i] - rgb[row + i - 3]) & 0xff;
	}
	return Buffer.concat([
		SIGNATURE,
		chunk('IHDR', header),
		chunk('IDAT', deflateSync(filtered, { level: 6 })),
		chunk('IEND', Buffer.alloc(0)),
	]);
}
