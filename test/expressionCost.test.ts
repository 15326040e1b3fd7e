import { Expression } from 'n8n-workflow';

import { Pmock } from '../nodes/Pmock/Pmock.node';
import { credentialsFor, useSandbox } from './helpers/sandbox';
import { runPmockNode } from '../dev/harness/runPmockNode';

/**
 * n8n's expression engine is the largest cost the node adds per item (docs/performance.md).
 * n8n-core's RoutingNode evaluates a parameter's expression once for every property of that
 * name in the description, plus once more when it sends it: two evaluations per item is its
 * floor. A second property with the same name (a copy of a field per operation) would add a
 * third. These counts are exact, not timings.
 */

const ACCESS_KEY = 'ak-expression-cost-test';
const SECRET_KEY = 'sk-expression-cost-test';
const ITEMS = 5;

const server = useSandbox(ACCESS_KEY, SECRET_KEY);

/** n8n-workflow's Expression renders every `{{ }}` through this (private) method. */
type Renderer = { renderExpression(expression: string, data: unknown): unknown };
const renderer = Expression.prototype as unknown as Renderer;
const originalRender = renderer.renderExpression;

/** How often each expression was rendered while the node ran ITEMS items. */
async function renderCounts(parameters: Record<string, unknown>, typeVersion = 1): Promise<Record<string, number>> {
	const counts: Record<string, number> = {};
	const render = jest.spyOn(renderer, 'renderExpression').mockImplementation(function (
		this: Renderer,
		expression: string,
		data: unknown,
	) {
		counts[expression] = (counts[expression] ?? 0) + 1;
		return originalRender.call(this, expression, data);
	});
	try {
		const output = await runPmockNode({
			typeVersion,
			parameters: parameters as never,
			items: Array.from({ length: ITEMS }, (_, index) => ({
				value: `value ${index + 1}`,
				url: `https://example.com/${index}.png`,
			})),
			credentials: credentialsFor(server),
		});
		expect(output.map((item) => typeof item.json.taskId)).toStrictEqual(Array(ITEMS).fill('string'));
	} finally {
		render.mockRestore();
	}
	return counts;
}

