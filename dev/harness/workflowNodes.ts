import type { IDataObject } from 'n8n-workflow';

/**
 * The nodes the e2e tests' and the benchmark's workflows start with, as n8n's workflow JSON
 * holds them. Other nodes connect to them by name: "Start" and "Items".
 */

/** A Manual Trigger named "Start", what `n8n execute` starts a workflow from. */
export const manualTriggerNode = (workflowId: string) => ({
	id: `${workflowId}-trigger`,
	name: 'Start',
	type: 'n8n-nodes-base.manualTrigger',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
});

/** A Code node named "Items" that outputs `items`, one n8n item each, or runs the given `jsCode`. */
export const itemsNode = (workflowId: string, items: IDataObject[] | { jsCode: string }) => ({
	id: `${workflowId}-items`,
	name: 'Items',
	type: 'n8n-nodes-base.code',
	typeVersion: 2,
	position: [200, 0],
	parameters: Array.isArray(items) ? { jsCode: `return ${JSON.stringify(items)}.map((json) => ({ json }));` } : items,
});

/** The connections of nodes run one after the other, each feeding the next: n8n's `connections` JSON. */
export const chainConnections = (chain: ReadonlyArray<{ name: string }>) =>
	Object.fromEntries(
		chain
			.slice(0, -1)
			.map((node, index) => [node.name, { main: [[{ node: chain[index + 1].name, type: 'main', index: 0 }]] }]),
	);
