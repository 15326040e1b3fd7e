// The lint of n8n's community-package scanner (@n8n/scan-community-package@0.32.0), rebuilt
// from the rule list in its scanner/scanner.mjs so `npm run lint` can run it on a folder:
// the scanner's own CLI only takes a package already published to npm.
//
// Same plugins at the versions the scanner resolves (pinned in package.json), same rule sets,
// same three rules switched off, nothing else switched off. Keep this file in step with the
// scanner when its version changes; test/lint.test.ts checks the effective rules.
import { n8nCommunityNodesPlugin } from '@n8n/eslint-plugin-community-nodes';
import tsParser from '@typescript-eslint/parser';
import n8nNodesBase from 'eslint-plugin-n8n-nodes-base';

export const SCANNER = '@n8n/scan-community-package@0.32.0';

/** What the scanner lints in the source tree (its SOURCE_FILE_PATTERNS). */
export const SOURCE_PATTERNS = ['package.json', '{nodes,credentials}/**/*.{js,ts,json}'];

/**
 * What it lints in the unpacked tarball. The scanner's npm leg takes `**\/*.js` and
 * package.json; its default file set is every .js, .ts and .json file. We take the wider one.
 */
export const TARBALL_PATTERNS = ['**/*.js', '**/*.ts', '**/*.json'];

/** Never linted, in either tree. */
export const IGNORED_PATHS = ['node_modules/**', '**/package-lock.json'];

/** The rules the scanner switches off, and only these: no other rule may be off for shipped files. */
export const SCANNER_OFF_RULES = {
	credentials: [
		'n8n-nodes-base/cred-class-field-documentation-url-miscased',
		'n8n-nodes-base/cred-class-field-type-options-password-missing',
	],
	nodes: [
		'n8n-nodes-base/node-class-description-inputs-wrong-regular-node',
		'n8n-nodes-base/node-class-description-outputs-wrong',
		'n8n-nodes-base/node-param-type-options-max-value-present',
	],
};

const off = (names) => Object.fromEntries(names.map((name) => [name, 'off']));

/** The scanner's flat config, as an array of ESLint config objects. */
export function scannerConfig() {
	return [
		n8nCommunityNodesPlugin.configs.recommended,
		{ rules: { 'no-console': 'error' } },
		{ plugins: { 'n8n-nodes-base': n8nNodesBase } },
		{ files: ['package.json'], rules: { ...n8nNodesBase.configs.community.rules } },
		{
			files: ['**/credentials/**/*.ts'],
			rules: { ...n8nNodesBase.configs.credentials.rules, ...off(SCANNER_OFF_RULES.credentials) },
		},
		{
			files: ['**/nodes/**/*.ts'],
			rules: { ...n8nNodesBase.configs.nodes.rules, ...off(SCANNER_OFF_RULES.nodes) },
		},
		// package.json and the TypeScript sources are read by the TypeScript parser; the rules
		// that check package.json walk the object literal it makes of the JSON.
		{ files: ['**/*.json'], languageOptions: { parser: tsParser } },
		{ files: ['**/*.ts'], languageOptions: { parser: tsParser } },
	];
}
