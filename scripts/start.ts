import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'fs';
import { createServer } from 'net';
import { join, relative } from 'path';

import { showBaseUrl } from '../credentials/pmockBaseUrl';
import { DEFAULT_BASE_URL } from '../credentials/PmockApi.credentials';
import { ensureLine } from '../dev/harness/install';
import { allLines, lineFor, lineRequest, newestLine, REPO_ROOT, type N8nLine } from '../dev/harness/lines';
import { freePort, installPackageInto, N8nInstance } from '../dev/harness/n8n';
import { SANDBOX_DEFAULTS } from '../sandbox/main';
import { SandboxServer } from '../sandbox/sandboxServer';

/**
 * `npm start`: a real n8n from dev/ (the newest pinned line, or the one `--n8n <version>` or
 * PMOCK_N8N names) with this package installed as a community package, a PMock credential,
 * the example workflow and an owner account, plus the local pmock sandbox the credential
 * points at. When PMOCK_ACCESS_KEY and PMOCK_SECRET_KEY are set the credential points at the
 * real API instead, and no sandbox is started. Ctrl-C stops everything.
 */

export const N8N_PORT = Number(process.env.N8N_PORT ?? 5678);
export const EDITOR_URL = `http://localhost:${N8N_PORT}`;
/** n8n's database, settings and installed package, one folder per line (a database is not shared between versions); gitignored. */
export const userFolderOf = (line: N8nLine) => join(REPO_ROOT, '.n8n-dev', `n8n-${line.version}`);
export const EXAMPLE_WORKFLOW_ID = 'pmockExampleGenerate';

/**
 * The example workflows `npm start` imports: a Sora 2 video (the one it opens), a Nano Banana
 * image, and a GPT Image 2 picture the sandbox draws, shown as binary data in the output panel.
 */
const EXAMPLE_FILES = ['pmock-generate-video.json', 'pmock-generate-image.json', 'pmock-gpt-image.json'];

/** The local owner account `npm start` creates so the editor opens without the setup wizard. */
export const OWNER = {
	email: 'demo@pmock.local',
	password: 'PmockDemo1',
	firstName: 'PMock',
	lastName: 'Demo',
};

const log = (line: string) => console.log(`[start] ${line}`);

async function waitForN8n(timeoutMs: number, exited: () => boolean): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		if (exited()) throw new Error('n8n exited while starting: see its output above');
		try {
			// /healthz/readiness answers before the REST routes exist; /rest/settings is what the editor loads first.
			const response = await fetch(`http://127.0.0.1:${N8N_PORT}/rest/settings`);
			if (response.ok && response.headers.get('content-type')?.includes('application/json')) return;
		} catch {
			// not listening yet
		}
		await new Promise((resolve) => setTimeout(resolve, 500));
	}
	throw new Error(`n8n did not answer on port ${N8N_PORT} within ${timeoutMs / 1000} s`);
}

/** Creates the owner account unless this user folder already has one. */
async function ensureOwner(): Promise<void> {
	const settings = (await (await fetch(`http://127.0.0.1:${N8N_PORT}/rest/settings`)).json()) as {
		data: { userManagement: { showSetupOnFirstLoad?: boolean } };
	};
	if (!settings.data.userManagement.showSetupOnFirstLoad) return;
	const response = await fetch(`http://127.0.0.1:${N8N_PORT}/rest/owner/setup`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify(OWNER),
	});
	if (!response.ok)
		throw new Error(`Creating the owner account failed: HTTP ${response.status} ${await response.text()}`);
}

/** The real API's keys when both are set in the environment: then `npm start` runs no sandbox. */
function realApiKeys(): { accessKey: string; secretKey: string } | undefined {
	const { PMOCK_ACCESS_KEY: accessKey, PMOCK_SECRET_KEY: secretKey } = process.env;
	return accessKey && secretKey ? { accessKey, secretKey } : undefined;
}

async function startSandbox(): Promise<SandboxServer> {
	const port = Number(process.env.PMOCK_SANDBOX_PORT ?? SANDBOX_DEFAULTS.port);
	return new SandboxServer({
		port,
		accessKey: SANDBOX_DEFAULTS.accessKey,
		secretKey: SANDBOX_DEFAULTS.secretKey,
		onRequest: (entry) => {
			const body = entry.response.body as { code?: number; message?: string; data?: { taskId?: string } } | null;
			log(
				`sandbox: ${entry.method} ${entry.path} -> HTTP ${entry.response.status}, code ${body?.code}` +
					(body?.data?.taskId ? `, taskId ${body.data.taskId}` : `: ${body?.message ?? ''}`),
			);
		},
	})
		.start()
		.catch((error: Error) => {
			throw new Error(
				`The pmock sandbox could not listen on port ${port}: ${error.message}. Set PMOCK_SANDBOX_PORT to use another.`,
			);
		});
}

export interface RunningDemo {
	line: N8nLine;
	/** The local sandbox the credential points at; undefined in real API mode. */
	sandbox?: SandboxServer;
	/** Resolves when n8n has exited. */
	exited: Promise<number | null>;
	stop(): Promise<void>;
}

/** Fails early, with what to do, when something already listens on the editor's port. */
async function ensurePortFree(port: number): Promise<void> {
	const server = createServer();
	await new Promise<void>((resolve, reject) => {
		server.once('error', (error: NodeJS.ErrnoException) =>
			reject(
				new Error(
					`Port ${port} is in use (${error.code}): another n8n? Set N8N_PORT to use another, e.g. N8N_PORT=5690 npm start`,
				),
			),
		);
		server.listen(port, '127.0.0.1', () => server.close(() => resolve()));
	});
}

export interface DemoOptions {
	quietN8n?: boolean;
	/** Which pinned line, e.g. "2.8.4" or "2.8"; default the newest. */
	n8n?: string;
}

