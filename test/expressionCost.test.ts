import { Expression } from 'n8n-workflow';

import { OPERATIONS } from '../nodes/Pmock/operations';
import { OPERATION_CASES } from './cases';
import { credentialsFor, numberedSuccess, useSandbox, type Responder } from './helpers/sandbox';
import { runPmockNode } from '../dev/harness/runPmockNode';
import { generateGptImageSync } from '../sandbox/endpoints';
import { encodeImage } from '../sandbox/imageEncoders';

/**
 * n8n's expression engine is the largest cost the node adds per item (docs/performance.md).
 * n8n-core's RoutingNode evaluates a parameter's expression once for every property of that
 * name in the description, plus once more when it sends it: two evaluations per item is its
 * floor. A second property with the same name (a copy of a field per operation) would add a
 * third, which is why each operation names its fields apart where their values differ, and
 * shares one property where they do not. These counts are exact, not timings.
 */

const ACCESS_KEY = 'ak-expression-cost-test';
const SECRET_KEY = 'sk-expression-cost-test';
const ITEMS = 5;

const server = useSandbox(ACCESS_KEY, SECRET_KEY);

/** A small picture, for the endpoint that answers with the image itself (GPT Image 2's What Comes Back → Image). */
const PICTURE = encodeImage('png', 8, 8, 'expression cost').toString('base64');

/** Each endpoint's success: the image where the answer is the image, a taskId otherwise. */
const successOf: Responder = (request, index) =>
	request.path === generateGptImageSync.path
		? { body: { created: 1, data: [{ b64_json: PICTURE }] } }
		: numberedSuccess(request, index);

/** What an output item holds: its endpoint's success, or what went wrong. */
const outcomeOf = (item: { json: Record<string, unknown>; binary?: Record<string, unknown> }) =>
	item.binary?.data !== undefined ? 'image' : typeof item.json.taskId === 'string' ? 'taskId' : 'no success';

/** n8n-workflow's Expression renders every `{{ }}` through this (private) method. */
type Renderer = { renderExpression(expression: string, data: unknown): unknown };
const renderer = Expression.prototype as unknown as Renderer;
const originalRender = renderer.renderExpression;

/** How often each expression was rendered while the node ran ITEMS items. */
async function renderCounts(parameters: Record<string, unknown>): Promise<Record<string, number>> {
	const counts: Record<string, number> = {};
	const render = jest.spyOn(renderer, 'renderExpression').mockImplementation(function (
		this: Renderer,
		expression: string,
		data: unknown,
	) {
		counts[expression] = (counts[expression] ?? 0) + 1;
		return originalRender.call(this, expression, data);
	});
	server.reset(successOf);
	try {
		const output = await runPmockNode({
			parameters: parameters as never,
			items: Array.from({ length: ITEMS }, (_, index) => ({
				value: `value ${index + 1}`,
				url: `https://example.com/${index}.png`,
			})),
			credentials: credentialsFor(server),
		});
		// Every item succeeded, as its endpoint answers.
		const expected = server.requests.map((request) =>
			request.path === generateGptImageSync.path ? 'image' : 'taskId',
		);
		expect(expected).toHaveLength(ITEMS);
		expect(output.map(outcomeOf).sort()).toStrictEqual(expected.sort());
	} finally {
		render.mockRestore();
	}
	return counts;
}

/** Every operation with a Prompt, and its Prompt's parameter name, read from the modules. */
const WITH_PROMPT = OPERATIONS.flatMap(({ resource, option, fields }) => {
	const prompt = fields.find((field) => field.routing?.send?.property === 'prompt');
	return prompt ? [[option.name, { resource: resource.value, operation: option.value }, prompt.name] as const] : [];
});

/** Whether an operation's form has a field of this name. */
const hasField = (operation: unknown, name: string) =>
	OPERATIONS.some(({ option, fields }) => option.value === operation && fields.some((field) => field.name === name));

describe('expression evaluations per item', () => {
	test.each(WITH_PROMPT)(
		'%s: its Prompt costs two evaluations per item, the Image URL (where it has one) two',
		async (_name, operation, prompt) => {
			const counts = await renderCounts({ ...operation, [prompt]: '={{ $json.value }}', images: '={{ $json.url }}' });
			expect(counts).toStrictEqual({
				'{{ $json.value }}': 2 * ITEMS,
				...(hasField(operation.operation, 'images') ? { '{{ $json.url }}': 2 * ITEMS } : {}),
			});
		},
	);

	test.each([
		[
			'Generate (Veo 3.1), Image to Video',
			3,
			{ resource: 'video', operation: 'generateVeo', veoAction: 'img2video', veoImageList: '={{ $json.url }}' },
		],
		[
			'Generate (Nano Banana), Edit',
			2,
			{ resource: 'image', operation: 'generate', imageAction: 'edit', editImageUrls: '={{ $json.url }}' },
		],
	])('%s: the image URLs cost %d evaluations per item', async (_case, imageCost, parameters) => {
		const counts = await renderCounts({ ...parameters, veoPrompt: 'p', imagePrompt: 'p' });
		// Veo's Image URLs are two properties (Image to Video; Text to Video with the ingredients
		// model) because n8n's displayOptions cannot say "either": one evaluation more per item.
		expect(counts).toStrictEqual({ '{{ $json.url }}': imageCost * ITEMS });
	});

	test('Generate (Veo 3.1), Get 1080p: the Video ID costs two evaluations per item', async () => {
		const counts = await renderCounts({
			resource: 'video',
			operation: 'generateVeo',
			veoAction: 'get1080p',
			veoPrompt: 'upscale',
			veoVideoId: '={{ $json.value }}',
		});
		expect(counts).toStrictEqual({ '{{ $json.value }}': 2 * ITEMS });
	});

	test('a Model from an expression costs two evaluations per item: each operation names its Model apart', async () => {
		const counts = await renderCounts({
			resource: 'video',
			operation: 'generateVeo',
			veoPrompt: 'p',
			veoModel: '={{ "veo3_fast" }}',
		});
		expect(counts).toStrictEqual({ '{{ "veo3_fast" }}': 2 * ITEMS });
	});

	test("Generate (Sora 2 Pro or Sora 2): Size and Duration from expressions cost two per item (each model's lists have their own names)", async () => {
		const counts = await renderCounts({
			resource: 'video',
			operation: 'generateV1',
			soraProPrompt: 'p',
			soraProModel: 'sora-2-pro',
			soraProSize: '={{ "large" }}',
			soraProDuration: '={{ 25 }}',
		});
		expect(counts).toStrictEqual({ '{{ "large" }}': 2 * ITEMS, '{{ 25 }}': 2 * ITEMS });
	});

	test.each(OPERATION_CASES.map((row) => [`${row.resource} → ${row.operation}`, row] as const))(
		'%s: no expression of the node itself is evaluated: a typed-in form renders none',
		async (_name, row) => {
			const typedIn = row.sends.filter((sent) => !JSON.stringify(sent.parameters).includes('"={{'));
			expect(typedIn.length).toBeGreaterThan(0);
			for (const sent of typedIn.slice(0, 3)) {
				expect(
					await renderCounts({ resource: row.resource, operation: row.operation, ...sent.parameters }),
				).toStrictEqual({});
			}
		},
	);
});
