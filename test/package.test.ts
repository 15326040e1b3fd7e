import { spawnSync } from 'child_process';
import { existsSync, readFileSync } from 'fs';
import { builtinModules } from 'module';
import { dirname, join, normalize } from 'path';

import { PackageDirectoryLoader } from 'n8n-core';

import { OPERATION_CASES } from './cases';

/**
 * The built package as n8n sees it: n8n-core's own PackageDirectoryLoader reads package.json's
 * `n8n` section and loads every listed file from dist/, as n8n does for a community package.
 * Needs `npm run build` first (npm test does it).
 */
const root = join(__dirname, '..');
const packageJson = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const listedFiles: string[] = [...packageJson.n8n.nodes, ...packageJson.n8n.credentials];

/** The files `npm publish` would put in the tarball, as `npm pack --dry-run` lists them. */
function packedFiles(): string[] {
	const packed = spawnSync('npm', ['pack', '--dry-run', '--json'], { cwd: root, encoding: 'utf8' });
	expect(packed.status).toBe(0);
	return (JSON.parse(packed.stdout) as Array<{ files: Array<{ path: string }> }>)[0].files.map((file) => file.path);
}

/** `require("…")` calls in compiled CommonJS, split into the package's own files and the rest. */
function requiresOf(file: string): { relative: string[]; bare: string[] } {
	const specifiers = [...readFileSync(join(root, file), 'utf8').matchAll(/\brequire\("([^"]+)"\)/g)].map(
		(match) => match[1],
	);
	return {
		relative: specifiers
			.filter((specifier) => specifier.startsWith('.'))
			.map((specifier) => normalize(join(dirname(file), specifier.endsWith('.js') ? specifier : `${specifier}.js`))),
		bare: specifiers.filter((specifier) => !specifier.startsWith('.')),
	};
}

/** Every compiled file n8n loads: the listed node and credential files and what they require, transitively. */
function loadedJavaScript(): { files: Set<string>; bare: Set<string> } {
	const files = new Set<string>();
	const bare = new Set<string>();
	const visit = (file: string) => {
		if (files.has(file)) return;
		files.add(file);
		const requires = requiresOf(file);
		requires.bare.forEach((specifier) => bare.add(specifier));
		requires.relative.forEach(visit);
	};
	listedFiles.forEach(visit);
	return { files, bare };
}

