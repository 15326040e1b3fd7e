import type { ChildProcess } from 'child_process';
import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';

import { SandboxServer } from '../../../sandbox/sandboxServer';
import {
	PINNED_N8N_VERSION,
	importCredentials,
	installPackageInto,
	n8nEnv,
	startN8n,
	type CredentialToImport,
} from '../../../scripts/devN8n';
import { CREDENTIALS, SANDBOX_KEYS, freePort } from './realN8n';

/**
 * What the browser tests need from the n8n harness for one n8n line: its version (failures
 * name it), its environment for a user folder, the credential import, and `n8n start`. This
 * is the only place that knows which n8n the harness runs; a harness with several lines hands
 * one of these per line.
 */
export interface N8nLineForEditor {
	version: string;
	env(userFolder: string, extra: NodeJS.ProcessEnv): NodeJS.ProcessEnv;
	importCredentials(credentials: CredentialToImport[], env: NodeJS.ProcessEnv): Promise<void>;
	start(env: NodeJS.ProcessEnv): ChildProcess;
}

/** The n8n line pinned in dev/. */
export const pinnedN8nLine: N8nLineForEditor = {
	version: PINNED_N8N_VERSION,
	env: n8nEnv,
	importCredentials,
	start: (env) => startN8n(env, ['ignore', 'pipe', 'pipe']),
};

/** The owner account the browser signs in with (local to the test's user folder). */
export const OWNER = { email: 'e2e@pmock.local', password: 'PmockE2e1', firstName: 'PMock', lastName: 'E2E' };

/** How long `n8n start` may take to answer (it migrates a new database first). */
const START_TIMEOUT_MS = 180_000;

/**
 * `n8n start` with the editor, for one test file: a new user folder with the package installed
 * as n8n installs a community package, the sandbox on 127.0.0.1 with the e2e credential
 * pointing at it, free ports, and an owner account.
 */
export class EditorN8n {
	readonly sandbox = new SandboxServer(SANDBOX_KEYS);

	/** e.g. http://127.0.0.1:41234 */
	url = '';

	private userFolder = '';

	private process?: ChildProcess;

	private exited?: Promise<void>;

	/** The last lines n8n printed, for failure messages. */
	private output: string[] = [];

	constructor(readonly line: N8nLineForEditor = pinnedN8nLine) {}

	async setUp(): Promise<void> {
		this.userFolder = mkdtempSync(join(tmpdir(), 'pmock-e2e-editor-'));
		installPackageInto(this.userFolder);
		await this.sandbox.start();
		const port = await freePort();
		this.url = `http://127.0.0.1:${port}`;
		const env = this.line.env(this.userFolder, {
			N8N_PORT: String(port),
			N8N_LISTEN_ADDRESS: '127.0.0.1',
			N8N_HOST: '127.0.0.1',
			N8N_EDITOR_BASE_URL: this.url,
			// Plain http: without this the login cookie would need https.
			N8N_SECURE_COOKIE: 'false',
			N8N_RUNNERS_BROKER_PORT: String(await freePort()),
		});
		await this.line.importCredentials(
			[{ ...CREDENTIALS.sandbox, type: 'pmockApi', data: { ...SANDBOX_KEYS, baseUrl: this.sandbox.baseUrl } }],
			env,
		);

		const child = this.line.start(env);
		this.process = child;
		const keep = (chunk: Buffer) => {
			this.output.push(...chunk.toString('utf8').split('\n'));
			this.output = this.output.slice(-60);
		};
		child.stdout?.on('data', keep);
		child.stderr?.on('data', keep);
		let hasExited = false;
		this.exited = new Promise((resolve) => child.on('exit', () => resolve()));
		void this.exited.then(() => (hasExited = true));

		const deadline = Date.now() + START_TIMEOUT_MS;
		for (;;) {
			if (hasExited) throw new Error(`n8n ${this.line.version} exited while starting:\n${this.lastOutput()}`);
			if (Date.now() > deadline) throw new Error(`n8n ${this.line.version} did not answer on ${this.url} within ${START_TIMEOUT_MS / 1000} s:\n${this.lastOutput()}`);
			try {
				// The editor loads /rest/settings first; /healthz answers before the REST routes exist.
				const response = await fetch(`${this.url}/rest/settings`);
				if (response.ok && response.headers.get('content-type')?.includes('application/json')) break;
			} catch {
				// not listening yet
			}
			await new Promise((resolve) => setTimeout(resolve, 500));
		}

		const setup = await fetch(`${this.url}/rest/owner/setup`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify(OWNER),
		});
		if (!setup.ok) throw new Error(`n8n ${this.line.version}: creating the owner account failed: HTTP ${setup.status} ${await setup.text()}`);
	}

	lastOutput(): string {
		return this.output.filter((line) => line.trim()).slice(-30).join('\n');
	}

	async tearDown(): Promise<void> {
		if (this.process && this.process.exitCode === null && this.process.signalCode === null) {
			this.process.kill('SIGTERM');
			await this.exited;
		}
		await this.sandbox.stop();
		if (this.userFolder) rmSync(this.userFolder, { recursive: true, force: true });
	}
}
