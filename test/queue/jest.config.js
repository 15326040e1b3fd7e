/**
 * `npm run test:queue`: the PMock node in n8n's queue mode (one main, two workers, Redis,
 * Postgres, the sandbox), one jest project per n8n line. The newest pinned line unless
 * PMOCK_N8N names others (PMOCK_N8N=2.8, PMOCK_N8N=all). `npm run test:queue` first installs
 * Redis, Postgres and the line (dev/queue/prepare.ts) and builds the package the workers load.
 */
const { rootDir, selectedLines } = require('../jestLines');

/** @type {import('jest').Config} */
module.exports = {
	rootDir,
	// Set-up (~1-2 min) and a dead worker's lock running out (~1-2 min) take long on 2 shared cores.
	testTimeout: 600_000,
	maxWorkers: 1,
	projects: selectedLines('newest').map((version) => ({
		displayName: `queue mode, n8n ${version}`,
		rootDir,
		testEnvironment: 'node',
		roots: ['<rootDir>/test/queue'],
		testMatch: ['**/*.test.ts'],
		transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
		globals: { PMOCK_N8N_VERSION: version },
	})),
};
