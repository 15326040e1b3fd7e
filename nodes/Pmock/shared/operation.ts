import type { IDataObject, IDisplayOptions, INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { startTaskRouting } from './routing';

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
	 * change it), `action` and `description` as n8n's node search and AI agents read them.
	 */
	option: Required<Pick<INodePropertyOptions, 'name' | 'value' | 'action' | 'description'>>;
	/** The API path the operation POSTs its body to, e.g. "/ai/sa/video/generate/v2". */
	path: string;
	/**
	 * Its fields in the order the form shows them, fields shared with other operations
	 * included (the same object: one property for all of them). Each is shown for the
	 * operations that list it; a field's own displayOptions (e.g. per model) still apply.
	 */
	fields: INodeProperties[];
	/**
	 * The body the fields assembled, checked and typed as the API wants it. Throws a
	 * FieldValueError naming the field (see fieldLabel) before anything is sent.
	 */
	checkBody(body: IDataObject): IDataObject;
}

/** A field as messages name it: its label and the JSON key it sends, e.g. "Prompt (prompt)". */
export const fieldLabel = (field: Pick<INodeProperties, 'displayName' | 'name'>): string =>
	`${field.displayName} (${field.name})`;

/** The resources in the order of the operations, each once. */
function resourcesOf(operations: PmockOperation[]): Resource[] {
	return operations
		.map((operation) => operation.resource)
		.filter((resource, index, all) => all.findIndex((other) => other.value === resource.value) === index);
}

/**
 * The fields of all operations in one list whose order gives each operation's form in its
 * own order: a field not placed yet goes right after the previous field of its operation.
 */
function mergedFieldOrder(operations: PmockOperation[]): INodeProperties[] {
	const merged: INodeProperties[] = [];
	for (const { fields } of operations) {
		let previous = -1;
		for (const field of fields) {
			const at = merged.indexOf(field);
			if (at >= 0) previous = at;
			else merged.splice((previous += 1), 0, field);
		}
	}
	return merged;
}

/**
 * The field shown for every operation that lists it, on top of its own displayOptions.
 * Resource and Operation come first among the `show` rules: n8n shows a field as soon as it
 * meets a `show` rule whose parameter holds an expression (e.g. an Action from
 * `{{ $json.action }}`), without looking at the rules after it, and those two never hold one.
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

/**
 * The node's properties: the Resource list (sorted by name), an Operation list per resource
 * (the first operation of a resource is its default), then every field once, shown where it
 * belongs.
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
			options: own.map(({ option, path, checkBody }) => ({ ...option, routing: startTaskRouting(path, checkBody) })),
			default: firstOperation,
		};
	});
	const fields = mergedFieldOrder(operations).map((field) => shownFor(field, operations));
	return [resourceList, ...operationLists, ...fields];
}

/** The canvas subtitle, "Generate (Sora 2): Video", an n8n expression over the node's parameters. */
export function subtitleOf(operations: PmockOperation[]): string {
	const names = Object.fromEntries(
		operations.map(({ resource, option }) => [`${resource.value}:${option.value}`, `${option.name}: ${resource.name}`]),
	);
	return `={{ ${JSON.stringify(names)}[$parameter["resource"] + ":" + $parameter["operation"]] }}`;
}