describe('the published package', () => {
	test('package.json follows the community-package rules', () => {
		expect(packageJson.name).toBe('n8n-nodes-pmock');
		expect(packageJson.keywords).toContain('n8n-community-node-package');
		expect(packageJson.author).toEqual({
			name: expect.stringMatching(/\S/),
			email: expect.stringMatching(/^[^@\s]+@[^@\s]+\.[a-z]+$/),
		});
		expect(packageJson.dependencies ?? {}).toStrictEqual({});
		expect(Object.keys(packageJson.peerDependencies)).toStrictEqual(['n8n-workflow']);
		expect(packageJson.n8n).toMatchObject({ n8nNodesApiVersion: 1, strict: true });
		for (const file of listedFiles) {
			expect(file).toMatch(/^dist\/.+\.js$/);
			expect(existsSync(join(root, file))).toBe(true);
		}
	});

	test('`main` is a file that exists in the package: the node (n8n reads the `n8n` section, not `main`)', () => {
		expect(packageJson.main).toBe(packageJson.n8n.nodes[0]);
		expect(packedFiles()).toContain(packageJson.main);
		// eslint-disable-next-line @typescript-eslint/no-require-imports
		const exported = require(join(root, packageJson.main));
		expect(new exported.Pmock().description.name).toBe('pmock');
	});

	test('the tarball holds exactly what n8n loads, plus README, LICENSE and package.json', async () => {
		const loader = new PackageDirectoryLoader(root);
		await loader.loadAll();
		const { files: javaScript, bare } = loadedJavaScript();
		// Icons as n8n serves them: iconUrl is "icons/<package>/<path in the package>".
		const icons = [...loader.types.nodes, ...loader.types.credentials].flatMap((type) => {
			const { iconUrl } = type as { iconUrl?: string | { light: string; dark: string } };
			const urls = typeof iconUrl === 'string' ? [iconUrl] : iconUrl ? [iconUrl.light, iconUrl.dark] : [];
			return urls.map((url) => url.replace(/^icons\/n8n-nodes-pmock\//, ''));
		});
		// The codex n8n reads beside each node file: Pmock.node.js -> Pmock.node.json.
		const codexes = packageJson.n8n.nodes.map((file: string) => file.replace(/\.js$/, '.json'));
		const expected = ['package.json', 'README.md', 'LICENSE.md', ...javaScript, ...icons, ...codexes];

		expect(icons).toHaveLength(4);
		expect(packedFiles().sort()).toStrictEqual([...new Set(expected)].sort());
		// No runtime dependency: the compiled code requires only Node's own modules and n8n-workflow (n8n provides it).
		expect(
			[...bare].filter((specifier) => specifier !== 'n8n-workflow' && !builtinModules.includes(specifier)),
		).toStrictEqual([]);
	});

	test('n8n-core loads every listed node and credential from dist, with codex and icons', async () => {
		const loader = new PackageDirectoryLoader(root);
		await loader.loadAll();

		expect(Object.keys(loader.nodeTypes)).toStrictEqual(['pmock']);
		expect(Object.keys(loader.credentialTypes)).toStrictEqual(['pmockApi']);

		// n8n names the node type `<package>.<node>`: n8n-nodes-pmock.pmock.
		expect(loader.packageName).toBe('n8n-nodes-pmock');
		const [nodeDescription] = loader.types.nodes;
		expect(nodeDescription.name).toBe('pmock');
		expect(nodeDescription.displayName).toBe('PMock');
		expect(nodeDescription.usableAsTool).toBe(true);
		expect(nodeDescription.credentials).toStrictEqual([{ name: 'pmockApi', required: true, testedBy: 'pmockApiTest' }]);
		// The codex (Pmock.node.json) was found beside the compiled node: an ordinary action node
		// (no "AI" category, which would make the editor treat it as an AI sub-node), found by its aliases.
		expect(nodeDescription.codex?.categories).toStrictEqual(['Marketing & Content']);
		expect(nodeDescription.codex?.subcategories).toBeUndefined();
		expect(nodeDescription.codex?.alias).toEqual(expect.arrayContaining(['Sora', 'video']));
		expect(nodeDescription.codex?.resources?.primaryDocumentation?.[0].url).toMatch(/^https:\/\//);
		// Icons are rewritten to served paths; the files they name must exist in dist.
		expect(nodeDescription.iconUrl).toStrictEqual({
			light: 'icons/n8n-nodes-pmock/dist/nodes/Pmock/pmock.svg',
			dark: 'icons/n8n-nodes-pmock/dist/nodes/Pmock/pmock.dark.svg',
		});
		expect(existsSync(join(root, 'dist/nodes/Pmock/pmock.svg'))).toBe(true);
		expect(existsSync(join(root, 'dist/nodes/Pmock/pmock.dark.svg'))).toBe(true);

		const [credentialType] = loader.types.credentials;
		expect(credentialType.name).toBe('pmockApi');
		expect(credentialType.iconUrl).toStrictEqual({
			light: 'icons/n8n-nodes-pmock/dist/credentials/pmock.svg',
			dark: 'icons/n8n-nodes-pmock/dist/credentials/pmock.dark.svg',
		});
		expect(existsSync(join(root, 'dist/credentials/pmock.dark.svg'))).toBe(true);
		expect(loader.nodesByCredential).toStrictEqual({ pmockApi: ['pmock'] });

		// n8n adds its Request Options (Batching, Proxy, Timeout...) to a declarative node; a
		// requestOptions of our own would be merged in and list those options twice.
		const requestOptions = nodeDescription.properties.filter((property) => property.name === 'requestOptions');
		expect(requestOptions).toHaveLength(1);
		expect(requestOptions[0].options?.map((option) => option.name)).toStrictEqual([
			'batching',
			'allowUnauthorizedCerts',
			'proxy',
			'timeout',
		]);

		// The loaded node keeps its routing and its credential test.
		const loadedNode = loader.getNode('pmock').type as {
			description: { requestDefaults?: unknown };
			methods?: { credentialTest?: Record<string, unknown> };
		};
		expect(loadedNode.description.requestDefaults).toBeDefined();
		expect(typeof loadedNode.methods?.credentialTest?.pmockApiTest).toBe('function');

		// Every operation of the table of cases (test/cases/), with the endpoint its routing sends
		// to: on its Operation option, or, where a choice picks the endpoint (GPT Image 2's What
		// Comes Back), on that choice's options, each shown only for the operation.
		type Routed = { value: string; routing?: { request?: { url?: string } } };
		const urlOf = (option: unknown) => (option as Routed).routing?.request?.url;
		const choiceUrls = (operation: string) =>
			nodeDescription.properties
				.filter((property) => property.name !== 'operation')
				.filter((property) => property.displayOptions?.show?.operation?.includes(operation))
				.flatMap((property) => property.options ?? [])
				.map(urlOf)
				.filter((url) => url !== undefined);
		const routes = nodeDescription.properties
			.filter((property) => property.name === 'operation')
			.flatMap((property) => property.options ?? [])
			.flatMap((option) => {
				const { value } = option as Routed;
				const url = urlOf(option);
				return (url === undefined ? choiceUrls(value) : [url]).map((path) => [value, path]);
			});
		expect(routes.map(String).sort()).toStrictEqual(
			OPERATION_CASES.map((row) => String([row.operation, row.path])).sort(),
		);
	});
});
