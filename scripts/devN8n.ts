import { createHash } from 'crypto';
import { spawn, spawnSync, type ChildProcess, type SpawnOptions, type SpawnSyncOptions } from 'child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { dirname, join } from 'path';

/**
 * The pinned real n8n in dev/ and everything `npm start`, the e2e tests and the screenshot
 * script do with it: install it on first use, install our package into a user folder the way
 * n8n installs a community package, import credentials and workflows, run the CLI.
 */

/** The repository root, whether this runs compiled from .build/ or under ts-jest. */
export const REPO_ROOT = (() => {
	for (let dir = __dirname; dir !== dirname(dir); dir = dirname(dir)) {
		const manifest = join(dir, 'package.json');
		if (existsSync(manifest) && JSON.parse(readFileSync(manifest, 'utf8')).name === 'n8n-nodes-pmock') return dir;
	}
	throw new Error(`n8n-nodes-pmock's package.json not found above ${__dirname}`);
})();

export const DEV_DIR = join(REPO_ROOT, 'dev');
const N8N_BIN = join(DEV_DIR, 'node_modules', 'n8n', 'bin', 'n8n');
const PACKAGE_NAME = 'n8n-nodes-pmock';

/** The n8n version dev/package.json pins. */
export const PINNED_N8N_VERSION: string = JSON.parse(readFileSync(join(DEV_DIR, 'package.json'), 'utf8')).dependencies.n8n;

/** Written after a complete install: the hash of the lock it installed. */
const INSTALLED_MARKER = join(DEV_DIR, 'node_modules', '.pmock-installed-lock-sha256');

function lockHash(): string {
	return createHash('sha256').update(readFileSync(join(DEV_DIR, 'package-lock.json'))).digest('hex');
}

/**
 * Installs dev/'s locked n8n unless exactly that lock is already installed (~2.3 GB, a few
 * minutes): an interrupted install or a changed lock is installed again. dev/.npmrc lets
 * n8n's install scripts run: its native modules (sqlite3, …) need them.
 */
export function ensureDevN8n(log: (line: string) => void = console.log): void {
	const wanted = lockHash();
	if (existsSync(INSTALLED_MARKER) && readFileSync(INSTALLED_MARKER, 'utf8').trim() === wanted) return;
	log(`Installing n8n ${PINNED_N8N_VERSION} into dev/ from dev/package-lock.json (first run only: about 2.3 GB, a few minutes)...`);
	const started = Date.now();
	// Run from `npm run …`, npm hands its own config down as npm_config_* variables, among them
	// the root .npmrc's ignore-scripts=true, which would beat dev/.npmrc: drop them all, and
	// say --ignore-scripts=false outright.
	const env = {
		...Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^npm_/i.test(name))),
		// @scarf/scarf's postinstall would report the install to its analytics host.
		SCARF_ANALYTICS: 'false',
	};
	run('npm', ['ci', '--no-audit', '--no-fund', '--ignore-scripts=false'], { cwd: DEV_DIR, stdio: 'inherit', env });
	// n8n cannot open its database without sqlite3's native module, built by an install script.
	const sqlite = spawnSync(process.execPath, ['-e', "require('sqlite3')"], { cwd: DEV_DIR, encoding: 'utf8' });
	if (sqlite.status !== 0) {
		throw new Error(`n8n's sqlite3 native module does not load after npm ci in dev/ (were install scripts skipped?):\n${sqlite.stderr.slice(0, 600)}`);
	}
	writeFileSync(INSTALLED_MARKER, `${wanted}\n`);
	log(`n8n ${PINNED_N8N_VERSION} installed into dev/ in ${((Date.now() - started) / 1000).toFixed(0)} s`);
}

/** Runs a command to completion, failing loudly, and returns its stdout. */
export function run(command: string, args: string[], options: SpawnSyncOptions = {}): string {
	const result = spawnSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], ...options });
	if (result.error) throw result.error;
	if (result.status !== 0) {
		throw new Error(`${command} ${args.join(' ')} failed with exit code ${result.status}${result.stdout ? `:\n${result.stdout}` : ''}`);
	}
	return String(result.stdout ?? '');
}