describe('expression evaluations per item', () => {
	test.each([
		['Generate (Sora 2)', { resource: 'video', operation: 'generateV2' }],
		['Generate (Sora 2 / 2 Pro)', { resource: 'video', operation: 'generateV1' }],
	])('%s: the prompt and image expressions are evaluated twice per item, no more', async (_case, operation) => {
		const counts = await renderCounts({ ...operation, prompt: '={{ $json.value }}', images: '={{ $json.url }}' });
		expect(counts).toStrictEqual({ '{{ $json.value }}': 2 * ITEMS, '{{ $json.url }}': 2 * ITEMS });
	});

	test.each([
		[
			'Generate (Veo 3.1), Image to Video',
			3,
			{ resource: 'video', operation: 'generateVeo', action: 'img2video', imageList: '={{ $json.url }}' },
		],
		[
			'Generate (Nano Banana), Edit',
			2,
			{ resource: 'image', operation: 'generate', action: 'edit', imageUrls: '={{ $json.url }}' },
		],
	])(
		'%s: the prompt, shared by every Generate operation, costs two evaluations per item; the image URLs %d',
		async (_case, imageCost, operation) => {
			const counts = await renderCounts({ ...operation, prompt: '={{ $json.value }}' });
			// Veo's Image URLs are two properties (Image to Video; Text to Video with the ingredients
			// model) because n8n's displayOptions cannot say "either": one evaluation more per item.
			expect(counts).toStrictEqual({ '{{ $json.value }}': 2 * ITEMS, '{{ $json.url }}': imageCost * ITEMS });
		},
	);

	test('Generate (Veo 3.1), Get 1080p: the Video ID costs two evaluations per item', async () => {
		const counts = await renderCounts({
			resource: 'video',
			operation: 'generateVeo',
			action: 'get1080p',
			prompt: 'upscale',
			videoId: '={{ $json.value }}',
		});
		expect(counts).toStrictEqual({ '{{ $json.value }}': 2 * ITEMS });
	});

	test('a Model from an expression costs one evaluation per Model property (one per operation) plus one', async () => {
		// Each operation has its own Model list; an expression there is rare, so this is the price
		// of showing each operation only its own models.
		const models = ['sora-2', 'sora-2', 'veo31_fast', 'nano-banana-fast'];
		expect(new Pmock().description.properties.filter((property) => property.name === 'model')).toHaveLength(
			models.length,
		);
		const counts = await renderCounts({
			resource: 'video',
			operation: 'generateVeo',
			prompt: 'p',
			model: '={{ "veo3_fast" }}',
		});
		expect(counts).toStrictEqual({ '{{ "veo3_fast" }}': (models.length + 1) * ITEMS });
	});

	test('no expression of the node itself is evaluated: a typed-in form renders none', async () => {
		for (const parameters of [
			{ resource: 'video', operation: 'generateV2', prompt: 'A typed prompt' },
			{
				resource: 'video',
				operation: 'generateVeo',
				action: 'img2video',
				prompt: 'A typed prompt',
				imageList: 'https://example.com/a.png',
			},
			{
				resource: 'image',
				operation: 'generate',
				action: 'edit',
				prompt: 'A typed prompt',
				imageUrls: 'https://example.com/a.png',
			},
		]) {
			expect(await renderCounts(parameters)).toStrictEqual({});
		}
	});

	describe('node version 2: each operation its own names, so no more than version 1 costs, and a Model or Size from an expression costs less', () => {
		test.each([
			[
				'Generate (Sora 2 with Styles)',
				{ resource: 'video', operation: 'generateV2', sora2Prompt: '={{ $json.value }}' },
			],
			[
				'Generate (Sora 2 Pro or Sora 2)',
				{ resource: 'video', operation: 'generateV1', soraProPrompt: '={{ $json.value }}' },
			],
			['Generate (Veo 3.1)', { resource: 'video', operation: 'generateVeo', veoPrompt: '={{ $json.value }}' }],
			['Generate (Nano Banana)', { resource: 'image', operation: 'generate', imagePrompt: '={{ $json.value }}' }],
		])('%s: its Prompt costs two evaluations per item, the image URL two', async (_case, parameters) => {
			const counts = await renderCounts({ ...parameters, images: '={{ $json.url }}' }, 2);
			// Only the Sora forms have Image URL (`images`); in the others it is not a parameter.
			const sora = ['generateV2', 'generateV1'].includes(parameters.operation);
			expect(counts).toStrictEqual({
				'{{ $json.value }}': 2 * ITEMS,
				...(sora ? { '{{ $json.url }}': 2 * ITEMS } : {}),
			});
		});

		test('Generate (Veo 3.1), Image to Video: the image URLs cost three per item, as in version 1', async () => {
			const counts = await renderCounts(
				{
					resource: 'video',
					operation: 'generateVeo',
					veoPrompt: 'p',
					veoAction: 'img2video',
					veoImageList: '={{ $json.url }}',
				},
				2,
			);
			expect(counts).toStrictEqual({ '{{ $json.url }}': 3 * ITEMS });
		});

		test('a Model from an expression costs two evaluations per item (version 1: five)', async () => {
			const counts = await renderCounts(
				{ resource: 'video', operation: 'generateVeo', veoPrompt: 'p', veoModel: '={{ "veo3_fast" }}' },
				2,
			);
			expect(counts).toStrictEqual({ '{{ "veo3_fast" }}': 2 * ITEMS });
		});

		test("Generate (Sora 2 Pro or Sora 2): Size and Duration from expressions cost two per item (three in version 1, where both models' lists share the name)", async () => {
			const counts = await renderCounts(
				{
					resource: 'video',
					operation: 'generateV1',
					soraProPrompt: 'p',
					soraProModel: 'sora-2-pro',
					soraProSize: '={{ "large" }}',
					soraProDuration: '={{ 25 }}',
				},
				2,
			);
			expect(counts).toStrictEqual({ '{{ "large" }}': 2 * ITEMS, '{{ 25 }}': 2 * ITEMS });
		});
	});
});
