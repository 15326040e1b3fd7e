import type { INode, INodeParameters, INodeProperties } from 'n8n-workflow';
import { NodeHelpers } from 'n8n-workflow';

import { Pmock } from '../nodes/Pmock/Pmock.node';
import { pmockNode } from '../dev/harness/runPmockNode';
import { OPERATIONS as MODULES } from '../nodes/Pmock/operations';
import { STYLE_IDS } from '../sandbox/endpoints';

/**
 * How n8n itself (n8n-workflow's NodeHelpers, used by the editor and by execution) reads the
 * node's description: which fields a form shows, what a saved workflow stores, and how
 * fields that share a `name` behave.
 */

const fullDescription = new Pmock().description;
// The forms' fields; the hidden Tool Description (what an AI Agent reads) is checked on its own.
const properties = fullDescription.properties.filter((property) => property.name !== 'toolDescription');
const description = { ...fullDescription, properties };

const node: INode = pmockNode();

/** The node's parameters with defaults filled in, as n8n resolves them before running. */
const resolved = (values: INodeParameters) =>
	NodeHelpers.getNodeParameters(properties, values, true, false, node, description) ?? {};

/** What the editor saves: only what differs from the defaults. */
const saved = (values: INodeParameters) =>
	NodeHelpers.getNodeParameters(properties, values, false, false, node, description) ?? {};

/** The properties the form shows for these values, as n8n decides it. */
function shownProperties(values: INodeParameters): INodeProperties[] {
	const parameters = resolved(values);
	return properties.filter((property) => NodeHelpers.displayParameter(parameters, property, node, description));
}

/** The option values a property offers, e.g. every operation of a resource. */
const optionValues = (property: INodeProperties): unknown[] =>
	(property.options ?? []).map((option) => (option as { value: unknown }).value);

/** The fields the form shows for these values, as "name: option values" for option lists. */
function shownFields(values: INodeParameters): string[] {
	return shownProperties(values).map((property) =>
		property.type === 'options' && property.name !== 'operation' && property.name !== 'resource'
			? `${property.name}: ${optionValues(property).map(String).join('|')}`
			: property.name,
	);
}

const soraPro = { resource: 'video', operation: 'generateV1' };

/** Every operation as [resource, operation], in the order of the Operation lists. */
const OPERATIONS = properties
	.filter((property) => property.name === 'operation')
	.flatMap((property) =>
		optionValues(property).map((operation) => ({
			resource: String(property.displayOptions?.show?.resource?.[0]),
			operation: String(operation),
		})),
	);