/**
 * n8n's environment for a user folder. There is no internet here, and a demo or a test should
 * not phone home anyway: every outbound feature (telemetry, version checks, templates,
 * banners, the vetted community-package list, AI assistant) is off.
 */
export function n8nEnv(userFolder: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
	// Under jest NODE_ENV is "test", which makes n8n refuse to load nodes ("Not available in tests").
	const { NODE_ENV, JEST_WORKER_ID, ...inherited } = process.env;
	return {
		...inherited,
		N8N_USER_FOLDER: userFolder,
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_DIAGNOSTICS_CONFIG_FRONTEND: '',
		N8N_DIAGNOSTICS_CONFIG_BACKEND: '',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_WHATS_NEW_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_DYNAMIC_BANNERS_ENABLED: 'false',
		N8N_HIRING_BANNER_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_VERIFIED_PACKAGES_ENABLED: 'false',
		N8N_AI_ENABLED: 'false',
		N8N_LICENSE_AUTO_RENEW_ENABLED: 'false',
		EXTERNAL_FRONTEND_HOOKS_URLS: '',
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'true',
		...extra,
	};
}

/**
 * Installs the package as n8n 2.8.4's CommunityPackagesService.downloadPackage does for one
 * from npm: the packed tarball unpacked into `<userFolder>/.n8n/nodes/node_modules/<name>`,
 * its dev/peer/optional dependencies dropped, `npm install` with n8n's flags inside it, and
 * the version recorded in `<userFolder>/.n8n/nodes/package.json`. Needs `npm run build` first.
 * The node type is then `n8n-nodes-pmock.pmock`.
 */
export function installPackageInto(userFolder: string): void {
	const nodesDir = join(userFolder, '.n8n', 'nodes');
	const packageDir = join(nodesDir, 'node_modules', PACKAGE_NAME);
	const packDir = mkdtempSync(join(tmpdir(), 'pmock-pack-'));
	try {
		const [packed] = JSON.parse(run('npm', ['pack', '--json', '--pack-destination', packDir], { cwd: REPO_ROOT })) as Array<{
			filename: string;
			version: string;
		}>;
		rmSync(packageDir, { recursive: true, force: true });
		mkdirSync(packageDir, { recursive: true });
		run('tar', ['-xzf', join(packDir, packed.filename), '-C', packageDir, '--strip-components=1']);
		const manifestPath = join(packageDir, 'package.json');
		const { devDependencies, peerDependencies, optionalDependencies, ...manifest } = JSON.parse(readFileSync(manifestPath, 'utf8'));
		writeFileSync(manifestPath, JSON.stringify(manifest, null, 2));
		run('npm', ['install', '--audit=false', '--fund=false', '--bin-links=false', '--install-strategy=shallow', '--ignore-scripts=true', '--package-lock=false'], {
			cwd: packageDir,
		});
		const nodesManifestPath = join(nodesDir, 'package.json');
		const nodesManifest = existsSync(nodesManifestPath)
			? JSON.parse(readFileSync(nodesManifestPath, 'utf8'))
			: { name: 'installed-nodes', private: true, dependencies: {} };
		nodesManifest.dependencies = { ...nodesManifest.dependencies, [PACKAGE_NAME]: packed.version };
		writeFileSync(nodesManifestPath, JSON.stringify(nodesManifest, null, 2));
	} finally {
		rmSync(packDir, { recursive: true, force: true });
	}
}

export interface CliResult {
	code: number | null;
	stdout: string;
	stderr: string;
}

