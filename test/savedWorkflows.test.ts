import { readFileSync } from 'fs';
import { join } from 'path';

import type { IDataObject, INodeParameters } from 'n8n-workflow';
import { NodeHelpers } from 'n8n-workflow';

import { loadedPmockNodeType, pmockNode, runPmockNode } from '../dev/harness/runPmockNode';
import * as endpoints from '../sandbox/endpoints';
import { credentialsFor, theOneBodySent, useSandbox } from './helpers/sandbox';

/**
 * Workflows saved before node version 2 keep loading and running unchanged: one saved node of
 * each earlier shape (typeVersion 1, every operation, the parameters as the editor saved them:
 * only what differs from the defaults, or every value as examples/ held them), loaded as n8n
 * loads a workflow (parameters the description does not know are dropped) and run through
 * RoutingNode. The bodies are the exact ones today's main sent for them. The parameter names
 * have not changed since the first release (`git log -p -- nodes/`); the first release had
 * only Generate (Sora 2), so its workflows may hold neither a resource nor an operation.
 */

const ACCESS_KEY = 'ak-saved-workflows-test';
const SECRET_KEY = 'sk-saved-workflows-test';

const server = useSandbox(ACCESS_KEY, SECRET_KEY);

const nodeType = loadedPmockNodeType();

interface SavedShape {
	/** Which release saved it and what it shows. */
	name: string;
	parameters: INodeParameters;
	items?: IDataObject[];
	endpoint: endpoints.Endpoint;
	body: Record<string, unknown>;
}

const SHAPES: SavedShape[] = [
	{
		name: 'first release, Generate (Sora 2): no resource or operation saved (the defaults)',
		parameters: { prompt: 'A fox in the snow', styleId: 'golden', duration: 15 },
		endpoint: endpoints.generateVideoV2,
		body: {
			model: 'sora-2',
			prompt: 'A fox in the snow',
			orientation: 'landscape',
			size: 'small',
			duration: 15,
			removeWatermark: false,
			styleId: 'golden',
			storyboard: false,
		},
	},
	{
		name: 'Generate (Sora 2) with every value saved, as examples/pmock-generate-video.json held it',
		parameters: {
			resource: 'video',
			operation: 'generateV2',
			model: 'sora-2',
			prompt: 'A corgi surfing a wave at sunset, slow motion, spray glittering in the light',
			styleId: 'golden',
			images: 'https://example.com/corgi.jpg',
			orientation: 'portrait',
			duration: 10,
			size: 'small',
			removeWatermark: true,
			storyboard: true,
		},
		endpoint: endpoints.generateVideoV2,
		body: {
			model: 'sora-2',
			prompt: 'A corgi surfing a wave at sunset, slow motion, spray glittering in the light',
			images: ['https://example.com/corgi.jpg'],
			orientation: 'portrait',
			size: 'small',
			duration: 10,
			removeWatermark: true,
			styleId: 'golden',
			storyboard: true,
		},
	},
	{
		name: 'Generate (Sora 2) with the prompt and image from expressions',
		parameters: { prompt: '={{ $json.idea }}', images: '={{ $json.picture }}' },
		items: [{ idea: 'A kite over the dunes', picture: 'https://example.com/kite.png' }],
		endpoint: endpoints.generateVideoV2,
		body: {
			model: 'sora-2',
			prompt: 'A kite over the dunes',
			images: ['https://example.com/kite.png'],
			orientation: 'landscape',
			size: 'small',
			duration: 10,
			removeWatermark: false,
			styleId: 'anime',
			storyboard: false,
		},
	},
	{
		name: 'Generate (Sora 2 / 2 Pro), Sora 2 Pro, large, 25 seconds',
		parameters: {
			operation: 'generateV1',
			model: 'sora-2-pro',
			prompt: 'A lighthouse in a storm',
			images: 'https://example.com/lighthouse.jpg',
			orientation: 'portrait',
			size: 'large',
			duration: 25,
			removeWatermark: true,
		},
		endpoint: endpoints.generateVideoV1,
		body: {
			model: 'sora-2-pro',
			prompt: 'A lighthouse in a storm',
			images: ['https://example.com/lighthouse.jpg'],
			orientation: 'portrait',
			size: 'large',
			duration: 25,
			removeWatermark: true,
		},
	},
	{
		name: 'Generate (Sora 2 / 2 Pro) with the defaults (Sora 2)',
		parameters: { operation: 'generateV1', prompt: 'A quiet lake' },
		endpoint: endpoints.generateVideoV1,
		body: {
			model: 'sora-2',
			prompt: 'A quiet lake',
			orientation: 'landscape',
			size: 'small',
			duration: 10,
			removeWatermark: false,
		},
	},
	{
		name: 'Character → Create with two of the optional fields',
		parameters: {
			resource: 'character',
			videoUrl: 'https://example.com/rex.mp4',
			additionalFields: { name: 'Rex', instructionText: 'Always wags his tail' },
		},
		endpoint: endpoints.createRole,
		body: { videoUrl: 'https://example.com/rex.mp4', name: 'Rex', instructionText: 'Always wags his tail' },
	},
	{
		name: 'Generate (Veo 3.1), Image to Video with two frames, Veo 3.1 Quality, 9:16, translation on',
		parameters: {
			operation: 'generateVeo',
			prompt: 'Le bateau glisse',
			action: 'img2video',
			model: 'veo31_quality',
			imageList: 'https://example.com/first.jpg\nhttps://example.com/last.jpg',
			aspectRatio: '9:16',
			translation: true,
		},
		endpoint: endpoints.generateVeo,
		body: {
			prompt: 'Le bateau glisse',
			action: 'img2video',
			model: 'veo31_quality',
			imageList: ['https://example.com/first.jpg', 'https://example.com/last.jpg'],
			aspectRatio: '9:16',
			translation: true,
		},
	},
	{
		name: 'Generate (Veo 3.1), Text to Video with the ingredients model',
		parameters: {
			operation: 'generateVeo',
			prompt: 'A cat in a hat',
			model: 'veo31_fast_ingredients',
			imageList: 'https://example.com/cat.jpg',
		},
		endpoint: endpoints.generateVeo,
		body: {
			prompt: 'A cat in a hat',
			action: 'text2video',
			model: 'veo31_fast_ingredients',
			imageList: ['https://example.com/cat.jpg'],
			aspectRatio: '16:9',
			translation: false,
		},
	},
	{
		name: 'Generate (Veo 3.1), Get 1080p',
		parameters: { operation: 'generateVeo', prompt: 'upscale', action: 'get1080p', videoId: 'veo-123' },
		endpoint: endpoints.generateVeo,
		body: { prompt: 'upscale', action: 'get1080p', model: 'veo31_fast', videoId: 'veo-123' },
	},
	{
		name: 'Image → Generate (Nano Banana), Generate with every value saved, as examples/pmock-generate-image.json held it',
		parameters: {
			resource: 'image',
			operation: 'generate',
			prompt: 'A jar of wildflower honey',
			action: 'generate',
			model: 'nano-banana-pro',
			resolution: '2K',
			aspectRatio: '4:5',
		},
		endpoint: endpoints.generateImage,
		body: {
			prompt: 'A jar of wildflower honey',
			action: 'generate',
			numImages: 1,
			model: 'nano-banana-pro',
			resolution: '2K',
			aspectRatio: '4:5',
		},
	},
	{
		name: 'Image → Generate (Nano Banana), Edit (the operation, the default, not saved)',
		parameters: {
			resource: 'image',
			prompt: 'Make the sky purple',
			action: 'edit',
			imageUrls: 'https://example.com/a.png\nhttps://example.com/b.png',
			aspectRatio: '16:9',
		},
		endpoint: endpoints.generateImage,
		body: {
			prompt: 'Make the sky purple',
			action: 'edit',
			numImages: 1,
			model: 'nano-banana-fast',
			resolution: '1K',
			imageUrls: ['https://example.com/a.png', 'https://example.com/b.png'],
			aspectRatio: '16:9',
		},
	},
];

