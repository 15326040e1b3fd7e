import { createHash, randomBytes } from 'crypto';

import type { IBinaryData, IDataObject, INodeExecutionData } from 'n8n-workflow';

import { runPmockWorkflow } from '../dev/harness/runPmockNode';
import { IMAGE_ANSWER_MAX_BYTES } from '../nodes/Pmock/shared/imageAnswer';
import { generateGptImageSync, generateGptImageTask, type Endpoint } from '../sandbox/endpoints';
import { encodeImage } from '../sandbox/imageEncoders';
import { gptImageImageCases, gptImageTaskCases } from './cases/image.generateGptImage';
import type { OperationCases } from './cases/types';
import { expectRefused } from './helpers/expectRefused';
import { continuedError, failureOf, startedMessage } from './helpers/failures';
import { credentialsFor, operationRunner, promptOf, theOneBodySent, useSandbox, type Answer } from './helpers/sandbox';

/**
 * Image → Generate (GPT Image 2), both choices of What Comes Back, through n8n-core's
 * RoutingNode (node version 2): every row of the operation's case table (each body also
 * accepted by the sandbox's reading of the page), the image as n8n binary data (MIME type,
 * extension, file name, the very bytes the sandbox drew), both error shapes, the answer
 * bounds, an HTTP 200 without an image, and Retry On Fail not sending a paid item again.
 */

const ACCESS_KEY = 'ak-gpt-image-test';
const SECRET_KEY = 'sk-gpt-image-test';

const server = useSandbox(ACCESS_KEY, SECRET_KEY);

const baseRun = operationRunner(server, { resource: 'image', operation: 'generateGptImage' });

const run = (parameters: Record<string, unknown>, options: Parameters<typeof baseRun>[1] = {}) =>
	baseRun(parameters, { typeVersion: 2, ...options });

// Drawing and encoding a 4K picture takes seconds on a loaded machine.
jest.setTimeout(60_000);

const ENDPOINTS: Record<string, Endpoint> = {
	[generateGptImageTask.path]: generateGptImageTask,
	[generateGptImageSync.path]: generateGptImageSync,
};

/** The sandbox's own endpoints answer (not the numbered taskIds of useSandbox). */
const sandboxAnswers = () => server.reset();

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** The bytes of an output item's binary as n8n holds them (its default binary mode keeps base64). */
const bytesOf = (binary: IBinaryData) => Buffer.from(binary.data, 'base64');

describe.each([gptImageTaskCases, gptImageImageCases])('$path: the case table', (cases: OperationCases) => {
	test.each(cases.sends.map((sent) => [sent.title, sent] as const))('sends %s', async (_title, sent) => {
		sandboxAnswers();
		const output = await run(sent.parameters);
		expect(theOneBodySent(server, ENDPOINTS[cases.path])).toStrictEqual(sent.body);
		if (cases.answer === 'image') expect(output[0].binary).toBeDefined();
		else expect(output[0].json.taskId).toEqual(expect.any(String));
	});

	test.each(cases.refuses.map((refused) => [refused.title, refused] as const))(
		'refuses %s',
		async (_title, refused) => {
			const error = await expectRefused((options) => run(refused.parameters, options), server);
			if (typeof refused.message === 'string') expect(error.message).toBe(refused.message);
			else expect(error.message).toMatch(refused.message);
		},
	);
});

