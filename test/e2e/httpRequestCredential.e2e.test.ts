import { existsSync, readFileSync } from 'fs';
import { join } from 'path';

import type { IDataObject } from 'n8n-workflow';

import type { Fault } from '../../sandbox/sandboxServer';

import { manualTriggerNode } from '../../dev/harness/workflowNodes';
import { DEFAULT_BASE_URL } from '../../credentials/PmockApi.credentials';
import { generateSoraStyles } from '../../nodes/Pmock/operations/video/generateSoraStyles';
import { useOtherHost } from '../helpers/otherHost';
import { everythingIn, expectNoSecrets } from '../helpers/secrets';
import { CREDENTIALS, SANDBOX_KEYS, WRONG_SECRET_KEY, taskIdsAnswered, useRealN8n } from './helpers/realN8n';

/**
 * The PMock API credential outside the PMock node: n8n's HTTP Request node lists it under
 * Authentication → Predefined Credential Type (it has `authenticate`), and every request it
 * sends is signed like the node's. Real n8n, the sandbox on 127.0.0.1.
 */
const n8n = useRealN8n();

/** The HTTP Request node the README gives users to paste (section "Other pmock endpoints"). */
const README_NODE = (() => {
	const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');
	const block = /The node, ready to paste[^\n]*\n\n```json\n([\s\S]*?)\n```/.exec(readme);
	if (!block)
		throw new Error('README.md: the HTTP Request node example (```json after "The node, ready to paste") is missing');
	const [node] = (
		JSON.parse(block[1]) as { nodes: Array<{ type: string; typeVersion: number; parameters: IDataObject }> }
	).nodes;
	return node;
})();
const README_URL = README_NODE.parameters.url as string;
const BODY = JSON.parse(README_NODE.parameters.jsonBody as string) as IDataObject;

let workflows = 0;

/**
 * Manual trigger → the README's HTTP Request node, its URL pointed at the sandbox instead of
 * https://ai.pmock.com/api (or at `url`), and its run. `options` replaces the README's node options.
 */
async function runHttpRequest(
	{
		credential = 'sandbox',
		options,
		url = README_URL.replace(DEFAULT_BASE_URL, n8n.sandbox.baseUrl),
	}: {
		credential?: keyof typeof CREDENTIALS | { id: string; name: string };
		options?: IDataObject;
		url?: string;
	} = {},
	faults = [] as Parameters<typeof n8n.execute>[1],
) {
	const id = `e2eHttp${++workflows}${Date.now().toString(36)}`;
	const workflow = {
		id,
		name: `e2e ${id}`,
		active: false,
		nodes: [
			manualTriggerNode(id),
			{
				id: `${id}-http`,
				name: 'Call pmock',
				type: README_NODE.type,
				typeVersion: README_NODE.typeVersion,
				position: [200, 0],
				parameters: {
					...README_NODE.parameters,
					url,
					...(options && { options }),
				},
				credentials: { pmockApi: typeof credential === 'string' ? CREDENTIALS[credential] : credential },
			},
		],
		connections: { Start: { main: [[{ node: 'Call pmock', type: 'main', index: 0 }]] } },
		settings: { executionOrder: 'v1' },
	};
	const outcome = await n8n.execute(workflow, faults);
	const output = (outcome.result.data.resultData.runData['Call pmock']?.[0]?.data?.main[0] ?? []).map(
		(item) => item.json,
	);
	return { ...outcome, output };
}

