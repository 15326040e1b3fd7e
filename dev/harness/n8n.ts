import { spawn, spawnSync, type ChildProcess, type SpawnOptions, type SpawnSyncOptions } from 'child_process';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { createServer } from 'net';
import { tmpdir } from 'os';
import { join } from 'path';

import { REPO_ROOT, type N8nLine } from './lines';

/**
 * What `npm start`, the e2e tests, the benchmark and the screenshot script do with a pinned
 * n8n line (installed by ./install): the offline environment, installing our package into a
 * user folder the way n8n installs a community package, importing credentials and workflows,
 * running the CLI with the line's own Node.js.
 */

const PACKAGE_NAME = 'n8n-nodes-pmock';

/** A port nobody listens on now, on 127.0.0.1. */
export async function freePort(): Promise<number> {
	const server = createServer();
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as { port: number };
	await new Promise((resolve) => server.close(resolve));
	return port;
}

/** Runs a command to completion, failing loudly, and returns its stdout. */
export function run(command: string, args: string[], options: SpawnSyncOptions = {}): string {
	const result = spawnSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], ...options });
	if (result.error) throw result.error;
	if (result.status !== 0) {
		throw new Error(
			`${command} ${args.join(' ')} failed with exit code ${result.status}${result.stdout ? `:\n${result.stdout}` : ''}`,
		);
	}
	return String(result.stdout ?? '');
}

/**
 * n8n's environment for a user folder. There is no internet here, and a demo or a test should
 * not phone home anyway: every outbound feature (telemetry, version checks, templates,
 * banners, the vetted community-package list, AI assistant) is off.
 */
export function n8nEnv(line: N8nLine, userFolder: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
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
		...lineEnv(line),
		...extra,
	};
}

/**
 * What a line needs on top of the common environment to run offline. n8n 2.41 has backend
 * modules that call n8n's servers on a timer; N8N_DISABLED_MODULES takes only module names
 * the line knows (an unknown one stops n8n), so each is named only where it exists.
 */
function lineEnv(line: N8nLine): NodeJS.ProcessEnv {
	const modules = join(line.dir, 'node_modules', 'n8n', 'dist', 'modules');
	// mcp-registry refreshes a list of MCP servers from https://api.n8n.io/api/mcp-servers at start-up.
	const disabled = ['mcp-registry'].filter((name) => existsSync(join(modules, name)));
	return disabled.length > 0 ? { N8N_DISABLED_MODULES: disabled.join(',') } : {};
}

/**
 * Installs the package as n8n's CommunityPackagesService.downloadPackage does for one from
 * npm (the same in 2.8.4 and 2.41.1): the packed tarball unpacked into
 * `<userFolder>/.n8n/nodes/node_modules/<name>`, its dev/peer/optional dependencies dropped,
 * `npm install` with n8n's flags inside it, and the version recorded in
 * `<userFolder>/.n8n/nodes/package.json`. `source` is the checkout to pack (this one by
 * default; another one compares two builds). Needs `npm run build` there first.
 * The node type is then `n8n-nodes-pmock.pmock`.
 */
