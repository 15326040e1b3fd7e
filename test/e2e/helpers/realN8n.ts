import { randomBytes } from 'crypto';
import { mkdtempSync, rmSync } from 'fs';
import { createServer } from 'net';
import { tmpdir } from 'os';
import { join } from 'path';

import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { lineFor, type N8nLine } from '../../../dev/harness/lines';
import { installPackageInto, N8nInstance, type CliResult, type ExecutionResult } from '../../../dev/harness/n8n';
import { SandboxServer, type Fault, type LoggedRequest } from '../../../sandbox/sandboxServer';

export const NODE_TYPE = 'n8n-nodes-pmock.pmock';

export const SANDBOX_KEYS = { accessKey: 'e2e-access-key', secretKey: 'e2e-secret-key' };

/** The secret key of the `wrongSecret` credential: the sandbox refuses what it signs. */
export const WRONG_SECRET_KEY = 'not-the-secret-key';

/** Credentials imported into every e2e n8n: one the sandbox accepts, one signed with the wrong secret. */
export const CREDENTIALS = {
	sandbox: { id: 'e2eSandboxCred', name: 'PMock sandbox' },
	wrongSecret: { id: 'e2eWrongSecretCred', name: 'PMock sandbox, wrong secret key' },
} as const;

export interface PmockRun {
	/** The PMock node's parameters as saved in a workflow (expressions start with "="). */
	parameters: INodeParameters;
	/** Input items, made by a Code node before PMock; none means one empty item from the trigger. */
	items?: IDataObject[];
	credential?: keyof typeof CREDENTIALS;
	/** Node settings, e.g. { onError: 'continueRegularOutput' } or { retryOnFail: true, maxTries: 2 }. */
	settings?: IDataObject;
	/** Canned answers the sandbox gives to the next requests instead of its own, e.g. a 429. */
	faults?: Fault[];
}

export interface RunOutcome {
	/** What the sandbox received during the run, oldest first. */
	received: LoggedRequest[];
	/** The PMock node's output items (first output), [] when it produced none. */
	output: IDataObject[];
	/** The workflow's error when it failed, as n8n reports it. */
	error?: { message: string; description?: string; node?: { name: string } };
	/** n8n's whole run data and CLI output, for anything else a test wants to check. */
	result: ExecutionResult;
	cli: CliResult;
}

/** The taskIds the sandbox answered, in the order it received the requests. */
export const taskIdsAnswered = (received: LoggedRequest[]): string[] =>
	received.map((entry) => (entry.response.body as { data: { taskId: string } }).data.taskId);

/**
 * The bodies of the requests whose answers the output items carry, in output order. n8n sends
 * a run's items at once, so they may reach the sandbox in any order (n8n 2.41.1 often
 * reorders them); what must hold is that each output item carries the taskId answered to its
 * own item's request. An output item with no taskId (an error item) maps to undefined.
 */
export function bodiesBehind(received: LoggedRequest[], output: IDataObject[]): unknown[] {
	const byTaskId = new Map(received.map((entry) => [(entry.response.body as { data?: { taskId?: string } }).data?.taskId, entry.body]));
	return output.map((item) => (item.taskId === undefined ? undefined : byTaskId.get(item.taskId as string)));
}

async function freePort(): Promise<number> {
	const server = createServer();
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as { port: number };
	await new Promise((resolve) => server.close(resolve));
	return port;
}

/**
 * The n8n line this jest project tests: its jest.config.js sets the global PMOCK_N8N_VERSION
 * per project (one project per pinned line).
 */
export function projectLine(): N8nLine {
	const version = (globalThis as { PMOCK_N8N_VERSION?: string }).PMOCK_N8N_VERSION;
	if (!version) throw new Error('PMOCK_N8N_VERSION is not set: run the e2e tests with test/e2e/jest.config.js (npm run test:e2e)');
	return lineFor(version);
}

/**
 * A real n8n (a pinned line from dev/) for one test file: its own user folder with our package
 * installed as a community package, the sandbox on 127.0.0.1, and the two credentials.
 * `run()` imports a one-off workflow (trigger → items → PMock), executes it with
 * `n8n execute --id`, and returns what the sandbox received and what n8n output.
 */
