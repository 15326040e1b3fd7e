import type { ICredentialDataDecryptedObject, INodeExecutionData, INodeParameters } from 'n8n-workflow';

import { runPmockNode, type RunOptions } from '../../dev/harness/runPmockNode';
import type { Endpoint } from '../../sandbox/endpoints';
import { SandboxServer, type Answer, type LoggedRequest, type Responder } from '../../sandbox/sandboxServer';

/**
 * The pmock sandbox (sandbox/sandboxServer.ts) as unit tests use it: one per test file, with
 * the test's keys, answering every correctly signed request with `numberedSuccess` (taskId
 * "task-1", "task-2", … in the order answered) unless a test sets another responder.
 */

export type { Answer, Responder };

export const numberedSuccess: Responder = (_request, index) => ({
	body: { code: 200, message: 'success', data: { taskId: `task-${index + 1}` }, traceId: `trace-${index + 1}` },
});

/** The prompt a request sent (every Generate operation's body has one). */
export const promptOf = (request: { body: unknown }): string => (request.body as { prompt: string }).prompt;

/**
 * One answer of each kind a run meets, chosen by the item's prompt: "c" → HTTP 500, "d" → the
 * connection dropped before any answer, "e" → pmock's `code` 4001 in HTTP 200; any other prompt
 * → success with taskId `task-<prompt>` and traceId `t-<prompt>`.
 */
export const answerByPrompt: Responder = (request) => {
	const prompt = promptOf(request);
	if (prompt === 'c') return { status: 500, body: { code: 500, message: 'down', traceId: 't-c' } };
	if (prompt === 'd') return { hangUp: 'before-headers' };
	if (prompt === 'e') return { body: { code: 4001, message: 'insufficient balance', traceId: 't-e' } };
	return { body: { code: 200, message: 'success', data: { taskId: `task-${prompt}` }, traceId: `t-${prompt}` } };
};

/** A sandbox for one test file: started before its tests, reset to `numberedSuccess` before each, stopped after them all. */
export function useSandbox(accessKey: string, secretKey: string): SandboxServer {
	const sandbox = new SandboxServer({ accessKey, secretKey });
	beforeAll(async () => {
		await sandbox.start();
	});
	afterAll(async () => {
		await sandbox.stop();
	});
	beforeEach(() => sandbox.reset(numberedSuccess));
	return sandbox;
}

/** The PMock API credential the sandbox accepts (its keys and address), with `overrides` applied. */
export function credentialsFor(
	sandbox: SandboxServer,
	overrides: Partial<ICredentialDataDecryptedObject> = {},
): ICredentialDataDecryptedObject {
	return {
		accessKey: sandbox.options.accessKey,
		secretKey: sandbox.options.secretKey,
		baseUrl: sandbox.baseUrl,
		...overrides,
	};
}

export type OperationRun = (
	parameters?: Record<string, unknown>,
	options?: Omit<RunOptions, 'parameters' | 'credentials'>,
) => Promise<INodeExecutionData[]>;

/**
 * Runs the node against the sandbox with its credential: `base` holds the resource, the
 * operation and any fields every call of a test file shares; each call adds or overrides fields.
 */
export function operationRunner(sandbox: SandboxServer, base: Record<string, unknown>): OperationRun {
	return (parameters = {}, options = {}) =>
		runPmockNode({
			parameters: { ...base, ...parameters } as INodeParameters,
			credentials: credentialsFor(sandbox),
			...options,
		});
}

/** A base URL on 127.0.0.1 whose port has just been closed: connecting to it is refused. */
export async function closedPortBaseUrl(): Promise<string> {
	const sandbox = await new SandboxServer({ accessKey: 'unused', secretKey: 'unused' }).start();
	const { baseUrl } = sandbox;
	await sandbox.stop();
	return baseUrl;
}

/**
 * A request as the node must send it: a JSON POST to the API path, signed with both header
 * pairs for `accessKey` (the sandbox checked both signatures: "valid").
 */
export function expectSignedPost(request: LoggedRequest, path: string, accessKey: string): void {
	expect(request).toMatchObject({ method: 'POST', path, signature: 'valid' });
	expect(request.headers['content-type']).toMatch(/^application\/json/);
	for (const prefix of ['pmock', 'wuinai']) {
		expect(request.headers[`${prefix}-access-key`]).toBe(accessKey);
		expect(request.headers[`${prefix}-access-token`]).toBe('[redacted]');
	}
}

/**
 * The body of the one request a run sent: a signed JSON POST to `endpoint`'s path, which the
 * sandbox's reading of pmock's page for that endpoint accepts.
 */
export function theOneBodySent(sandbox: SandboxServer, endpoint: Endpoint): Record<string, unknown> {
	expect(sandbox.requests).toHaveLength(1);
	const [request] = sandbox.requests;
	expectSignedPost(request, endpoint.path, sandbox.options.accessKey);
	const body = JSON.parse(request.rawBody) as Record<string, unknown>;
	expect(() => endpoint.validate(body)).not.toThrow();
	return body;
}