describe("the PMock API credential in n8n's HTTP Request node (Predefined Credential Type)", () => {
	// Another origin (another port of 127.0.0.1) that records who calls it.
	const bystander = useOtherHost();

	test("the README's node: its POST reaches the sandbox signed with both header pairs, and the node outputs the answer", async () => {
		expect(README_URL).toBe(`${DEFAULT_BASE_URL}${generateSoraStyles.path}`);
		expect(README_NODE.parameters).toMatchObject({
			authentication: 'predefinedCredentialType',
			nodeCredentialType: 'pmockApi',
		});
		const { received, output, error, cli } = await runHttpRequest();
		expect(error).toBeUndefined();
		expect(received).toHaveLength(1);
		expect(received[0]).toMatchObject({
			method: 'POST',
			path: generateSoraStyles.path,
			signature: 'valid',
			body: BODY,
		});
		// Both pairs are there (the sandbox checks a wuinai-access-* pair whenever one is sent).
		expect(received[0].headers).toMatchObject({
			'pmock-access-key': SANDBOX_KEYS.accessKey,
			'wuinai-access-key': SANDBOX_KEYS.accessKey,
		});
		const [taskId] = taskIdsAnswered(received);
		expect(output).toEqual([received[0].response.body]);
		expect(output[0]).toMatchObject({ code: 200, data: { taskId } });
		expectNoSecrets(cli, SANDBOX_KEYS.accessKey, SANDBOX_KEYS.secretKey);
	});

	test('signed with the wrong secret key, the sandbox refuses it and the node fails', async () => {
		const { received, error, cli } = await runHttpRequest({ credential: 'wrongSecret' });
		expect(received).toHaveLength(1);
		expect(received[0].signature).toMatch(/^signature verification failed/);
		expect(received[0].response.status).toBe(401);
		expect(error?.node?.name).toBe('Call pmock');
		// The Secret Key never leaves n8n, and the signature is not in the error details the HTTP
		// Request node keeps (the credential signs a copy of its request options).
		expect(everythingIn(cli)).not.toContain(WRONG_SECRET_KEY);
		expectNoSecrets(cli, SANDBOX_KEYS.accessKey, WRONG_SECRET_KEY);
	});

	test('pointed at another origin, the credential signs nothing: that server gets no pmock or wuinai header, and the run fails saying why', async () => {
		// The credential's Base URL is the sandbox; the URL is another port of 127.0.0.1, with a
		// user:password@, a path and a query that the message must not show.
		const target = bystander.origin.replace('http://', 'http://me:hunter2@');
		const { received, error, cli } = await runHttpRequest({ url: `${target}${generateSoraStyles.path}?token=abc` });
		expect(received).toHaveLength(0);
		expect(bystander.hits).toStrictEqual([]);
		expect(error?.node?.name).toBe('Call pmock');
		const said = `${error?.message} ${error?.description ?? ''}`;
		const signsFor = new URL(n8n.sandbox.baseUrl).origin;
		expect(error?.message).toBe(
			`The PMock API credential signs only requests to its Base URL's origin (${signsFor}), and this request was going to ${bystander.origin}: nothing was sent. To call pmock, use a URL that starts with ${n8n.sandbox.baseUrl}; to call another service, use that service's credential; if pmock is reached at ${bystander.origin}, change the Base URL in the PMock API credential`,
		);
		for (const hidden of ['hunter2', 'token=abc', generateSoraStyles.path]) expect(said).not.toContain(hidden);
		expectNoSecrets(cli, SANDBOX_KEYS.accessKey, SANDBOX_KEYS.secretKey);
	});

	test("redirects are never followed with the PMock credential, whatever the node's Follow Redirects says: the other origin gets nothing", async () => {
		const redirect = [{ status: 302, headers: { location: `${bystander.origin}/elsewhere` }, body: '' }];
		// The HTTP Request node's defaults (Follow Redirects on), explicitly on, and the README's off.
		const optionSets: IDataObject[] = [
			{},
			{ redirect: { redirect: { followRedirects: true } } },
			README_NODE.parameters.options as IDataObject,
		];
		for (const options of optionSets) {
			const run = await runHttpRequest({ options }, redirect);
			expect(run.received).toHaveLength(1);
			expect(run.received[0].response.status).toBe(302);
			// The node stops with the redirect as its error, as with Follow Redirects off.
			expect(run.error?.message).toMatch(/^302\b/);
			expect(run.output).toStrictEqual([]);
		}
		expect(bystander.hits).toStrictEqual([]);
	});
});

/**
 * The HTTP Request node keeps the request options it passes to the credential and saves them
 * in a failed execution (`error.context.request`), redacting only a fixed list of header
 * names: the signature headers (valid for the rest of the minute) and a gateway's
 * user:password in the Base URL must not be among them, neither in what the REST API gives
 * the editor nor in the database.
 */
