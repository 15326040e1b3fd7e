import type { INodeParameters } from 'n8n-workflow';

import { runPmockNode } from '../dev/harness/runPmockNode';
import { OPERATIONS } from '../nodes/Pmock/operations';
import type { PmockOperation } from '../nodes/Pmock/shared/operation';
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

/** An operation's rows: one per endpoint it can send to. */
const rowsOf = ({ resource, option }: PmockOperation) =>
	OPERATION_CASES.filter((row) => row.resource === resource.value && row.operation === option.value);

describe('the table of operation cases', () => {
	test('every operation of the node has its rows (one per endpoint it can send to), and every row is an operation of the node', () => {
		const key = (resource: string, operation: string) => `${resource}:${operation}`;
		const rows = [...new Set(OPERATION_CASES.map((row) => key(row.resource, row.operation)))];
		const operations = OPERATIONS.map(({ resource, option }) => key(resource.value, String(option.value)));
		expect([...rows].sort()).toStrictEqual([...operations].sort());
		for (const operation of OPERATIONS) {
			const paths = rowsOf(operation).map((row) => row.path);
			expect(paths).toContain(operation.path);
		}
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
				// A field that picks the endpoint (GPT Image 2's What Comes Back) sends elsewhere without it.
				await run(row, without).catch(() => undefined);
				const elsewhere = server.requests.length > 0 ? server.requests.map((request) => request.path) : undefined;
				server.reset();
				if (elsewhere)
					expect({ key, paths: elsewhere }).toStrictEqual({ key, paths: [expect.not.stringMatching(`^${row.path}$`)] });
				else await expectRefused((options) => run(row, without, options), server);
				server.reset();
			}
		},
	);

	test.each(
		OPERATIONS.map((operation) => [`${operation.resource.value} → ${operation.option.value}`, operation] as const),
	)('%s: every value of every option list is sent by some case of its rows', (_name, operation) => {
		const sends = rowsOf(operation).flatMap((row) => row.sends);
		const lists = operation.fields.filter(
			(field) => field.type === 'options' && field.routing?.send?.property !== undefined,
		);
		const missing = lists.flatMap((field) => {
			const key = field.routing!.send!.property!;
			const sent = sends.map((sentCase) => sentCase.body[key]);
			// An option that sends nothing (e.g. "Default (Not Sent)", value '') is covered by a body without the key.
			const notSent = (value: unknown) => value === '' && sent.includes(undefined);
			return (field.options as Array<{ value: unknown }>)
				.map((option) => option.value)
				.filter((value) => !sent.includes(value) && !notSent(value))
				.map((value) => `${field.name}: ${String(value)}`);
		});
		expect(missing).toStrictEqual([]);
	});
});

describe.each(OPERATION_CASES.map((row) => [name(row), row] as const))('%s', (_name, row) => {
	const endpoint = ENDPOINTS.find((candidate) => candidate.path === row.path)!;
	// An image comes from the sandbox's own endpoint (a real picture), not the numbered taskIds.
	if (row.answer === 'image') beforeEach(() => server.reset());

	test.each(row.sends.map((sent) => [sent.title, sent] as const))('sends: %s', async (_title, sent) => {
		const output = await run(row, sent.parameters);
		const body = theOneBodySent(server, endpoint);
		expect(body).toStrictEqual(sent.body);
		if (row.answer === 'image') {
			// The image as n8n binary data (test/gptImage.test.ts checks its bytes), its type in the json too.
			expect(output).toHaveLength(1);
			const [item] = output;
			const [binary] = Object.values(item.binary ?? {});
			expect(binary?.mimeType).toMatch(/^image\/(png|jpeg|webp)$/);
			expect(item.json).toMatchObject({ mimeType: binary?.mimeType });
			expect(item.pairedItem).toStrictEqual({ item: 0 });
		} else {
			expect(output).toStrictEqual([
				{ json: { taskId: 'task-1', traceId: 'trace-1', message: 'success' }, pairedItem: { item: 0 } },
			]);
		}
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
