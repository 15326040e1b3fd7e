import type { INode, INodeParameters, INodeProperties } from 'n8n-workflow';
import { NodeHelpers } from 'n8n-workflow';

import { Pmock } from '../nodes/Pmock/Pmock.node';
import { pmockNode } from '../dev/harness/runPmockNode';

/**
 * How n8n itself (n8n-workflow's NodeHelpers, used by the editor and by execution) reads the
 * node's description: which fields a form shows, what a saved workflow stores, and how
 * fields that share a `name` behave.
 */

const description = new Pmock().description;
const { properties } = description;

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

const v1 = { resource: 'video', operation: 'generateV1' };

describe('node description', () => {
	test('resources and operations, with their actions for AI agents', () => {
		const resource = properties.find((property) => property.name === 'resource')!;
		expect(resource.options?.map((option) => (option as { value: string }).value)).toStrictEqual([
			'character',
			'image',
			'video',
		]);
		expect(resource.default).toBe('video');

		const operations = properties.filter((property) => property.name === 'operation');
		const actions = operations.flatMap((property) =>
			(property.options ?? []).map((option) => {
				const { value, action } = option as { value: string; action: string };
				return [property.displayOptions?.show?.resource?.[0], value, action];
			}),
		);
		// n8n's nodes panel lists these: each names its model, and the two Sora ones differ at a glance.
		expect(actions).toStrictEqual([
			['video', 'generateV2', 'Generate a Sora 2 video in a style'],
			['video', 'generateV1', 'Generate a Sora 2 Pro or Sora 2 video'],
			['video', 'generateVeo', 'Generate a Veo 3.1 video'],
			['character', 'create', 'Create a character from a short video'],
			['image', 'generate', 'Generate or edit a Nano Banana image'],
			['image', 'generateGptImage', 'Generate a GPT Image 2 image'],
		]);
		// What an AI agent reads to pick an operation and fill it in.
		const descriptions = operations.flatMap((property) =>
			(property.options ?? []).map((option) => (option as { description: string }).description),
		);
		expect(descriptions[2]).toBe(
			'Start a Veo video from an English prompt, optionally from 1 or 2 images (or 1 to 3 reference images), or get the 1080p version of a Veo video by its ID; returns the task ID',
		);
		expect(descriptions[4]).toBe(
			'Start a Nano Banana image: a new one from a prompt, or an edit of images at http(s) URLs as the prompt says; returns the task ID',
		);
		// Workflows saved before the new operations keep meaning Generate (Sora 2).
		expect(resolved({})).toMatchObject({ resource: 'video', operation: 'generateV2' });
	});

	test('the subtitle names every operation and its resource, from their list entries', () => {
		for (const [resource, operation, name] of [
			['video', 'generateV2', 'Generate (Sora 2 with Styles): Video'],
			['video', 'generateV1', 'Generate (Sora 2 Pro or Sora 2): Video'],
			['video', 'generateVeo', 'Generate (Veo 3.1): Video'],
			['character', 'create', 'Create: Character'],
			['image', 'generate', 'Generate (Nano Banana): Image'],
		]) {
			// The subtitle is an n8n expression over $parameter; evaluate its object literal here.
			const body = String(description.subtitle).replace(/^=\{\{\s*|\s*\}\}$/g, '');
			const evaluate = new Function('$parameter', `return ${body};`) as (p: INodeParameters) => string;
			expect(evaluate({ resource, operation })).toBe(name);
		}
	});

	test('fields that share a name (one per operation, model or action) share their type, and their default within an operation; common fields are one property', () => {
		const byName = new Map<string, INodeProperties[]>();
		for (const property of properties) {
			byName.set(property.name, [...(byName.get(property.name) ?? []), property]);
		}
		const shared = [...byName.entries()].filter(([, group]) => group.length > 1);
		// Version 1's names, which its operations share; version 2 shares none across operations,
		// only within one (Image URLs per action and model; Size and Duration have a name per
		// model, so that switching the model resets them); and the
		// guards against a resource or operation no list offers (one per resource).
		expect(shared.map(([name]) => name).sort()).toStrictEqual(
			[
				'action',
				'aspectRatio',
				'duration',
				'imageList',
				'model',
				'operation',
				'size',
				'unknownChoice',
				'veoImageList',
			].sort(),
		);
		// The Prompt is one property for every Generate operation, and Image URL, Orientation and
		// Remove Watermark for both Sora ones: n8n evaluates an expression once per property of
		// its name, so a copy would cost each item one more evaluation (expressionCost.test.ts).
		expect(byName.get('prompt')).toHaveLength(1);
		expect(byName.get('prompt')?.[0].displayOptions?.show?.operation).toStrictEqual([
			'generateV2',
			'generateV1',
			'generateVeo',
			'generate',
		]);
		for (const name of ['images', 'orientation', 'removeWatermark']) {
			expect(byName.get(name)).toHaveLength(1);
			expect(byName.get(name)?.[0].displayOptions?.show?.operation).toStrictEqual(['generateV2', 'generateV1']);
		}
		for (const [name, group] of shared) {
			if (name === 'operation') continue;
			expect({ name, types: new Set(group.map((p) => p.type)).size }).toStrictEqual({ name, types: 1 });
			// A value equal to the default is not saved, so the variants that can show for the same
			// operation (one per model or action, chosen by a value that may be an expression, which
			// the editor resolves and the engine does not) must agree on it. Variants of different
			// operations may not: Resource and Operation never hold an expression, so the editor and
			// the engine always show the same one (as n8n does for Operation itself).
			const byOperation = new Map<string, Set<unknown>>();
			for (const property of group) {
				for (const operation of property.displayOptions?.show?.operation ?? []) {
					byOperation.set(
						String(operation),
						(byOperation.get(String(operation)) ?? new Set()).add(JSON.stringify(property.default)),
					);
				}
			}
			for (const [operation, defaults] of byOperation) {
				expect({ name, operation, defaults: defaults.size }).toStrictEqual({ name, operation, defaults: 1 });
			}
		}
		// The defaults per operation, where they differ.
		const defaultsOf = (name: string) =>
			Object.fromEntries(
				byName
					.get(name)!
					.flatMap((p) => (p.displayOptions?.show?.operation ?? []).map((operation) => [operation, p.default])),
			);
		expect(defaultsOf('model')).toStrictEqual({
			generateV2: 'sora-2',
			generateV1: 'sora-2',
			generateVeo: 'veo31_fast',
			generate: 'nano-banana-fast',
		});
		expect(defaultsOf('aspectRatio')).toStrictEqual({ generateVeo: '16:9', generate: '1:1' });
		expect(defaultsOf('action')).toStrictEqual({ generateVeo: 'text2video', generate: 'generate' });
	});

	test('at most one of the fields that share a name shows, for every resource, operation, action and model', () => {
		const named = (name: string) => properties.filter((property) => property.name === name);
		// Every value of every list, one from an expression, and '' (an expression the editor could not resolve yet).
		const valuesOf = (name: string) => [...new Set(named(name).flatMap(optionValues)), `={{ $json.${name} }}`, ''];
		const models = valuesOf('model');
		const actions = valuesOf('action');
		const checked: string[] = [];
		for (const resource of optionValues(named('resource')[0])) {
			const operations = named('operation')
				.filter((property) =>
					NodeHelpers.displayParameter({ resource } as INodeParameters, property, node, description),
				)
				.flatMap(optionValues);
			for (const operation of operations) {
				for (const model of models) {
					for (const action of actions) {
						const names = shownProperties({ resource, operation, model, action } as INodeParameters).map(
							(property) => property.name,
						);
						const twice = names.filter((name, index) => names.indexOf(name) !== index);
						expect({ resource, operation, model, action, twice }).toStrictEqual({
							resource,
							operation,
							model,
							action,
							twice: [],
						});
						checked.push(`${resource}/${operation}`);
					}
				}
			}
		}
		// Every operation of every resource was looked at, with each model and action value.
		expect([...new Set(checked)].sort()).toStrictEqual([
			'character/create',
			'image/generate',
			'image/generateGptImage',
			'video/generateV1',
			'video/generateV2',
			'video/generateVeo',
		]);
		expect(checked).toHaveLength(6 * models.length * actions.length);
	});
});