describe('node description', () => {
	test('an AI Agent reads, per operation, that PMock Tool spends credit, returns a taskId and makes the media later', () => {
		const toolDescriptions = fullDescription.properties.filter((property) => property.name === 'toolDescription');
		const parameters = (values: INodeParameters) =>
			NodeHelpers.getNodeParameters(fullDescription.properties, values, true, false, node, fullDescription) ?? {};
		expect(toolDescriptions.every((property) => property.type === 'hidden')).toBe(true);
		expect(parameters({ resource: 'video', operation: 'generateV2' }).toolDescription).toMatch(
			/^Generate .* with the pmock API\. Each call spends pmock credit: it starts a paid task and returns its taskId at once; the video itself is made later/,
		);
		expect(parameters({ resource: 'image' }).toolDescription).toMatch(/the image itself is made later/);
	});

	test('one version, 2: version 1 was never released', () => {
		expect(description.version).toBe(2);
		expect(description.defaultVersion).toBeUndefined();
	});

	test('resources and operations come from the modules, each with its own action for AI agents', () => {
		const resource = properties.find((property) => property.name === 'resource')!;
		expect(resource.options?.map((option) => (option as { value: string }).value)).toStrictEqual(
			[...new Set(MODULES.map((module) => module.resource.value))].sort(),
		);
		expect(resource.default).toBe('video');

		const operations = properties.filter((property) => property.name === 'operation');
		const listed = operations.flatMap((property) =>
			(property.options ?? []).map((option) => {
				const { value, action, description: what } = option as { value: string; action: string; description: string };
				return { resource: property.displayOptions?.show?.resource?.[0], value, action, description: what };
			}),
		);
		// n8n's nodes panel lists the actions and an AI agent reads the descriptions: each its own.
		expect(new Set(listed.map((entry) => entry.action)).size).toBe(listed.length);
		expect(new Set(listed.map((entry) => entry.description)).size).toBe(listed.length);
		expect(listed.map(({ resource: of, value }) => `${of}:${value}`).sort()).toStrictEqual(
			MODULES.map((module) => `${module.resource.value}:${module.option.value}`).sort(),
		);
		// A workflow that saved no resource or operation means Generate (Sora 2 with Styles).
		expect(resolved({})).toMatchObject({ resource: 'video', operation: 'generateV2' });
	});

	test('the subtitle names every operation and its resource, from their list entries', () => {
		// The subtitle is an n8n expression over $parameter; evaluate its object literal here.
		const body = String(description.subtitle).replace(/^=\{\{\s*|\s*\}\}$/g, '');
		const evaluate = new Function('$parameter', `return ${body};`) as (p: INodeParameters) => string;
		for (const { resource, option } of MODULES) {
			expect(evaluate({ resource: resource.value, operation: option.value })).toBe(`${option.name}: ${resource.name}`);
		}
	});

	test('fields that share a name are variants within one operation (per model or action), with one type and one default; common fields are one property', () => {
		const byName = new Map<string, INodeProperties[]>();
		for (const property of properties) {
			byName.set(property.name, [...(byName.get(property.name) ?? []), property]);
		}
		const shared = [...byName.entries()].filter(
			([name, group]) => group.length > 1 && !['operation', 'unknownChoice'].includes(name),
		);
		for (const [name, group] of shared) {
			// No name holds values of two operations: switching the operation never carries one over.
			const operations = new Set(group.flatMap((property) => property.displayOptions?.show?.operation ?? []));
			expect({ name, operations: operations.size }).toStrictEqual({ name, operations: 1 });
			expect({ name, types: new Set(group.map((p) => p.type)).size }).toStrictEqual({ name, types: 1 });
			// A value equal to the default is not saved, so the variants (chosen by a value that may be
			// an expression, which the editor resolves and the engine does not) must agree on it.
			expect({ name, defaults: new Set(group.map((p) => JSON.stringify(p.default))).size }).toStrictEqual({
				name,
				defaults: 1,
			});
		}
		// Every operation's Prompt is its own property, sent as `prompt`; Image URL, Orientation and
		// Remove Watermark are one property for both Sora operations: n8n evaluates an expression
		// once per property of its name, so a copy would cost each item one more evaluation
		// (expressionCost.test.ts).
		for (const module of MODULES) {
			const prompts = module.fields.filter((field) => field.routing?.send?.property === 'prompt');
			expect(prompts.length).toBeLessThanOrEqual(1);
			for (const prompt of prompts) expect(byName.get(prompt.name)).toHaveLength(1);
		}
		for (const name of ['images', 'orientation', 'removeWatermark']) {
			expect(byName.get(name)).toHaveLength(1);
			expect(byName.get(name)?.[0].displayOptions?.show?.operation).toStrictEqual(['generateV2', 'generateV1']);
		}
	});

	test('no parameter name holds values of two operations: a value never carries over to a form that does not offer it', () => {
		const owners = new Map<string, Set<string>>();
		for (const { resource, operation } of OPERATIONS) {
			for (const property of shownProperties({ resource, operation })) {
				if (property.type !== 'options' || ['resource', 'operation'].includes(property.name)) continue;
				owners.set(property.name, (owners.get(property.name) ?? new Set()).add(operation));
			}
		}
		const offers = (name: string, operation: string) =>
			JSON.stringify(
				shownProperties({ ...OPERATIONS.find((op) => op.operation === operation) }).find(
					(property) => property.name === name,
				)?.options,
			);
		const differing = [...owners.entries()]
			.filter(([name, operations]) => new Set([...operations].map((op) => offers(name, op))).size > 1)
			.map(([name]) => name);
		expect(differing).toStrictEqual([]);
	});

	test('at most one of the fields that share a name shows, for every operation and every value of the fields the form depends on', () => {
		const dependedOn = [
			...new Set(
				properties.flatMap((property) =>
					[property.displayOptions?.show, property.displayOptions?.hide].flatMap((rules) => Object.keys(rules ?? {})),
				),
			),
		].filter((name) => !['resource', 'operation'].includes(name));
		// Every value of every list, one from an expression, and '' (an expression the editor could not resolve yet).
		const valuesOf = (name: string) => [
			...new Set(properties.filter((property) => property.name === name).flatMap(optionValues)),
			`={{ $json.${name} }}`,
			'',
		];
		const checked = new Set<string>();
		for (const { resource, operation } of OPERATIONS) {
			const shownNames = shownProperties({ resource, operation }).map((property) => property.name);
			const varied = dependedOn.filter((name) => shownNames.includes(name));
			let combinations: INodeParameters[] = [{ resource, operation }];
			for (const name of varied) {
				combinations = combinations.flatMap((values) =>
					valuesOf(name).map((value) => ({ ...values, [name]: value }) as INodeParameters),
				);
			}
			for (const values of combinations) {
				const names = shownProperties(values).map((property) => property.name);
				const twice = names.filter((name, index) => names.indexOf(name) !== index);
				expect({ values, twice }).toStrictEqual({ values, twice: [] });
				checked.add(`${resource}/${operation}`);
			}
		}
		expect([...checked].sort()).toStrictEqual(OPERATIONS.map((op) => `${op.resource}/${op.operation}`).sort());
	});

	test("each operation's form shows its fields in its module's order", () => {
		for (const module of MODULES) {
			const order = module.fields.map((field) => field.name);
			const shown = shownProperties({ resource: module.resource.value, operation: module.option.value })
				.map((property) => property.name)
				.filter((name) => !['resource', 'operation'].includes(name));
			expect(shown.length).toBeGreaterThan(0);
			expect(shown).toStrictEqual([...shown].sort((a, b) => order.indexOf(a) - order.indexOf(b)));
			for (const name of shown) expect(order).toContain(name);
		}
	});

	test('defaults, as n8n fills them in for a new node', () => {
		expect(resolved({})).toStrictEqual({
			resource: 'video',
			operation: 'generateV2',
			sora2Model: 'sora-2',
			sora2Prompt: '',
			styleId: 'anime',
			images: '',
			orientation: 'landscape',
			sora2Size: 'small',
			sora2Duration: 10,
			removeWatermark: false,
			storyboard: false,
		});
	});
});

