/**
 * `npm run test:e2e`: workflows run by the real n8n lines pinned in dev/ (dev/n8n-<version>/)
 * against the sandbox, one jest project per line, named "n8n <version>": every test name and
 * failure says which n8n it ran in. PMOCK_N8N=2.8.4 (or 2.8, 2.41, a comma list) runs only
 * those lines; `npm run test:e2e:2.8` and `npm run test:e2e:2.41` do that.
 * Separate from `npm test`'s jest (which ignores test/e2e/): these need the installed lines
 * (installed before jest by `npm run test:e2e`, or by globalSetup when jest runs directly) and
 * the built package, which `npm run test:e2e` builds.
 */
const { rootDir, selectedLines } = require('../jestLines');

/** @type {import('jest').Config} */
module.exports = {
	rootDir,
	// Each case boots the n8n CLI twice (a few seconds each); one n8n database per test file.
	testTimeout: 180_000,
	maxWorkers: 1,
	// jest's own output, then the time each line's files took.
	reporters: ['default', '<rootDir>/test/e2e/helpers/lineTimesReporter.js'],
	projects: selectedLines('all').map((version) => ({
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
