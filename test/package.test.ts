import { spawnSync } from 'child_process';
import { existsSync, readFileSync } from 'fs';
import { join } from 'path';

import { PackageDirectoryLoader } from 'n8n-core';

/**
 * The built package as n8n sees it: n8n-core's own PackageDirectoryLoader reads package.json's
 * `n8n` section and loads every listed file from dist/, as n8n does for a community package.
 * Needs `npm run build` first (npm test does it).
 */
const root = join(__dirname, '..');
const packageJson = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

describe('the published package', () => {
	test('package.json follows the community-package rules', () => {
		expect(packageJson.name).toBe('n8n-nodes-pmock');
		expect(packageJson.keywords).toContain('n8n-community-node-package');
		expect(packageJson.files).toStrictEqual(['dist']);
		expect(packageJson.dependencies ?? {}).toStrictEqual({});
		expect(Object.keys(packageJson.peerDependencies)).toStrictEqual(['n8n-workflow']);
		expect(packageJson.n8n).toMatchObject({ n8nNodesApiVersion: 1, strict: true });
		for (const file of [...packageJson.n8n.nodes, ...packageJson.n8n.credentials]) {
			expect(file).toMatch(/^dist\/.+\.js$/);
			expect(existsSync(join(root, file))).toBe(true);
		}
	});

	test('the package published to npm holds dist/ only: no sandbox, scripts, dev/ n8n or examples', () => {
		const packed = spawnSync('npm', ['pack', '--dry-run', '--json'], { cwd: root, encoding: 'utf8' });
		expect(packed.status).toBe(0);
		const files = (JSON.parse(packed.stdout) as Array<{ files: Array<{ path: string }> }>)[0].files.map((file) => file.path);
		expect(files.filter((path) => !path.startsWith('dist/')).sort()).toEqual(['LICENSE.md', 'README.md', 'package.json']);
		expect(files).toContain('dist/nodes/PMock/PMock.node.js');
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
		expect(nodeDescription.credentials).toStrictEqual([
			{ name: 'pmockApi', required: true, testedBy: 'pmockApiTest' },
		]);
		// The codex (PMock.node.json) was found beside the compiled node.
		expect(nodeDescription.codex?.categories).toStrictEqual(['AI', 'Marketing']);
		expect(nodeDescription.codex?.resources?.primaryDocumentation?.[0].url).toMatch(/^https:\/\//);
		// Icons are rewritten to served paths; the files they name must exist in dist.
		expect(nodeDescription.iconUrl).toBe('icons/n8n-nodes-pmock/dist/nodes/PMock/pmock.svg');
		expect(existsSync(join(root, 'dist/nodes/PMock/pmock.svg'))).toBe(true);

		const [credentialType] = loader.types.credentials;
		expect(credentialType.name).toBe('pmockApi');
		expect(credentialType.iconUrl).toBe('icons/n8n-nodes-pmock/dist/credentials/pmock.svg');
		expect(existsSync(join(root, 'dist/credentials/pmock.svg'))).toBe(true);
		expect(loader.nodesByCredential).toStrictEqual({ pmockApi: ['pmock'] });

		// n8n adds its Request Options (Batching, Proxy, Timeout...) to a declarative node; a
		// requestOptions of our own would be merged in and list those options twice.
		const requestOptions = nodeDescription.properties.filter((property) => property.name === 'requestOptions');
		expect(requestOptions).toHaveLength(1);
		expect(requestOptions[0].options?.map((option) => option.name)).toStrictEqual(['batching', 'allowUnauthorizedCerts', 'proxy', 'timeout']);

		// The loaded node keeps its routing and its credential test.
		const loadedNode = loader.getNode('pmock').type as { description: { requestDefaults?: unknown }; methods?: { credentialTest?: Record<string, unknown> } };
		expect(loadedNode.description.requestDefaults).toBeDefined();
		expect(typeof loadedNode.methods?.credentialTest?.pmockApiTest).toBe('function');

		// Every operation, with the endpoint its routing sends to.
		const routes = nodeDescription.properties
			.filter((property) => property.name === 'operation')
			.flatMap((property) => property.options ?? [])
			.map((option) => {
				const { value, routing } = option as { value: string; routing?: { request?: { url?: string } } };
				return [value, routing?.request?.url];
			});
		expect(routes).toStrictEqual([
			['generateV2', '/ai/sa/video/generate/v2'],
			['generateV1', '/ai/sa/video/generate'],
			['create', '/ai/sa/create/role'],
		]);
	});
});
