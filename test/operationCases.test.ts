import type { INodeParameters } from 'n8n-workflow';

import { runPmockNode } from '../dev/harness/runPmockNode';
import { OPERATIONS } from '../nodes/Pmock/operations';
import { ENDPOINTS } from '../sandbox/endpoints';
import { OPERATION_CASES } from './cases';
import type { OperationCases } from './cases/types';
import { expectRefused } from './helpers/expectRefused';
import { credentialsFor, theOneBodySent, useSandbox } from './helpers/sandbox';

/**
 * The table of operation cases (test/cases/) through n8n-core's RoutingNode against the
 * sandbox: every case that sends gives exactly its body, signed, POSTed to the row's path,
 * accepted by the sandbox's rules for that endpoint (written from pmock's pages, not from the
 * node), and outputs the answered taskId paired with its item; every refused case fails with
 * its message before anything is sent.
 */

const ACCESS_KEY = 'ak-operation-cases';
const SECRET_KEY = 'sk-operation-cases';

const server = useSandbox(ACCESS_KEY, SECRET_KEY);

const name = (row: OperationCases) => `${row.resource} → ${row.operation}`;

const run = (row: OperationCases, parameters: Record<string, unknown>, options: { continueOnFail?: boolean } = {}) =>
	runPmockNode({
		parameters: { resource: row.resource, operation: row.operation, ...parameters } as INodeParameters,
		credentials: credentialsFor(server),
		...options,
	});

const operationOf = (row: OperationCases) =>
	OPERATIONS.find(({ resource, option }) => resource.value === row.resource && option.value === row.operation);

describe('the table of operation cases', () => {
	test('every operation of the node has its row, and every row is an operation of the node, at its path', () => {
		const rows = OPERATION_CASES.map((row) => `${row.resource}:${row.operation} ${row.path}`);
		const operations = OPERATIONS.map(({ resource, option, path }) => `${resource.value}:${option.value} ${path}`);
		expect([...rows].sort()).toStrictEqual([...operations].sort());
		for (const row of OPERATION_CASES) {
			expect(ENDPOINTS.map((endpoint) => endpoint.path)).toContain(row.path);
			expect(row.sends.length).toBeGreaterThan(0);
		}
	});

	test.each(OPERATION_CASES.map((row) => [name(row), row] as const))(
		'%s: the first case is the smallest form: without any one of its fields, the item is refused',
		async (_name, row) => {
			const smallest = row.sends[0].parameters;
			for (const key of Object.keys(smallest)) {
				const { [key]: _left, ...without } = smallest;
				await expectRefused((options) => run(row, without, options), server);
				server.reset();
			}
		},
	);

	test.each(OPERATION_CASES.map((row) => [name(row), row] as const))(
		'%s: every value of every option list is sent by some case',
		(_name, row) => {
			const lists = operationOf(row)!.fields.filter(
				(field) => field.type === 'options' && field.routing?.send?.property !== undefined,
			);
			const missing = lists.flatMap((field) => {
				const key = field.routing!.send!.property!;
				const sent = row.sends.map((sentCase) => sentCase.body[key]);
				// An option that sends nothing (e.g. "Default (Not Sent)", value '') is covered by a body without the key.
				const notSent = (value: unknown) => value === '' && sent.includes(undefined);
				return (field.options as Array<{ value: unknown }>)
					.map((option) => option.value)
					.filter((value) => !sent.includes(value) && !notSent(value))
					.map((value) => `${field.name}: ${String(value)}`);
			});
			expect(missing).toStrictEqual([]);
		},
	);
});

describe.each(OPERATION_CASES.map((row) => [name(row), row] as const))('%s', (_name, row) => {
	const endpoint = ENDPOINTS.find((candidate) => candidate.path === row.path)!;

	test.each(row.sends.map((sent) => [sent.title, sent] as const))('sends: %s', async (_title, sent) => {
		const output = await run(row, sent.parameters);
		const body = theOneBodySent(server, endpoint);
		expect(body).toStrictEqual(sent.body);
		expect(output).toStrictEqual([
			{ json: { taskId: 'task-1', traceId: 'trace-1', message: 'success' }, pairedItem: { item: 0 } },
		]);
	});

	if (row.refuses.length > 0) {
		test.each(row.refuses.map((refused) => [refused.title, refused] as const))(
			'refuses: %s',
			async (_title, refused) => {
				const error = await expectRefused((options) => run(row, refused.parameters, options), server);
				if (typeof refused.message === 'string') expect(error.message).toContain(refused.message);
				else expect(error.message).toMatch(refused.message);
				if (typeof refused.description === 'string') expect(error.description).toContain(refused.description);
				else if (refused.description) expect(error.description).toMatch(refused.description);
			},
		);
	}
});