describe('labels users read (issue 18 item 5)', () => {
	const formOf = (operation: { resource: string; operation: string }) =>
		shownProperties(operation).filter((property) => !['resource', 'operation'].includes(property.name));

	test('the two Sora operations are told apart at a glance: their list names and actions', () => {
		const video = properties.find((p) => p.name === 'operation' && p.displayOptions?.show?.resource?.[0] === 'video')!;
		expect(
			(video.options ?? [])
				.map((option) => {
					const { name, action } = option as { name: string; action: string };
					return [name, action];
				})
				.filter(([name]) => name.includes('Sora')),
		).toStrictEqual([
			['Generate (Sora 2 with Styles)', 'Generate a Sora 2 video in a style'],
			['Generate (Sora 2 Pro or Sora 2)', 'Generate a Sora 2 Pro or Sora 2 video'],
		]);
	});

	test('Prompt and Video URL carry the required marker in every form that has them', () => {
		{
			for (const operation of OPERATIONS) {
				for (const field of formOf(operation)) {
					if (field.displayName === 'Prompt' || field.displayName === 'Video URL') {
						expect({ ...operation, field: field.name, required: field.required }).toStrictEqual({
							...operation,
							field: field.name,
							required: true,
						});
					}
				}
			}
		}
	});

	test('each Prompt has a hint and an example of its own; no video words on the image form', () => {
		const prompts = OPERATIONS.map((operation) => formOf(operation).find((f) => f.displayName === 'Prompt'))
			.filter((field) => field !== undefined)
			.map((field) => ({ name: field.name, placeholder: field.placeholder, description: field.description }));
		expect(new Set(prompts.map((prompt) => prompt.placeholder)).size).toBe(prompts.length);
		expect(new Set(prompts.map((prompt) => prompt.description)).size).toBe(prompts.length);
		const image = prompts.find((prompt) => prompt.name === 'imagePrompt')!;
		expect(`${image.placeholder} ${image.description}`).not.toMatch(/video|slow motion|Sora|Veo|storyboard/i);
		for (const prompt of prompts.filter((p) => p.name !== 'imagePrompt')) {
			expect(`${prompt.description}`).not.toMatch(/Nano Banana|image to create/i);
		}
		// Only the form with Storyboard speaks of it; only Veo's of English.
		expect(prompts.filter((p) => /Storyboard/.test(String(p.description))).map((p) => p.name)).toStrictEqual([
			'sora2Prompt',
		]);
		// pmock's Veo and Grok Imagine pages say English only (an operation added later may too).
		expect(prompts.filter((p) => /English/.test(String(p.description))).map((p) => p.name)).toEqual(
			expect.arrayContaining(['veoPrompt', 'grokVideoPrompt', 'grokImagePrompt']),
		);
		expect(prompts.filter((p) => /English/.test(String(p.description))).map((p) => p.name)).not.toContain(
			'sora2Prompt',
		);
	});

	test('the fields of both Sora forms come in the same order', () => {
		const order = (operation: string) => formOf({ resource: 'video', operation }).map((field) => field.displayName);
		const common = (names: string[], other: string[]) => names.filter((name) => other.includes(name));
		const styles = order('generateV2');
		const pro = order('generateV1');
		expect(common(styles, pro)).toStrictEqual(common(pro, styles));
		expect(common(styles, pro)).toStrictEqual([
			'Model',
			'Prompt',
			'Image URL',
			'Orientation',
			'Size',
			'Duration',
			'Remove Watermark',
		]);
	});

	test('every option field has a description', () => {
		const withoutOne = properties
			.filter((property) => property.type === 'options' && !['resource', 'operation'].includes(property.name))
			.filter((property) => !property.description)
			.map((property) => property.name);
		expect(withoutOne).toStrictEqual([]);
	});
});

