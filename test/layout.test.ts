import { readdirSync, readFileSync, statSync } from 'fs';
import { dirname, join, relative, resolve, sep } from 'path';

/**
 * Imports run one way (CONTRIBUTING.md, "How the code is laid out"): the node uses the
 * credential; the sandbox uses the credential's signing code; the dev harness and the tools use
 * those; tests use anything; nothing imports from test/.
 */

const ROOT = join(__dirname, '..');

/** Which top-level folders each folder's code may import from. */
const MAY_IMPORT: Record<string, string[]> = {
	credentials: ['credentials'],
	nodes: ['nodes', 'credentials'],
	sandbox: ['sandbox', 'credentials'],
	dev: ['dev', 'sandbox', 'credentials', 'nodes'],
	scripts: ['scripts', 'dev', 'sandbox', 'credentials', 'nodes'],
	test: ['test', 'scripts', 'dev', 'sandbox', 'credentials', 'nodes'],
};

function sourceFiles(dir: string): string[] {
	return readdirSync(dir).flatMap((name) => {
		const path = join(dir, name);
		if (name === 'node_modules' || name.startsWith('n8n-')) return [];
		if (statSync(path).isDirectory()) return sourceFiles(path);
		return /\.(ts|js|mjs)$/.test(name) ? [path] : [];
	});
}

/** The repository-relative folders a file's relative imports (and requires) point into. */
function importedAreas(file: string): Array<{ specifier: string; area: string }> {
	const text = readFileSync(file, 'utf8');
	const specifiers = [...text.matchAll(/(?:from\s+|require\(\s*|import\(\s*)['"](\.{1,2}\/[^'"]+)['"]/g)].map(
		(match) => match[1],
	);
	return specifiers.map((specifier) => {
		const target = relative(ROOT, resolve(dirname(file), specifier));
		return { specifier, area: target.split(sep)[0] };
	});
}

describe('import direction', () => {
	const files = Object.keys(MAY_IMPORT).flatMap((area) =>
		sourceFiles(join(ROOT, area)).map((file) => ({ file, area })),
	);

	test('every source folder is covered', () => {
		expect(files.length).toBeGreaterThan(50);
		for (const area of Object.keys(MAY_IMPORT)) expect(files.some((entry) => entry.area === area)).toBe(true);
	});

	test('each folder imports only from the folders below it, and nothing imports from test/', () => {
		const wrong = files.flatMap(({ file, area }) =>
			importedAreas(file)
				.filter((imported) => !MAY_IMPORT[area].includes(imported.area))
				.map((imported) => `${relative(ROOT, file)} imports ${imported.specifier} (${imported.area}/)`),
		);
		expect(wrong).toStrictEqual([]);
	});
});
