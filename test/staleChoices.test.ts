import type { INodeParameters, INodeProperties } from 'n8n-workflow';
import { NodeHelpers } from 'n8n-workflow';

import { pmockNode } from '../dev/harness/runPmockNode';
import { Pmock } from '../nodes/Pmock/Pmock.node';
import { credentialsFor, theOneBodySent, useSandbox } from './helpers/sandbox';
import { runPmockNode } from '../dev/harness/runPmockNode';
import { generateGptImageTask, generateImage } from '../sandbox/endpoints';

/**
 * Issue 18 item 1: switching the operation (or the resource) in the editor must never leave a
 * field holding a value its new list does not offer (n8n shows it red and the run fails).
 * The editor's steps are replayed with n8n's own NodeHelpers, as NodeSettings does on every
 * change: the saved parameters (defaults and hidden fields dropped), the change, then the
 * defaults of the fields now shown. A user picks fields by their label, as on screen.
 */

const ACCESS_KEY = 'ak-stale-choices-test';
const SECRET_KEY = 'sk-stale-choices-test';

const server = useSandbox(ACCESS_KEY, SECRET_KEY);

const description = new Pmock().description;
const { properties } = description;

const node = pmockNode();

const shown = (parameters: INodeParameters): INodeProperties[] =>
	properties.filter((property) => NodeHelpers.displayParameter(parameters, property, node, description));

/** The editor's step after a change: keep what differs from the defaults, apply it, fill the defaults in. */
function change(parameters: INodeParameters, changes: INodeParameters): INodeParameters {
	const kept = NodeHelpers.getNodeParameters(properties, parameters, false, false, node, description) ?? {};
	return NodeHelpers.getNodeParameters(properties, { ...kept, ...changes }, true, false, node, description) ?? {};
}

/** The user sets the field the form shows with this label. */
function choose(parameters: INodeParameters, label: string, value: string): INodeParameters {
	const field = shown(parameters).find((property) => property.displayName === label);
	if (!field) throw new Error(`the form shows no ${label}`);
	return change(parameters, { [field.name]: value });
}

/** The option fields the form shows red: a value their list does not offer. */
const redFields = (parameters: INodeParameters): string[] =>
	shown(parameters)
		.filter((property) => property.type === 'options')
		.filter((property) => {
			const value = parameters[property.name];
			return !(property.options ?? []).some((option) => (option as { value: unknown }).value === value);
		})
		.map((property) => `${property.displayName}: ${JSON.stringify(parameters[property.name])}`);