describe('What Comes Back → Image: the image as n8n binary data', () => {
	beforeEach(sandboxAnswers);

	test.each([
		['png', 'image/png', 'png', '1024x1024', 'auto'],
		['jpeg', 'image/jpeg', 'jpg', '1536x1024', '1536x1024'],
		['webp', 'image/webp', 'webp', '1024x1536', '1024x1536'],
	])(
		'%s: MIME type, extension, file name, the bytes the sandbox drew, and the json beside it',
		async (format, mimeType, extension, size, asked) => {
			const prompt = `a ${format} lighthouse`;
			const [item, ...rest] = await run({
				gptImagePrompt: prompt,
				gptImageOutputFormat: format,
				gptImageSyncSize: asked,
			});
			expect(rest).toHaveLength(0);
			const [width, height] = size.split('x').map(Number);
			const drawn = encodeImage(format as 'png' | 'jpeg' | 'webp', width, height, prompt);
			const binary = item.binary!.data;
			expect(binary).toMatchObject({ mimeType, fileExtension: extension, fileType: 'image' });
			expect(binary.fileName).toMatch(new RegExp(`^gpt-image-2-\\d+-item1\\.${extension}$`));
			expect(bytesOf(binary).equals(drawn)).toBe(true);
			expect(binary.bytes ?? bytesOf(binary).length).toBe(drawn.length);
			const logged = (server.requests[0].response.body as { data: Array<{ image: { sha256: string } }> }).data[0];
			expect(logged.image.sha256).toBe(sha256(drawn));
			expect(item.json).toStrictEqual({
				fileName: binary.fileName,
				mimeType,
				fileSize: drawn.length,
				format,
				size,
				quality: 'medium',
				background: 'opaque',
				outputFormat: format,
				usage: expect.objectContaining({ total_tokens: expect.any(Number) }),
				created: expect.any(Number),
			});
			expect(JSON.stringify(item.json)).not.toContain(drawn.toString('base64').slice(0, 40));
			expect(item.pairedItem).toStrictEqual({ item: 0 });
		},
	);

	test('the binary field the user names; several items, each its own image, paired in order', async () => {
		const items = [{ idea: 'a red kite' }, { idea: 'a blue boat' }, { idea: 'a green hill' }];
		const output = await run(
			{ gptImagePrompt: '={{ $json.idea }}', gptImageBinaryProperty: 'picture' },
			{ items: items as IDataObject[] },
		);
		expect(output.map((item) => Object.keys(item.binary ?? {}))).toStrictEqual([['picture'], ['picture'], ['picture']]);
		expect(output.map((item) => item.pairedItem)).toStrictEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		for (const [index, item] of output.entries()) {
			expect(bytesOf(item.binary!.picture).equals(encodeImage('png', 1024, 1024, items[index].idea))).toBe(true);
			expect(item.binary!.picture.fileName).toMatch(new RegExp(`-item${index + 1}\\.png$`));
		}
	});

	test('an answer far over the 1 MB taskId bound passes: 6 MB of image bytes (8 MB in base64)', async () => {
		// The sandbox's pictures compress well; random bytes after a PNG's first bytes do not.
		const bytes = Buffer.concat([encodeImage('png', 8, 8, 'big'), randomBytes(6 * 1024 * 1024)]);
		server.reset(() => ({ body: { created: 2, data: [{ b64_json: bytes.toString('base64') }] } }));
		const [item] = await run({ gptImagePrompt: 'a big one' });
		expect(item.json.fileSize).toBe(bytes.length);
		expect(bytesOf(item.binary!.data).equals(bytes)).toBe(true);
	});

	test('the revised prompt where the answer has one; a format other than the one asked is reported', async () => {
		const png = encodeImage('png', 16, 16, 'x');
		server.reset(() => ({
			body: {
				created: 1764000000,
				data: [{ b64_json: png.toString('base64'), revised_prompt: 'A lighthouse, revised' }],
			},
		}));
		const [item] = await run({ gptImagePrompt: 'p', gptImageOutputFormat: 'webp' });
		expect(item.json).toStrictEqual({
			fileName: 'gpt-image-2-1764000000-item1.png',
			mimeType: 'image/png',
			fileSize: png.length,
			format: 'png',
			formatMismatch: 'asked for webp, PMock sent png',
			revisedPrompt: 'A lighthouse, revised',
			created: 1764000000,
		});
		expect(item.binary!.data.mimeType).toBe('image/png');
	});
});

/**
 * The error of a one-item run stopping, and the same run with On Error → Continue: its error
 * item (`$json.error`, no image) says the same, paired with its input item.
 */
