/** @type {import('jest').Config} */
module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test'],
	testMatch: ['**/*.test.ts'],
	// The end-to-end and queue-mode tests need the real n8n in dev/: `npm run test:e2e` and `npm run test:queue` run them.
	testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/e2e/', '<rootDir>/test/queue/'],
	// One copy of each n8n package version, so that both n8n-core lines load as in an installed n8n.
	resolver: '<rootDir>/test/setup/oneCopyPerVersion.js',
	transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
	// n8n-core keeps its settings under N8N_USER_FOLDER: give each test file a temporary one.
	setupFiles: ['<rootDir>/test/setup/n8nUserFolder.ts'],
	setupFilesAfterEnv: ['<rootDir>/test/setup/shutdownN8nCore.ts'],
};
