/**
 * `npm run test:e2e`: workflows run by the real n8n pinned in dev/ against the sandbox.
 * Separate from `npm test`'s jest (which ignores test/e2e/): these need dev/'s n8n, which
 * globalSetup installs on first use, and the built package, which `npm run test:e2e` builds.
 */
const { join } = require('path');

/** @type {import('jest').Config} */
module.exports = {
	rootDir: join(__dirname, '..', '..'),
	testEnvironment: 'node',
	roots: ['<rootDir>/test/e2e'],
	testMatch: ['**/*.e2e.test.ts'],
	transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
	globalSetup: '<rootDir>/test/e2e/helpers/globalSetup.ts',
	// Each case boots the n8n CLI (a few seconds); one n8n database per test file.
	testTimeout: 120_000,
	maxWorkers: 1,
};
