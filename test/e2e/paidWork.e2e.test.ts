import { join } from 'path';
import type { IDataObject, INode } from 'n8n-workflow';

import { credentialProblem, isCredentialProblem, PmockCredentialError } from '../../credentials/pmockCredentialErrors';

import { itemsNode, manualTriggerNode } from '../../dev/harness/workflowNodes';
import { useOtherHost } from '../helpers/otherHost';
import { expectNoSecrets } from '../helpers/secrets';
import {
	BASE_URL_PASSWORD,
	bodiesBehind,
	CREDENTIALS,
	NODE_TYPE,
	projectLine,
	SANDBOX_KEYS,
	taskIdsAnswered,
	useRealN8n,
	WRONG_SECRET_KEY,
} from './helpers/realN8n';

/**
 * Paid work in the real n8n: every request can start a paid video, so a started task is never
 * lost, a signed header never goes to another host, and nothing a server sends is stored
 * unbounded. Each case checks what the sandbox received and what n8n ran, printed and saved.
 */
const n8n = useRealN8n();

const V2 = '/ai/sa/video/generate/v2';

/** Another host (another port of 127.0.0.1) that records whatever reaches it. */
const elsewhere = useOtherHost();
const elsewhereOrigin = () => elsewhere.origin;

const expectNoSecretsIn = (text: string) => expectNoSecrets(text, SANDBOX_KEYS.accessKey, SANDBOX_KEYS.secretKey);

let workflows = 0;

/**
 * Start → Items (Code) → PMock, whose outputs go to "After PMock" and, with On Error →
 * Continue (using error output), to "On error": two Set nodes that read the input item
 * through `$('Items').item`, which only works when PMock's items are paired with theirs.
 */
function pairedWorkflow(items: IDataObject[], onError: 'continueRegularOutput' | 'continueErrorOutput') {
	const id = `paid${++workflows}${Date.now().toString(36)}`;
	const readsInput = (name: string, x: number) => ({
		id: `${id}-${name}`,
		name,
		type: 'n8n-nodes-base.set',
		typeVersion: 3.4,
		position: [x, 0],
		parameters: {
			mode: 'manual',
			includeOtherFields: true,
			assignments: {
				assignments: [
					{ id: `${id}-${name}-a`, name: 'promptOfInput', value: "={{ $('Items').item.json.prompt }}", type: 'string' },
				],
			},
			options: {},
		},
	});
	const nodes = [
		manualTriggerNode(id),
		itemsNode(id, items),
		{
			id: `${id}-pmock`,
			name: 'PMock',
			type: NODE_TYPE,
			typeVersion: 2,
			position: [400, 0],
			parameters: { sora2Prompt: '={{ $json.prompt }}' },
			credentials: { pmockApi: CREDENTIALS.sandbox },
			onError,
		},
		readsInput('After PMock', 600),
		readsInput('On error', 600),
	];
	const pmockOutputs =
		onError === 'continueErrorOutput'
			? [[{ node: 'After PMock', type: 'main', index: 0 }], [{ node: 'On error', type: 'main', index: 0 }]]
			: [[{ node: 'After PMock', type: 'main', index: 0 }]];
	return {
		id,
		name: `e2e ${id}`,
		active: false,
		nodes: onError === 'continueErrorOutput' ? nodes : nodes.slice(0, 4),
		connections: {
			Start: { main: [[{ node: 'Items', type: 'main', index: 0 }]] },
			Items: { main: [[{ node: 'PMock', type: 'main', index: 0 }]] },
			PMock: { main: pmockOutputs },
		},
		settings: { executionOrder: 'v1' },
	};
}

