import type { IDataObject, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { type Answer, closedPortBaseUrl, credentialsFor, useSandbox } from './helpers/sandbox';
import { startedMessage, continuedError, failureOf, type NodeError } from './helpers/failures';
import { runPmockNode } from '../dev/harness/runPmockNode';
import { everythingIn, expectNoSecrets } from './helpers/secrets';

const ACCESS_KEY = 'ak-errors-test';
const SECRET_KEY = 'sk-errors-test-SECRET';

const server = useSandbox(ACCESS_KEY, SECRET_KEY);

const run = (
	options: {
		secretKey?: string;
		baseUrl?: string;
		items?: IDataObject[];
		continueOnFail?: boolean;
		prompt?: string;
	} = {},
) =>
	runPmockNode({
		parameters: {
			resource: 'video',
			operation: 'generateV2',
			sora2Prompt: options.prompt ?? 'a lighthouse in a storm',
		},
		credentials: credentialsFor(server, {
			...(options.secretKey !== undefined && { secretKey: options.secretKey }),
			...(options.baseUrl !== undefined && { baseUrl: options.baseUrl }),
		}),
		items: options.items,
		continueOnFail: options.continueOnFail,
	});

/** Answers every request with `answer`, runs one item, and returns the node's error. */
async function errorFor(answer: Answer | undefined, options: Parameters<typeof run>[0] = {}): Promise<NodeError> {
	if (answer) server.reset(() => answer);
	const error = await failureOf(run(options));
	expect(error).toBeInstanceOf(NodeApiError);
	expectNoSecrets(error, ACCESS_KEY, options.secretKey ?? SECRET_KEY);
	return error;
}

/**
 * What the node makes of pmock's answers (and of what is not one): the error that says what to
 * do, whether a task may have started, and an output that holds only taskId, traceId and
 * message. Any operation would do; this runs Generate (Sora 2 with Styles).
 */
describe("pmock's answers", () => {
	test('HTTP 200 with code other than 200 keeps the API message, code and traceId', async () => {
		const error = await errorFor({
			body: { code: 4001, message: 'insufficient balance', data: null, traceId: 'trace-balance' },
		});
		expect(error.message).toBe('PMock returned error code 4001: insufficient balance');
		expect(error.description).toContain('PMock says: "insufficient balance".');
		expect(error.description).toContain('traceId: trace-balance.');
		expect(error.httpCode).toBe('4001');
		expect(error.context?.itemIndex).toBe(0);
		expect((error as unknown as { errorResponse: unknown }).errorResponse).toStrictEqual({
			httpCode: 200,
			code: 4001,
			message: 'insufficient balance',
			traceId: 'trace-balance',
		});
	});

	test('a refusal such as "insufficient balance" says no task started and where to fix it (a field or the account)', async () => {
		const error = await errorFor({ body: { code: 4001, message: 'insufficient balance', traceId: 't' } });
		expect(error.description).toContain('PMock did not start a task for this item.');
		expect(error.description).toContain('if it is about your pmock account (balance, plan, permissions)');
		expect(error.context?.taskMayHaveStarted).toBe(false);
	});

	test('code 500 inside an HTTP 200 is a server error: try later, the task may have started', async () => {
		const error = await errorFor({ body: { code: 500, message: 'internal error', traceId: 't-500' } });
		expect(error.message).toBe(startedMessage('PMock server error (code 500)'));
		expect(error.description).toContain('PMock says: "internal error". traceId: t-500.');
		expect(error.description).toContain("The problem is on PMock's side.");
		expect(error.context?.taskMayHaveStarted).toBe(true);
	});

	test.each([
		['HTTP 200 {"ok":true}', 200, { ok: true }, true],
		['HTTP 200 {"taskId":"abc"}', 200, { taskId: 'abc' }, true],
		['a JSON 404 of another API (wrong Base URL path)', 404, { timestamp: 1, status: 404, error: 'Not Found' }, false],
	])(
		'JSON without pmock\'s "code" (%s) is not pmock\'s answer: check the Base URL',
		async (_case, status, body, mayHaveStarted) => {
			const error = await errorFor({ status, body });
			const what = `PMock answered with JSON that is not pmock's answer (HTTP ${status}): it has no numeric "code"`;
			expect(error.message).toBe(mayHaveStarted ? startedMessage(what) : what);
			expect(error.description).toContain(`Response: ${JSON.stringify(body)}.`);
			expect(error.description).toContain('Check that the Base URL in the PMock API credential points at');
			expect(error.description).not.toContain('fix that field');
			expect(error.context?.taskMayHaveStarted).toBe(mayHaveStarted);
		},
	);

	test("a wrong secret key gets the server's 401 and says to check both keys", async () => {
		const error = await errorFor(undefined, { secretKey: 'not-the-secret' });
		expect(server.requests).toHaveLength(1);
		expect(error.message).toBe('PMock rejected the credentials (HTTP 401)');
		expect(error.description).toContain('Check the Access Key and Secret Key in the PMock API credential');
		const { message, traceId } = server.requests[0].response.body as { message: string; traceId: string };
		expect(message).toMatch(/^Unauthorized: signature verification failed/);
		expect(error.description).toContain(`PMock says: "${message}".`);
		expect(error.description).toContain(`traceId: ${traceId}.`);
		expect(error.httpCode).toBe('401');
	});

	test('HTTP 403 says to check the keys', async () => {
		const error = await errorFor({ status: 403, body: { code: 403, message: 'forbidden', traceId: 't-403' } });
		expect(error.message).toBe('PMock rejected the credentials (HTTP 403)');
		expect(error.description).toContain('Check the Access Key and Secret Key');
	});

	test('code 401 inside an HTTP 200 says to check the keys', async () => {
		const error = await errorFor({
			body: { code: 401, message: 'invalid access token', data: null, traceId: 't-401' },
		});
		expect(error.message).toBe('PMock rejected the credentials (code 401)');
		expect(error.description).toContain('PMock says: "invalid access token". traceId: t-401.');
	});

	test('HTTP 429 says the rate limit was hit and what to do', async () => {
		const error = await errorFor({ status: 429, body: { code: 429, message: 'too many requests', traceId: 't-429' } });
		expect(error.message).toBe('PMock rate limit reached (too many requests)');
		expect(error.description).toContain('Request Options → Batching');
		expect(error.description).toContain('Retry On Fail');
		expect(error.description).toContain('traceId: t-429.');
		expect(error.httpCode).toBe('429');
	});

	test('HTTP 500 with an envelope keeps its message and suggests retrying', async () => {
		const error = await errorFor({ status: 500, body: { code: 500, message: 'internal error', traceId: 't-500' } });
		expect(error.message).toBe(startedMessage('PMock server error (HTTP 500)'));
		expect(error.description).toContain('PMock says: "internal error". traceId: t-500.');
		expect(error.description).toContain("The problem is on PMock's side.");
		// The advice never says to re-run an item that may have started a task.
		expect(error.description).toContain('re-run only the items whose $json.error.taskMayHaveStarted is false');
		expect(error.description).not.toContain('may or may not');
	});

	test('HTTP 502 with an HTML page shows an excerpt of it', async () => {
		const error = await errorFor({ status: 502, body: '<html><body><h1>502 Bad Gateway</h1></body></html>' });
		expect(error.message).toBe(startedMessage('PMock server error (HTTP 502)'));
		expect(error.description).toContain('Response: <html><body><h1>502 Bad Gateway</h1></body></html>.');
		expect(error.httpCode).toBe('502');
	});

	test('a non-JSON body with HTTP 200 is a clear error pointing at the Base URL', async () => {
		const error = await errorFor({ status: 200, body: 'Welcome to nginx!' });
		expect(error.message).toBe(startedMessage('PMock answered with something that is not JSON (HTTP 200)'));
		expect(error.description).toContain('Response: Welcome to nginx!.');
		expect(error.description).toContain('Base URL');
	});

	test('an empty HTTP 200 body is a clear error', async () => {
		const error = await errorFor({ status: 200, body: '' });
		expect(error.message).toBe(startedMessage('PMock answered with something that is not JSON (HTTP 200)'));
		expect(error.description).toContain('(empty body)');
	});

	test('HTTP 400 with an envelope shows the API message', async () => {
		const error = await errorFor({ status: 400, body: { code: 400, message: 'prompt is required', traceId: 't-400' } });
		expect(error.message).toBe('PMock refused the request (HTTP 400): prompt is required');
		expect(error.description).toContain('traceId: t-400.');
	});

	test('success without a taskId is an error, not an empty result', async () => {
		const error = await errorFor({ body: { code: 200, message: 'ok', data: {}, traceId: 't-empty' } });
		expect(error.message).toBe(startedMessage('PMock reported success but sent no taskId'));
		expect(error.description).toContain('traceId: t-empty.');
	});

	test('a closed port is reported as a connection problem without secrets', async () => {
		const error = await errorFor(undefined, { baseUrl: await closedPortBaseUrl() });
		expect(error.message).toBe('The service refused the connection - perhaps it is offline');
		// The secrets check above did reach the underlying network error.
		expect(everythingIn(error)).toContain('ECONNREFUSED');
	});

	test('continue on fail: bad items carry their errors, good ones their taskIds, in input order', async () => {
		server.reset((request) => {
			const prompt = (request.body as { prompt: string }).prompt;
			if (prompt === 'api says no') {
				return { body: { code: 4002, message: 'prompt violates policy', data: null, traceId: 'trace-policy' } };
			}
			return { body: { code: 200, message: 'ok', data: { taskId: `task-${prompt}` }, traceId: `trace-${prompt}` } };
		});
		const output: INodeExecutionData[] = await runPmockNode({
			parameters: { resource: 'video', operation: 'generateV2', sora2Prompt: '={{ $json.prompt }}' },
			credentials: credentialsFor(server),
			items: [{ prompt: 'one' }, { prompt: '' }, { prompt: 'three' }, { prompt: 'api says no' }, { prompt: 'five' }],
			continueOnFail: true,
		});

		expect(output).toHaveLength(5);
		expect(output.map((item) => item.json.taskId ?? null)).toStrictEqual([
			'task-one',
			null,
			'task-three',
			null,
			'task-five',
		]);
		expect(continuedError(output[1])?.message).toBe('Prompt (prompt) is empty');
		expect(continuedError(output[3])?.message).toBe('PMock returned error code 4002: prompt violates policy');
		expect(continuedError(output[3])?.description).toContain('traceId: trace-policy.');
		// The invalid item never left; the other four did.
		expect(server.requests).toHaveLength(4);
		expectNoSecrets(output, ACCESS_KEY, SECRET_KEY);
	});

	test('outputs never contain the secret key or the signature', async () => {
		const output = await run({ items: [{}, {}] });
		expect(output.map((item) => item.json.taskId)).toStrictEqual(['task-1', 'task-2']);
		expectNoSecrets(output, ACCESS_KEY, SECRET_KEY);
	});

	test('undocumented fields in the response data are not copied: the output holds taskId, traceId and message', async () => {
		server.reset(() => ({
			body: { code: 200, message: 'ok', data: { taskId: 'abc', status: 'queued' }, traceId: 't-1' },
		}));
		const output = await run();
		expect(output[0].json).toStrictEqual({ taskId: 'abc', traceId: 't-1', message: 'ok' });
	});
});
