#!/usr/bin/env node
// `npm run lint` (after `npm run build`): three passes, and any finding, error or warning, fails.
//   1. the project's own config (eslint.config.mjs) on every file of the repository: the
//      scanner's rules on what ships, TypeScript rules everywhere;
//   2. n8n's scanner lint, exactly (scannerConfig.mjs, inline comments ignored), on the sources;
//   3. the same on the package as npm would publish it: `npm pack`, unpacked into a temporary
//      folder, every .js/.ts/.json file in it.
//
// `node scripts/lint/lint.mjs --scan <folder> --patterns source|tarball` runs the scanner lint
// alone on any folder and prints its findings as JSON; `--effective-rules <file>...` prints the
// rules each config applies to repository files (both used by test/lint.test.ts).
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

import { ESLint } from 'eslint';
import glob from 'fast-glob';

import { IGNORED_PATHS, SCANNER, SOURCE_PATTERNS, TARBALL_PATTERNS, scannerConfig } from './scannerConfig.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The scanner's lint on one folder: its config only, inline `eslint-` comments ignored. */
export async function scanFolder(dir, patterns) {
	const eslint = new ESLint({
		cwd: dir,
		allowInlineConfig: false,
		overrideConfigFile: true,
		overrideConfig: scannerConfig(),
	});
	const files = glob.sync(patterns, { cwd: dir, absolute: true, ignore: IGNORED_PATHS });
	return { eslint, files, results: files.length ? await eslint.lintFiles(files) : [] };
}

/** `npm pack` of the repository, unpacked (like the scanner does) into a new temporary folder. */
export function packAndUnpack() {
	const dir = mkdtempSync(join(tmpdir(), 'pmock-lint-tarball-'));
	const run = (command, args, cwd) => {
		const result = spawnSync(command, args, { cwd, encoding: 'utf8' });
		if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed:\n${result.stderr}`);
		return result.stdout;
	};
	const [{ filename }] = JSON.parse(run('npm', ['pack', '--json', '--pack-destination', dir], ROOT));
	const packageDir = join(dir, 'package');
	mkdirSync(packageDir);
	run('tar', ['-xzf', join(dir, filename), '-C', packageDir, '--strip-components=1'], dir);
	return { dir, packageDir, filename };
}

const count = (results) => results.reduce((sum, result) => sum + result.errorCount + result.warningCount, 0);

async function report(title, eslint, results, base) {
	const findings = count(results);
	console.log(`${findings === 0 ? 'ok  ' : 'FAIL'} ${title}: ${results.length} files, ${findings} findings`);
	if (findings > 0)
		console.log((await (await eslint.loadFormatter('stylish')).format(results)).replaceAll(`${base}/`, ''));
	return findings;
}

async function main() {
	let findings = 0;

	const project = new ESLint({ cwd: ROOT });
	findings += await report(
		'project config (eslint.config.mjs), whole repository',
		project,
		await project.lintFiles(['.']),
		ROOT,
	);

	const sources = await scanFolder(ROOT, SOURCE_PATTERNS);
	findings += await report(
		`${SCANNER} lint, sources (${SOURCE_PATTERNS.join(' ')})`,
		sources.eslint,
		sources.results,
		ROOT,
	);

	const packed = packAndUnpack();
	try {
		const tarball = await scanFolder(packed.packageDir, TARBALL_PATTERNS);
		const linted = tarball.files.map((file) => relative(packed.packageDir, file));
		const manifest = JSON.parse(readFileSync(join(packed.packageDir, 'package.json'), 'utf8'));
		// The files n8n loads must have been among those linted.
		for (const entry of [...manifest.n8n.nodes, ...manifest.n8n.credentials, 'package.json']) {
			if (!linted.includes(entry))
				throw new Error(`${packed.filename}: ${entry} was not linted (files linted: ${linted.join(', ')})`);
		}
		findings += await report(
			`${SCANNER} lint, ${packed.filename} unpacked (${TARBALL_PATTERNS.join(' ')})`,
			tarball.eslint,
			tarball.results,
			packed.packageDir,
		);
	} finally {
		rmSync(packed.dir, { recursive: true, force: true });
	}

	if (findings > 0) {
		console.log(
			`\n${findings} findings: fix them in the code (disabling a rule for shipped files is not an option: the scanner ignores it)`,
		);
		process.exitCode = 1;
	}
}

async function scanCommand(args) {
	const dir = args[args.indexOf('--scan') + 1];
	const which = args.includes('--patterns') ? args[args.indexOf('--patterns') + 1] : 'source';
	const { results } = await scanFolder(dir, which === 'tarball' ? TARBALL_PATTERNS : SOURCE_PATTERNS);
	const findings = results.flatMap((result) =>
		result.messages.map(({ ruleId, severity, message }) => ({
			file: relative(dir, result.filePath),
			ruleId,
			severity,
			message,
		})),
	);
	console.log(JSON.stringify({ files: results.map((result) => relative(dir, result.filePath)), findings }));
}

/** For each file: the rules (name -> severity 0/1/2) of the scanner's config and of eslint.config.mjs, and whether inline config is honoured. */
async function effectiveRulesCommand(files) {
	const scanner = new ESLint({ cwd: ROOT, overrideConfigFile: true, overrideConfig: scannerConfig() });
	const project = new ESLint({ cwd: ROOT });
	const severity = (rules) =>
		Object.fromEntries(
			Object.entries(rules ?? {}).map(([name, value]) => [name, Array.isArray(value) ? value[0] : value]),
		);
	const out = {};
	for (const file of files) {
		const [scannerRules, projectConfig] = [
			await scanner.calculateConfigForFile(file),
			await project.calculateConfigForFile(file),
		];
		out[file] = {
			scanner: severity(scannerRules.rules),
			project: severity(projectConfig.rules),
			projectNoInlineConfig: projectConfig.linterOptions?.noInlineConfig === true,
		};
	}
	console.log(JSON.stringify(out));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
	const args = process.argv.slice(2);
	const command = args.includes('--scan')
		? scanCommand(args)
		: args[0] === '--effective-rules'
			? effectiveRulesCommand(args.slice(1))
			: main();
	command.catch((error) => {
		console.error(error);
		process.exitCode = 2;
	});
}