export async function startDemo({
	quietN8n = false,
	n8n: request = lineRequest(),
}: DemoOptions = {}): Promise<RunningDemo> {
	const line = request ? lineFor(request) : newestLine();
	log(
		`n8n ${line.version} on ${line.nodeSource}${request ? '' : ' (the newest pinned line; `npm start -- --n8n <version>` picks another)'}`,
	);
	await ensurePortFree(N8N_PORT);
	await ensureLine(line, log);

	const userFolder = userFolderOf(line);
	mkdirSync(userFolder, { recursive: true });
	log(`installing this package into ${relative(REPO_ROOT, userFolder)}/.n8n/nodes as n8n installs a community package`);
	installPackageInto(userFolder);

	const realKeys = realApiKeys();
	const sandbox = realKeys ? undefined : await startSandbox();
	const credential = sandbox
		? {
				name: 'PMock API (local sandbox)',
				data: {
					accessKey: SANDBOX_DEFAULTS.accessKey,
					secretKey: SANDBOX_DEFAULTS.secretKey,
					baseUrl: sandbox.baseUrl,
				},
			}
		: {
				name: 'PMock API',
				data: { ...realKeys!, baseUrl: process.env.PMOCK_BASE_URL ?? DEFAULT_BASE_URL },
			};
	log(
		sandbox
			? `mode: local sandbox at ${sandbox.baseUrl} (PMOCK_ACCESS_KEY / PMOCK_SECRET_KEY not set)`
			: `mode: real pmock API at ${credential.data.baseUrl} (PMOCK_ACCESS_KEY / PMOCK_SECRET_KEY set); no sandbox started`,
	);

	const instance = new N8nInstance(line, userFolder, {
		N8N_PORT: String(N8N_PORT),
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_HOST: 'localhost',
		N8N_EDITOR_BASE_URL: EDITOR_URL,
		// Plain http on localhost: without this the login cookie would need https.
		N8N_SECURE_COOKIE: 'false',
		// The Code node's task runner broker: a free port, so that other n8n instances do not collide.
		N8N_RUNNERS_BROKER_PORT: String(await freePort()),
	});
	log(`importing the credential "${credential.name}" (${showBaseUrl(credential.data.baseUrl)})`);
	await instance.importCredentials([{ id: 'pmockCredential', type: 'pmockApi', ...credential }]);
	// Each example is imported once, so edits made to it in the editor survive a restart.
	for (const file of EXAMPLE_FILES) {
		const imported = join(userFolder, `.pmock-imported-${file}`);
		if (existsSync(imported)) continue;
		const example = JSON.parse(readFileSync(join(REPO_ROOT, 'examples', file), 'utf8'));
		await instance.importWorkflows([example]);
		writeFileSync(imported, `${new Date().toISOString()}\n`);
	}

	log(`starting n8n ${line.version} at ${EDITOR_URL}`);
	const n8n = instance.start({}, quietN8n ? 'ignore' : 'inherit');
	let hasExited = false;
	const exited = new Promise<number | null>((resolve) =>
		n8n.on('exit', (code) => {
			hasExited = true;
			resolve(code);
		}),
	);
	const stop = async () => {
		if (!hasExited) n8n.kill('SIGTERM');
		await exited;
		await sandbox?.stop();
	};
	try {
		await waitForN8n(120_000, () => hasExited);
		await ensureOwner();
	} catch (error) {
		await stop();
		throw error;
	}
	return { line, sandbox, exited, stop };
}

/** "Other pinned n8n: npm start -- --n8n 2.8.4" for each line not running. */
function otherLines(running: N8nLine): string[] {
	return allLines()
		.filter((line) => line.version !== running.version)
		.map(
			(line) => `    Other pinned n8n: npm start -- --n8n ${line.version}  (or PMOCK_N8N=${line.version} npm start)`,
		);
}

export function main(): void {
	startDemo()
		.then((demo) => {
			const { sandbox } = demo;
			const stopped = sandbox ? 'n8n and the sandbox' : 'n8n';
			console.log(
				[
					'',
					`  n8n ${demo.line.version} is ready with the PMock node.`,
					`    Editor:   ${EDITOR_URL}/workflow/${EXAMPLE_WORKFLOW_ID}`,
					`    Login:    ${OWNER.email}  /  ${OWNER.password}`,
					`    Workflow: "PMock: generate a Sora 2 video" -> click "Execute workflow"`,
					`    Also:     "PMock: generate a Nano Banana image" (${EDITOR_URL}/workflow/pmockExampleImage)`,
					...(sandbox
						? [
								`    PMock API credential points at the local pmock sandbox at ${sandbox.baseUrl} (no keys, no credit)`,
								`    Sandbox log: ${sandbox.url}/__sandbox/requests`,
							]
						: [
								'    PMock API credential points at the real pmock API (PMOCK_ACCESS_KEY / PMOCK_SECRET_KEY): running the workflow spends credit',
							]),
					...otherLines(demo.line),
					`  Press Ctrl-C to stop ${stopped}.`,
					'',
				].join('\n'),
			);
			let stopping = false;
			const shutdown = () => {
				if (stopping) return;
				stopping = true;
				log(`stopping ${stopped}...`);
				void demo.stop().then(() => process.exit(0));
			};
			process.on('SIGINT', shutdown);
			process.on('SIGTERM', shutdown);
			void demo.exited.then(async (code) => {
				if (stopping) return;
				log(`n8n exited (code ${code})${sandbox ? '; stopping the sandbox' : ''}`);
				await sandbox?.stop();
				process.exit(code ?? 1);
			});
		})
		.catch((error: Error) => {
			console.error(`[start] ${error.message}`);
			process.exit(1);
		});
}
