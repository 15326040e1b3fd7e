import { expectRefused } from './helpers/expectRefused';
import { operationRunner, useSandbox } from './helpers/sandbox';
import { OPERATIONS } from '../nodes/Pmock/operations';

/**
 * Issue 19 item 11: a resource and operation that no list of the form offers together (a
 * workflow edited by hand, or saved by another version) used to reach n8n's engine with no
 * operation's request: it sent a signed GET to the bare Base URL and output the answer as a
 * success. The node refuses it before sending anything and says what to choose.
 */

const ACCESS_KEY = 'ak-unknown-choice-test';
const SECRET_KEY = 'sk-unknown-choice-test';

const server = useSandbox(ACCESS_KEY, SECRET_KEY);

/** "A, B or C", as the messages list names. */
const orList = (names: string[]) =>
	names.length > 1 ? `${names.slice(0, -1).join(', ')} or ${names[names.length - 1]}` : names.join('');

/** The Operation list entries of a resource, in the order the list shows them. */
const operationNames = (resource: string) =>
	OPERATIONS.filter((operation) => operation.resource.value === resource).map(({ option }) => option.name);

const resourceNames = [...new Set(OPERATIONS.map((operation) => operation.resource.name))].sort((a, b) =>
	a.localeCompare(b),
);

describe('an unknown resource or operation is refused before anything is sent', () => {
	test.each([
		[
			'an operation of another resource (image + generateV2)',
			{ resource: 'image', operation: 'generateV2' },
			'Operation "generateV2" is not an operation of the Image resource',
			`choose one in the Operation list: ${orList(operationNames('image'))}.`,
		],
		[
			'an operation no resource has (video + generateV3)',
			{ resource: 'video', operation: 'generateV3' },
			'Operation "generateV3" is not an operation of the Video resource',
			`choose one in the Operation list: ${orList(operationNames('video'))}.`,
		],
		[
			'a resource the node does not know (spreadsheet)',
			{ resource: 'spreadsheet', operation: 'generate' },
			'Resource "spreadsheet" is not one this node offers',
			`choose ${orList(resourceNames)} in the Resource list, then an operation.`,
		],
	])('%s', async (_case, parameters, message, advice) => {
		const run = operationRunner(server, parameters);
		const error = await expectRefused((options) => run({}, options), server);
		expect(error.message).toBe(message);
		expect(error.description).toContain(advice);
	});

	test('every item of a run is refused; none is sent', async () => {
		const run = operationRunner(server, { resource: 'character', operation: 'generate' });
		const output = await run({}, { items: [{}, {}, {}], continueOnFail: true });
		expect(output.map((item) => item.error?.message)).toStrictEqual(
			Array(3).fill('Operation "generate" is not an operation of the Character resource'),
		);
		expect(server.requests).toHaveLength(0);
	});
});