describe('paid work in real n8n', () => {
	test('a redirect to another host is not followed: that host receives nothing, and the item fails naming it', async () => {
		const { received, output, error, cli } = await n8n.run({
			parameters: { sora2Prompt: 'A fox in the snow' },
			faults: [{ status: 307, headers: { location: `${elsewhereOrigin()}/api${V2}` }, body: '' }],
		});
		expect(received).toHaveLength(1);
		expect(elsewhere.hits).toEqual([]);
		expect(output).toEqual([]);
		expect(error?.message).toBe(`PMock answered with a redirect (HTTP 307) to ${elsewhereOrigin()}`);
		expect(error?.description).toContain('The redirect was not followed: nothing was sent there');
		expect(cli.stdout).not.toContain('stolen-task');
	});

	test('200 items, item 57 gets HTTP 500 and item 120 a dropped connection: the saved execution lists the 198 started taskIds', async () => {
		const items = Array.from({ length: 200 }, (_, index) => ({ prompt: `prompt ${index + 1}` }));
		const { received, error, workflowId } = await n8n.run({
			items,
			parameters: { sora2Prompt: '={{ $json.prompt }}' },
			faults: [
				{
					whenBody: { prompt: 'prompt 57' },
					status: 500,
					body: { code: 500, message: 'internal error', data: null, traceId: 't-57' },
				},
				{ whenBody: { prompt: 'prompt 120' }, hangUp: 'before-headers' },
			],
		});
		expect(received).toHaveLength(200);
		const started = received.filter((entry) => entry.response.status === 200);
		expect(started).toHaveLength(198);
		expect(error?.message).toBe(
			'PMock server error (HTTP 500): PMock may have started (and billed) a task for item 57. Check your pmock console before running it again',
		);
		expect(error?.description).toContain('198 of the 200 items of this run started a task before it stopped');

		const saved = await n8n.savedExecution(workflowId);
		expect(saved.status).toBe('error');
		for (const entry of started) {
			const prompt = (entry.body as { prompt: string }).prompt;
			const [taskId] = taskIdsAnswered([entry]);
			expect(saved.error).toContain(`item ${prompt.slice('prompt '.length)} → ${taskId}`);
		}
	});

	test.each(['continueRegularOutput', 'continueErrorOutput'] as const)(
		"On Error → %s: every item is paired, and the next nodes read $('Items').item on both branches",
		async (onError) => {
			const items = [{ prompt: 'first' }, { prompt: 'second fails' }, { prompt: 'third' }];
			const workflow = pairedWorkflow(items, onError);
			const { received, error, result } = await n8n.execute(workflow, [
				{
					whenBody: { prompt: 'second fails' },
					body: { code: 4001, message: 'insufficient balance', data: null, traceId: 't-2' },
				},
			]);
			expect(error).toBeUndefined();
			expect(received).toHaveLength(3);
			const runData = result.data.resultData.runData;
			const after = runData['After PMock'][0].data!.main[0]!.map((item) => item.json);
			// $json.error: the message, and a flag a later node can route on.
			const insufficientBalance = expect.objectContaining({
				message: 'PMock returned error code 4001: insufficient balance',
				httpCode: '4001',
				traceId: 't-2',
				taskMayHaveStarted: false,
			});
			if (onError === 'continueErrorOutput') {
				const onErrorItems = runData['On error'][0].data!.main[0]!.map((item) => item.json);
				expect(after.map((json) => json.promptOfInput)).toEqual(['first', 'third']);
				// n8n gives the error output the input item's fields too.
				expect(onErrorItems).toEqual([
					{ error: insufficientBalance, prompt: 'second fails', promptOfInput: 'second fails' },
				]);
			} else {
				expect(after.map((json) => json.promptOfInput)).toEqual(['first', 'second fails', 'third']);
				expect(after[1]).toEqual({ error: insufficientBalance, promptOfInput: 'second fails' });
			}
		},
	);

	// Under the 1 MB an answer may have (a larger one is refused unread: boundedRequests.e2e.test.ts).
	test('a 900 KB message and a 900 KB data object are cut: error and output stay small', async () => {
		const huge = 'x'.repeat(900_000);
		const failed = await n8n.run({
			parameters: { sora2Prompt: 'A big answer' },
			faults: [{ body: { code: 4001, message: `balance too low ${huge}`, data: null, traceId: 't-big' } }],
		});
		expect(failed.error?.message).toMatch(
			/^PMock returned error code 4001: balance too low x+… \(cut: 900,016 characters in all\)$/,
		);
		expect(failed.cli.stdout.length).toBeLessThan(50_000);
		const saved = await n8n.savedExecution(failed.workflowId);
		expect(saved.size).toBeLessThan(100_000);

		const succeeded = await n8n.run({
			parameters: { sora2Prompt: 'A big success' },
			faults: [{ body: { code: 200, message: 'success', data: { taskId: 'big-one', log: huge }, traceId: 't-ok' } }],
		});
		expect(succeeded.output).toEqual([{ taskId: 'big-one', traceId: 't-ok', message: 'success' }]);
		expect((await n8n.savedExecution(succeeded.workflowId)).size).toBeLessThan(100_000);
	});

	test.each(['continueRegularOutput', 'continueErrorOutput'] as const)(
		'On Error → %s, an expression that fails on item 4 of 6: nothing of the run is sent',
		async (onError) => {
			const items = ['a', 'b', 'c', 'd', 'e', 'f'].map((prompt) => ({ prompt, broken: prompt === 'd' }));
			const { received, output } = await n8n.run({
				parameters: { sora2Prompt: "={{ $json.broken ? $('No such node').item.json.prompt : $json.prompt }}" },
				items,
				settings: { onError },
			});
			// Items a to c were prepared before the expression failed on d: none of them left.
			expect(received).toEqual([]);
			expect(output.filter((json) => json.taskId !== undefined)).toEqual([]);
		},
	);

	test('a prompt of zero-width spaces is refused before sending', async () => {
		const { received, error } = await n8n.run({ parameters: { sora2Prompt: '\u200B\u200B\u200B' } });
		expect(received).toEqual([]);
		expect(error?.message).toBe(
			'Prompt (prompt) has no visible characters: only spaces, control characters, zero-width or other invisible characters',
		);
	});

	test('a dropped connection says the video may have started and how to check', async () => {
		const { received, error } = await n8n.run({
			parameters: { sora2Prompt: 'A dropped line' },
			faults: [{ hangUp: 'mid-body' }],
		});
		expect(received).toHaveLength(1);
		expect(error?.message).toBe(
			'The connection to PMock failed before its whole answer arrived: PMock may have started (and billed) a task for item 1. Check your pmock console before running it again',
		);
	});

	test('a dropped connection on the error branch: $json.error says a task may have started, and Retry On Fail re-sends nothing', async () => {
		const items = [{ prompt: 'first' }, { prompt: 'second drops' }, { prompt: 'third' }];
		const workflow = pairedWorkflow(items, 'continueErrorOutput');
		Object.assign(
			workflow.nodes.find((node) => node.name === 'PMock')!,
			{
				retryOnFail: true,
				maxTries: 3,
				waitBetweenTries: 10,
			},
		);
		const { received, error, result } = await n8n.execute(workflow, [
			{ whenBody: { prompt: 'second drops' }, hangUp: 'before-headers' },
		]);
		expect(error).toBeUndefined();
		// One request per item: n8n re-ran the node only if the first item failed, and a retry sends no item again.
		expect(received).toHaveLength(3);
		const runData = result.data.resultData.runData;
		expect(runData['On error'][0].data!.main[0]!.map((item) => item.json)).toEqual([
			{
				error: expect.objectContaining({
					message:
						'The connection to PMock closed before its answer arrived: PMock may have started (and billed) a task for item 2. Check your pmock console before running it again',
					taskMayHaveStarted: true,
				}),
				prompt: 'second drops',
				promptOfInput: 'second drops',
			},
		]);
		expect(runData['After PMock'][0].data!.main[0]!.map((item) => item.json.promptOfInput)).toEqual(['first', 'third']);
	});

	test("an error the credential throws, wrapped as this line's request helper does: still a credential problem", async () => {
		const line = projectLine();
		// n8n-core's httpRequestWithAuthentication: `throw new NodeApiError(this.getNode(), error)`.
		const { NodeApiError } = (await import(
			join(line.dir, 'node_modules', 'n8n-workflow')
		)) as typeof import('n8n-workflow');
		const node = { id: 'n', name: 'PMock', type: NODE_TYPE, typeVersion: 2, position: [0, 0], parameters: {} } as INode;
		const wrapped = new NodeApiError(node, credentialProblem('Worded like no other problem') as never);
		expect(wrapped.message).toBe('Worded like no other problem');
		// 2.41 keeps the class as the cause; 2.8 drops the cause and its message alone tells.
		expect(wrapped.cause instanceof PmockCredentialError).toBe(line.version !== '2.8.4');
		expect(isCredentialProblem(wrapped)).toBe(true);
	});

	test('a Base URL whose password holds "/" is never shown or saved in clear', async () => {
		const { error, cli, workflowId } = await n8n.run({
			parameters: { sora2Prompt: 'A masked password' },
			credential: 'passwordInBaseUrl',
		});
		expect(error?.message).toMatch(
			/^The Base URL in the PMock API credential is not usable: "http:\/\/\*\*\*@127\.0\.0\.1:/,
		);
		const saved = await n8n.savedExecution(workflowId);
		for (const text of [cli.stdout, cli.stderr, saved.raw]) {
			expect(text).not.toContain(BASE_URL_PASSWORD);
			expectNoSecretsIn(text);
		}
	});

	// From the per-operation e2e files the table of operation cases replaced (operationCases.e2e.test.ts).
	test('an API error (code 4001 in HTTP 200) fails the workflow with the API message and traceId', async () => {
		const { received, output, error, result, cli } = await n8n.run({
			parameters: { sora2Prompt: 'A costly video' },
			faults: [{ body: { code: 4001, message: 'insufficient balance', data: null, traceId: 'trace-e2e-4001' } }],
		});
		expect(received).toHaveLength(1);
		expect(received[0]).toMatchObject({
			fault: true,
			signature: 'valid',
			body: expect.objectContaining({ prompt: 'A costly video' }),
		});
		expect(output).toEqual([]);
		expect(error).toMatchObject({
			message: 'PMock returned error code 4001: insufficient balance',
			node: { name: 'PMock' },
		});
		expect(error!.description).toContain('traceId: trace-e2e-4001');
		expect(result.data.resultData.lastNodeExecuted).toBe('PMock');
		expectNoSecretsIn(cli.stdout + cli.stderr);
	});

	test('continue on fail: the refused middle item carries its error, the others get taskIds, in order', async () => {
		const { received, output, error } = await n8n.run({
			items: [
				{ prompt: 'good one', seconds: 10 },
				{ prompt: 'bad one', seconds: 12 },
				{ prompt: 'good two', seconds: 15 },
			],
			parameters: { sora2Prompt: '={{ $json.prompt }}', sora2Duration: '={{ $json.seconds }}' },
			settings: { onError: 'continueRegularOutput' },
		});
		expect(error).toBeUndefined();
		expect(received).toHaveLength(2);
		expect(output).toHaveLength(3);
		expect(output[1]).toEqual({
			error: expect.objectContaining({ message: 'Duration (duration) cannot be 12', taskMayHaveStarted: false }),
		});
		expect(bodiesBehind(received, output)).toEqual([
			expect.objectContaining({ prompt: 'good one', duration: 10 }),
			undefined,
			expect.objectContaining({ prompt: 'good two', duration: 15 }),
		]);
	});

	test('a wrong secret key: the sandbox refuses the signature, n8n says to check the keys, no secret leaks', async () => {
		const { received, output, error, cli } = await n8n.run({
			parameters: { sora2Prompt: 'A signed request' },
			credential: 'wrongSecret',
		});
		// n8n's request engine retries once after a 401; every attempt is refused.
		expect(received.length).toBeGreaterThanOrEqual(1);
		for (const entry of received) {
			expect(entry).toMatchObject({ path: V2, response: { status: 401 } });
			expect(entry.signature).toMatch(/signature verification failed/);
		}
		expect(output).toEqual([]);
		expect(error).toMatchObject({ message: 'PMock rejected the credentials (HTTP 401)' });
		for (const secretKey of [SANDBOX_KEYS.secretKey, WRONG_SECRET_KEY]) {
			expectNoSecrets(cli.stdout + cli.stderr, SANDBOX_KEYS.accessKey, secretKey);
		}
	});
});
