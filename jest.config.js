/** @type {import('jest').Config} */
module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test'],
	testMatch: ['**/*.test.ts'],
	transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
	// n8n-core keeps its settings under N8N_USER_FOLDER: give each test file a temporary one.
	setupFiles: ['<rootDir>/test/setup/n8nUserFolder.ts'],
	setupFilesAfterEnv: ['<rootDir>/test/setup/shutdownN8nCore.ts'],
};
