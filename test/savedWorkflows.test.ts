import { readdirSync, readFileSync } from 'fs';
import { join } from 'path';

import type { INodeParameters } from 'n8n-workflow';
import { NodeHelpers } from 'n8n-workflow';

import { loadedPmockNodeType, pmockNode, runPmockNode } from '../dev/harness/runPmockNode';
import * as endpoints from '../sandbox/endpoints';
import { credentialsFor, theOneBodySent, useSandbox } from './helpers/sandbox';

/**
 * Saved workflows: the node has one version, 2 (version 1 was never released, see
 * CONTRIBUTING.md), and the workflows in examples/ hold only parameters it shows and send
 * what they always sent. Every operation's saved parameters → body: the table of operation
 * cases (test/operationCases.test.ts).
 */

const ACCESS_KEY = 'ak-saved-workflows-test';
const SECRET_KEY = 'sk-saved-workflows-test';

const server = useSandbox(ACCESS_KEY, SECRET_KEY);

const nodeType = loadedPmockNodeType();

test('the node has one version, 2: workflows saved with 2 during development keep it', () => {
	expect(nodeType.description.version).toBe(2);
});

describe('examples/ use node version 2, hold only parameters it shows, and send what they always sent', () => {
	const pmockNodeOf = (file: string) => {
		const workflow = JSON.parse(readFileSync(join(__dirname, '..', 'examples', file), 'utf8')) as {
			nodes: Array<{ type: string; typeVersion: number; parameters: INodeParameters }>;
		};
		return workflow.nodes.find((node) => node.type === 'n8n-nodes-pmock.pmock');
	};
	const SORA_EXAMPLE = {
		model: 'sora-2',
		orientation: 'landscape',
		size: 'small',
		duration: 10,
		removeWatermark: false,
		styleId: 'golden',
		storyboard: false,
	};

	const EXAMPLES: Array<[string, endpoints.Endpoint, Array<Record<string, unknown>> | undefined, unknown]> = [
		[
			'pmock-generate-video.json',
			endpoints.generateVideoV2,
			undefined,
			{ ...SORA_EXAMPLE, prompt: 'A corgi surfing a wave at sunset, slow motion, spray glittering in the light' },
		],
		[
			'pmock-generate-image.json',
			endpoints.generateImage,
			undefined,
			{
				prompt: 'A jar of wildflower honey on a rustic wooden table, soft morning light, product photo',
				action: 'generate',
				numImages: 1,
				model: 'nano-banana-pro',
				resolution: '2K',
				aspectRatio: '4:5',
			},
		],
		[
			'pmock-queue-webhook.json',
			endpoints.generateVideoV2,
			[{ body: { prompt: 'A call to the webhook' } }],
			{ ...SORA_EXAMPLE, prompt: 'A call to the webhook' },
		],
		[
			'pmock-gpt-image.json',
			endpoints.generateGptImageSync,
			[{ prompt: 'A watercolour lighthouse on a cliff at dawn, soft pastel colours, seagulls' }],
			{
				prompt: 'A watercolour lighthouse on a cliff at dawn, soft pastel colours, seagulls',
				model: 'gpt-image-2',
				n: 1,
				size: '1536x1024',
				quality: 'high',
				background: 'auto',
				outputFormat: 'png',
				moderation: 'auto',
			},
		],
	];

	test('every workflow in examples/ with a PMock node is checked here', () => {
		const withPmock = readdirSync(join(__dirname, '..', 'examples'))
			.filter((file) => file.endsWith('.json'))
			.filter((file) => pmockNodeOf(file) !== undefined);
		expect(EXAMPLES.map(([file]) => file).sort()).toStrictEqual(withPmock.sort());
	});

	test.each(EXAMPLES)('%s', async (file, endpoint, items, body) => {
		const node = pmockNodeOf(file)!;
		expect(node.typeVersion).toBe(2);
		// Every parameter it holds is one version 2 shows: n8n would drop any other when loading it.
		const loaded = NodeHelpers.getNodeParameters(
			nodeType.description.properties,
			node.parameters,
			true,
			false,
			pmockNode(),
			nodeType.description,
		);
		expect(loaded).toMatchObject(node.parameters);

		// The sandbox's own endpoints answer, as pmock would: a taskId, or GPT Image 2's image.
		server.reset();
		const output = await runPmockNode({
			parameters: node.parameters,
			items: items as never,
			credentials: credentialsFor(server),
		});
		expect(theOneBodySent(server, endpoint)).toStrictEqual(body);
		expect(output).toHaveLength(1);
		if (endpoint === endpoints.generateGptImageSync) expect(output[0].binary?.data?.mimeType).toBe('image/png');
		else expect(output[0].json.taskId).toEqual(expect.any(String));
	});
});