export function installPackageInto(userFolder: string, source: string = REPO_ROOT): void {
	const nodesDir = join(userFolder, '.n8n', 'nodes');
	const packageDir = join(nodesDir, 'node_modules', PACKAGE_NAME);
	const packDir = mkdtempSync(join(tmpdir(), 'pmock-pack-'));
	try {
		const [packed] = JSON.parse(
			run('npm', ['pack', '--json', '--pack-destination', packDir], { cwd: source }),
		) as Array<{
			filename: string;
			version: string;
		}>;
		rmSync(packageDir, { recursive: true, force: true });
		mkdirSync(packageDir, { recursive: true });
		run('tar', ['-xzf', join(packDir, packed.filename), '-C', packageDir, '--strip-components=1']);
		const manifestPath = join(packageDir, 'package.json');
		const { devDependencies, peerDependencies, optionalDependencies, ...manifest } = JSON.parse(
			readFileSync(manifestPath, 'utf8'),
		);
		writeFileSync(manifestPath, JSON.stringify(manifest, null, 2));
		run(
			'npm',
			[
				'install',
				'--audit=false',
				'--fund=false',
				'--bin-links=false',
				'--install-strategy=shallow',
				'--ignore-scripts=true',
				'--package-lock=false',
			],
			{
				cwd: packageDir,
			},
		);
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

/** An execution as n8n stored it in its database. */
export interface SavedExecution {
	status: string;
	/** The run's error as stored: message and description, '' when it has none. */
	error: string;
	/** The stored run data as text (n8n's flatted JSON), and its length. */
	raw: string;
	size: number;
}

export interface CliResult {
	code: number | null;
	stdout: string;
	stderr: string;
}

/** A credential as `n8n import:credentials` reads it: `data` in clear, n8n encrypts it. */
export interface CredentialToImport {
	id: string;
	name: string;
	type: string;
	data: Record<string, string>;
}

/** The part of n8n's run data the tests read. */
export interface ExecutionResult {
	finished?: boolean;
	status?: string;
	data: {
		resultData: {
			runData: Record<
				string,
				Array<{
					executionTime?: number;
					data?: { main: Array<Array<{ json: Record<string, unknown>; error?: unknown }> | null> };
					error?: { message: string; description?: string };
				}>
			>;
			error?: { message: string; description?: string; node?: { name: string } };
			lastNodeExecuted?: string;
		};
	};
}

/**
 * One n8n line with one user folder (database, encryption key, installed packages): runs its
 * CLI with the line's own Node.js and the offline environment.
 */
export class N8nInstance {
	readonly env: NodeJS.ProcessEnv;

	constructor(
		readonly line: N8nLine,
		readonly userFolder: string,
		extraEnv: NodeJS.ProcessEnv = {},
	) {
		this.env = n8nEnv(line, userFolder, extraEnv);
	}

	/**
	 * Runs `n8n <args>` and collects its output; `nodeOptions` go to the line's Node.js before
	 * n8n's script (e.g. --cpu-prof). stdout and stderr go to files, not pipes: n8n ends with
	 * process.exit(), which cuts off whatever of a large output (the run data of 1,000 items)
	 * is still queued for a pipe, while writes to a file are synchronous.
	 */
	async cli(args: string[], extraEnv: NodeJS.ProcessEnv = {}, nodeOptions: string[] = []): Promise<CliResult> {
		const dir = mkdtempSync(join(tmpdir(), 'pmock-n8n-cli-'));
		const files = { stdout: join(dir, 'stdout'), stderr: join(dir, 'stderr') };
		const stdout = openSync(files.stdout, 'w');
		const stderr = openSync(files.stderr, 'w');
		try {
			const code = await new Promise<number | null>((resolve, reject) => {
				const child = spawn(this.line.nodeBinary, [...nodeOptions, this.line.n8nBin, ...args], {
					env: { ...this.env, ...extraEnv },
					stdio: ['ignore', stdout, stderr],
				});
				child.on('error', reject);
				child.on('close', resolve);
			});
			return { code, stdout: readFileSync(files.stdout, 'utf8'), stderr: readFileSync(files.stderr, 'utf8') };
		} finally {
			closeSync(stdout);
			closeSync(stderr);
			rmSync(dir, { recursive: true, force: true });
		}
	}

	private async cliOrThrow(args: string[]): Promise<CliResult> {
		const result = await this.cli(args);
		if (result.code !== 0) {
			throw new Error(
				`n8n ${this.line.version}: n8n ${args.join(' ')} exited with ${result.code}:\n${result.stdout}\n${result.stderr}`,
			);
		}
		return result;
	}

	/** Writes `items` to a temporary JSON file and runs `n8n import:<kind> --input=<file>`. */
	private async importJson(kind: 'credentials' | 'workflow', items: unknown[]): Promise<void> {
		const dir = mkdtempSync(join(tmpdir(), `pmock-import-${kind}-`));
		try {
			const file = join(dir, `${kind}.json`);
			writeFileSync(file, JSON.stringify(items));
			await this.cliOrThrow([`import:${kind}`, `--input=${file}`]);
		} finally {
			rmSync(dir, { recursive: true, force: true });
		}
	}

	importCredentials(credentials: CredentialToImport[]): Promise<void> {
		return this.importJson('credentials', credentials);
	}

	importWorkflows(workflows: object[]): Promise<void> {
		return this.importJson('workflow', workflows);
	}

	/**
	 * `n8n execute --id=<id> --rawOutput`, parsed. n8n prints the run as indented JSON (a line
	 * "{" to a line "}") at log level info, on success and on failure alike, and its exit code
	 * does not tell the two apart reliably: the caller asserts on the parsed run.
	 */
	async execute(
		id: string,
		nodeOptions: string[] = [],
		extraEnv: NodeJS.ProcessEnv = {},
	): Promise<{ result: ExecutionResult; cli: CliResult }> {
		const cli = await this.cli(
			['execute', `--id=${id}`, '--rawOutput'],
			{ N8N_LOG_LEVEL: 'info', ...extraEnv },
			nodeOptions,
		);
		const lines = cli.stdout.split('\n');
		const start = lines.indexOf('{');
		const end = lines.indexOf('}', start);
		if (start < 0 || end < 0) {
			throw new Error(
				`n8n ${this.line.version} execute printed no run data (exit code ${cli.code}):\n${cli.stdout}\n${cli.stderr}`,
			);
		}
		return { result: JSON.parse(lines.slice(start, end + 1).join('\n')) as ExecutionResult, cli };
	}

	/**
	 * The last execution of a workflow as n8n stored it in this user folder's SQLite database,
	 * read by the line's own Node.js with the line's sqlite3 and flatted (the modules n8n
	 * itself uses), so that no native module loads into the caller.
	 */
	async savedExecution(workflowId: string): Promise<SavedExecution> {
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
		const database = join(this.userFolder, '.n8n', 'database.sqlite');
		const stdout = run(this.line.nodeBinary, ['-e', script, database, workflowId], {
			cwd: this.line.dir,
			maxBuffer: 512 * 1024 * 1024,
		});
		return JSON.parse(stdout) as SavedExecution;
	}

	/** Starts `n8n start`; the caller stops it. */
	start(extraEnv: NodeJS.ProcessEnv = {}, stdio: SpawnOptions['stdio'] = 'inherit'): ChildProcess {
		return spawn(this.line.nodeBinary, [this.line.n8nBin, 'start'], { env: { ...this.env, ...extraEnv }, stdio });
	}
}
