import { NodeApiError } from 'n8n-workflow';

import { type Answer, operationRunner, useSandbox } from './helpers/sandbox';
import { startedMessage, failureOf, type NodeError } from './helpers/failures';

/**
 * What a server sends is never stored unbounded: its message and traceId reach an error or
 * an output cut to 1,000 characters with a marker, body excerpts to 200, and an output item
 * holds taskId, traceId and message only, never a copy of `data`. A taskId is a non-empty
 * string; a numeric one keeps every digit as sent. (An answer over 1 MB is not read at all:
 * boundedRequest.test.ts; the large answers here stay under that.)
 */

const ACCESS_KEY = 'ak-bounded-test';
const SECRET_KEY = 'sk-bounded-test-SECRET';

const server = useSandbox(ACCESS_KEY, SECRET_KEY);

const generate = operationRunner(server, { resource: 'video', operation: 'generateV2', sora2Prompt: 'a lighthouse' });

async function errorFor(answer: Answer): Promise<NodeError> {
	server.reset(() => answer);
	const error = await failureOf(generate());
	expect(error).toBeInstanceOf(NodeApiError);
	return error;
}

/** Everything of the error n8n stores with an execution, as JSON. */
const stored = (error: NodeError) => JSON.stringify({ ...error, message: error.message, stack: error.stack });

describe('server text is cut', () => {
	test('a 900 KB message: the error holds its first 1,000 characters and says how long it was', async () => {
		const message = `balance too low ${'x'.repeat(900_000)}`;
		const error = await errorFor({ body: { code: 4001, message, traceId: 't-long' } });
		expect(error.message).toBe(
			`PMock returned error code 4001: balance too low ${'x'.repeat(1000 - 'balance too low '.length)}… (cut: 900,016 characters in all)`,
		);
		expect(error.errorResponse?.message).toBe(error.message.slice('PMock returned error code 4001: '.length));
		expect(stored(error).length).toBeLessThan(10_000);
	});

	test('a 900 KB traceId is cut too', async () => {
		const error = await errorFor({ body: { code: 4001, message: 'no', traceId: 'T'.repeat(900_000) } });
		expect(stored(error).length).toBeLessThan(10_000);
		expect(error.description).toContain(`traceId: ${'T'.repeat(1000)}… (cut: 900,000 characters in all)`);
	});

	test.each([
		['a 300 KB text', 'E'.repeat(300_000)],
		['a 100 KB object', { x: 'O'.repeat(100_000) }],
		['a 100 KB array', ['A'.repeat(100_000)]],
		['null', null],
		['true', true],
	])(
		'a code that is not a number (%s) is not pmock\'s answer: "check the Base URL", an excerpt, nothing large kept',
		async (_case, code) => {
			const error = await errorFor({ body: { code, message: 'no', traceId: 'T'.repeat(500_000) } });
			expect(error.message).toBe(
				startedMessage('PMock answered with JSON that is not pmock\'s answer (HTTP 200): it has no numeric "code"'),
			);
			expect(error.description).toContain('Check that the Base URL in the PMock API credential points at');
			expect(error.context?.taskMayHaveStarted).toBe(true);
			expect(stored(error).length).toBeLessThan(10_000);
		},
	);

	test('a 900 KB data object: the output item holds taskId, traceId and message only', async () => {
		server.reset(() => ({
			body: {
				code: 200,
				message: 'success',
				data: { taskId: 'big-one', log: 'x'.repeat(900_000), nested: { deep: [1, 2, 3] } },
				traceId: 't-big',
			},
		}));
		const output = await generate();
		expect(output.map((item) => item.json)).toStrictEqual([
			{ taskId: 'big-one', traceId: 't-big', message: 'success' },
		]);
	});

	test('a 900 KB success message is cut in the output', async () => {
		server.reset(() => ({ body: { code: 200, message: 'm'.repeat(900_000), data: { taskId: 'ok' }, traceId: 't' } }));
		const [item] = await generate();
		expect(item.json.message).toBe(`${'m'.repeat(1000)}… (cut: 900,000 characters in all)`);
	});
});

describe('taskId', () => {
	test.each([
		['empty', ''],
		['blank', '   '],
		['null', null],
		['an object', { id: 'x' }],
		['false', false],
	])('%s is not a taskId: the item fails and says the task may have started', async (_case, taskId) => {
		const error = await errorFor({ body: { code: 200, message: 'success', data: { taskId }, traceId: 't-odd' } });
		expect(error.message).toBe(startedMessage('PMock reported success but sent no taskId'));
		expect(error.description).toContain('traceId: t-odd.');
	});

	test('a taskId of 2,000 characters is not believable: refused, shown cut', async () => {
		const error = await errorFor({
			body: { code: 200, message: 'success', data: { taskId: 'k'.repeat(2000) }, traceId: 't' },
		});
		expect(error.message).toBe(startedMessage('PMock reported success but sent a taskId of 2,000 characters'));
		expect(stored(error).length).toBeLessThan(10_000);
	});

	test.each([
		['above 2^53', '12345678901234567890123'],
		['negative, above 2^53', '-9007199254740993'],
		['with a fraction', '12.500'],
		['small', '42'],
	])('a numeric taskId %s keeps every digit as sent', async (_case, digits) => {
		server.reset(() => ({
			headers: { 'content-type': 'application/json' },
			body: `{"code":200,"message":"success","data":{"taskId": ${digits} },"traceId":"t-num"}`,
		}));
		const [item] = await generate();
		expect(item.json.taskId).toBe(digits);
	});

	test('a "taskId" inside a message string is left alone', async () => {
		server.reset(() => ({
			headers: { 'content-type': 'application/json' },
			body: '{"code":200,"message":"see \\"taskId\\": 5","data":{"taskId":"real-one"},"traceId":"t"}',
		}));
		const [item] = await generate();
		expect(item.json).toStrictEqual({ taskId: 'real-one', traceId: 't', message: 'see "taskId": 5' });
	});
});