async function failures(answer: Answer | Answer[], parameters: Record<string, unknown> = { gptImagePrompt: 'p' }) {
	const answers = [answer].flat();
	server.reset((_request, index) => answers[Math.min(index, answers.length - 1)]);
	const stopped = await failureOf(run(parameters));
	const [item, ...rest] = await run(parameters, { continueOnFail: true });
	expect(rest).toHaveLength(0);
	expect(item.binary).toBeUndefined();
	expect(continuedError(item)).toStrictEqual({
		message: stopped.message,
		taskMayHaveStarted: stopped.context?.taskMayHaveStarted,
		...(stopped.description ? { description: stopped.description } : {}),
		...(stopped.httpCode ? { httpCode: stopped.httpCode } : {}),
		...(stopped.context?.traceId ? { traceId: stopped.context.traceId } : {}),
	});
	expect(item.pairedItem).toStrictEqual({ item: 0 });
	return stopped;
}

describe('What Comes Back → Image: errors, read either way', () => {
	test("OpenAI's error shape with HTTP 400: refused, nothing billed, OpenAI's message kept", async () => {
		const error = await failures({
			status: 400,
			body: { error: { message: 'Invalid size', type: 'invalid_request_error', code: 'invalid_size' } },
		});
		expect(error.message).toBe(
			'PMock refused the request (HTTP 400): Invalid size (invalid_request_error, invalid_size)',
		);
		expect(error.context?.taskMayHaveStarted).toBe(false);
	});

	test("OpenAI's error shape with HTTP 500: may have billed", async () => {
		const error = await failures({ status: 500, body: { error: { message: 'boom', type: 'server_error' } } });
		expect(error.message).toBe(startedMessage('PMock server error (HTTP 500)'));
		expect(error.description).toContain('PMock says: "boom (server_error)"');
		expect(error.context?.taskMayHaveStarted).toBe(true);
	});

	test("OpenAI's error shape with HTTP 401: the keys", async () => {
		const error = await failures({ status: 401, body: { error: { message: 'bad key', type: 'auth' } } });
		expect(error.message).toBe('PMock rejected the credentials (HTTP 401)');
		expect(error.context?.taskMayHaveStarted).toBe(false);
	});

	test("pmock's envelope with an error code in HTTP 200: refused, with its message and traceId", async () => {
		const error = await failures({ body: { code: 4001, message: 'insufficient balance', traceId: 't-4001' } });
		expect(error.message).toBe('PMock returned error code 4001: insufficient balance');
		expect(error.context).toMatchObject({ taskMayHaveStarted: false, traceId: 't-4001' });
	});

	test('HTTP 200 with no image: an error that may have billed', async () => {
		const error = await failures({ body: { created: 1, data: [] } });
		expect(error.message).toBe(startedMessage('PMock answered HTTP 200 without an image'));
		expect(error.context?.taskMayHaveStarted).toBe(true);
		expect(error.description).toContain('The answer has no data[].b64_json.');
		// One wording of "may have started", in the message; the description does not say it again.
		expect(error.description).not.toMatch(/may have (started|generated)/i);
		expect(error.description).toContain('re-run only the items whose $json.error.taskMayHaveStarted is false');
	});

	test('HTTP 200 with a link instead of the image: not downloaded, the link in the error', async () => {
		const error = await failures({ body: { created: 1, data: [{ url: 'https://cdn.example.com/i.png' }] } });
		expect(error.message).toBe(startedMessage('PMock answered with a link to the image instead of the image itself'));
		expect(error.description).toContain('https://cdn.example.com/i.png');
		expect(error.context?.taskMayHaveStarted).toBe(true);
	});

	test("pmock's success envelope with a taskId: the taskId kept in the error", async () => {
		const error = await failures({ body: { code: 200, message: 'ok', data: { taskId: 'task-9' }, traceId: 't' } });
		expect(error.message).toBe(startedMessage('PMock answered with a taskId (task-9) instead of an image'));
		expect(error.description).toContain('Keep taskId task-9');
		expect(error.context?.taskMayHaveStarted).toBe(true);
	});

	test('bytes that are no image, and text that is not base64', async () => {
		const notImage = await failures({ body: { data: [{ b64_json: Buffer.from('hello world!').toString('base64') }] } });
		expect(notImage.message).toBe(startedMessage('PMock answered with data that is not a PNG, JPEG or WebP image'));
		expect(notImage.context?.taskMayHaveStarted).toBe(true);
		const notBase64 = await failures({ body: { data: [{ b64_json: 'not base64!' }] } });
		expect(notBase64.message).toBe(startedMessage('PMock answered with an image that is not valid base64'));
		expect(notBase64.context?.taskMayHaveStarted).toBe(true);
	});

	test('an answer that announces more than the image bound is refused unread, and may have billed', async () => {
		const error = await failures({
			body: { data: [] },
			headers: { 'content-length': String(IMAGE_ANSWER_MAX_BYTES + 1) },
		});
		expect(error.message).toBe(
			startedMessage("PMock's answer is larger than 100 MB (HTTP 200): it is not pmock's answer"),
		);
		expect(error.description).toContain('no image of a documented size is this large');
		expect(error.context?.taskMayHaveStarted).toBe(true);
	});

	test('the Task ID choice keeps the 1 MB bound', async () => {
		const error = await failures(
			{ body: { code: 200, data: { taskId: 'x' } }, headers: { 'content-length': String(2 * 1024 * 1024) } },
			{ gptImageReturn: 'taskId', gptImagePrompt: 'p' },
		);
		expect(error.message).toBe(
			startedMessage("PMock's answer is larger than 1 MB (HTTP 200): it is not pmock's answer"),
		);
		expect(error.context?.taskMayHaveStarted).toBe(true);
	});
});