describe('Generate (Sora 2 Pro or Sora 2) form', () => {
	test('Sora 2 shows its own Size and Duration lists: small and 10 seconds only', () => {
		expect(shownFields({ ...soraPro, soraProModel: 'sora-2' })).toStrictEqual([
			'resource',
			'operation',
			'soraProModel: sora-2|sora-2-pro',
			'soraProPrompt',
			'images',
			'orientation: landscape|portrait',
			'soraProSizeSora2: small',
			'soraProDurationSora2: 10',
			'removeWatermark',
		]);
	});

	test('Sora 2 Pro shows large and 15 / 25 seconds as well', () => {
		expect(shownFields({ ...soraPro, soraProModel: 'sora-2-pro' })).toStrictEqual([
			'resource',
			'operation',
			'soraProModel: sora-2|sora-2-pro',
			'soraProPrompt',
			'images',
			'orientation: landscape|portrait',
			'soraProSize: small|large',
			'soraProDuration: 10|15|25',
			'removeWatermark',
		]);
	});

	test.each([
		['from an expression', '={{ $json.model }}'],
		// The editor resolves expressions for displayOptions; one it cannot resolve yet gives ''.
		['from an expression the editor could not resolve', ''],
		['unknown', 'sora-3'],
	])('a model %s shows one Size and one Duration, with every value', (_case, model) => {
		const shown = shownFields({ ...soraPro, soraProModel: model });
		expect(shown.filter((field) => /^soraPro(Size|Duration)/.test(field))).toStrictEqual([
			'soraProSize: small|large',
			'soraProDuration: 10|15|25',
		]);
	});

	test('defaults: Sora 2, small, 10 seconds, landscape, watermark kept', () => {
		expect(resolved({ ...soraPro, soraProPrompt: 'p' })).toStrictEqual({
			...soraPro,
			soraProModel: 'sora-2',
			soraProPrompt: 'p',
			images: '',
			orientation: 'landscape',
			soraProSizeSora2: 'small',
			soraProDurationSora2: 10,
			removeWatermark: false,
		});
	});

	test('a saved Sora 2 Pro workflow stores what differs from the defaults and reads back the same', () => {
		const stored = saved({
			...soraPro,
			soraProModel: 'sora-2-pro',
			soraProPrompt: 'p',
			soraProSize: 'large',
			soraProDuration: 25,
		});
		expect(stored).toStrictEqual({
			operation: 'generateV1',
			soraProModel: 'sora-2-pro',
			soraProPrompt: 'p',
			soraProSize: 'large',
			soraProDuration: 25,
		});
		expect(resolved(stored)).toMatchObject({ soraProModel: 'sora-2-pro', soraProSize: 'large', soraProDuration: 25 });
	});

	test("switching the model back to Sora 2 shows Sora 2's own lists at their defaults: the Pro values are not kept", () => {
		const switched = resolved({
			...soraPro,
			soraProModel: 'sora-2',
			soraProPrompt: 'p',
			soraProSize: 'large',
			soraProDuration: 25,
		});
		expect(switched).toMatchObject({ soraProModel: 'sora-2', soraProSizeSora2: 'small', soraProDurationSora2: 10 });
		expect(switched).not.toHaveProperty('soraProSize');
		expect(switched).not.toHaveProperty('soraProDuration');
	});

	test('Generate (Sora 2 with Styles) keeps its own fields and lists, in the order of the other Sora form', () => {
		expect(shownFields({ resource: 'video', operation: 'generateV2' })).toStrictEqual([
			'resource',
			'operation',
			'sora2Model: sora-2',
			'sora2Prompt',
			'styleId: anime|chaos|comic|festive|golden|handheld|kakalaka|news|retro|selfie|sitcom|vintage',
			'images',
			'orientation: landscape|portrait',
			'sora2Size: small',
			'sora2Duration: 10|15',
			'removeWatermark',
			'storyboard',
		]);
	});

	test('the Style list offers the 12 styles of the spec, with human names; anime by default', () => {
		const styleField = properties.find((property) => property.name === 'styleId')!;
		// The spec's list, as the sandbox reads pmock's page.
		expect(optionValues(styleField).sort()).toStrictEqual([...STYLE_IDS].sort());
		for (const option of styleField.options ?? []) expect(option.name).toMatch(/^[A-Z][a-z]+/);
		expect(styleField.default).toBe('anime');
	});
});

