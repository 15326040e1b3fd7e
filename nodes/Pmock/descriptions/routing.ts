import type { IDataObject, INodePropertyRouting } from 'n8n-workflow';

import { outputTaskId } from '../shared/responseEnvelope';
import { validateBody } from '../shared/validateRequest';

/** Sends the field as the body key of the same name: every field is named like its JSON key. */
export const toBody = (property: string): INodePropertyRouting => ({
	send: { type: 'body', property },
});

/**
 * The routing of an operation that starts a pmock task: POST to `url`, the body the fields
 * assembled checked by `checkBody` before it is sent, and the answer read by the shared
 * envelope step, which outputs the `taskId`.
 */
export const startTaskRouting = (
	url: string,
	checkBody: (body: IDataObject) => IDataObject,
): INodePropertyRouting => ({
	request: { method: 'POST', url },
	send: { preSend: [validateBody(checkBody)] },
	output: { postReceive: [outputTaskId] },
});