describe('a failed HTTP Request with the PMock API credential saves no signature and no password', () => {
	const GATEWAY_PASSWORD = 'gateway-hunter2';
	const GATEWAY = { id: 'e2eGatewayCred', name: 'PMock sandbox behind a gateway (user:password in the Base URL)' };
	const GATEWAY_REFUSED = { id: 'e2eGatewayNoDomain', name: 'PMock gateway, Allowed Domains: example.com' };
	/** Whether this line refuses hosts outside a credential's Allowed HTTP Request Domains (2.41 does, 2.8.4 does not). */
	const restrictsDomains = existsSync(
		join(n8n.line.dir, 'node_modules', 'n8n-workflow', 'dist', 'cjs', 'credential-domain-restrictions.js'),
	);
	const failedWorkflows: Array<{ name: string; workflowId: string }> = [];

	beforeAll(async () => {
		const baseUrl = n8n.sandbox.baseUrl.replace('http://', `http://gateway:${GATEWAY_PASSWORD}@`);
		await n8n.importCredential(GATEWAY, { baseUrl });
		await n8n.importCredential(GATEWAY_REFUSED, {
			baseUrl,
			allowedHttpRequestDomains: 'domains',
			allowedDomains: 'example.com',
		});
	}, 120_000);

	const expectNothingSecretIn = (text: string) => {
		expectNoSecrets(text, SANDBOX_KEYS.accessKey, SANDBOX_KEYS.secretKey);
		expect(text).not.toContain(GATEWAY_PASSWORD);
		expect(text.toLowerCase()).not.toContain('access-token');
	};

	const failures: Array<{ name: string; faults: Fault[]; sent: number }> = [
		{
			name: 'HTTP 500',
			faults: [{ status: 500, body: { code: 500, message: 'internal error', traceId: 't-500' } }],
			sent: 1,
		},
		{ name: 'HTTP 404', faults: [{ status: 404, body: { code: 404, message: 'no such path' } }], sent: 1 },
		{
			name: 'a 302 redirect',
			faults: [{ status: 302, headers: { location: 'http://127.0.0.1:9/x' }, body: '' }],
			sent: 1,
		},
		{ name: 'a dropped connection', faults: [{ hangUp: 'before-headers' }], sent: 1 },
	];
	test.each(failures)(
		'$name: the saved execution holds no signature header and no password',
		async ({ name, faults, sent }) => {
			const run = await runHttpRequest({ credential: GATEWAY }, faults);
			expect(run.received).toHaveLength(sent);
			expect(run.error?.node?.name).toBe('Call pmock');
			const saved = await n8n.savedExecution(run.workflowId);
			expect(saved.status).toBe('error');
			// The request n8n keeps is there, without what the credential added.
			expect(saved.raw).toContain('"request"');
			expectNothingSecretIn(saved.raw);
			failedWorkflows.push({ name, workflowId: run.workflowId });
		},
	);

	if (restrictsDomains) {
		test('Allowed HTTP Request Domains refuses the host (nothing is sent): the saved execution holds no signature and no password', async () => {
			const run = await runHttpRequest({ credential: GATEWAY_REFUSED });
			expect(run.received).toHaveLength(0);
			expect(run.error?.message).toMatch(/Domain not allowed/);
			const saved = await n8n.savedExecution(run.workflowId);
			expectNothingSecretIn(saved.raw);
			failedWorkflows.push({ name: 'the domain refusal', workflowId: run.workflowId });
		});
	}

	test('what the editor reads (GET /rest/executions/<id>) holds no signature and no password either', async () => {
		expect(failedWorkflows.length).toBeGreaterThanOrEqual(failures.length);
		// The CLI runs are over: the server reads the same database.
		await n8n.startServer();
		for (const { name, workflowId } of failedWorkflows) {
			const filter = encodeURIComponent(JSON.stringify({ workflowId }));
			const list = await n8n.rest<{ data: { results: Array<{ id: string }> } }>(
				'GET',
				`/rest/executions?filter=${filter}`,
			);
			expect(list.status).toBe(200);
			const [execution] = list.body.data.results;
			expect({ name, execution }).toMatchObject({ name, execution: { id: expect.any(String) } });
			const read = await n8n.rest('GET', `/rest/executions/${execution.id}`);
			expect(read.status).toBe(200);
			const text = JSON.stringify(read.body);
			expect(text).toContain('request');
			expectNothingSecretIn(text);
		}
	}, 200_000);
});
