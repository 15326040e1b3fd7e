import type { IDataObject, IExecuteSingleFunctions, IHttpRequestOptions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { FieldValueError } from './fieldValidators';

/** Turns a body check into a routing `preSend` step that fails only the item it checks. */
export function validateBody(
	check: (body: IDataObject) => IDataObject,
): (this: IExecuteSingleFunctions, requestOptions: IHttpRequestOptions) => Promise<IHttpRequestOptions> {
	return async function (this: IExecuteSingleFunctions, requestOptions: IHttpRequestOptions) {
		try {
			requestOptions.body = check({ ...(requestOptions.body as IDataObject) });
		} catch (error) {
			if (!(error instanceof FieldValueError)) throw error;
			const itemIndex = this.getItemIndex();
			throw new NodeOperationError(this.getNode(), `${error.field} ${error.problem}`, {
				itemIndex,
				description: `Allowed: ${error.allowed}. Nothing was sent to PMock for item ${itemIndex + 1}.`,
			});
		}
		return requestOptions;
	};
}
