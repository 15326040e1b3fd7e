import type {
	ICredentialDataDecryptedObject,
	ICredentialType,
	IHttpRequestOptions,
	INodeProperties,
} from 'n8n-workflow';

import { DEFAULT_BASE_URL, normalizeBaseUrl, showBaseUrl } from './pmockBaseUrl';
import { pmockAuthHeaders } from './pmockSignature';

export { DEFAULT_BASE_URL };

export class PmockApi implements ICredentialType {
	name = 'pmockApi';

	displayName = 'PMock API';

	icon = { light: 'file:pmock.svg', dark: 'file:pmock.dark.svg' } as const;

	documentationUrl = 'https://docs.pmock.com/pmock-api-introduction';

	properties: INodeProperties[] = [
		{
			displayName: 'Access Key',
			name: 'accessKey',
			type: 'string',
			default: '',
			required: true,
			description: 'The access key of your pmock account, from the API keys page of the pmock console',
		},
		{
			displayName: 'Secret Key',
			name: 'secretKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				'The secret key issued with the access key. It never leaves n8n: it only signs each request.',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: DEFAULT_BASE_URL,
			placeholder: 'e.g. https://ai.pmock.com/api',
			description:
				'Root of the pmock AI API. Change it only for a proxy or a local pmock sandbox.',
		},
	];

	/**
	 * Signs every request afresh: the signature is only valid for the minute it was made in,
	 * so it cannot be a static header template. It also points the request at the Base URL:
	 * here rather than through an expression in the node's requestDefaults, which n8n would
	 * evaluate for every item with its full expression engine (see README, Performance).
	 */
	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		const accessKey = String(credentials.accessKey ?? '').trim();
		const secretKey = String(credentials.secretKey ?? '').trim();
		if (!accessKey || !secretKey) {
			throw new Error(
				'The PMock API credential has an empty Access Key or Secret Key: open the credential and paste both keys from your pmock console',
			);
		}
		// The access key travels in HTTP headers, which carry visible ASCII only; anything else
		// (an accent, a space inside, a line break) is a paste mistake Node would reject anyway.
		if (!/^[\x21-\x7e]+$/.test(accessKey)) {
			throw new Error(
				'The Access Key of the PMock API credential contains a space, a line break or a character that is not plain ASCII: copy it again from your pmock console',
			);
		}
		const baseURL = normalizeBaseUrl(credentials.baseUrl);
		if (!baseURL) {
			throw new Error(
				`The Base URL in the PMock API credential is not usable: "${showBaseUrl(credentials.baseUrl)}". Open the credential and enter an http(s) address without "?" or "#", such as ${DEFAULT_BASE_URL} (the default)`,
			);
		}
		requestOptions.baseURL = baseURL;
		requestOptions.headers = {
			...requestOptions.headers,
			...pmockAuthHeaders(accessKey, secretKey),
		};
		return requestOptions;
	}
}
