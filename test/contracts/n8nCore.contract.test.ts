import { existsSync } from 'fs';
import { createServer, type IncomingMessage, type Server } from 'http';
import type { AddressInfo } from 'net';
import { join } from 'path';

import type {
	DeclarativeRestApiSettings,
	IDataObject,
	IExecuteData,
	IExecutePaginationFunctions,
	IExecuteSingleFunctions,
	IHttpRequestOptions,
	IN8nHttpFullResponse,
	INodeExecutionData,
	INodeProperties,
	INodeType,
} from 'n8n-workflow';

import { BEHAVIOURS, type BehaviourId } from './behaviours';
import { loadN8nCoreLines, loadedNodeType, runRoutingNode, runWorkflow, type N8nCoreLine } from './n8nCoreLines';

/**
 * Each n8n-core behaviour of behaviours.ts, run against every n8n-core line with a tiny
 * declarative node shaped like PMock's (a routing whose pagination hook sends the item's
 * request). These tests pin n8n-core, not the node: the node's guarantees have their own tests.
 */

type Hook = (
	this: IExecutePaginationFunctions,
	requestData: DeclarativeRestApiSettings.ResultOptions,
) => Promise<INodeExecutionData[]>;

type PostReceive = (
	this: IExecuteSingleFunctions,
	items: INodeExecutionData[],
	response: IN8nHttpFullResponse,
) => Promise<INodeExecutionData[]>;

/** Sends the item's request, as PMock's hook does. */
const send: Hook = async function (requestData) {
	return await this.makeRoutingRequest(requestData);
};

/** The answer's status, headers and body as the output item, paired with its input item. */
const answerAsItem: PostReceive = async function (_items, response) {
	return [{ json: { response: response as unknown as IDataObject }, pairedItem: { item: this.getItemIndex() } }];
};

/** PMock's request defaults (Pmock.node.ts). */
const PMOCK_REQUEST_DEFAULTS: IHttpRequestOptions = {
	url: '',
	headers: { Accept: 'application/json', 'Content-Type': 'application/json' },
	json: true,
	ignoreHttpStatusErrors: true,
	disableFollowRedirect: true,
	encoding: 'stream',
};

interface ContractNode {
	hook?: Hook;
	postReceive?: PostReceive;
	url?: string;
	requestDefaults?: Partial<IHttpRequestOptions>;
}

/** A declarative node with a Prompt sent as the body's `prompt`, and the task routing of shared/routing.ts. */
function contractNode(
	line: N8nCoreLine,
	{ hook = send, postReceive = answerAsItem, url = '/task', requestDefaults = {} }: ContractNode = {},
): INodeType {
	const properties: INodeProperties[] = [
		{
			displayName: 'Prompt',
			name: 'prompt',
			type: 'string',
			default: '',
			routing: { send: { type: 'body', property: 'prompt' } },
		},
		{
			displayName: 'Task',
			name: 'task',
			type: 'hidden',
			default: '',
			routing: {
				request: { method: 'POST', url },
				send: { paginate: true },
				operations: { pagination: hook },
				output: { postReceive: [postReceive] },
			},
		},
	];
	return loadedNodeType(line, {
		description: {
			displayName: 'Contract',
			name: 'contract',
			group: ['transform'],
			version: 1,
			description: 'A declarative node for the n8n-core contract tests',
			defaults: { name: 'Contract' },
			inputs: ['main'],
			outputs: ['main'],
			credentials: [{ name: 'contractApi', required: true }],
			requestDefaults: { headers: { Accept: 'application/json' }, json: true, ...requestDefaults },
			properties,
		},
	});
}

/** A local HTTP server: /task answers JSON, /fail HTTP 500, /redirect a 302 to /elsewhere, /hang never. */
class ContractServer {
	readonly requests: Array<{ method?: string; url?: string; headers: IncomingMessage['headers']; body: string }> = [];

	private server?: Server;

	/** Called with each request's url once its body has arrived. */
	onRequest?: (url?: string) => void;

	get baseUrl(): string {
		return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
	}

