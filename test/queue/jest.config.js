/**
 * `npm run test:queue`: the PMock node in n8n's queue mode (one main, two workers, Redis,
 * Postgres, the sandbox), one jest project per n8n line. The newest pinned line unless
 * PMOCK_N8N names others (PMOCK_N8N=2.8, PMOCK_N8N=all). `npm run test:queue` first installs
 * Redis, Postgres and the line (dev/queue/prepare.ts) and builds the package the workers load.
 */
const { existsSync, readdirSync, readFileSync } = require('fs');
const { join } = require('path');

const rootDir = join(__dirname, '..', '..');

/** The pinned lines, oldest first, as dev/harness/lines.ts finds them. */
function pinnedLines() {
	const dev = join(rootDir, 'dev');
	return readdirSync(dev)
		.filter((name) => /^n8n-\d+\.\d+\.\d+$/.test(name) && existsSync(join(dev, name, 'package.json')))
		.map((name) => JSON.parse(readFileSync(join(dev, name, 'package.json'), 'utf8')).dependencies.n8n)
		.sort((a, b) => {
			const [pa, pb] = [a, b].map((version) => version.split('.').map(Number));
			return pa[0] - pb[0] || pa[1] - pb[1] || pa[2] - pb[2];
		});
}

/** As dev/queue/lines.ts: the newest line unless PMOCK_N8N names others. */
function selectedLines() {
	const all = pinnedLines();
	const request = (process.env.PMOCK_N8N || '').trim();
	if (!request) return all.slice(-1);
	if (request === 'all') return all;
	const wanted = request
		.split(',')
		.map((part) => part.trim())
		.filter(Boolean);
	const chosen = all.filter((version) => wanted.some((want) => version === want || version.startsWith(`${want}.`)));
	if (chosen.length === 0)
		throw new Error(`PMOCK_N8N=${request} matches no pinned n8n line: dev/ has ${all.join(' and ')}`);
	return chosen;
}

/** @type {import('jest').Config} */
module.exports = {
	rootDir,
	// Set-up (~1-2 min) and a dead worker's lock running out (~1-2 min) take long on 2 shared cores.
	testTimeout: 600_000,
	maxWorkers: 1,
	projects: selectedLines().map((version) => ({
		displayName: `queue mode, n8n ${version}`,
		rootDir,
		testEnvironment: 'node',
		roots: ['<rootDir>/test/queue'],
		testMatch: ['**/*.test.ts'],
		transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
		globals: { PMOCK_N8N_VERSION: version },
	})),
};
