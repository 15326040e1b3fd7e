import { createHash } from 'crypto';

/** An opaque picture: `rgb` holds width x height pixels, 3 bytes each (red, green, blue), row by row. */
export interface Picture {
	width: number;
	height: number;
	rgb: Uint8Array;
}

/** A filled disc: what the tests sample, since a flat area keeps its colour through JPEG. */
export interface Disc {
	cx: number;
	cy: number;
	r: number;
	color: [number, number, number];
}

export interface Drawing {
	/** The two ends of the diagonal background gradient (top left, bottom right). */
	gradient: [[number, number, number], [number, number, number]];
	/** Drawn in this order, the last on top. */
	discs: Disc[];
	/** A bar across the lower part, the colour of the first disc. */
	band: { x0: number; y0: number; x1: number; y1: number; color: [number, number, number] };
}

/** Hue (0..360), saturation and lightness (0..1) to 8-bit RGB. */
function hsl(h: number, s: number, l: number): [number, number, number] {
	const a = s * Math.min(l, 1 - l);
	const channel = (n: number) => {
		const k = (n + h / 30) % 12;
		return Math.round(255 * (l - a * Math.max(-1, Math.min(k - 3, 9 - k, 1))));
	};
	return [channel(0), channel(8), channel(4)];
}

/**
 * What the picture of `seed` holds at a size, from a SHA-256 of the seed: two gradient colours a
 * third of the colour wheel or more apart, three discs and a band. Same seed, same drawing.
 */
export function planDrawing(width: number, height: number, seed: string): Drawing {
	const hash = createHash('sha256').update(seed, 'utf8').digest();
	const unit = (i: number) => hash[i] / 255;
	const hue = unit(0) * 360;
	const short = Math.min(width, height);
	const discs: Disc[] = [0, 1, 2].map((i) => ({
		cx: Math.round(width * (0.2 + 0.6 * unit(4 + 3 * i))),
		cy: Math.round(height * (0.2 + 0.5 * unit(5 + 3 * i))),
		r: Math.max(1, Math.round(short * (0.08 + 0.12 * unit(6 + 3 * i)))),
		color: hsl((hue + 90 + 100 * i + 40 * unit(20 + i)) % 360, 0.75, 0.45 + 0.15 * unit(24 + i)),
	}));
	return {
		gradient: [hsl(hue, 0.7, 0.35), hsl((hue + 120 + 120 * unit(1)) % 360, 0.7, 0.75)],
		discs,
		band: {
			x0: Math.round(width * 0.08),
			x1: Math.round(width * 0.92),
			y0: Math.round(height * 0.84),
			y1: Math.round(height * 0.84 + Math.max(1, short * 0.04)),
			color: discs[0].color,
		},
	};
}

/**
 * Draws the picture of `seed`: a diagonal gradient (a pixel has the colour of the one up and to
 * its right, so PNG's deflate and WebP's backward references find every row in the one above),
 * then flat discs and a band. Cheap: one copy per row plus the spans of the shapes.
 */
export function drawPicture(width: number, height: number, seed: string): Picture {
	const { gradient, discs, band } = planDrawing(width, height, seed);
	const [from, to] = gradient;
	const steps = width + height - 1;
	const ramp = new Uint8Array(steps * 3);
	for (let i = 0; i < steps; i++) {
		const t = steps > 1 ? i / (steps - 1) : 0;
		for (let c = 0; c < 3; c++) ramp[i * 3 + c] = Math.round(from[c] + (to[c] - from[c]) * t);
	}
	const rgb = new Uint8Array(width * height * 3);
	for (let y = 0; y < height; y++) rgb.set(ramp.subarray(y * 3, (y + width) * 3), y * width * 3);

	const fillSpan = (y: number, x0: number, x1: number, color: readonly number[]) => {
		const start = Math.max(0, x0);
		const end = Math.min(width, x1);
		for (let x = start, at = (y * width + start) * 3; x < end; x++, at += 3) {
			rgb[at] = color[0];
			rgb[at + 1] = color[1];
			rgb[at + 2] = color[2];
		}
	};
	for (const { cx, cy, r, color } of discs) {
		for (let y = Math.max(0, cy - r); y <= Math.min(height - 1, cy + r); y++) {
			const half = Math.floor(Math.sqrt(r * r - (y - cy) * (y - cy)));
			fillSpan(y, cx - half, cx + half + 1, color);
		}
	}
	for (let y = Math.max(0, band.y0); y < Math.min(height, band.y1); y++) fillSpan(y, band.x0, band.x1, band.color);
	return { width, height, rgb };
}