describe('switching operations in a new node never carries a value the next form does not offer', () => {
	test('Sora 2 / 2 Pro with sora-2-pro → Veo 3.1 → Get 1080p → resource Image: no red field, and the run sends a valid Nano Banana body', async () => {
		const steps: Array<[string, string[]]> = [];
		let parameters = change({}, {});
		const video = (operation: string) =>
			properties
				.find((p) => p.name === 'operation' && p.displayOptions?.show?.resource?.[0] === 'video')!
				.options!.find((option) => (option as { value: string }).value === operation)!.name;

		parameters = choose(parameters, 'Operation', 'generateV1');
		parameters = choose(parameters, 'Model', 'sora-2-pro');
		steps.push([`${video('generateV1')}, Sora 2 Pro`, redFields(parameters)]);
		parameters = choose(parameters, 'Operation', 'generateVeo');
		steps.push([video('generateVeo'), redFields(parameters)]);
		parameters = choose(parameters, 'Action', 'get1080p');
		steps.push(['Get 1080p', redFields(parameters)]);
		// The editor resets the Operation to the resource's default when the resource changes.
		parameters = change(parameters, { resource: 'image', operation: 'generate' });
		steps.push(['Image', redFields(parameters)]);
		expect(steps).toStrictEqual(steps.map(([step]) => [step, []]));

		const prompt = shown(parameters).find((property) => property.displayName === 'Prompt')!;
		await runPmockNode({
			parameters: { ...parameters, [prompt.name]: 'A red kite over a green hill' },
			credentials: credentialsFor(server),
		});
		expect(theOneBodySent(server, generateImage)).toStrictEqual({
			prompt: 'A red kite over a green hill',
			action: 'generate',
			numImages: 1,
			model: 'nano-banana-fast',
			resolution: '1K',
			aspectRatio: '1:1',
		});
	});

	test('every switch between two operations, from a form whose option fields all hold their last value, leaves no red field', () => {
		const operations = properties
			.filter((property) => property.name === 'operation')
			.flatMap((property) =>
				(property.options ?? []).map((option) => ({
					resource: String(property.displayOptions!.show!.resource![0]),
					operation: String((option as { value: string }).value),
				})),
			);
		const red: string[] = [];
		for (const from of operations) {
			// Every option field of the first form set to the last value of its list (not its default).
			let parameters = change({}, from);
			for (const field of shown(parameters).filter((p) => p.type === 'options' && p.name !== 'operation')) {
				if (field.name === 'resource') continue;
				const values = (field.options ?? []).map((option) => (option as { value: string }).value);
				parameters = change(parameters, { [field.name]: values[values.length - 1] });
			}
			for (const to of operations) {
				if (to === from) continue;
				const switched = change(parameters, to);
				red.push(...redFields(switched).map((field) => `${from.operation} → ${to.operation}: ${field}`));
			}
		}
		expect(red).toStrictEqual([]);
	});

	test('inside each operation, changing any option field (a Model, an Action) to any of its values leaves no red field', () => {
		const red: string[] = [];
		for (const operation of operationsOffered()) {
			let parameters = change({}, operation);
			const optionFields = () =>
				shown(parameters).filter((p) => p.type === 'options' && !['resource', 'operation'].includes(p.name));
			// Every option field at the last value of its list: the widest choices (Sora 2 Pro, 25 seconds…).
			// Repeated: a Model at its last value shows that model's own lists.
			for (let pass = 0; pass < 3; pass += 1) {
				for (const field of optionFields()) parameters = change(parameters, { [field.name]: lastValue(field) });
			}
			for (const field of optionFields()) {
				for (const value of valuesOf(field)) {
					const changed = change(parameters, { [field.name]: value });
					red.push(...redFields(changed).map((f) => `${operation.operation}, ${field.displayName} → ${value}: ${f}`));
				}
			}
		}
		expect(red).toStrictEqual([]);
	});
});

function valuesOf(field: INodeProperties): string[] {
	return (field.options ?? []).map((option) => (option as { value: string }).value);
}

const lastValue = (field: INodeProperties) => valuesOf(field)[valuesOf(field).length - 1];

/** Every resource and operation the Operation lists offer. */
function operationsOffered(): Array<{ resource: string; operation: string }> {
	return properties
		.filter((property) => property.name === 'operation')
		.flatMap((property) =>
			valuesOf(property).map((operation) => ({
				resource: String(property.displayOptions!.show!.resource![0]),
				operation,
			})),
		);
}

describe('GPT Image 2: switching What Comes Back', () => {
	test('Image at 3840x2160 → Task ID → Image: no red field, and the Task ID run sends a body its endpoint accepts', async () => {
		let parameters = change({}, { resource: 'image', operation: 'generateGptImage' });
		parameters = choose(parameters, 'Size', '3840x2160');
		parameters = choose(parameters, 'What Comes Back', 'taskId');
		expect(redFields(parameters)).toStrictEqual([]);
		await runPmockNode({
			parameters: { ...parameters, gptImagePrompt: 'a lighthouse' },
			credentials: credentialsFor(server),
		});
		expect(theOneBodySent(server, generateGptImageTask).size).toBe('auto');
		parameters = choose(parameters, 'What Comes Back', 'image');
		expect(redFields(parameters)).toStrictEqual([]);
		// The editor drops the values of fields it hid: the Image size is back at its default.
		expect(parameters.gptImageSyncSize).toBe('auto');
	});
});