describe('workflows saved with node version 1 load and run unchanged', () => {
	test('one of each shape covers every operation', () => {
		// GPT Image 2's two endpoints came with version 2: no version 1 workflow holds them.
		const versionTwoOnly = [endpoints.generateGptImageTask, endpoints.generateGptImageSync];
		expect(new Set(SHAPES.map((shape) => shape.endpoint.path)).size).toBe(
			endpoints.ENDPOINTS.filter((endpoint) => !versionTwoOnly.includes(endpoint)).length,
		);
	});

	test.each(SHAPES.map((shape) => [shape.name, shape] as const))('%s', async (_name, shape) => {
		// Loading: n8n keeps only the parameters its description shows for the node's version,
		// and fills in the defaults of the others.
		const loaded = NodeHelpers.getNodeParameters(
			nodeType.description.properties,
			shape.parameters,
			true,
			false,
			pmockNode(1),
			nodeType.description,
		);
		expect(loaded).toMatchObject(shape.parameters);

		const output = await runPmockNode({
			typeVersion: 1,
			parameters: shape.parameters,
			items: shape.items,
			credentials: credentialsFor(server),
		});
		expect(theOneBodySent(server, shape.endpoint)).toStrictEqual(shape.body);
		expect(output.map((item) => item.json.taskId)).toStrictEqual(['task-1']);
	});
});

describe('examples/ use node version 2 and send what their version 1 copies sent', () => {
	const pmockNodeOf = (file: string) => {
		const workflow = JSON.parse(readFileSync(join(__dirname, '..', 'examples', file), 'utf8')) as {
			nodes: Array<{ type: string; typeVersion: number; parameters: INodeParameters }>;
		};
		return workflow.nodes.find((node) => node.type === 'n8n-nodes-pmock.pmock')!;
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

	test.each([
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
	])('%s', async (file, endpoint, items, body) => {
		const node = pmockNodeOf(file);
		expect(node.typeVersion).toBe(2);
		// Every parameter it holds is one version 2 shows: n8n would drop any other when loading it.
		const loaded = NodeHelpers.getNodeParameters(
			nodeType.description.properties,
			node.parameters,
			true,
			false,
			pmockNode(2),
			nodeType.description,
		);
		expect(loaded).toMatchObject(node.parameters);

		await runPmockNode({ typeVersion: 2, parameters: node.parameters, items, credentials: credentialsFor(server) });
		expect(theOneBodySent(server, endpoint)).toStrictEqual(body);
	});
});
