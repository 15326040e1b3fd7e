import type { Browser, Page } from 'playwright-core';

import { encodeJpeg } from '../../sandbox/image/jpeg';
import { drawPicture, planDrawing, type Picture } from '../../sandbox/image/picture';
import { encodePng } from '../../sandbox/image/png';
import { encodeWebp } from '../../sandbox/image/webp';
import { encodeImage, sniffImage, type ImageFormat } from '../../sandbox/imageEncoders';
import { launchChromium } from './helpers/browser';

/*
 * The sandbox's images decode for real: headless Chromium (the browser n8n's editor previews
 * them in) loads each format at every size GPT Image 2's synchronous endpoint documents, and its
 * pixels are compared with the picture drawn. PNG and WebP (lossless) must match exactly, JPEG
 * closely. Needs no n8n: it runs in each line's project only because the e2e config has one per line.
 */

const MIME: Record<ImageFormat, string> = { png: 'image/png', jpeg: 'image/jpeg', webp: 'image/webp' };
const SIZES: Array<[number, number]> = [
	[1024, 1024],
	[1024, 1536],
	[1536, 1024],
	[2048, 2048],
	[2048, 1152],
	[3840, 2160],
	[2160, 3840],
];
const SEED = 'a paper boat on a rainy street, watercolour';

/** Decodes a data: URL with an <img> and reads pixels through a canvas (a string: no DOM types here). */
const DECODER = `globalThis.decodeImage = async (url, points) => {
	const image = new Image();
	image.src = url;
	await image.decode();
	const canvas = document.createElement('canvas');
	canvas.width = image.naturalWidth;
	canvas.height = image.naturalHeight;
	const context = canvas.getContext('2d', { willReadFrequently: true });
	context.drawImage(image, 0, 0);
	const pixels = points.map(([x, y]) => Array.from(context.getImageData(x, y, 1, 1).data).slice(0, 3));
	return { width: image.naturalWidth, height: image.naturalHeight, pixels };
};
globalThis.compareImage = async (url, expectedBase64) => {
	const image = new Image();
	image.src = url;
	await image.decode();
	const canvas = document.createElement('canvas');
	canvas.width = image.naturalWidth;
	canvas.height = image.naturalHeight;
	const context = canvas.getContext('2d', { willReadFrequently: true });
	context.drawImage(image, 0, 0);
	const rgba = context.getImageData(0, 0, canvas.width, canvas.height).data;
	const expected = Uint8Array.from(atob(expectedBase64), (c) => c.charCodeAt(0));
	let largest = 0;
	for (let p = 0; p * 3 < expected.length; p++) {
		for (let c = 0; c < 3; c++) largest = Math.max(largest, Math.abs(rgba[p * 4 + c] - expected[p * 3 + c]));
	}
	return { width: image.naturalWidth, height: image.naturalHeight, largest };
}`;

interface Decoded {
	width: number;
	height: number;
	pixels: number[][];
}

let browser: Browser;
let page: Page;

beforeAll(async () => {
	browser = await launchChromium((line) => process.stderr.write(`${line}\n`));
	page = await browser.newPage();
	await page.setContent('<!doctype html><title>decode</title>');
	await page.evaluate(DECODER);
}, 600_000);

afterAll(async () => {
	await browser?.close();
});

function decodeInChromium(image: Buffer, format: ImageFormat, points: Array<[number, number]>): Promise<Decoded> {
	const url = `data:${MIME[format]};base64,${image.toString('base64')}`;
	return page.evaluate(
		([dataUrl, where]) =>
			(globalThis as unknown as { decodeImage: (u: string, p: unknown) => Promise<Decoded> }).decodeImage(
				dataUrl,
				where,
			),
		[url, points] as const,
	);
}

/**
 * Where to compare: a 7x7 grid over the picture, and two flat places whose colour JPEG keeps:
 * the centre of the disc drawn last (on top of the others, above the band) and the band's middle.
 */
function samplePoints(width: number, height: number): { grid: Array<[number, number]>; flat: Array<[number, number]> } {
	const grid: Array<[number, number]> = [];
	for (let i = 0; i < 7; i++) {
		for (let j = 0; j < 7; j++) grid.push([Math.floor(((i + 0.5) * width) / 7), Math.floor(((j + 0.5) * height) / 7)]);
	}
	const { discs, band } = planDrawing(width, height, SEED);
	const top = discs[discs.length - 1];
	return {
		grid,
		flat: [
			[top.cx, top.cy],
			[Math.floor((band.x0 + band.x1) / 2), Math.floor((band.y0 + band.y1) / 2)],
		],
	};
}

/**
 * What differs between the picture drawn and what Chromium shows of `image`: [] when it decodes
 * at its size with PNG and WebP pixels exact, and JPEG flat areas within 6 levels and the grid
 * (which may fall on an edge) within 6 on average; a decoding error when it does not decode.
 */
