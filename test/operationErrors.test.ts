import type { IDataObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { type Answer, credentialsFor, useSandbox } from './helpers/sandbox';
import { continuedError, failureOf, startedMessage, type NodeError } from './helpers/failures';
import { runPmockNode } from '../dev/harness/runPmockNode';
import { expectNoSecrets } from './helpers/secrets';

/**
 * The envelope and error mapping (shared/responseEnvelope.ts) is shared by every operation;
 * this runs its cases through Generate (Sora 2 / 2 Pro), Generate (Veo 3.1), Image → Generate
 * (Nano Banana) and Character → Create, each on its path.
 */

const ACCESS_KEY = 'ak-new-ops-errors';
const SECRET_KEY = 'sk-new-ops-errors-SECRET';

const server = useSandbox(ACCESS_KEY, SECRET_KEY);

const OPERATIONS = [
	{
		label: 'Generate (Sora 2 / 2 Pro)',
		path: '/ai/sa/video/generate',
		parameters: {
			resource: 'video',
			operation: 'generateV1',
			model: 'sora-2-pro',
			size: 'large',
			prompt: '={{ $json.text }}',
		},
		valid: { text: 'a lighthouse in a storm' },
		invalid: { text: '' },
		invalidMessage: 'Prompt (prompt) is empty',
		keyOf: (body: IDataObject) => body.prompt,
	},
	{
		label: 'Generate (Veo 3.1)',
		path: '/ai/gi/video/generate',
		parameters: {
			resource: 'video',
			operation: 'generateVeo',
			action: 'img2video',
			imageList: 'https://example.com/first.png',
			prompt: '={{ $json.text }}',
		},
		valid: { text: 'the photo comes alive' },
		invalid: { text: '' },
		invalidMessage: 'Prompt (prompt) is empty',
		keyOf: (body: IDataObject) => body.prompt,
	},
	{
		label: 'Image → Generate (Nano Banana)',
		path: '/ai/gi/image/generate',
		parameters: {
			resource: 'image',
			operation: 'generate',
			action: 'edit',
			prompt: 'make it blue',
			imageUrls: '={{ $json.text }}',
		},
		valid: { text: 'https://example.com/kite.png' },
		invalid: { text: 'ftp://example.com/kite.png' },
		invalidMessage: 'Image URLs (imageUrls) must be an http(s) URL, not ftp: "ftp://example.com/kite.png"',
		keyOf: (body: IDataObject) => (body.imageUrls as string[])[0],
	},
	{
		label: 'Character → Create',
		path: '/ai/sa/create/role',
		parameters: { resource: 'character', operation: 'create', videoUrl: '={{ $json.text }}' },
		valid: { text: 'https://example.com/rex.mp4' },
		invalid: { text: 'not a url' },
		invalidMessage: 'Video URL (videoUrl) is not a valid URL: "not a url"',
		keyOf: (body: IDataObject) => body.videoUrl,
	},
] as const;

describe.each(OPERATIONS)('$label errors', (operation) => {
	const run = (options: { items?: IDataObject[]; continueOnFail?: boolean; secretKey?: string } = {}) =>
		runPmockNode({
			parameters: operation.parameters as never,
			credentials: credentialsFor(server, options.secretKey === undefined ? {} : { secretKey: options.secretKey }),
			items: options.items ?? [operation.valid],
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

	test('continue on fail: invalid and refused items carry errors, the valid one its taskId, in input order', async () => {
		const refusedByApi = {
			text:
				{
					'Character → Create': 'https://example.com/long.mp4',
					'Image → Generate (Nano Banana)': 'https://example.com/refused.png',
				}[operation.label as string] ?? 'api says no',
		};
		const apiRefuses = String(Object.values(refusedByApi)[0]);
		server.reset((request) => {
			const key = String(operation.keyOf(request.body as IDataObject));
			if (key === apiRefuses)
				return { body: { code: 4100, message: 'rejected', data: null, traceId: 'trace-rejected' } };
			return { body: { code: 200, message: 'ok', data: { taskId: `task-${key}` }, traceId: 't' } };
		});
		const output = await run({ items: [operation.valid, operation.invalid, refusedByApi], continueOnFail: true });

		expect(output).toHaveLength(3);
		expect(output[0].json.taskId).toBe(`task-${String(Object.values(operation.valid)[0])}`);
		expect(continuedError(output[1])?.message).toBe(operation.invalidMessage);
		expect(continuedError(output[2])?.message).toBe('PMock returned error code 4100: rejected');
		expect(output[0].pairedItem).toStrictEqual({ item: 0 });
		// The invalid item never left.
		expect(server.requests).toHaveLength(2);
		expectNoSecrets(output, ACCESS_KEY, SECRET_KEY);
	});
});