	async start(): Promise<void> {
		this.server = createServer((request, response) => {
			const chunks: Buffer[] = [];
			request.on('data', (chunk: Buffer) => chunks.push(chunk));
			request.on('end', () => {
				const { method, url, headers } = request;
				this.requests.push({ method, url, headers, body: Buffer.concat(chunks).toString('utf8') });
				this.onRequest?.(url);
				if (url === '/hang') return;
				if (url === '/redirect') {
					response.writeHead(302, { Location: '/elsewhere' }).end();
					return;
				}
				const status = url === '/fail' ? 500 : 200;
				response.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify({ status, url }));
			});
		});
		await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
	}

	async stop(): Promise<void> {
		this.server?.closeAllConnections();
		await new Promise((resolve) => this.server?.close(resolve));
	}
}

// The first run of a test file loads much of n8n-core lazily (its HTTP client, WorkflowExecute's
// parts): on a cold, busy machine that can pass jest's 5 s default. No assertion measures it.
jest.setTimeout(30_000);

const server = new ContractServer();
beforeAll(async () => await server.start());
afterAll(async () => await server.stop());
beforeEach(() => {
	server.requests.length = 0;
	server.onRequest = undefined;
});

/** What a credential's authenticate does for PMock: point the request at the Base URL. */
const toServer = async (_credentials: unknown, options: IHttpRequestOptions) => {
	options.baseURL ||= server.baseUrl;
	return options;
};

const LINES = loadN8nCoreLines();
const pinned = new Map<BehaviourId, Set<string>>();

/** A test of one behaviour on one line, named after the behaviour. */
function pin(line: N8nCoreLine, id: BehaviourId, what: string, fn: () => Promise<void>): void {
	if (!pinned.has(id)) pinned.set(id, new Set());
	pinned.get(id)!.add(line.name);
	test(`${id}: ${what}`, fn);
}

/** Per line: what differs between the n8n-core lines, by package (n8nCoreLines.ts). */
const byLine = <T>(line: N8nCoreLine, values: { '2.8': T; '2.41': T }): T =>
	line.name.startsWith('n8n-core 2.8.') ? values['2.8'] : values['2.41'];

