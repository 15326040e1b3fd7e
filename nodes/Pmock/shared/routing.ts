import type { INodePropertyRouting } from 'n8n-workflow';

/** A field's routing: sent as the body key of the same name (every field is named like its JSON key). */
export const toBody = (property: string): INodePropertyRouting => ({
	send: { type: 'body', property },
});
