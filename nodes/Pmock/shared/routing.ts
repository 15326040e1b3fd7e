import type { INodePropertyRouting, PostReceiveAction } from 'n8n-workflow';

import { outputTaskId } from './responseEnvelope';
import { taskRequest, type CheckBody } from './taskRequest';

/** Sends the field as the body key of the same name: every field is named like its JSON key. */
export const toBody = (property: string): INodePropertyRouting => ({
	send: { type: 'body', property },
});

/**
 * The routing of an operation that starts a pmock task: POST to `url` the body the fields
 * assembled, checked by `checkBody` and sent by the item request of shared/taskRequest.ts
 * (n8n calls it as the routing's pagination function), and the answer read by the shared
 * envelope step, which outputs the `taskId`. No preSend: the item request must start inside
 * RoutingNode's loop over the items (see RunLedger).
 */
export const startTaskRouting = (url: string, checkBody: CheckBody): INodePropertyRouting =>
	paidRequestRouting(url, checkBody, outputTaskId);

/**
 * The same item request for an endpoint whose answer `output` reads (a taskId, or the image of
 * GPT Image 2's synchronous endpoint): only the answer step differs.
 */
export const paidRequestRouting = (
	url: string,
	checkBody: CheckBody,
	output: PostReceiveAction,
): INodePropertyRouting => ({
	request: { method: 'POST', url },
	send: { paginate: true },
	operations: { pagination: taskRequest(checkBody) },
	output: { postReceive: [output] },
});
