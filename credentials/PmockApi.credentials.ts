import type {
	ICredentialDataDecryptedObject,
	ICredentialType,
	IHttpRequestOptions,
	INodeProperties,
} from 'n8n-workflow';

import { pmockAuthHeaders } from './pmockSignature';

/** The documented root of pmock's AI endpoints. */
export const DEFAULT_BASE_URL = 'https://ai.pmock.com/api';

export class PmockApi implements ICredentialType {
	name = 'pmockApi';

	displayName = 'PMock API';

	icon = 'file:pmock.svg' as const;

	documentationUrl = 'https://docs.pmock.com/pmock-api-introduction';

	properties: INodeProperties[] = [
		{
			displayName: 'Access Key',
			name: 'accessKey',
			type: 'string',
			typeOptions: { password: true },
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
	 * so it cannot be a static header template.
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
		requestOptions.headers = {
			...requestOptions.headers,
			...pmockAuthHeaders(accessKey, secretKey),
		};
		return requestOptions;
	}
}