describe('Character → Create form', () => {
	test('Video URL is required; the optional fields are under Additional Fields, sorted', () => {
		expect(shownFields({ resource: 'character', operation: 'create' })).toStrictEqual([
			'resource',
			'operation',
			'videoUrl',
			'additionalFields',
		]);
		const videoUrl = properties.find((property) => property.name === 'videoUrl')!;
		expect(videoUrl.required).toBe(true);
		expect(videoUrl.description).toMatch(/at most 3 seconds/);
		const additional = properties.find((property) => property.name === 'additionalFields')!;
		expect(
			(additional.options as INodeProperties[]).map((option) => `${option.displayName} (${option.name})`),
		).toStrictEqual([
			'Description (description)',
			'Display Name (displayName)',
			'Instruction Text (instructionText)',
			'Name (name)',
			'Safety Instruction Text (safetyInstructionText)',
		]);
	});

	test('a saved Create stores only what was filled in', () => {
		const stored = saved({
			resource: 'character',
			operation: 'create',
			videoUrl: 'https://example.com/c.mp4',
			additionalFields: { name: 'Rex' },
		});
		// `create` is the Character resource's default operation, so n8n does not store it.
		expect(stored).toStrictEqual({
			resource: 'character',
			videoUrl: 'https://example.com/c.mp4',
			additionalFields: { name: 'Rex' },
		});
		expect(resolved(stored)).toStrictEqual({
			resource: 'character',
			operation: 'create',
			videoUrl: 'https://example.com/c.mp4',
			additionalFields: { name: 'Rex' },
		});
	});
});

const veo = { resource: 'video', operation: 'generateVeo' };

/** The parameter issues n8n's engine checks before it runs a workflow (WorkflowExecute.checkReadyForExecution). */
const issuesOf = (values: INodeParameters) =>
	NodeHelpers.getNodeParametersIssues(properties, { ...node, parameters: resolved(values) }, description);

