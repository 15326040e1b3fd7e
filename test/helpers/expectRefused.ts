import type { INodeExecutionData } from 'n8n-workflow';

import type { SandboxServer } from '../../sandbox/sandboxServer';
import { continuedError, failureOf, type NodeError } from './failures';

export type { NodeError };

/**
 * Runs the node twice with the same one-item input, expecting it to refuse before sending
 * anything: once stopping the workflow (RoutingNode re-throws the item's error with the same
 * message and description), once with continue on fail, where the item's $json.error says the
 * same and that no task started. Returns the first error.
 */
export async function expectRefused(
	run: (options: { continueOnFail?: boolean }) => Promise<INodeExecutionData[]>,
	server: SandboxServer,
): Promise<NodeError> {
	const error = await failureOf(run({}));
	expect(error.description).toMatch(/Nothing was sent to PMock for item 1\./);
	expect(error.context?.itemIndex).toBe(0);

	const [item] = await run({ continueOnFail: true });
	// The item request's refusals are $json.error; a guard's (an unknown resource or operation,
	// refused while n8n prepares the request) keeps n8n's own `error`.
	const refusal = continuedError(item) ?? item.error;
	expect(refusal?.message).toBe(error.message);
	expect(refusal?.description).toBe(error.description);
	if (continuedError(item)) expect(continuedError(item)?.taskMayHaveStarted).toBe(false);

	expect(server.requests).toHaveLength(0);
	return error;
}
