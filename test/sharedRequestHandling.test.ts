import type { IDataObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { answerByPrompt, credentialsFor, promptOf, useSandbox } from './helpers/sandbox';
import { continuedError, failureOf, startedMessage } from './helpers/failures';
import { expectNoSecrets } from './helpers/secrets';
import { runPmockNode, type RunOptions } from '../dev/harness/runPmockNode';
import { OPERATIONS } from '../nodes/Pmock/operations';
import { OPERATION_CASES } from './cases';

/**
 * Every operation with a Prompt gets the same request handling through the shared routing
 * (shared/taskRequest.ts, runLedger.ts, responseEnvelope.ts): a stopped run lists the tasks
 * it started, a refused item stops the run before anything is sent, every item (success or
 * error) is paired with its input on both outputs, a network failure says whether a task may
 * have started, and what a server sends is bounded. Each item's prompt (from an expression)
 * chooses the sandbox's answer (answerByPrompt).
 */

const ACCESS_KEY = 'ak-shared-request-handling';
const SECRET_KEY = 'sk-shared-request-handling-SECRET';

const server = useSandbox(ACCESS_KEY, SECRET_KEY);

/** The refusal of an empty prompt, whatever the operation labels the field. */
const PROMPT_EMPTY = /^[\w ]+ \(prompt\) is empty\b/;

/**
 * Every operation whose form has a Prompt, its parameter name read from the module, answering
 * with a taskId: a field that picks the endpoint (no expression allowed, e.g. GPT Image 2's
 * What Comes Back) is set as in the first case of the operation's taskId row.
 */
const WITH_PROMPT = OPERATIONS.flatMap(({ resource, option, fields }) => {
	const prompt = fields.find((field) => field.routing?.send?.property === 'prompt');
	const taskRow = OPERATION_CASES.find(
		(row) => row.resource === resource.value && row.operation === option.value && (row.answer ?? 'taskId') === 'taskId',
	);
	if (!prompt || !taskRow) return [];
	const chooser = Object.entries(taskRow.sends[0].parameters).filter(
		([name]) => fields.find((field) => field.name === name)?.noDataExpression === true,
	);
	return [
		{
			label: `${resource.name} → ${option.name}`,
			parameters: {
				resource: resource.value,
				operation: option.value,
				...Object.fromEntries(chooser),
				[prompt.name]: '={{ $json.prompt }}',
			},
		},
	];
});

describe.each(WITH_PROMPT)('$label: the shared request handling', ({ parameters }) => {
	const run = (items: IDataObject[], extra: Partial<RunOptions> = {}) =>
		runPmockNode({
			parameters,
			items,
			credentials: credentialsFor(server),
			...extra,
		});

	test('a run stopped by one failed item lists the tasks its other items started', async () => {
		server.reset(answerByPrompt);
		const error = await failureOf(run([{ prompt: 'a' }, { prompt: 'e' }, { prompt: 'f' }]));
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toBe('PMock returned error code 4001: insufficient balance');
		expect(error.description).toContain('traceId: t-e.');
		expect(error.context?.startedTasks).toStrictEqual([
			{ itemIndex: 0, taskId: 'task-a' },
			{ itemIndex: 2, taskId: 'task-f' },
		]);
		expect(error.description).toContain('2 of the 3 items of this run started a task before it stopped');
		expectNoSecrets(error, ACCESS_KEY, SECRET_KEY);
	});

	test('an item refused by its fields stops the run before anything is sent', async () => {
		const error = await failureOf(run([{ prompt: 'a' }, { prompt: ' ' }, { prompt: 'c' }]));
		// Its label is the operation's (e.g. Suno's Lyrics), its JSON key `prompt`.
		expect(error.message).toMatch(PROMPT_EMPTY);
		expect(error.context?.itemIndex).toBe(1);
		expect(error.description).toContain('Nothing was sent to PMock for any item of this run');
		expect(server.requests).toHaveLength(0);
	});

	test.each(['continueRegularOutput', 'continueErrorOutput'] as const)(
		"On Error → %s: every item is paired with its input, errors in n8n's shape, each saying whether a task may have started",
		async (onError) => {
			server.reset(answerByPrompt);
			const items = ['a', '', 'c', 'd', 'e', 'f'].map((prompt) => ({ prompt }));
			const output = await run(items, { onError });
			expect(output.map((item) => item.pairedItem)).toStrictEqual(items.map((_, index) => ({ item: index })));
			expect(output.map((item) => item.json.taskId ?? null)).toStrictEqual([
				'task-a',
				null,
				null,
				null,
				null,
				'task-f',
			]);
			expect(output[0].json).toStrictEqual({ taskId: 'task-a', traceId: 't-a', message: 'success' });
			const errors = output.filter((item) => continuedError(item));
			for (const item of errors) expect(Object.keys(item.json)).toStrictEqual(['error']);
			expect(
				errors.map((item) => [continuedError(item)?.message, continuedError(item)?.taskMayHaveStarted]),
			).toStrictEqual([
				[expect.stringMatching(PROMPT_EMPTY), false],
				[startedMessage('PMock server error (HTTP 500)', 3), true],
				[
					'The connection to PMock closed before its answer arrived: PMock may have started (and billed) a task for item 4. Check your pmock console before running it again',
					true,
				],
				['PMock returned error code 4001: insufficient balance', false],
			]);
			expect(server.requests.map(promptOf).sort()).toStrictEqual(['a', 'c', 'd', 'e', 'f']);
			expectNoSecrets(output, ACCESS_KEY, SECRET_KEY);
		},
	);

	test('what a server sends is bounded: the output holds taskId, traceId and message only, cut to 1,000 characters', async () => {
		server.reset(() => ({
			body: {
				code: 200,
				message: 'm'.repeat(400_000),
				data: { taskId: 'big-one', log: 'x'.repeat(500_000) },
				traceId: 't-big',
			},
		}));
		const [item] = await run([{ prompt: 'a' }]);
		expect(item.json).toStrictEqual({
			taskId: 'big-one',
			traceId: 't-big',
			message: `${'m'.repeat(1000)}… (cut: 400,000 characters in all)`,
		});
	});

	test("a redirect is never followed: it is the item's error, naming where it pointed", async () => {
		server.reset(() => ({ status: 307, headers: { location: 'https://elsewhere.example.com/api' }, body: '' }));
		const error = await failureOf(run([{ prompt: 'a' }]));
		expect(error.message).toBe('PMock answered with a redirect (HTTP 307) to https://elsewhere.example.com');
		expect(error.context?.taskMayHaveStarted).toBe(false);
		expect(server.requests).toHaveLength(1);
	});
});
