/** What the benchmark's processes agree on. */

export const BENCH_ACCESS_KEY = 'ak-bench';
export const BENCH_SECRET_KEY = 'sk-bench';

export type ClientMode = 'node' | 'raw';

/** One client process's measurements of one N. */
export interface ClientResult {
	mode: ClientMode;
	n: number;
	/** Wall time of each measured run, ms. */
	wallMs: number[];
	/** Client CPU time (user + system) of each measured run, ms. */
	cpuMs: number[];
	/** Peak resident set size of the process over its life, MiB. */
	peakRssMiB: number;
	/** Resident set size once everything was loaded, before the first run, MiB. */
	loadedRssMiB: number;
}

export function median(values: number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	const middle = Math.floor(sorted.length / 2);
	return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** "median (min–max)" with the given decimals. */
export function medianAndRange(values: number[], decimals: number): string {
	const fixed = (value: number) => value.toFixed(decimals);
	return `${fixed(median(values))} (${fixed(Math.min(...values))}–${fixed(Math.max(...values))})`;
}
