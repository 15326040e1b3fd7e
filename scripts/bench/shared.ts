/** What the benchmark's processes agree on. */

import { median } from '../../dev/harness/median';

export const BENCH_ACCESS_KEY = 'ak-bench';
export const BENCH_SECRET_KEY = 'sk-bench';

/**
 * `node`: the prompt comes from each item through an expression, `{{ $json.prompt }}`, as in a
 * workflow fed by a sheet; `node-text`: the same prompt typed into the field (no expression);
 * `raw`: a plain fetch loop.
 */
export type ClientMode = 'node' | 'node-text' | 'raw';

export const CLIENT_MODES: readonly ClientMode[] = ['node', 'node-text', 'raw'];

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
	/** With profiling on: the measured runs' CPU time by area (see cpuArea), ms per item. */
	cpuByArea?: Record<string, number>;
	/** raw: requests that were sent again after a connection error (the server overloaded). */
	retries?: number;
	/** raw: why the baseline could not be measured in this process; the sample is left out. */
	failed?: string;
}

/**
 * Where a profiled function's code lives, by script URL: groups V8 CPU-profile samples into
 * the parts of the stack a person can act on.
 */
export function cpuArea(url: string, functionName: string): string | undefined {
	if (functionName === '(idle)') return undefined;
	if (functionName === '(garbage collector)') return 'garbage collection';
	if (/\/(nodes\/PMock|credentials)\//.test(url) && !url.includes('node_modules'))
		return 'this package (validation, signing, envelope)';
	if (/\/(test\/helpers|scripts\/bench)\//.test(url)) return 'benchmark harness (workflow and context set-up)';
	const moduleName = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)?.[1];
	if (moduleName === 'n8n-workflow' && /expression|workflow-data-proxy|extensions/.test(url))
		return 'n8n expression engine';
	if (moduleName && ['luxon', '@n8n/tournament', 'recast', 'esprima-next', 'ast-types'].includes(moduleName))
		return 'n8n expression engine';
	if (moduleName === 'n8n-workflow') return 'n8n-workflow parameters (getNodeParameter, displayOptions, validation)';
	if (moduleName === 'n8n-core' || moduleName === 'lodash') return 'n8n-core RoutingNode and contexts (incl. lodash)';
	if (
		moduleName &&
		[
			'axios',
			'follow-redirects',
			'proxy-from-env',
			'http-proxy-agent',
			'https-proxy-agent',
			'agent-base',
			'form-data',
		].includes(moduleName)
	) {
		return 'HTTP client in n8n-core (axios, a new agent per request)';
	}
	if (url.startsWith('node:') || url === '') return 'Node.js runtime (sockets, HTTP, fetch, JSON)';
	return 'other';
}

export { median };

/** "median (min–max)" with the given decimals. */
export function medianAndRange(values: number[], decimals: number): string {
	const fixed = (value: number) => value.toFixed(decimals);
	return `${fixed(median(values))} (${fixed(Math.min(...values))}–${fixed(Math.max(...values))})`;
}
