import type { IDataObject, IExecuteSingleFunctions, IHttpRequestOptions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { FieldValueError } from './fieldValidators';

/** Turns a body check into a routing `preSend` step that fails only the item it checks. */
export function validateBody(
	check: (body: IDataObject) => IDataObject,
): (this: IExecuteSingleFunctions, requestOptions: IHttpRequestOptions) => Promise<IHttpRequestOptions> {
	return async function (this: IExecuteSingleFunctions, requestOptions: IHttpRequestOptions) {
		const itemIndex = this.getItemIndex();
		const nothingSent = `Nothing was sent to PMock for item ${itemIndex + 1}.`;

		try {
			requestOptions.body = check({ ...(requestOptions.body as IDataObject) });
		} catch (error) {
			if (!(error instanceof FieldValueError)) throw error;
			throw new NodeOperationError(this.getNode(), `${error.field} ${error.problem}`, {
				itemIndex,
				description: `Allowed: ${error.allowed}. ${nothingSent}`,
			});
		}
		return requestOptions;
	};
}
