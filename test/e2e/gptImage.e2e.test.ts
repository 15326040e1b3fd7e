import { createHash, randomBytes } from 'crypto';

import type { IBinaryData, IDataObject, INodeExecutionData } from 'n8n-workflow';

import { chainConnections } from '../../dev/harness/workflowNodes';
import { encodeImage } from '../../sandbox/imageEncoders';
import { CREDENTIALS, exampleWorkflow, NODE_TYPE, useRealN8n } from './helpers/realN8n';

/**
 * Image → Generate (GPT Image 2), node version 2, in each pinned real n8n against the sandbox:
 * What Comes Back → Image gives the picture as n8n binary data, whose MIME type, size and bytes
 * are checked as n8n stored them (the next node, Extract from File, reads them back through
 * n8n's own binary-data service), for PNG, JPEG and WebP; What Comes Back → Task ID gives a
 * taskId from the asynchronous endpoint; the example workflow runs.
 */
const n8n = useRealN8n();

const IMAGE_PATH = '/ai/openai/v1/images/generations';
const TASK_PATH = '/ai/openai/images/generate';

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** trigger → PMock (GPT Image 2) → Extract from File (the image's bytes as base64 in json). */
function imageWorkflow(parameters: IDataObject) {
	const id = `gpt${randomBytes(5).toString('hex')}`;
	const nodes = [
		{
			id: `${id}-trigger`,
			name: 'Start',
			type: 'n8n-nodes-base.manualTrigger',
			typeVersion: 1,
			position: [0, 0],
			parameters: {},
		},
		{
			id: `${id}-pmock`,
			name: 'PMock',
			type: NODE_TYPE,
			typeVersion: 2,
			position: [240, 0],
			parameters: { resource: 'image', operation: 'generateGptImage', ...parameters },
			credentials: { pmockApi: CREDENTIALS.sandbox },
		},
		{
			id: `${id}-extract`,
			name: 'Read back',
			type: 'n8n-nodes-base.extractFromFile',
			typeVersion: 1.1,
			position: [480, 0],
			parameters: {
				operation: 'binaryToPropery',
				binaryPropertyName: String(parameters.gptImageBinaryProperty ?? 'data'),
				destinationKey: 'base64',
				options: {},
			},
		},
	];
	return {
		id,
		name: `e2e ${id}`,
		active: false,
		nodes,
		connections: chainConnections(nodes),
		settings: { executionOrder: 'v1' },
	};
}

const nodeOutput = (result: { data: { resultData: { runData: IDataObject } } }, name: string) =>
	(result.data.resultData.runData[name] as Array<{ data: { main: INodeExecutionData[][] } }>)[0].data.main[0];

describe(`Image → Generate (GPT Image 2) in real ${n8n.name}`, () => {
	test.each([
		['png', 'image/png', 'png', '1024x1024'],
		['jpeg', 'image/jpeg', 'jpg', '1536x1024'],
		['webp', 'image/webp', 'webp', '1024x1536'],
	])(
		'Image, %s: the binary as n8n saved it has the MIME type, size and bytes the sandbox drew',
		async (format, mimeType, extension, size) => {
			const prompt = `a ${format} lighthouse in ${n8n.name}`;
			const { received, result, error } = await n8n.execute(
				imageWorkflow({
					gptImagePrompt: prompt,
					gptImageSyncSize: size,
					gptImageOutputFormat: format,
					gptImageBinaryProperty: 'picture',
				}),
			);
			expect(error).toBeUndefined();
			expect(received).toHaveLength(1);
			expect(received[0]).toMatchObject({ method: 'POST', path: IMAGE_PATH, signature: 'valid' });
			expect(received[0].body).toEqual({
				prompt,
				model: 'gpt-image-2',
				n: 1,
				size,
				quality: 'auto',
				background: 'auto',
				outputFormat: format,
				moderation: 'auto',
				...(format === 'png' ? {} : { outputCompression: 100 }),
			});
			const [width, height] = size.split('x').map(Number);
			const drawn = encodeImage(format as 'png' | 'jpeg' | 'webp', width, height, prompt);

			const [item] = nodeOutput(result, 'PMock');
			const binary = item.binary!.picture as IBinaryData;
			expect(binary).toMatchObject({ mimeType, fileExtension: extension, fileType: 'image' });
			expect(binary.fileName).toMatch(new RegExp(`^gpt-image-2-\\d+-item1\\.${extension}$`));
			expect(item.json).toMatchObject({ mimeType, fileSize: drawn.length, format, size, fileName: binary.fileName });
			expect(JSON.stringify(item.json)).not.toContain(drawn.toString('base64').slice(0, 40));

			const [readBack] = nodeOutput(result, 'Read back');
			const stored = Buffer.from(readBack.json.base64 as string, 'base64');
			expect(stored.length).toBe(drawn.length);
			expect(sha256(stored)).toBe(sha256(drawn));
		},
	);

	test('Task ID: the asynchronous endpoint, an edit with an image and a mask, answered with a taskId', async () => {
		const { received, output, error } = await n8n.run({
			typeVersion: 2,
			parameters: {
				resource: 'image',
				operation: 'generateGptImage',
				gptImageReturn: 'taskId',
				gptImagePrompt: 'Make the sky stormy',
				gptImageUrls: 'https://example.com/lighthouse.png',
				gptImageMask: 'https://example.com/mask.png',
				gptImageInputFidelity: 'high',
			},
		});
		expect(error).toBeUndefined();
		expect(received).toHaveLength(1);
		expect(received[0]).toMatchObject({ path: TASK_PATH, signature: 'valid', response: { body: { code: 200 } } });
		expect(received[0].body).toEqual({
			prompt: 'Make the sky stormy',
			model: 'gpt-image-2',
			n: 1,
			size: 'auto',
			quality: 'auto',
			background: 'auto',
			outputFormat: 'png',
			moderation: 'auto',
			responseFormat: 'b64_json',
			image: ['https://example.com/lighthouse.png'],
			mask: 'https://example.com/mask.png',
			inputFidelity: 'high',
		});
		const answered = received[0].response.body as { data: { taskId: string }; traceId: string };
		expect(output).toEqual([{ taskId: answered.data.taskId, traceId: answered.traceId, message: 'success' }]);
	});

	test("Image, OpenAI's error shape: the item's error says what PMock said, on the error output", async () => {
		const { received, output, error } = await n8n.run({
			typeVersion: 2,
			parameters: { resource: 'image', operation: 'generateGptImage', gptImagePrompt: 'p' },
			settings: { onError: 'continueRegularOutput' },
			faults: [{ status: 400, body: { error: { message: 'Invalid prompt', type: 'invalid_request_error' } } }],
		});
		expect(error).toBeUndefined();
		expect(received).toHaveLength(1);
		expect(output).toEqual([
			{
				error: expect.objectContaining({
					message: 'PMock refused the request (HTTP 400): Invalid prompt (invalid_request_error)',
					taskMayHaveStarted: false,
				}),
			},
		]);
	});

	test('the example workflow runs: prompt → PMock GPT Image 2, a 1536x1024 PNG as binary data', async () => {
		const { received, result, error } = await n8n.execute(exampleWorkflow('pmock-gpt-image.json'));
		expect(error).toBeUndefined();
		expect(received).toHaveLength(1);
		expect(received[0]).toMatchObject({ path: IMAGE_PATH, signature: 'valid', body: { size: '1536x1024' } });
		const [item] = nodeOutput(result, 'PMock GPT Image 2');
		const binary = item.binary!.data as IBinaryData;
		const drawn = encodeImage('png', 1536, 1024, (received[0].body as { prompt: string }).prompt);
		expect(binary).toMatchObject({ mimeType: 'image/png', fileExtension: 'png' });
		expect(item.json).toMatchObject({ fileSize: drawn.length, size: '1536x1024', format: 'png' });
	});
});