/** Runs `n8n <args>` for a user folder and collects its output. */
export function n8nCli(args: string[], env: NodeJS.ProcessEnv): Promise<CliResult> {
	return new Promise((resolve, reject) => {
		const child = spawn(process.execPath, [N8N_BIN, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
		child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
		child.on('error', reject);
		child.on('close', (code) => resolve({ code, stdout, stderr }));
	});
}

async function n8nCliOrThrow(args: string[], env: NodeJS.ProcessEnv): Promise<CliResult> {
	const result = await n8nCli(args, env);
	if (result.code !== 0) {
		throw new Error(`n8n ${args.join(' ')} exited with ${result.code}:\n${result.stdout}\n${result.stderr}`);
	}
	return result;
}

/** Writes `items` to a temporary JSON file and runs `n8n import:<kind> --input=<file>`. */
async function importJson(kind: 'credentials' | 'workflow', items: unknown[], env: NodeJS.ProcessEnv): Promise<void> {
	const dir = mkdtempSync(join(tmpdir(), `pmock-import-${kind}-`));
	try {
		const file = join(dir, `${kind}.json`);
		writeFileSync(file, JSON.stringify(items));
		await n8nCliOrThrow([`import:${kind}`, `--input=${file}`], env);
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
}

/** A credential as `n8n import:credentials` reads it: `data` in clear, n8n encrypts it. */
export interface CredentialToImport {
	id: string;
	name: string;
	type: string;
	data: Record<string, string>;
}

export const importCredentials = (credentials: CredentialToImport[], env: NodeJS.ProcessEnv) =>
	importJson('credentials', credentials, env);

export const importWorkflows = (workflows: object[], env: NodeJS.ProcessEnv) => importJson('workflow', workflows, env);

/** The part of n8n's run data the tests read. */
export interface ExecutionResult {
	finished?: boolean;
	status?: string;
	data: {
		resultData: {
			runData: Record<string, Array<{ data?: { main: Array<Array<{ json: Record<string, unknown>; error?: unknown }> | null> }; error?: { message: string; description?: string } }>>;
			error?: { message: string; description?: string; node?: { name: string } };
			lastNodeExecuted?: string;
		};
	};
}

/**
 * `n8n execute --id=<id> --rawOutput`, parsed. n8n prints the run as indented JSON (a line "{"
 * to a line "}") at log level info, on success and on failure alike, and its exit code does
 * not tell the two apart reliably: the caller asserts on the parsed run.
 */
export async function executeWorkflow(id: string, env: NodeJS.ProcessEnv): Promise<{ result: ExecutionResult; cli: CliResult }> {
	const cli = await n8nCli(['execute', `--id=${id}`, '--rawOutput'], { ...env, N8N_LOG_LEVEL: 'info' });
	const lines = cli.stdout.split('\n');
	const start = lines.indexOf('{');
	const end = lines.indexOf('}', start);
	if (start < 0 || end < 0) {
		throw new Error(`n8n execute printed no run data (exit code ${cli.code}):\n${cli.stdout}\n${cli.stderr}`);
	}
	return { result: JSON.parse(lines.slice(start, end + 1).join('\n')) as ExecutionResult, cli };
}

/**
 * The last execution of a workflow as n8n stored it in a user folder's SQLite database, read
 * by a child process with dev/'s own sqlite3 and flatted (the modules n8n itself uses), so
 * that no native module loads into the caller.
 */
export async function readSavedExecution(
	databaseFile: string,
	workflowId: string,
): Promise<{ status: string; error: string; raw: string; size: number }> {
	const script = `
		const sqlite3 = require('sqlite3');
		const { parse } = require('flatted');
		const [file, workflowId] = process.argv.slice(1);
		const db = new sqlite3.Database(file, sqlite3.OPEN_READONLY);
		db.get(
			'SELECT e.status AS status, d.data AS data FROM execution_entity e JOIN execution_data d ON d.executionId = e.id WHERE e.workflowId = ? ORDER BY e.id DESC LIMIT 1',
			[workflowId],
			(error, row) => {
				if (error || !row) { console.error(error ? error.message : 'no execution saved for ' + workflowId); process.exit(1); }
				const runError = parse(row.data).resultData.error;
				const text = runError ? [runError.message, runError.description].filter(Boolean).join(' ') : '';
				process.stdout.write(JSON.stringify({ status: row.status, error: text, raw: row.data, size: row.data.length }));
				db.close();
			},
		);`;
	const stdout = run(process.execPath, ['-e', script, databaseFile, workflowId], { cwd: DEV_DIR, maxBuffer: 512 * 1024 * 1024 });
	return JSON.parse(stdout);
}

/** Starts `n8n start` for a user folder; the caller stops it. */
export function startN8n(env: NodeJS.ProcessEnv, stdio: SpawnOptions['stdio'] = 'inherit'): ChildProcess {
	return spawn(process.execPath, [N8N_BIN, 'start'], { env, stdio });
}