describe('Retry On Fail (n8n WorkflowExecute) never sends a paid image item twice', () => {
	const runWorkflow = (prompts: string[]) =>
		runPmockWorkflow({
			parameters: { resource: 'image', operation: 'generateGptImage', gptImagePrompt: '={{ $json.prompt }}' },
			typeVersion: 2,
			items: prompts.map((prompt) => ({ prompt })),
			credentials: credentialsFor(server),
			retryOnFail: { maxTries: 3, waitBetweenTries: 10 },
		});

	test('item b fails with HTTP 500 (may have billed): not sent again; a and c keep their images', async () => {
		const sent: Record<string, number> = {};
		const image = encodeImage('png', 8, 8, 'r').toString('base64');
		server.reset((request) => {
			const prompt = promptOf(request);
			sent[prompt] = (sent[prompt] ?? 0) + 1;
			if (prompt === 'b') return { status: 500, body: { error: { message: 'overloaded', type: 'server_error' } } };
			return { body: { created: 1, data: [{ b64_json: image }] } };
		});
		const { output, error } = await runWorkflow(['a', 'b', 'c']);
		expect(sent).toStrictEqual({ a: 1, b: 1, c: 1 });
		expect(output).toStrictEqual([]);
		expect(error?.message).toBe(startedMessage('PMock server error (HTTP 500)', 2));
		expect(error?.description).toContain('Retry On Fail did not send item 2 again');
		const context = (error as unknown as { context: IDataObject }).context;
		expect(context.startedTasks).toStrictEqual([
			{ itemIndex: 0, taskId: 'image gpt-image-2-1-item1.png' },
			{ itemIndex: 2, taskId: 'image gpt-image-2-1-item3.png' },
		]);
	});

	test('item b is rate limited once (nothing billed): sent again, and a and c are not', async () => {
		const sent: Record<string, number> = {};
		server.reset((request) => {
			const prompt = promptOf(request);
			sent[prompt] = (sent[prompt] ?? 0) + 1;
			if (prompt === 'b' && sent.b === 1) return { status: 429, body: { error: { message: 'slow down' } } };
			return { body: { created: 1, data: [{ b64_json: encodeImage('png', 8, 8, prompt).toString('base64') }] } };
		});
		const { output, error } = await runWorkflow(['a', 'b', 'c']);
		expect(error).toBeUndefined();
		expect(sent).toStrictEqual({ a: 1, b: 2, c: 1 });
		const drawnFor = (item: INodeExecutionData) =>
			encodeImage('png', 8, 8, ['a', 'b', 'c'][(item.pairedItem as { item: number }).item]);
		expect(output.map((item) => bytesOf(item.binary!.data).equals(drawnFor(item)))).toStrictEqual([true, true, true]);
	});
});