const v2Node: INode = pmockNode(2);

/** The same, for a node of version 2 (what the nodes panel adds). */
const resolvedV2 = (values: INodeParameters) =>
	NodeHelpers.getNodeParameters(properties, values, true, false, v2Node, description) ?? {};

const shownInVersion = (version: 1 | 2, values: INodeParameters): INodeProperties[] => {
	const at = version === 1 ? node : v2Node;
	const parameters = version === 1 ? resolved(values) : resolvedV2(values);
	return properties.filter((property) => NodeHelpers.displayParameter(parameters, property, at, description));
};

const describeFields = (shown: INodeProperties[]) =>
	shown.map((property) =>
		property.type === 'options' && property.name !== 'operation' && property.name !== 'resource'
			? `${property.name}: ${optionValues(property).map(String).join('|')}`
			: property.name,
	);

/** Every operation as [resource, operation], in the order of the Operation lists. */
const OPERATIONS = properties
	.filter((property) => property.name === 'operation')
	.flatMap((property) =>
		optionValues(property).map((operation) => ({
			resource: String(property.displayOptions?.show?.resource?.[0]),
			operation: String(operation),
		})),
	);

describe('node version 2 (new nodes): each operation its own parameters where their values differ', () => {
	test('new nodes get version 2; version 1 stays for the workflows that saved it', () => {
		expect(description.version).toStrictEqual([1, 2]);
		expect(description.defaultVersion).toBeUndefined();
	});

	test.each([
		[
			'video',
			'generateV2',
			[
				'sora2Model: sora-2',
				'sora2Prompt',
				'styleId: anime|chaos|comic|festive|golden|handheld|kakalaka|news|retro|selfie|sitcom|vintage',
				'images',
				'orientation: landscape|portrait',
				'sora2Size: small',
				'sora2Duration: 10|15',
				'removeWatermark',
				'storyboard',
			],
		],
		[
			'video',
			'generateV1',
			[
				'soraProModel: sora-2|sora-2-pro',
				'soraProPrompt',
				'images',
				'orientation: landscape|portrait',
				'soraProSizeSora2: small',
				'soraProDurationSora2: 10',
				'removeWatermark',
			],
		],
		[
			'video',
			'generateVeo',
			[
				'veoPrompt',
				'veoAction: get1080p|img2video|text2video',
				'veoModel: veo2_fast|veo2_quality|veo3_fast|veo3_quality|veo31_fast|veo31_fast_ingredients|veo31_quality',
				'veoAspectRatio: 1:1|16:9|3:4|4:3|9:16',
				'veoTranslation',
			],
		],
		['character', 'create', ['videoUrl', 'additionalFields']],
		[
			'image',
			'generateGptImage',
			[
				'gptImagePrompt',
				'gptImageReturn: image|taskId',
				'gptImageModel: gpt-image-2',
				'gptImageSyncSize: 1024x1024|1024x1536|1536x1024|2048x1152|2048x2048|2160x3840|3840x2160|auto',
				'gptImageQuality: auto|high|low|medium|standard',
				'gptImageBackground: auto|opaque|transparent',
				'gptImageOutputFormat: jpeg|png|webp',
				'gptImageModeration: auto|low',
				'gptImageUser',
				'gptImageBinaryProperty',
			],
		],
		[
			'image',
			'generate',
			[
				'imagePrompt',
				'imageAction: edit|generate',
				'imageModel: nano-banana-fast|nano-banana-pro',
				'resolution: 1K|2K|4K',
				'imageAspectRatio: 1:1|16:9|2:3|21:9|3:2|3:4|4:3|4:5|5:4|9:16',
			],
		],
	])('%s / %s: its form', (resource, operation, fields) => {
		expect(describeFields(shownInVersion(2, { resource, operation }))).toStrictEqual([
			'resource',
			'operation',
			...fields,
		]);
	});

	test('no parameter name holds values of two operations: a value never carries over to a form that does not offer it', () => {
		for (const version of [1, 2] as const) {
			const owners = new Map<string, Set<string>>();
			for (const { resource, operation } of OPERATIONS) {
				for (const property of shownInVersion(version, { resource, operation })) {
					if (property.type !== 'options' || ['resource', 'operation'].includes(property.name)) continue;
					owners.set(property.name, (owners.get(property.name) ?? new Set()).add(operation));
				}
			}
			const offers = (name: string, operation: string) =>
				JSON.stringify(
					shownInVersion(version, {
						...OPERATIONS.find((op) => op.operation === operation),
					}).find((property) => property.name === name)?.options,
				);
			const differing = [...owners.entries()]
				.filter(([name, operations]) => new Set([...operations].map((op) => offers(name, op))).size > 1)
				.map(([name]) => name);
			// Version 1's shared names are what issue 18 item 1 was about; version 2 has none.
			expect({ version, differing: differing.sort() }).toStrictEqual({
				version,
				differing: version === 1 ? ['action', 'aspectRatio', 'duration', 'model'] : [],
			});
		}
	});

	test('at most one of the fields that share a name shows, for every operation and every value of the fields the form depends on', () => {
		const dependedOn = [
			...new Set(
				properties.flatMap((property) =>
					[property.displayOptions?.show, property.displayOptions?.hide].flatMap((rules) => Object.keys(rules ?? {})),
				),
			),
		].filter((name) => !['resource', 'operation', '@version'].includes(name));
		const valuesOf = (name: string) => [
			...new Set(properties.filter((property) => property.name === name).flatMap(optionValues)),
			`={{ $json.${name} }}`,
			'',
		];
		let checked = 0;
		for (const version of [1, 2] as const) {
			for (const { resource, operation } of OPERATIONS) {
				const shownNames = shownInVersion(version, { resource, operation }).map((property) => property.name);
				const varied = dependedOn.filter((name) => shownNames.includes(name));
				let combinations: INodeParameters[] = [{ resource, operation }];
				for (const name of varied) {
					combinations = combinations.flatMap((values) =>
						valuesOf(name).map((value) => ({ ...values, [name]: value }) as INodeParameters),
					);
				}
				for (const values of combinations) {
					const names = shownInVersion(version, values).map((property) => property.name);
					const twice = names.filter((name, index) => names.indexOf(name) !== index);
					expect({ version, values, twice }).toStrictEqual({ version, values, twice: [] });
					checked += 1;
				}
			}
		}
		expect(checked).toBeGreaterThan(100);
	});

	test('defaults, as n8n fills them in for a new node', () => {
		expect(resolvedV2({})).toStrictEqual({
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
		expect(resolvedV2({ operation: 'generateVeo' })).toStrictEqual({
			resource: 'video',
			operation: 'generateVeo',
			veoPrompt: '',
			veoAction: 'text2video',
			veoModel: 'veo31_fast',
			veoAspectRatio: '16:9',
			veoTranslation: false,
		});
	});
});

describe('labels users read (issue 18 item 5)', () => {
	const formOf = (version: 1 | 2, operation: { resource: string; operation: string }) =>
		shownInVersion(version, operation).filter((property) => !['resource', 'operation'].includes(property.name));

	test('the two Sora operations are told apart at a glance: their list names and actions', () => {
		const video = properties.find((p) => p.name === 'operation' && p.displayOptions?.show?.resource?.[0] === 'video')!;
		expect(
			(video.options ?? []).map((option) => {
				const { name, action } = option as { name: string; action: string };
				return [name, action];
			}),
		).toStrictEqual([
			['Generate (Sora 2 with Styles)', 'Generate a Sora 2 video in a style'],
			['Generate (Sora 2 Pro or Sora 2)', 'Generate a Sora 2 Pro or Sora 2 video'],
			['Generate (Veo 3.1)', 'Generate a Veo 3.1 video'],
		]);
	});

	test.each([1, 2] as const)(
		'version %d: Prompt and Video URL carry the required marker in every form that has them',
		(version) => {
			for (const operation of OPERATIONS) {
				for (const field of formOf(version, operation)) {
					if (field.displayName === 'Prompt' || field.displayName === 'Video URL') {
						expect({ ...operation, field: field.name, required: field.required }).toStrictEqual({
							...operation,
							field: field.name,
							required: true,
						});
					}
				}
			}
		},
	);

	test('version 2: each Prompt has a hint and an example of its own; no video words on the image form', () => {
		const prompts = OPERATIONS.map((operation) => formOf(2, operation).find((f) => f.displayName === 'Prompt'))
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
		expect(prompts.filter((p) => /English/.test(String(p.description))).map((p) => p.name)).toStrictEqual([
			'veoPrompt',
		]);
	});

	test('version 1 (one Prompt for every form): its example shows no video', () => {
		const prompt = properties.find((property) => property.name === 'prompt')!;
		expect(prompt.placeholder).not.toMatch(/video|slow motion/i);
	});

	test.each([1, 2] as const)('version %d: the fields of both Sora forms come in the same order', (version) => {
		const order = (operation: string) =>
			formOf(version, { resource: 'video', operation }).map((field) => field.displayName);
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

	test('every option field, in every version, has a description', () => {
		const withoutOne = properties
			.filter((property) => property.type === 'options' && !['resource', 'operation'].includes(property.name))
			.filter((property) => !property.description)
			.map((property) => property.name);
		expect(withoutOne).toStrictEqual([]);
	});
});

describe('Generate (Sora 2 / 2 Pro) form', () => {
	test('Sora 2 shows small and 10 seconds only', () => {
		expect(shownFields({ ...v1, model: 'sora-2' })).toStrictEqual([
			'resource',
			'operation',
			'model: sora-2|sora-2-pro',
			'prompt',
			'images',
			'orientation: landscape|portrait',
			'size: small',
			'duration: 10',
			'removeWatermark',
		]);
	});

	test('Sora 2 Pro shows large and 15 / 25 seconds as well', () => {
		expect(shownFields({ ...v1, model: 'sora-2-pro' })).toStrictEqual([
			'resource',
			'operation',
			'model: sora-2|sora-2-pro',
			'prompt',
			'images',
			'orientation: landscape|portrait',
			'size: small|large',
			'duration: 10|15|25',
			'removeWatermark',
		]);
	});

	test.each([
		['from an expression', '={{ $json.model }}'],
		// The editor resolves expressions for displayOptions; one it cannot resolve yet gives ''.
		['from an expression the editor could not resolve', ''],
		['unknown', 'sora-3'],
	])('a model %s shows one Size and one Duration, with every value', (_case, model) => {
		const shown = shownFields({ ...v1, model });
		expect(shown.filter((field) => field.startsWith('size') || field.startsWith('duration'))).toStrictEqual([
			'size: small|large',
			'duration: 10|15|25',
		]);
	});

	test('defaults: Sora 2, small, 10 seconds, landscape, watermark kept', () => {
		expect(resolved({ ...v1, prompt: 'p' })).toStrictEqual({
			...v1,
			model: 'sora-2',
			prompt: 'p',
			images: '',
			orientation: 'landscape',
			size: 'small',
			duration: 10,
			removeWatermark: false,
		});
	});

	test('a saved Sora 2 Pro workflow stores size and duration under their API keys and reads back the same', () => {
		const stored = saved({ ...v1, model: 'sora-2-pro', prompt: 'p', size: 'large', duration: 25 });
		expect(stored).toStrictEqual({
			operation: 'generateV1',
			model: 'sora-2-pro',
			prompt: 'p',
			size: 'large',
			duration: 25,
		});
		expect(resolved(stored)).toMatchObject({ model: 'sora-2-pro', size: 'large', duration: 25 });
	});

	test('switching the model back to Sora 2 keeps the Pro values, which the body check then refuses', () => {
		// n8n does not reset a value that the newly shown field does not offer; the editor marks
		// it and generateV1Body refuses it with the rule (see generateV1.validation.test.ts).
		expect(resolved({ ...v1, model: 'sora-2', prompt: 'p', size: 'large', duration: 25 })).toMatchObject({
			model: 'sora-2',
			size: 'large',
			duration: 25,
		});
	});

	test('Generate (Sora 2 with Styles) keeps its own fields and lists, in the order of the other Sora form', () => {
		expect(shownFields({ resource: 'video', operation: 'generateV2' })).toStrictEqual([
			'resource',
			'operation',
			'model: sora-2',
			'prompt',
			'styleId: anime|chaos|comic|festive|golden|handheld|kakalaka|news|retro|selfie|sitcom|vintage',
			'images',
			'orientation: landscape|portrait',
			'size: small',
			'duration: 10|15',
			'removeWatermark',
			'storyboard',
		]);
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
			'prompt',
			'action: get1080p|img2video|text2video',
			`model: ${VEO_MODELS}`,
			'aspectRatio: 1:1|16:9|3:4|4:3|9:16',
			'translation',
		]);
	});

	test('the action and model decide which Image URLs, if any, and the Video ID show', () => {
		const imageAndVideoFields = (action: string, model: string) =>
			shownProperties({ ...veo, action, model }).flatMap((property) =>
				property.name === 'imageList'
					? [`imageList: ${property.displayOptions?.show?.action ? 'images' : 'ingredients'}`]
					: property.name === 'videoId'
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
		expect(shownFields({ ...veo, action: 'get1080p' })).toStrictEqual([
			'resource',
			'operation',
			'prompt',
			'action: get1080p|img2video|text2video',
			`model: ${VEO_MODELS}`,
			'videoId',
		]);
	});

	test('defaults: Text to Video, Veo 3.1 Fast, 16:9, no translation', () => {
		expect(resolved({ ...veo, prompt: 'p' })).toStrictEqual({
			...veo,
			prompt: 'p',
			action: 'text2video',
			model: 'veo31_fast',
			aspectRatio: '16:9',
			translation: false,
		});
	});

	test('a saved workflow stores what differs from the defaults, and the image URLs once', () => {
		const stored = saved({
			...veo,
			prompt: 'p',
			action: 'img2video',
			model: 'veo3_quality',
			imageList: 'https://example.com/a.png',
			aspectRatio: '9:16',
		});
		// `video` is the default resource, so n8n does not store it.
		expect(stored).toStrictEqual({
			operation: 'generateVeo',
			prompt: 'p',
			action: 'img2video',
			model: 'veo3_quality',
			imageList: 'https://example.com/a.png',
			aspectRatio: '9:16',
		});
		expect(resolved(stored)).toMatchObject({ imageList: 'https://example.com/a.png', translation: false });
	});

	test('the fields required only for some actions are not marked required: an Action from an expression would otherwise stop every run', () => {
		// With `required`, n8n's engine would report an empty Video ID (shown for an Action from an
		// expression) as an issue and refuse to run the workflow, even for text2video items.
		for (const name of ['imageList', 'videoId']) {
			for (const property of properties.filter((p) => p.name === name)) expect(property.required).toBeUndefined();
		}
		expect(issuesOf({ ...veo, prompt: 'p', action: '={{ $json.action }}' })).toBeNull();
		expect(issuesOf({ ...veo, prompt: 'p', action: 'get1080p' })).toBeNull();
		expect(issuesOf({ ...veo, action: 'get1080p' })).toStrictEqual({
			parameters: { prompt: ['Parameter "Prompt" is required.'] },
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
			'prompt',
			'action: edit|generate',
			'model: nano-banana-fast|nano-banana-pro',
			'resolution: 1K|2K|4K',
			`aspectRatio: ${RATIOS}`,
		]);
		expect(shownFields({ ...image, model: 'nano-banana-pro' })).toContain('resolution: 1K|2K|4K');
	});

	test('Edit adds the Image URLs; an Action from an expression shows them too, not required', () => {
		expect(shownFields({ ...image, action: 'edit' })).toContain('imageUrls');
		expect(shownFields({ ...image, action: '={{ $json.action }}' })).toContain('imageUrls');
		expect(properties.find((property) => property.name === 'imageUrls')?.required).toBeUndefined();
		expect(issuesOf({ ...image, prompt: 'p', action: '={{ $json.action }}' })).toBeNull();
	});

	test("defaults: generate, Nano Banana Fast, 1K, 1:1 (pmock's own defaults); no numImages field", () => {
		expect(resolved({ resource: 'image', prompt: 'p' })).toStrictEqual({
			...image,
			prompt: 'p',
			action: 'generate',
			model: 'nano-banana-fast',
			resolution: '1K',
			aspectRatio: '1:1',
		});
		expect(properties.some((property) => property.name === 'numImages')).toBe(false);
	});
});

describe('Image → Generate (GPT Image 2) form (version 2)', () => {
	const gpt = { resource: 'image', operation: 'generateGptImage' };
	const fieldsFor = (values: INodeParameters) => describeFields(shownInVersion(2, { ...gpt, ...values }));

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
		expect(resolvedV2(gpt).gptImageReturn).toBe('image');
		expect(resolvedV2(gpt).gptImageBinaryProperty).toBe('data');
	});
});
