import type { INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { PmockTestServer } from './pmockTestServer';

export type NodeError = Error & { description?: string; context?: Record<string, unknown> };

/**
 * Runs the node twice with the same one-item input, expecting it to refuse before sending
 * anything: once stopping the workflow (n8n-core's RoutingNode re-throws the item's error as
 * a NodeApiError with the same message and description), and once with continue on fail,
 * where the item carries the NodeOperationError itself. Returns the first error.
 */
export async function expectRefused(
	server: PmockTestServer,
	run: (options: { continueOnFail?: boolean }) => Promise<INodeExecutionData[]>,
): Promise<NodeError> {
	const error = await run({}).then(
		() => {
			throw new Error('the node succeeded but should have refused the input');
		},
		(caught: unknown) => caught as NodeError,
	);
	expect(error.description).toMatch(/Nothing was sent to PMock for item 1\./);
	expect(error.context?.itemIndex).toBe(0);

	const [item] = await run({ continueOnFail: true });
	expect(item.error).toBeInstanceOf(NodeOperationError);
	expect(item.error?.message).toBe(error.message);
	expect(item.error?.description).toBe(error.description);

	expect(server.received).toHaveLength(0);
	return error;
}