async function differences(image: Buffer, format: ImageFormat, width: number, height: number): Promise<string[]> {
	const { grid, flat } = samplePoints(width, height);
	const points = [...grid, ...flat];
	let decoded: Decoded;
	try {
		decoded = await decodeInChromium(image, format, points);
	} catch (error) {
		return [`Chromium could not decode it: ${(error as Error).message.split('\n')[0]}`];
	}
	if (decoded.width !== width || decoded.height !== height) {
		return [`decoded at ${decoded.width}x${decoded.height}, not ${width}x${height}`];
	}
	const { rgb } = drawPicture(width, height, SEED);
	const drawn = points.map(([x, y]) => [...rgb.subarray((y * width + x) * 3, (y * width + x) * 3 + 3)]);
	const off = (i: number) => Math.max(...drawn[i].map((value, c) => Math.abs(value - decoded.pixels[i][c])));
	const problems: string[] = [];
	const allowed = format === 'jpeg' ? 6 : 0;
	points.forEach(([x, y], i) => {
		const checked = format !== 'jpeg' || i >= grid.length;
		if (checked && off(i) > allowed) problems.push(`(${x}, ${y}) is ${decoded.pixels[i]}, drawn ${drawn[i]}`);
	});
	const mean = grid.reduce((sum, _, i) => sum + off(i), 0) / grid.length;
	if (mean > allowed) problems.push(`the grid is off by ${mean.toFixed(1)} levels on average`);
	return problems;
}

describe.each(['png', 'webp', 'jpeg'] as ImageFormat[])('a %s from the sandbox, decoded by Chromium', (format) => {
	it.each(SIZES)('%ix%i: natural size as asked, pixels as drawn', async (width, height) => {
		const image = encodeImage(format, width, height, SEED);
		expect(sniffImage(image)).toEqual({ format, width, height });
		expect(await differences(image, format, width, height)).toEqual([]);
	});
});

describe('the check itself', () => {
	it.each(['png', 'webp', 'jpeg'] as ImageFormat[])(
		'finds a %s cut in half (Chromium shows the top of a cut PNG or JPEG)',
		async (format) => {
			const image = encodeImage(format, 1024, 1024, SEED);
			expect(await differences(image.subarray(0, image.length >> 1), format, 1024, 1024)).not.toEqual([]);
		},
	);

	it('finds another picture', async () => {
		const other = encodeImage('webp', 1024, 1024, 'another prompt');
		expect(await differences(other, 'webp', 1024, 1024)).not.toEqual([]);
	});
});

describe('the encoders on pixels other than the drawing', () => {
	// A linear congruential generator: the same "random" pixels on every run.
	let state = 12345;
	const random = () => (state = (state * 1103515245 + 12345) >>> 0) / 2 ** 32;
	const [width, height] = [317, 201];
	const pictures: Record<string, Picture> = {
		// Every byte value, about equally often: the longest literal codes.
		noise: { width, height, rgb: Uint8Array.from({ length: width * height * 3 }, () => Math.floor(random() * 256)) },
		// Counts falling geometrically, as in a Fibonacci sequence: a Huffman tree deeper than 15 unless limited.
		skewed: {
			width,
			height,
			rgb: Uint8Array.from({ length: width * height * 3 }, () => {
				let value = 0;
				while (random() < 0.62 && value < 255) value++;
				return value;
			}),
		},
	};
	const ENCODE: Record<ImageFormat, (picture: Picture) => Buffer> = {
		png: encodePng,
		webp: encodeWebp,
		jpeg: encodeJpeg,
	};

	const compare = (image: Buffer, format: ImageFormat, expected: Uint8Array) =>
		page.evaluate(
			([dataUrl, rgb]) =>
				(
					globalThis as unknown as {
						compareImage: (u: string, e: string) => Promise<{ width: number; height: number; largest: number }>;
					}
				).compareImage(dataUrl, rgb),
			[`data:${MIME[format]};base64,${image.toString('base64')}`, Buffer.from(expected).toString('base64')] as const,
		);

	it('the comparison finds pixels that differ', async () => {
		expect((await compare(encodePng(pictures.noise), 'png', pictures.skewed.rgb)).largest).toBeGreaterThan(0);
	});

	it.each(Object.keys(pictures).flatMap((name) => (['png', 'webp', 'jpeg'] as ImageFormat[]).map((f) => [name, f])))(
		'%s as %s: decodes at its size, every pixel exact (PNG, WebP) or the JPEG decodes',
		async (name, format) => {
			const picture = pictures[name];
			const image = ENCODE[format as ImageFormat](picture);
			const result = await compare(image, format as ImageFormat, picture.rgb);
			expect([result.width, result.height]).toEqual([width, height]);
			if (format !== 'jpeg') expect(result.largest).toBe(0);
		},
	);
});