export class RealN8n {
	readonly sandbox = new SandboxServer(SANDBOX_KEYS);

	private userFolder = '';

	private instance?: N8nInstance;

	private runs = 0;

	constructor(readonly line: N8nLine) {}

	/** "n8n 2.41.1", for test names. */
	get name(): string {
		return `n8n ${this.line.version}`;
	}

	private get n8n(): N8nInstance {
		if (!this.instance) throw new Error('RealN8n.setUp() has not run');
		return this.instance;
	}

	async setUp(): Promise<void> {
		this.userFolder = mkdtempSync(join(tmpdir(), 'pmock-e2e-n8n-'));
		installPackageInto(this.userFolder);
		await this.sandbox.start();
		// Its own task-broker port, so a running `npm start` n8n does not collide with it.
		this.instance = new N8nInstance(this.line, this.userFolder, { N8N_RUNNERS_BROKER_PORT: String(await freePort()) });
		await this.n8n.importCredentials(
			[
				{ ...CREDENTIALS.sandbox, type: 'pmockApi', data: { ...SANDBOX_KEYS, baseUrl: this.sandbox.baseUrl } },
				{
					...CREDENTIALS.wrongSecret,
					type: 'pmockApi',
					data: { accessKey: SANDBOX_KEYS.accessKey, secretKey: WRONG_SECRET_KEY, baseUrl: this.sandbox.baseUrl },
				},
			],
		);
	}

	async tearDown(): Promise<void> {
		await this.sandbox.stop();
		if (this.userFolder) rmSync(this.userFolder, { recursive: true, force: true });
	}

	/**
	 * Imports and executes any workflow (e.g. one from examples/). The sandbox forgets earlier
	 * requests and faults first, then queues `faults`.
	 */
	async execute(workflow: { id: string } & IDataObject, faults: Fault[] = []): Promise<Omit<RunOutcome, 'output'>> {
		await this.n8n.importWorkflows([workflow]);
		this.sandbox.reset();
		this.sandbox.queueFaults(faults);
		const { result, cli } = await this.n8n.execute(workflow.id);
		return { received: [...this.sandbox.requests], error: result.data.resultData.error, result, cli };
	}

	async run({ parameters, items, credential = 'sandbox', settings = {}, faults }: PmockRun): Promise<RunOutcome> {
		const id = `e2e${++this.runs}${randomBytes(4).toString('hex')}`;
		const trigger = { id: `${id}-trigger`, name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} };
		const itemsNode = items && {
			id: `${id}-items`,
			name: 'Items',
			type: 'n8n-nodes-base.code',
			typeVersion: 2,
			position: [200, 0],
			parameters: { jsCode: `return ${JSON.stringify(items)}.map((json) => ({ json }));` },
		};
		const pmock = {
			id: `${id}-pmock`,
			name: 'PMock',
			type: NODE_TYPE,
			typeVersion: 1,
			position: [400, 0],
			parameters,
			credentials: { pmockApi: CREDENTIALS[credential] },
			...settings,
		};
		const chain = [trigger, ...(itemsNode ? [itemsNode] : []), pmock];
		const connections = Object.fromEntries(
			chain.slice(0, -1).map((node, index) => [node.name, { main: [[{ node: chain[index + 1].name, type: 'main', index: 0 }]] }]),
		);
		const outcome = await this.execute({
			id,
			name: `e2e ${id}`,
			active: false,
			nodes: chain,
			connections,
			settings: { executionOrder: 'v1' },
		}, faults);
		const pmockRun = outcome.result.data.resultData.runData.PMock?.[0];
		const output = (pmockRun?.data?.main[0] ?? []).map((item) => item.json as IDataObject);
		return { ...outcome, output };
	}
}

/** One RealN8n (of the jest project's line) per test file, set up before its tests and torn down after them. */
export function useRealN8n(): RealN8n {
	const n8n = new RealN8n(projectLine());
	beforeAll(() => n8n.setUp(), 120_000);
	afterAll(() => n8n.tearDown());
	return n8n;
}
