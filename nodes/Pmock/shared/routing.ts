import type { IDataObject, INodePropertyRouting } from 'n8n-workflow';

import { outputTaskId } from './responseEnvelope';
import { taskRequest } from './taskRequest';

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
export const startTaskRouting = (url: string, checkBody: (body: IDataObject) => IDataObject): INodePropertyRouting => ({
	request: { method: 'POST', url },
	send: { paginate: true },
	operations: { pagination: taskRequest(checkBody) },
	output: { postReceive: [outputTaskId] },
});