describe('Generate (Veo 3.1) form', () => {
	const VEO_MODELS = 'veo2_fast|veo2_quality|veo3_fast|veo3_quality|veo31_fast|veo31_fast_ingredients|veo31_quality';

	test('Text to Video (the default): the prompt, action, model, aspect ratio and translation; no images, no video ID', () => {
		expect(shownFields(veo)).toStrictEqual([
			'resource',
			'operation',
			'veoPrompt',
			'veoAction: get1080p|img2video|text2video',
			`veoModel: ${VEO_MODELS}`,
			'veoAspectRatio: 1:1|16:9|3:4|4:3|9:16',
			'veoTranslation',
		]);
	});

	test('the action and model decide which Image URLs, if any, and the Video ID show', () => {
		const imageAndVideoFields = (veoAction: string, veoModel: string) =>
			shownProperties({ ...veo, veoAction, veoModel }).flatMap((property) =>
				property.name === 'veoImageList'
					? [`imageList: ${property.displayOptions?.show?.veoAction ? 'images' : 'ingredients'}`]
					: property.name === 'veoVideoId'
						? ['videoId']
						: [],
			);
		expect(imageAndVideoFields('text2video', 'veo31_fast')).toStrictEqual([]);
		expect(imageAndVideoFields('text2video', 'veo31_fast_ingredients')).toStrictEqual(['imageList: ingredients']);
		expect(imageAndVideoFields('img2video', 'veo3_quality')).toStrictEqual(['imageList: images']);
		expect(imageAndVideoFields('img2video', 'veo31_fast_ingredients')).toStrictEqual(['imageList: images']);
		expect(imageAndVideoFields('get1080p', 'veo31_fast')).toStrictEqual(['videoId']);
		expect(imageAndVideoFields('get1080p', 'veo31_fast_ingredients')).toStrictEqual(['videoId']);
		// Values from expressions: n8n cannot know them before the item runs, so what might apply
		// shows (and is routed); the body check applies the rule per item.
		expect(imageAndVideoFields('={{ $json.action }}', 'veo31_fast')).toStrictEqual(['imageList: images', 'videoId']);
		expect(imageAndVideoFields('text2video', '={{ $json.model }}')).toStrictEqual(['imageList: ingredients']);
	});

	test('Get 1080p shows the Video ID, and no aspect ratio or translation (the video is taken as it was made)', () => {
		expect(shownFields({ ...veo, veoAction: 'get1080p' })).toStrictEqual([
			'resource',
			'operation',
			'veoPrompt',
			'veoAction: get1080p|img2video|text2video',
			`veoModel: ${VEO_MODELS}`,
			'veoVideoId',
		]);
	});

	test('defaults: Text to Video, Veo 3.1 Fast, 16:9, no translation', () => {
		expect(resolved({ ...veo, veoPrompt: 'p' })).toStrictEqual({
			...veo,
			veoPrompt: 'p',
			veoAction: 'text2video',
			veoModel: 'veo31_fast',
			veoAspectRatio: '16:9',
			veoTranslation: false,
		});
	});

	test('a saved workflow stores what differs from the defaults, and the image URLs once', () => {
		const stored = saved({
			...veo,
			veoPrompt: 'p',
			veoAction: 'img2video',
			veoModel: 'veo3_quality',
			veoImageList: 'https://example.com/a.png',
			veoAspectRatio: '9:16',
		});
		// `video` is the default resource, so n8n does not store it.
		expect(stored).toStrictEqual({
			operation: 'generateVeo',
			veoPrompt: 'p',
			veoAction: 'img2video',
			veoModel: 'veo3_quality',
			veoImageList: 'https://example.com/a.png',
			veoAspectRatio: '9:16',
		});
		expect(resolved(stored)).toMatchObject({ veoImageList: 'https://example.com/a.png', veoTranslation: false });
	});

	test('the fields required only for some actions are not marked required: an Action from an expression would otherwise stop every run', () => {
		// With `required`, n8n's engine would report an empty Video ID (shown for an Action from an
		// expression) as an issue and refuse to run the workflow, even for text2video items.
		for (const name of ['veoImageList', 'veoVideoId']) {
			for (const property of properties.filter((p) => p.name === name)) expect(property.required).toBeUndefined();
		}
		expect(issuesOf({ ...veo, veoPrompt: 'p', veoAction: '={{ $json.action }}' })).toBeNull();
		expect(issuesOf({ ...veo, veoPrompt: 'p', veoAction: 'get1080p' })).toBeNull();
		expect(issuesOf({ ...veo, veoAction: 'get1080p' })).toStrictEqual({
			parameters: { veoPrompt: ['Parameter "Prompt" is required.'] },
		});
	});
});

