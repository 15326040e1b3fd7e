import type { IDataObject, IExecuteSingleFunctions, IHttpRequestOptions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { DEFAULT_BASE_URL } from '../../../credentials/PmockApi.credentials';
import { normalizeBaseUrl } from './baseUrl';
import { FieldValueError, showValue } from './fieldValidators';

/**
 * Turns a body check into a routing `preSend` step that fails only the item it checks. It
 * also checks the credential's Base URL, which the request is sent to, so that a mistyped one
 * is named as such rather than as a network error.
 */
export function validateBody(
	check: (body: IDataObject) => IDataObject,
): (this: IExecuteSingleFunctions, requestOptions: IHttpRequestOptions) => Promise<IHttpRequestOptions> {
	return async function (this: IExecuteSingleFunctions, requestOptions: IHttpRequestOptions) {
		const itemIndex = this.getItemIndex();
		const nothingSent = `Nothing was sent to PMock for item ${itemIndex + 1}.`;

		const baseURL = normalizeBaseUrl(requestOptions.baseURL);
		if (!baseURL) {
			throw new NodeOperationError(
				this.getNode(),
				`The Base URL in the PMock API credential is not usable: ${showValue(requestOptions.baseURL)}`,
				{
					itemIndex,
					description: `Open the credential and enter an http(s) address without "?" or "#", such as ${DEFAULT_BASE_URL} (the default). ${nothingSent}`,
				},
			);
		}
		requestOptions.baseURL = baseURL;

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
