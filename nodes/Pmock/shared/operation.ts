import type {
	IDataObject,
	IDisplayOptions,
	IExecuteSingleFunctions,
	IHttpRequestOptions,
	INodeProperties,
	INodePropertyOptions,
	INodePropertyRouting,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { showValue } from './fieldValidators';

import { startTaskRouting, type CheckBody } from './taskRequest';

/**
 * What one operation of the node is, and how the node's form is assembled from them. Each
 * operation is one module under operations/ (its entry in the Operation list, its fields and
 * its body check); operations.ts lists them. Everything the editor shows about resources and
 * operations (the Resource and Operation lists, which field shows when, the canvas subtitle)
 * is derived here from those modules, so a name is written once.
 */

/** Options sorted by their name, as n8n's linter wants every option list. */
export const byName = <T extends { name: string }>(options: readonly T[]): T[] =>
	[...options].sort((a, b) => a.name.localeCompare(b.name));

/**
 * The value of a list's "Default (Not Sent)" option, for an optional field the page gives no
 * default (e.g. Grok Imagine's aspectRatio): the body check leaves the key out, and pmock decides.
 */
export const NOT_SENT = '';

/** The option that sends nothing, with what pmock then does, e.g. "pmock chooses the shape". */
export const notSentOption = (whatPmockDoes: string) => ({
	name: 'Default (Not Sent)',
	value: NOT_SENT,
	description: `Nothing is sent: ${whatPmockDoes}`,
});

export interface Resource {
	/** The Resource list entry, e.g. "Video". */
	name: string;
	/** Saved in workflows: never change it. */
	value: string;
}

export interface PmockOperation {
	resource: Resource;
	/**
	 * The Operation list entry: `name` as the list shows it, `value` as workflows save it (never
	 * change it), `action` and `description` as n8n's nodes panel, node search and AI agents
	 * read them (the action names the model).
	 */
	option: Required<Pick<INodePropertyOptions, 'name' | 'value' | 'action' | 'description'>>;
	/** The API path the operation POSTs its body to, e.g. "/ai/sa/video/generate/v2". */
	path: string;
	/**
	 * Its fields in the order the form shows them, fields shared with other operations included
	 * (the same object: one property for all of them). Each is shown for the operations that
	 * list it; a field's own displayOptions (e.g. per model) still apply. Where values differ
	 * from another operation's field (Model, Action, Size…) the parameter has its own name
	 * (e.g. `veoModel`), so switching the operation never carries a value the next form lacks.
	 */
	fields: INodeProperties[];
	/**
	 * The body the fields assembled, checked and typed as the API wants it. Throws a FieldValueError naming the field (see fieldLabel) before
	 * anything is sent.
	 */
	checkBody: CheckBody;
	/**
	 * The Operation list entry's routing when it is not `startTaskRouting(path, checkBody)`: for
	 * an operation where a field of its form chooses the endpoint (GPT Image 2's What Comes
	 * Back), that field's options route the rest.
	 */
	routing?: INodePropertyRouting;
}

/**
 * A field as messages name it: its label and the JSON key it sends, e.g. "Prompt (prompt)"
 * for the parameter `veoPrompt`: the key is what pmock's page and an AI agent know.
 */
export const fieldLabel = (field: Pick<INodeProperties, 'displayName' | 'name' | 'routing'>): string =>
	`${field.displayName} (${field.routing?.send?.property ?? field.name})`;

/** The resources in the order of the operations, each once. */
function resourcesOf(operations: PmockOperation[]): Resource[] {
	return operations
		.map((operation) => operation.resource)
		.filter((resource, index, all) => all.findIndex((other) => other.value === resource.value) === index);
}

/**
 * The fields of every form (each operation) in one list whose order gives
 * each form in its own order: a field not placed yet goes right after the previous field of
 * its form. A form whose shared fields the others placed in another order is a mistake in
 * the modules, refused here rather than shown in a wrong order.
 */
function mergedFieldOrder(forms: INodeProperties[][]): INodeProperties[] {
	const merged: INodeProperties[] = [];
	for (const fields of forms) {
		let previous = -1;
		for (const field of fields) {
			const at = merged.indexOf(field);
			if (at >= 0 && at < previous) throw new Error(`Field ${field.name} is out of order in one of the forms`);
			if (at >= 0) previous = at;
			else merged.splice((previous += 1), 0, field);
		}
	}
	return merged;
}

/**
 * The field shown for the operations that list it, on top of its own displayOptions. Resource
 * and Operation come first among the `show` rules: n8n shows a field as soon as it meets a
 * `show` rule whose parameter holds an expression (e.g. an Action from `{{ $json.action }}`),
 * without looking at the rules after it, and those two never hold one.
 */
function shownFor(field: INodeProperties, operations: PmockOperation[]): INodeProperties {
	const listing = operations.filter((operation) => operation.fields.includes(field));
	const own: IDisplayOptions = field.displayOptions ?? {};
	return {
		...field,
		displayOptions: {
			...own,
			show: {
				resource: resourcesOf(listing).map((resource) => resource.value),
				operation: listing.map((operation) => operation.option.value),
				...own.show,
			},
		},
	};
}

/** "Character, Image or Video": the names of a list, as a sentence says them. */
const orList = (names: string[]): string =>
	names.length > 1 ? `${names.slice(0, -1).join(', ')} or ${names[names.length - 1]}` : names.join('');

/**
 * A resource or operation value no list of the form offers (a workflow edited by hand or by
 * an older or newer version, e.g. operation "generateV2" with resource "image") would reach
 * n8n's engine with no request of any operation: it would send a signed GET to the bare Base
 * URL and output whatever came back. One hidden field per resource, and one for a resource
 * the node does not know, shows only then; its preSend refuses the item before anything is
 * sent, naming what to choose. It never shows together with an operation's routing, so the
 * operations that start a task keep their requests free of preSend (see shared/routing.ts).
 */
function unknownChoiceGuards(operations: PmockOperation[], resources: Resource[]): INodeProperties[] {
	const guard = (displayOptions: IDisplayOptions, refuse: (chosen: IDataObject) => [string, string]) => ({
		displayName: 'Unknown Resource or Operation',
		name: 'unknownChoice',
		type: 'hidden' as const,
		default: '',
		displayOptions,
		routing: {
			send: {
				preSend: [
					async function (this: IExecuteSingleFunctions): Promise<IHttpRequestOptions> {
						const chosen = {
							resource: this.getNodeParameter('resource', ''),
							operation: this.getNodeParameter('operation', ''),
						} as IDataObject;
						const [message, description] = refuse(chosen);
						const itemIndex = this.getItemIndex();
						throw new NodeOperationError(this.getNode(), message, {
							description: `${description} Nothing was sent to PMock for item ${itemIndex + 1}.`,
							itemIndex,
						});
					},
				],
			},
		},
	});
	const resourceNames = orList(byName(resources).map((resource) => resource.name));
	return [
		...resources.map((resource) => {
			const own = operations.filter((operation) => operation.resource.value === resource.value);
			return guard(
				{ show: { resource: [resource.value] }, hide: { operation: own.map(({ option }) => option.value) } },
				({ operation }) => [
					`Operation ${showValue(operation)} is not an operation of the ${resource.name} resource`,
					`Open the node and choose one in the Operation list: ${orList(own.map(({ option }) => option.name))}.`,
				],
			);
		}),
		guard({ hide: { resource: resources.map((resource) => resource.value) } }, ({ resource }) => [
			`Resource ${showValue(resource)} is not one this node offers`,
			`Open the node and choose ${resourceNames} in the Resource list, then an operation.`,
		]),
	];
}

/**
 * The node's properties: the Resource list (sorted by name), an Operation list per resource
 * (the first operation of a resource is its default), the guards against a choice no list
 * offers, then every field once, shown where it belongs.
 */
export function nodeProperties(operations: PmockOperation[], defaultResource: string): INodeProperties[] {
	const resources = resourcesOf(operations);
	const resourceList: INodeProperties = {
		displayName: 'Resource',
		name: 'resource',
		type: 'options',
		noDataExpression: true,
		options: byName(resources),
		default: defaultResource,
	};
	const operationLists = resources.map((resource): INodeProperties => {
		const own = operations.filter((operation) => operation.resource.value === resource.value);
		const firstOperation = own[0].option.value;
		return {
			displayName: 'Operation',
			name: 'operation',
			type: 'options',
			noDataExpression: true,
			displayOptions: { show: { resource: [resource.value] } },
			// In the order of operations.ts: the first is the default and the most used.
			options: own.map(({ option, path, checkBody, routing }) => ({
				...option,
				routing: routing ?? startTaskRouting(path, checkBody),
			})),
			default: firstOperation,
		};
	});
	const fields = mergedFieldOrder(operations.map((operation) => operation.fields)).map((field) =>
		shownFor(field, operations),
	);
	return [resourceList, ...operationLists, ...unknownChoiceGuards(operations, resources), ...fields];
}

/** The canvas subtitle, "Generate (Sora 2): Video", an n8n expression over the node's parameters. */
export function subtitleOf(operations: PmockOperation[]): string {
	const names = Object.fromEntries(
		operations.map(({ resource, option }) => [`${resource.value}:${option.value}`, `${option.name}: ${resource.name}`]),
	);
	return `={{ ${JSON.stringify(names)}[$parameter["resource"] + ":" + $parameter["operation"]] }}`;
}
