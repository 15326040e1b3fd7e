import { expectRefused } from './helpers/expectRefused';
import { operationRunner, useSandbox } from './helpers/sandbox';

/**
 * Issue 19 item 11: a resource and operation that no list of the form offers together (a
 * workflow edited by hand, or saved by another version) used to reach n8n's engine with no
 * operation's request: it sent a signed GET to the bare Base URL and output the answer as a
 * success. The node refuses it before sending anything and says what to choose.
 */

const ACCESS_KEY = 'ak-unknown-choice-test';
const SECRET_KEY = 'sk-unknown-choice-test';

const server = useSandbox(ACCESS_KEY, SECRET_KEY);

describe.each([1, 2])(
	'node version %d: an unknown resource or operation is refused before anything is sent',
	(typeVersion) => {
		test.each([
			[
				'an operation of another resource (image + generateV2)',
				{ resource: 'image', operation: 'generateV2', prompt: 'p' },
				'Operation "generateV2" is not an operation of the Image resource',
				/choose one in the Operation list: Generate \(Nano Banana\) or Generate \(GPT Image 2\)\./,
			],
			[
				'an operation no resource has (video + generateV3)',
				{ resource: 'video', operation: 'generateV3', prompt: 'p' },
				'Operation "generateV3" is not an operation of the Video resource',
				/choose one in the Operation list: Generate \(Sora 2 with Styles\), Generate \(Sora 2 Pro or Sora 2\) or Generate \(Veo 3\.1\)\./,
			],
			[
				'a resource the node does not know (audio)',
				{ resource: 'audio', operation: 'generate', prompt: 'p' },
				'Resource "audio" is not one this node offers',
				/choose Character, Image or Video in the Resource list, then an operation\./,
			],
		])('%s', async (_case, parameters, message, advice) => {
			const run = operationRunner(server, parameters);
			const error = await expectRefused((options) => run({}, { ...options, typeVersion }), server);
			expect(error.message).toBe(message);
			expect(error.description).toMatch(advice);
		});

		test('every item of a run is refused; none is sent', async () => {
			const run = operationRunner(server, { resource: 'character', operation: 'generate' });
			const output = await run({}, { typeVersion, items: [{}, {}, {}], continueOnFail: true });
			expect(output.map((item) => item.error?.message)).toStrictEqual(
				Array(3).fill('Operation "generate" is not an operation of the Character resource'),
			);
			expect(server.requests).toHaveLength(0);
		});
	},
);