describe('Image → Generate (Nano Banana) form', () => {
	const image = { resource: 'image', operation: 'generate' };
	const RATIOS = '1:1|16:9|2:3|21:9|3:2|3:4|4:3|4:5|5:4|9:16';

	test('Generate (the default): no image URLs; every resolution with both models', () => {
		expect(shownFields({ resource: 'image' })).toStrictEqual([
			'resource',
			'operation',
			'imagePrompt',
			'imageAction: edit|generate',
			'imageModel: nano-banana-fast|nano-banana-pro',
			'resolution: 1K|2K|4K',
			`imageAspectRatio: ${RATIOS}`,
		]);
		expect(shownFields({ ...image, imageModel: 'nano-banana-pro' })).toContain('resolution: 1K|2K|4K');
	});

	test('Edit adds the Image URLs; an Action from an expression shows them too, not required', () => {
		expect(shownFields({ ...image, imageAction: 'edit' })).toContain('editImageUrls');
		expect(shownFields({ ...image, imageAction: '={{ $json.action }}' })).toContain('editImageUrls');
		expect(properties.find((property) => property.name === 'editImageUrls')?.required).toBeUndefined();
		expect(issuesOf({ ...image, imagePrompt: 'p', imageAction: '={{ $json.action }}' })).toBeNull();
	});

	test("defaults: generate, Nano Banana Fast, 1K, 1:1 (pmock's own defaults); no numImages field", () => {
		expect(resolved({ resource: 'image', imagePrompt: 'p' })).toStrictEqual({
			...image,
			imagePrompt: 'p',
			imageAction: 'generate',
			imageModel: 'nano-banana-fast',
			resolution: '1K',
			imageAspectRatio: '1:1',
		});
		expect(properties.some((property) => property.name === 'numImages')).toBe(false);
	});
});

describe('Image → Generate (GPT Image 2) form', () => {
	const gpt = { resource: 'image', operation: 'generateGptImage' };
	const fieldsFor = (values: INodeParameters) => shownFields({ ...gpt, ...values });

	test('What Comes Back → Task ID: the asynchronous endpoint’s fields (images, mask, input fidelity, response format) and its four sizes; no user or binary field', () => {
		expect(fieldsFor({ gptImageReturn: 'taskId' })).toStrictEqual([
			'resource',
			'operation',
			'gptImagePrompt',
			'gptImageReturn: image|taskId',
			'gptImageModel: gpt-image-2',
			'gptImageUrls',
			'gptImageMask',
			'gptImageInputFidelity: high|low',
			'gptImageSize: 1024x1024|1024x1536|1536x1024|auto',
			'gptImageQuality: auto|high|low|medium|standard',
			'gptImageBackground: auto|opaque|transparent',
			'gptImageOutputFormat: jpeg|png|webp',
			'gptImageModeration: auto|low',
			'gptImageResponseFormat: b64_json|url',
		]);
	});

	test('Output Compression shows for JPEG and WebP only, with either choice', () => {
		for (const gptImageReturn of ['image', 'taskId']) {
			expect(fieldsFor({ gptImageReturn, gptImageOutputFormat: 'png' })).not.toContain('gptImageOutputCompression');
			expect(fieldsFor({ gptImageReturn, gptImageOutputFormat: 'jpeg' })).toContain('gptImageOutputCompression');
			expect(fieldsFor({ gptImageReturn, gptImageOutputFormat: 'webp' })).toContain('gptImageOutputCompression');
		}
	});

	test('What Comes Back cannot be an expression (it picks the endpoint); Image is the default', () => {
		const field = properties.find((property) => property.name === 'gptImageReturn')!;
		expect(field.noDataExpression).toBe(true);
		expect(resolved(gpt).gptImageReturn).toBe('image');
		expect(resolved(gpt).gptImageBinaryProperty).toBe('data');
	});
});
