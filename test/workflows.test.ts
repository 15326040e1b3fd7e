import { existsSync, readFileSync } from 'fs';
import { join } from 'path';

import { parse } from 'yaml';

/**
 * The GitHub Actions workflows cannot run here: this checks that they parse, trigger when they
 * should, and run the steps the release path depends on, in order.
 */
const root = join(__dirname, '..');

interface Step {
	name?: string;
	uses?: string;
	run?: string;
	with?: Record<string, unknown>;
	env?: Record<string, string>;
}

interface Workflow {
	on: Record<string, unknown>;
	permissions?: Record<string, string>;
	jobs: Record<string, { 'runs-on': string; 'timeout-minutes'?: number; permissions?: unknown; steps: Step[] }>;
}

const load = (name: string) =>
	parse(readFileSync(join(root, '.github', 'workflows', name), 'utf8'), { strict: true, uniqueKeys: true }) as Workflow;

/** The only job of a workflow. */
function onlyJob(workflow: Workflow) {
	const jobs = Object.values(workflow.jobs);
	expect(jobs).toHaveLength(1);
	return jobs[0];
}

const indexOfStep = (steps: Step[], match: (step: Step) => boolean) => {
	const index = steps.findIndex(match);
	expect(index).toBeGreaterThanOrEqual(0);
	return index;
};

function expectCheckoutNodeAndCi(steps: Step[]) {
	const checkout = indexOfStep(steps, (step) => step.uses === 'actions/checkout@v4');
	const setupNode = indexOfStep(steps, (step) => step.uses === 'actions/setup-node@v4');
	const ci = indexOfStep(steps, (step) => step.run === 'bash .ci/run');
	expect(checkout).toBeLessThan(setupNode);
	expect(setupNode).toBeLessThan(ci);
	// The Node.js the package is built and tested with (engines: >=20.15).
	expect(steps[setupNode].with?.['node-version']).toBe(20);
	return { setupNode, ci };
}

describe('.github/workflows/ci.yml', () => {
	const workflow = load('ci.yml');
	const job = onlyJob(workflow);

	test('runs on every push and pull request, with read-only repository access', () => {
		expect(Object.keys(workflow.on).sort()).toStrictEqual(['pull_request', 'push']);
		// No branch or tag filter: every push and every pull request.
		expect(workflow.on.push ?? null).toBeNull();
		expect(workflow.on.pull_request ?? null).toBeNull();
		expect(workflow.permissions).toStrictEqual({ contents: 'read' });
	});

	test('runs .ci/run on ubuntu-latest with Node 20 and time for the n8n install and the e2e suite', () => {
		expect(job['runs-on']).toBe('ubuntu-latest');
		expect(job['timeout-minutes']).toBeGreaterThanOrEqual(60);
		expectCheckoutNodeAndCi(job.steps);
		expect(existsSync(join(root, '.ci', 'run'))).toBe(true);
	});
});

describe('.github/workflows/publish.yml', () => {
	const workflow = load('publish.yml');
	const job = onlyJob(workflow);

	test('runs only for a version tag v<major>.<minor>.<patch>', () => {
		expect(workflow.on).toStrictEqual({ push: { tags: ['v*.*.*'] } });
	});

	test('may mint the OIDC token npm provenance needs, and only read the repository', () => {
		expect(workflow.permissions).toStrictEqual({ 'id-token': 'write', contents: 'read' });
		expect(job.permissions).toBeUndefined();
	});

	test('checks the tag against package.json, runs .ci/run, then publishes with provenance', () => {
		expect(job['runs-on']).toBe('ubuntu-latest');
		expect(job['timeout-minutes']).toBeGreaterThanOrEqual(60);
		const { setupNode, ci } = expectCheckoutNodeAndCi(job.steps);
		expect(job.steps[setupNode].with?.['registry-url']).toBe('https://registry.npmjs.org');

		const tagCheck = indexOfStep(job.steps, (step) => step.run?.includes('$GITHUB_REF_NAME') === true);
		expect(job.steps[tagCheck].run).toContain("require('./package.json').version");
		const publish = indexOfStep(job.steps, (step) => step.run?.startsWith('npm publish') === true);
		expect(job.steps[publish].run).toBe('npm publish --provenance --access public');
		expect(job.steps[publish].env).toStrictEqual({ NODE_AUTH_TOKEN: '${{ secrets.NPM_TOKEN }}' });

		expect(tagCheck).toBeLessThan(ci);
		expect(ci).toBeLessThan(publish);
		expect(publish).toBe(job.steps.length - 1);
	});
});
