import type { ChildProcess } from 'child_process';
import { randomBytes } from 'crypto';
import { mkdtempSync, readFileSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';

import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { lineFor, REPO_ROOT, type N8nLine } from '../../../dev/harness/lines';
import { N8nRestSession, type RestAnswer } from '../../../dev/harness/restSession';
import { chainConnections, itemsNode, manualTriggerNode } from '../../../dev/harness/workflowNodes';
import {
	freePort,
	installPackageInto,
	N8nInstance,
	type CliResult,
	type ExecutionResult,
	type SavedExecution,
} from '../../../dev/harness/n8n';
import { SandboxServer, type Fault, type LoggedRequest, type Responder } from '../../../sandbox/sandboxServer';

export const NODE_TYPE = 'n8n-nodes-pmock.pmock';

export const SANDBOX_KEYS = { accessKey: 'e2e-access-key', secretKey: 'e2e-secret-key' };

/** The secret key of the `wrongSecret` credential: the sandbox refuses what it signs. */
export const WRONG_SECRET_KEY = 'not-the-secret-key';

/** The owner account startServer() creates (a throwaway database, local only). */
export const E2E_OWNER = { email: 'e2e@pmock.local', password: 'PmockE2e1', firstName: 'PMock', lastName: 'E2E' };

/**
 * Credentials imported into every e2e n8n: one the sandbox accepts, one signed with the wrong
 * secret, and one whose Base URL holds a user name and a password with a "/" (unusable, and
 * the password must never show).
 */
export const CREDENTIALS = {
	sandbox: { id: 'e2eSandboxCred', name: 'PMock sandbox' },
	wrongSecret: { id: 'e2eWrongSecretCred', name: 'PMock sandbox, wrong secret key' },
	passwordInBaseUrl: { id: 'e2ePasswordUrlCred', name: 'PMock sandbox, password in the Base URL' },
} as const;

/**
 * A workflow from examples/ as a user imports it, its PMock node given the e2e sandbox
 * credential (the file names the one `npm start` imports).
 */
export function exampleWorkflow(fileName: string): { id: string } & IDataObject {
	const example = JSON.parse(readFileSync(join(REPO_ROOT, 'examples', fileName), 'utf8')) as {
		id: string;
		nodes: Array<{ type: string; credentials?: IDataObject }>;
	};
	const pmockNodes = example.nodes.filter((node) => node.type === NODE_TYPE);
	if (pmockNodes.length === 0) throw new Error(`examples/${fileName} has no PMock node`);
	for (const node of pmockNodes) node.credentials = { pmockApi: { ...CREDENTIALS.sandbox } };
	return example;
}

/** The password of the `passwordInBaseUrl` credential's Base URL. */
export const BASE_URL_PASSWORD = 'pa/ss';

export interface PmockRun {
	/** The PMock node's parameters as saved in a workflow (expressions start with "="). */
	parameters: INodeParameters;
	/** The PMock node's version as the workflow saved it; 2 when omitted. */
	typeVersion?: number;
	/** Input items, made by a Code node before PMock; none means one empty item from the trigger. */
	items?: IDataObject[];
	/** One of CREDENTIALS, or one a test imported itself with importCredential(). */
	credential?: keyof typeof CREDENTIALS | { id: string; name: string };
	/** Node settings, e.g. { onError: 'continueRegularOutput' } or { retryOnFail: true, maxTries: 2 }. */
	settings?: IDataObject;
	/** Canned answers the sandbox gives to the next requests instead of its own, e.g. a 429. */
	faults?: Fault[];
	/** Decides the sandbox's answer to every request (after the faults), e.g. a 500 for every other item. */
	responder?: Responder;
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
	/** The workflow that ran: `savedExecution(workflowId)` reads what n8n stored of the run. */
	workflowId: string;
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
	const byTaskId = new Map(
		received.map((entry) => [(entry.response.body as { data?: { taskId?: string } }).data?.taskId, entry.body]),
	);
	return output.map((item) => (item.taskId === undefined ? undefined : byTaskId.get(item.taskId as string)));
}

/**
 * The n8n line this jest project tests: its jest.config.js sets the global PMOCK_N8N_VERSION
 * per project (one project per pinned line).
 */
export function projectLine(): N8nLine {
	const version = (globalThis as { PMOCK_N8N_VERSION?: string }).PMOCK_N8N_VERSION;
	if (!version)
		throw new Error('PMOCK_N8N_VERSION is not set: run the e2e tests with test/e2e/jest.config.js (npm run test:e2e)');
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

	private server?: { child: ChildProcess; url: string; session: N8nRestSession; exited: Promise<void> };

	/** What the started server printed (its log at n8n's default level), the last 200,000 characters. */
	private serverOutput = '';

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
		await this.n8n.importCredentials([
			{ ...CREDENTIALS.sandbox, type: 'pmockApi', data: { ...SANDBOX_KEYS, baseUrl: this.sandbox.baseUrl } },
			{
				...CREDENTIALS.wrongSecret,
				type: 'pmockApi',
				data: { accessKey: SANDBOX_KEYS.accessKey, secretKey: WRONG_SECRET_KEY, baseUrl: this.sandbox.baseUrl },
			},
			{
				...CREDENTIALS.passwordInBaseUrl,
				type: 'pmockApi',
				data: {
					...SANDBOX_KEYS,
					baseUrl: this.sandbox.baseUrl.replace('http://', `http://user:${BASE_URL_PASSWORD}@`),
				},
			},
		]);
	}

	/** Imports one more PMock API credential pointing at the sandbox; extra fields are stored with it. */
	async importCredential(credential: { id: string; name: string }, data: Record<string, string>): Promise<void> {
		await this.n8n.importCredentials([
			{ ...credential, type: 'pmockApi', data: { ...SANDBOX_KEYS, baseUrl: this.sandbox.baseUrl, ...data } },
		]);
	}

	/** Imports a credential of another type (e.g. `openAiApi` for an AI Agent's chat model), `data` in clear. */
	async importOtherCredential(type: string, credential: { id: string; name: string }, data: Record<string, string>) {
		await this.n8n.importCredentials([{ ...credential, type, data }]);
	}

	/**
	 * Starts `n8n start` on this user folder (127.0.0.1, a free port, community nodes allowed as
	 * AI tools), creates the owner account and signs in; rest() then calls n8n's REST API as
	 * the editor does. A test file uses either the server or run()/execute(), not both: they
	 * would share one SQLite database.
	 */
	async startServer(): Promise<void> {
		const port = await freePort();
		const child = this.n8n.start(
			{
				N8N_PORT: String(port),
				N8N_LISTEN_ADDRESS: '127.0.0.1',
				N8N_HOST: '127.0.0.1',
				N8N_EDITOR_BASE_URL: `http://127.0.0.1:${port}`,
				N8N_SECURE_COOKIE: 'false',
				N8N_COMMUNITY_PACKAGES_ALLOW_TOOL_USAGE: 'true',
			},
			['ignore', 'pipe', 'pipe'],
		);
		const append = (chunk: Buffer) =>
			(this.serverOutput = (this.serverOutput + chunk.toString('utf8')).slice(-200_000));
		child.stdout!.on('data', append);
		child.stderr!.on('data', append);
		const output = () => this.serverOutput.slice(-20_000);
		let exitCode: number | null | undefined;
		const exited = new Promise<void>((resolve) =>
			child.on('exit', (code) => {
				exitCode = code;
				resolve();
			}),
		);
		const url = `http://127.0.0.1:${port}`;
		this.server = { child, url, session: new N8nRestSession(url, 'pmock-e2e-browser'), exited };
		const deadline = Date.now() + 150_000;
		for (;;) {
			if (exitCode !== undefined)
				throw new Error(`${this.name} exited (code ${exitCode}) while starting:\n${output()}`);
			if (Date.now() > deadline)
				throw new Error(`${this.name} did not answer on port ${port} within 150 s:\n${output()}`);
			try {
				const response = await fetch(`${this.server.url}/rest/settings`);
				if (response.ok && response.headers.get('content-type')?.includes('application/json')) break;
			} catch {
				// not listening yet
			}
			await new Promise((resolve) => setTimeout(resolve, 500));
		}
		try {
			await this.server.session.setUpOwner(E2E_OWNER);
		} catch (error) {
			throw new Error(`${this.name}: ${(error as Error).message}`);
		}
	}

	/** The editor's address, e.g. http://127.0.0.1:41234, once startServer() has run. */
	get serverUrl(): string {
		if (!this.server) throw new Error('startServer() has not run');
		return this.server.url;
	}

	/** What the started server has printed so far: its log at n8n's default level (info). */
	get serverLog(): string {
		return this.serverOutput;
	}

	/** The process id of `n8n start`, once startServer() has run (e.g. to count its open files). */
	get serverPid(): number {
		if (!this.server?.child.pid) throw new Error('startServer() has not run');
		return this.server.child.pid;
	}

	/** Imports workflows with n8n's CLI: before startServer(), which then serves them (see activate()). */
	importWorkflows(workflows: object[]): Promise<void> {
		return this.n8n.importWorkflows(workflows);
	}

	/**
	 * Activates (n8n 2: publishes) an imported workflow as the editor's switch does, `POST
	 * /rest/workflows/<id>/activate` with its version, so that its production webhooks answer.
	 */
	async activate(workflowId: string): Promise<void> {
		const current = await this.rest<{ data: { versionId: string } }>('GET', `/rest/workflows/${workflowId}`);
		if (current.status !== 200) throw new Error(`Reading workflow ${workflowId} failed: HTTP ${current.status}`);
		const activated = await this.rest<{ data: { active: boolean } }>('POST', `/rest/workflows/${workflowId}/activate`, {
			versionId: current.body.data.versionId,
		});
		if (activated.status !== 200 || activated.body.data.active !== true)
			throw new Error(
				`Activating workflow ${workflowId} failed: HTTP ${activated.status} ${JSON.stringify(activated.body)}`,
			);
	}

	/** One call to n8n's REST API as the signed-in owner; the body is n8n's JSON answer. */
	rest<T = unknown>(method: string, path: string, body?: unknown): Promise<RestAnswer<T>> {
		if (!this.server) throw new Error('startServer() has not run');
		return this.server.session.request<T>(method, path, body);
	}

	async tearDown(): Promise<void> {
		if (this.server) {
			if (this.server.child.exitCode === null) this.server.child.kill('SIGTERM');
			await this.server.exited;
		}
		await this.sandbox.stop();
		if (this.userFolder) rmSync(this.userFolder, { recursive: true, force: true });
	}

	/**
	 * Imports and executes any workflow (e.g. one from examples/). The sandbox forgets earlier
	 * requests and faults first, then queues `faults` (and answers with `responder`, if given).
	 */
	async execute(
		workflow: { id: string } & IDataObject,
		faults: Fault[] = [],
		responder?: Responder,
	): Promise<Omit<RunOutcome, 'output'>> {
		await this.n8n.importWorkflows([workflow]);
		this.sandbox.reset(responder);
		this.sandbox.queueFaults(faults);
		const { result, cli } = await this.n8n.execute(workflow.id);
		return {
			received: [...this.sandbox.requests],
			error: result.data.resultData.error,
			result,
			cli,
			workflowId: workflow.id,
		};
	}

	/** The last execution of a workflow as n8n saved it in its database. */
	savedExecution(workflowId: string): Promise<SavedExecution> {
		return this.n8n.savedExecution(workflowId);
	}

	async run({
		parameters,
		typeVersion = 2,
		items,
		credential = 'sandbox',
		settings = {},
		faults,
		responder,
	}: PmockRun): Promise<RunOutcome> {
		const id = `e2e${++this.runs}${randomBytes(4).toString('hex')}`;
		const trigger = manualTriggerNode(id);
		const itemsFromCode = items && itemsNode(id, items);
		const pmock = {
			id: `${id}-pmock`,
			name: 'PMock',
			type: NODE_TYPE,
			typeVersion,
			position: [400, 0],
			parameters,
			credentials: { pmockApi: typeof credential === 'string' ? CREDENTIALS[credential] : credential },
			...settings,
		};
		const chain = [trigger, ...(itemsFromCode ? [itemsFromCode] : []), pmock];
		const connections = chainConnections(chain);
		const outcome = await this.execute(
			{
				id,
				name: `e2e ${id}`,
				active: false,
				nodes: chain,
				connections,
				settings: { executionOrder: 'v1' },
			},
			faults,
			responder,
		);
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
