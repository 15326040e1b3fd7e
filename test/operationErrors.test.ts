import type { IDataObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { type Answer, credentialsFor, useSandbox } from './helpers/sandbox';
import { continuedError, failureOf, startedMessage, type NodeError } from './helpers/failures';
import { runPmockNode } from '../dev/harness/runPmockNode';
import { expectNoSecrets } from './helpers/secrets';
import { OPERATION_CASES } from './cases';

/**
 * The envelope and error mapping (shared/responseEnvelope.ts) is shared by every operation;
 * this runs its cases through every operation of the table of operation cases (test/cases/),
 * each with its first case's parameters, on its path.
 */

const ACCESS_KEY = 'ak-new-ops-errors';
const SECRET_KEY = 'sk-new-ops-errors-SECRET';

const server = useSandbox(ACCESS_KEY, SECRET_KEY);

// Rows whose answer is pmock's envelope; an image answer's errors: test/gptImage.test.ts.
const OPERATIONS = OPERATION_CASES.filter((row) => (row.answer ?? 'taskId') === 'taskId').map((row) => ({
	label: `${row.resource} → ${row.operation}`,
	path: row.path,
	parameters: { resource: row.resource, operation: row.operation, ...row.sends[0].parameters },
}));

describe.each(OPERATIONS)('$label errors', (operation) => {
	const run = (options: { items?: IDataObject[]; continueOnFail?: boolean; secretKey?: string } = {}) =>
		runPmockNode({
			parameters: operation.parameters as never,
			credentials: credentialsFor(server, options.secretKey === undefined ? {} : { secretKey: options.secretKey }),
			items: options.items,
			continueOnFail: options.continueOnFail,
		});

	async function errorFor(answer: Answer | undefined, secretKey?: string): Promise<NodeError> {
		if (answer) server.reset(() => answer);
		const error = await failureOf(run({ secretKey }));
		expect(error).toBeInstanceOf(NodeApiError);
		expect(server.requests.map((request) => request.path)).toStrictEqual([operation.path]);
		expectNoSecrets(error, ACCESS_KEY, secretKey ?? SECRET_KEY);
		return error;
	}

	test('HTTP 200 with an error code keeps the API message and traceId', async () => {
		const error = await errorFor({
			body: { code: 4001, message: 'insufficient balance', data: null, traceId: 'trace-4001' },
		});
		expect(error.message).toBe('PMock returned error code 4001: insufficient balance');
		expect(error.description).toContain('traceId: trace-4001.');
		expect(error.httpCode).toBe('4001');
	});

	test('a wrong secret key says to check the keys', async () => {
		const error = await errorFor(undefined, 'wrong-secret');
		expect(error.message).toBe('PMock rejected the credentials (HTTP 401)');
	});

	test('HTTP 400 shows the API message', async () => {
		const error = await errorFor({ status: 400, body: { code: 400, message: 'video too long', traceId: 't-400' } });
		expect(error.message).toBe('PMock refused the request (HTTP 400): video too long');
	});

	test('HTTP 503 is a server error', async () => {
		const error = await errorFor({ status: 503, body: 'upstream unavailable' });
		expect(error.message).toBe(startedMessage('PMock server error (HTTP 503)'));
		expect(error.description).toContain('Response: upstream unavailable.');
	});

	test('success without a taskId is an error', async () => {
		const error = await errorFor({ body: { code: 200, message: 'ok', data: null, traceId: 't-none' } });
		expect(error.message).toBe(startedMessage('PMock reported success but sent no taskId'));
	});

	test('continue on fail: an item pmock refuses carries its error, the other its taskId, each paired with its input', async () => {
		let answered = 0;
		server.reset(() =>
			(answered += 1) === 2
				? { body: { code: 4100, message: 'rejected', data: null, traceId: 'trace-rejected' } }
				: { body: { code: 200, message: 'ok', data: { taskId: 'task-accepted' }, traceId: 't' } },
		);
		const output = await run({ items: [{}, {}], continueOnFail: true });

		expect(output.map((item) => item.pairedItem)).toStrictEqual([{ item: 0 }, { item: 1 }]);
		expect(output.map((item) => item.json.taskId ?? continuedError(item)?.message).sort()).toStrictEqual([
			'PMock returned error code 4100: rejected',
			'task-accepted',
		]);
		expect(server.requests).toHaveLength(2);
		expectNoSecrets(output, ACCESS_KEY, SECRET_KEY);
	});
});
