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
		expect(resource.options?.map((option) => (option as { value: string }).value)).toStrictEqual(['character', 'video']);
		expect(resource.default).toBe('video');

		const operations = properties.filter((property) => property.name === 'operation');
		const actions = operations.flatMap((property) =>
			(property.options ?? []).map((option) => {
				const { value, action } = option as { value: string; action: string };
				return [property.displayOptions?.show?.resource?.[0], value, action];
			}),
		);
		expect(actions).toStrictEqual([
			['video', 'generateV2', 'Generate a video from a prompt and a style'],
			['video', 'generateV1', 'Generate a video with Sora 2 or Sora 2 Pro'],
			['character', 'create', 'Create a character from a short video'],
		]);
		// Workflows saved before the new operations keep meaning Generate (Sora 2).
		expect(resolved({})).toMatchObject({ resource: 'video', operation: 'generateV2' });
	});

	test('the subtitle names every operation and its resource, from their list entries', () => {
		for (const [resource, operation, name] of [
			['video', 'generateV2', 'Generate (Sora 2): Video'],
			['video', 'generateV1', 'Generate (Sora 2 / 2 Pro): Video'],
			['character', 'create', 'Create: Character'],
		]) {
			// The subtitle is an n8n expression over $parameter; evaluate its object literal here.
			const body = String(description.subtitle).replace(/^=\{\{\s*|\s*\}\}$/g, '');
			const evaluate = new Function('$parameter', `return ${body};`) as (p: INodeParameters) => string;
			expect(evaluate({ resource, operation })).toBe(name);
		}
	});

	test('fields that share a name (one per operation or model) share type and default; common Generate fields are one property', () => {
		const byName = new Map<string, INodeProperties[]>();
		for (const property of properties) {
			byName.set(property.name, [...(byName.get(property.name) ?? []), property]);
		}
		const shared = [...byName.entries()].filter(([, group]) => group.length > 1);
		expect(shared.map(([name]) => name).sort()).toStrictEqual(
			['duration', 'model', 'operation', 'size'].sort(),
		);
		// Prompt, Image URL, Orientation and Remove Watermark are the same for both Generate
		// operations: one property each (a copy costs n8n an extra evaluation per item).
		for (const name of ['prompt', 'images', 'orientation', 'removeWatermark']) {
			expect(byName.get(name)).toHaveLength(1);
			expect(byName.get(name)?.[0].displayOptions?.show?.operation).toStrictEqual(['generateV2', 'generateV1']);
		}
		for (const [name, group] of shared) {
			if (name === 'operation') continue;
			// A value equal to the default is not saved, so every variant must agree on it.
			expect({ name, types: new Set(group.map((p) => p.type)).size, defaults: new Set(group.map((p) => p.default)).size }).toStrictEqual({
				name,
				types: 1,
				defaults: 1,
			});
		}
	});

	test('at most one of the fields that share a name shows, for every resource, operation and model', () => {
		const named = (name: string) => properties.filter((property) => property.name === name);
		const models = [...new Set(named('model').flatMap(optionValues)), '={{ $json.model }}', ''];
		const checked: string[] = [];
		for (const resource of optionValues(named('resource')[0])) {
			const operations = named('operation')
				.filter((property) => NodeHelpers.displayParameter({ resource } as INodeParameters, property, node, description))
				.flatMap(optionValues);
			for (const operation of operations) {
				for (const model of models) {
					const names = shownProperties({ resource, operation, model } as INodeParameters).map((property) => property.name);
					const twice = names.filter((name, index) => names.indexOf(name) !== index);
					expect({ resource, operation, model, twice }).toStrictEqual({ resource, operation, model, twice: [] });
					checked.push(`${resource}/${operation}`);
				}
			}
		}
		// Every operation of every resource was looked at, with each model value.
		expect([...new Set(checked)].sort()).toStrictEqual(['character/create', 'video/generateV1', 'video/generateV2']);
		expect(checked).toHaveLength(3 * models.length);
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
		expect(stored).toStrictEqual({ operation: 'generateV1', model: 'sora-2-pro', prompt: 'p', size: 'large', duration: 25 });
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

	test('Generate (Sora 2) keeps its own fields and lists', () => {
		expect(shownFields({ resource: 'video', operation: 'generateV2' })).toStrictEqual([
			'resource',
			'operation',
			'model: sora-2',
			'prompt',
			'styleId: anime|chaos|comic|festive|golden|handheld|kakalaka|news|retro|selfie|sitcom|vintage',
			'images',
			'orientation: landscape|portrait',
			'duration: 10|15',
			'size: small',
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
		expect((additional.options as INodeProperties[]).map((option) => `${option.displayName} (${option.name})`)).toStrictEqual([
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
		expect(stored).toStrictEqual({ resource: 'character', videoUrl: 'https://example.com/c.mp4', additionalFields: { name: 'Rex' } });
		expect(resolved(stored)).toStrictEqual({
			resource: 'character',
			operation: 'create',
			videoUrl: 'https://example.com/c.mp4',
			additionalFields: { name: 'Rex' },
		});
	});
});
