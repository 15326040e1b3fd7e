import type { IExecuteSingleFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import type { PmockOperation } from './operation';
import type { ItemError } from './runLedger';

/**
 * What an AI Agent is told about PMock Tool. n8n (2.8.4 and 2.41.1) makes the tool from the
 * node itself (`usableAsTool`) and tells the model the node's `toolDescription` parameter; when
 * the node has none, it adds a "Tool Description" switch whose default, "Set Automatically",
 * gives only the operation's action ("Generate a Sora 2 video in PMock"): nothing about credit,
 * the taskId or when the media exists. (`usableAsTool.replacements` would change only what the
 * editor lists: n8n 2.41.1 builds the running tool without them.) So the node has its own
 * `toolDescription`, one hidden property per operation: the shown one's default is what the
 * model reads, and the plain node ignores it (it has no routing).
 */
export const toolDescriptions = (operations: PmockOperation[]): INodeProperties[] =>
	operations.map(({ resource, option }): INodeProperties => ({
		displayName: 'Tool Description',
		name: 'toolDescription',
		type: 'hidden',
		default: toolText(option.action, resource.value),
		displayOptions: { show: { resource: [resource.value], operation: [option.value] } },
	}));

/** The model's description of one operation: what it does, that it costs, what it returns. */
export const toolText = (action: string, resource: string): string =>
	`${action} with the pmock API. Each call spends pmock credit: it starts a paid task and returns its taskId at once; the ${resource} itself is made later (fetch it with the taskId). A refused value costs nothing: fix it and call again. If the answer says a task may have started, do not call again with the same input.`;

/**
 * Whether this node run is an AI Agent's tool call: n8n runs the node as "<type>Tool" there
 * (the execute data is the agent's own, so its input does not tell).
 */
export const isToolCall = (context: IExecuteSingleFunctions): boolean => context.getNode().type.endsWith('Tool');

/**
 * A refused value's message for a model: the problem, what is allowed, that nothing was spent,
 * and the argument to fix under the name the model gave it (`$fromAI('seconds')` in the
 * field) when the field holds one, else the field's own name. `field` is "Duration (duration)".
 */
export function toolRefusalMessage(
	context: IExecuteSingleFunctions,
	field: string,
	problem: string,
	allowed: string,
): string {
	const parameter = /\(([^()]+)\)$/.exec(field)?.[1];
	const value = parameter ? context.getNode().parameters[parameter] : undefined;
	const fromAi = typeof value === 'string' ? /\$fromAI\(\s*(['"`])([^'"`]+)\1/.exec(value)?.[2] : undefined;
	const argument = fromAi ?? parameter ?? field;
	return `${field} ${problem}. Allowed: ${allowed}. Nothing was sent and no credit was spent: fix "${argument}" and call again.`;
}

/**
 * A tool call's failure as its result. n8n hands an agent's model the tool's output items as
 * JSON; a thrown error ends the agent's whole run on n8n 2.8.4 (unless the tool's On Error is
 * Continue), and n8n's own error items (`json` empty beside `error`) reach the model as `[{}]`.
 * So a tool call's error is an output item the model reads: the message, and whether a task may
 * have started (a refused value: false, fix it and call again).
 */
export function toolCallFailed(context: IExecuteSingleFunctions, itemError: ItemError): INodeExecutionData[] {
	const mayHaveStarted = itemError.context.taskMayHaveStarted;
	return [
		{
			json: {
				error: itemError.message,
				...(typeof mayHaveStarted === 'boolean' ? { taskMayHaveStarted: mayHaveStarted } : {}),
				...(typeof itemError.context.traceId === 'string' ? { traceId: itemError.context.traceId } : {}),
			},
			pairedItem: { item: context.getItemIndex() },
		},
	];
}