describe.each(LINES.map((line) => [line.name, line] as const))('%s', (_name, line) => {
	pin(
		line,
		'items-prepared-before-first-await',
		"every item's hook is entered before any item's first await resumes",
		async () => {
			const log: string[] = [];
			const nodeType = contractNode(line, {
				hook: async function () {
					const itemIndex = this.getItemIndex();
					log.push(`enter ${itemIndex}`);
					await Promise.resolve();
					log.push(`resume ${itemIndex}`);
					return [{ json: { itemIndex } }];
				},
			});
			await runRoutingNode(line, nodeType, { items: [{}, {}, {}] });
			expect(log).toStrictEqual(['enter 0', 'enter 1', 'enter 2', 'resume 0', 'resume 1', 'resume 2']);
		},
	);

	pin(
		line,
		'pagination-hook-sends-each-item',
		'the hook replaces sending; makeRoutingRequest sends; its items are the output',
		async () => {
			const calls: Array<{ itemIndex: number; method?: string; url?: string; body: unknown }> = [];
			let errorItem: INodeExecutionData | undefined;
			const nodeType = contractNode(line, {
				hook: async function (requestData) {
					const itemIndex = this.getItemIndex();
					const { method, url, body } = requestData.options;
					calls.push({ itemIndex, method, url, body });
					if (itemIndex === 0) return await this.makeRoutingRequest(requestData);
					errorItem = {
						json: {},
						error: new line.workflow.NodeOperationError(this.getNode(), 'refused'),
						pairedItem: { item: itemIndex },
					};
					return [errorItem];
				},
			});
			const output = await runRoutingNode(line, nodeType, {
				parameters: { prompt: '={{ $json.p }}' },
				items: [{ p: 'a fox' }, { p: 'a cat' }],
				authenticate: toServer,
			});
			expect(calls).toStrictEqual([
				{ itemIndex: 0, method: 'POST', url: '/task', body: { prompt: 'a fox' } },
				{ itemIndex: 1, method: 'POST', url: '/task', body: { prompt: 'a cat' } },
			]);
			expect(server.requests.map(({ method, url, body }) => ({ method, url, body }))).toStrictEqual([
				{ method: 'POST', url: '/task', body: '{"prompt":"a fox"}' },
			]);
			expect(output).toHaveLength(2);
			expect(output[0].pairedItem).toStrictEqual({ item: 0 });
			expect((output[0].json.response as IDataObject).statusCode).toBe(200);
			expect(output[1]).toBe(errorItem);
		},
	);

	pin(
		line,
		'first-failed-item-error-thrown',
		'after every item settled, the lowest failed index wins, as the same object',
		async () => {
			const settled: number[] = [];
			const errors: Error[] = [];
			const nodeType = contractNode(line, {
				hook: async function () {
					const itemIndex = this.getItemIndex();
					const error = new line.workflow.NodeApiError(this.getNode(), { message: `item ${itemIndex}` });
					errors[itemIndex] = error;
					await new Promise((resolve) => setTimeout(resolve, [40, 20, 0][itemIndex]));
					settled.push(itemIndex);
					if (itemIndex === 0) return [{ json: {} }];
					throw error;
				},
			});
			const failure = await runRoutingNode(line, nodeType, { items: [{}, {}, {}] }).catch((error: unknown) => error);
			expect(failure).toBe(errors[1]);
			expect((failure as { context: IDataObject }).context.itemIndex).toBe(1);
			expect(settled.sort()).toStrictEqual([0, 1, 2]);
		},
	);

	describe.each([false, true])('On Error → Continue: %s', (continueOnFail) => {
		pin(line, 'item-preparation-failure', 'an item whose expression fails never reaches the hook', async () => {
			const entered: number[] = [];
			const nodeType = contractNode(line, {
				hook: async function () {
					entered.push(this.getItemIndex());
					return [{ json: { itemIndex: this.getItemIndex() } }];
				},
			});
			const outcome = await runRoutingNode(line, nodeType, {
				// A node that does not exist: n8n's expression error, as in test/stoppedRun.test.ts.
				parameters: { prompt: "={{ $json.broken ? $('No such node').item.json.p : $json.p }}" },
				items: [{ p: 'a' }, { broken: true }, { p: 'c' }],
				continueOnFail,
			}).then(
				(output) => ({ output }),
				(error: unknown) => ({ error }),
			);
			const goesOn = continueOnFail && byLine(line, { '2.8': false, '2.41': true });
			if (!goesOn) {
				expect(outcome).toHaveProperty('error');
				expect(entered).toStrictEqual([0]);
				return;
			}
			expect(entered).toStrictEqual([0, 2]);
			const { output } = outcome as { output: INodeExecutionData[] };
			expect(output.map((item) => Object.keys(item.json))).toStrictEqual([['itemIndex'], [], ['itemIndex']]);
			expect(output[1].error).toBeInstanceOf(Error);
		});
	});

	pin(
		line,
		'batching-parameter-shape',
		"the loader's Batching is requestOptions.batching.batch.{batchSize, batchInterval}",
		async () => {
			const properties = contractNode(line).description.properties;
			const requestOptions = properties.find((property) => property.name === 'requestOptions');
			const batching = (requestOptions?.options as INodeProperties[] | undefined)?.find(
				(option) => option.name === 'batching',
			);
			const batch = (batching?.options as Array<{ name: string; values?: INodeProperties[] }> | undefined)?.find(
				(option) => option.name === 'batch',
			);
			expect(requestOptions?.type).toBe('collection');
			expect(batching?.type).toBe('fixedCollection');
			expect(batch?.values?.map((value) => value.name).sort()).toStrictEqual(['batchInterval', 'batchSize']);
		},
	);

	pin(
		line,
		'batching-parameter-shape',
		'RoutingNode waits batchInterval before every batchSize-th item, and only with an interval',
		async () => {
			const log: string[] = [];
			const started = Date.now();
			const enteredAt: number[] = [];
			const nodeType = contractNode(line, {
				hook: async function () {
					const itemIndex = this.getItemIndex();
					enteredAt[itemIndex] = Date.now() - started;
					log.push(`enter ${itemIndex}`);
					await Promise.resolve();
					log.push(`resume ${itemIndex}`);
					return [{ json: {} }];
				},
			});
			const batched = (batchSize: number, batchInterval: number) => ({
				items: [{}, {}, {}, {}],
				parameters: { requestOptions: { batching: { batch: { batchSize, batchInterval } } } },
			});
			await runRoutingNode(line, nodeType, batched(2, 60));
			expect(log).toStrictEqual([
				'enter 0',
				'enter 1',
				'resume 0',
				'resume 1',
				'enter 2',
				'enter 3',
				'resume 2',
				'resume 3',
			]);
			expect(enteredAt[2] - enteredAt[1]).toBeGreaterThanOrEqual(50);
			log.length = 0;
			await runRoutingNode(line, nodeType, batched(0, 1));
			expect(log.slice(0, 4)).toStrictEqual(['enter 0', 'resume 0', 'enter 1', 'resume 1']);
			log.length = 0;
			await runRoutingNode(line, nodeType, batched(1, 0));
			expect(log.slice(0, 4)).toStrictEqual(['enter 0', 'enter 1', 'enter 2', 'enter 3']);
		},
	);

	pin(line, 'default-timeout-set', 'the hook sees Request Options → Timeout, or 300000 ms', async () => {
		const timeouts: unknown[] = [];
		const nodeType = contractNode(line, {
			hook: async function (requestData) {
				timeouts.push(requestData.options.timeout);
				return [{ json: {} }];
			},
		});
		await runRoutingNode(line, nodeType);
		await runRoutingNode(line, nodeType, { parameters: { requestOptions: { timeout: 1234 } } });
		expect(timeouts).toStrictEqual([300_000, 1234]);
	});

	describe('Retry On Fail (WorkflowExecute)', () => {
		/** A run whose first try fails on item 0 and whose second try succeeds: what each call saw. */
		async function retriedRun() {
			const calls: Array<{ tryIndex: number; executeData: IExecuteData; items: unknown }> = [];
			let tries = 0;
			const nodeType = contractNode(line, {
				hook: async function () {
					const itemIndex = this.getItemIndex();
					if (itemIndex === 0) tries += 1;
					const executeData = this.getExecuteData();
					calls.push({ tryIndex: tries, executeData, items: executeData.data.main?.[0] });
					if (tries === 1 && itemIndex === 0)
						throw new line.workflow.NodeApiError(this.getNode(), { message: 'first try' });
					return [{ json: { itemIndex } }];
				},
			});
			const run = await runWorkflow(line, nodeType, {
				items: [{ p: 1 }, { p: 2 }],
				retryOnFail: { maxTries: 2, waitBetweenTries: 1 },
			});
			expect(run.error).toBeUndefined();
			expect(calls.map(({ tryIndex }) => tryIndex)).toStrictEqual([1, 1, 2, 2]);
			return calls;
		}

		pin(
			line,
			'input-items-array-shared',
			"every item of every try sees one array of the run's input items",
			async () => {
				const calls = await retriedRun();
				const [first] = calls;
				expect(Array.isArray(first.items)).toBe(true);
				expect((first.items as INodeExecutionData[]).map((item) => item.json)).toStrictEqual([{ p: 1 }, { p: 2 }]);
				for (const call of calls) expect(call.items).toBe(first.items);
			},
		);

		pin(line, 'execute-data-same-across-retries', 'every try gets the same executeData object', async () => {
			const calls = await retriedRun();
			for (const call of calls) expect(call.executeData).toBe(calls[0].executeData);
		});

		pin(line, 'execute-once-first-item-only', 'only item 0 runs; the execute data keeps every input item', async () => {
			const calls: Array<{ itemIndex: number; inputCount?: number }> = [];
			const nodeType = contractNode(line, {
				hook: async function () {
					calls.push({ itemIndex: this.getItemIndex(), inputCount: this.getExecuteData().data.main?.[0]?.length });
					return [{ json: {} }];
				},
			});
			const run = await runWorkflow(line, nodeType, { items: [{}, {}, {}], executeOnce: true });
			expect(calls).toStrictEqual([{ itemIndex: 0, inputCount: 3 }]);
			expect(run.output).toHaveLength(1);
		});

		pin(line, 'retry-reads-first-item-json-error', 'a first output item with json.error is retried', async () => {
			let calls = 0;
			const nodeType = contractNode(line, {
				hook: async function () {
					calls += 1;
					return [{ json: calls === 1 ? { error: 'failed' } : { ok: true } }];
				},
			});
			const run = await runWorkflow(line, nodeType, { retryOnFail: { maxTries: 3, waitBetweenTries: 1 } });
			expect(calls).toBe(2);
			expect(run.output.map((item) => item.json)).toStrictEqual([{ ok: true }]);
		});

		pin(
			line,
			'retry-reads-first-item-json-error',
			'an item {json: {}, error} is not retried and passes on as json {error}',
			async () => {
				let calls = 0;
				const nodeType = contractNode(line, {
					hook: async function () {
						calls += 1;
						const error = new line.workflow.NodeOperationError(this.getNode(), 'refused');
						return [{ json: {}, error, pairedItem: { item: this.getItemIndex() } }];
					},
				});
				const run = await runWorkflow(line, nodeType, {
					continueOnFail: true,
					retryOnFail: { maxTries: 3, waitBetweenTries: 1 },
				});
				expect(calls).toBe(1);
				expect(run.output.map((item) => item.json)).toStrictEqual([{ error: 'refused' }]);
			},
		);
	});

	pin(
		line,
		'abort-signal-replaced-before-authenticate',
		"the options' abortSignal is the execution's by the time authenticate runs",
		async () => {
			const execution = new AbortController();
			const ours = new AbortController();
			let hookOptions: unknown;
			let seen: { sameObject: boolean; signal: unknown } | undefined;
			const nodeType = contractNode(line, {
				hook: async function (requestData) {
					hookOptions = requestData.options;
					requestData.options.abortSignal = ours.signal;
					return await this.makeRoutingRequest(requestData);
				},
			});
			await runRoutingNode(line, nodeType, {
				abortSignal: execution.signal,
				authenticate: async (credentials, options) => {
					seen = { sameObject: options === hookOptions, signal: options.abortSignal };
					return await toServer(credentials, options);
				},
			});
			expect(seen).toStrictEqual({ sameObject: true, signal: execution.signal });
		},
	);

	pin(
		line,
		'abort-signal-replaced-before-authenticate',
		'the signal the options hold when sent stops the request',
		async () => {
			const ours = new AbortController();
			const nodeType = contractNode(line, {
				url: '/hang',
				hook: async function (requestData) {
					// As boundRequest does: whatever n8n assigns, the options keep our signal.
					Object.defineProperty(requestData.options, 'abortSignal', {
						configurable: true,
						enumerable: true,
						get: () => ours.signal,
						set: () => undefined,
					});
					server.onRequest = () => ours.abort();
					return await this.makeRoutingRequest(requestData);
				},
			});
			const started = Date.now();
			const failure = await runRoutingNode(line, nodeType, {
				abortSignal: new AbortController().signal,
				authenticate: toServer,
			}).catch((error: unknown) => error);
			expect(failure).toBeInstanceOf(Error);
			// Without the abort it would wait for the 300 s default timeout.
			expect(Date.now() - started).toBeLessThan(20_000);
			expect(server.requests.map(({ url }) => url)).toStrictEqual(['/hang']);
		},
	);

	pin(
		line,
		'authenticate-gets-node-options',
		"authenticate gets RoutingNode's options; what it returns is sent",
		async () => {
			let given: IDataObject | undefined;
			const nodeType = contractNode(line);
			await runRoutingNode(line, nodeType, {
				parameters: { prompt: 'a fox' },
				credentials: { accessKey: 'ak' },
				authenticate: async (credentials, options) => {
					const { method, url, baseURL, body, headers } = options;
					given = {
						method,
						url,
						baseURL,
						body,
						accept: headers?.Accept,
						accessKey: credentials.accessKey,
					} as IDataObject;
					options.headers = { ...options.headers, 'x-signed': 'yes' };
					return await toServer(credentials, options);
				},
			});
			expect(given).toStrictEqual({
				method: 'POST',
				url: '/task',
				baseURL: undefined,
				body: { prompt: 'a fox' },
				accept: 'application/json',
				accessKey: 'ak',
			});
			expect(server.requests).toHaveLength(1);
			expect(server.requests[0].headers['x-signed']).toBe('yes');
		},
	);

	pin(
		line,
		'authenticate-error-wrapped',
		"a NodeApiError with authenticate's message; the cause kept only by 2.41",
		async () => {
			const refusal = new Error('The credential refused to sign');
			let caught: unknown;
			const nodeType = contractNode(line, {
				hook: async function (requestData) {
					caught = await this.makeRoutingRequest(requestData).catch((error: unknown) => error);
					return [{ json: {} }];
				},
			});
			await runRoutingNode(line, nodeType, {
				authenticate: async () => {
					throw refusal;
				},
			});
			expect(caught).toBeInstanceOf(line.workflow.NodeApiError);
			expect((caught as Error).message).toBe(refusal.message);
			expect((caught as Error).cause).toBe(byLine(line, { '2.8': undefined, '2.41': refusal }));
			expect(server.requests).toHaveLength(0);
		},
	);

	const answerOf = async (url: string, requestDefaults: Partial<IHttpRequestOptions> = PMOCK_REQUEST_DEFAULTS) => {
		let body: unknown;
		const nodeType = contractNode(line, {
			url,
			requestDefaults,
			postReceive: async function (_items, response) {
				body = response.body;
				return [{ json: { statusCode: response.statusCode, location: response.headers?.location ?? null } }];
			},
		});
		const [item] = await runRoutingNode(line, nodeType, { authenticate: toServer });
		return { ...item.json, body };
	};

	pin(
		line,
		'http-status-errors-reach-postreceive',
		'HTTP 500 reaches postReceive with ignoreHttpStatusErrors, and is thrown without',
		async () => {
			expect(await answerOf('/fail')).toMatchObject({ statusCode: 500 });
			const withoutFlag = { ...PMOCK_REQUEST_DEFAULTS, ignoreHttpStatusErrors: false };
			await expect(answerOf('/fail', withoutFlag)).rejects.toBeInstanceOf(Error);
		},
	);

	pin(
		line,
		'redirect-not-followed',
		'a 302 reaches postReceive with its Location, its target never requested',
		async () => {
			expect(await answerOf('/redirect')).toMatchObject({ statusCode: 302, location: '/elsewhere' });
			expect(server.requests.map(({ url }) => url)).toStrictEqual(['/redirect']);
		},
	);

	pin(line, 'stream-encoding', "with encoding 'stream' postReceive gets the body as a readable stream", async () => {
		const { body } = await answerOf('/task');
		expect(typeof (body as { destroy?: unknown }).destroy).toBe('function');
		const chunks: Buffer[] = [];
		for await (const chunk of body as AsyncIterable<Buffer>) chunks.push(Buffer.from(chunk));
		expect(JSON.parse(Buffer.concat(chunks).toString('utf8'))).toStrictEqual({ status: 200, url: '/task' });
	});

	pin(line, 'ai-tool-input', 'with no main input, RoutingNode runs the items of the ai_tool input', async () => {
		const entered: number[] = [];
		const nodeType = contractNode(line, {
			hook: async function () {
				entered.push(this.getItemIndex());
				return [{ json: {} }];
			},
		});
		const output = await runRoutingNode(line, nodeType, { input: 'ai_tool', items: [{ query: 'a' }, { query: 'b' }] });
		expect(entered).toStrictEqual([0, 1]);
		expect(output).toHaveLength(2);
	});
});

test('every behaviour of behaviours.ts is pinned on every n8n-core line, and names files that exist', () => {
	const lineNames = LINES.map((line) => line.name);
	expect(LINES).toHaveLength(2);
	for (const { id, usedIn } of BEHAVIOURS) {
		expect({ id, lines: [...(pinned.get(id) ?? [])] }).toStrictEqual({ id, lines: lineNames });
		for (const path of usedIn)
			expect({ id, path, exists: existsSync(join(__dirname, '..', '..', path)) }).toMatchObject({ exists: true });
	}
	expect([...pinned.keys()].filter((id) => !BEHAVIOURS.some((behaviour) => behaviour.id === id))).toStrictEqual([]);
});
