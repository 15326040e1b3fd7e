/**
 * `npm run test:e2e`: workflows run by the real n8n lines pinned in dev/ (dev/n8n-<version>/)
 * against the sandbox, one jest project per line, named "n8n <version>": every test name and
 * failure says which n8n it ran in. PMOCK_N8N=2.8.4 (or 2.8, 2.41, a comma list) runs only
 * those lines; `npm run test:e2e:2.8` and `npm run test:e2e:2.41` do that.
 * Separate from `npm test`'s jest (which ignores test/e2e/): these need the installed lines
 * (installed before jest by `npm run test:e2e`, or by globalSetup when jest runs directly) and
 * the built package, which `npm run test:e2e` builds.
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

function selectedLines() {
	const all = pinnedLines();
	const request = (process.env.PMOCK_N8N || '').trim();
	if (!request || request === 'all') return all;
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
	// Each case boots the n8n CLI twice (a few seconds each); one n8n database per test file.
	testTimeout: 180_000,
	maxWorkers: 1,
	// jest's own output, then the time each line's files took.
	reporters: ['default', '<rootDir>/test/e2e/helpers/lineTimesReporter.js'],
	projects: selectedLines().map((version) => ({
		displayName: `n8n ${version}`,
		rootDir,
		testEnvironment: 'node',
		roots: ['<rootDir>/test/e2e'],
		testMatch: ['**/*.e2e.test.ts'],
		transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
		globalSetup: '<rootDir>/test/e2e/helpers/globalSetup.ts',
		// Read by test/e2e/helpers/realN8n.ts (projectLine) and globalSetup.
		globals: { PMOCK_N8N_VERSION: version },
	})),
};
