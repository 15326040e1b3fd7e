// ESLint for the whole repository (`npm run lint` runs it, then the scanner's lint on its own:
// see scripts/lint/lint.mjs).
//  - What ships (package.json, nodes/, credentials/): n8n's scanner rules exactly, and
//    `eslint-disable` comments have no effect there, as in the scanner.
//  - Every TypeScript file: typescript-eslint's recommended rules.
import tseslint from 'typescript-eslint';

import { scannerConfig } from './scripts/lint/scannerConfig.mjs';

/** The files of the repository that end up in the package (compiled or as they are). */
const SHIPPED = '{package.json,nodes/**/*.{ts,json},credentials/**/*.{ts,json}}';

export default tseslint.config(
	{
		// dev/: the pinned n8n lines (their node_modules) are not ours; the harness and queue code are linted.
		ignores: [
			'node_modules/',
			'dist/',
			'.build/',
			'coverage/',
			'dev/*',
			'!dev/harness/',
			'!dev/queue/',
			'.n8n-dev/',
			'.n8n-test-*/',
		],
	},
	// The scanner's config objects, each limited to the shipped files (a nested array in
	// `files` means "matches every pattern in it").
	...scannerConfig().map((config) => ({
		...config,
		files: config.files ? config.files.map((pattern) => [pattern, SHIPPED]) : [SHIPPED],
	})),
	{
		files: [SHIPPED],
		linterOptions: { noInlineConfig: true },
	},
	{
		files: ['**/*.ts'],
		extends: [tseslint.configs.recommended],
		rules: {
			// `const { a, ...rest } = x` is how the code drops keys from an object.
			'@typescript-eslint/no-unused-vars': ['error', { ignoreRestSiblings: true }],
		},
	},
	{
		files: ['**/*.{js,mjs}'],
		languageOptions: {
			globals: {
				require: 'readonly',
				module: 'writable',
				__dirname: 'readonly',
				process: 'readonly',
				console: 'readonly',
			},
		},
	},
);
