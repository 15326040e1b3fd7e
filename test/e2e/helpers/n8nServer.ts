import type { ChildProcess } from 'child_process';
import { randomBytes } from 'crypto';

import { startN8n } from '../../../scripts/devN8n';

/** The owner account the e2e n8n servers create (never a real account). */
export const E2E_OWNER = { email: 'e2e@pmock.local', password: 'PmockE2e1', firstName: 'PMock', lastName: 'E2E' };

/**
 * `n8n start` for an e2e test: waits until the REST API answers, creates the owner and keeps
 * its login, so a test can call the editor's REST endpoints as the editor does (auth cookie
 * plus the `browser-id` header the cookie was issued for).
 */
export class N8nServer {
	private process?: ChildProcess;

	private cookie = '';

	private readonly browserId = randomBytes(8).toString('hex');

	private output = '';

	constructor(
		private readonly env: NodeJS.ProcessEnv,
		readonly port: number,
	) {}

	get url(): string {
		return `http://127.0.0.1:${this.port}`;
	}

	async start(): Promise<void> {
		this.process = startN8n(
			{ ...this.env, N8N_PORT: String(this.port), N8N_LISTEN_ADDRESS: '127.0.0.1', N8N_SECURE_COOKIE: 'false' },
			['ignore', 'pipe', 'pipe'],
		);
		this.process.stdout?.on('data', (chunk: Buffer) => (this.output = (this.output + chunk.toString('utf8')).slice(-20_000)));
		this.process.stderr?.on('data', (chunk: Buffer) => (this.output = (this.output + chunk.toString('utf8')).slice(-20_000)));
		const deadline = Date.now() + 120_000;
		for (;;) {
			if (this.process.exitCode !== null) throw new Error(`n8n exited while starting:\n${this.output}`);
			try {
				const response = await fetch(`${this.url}/rest/settings`);
				if (response.ok && response.headers.get('content-type')?.includes('application/json')) break;
			} catch {
				// not listening yet
			}
			if (Date.now() > deadline) throw new Error(`n8n did not answer on ${this.url} within 120 s:\n${this.output}`);
			await new Promise((resolve) => setTimeout(resolve, 500));
		}
		const setup = await fetch(`${this.url}/rest/owner/setup`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', 'browser-id': this.browserId },
			body: JSON.stringify(E2E_OWNER),
		});
		if (!setup.ok) throw new Error(`owner setup failed: HTTP ${setup.status} ${await setup.text()}`);
		this.cookie = (setup.headers.get('set-cookie') ?? '').split(';')[0];
	}

	/** A REST call as the signed-in owner; resolves with the `data` of n8n's answer. */
	async rest<T>(method: string, path: string, body?: unknown): Promise<T> {
		const response = await fetch(`${this.url}/rest${path}`, {
			method,
			headers: { 'content-type': 'application/json', cookie: this.cookie, 'browser-id': this.browserId },
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const text = await response.text();
		if (!response.ok) throw new Error(`${method} /rest${path}: HTTP ${response.status} ${text}`);
		return (JSON.parse(text) as { data: T }).data;
	}

	async stop(): Promise<void> {
		if (!this.process || this.process.exitCode !== null) return;
		const exited = new Promise((resolve) => this.process!.once('exit', resolve));
		this.process.kill('SIGTERM');
		await exited;
	}
}
