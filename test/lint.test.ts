import { spawnSync } from 'child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';

/**
 * `npm run lint` must run n8n's scanner rules, with nothing switched off for what ships
 * (scripts/lint/). ESLint 9 and the scanner's plugins are ES modules, so the checks run in a
 * child Node process through scripts/lint/lint.mjs.
 */
const root = join(__dirname, '..');
const LINT = join(root, 'scripts', 'lint', 'lint.mjs');

function lintCli(args: string[]): unknown {
	const result = spawnSync(process.execPath, [LINT, ...args], { cwd: root, encoding: 'utf8' });
	if (result.status !== 0)
		throw new Error(`lint.mjs ${args.join(' ')} exited with ${result.status}:\n${result.stderr}`);
	return JSON.parse(result.stdout);
}

type Severity = 0 | 1 | 2 | 'off' | 'warn' | 'error';
const level = (value: Severity | undefined) =>
	({ off: 0, warn: 1, error: 2 })[String(value) as 'off'] ?? Number(value ?? 0);

interface EffectiveRules {
	scanner: Record<string, Severity>;
	project: Record<string, Severity>;
	projectNoInlineConfig: boolean;
}

const SHIPPED_SAMPLES = {
	node: 'nodes/Pmock/Pmock.node.ts',
	nodeHelper: 'nodes/Pmock/shared/constants.ts',
	credential: 'credentials/PmockApi.credentials.ts',
	packageJson: 'package.json',
};

describe('npm run lint', () => {
	const effective = lintCli(['--effective-rules', ...Object.values(SHIPPED_SAMPLES)]) as Record<string, EffectiveRules>;
	const offIn = (rules: Record<string, Severity>) =>
		Object.keys(rules)
			.filter((name) => level(rules[name]) === 0)
			.sort();

	test('the scanner config switches off exactly the rules the scanner switches off', () => {
		expect(offIn(effective[SHIPPED_SAMPLES.node].scanner)).toStrictEqual([
			'n8n-nodes-base/node-class-description-inputs-wrong-regular-node',
			'n8n-nodes-base/node-class-description-outputs-wrong',
			'n8n-nodes-base/node-param-type-options-max-value-present',
		]);
		expect(offIn(effective[SHIPPED_SAMPLES.credential].scanner)).toStrictEqual([
			'n8n-nodes-base/cred-class-field-documentation-url-miscased',
			'n8n-nodes-base/cred-class-field-type-options-password-missing',
		]);
		expect(offIn(effective[SHIPPED_SAMPLES.packageJson].scanner)).toStrictEqual([]);
		// The three rule families are all there: the community-nodes recommended set, no-console,
		// and n8n-nodes-base's node / credential / package.json sets.
		const node = Object.keys(effective[SHIPPED_SAMPLES.node].scanner);
		expect(node).toEqual(
			expect.arrayContaining([
				'no-console',
				'@n8n/community-nodes/node-connection-type-literal',
				'n8n-nodes-base/node-filename-against-convention',
			]),
		);
		expect(Object.keys(effective[SHIPPED_SAMPLES.credential].scanner)).toContain(
			'n8n-nodes-base/cred-filename-against-convention',
		);
		expect(Object.keys(effective[SHIPPED_SAMPLES.packageJson].scanner)).toContain(
			'n8n-nodes-base/community-package-json-name-still-default',
		);
	});

	test.each(Object.entries(SHIPPED_SAMPLES))(
		'the project config keeps every scanner rule at its level for shipped files (%s), and ignores inline disables',
		(_kind, file) => {
			const { scanner, project, projectNoInlineConfig } = effective[file];
			const weakened = Object.keys(scanner).filter((name) => level(project[name]) < level(scanner[name]));
			expect(weakened).toStrictEqual([]);
			expect(projectNoInlineConfig).toBe(true);
		},
	);

	test('an eslint-disable comment in a shipped file does not hide a finding from the scanner lint', () => {
		const dir = mkdtempSync(join(tmpdir(), 'pmock-lint-fixture-'));
		try {
			for (const path of ['package.json', 'nodes', 'credentials'])
				cpSync(join(root, path), join(dir, path), { recursive: true });
			const nodeFile = join(dir, SHIPPED_SAMPLES.node);
			const source = readFileSync(nodeFile, 'utf8');
			const planted = source.replace(
				'\t\tinputs: [NodeConnectionTypes.Main],',
				"\t\t// eslint-disable-next-line @n8n/community-nodes/node-connection-type-literal\n\t\tinputs: ['main'],",
			);
			expect(planted).not.toBe(source);
			writeFileSync(nodeFile, planted);

			const { files, findings } = lintCli(['--scan', dir, '--patterns', 'source']) as {
				files: string[];
				findings: Array<{ file: string; ruleId: string; severity: number }>;
			};
			expect(files).toEqual(expect.arrayContaining(['package.json', SHIPPED_SAMPLES.node, SHIPPED_SAMPLES.credential]));
			expect(findings).toContainEqual(
				expect.objectContaining({
					file: SHIPPED_SAMPLES.node,
					ruleId: '@n8n/community-nodes/node-connection-type-literal',
					severity: 2,
				}),
			);
		} finally {
			rmSync(dir, { recursive: true, force: true });
		}
	});
});
