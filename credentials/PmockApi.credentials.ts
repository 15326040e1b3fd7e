import type {
	ICredentialDataDecryptedObject,
	ICredentialType,
	IHttpRequestOptions,
	INodeProperties,
} from 'n8n-workflow';

import { checkedCredential, otherOriginError } from './pmockCredentialErrors';
import { DEFAULT_BASE_URL } from './pmockBaseUrl';
import { isSameOrigin, requestDestination, showOrigin } from './pmockRequestOrigin';
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
			description: 'The secret key issued with the access key. It never leaves n8n: it only signs each request.',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: DEFAULT_BASE_URL,
			placeholder: 'e.g. https://ai.pmock.com/api',
			description: 'Root of the pmock AI API. Change it only for a proxy or a local pmock sandbox.',
		},
	];

	/**
	 * Signs every request afresh: the signature is only valid for the minute it was made in,
	 * so it cannot be a static header template. It also points the request at the Base URL:
	 * here rather than through an expression in the node's requestDefaults, which n8n would
	 * evaluate for every item with its full expression engine (see docs/performance.md).
	 * It signs only requests to the Base URL's origin, and never lets them follow a redirect:
	 * n8n's HTTP Request node offers this credential for any URL, and a signature sent
	 * elsewhere could be replayed at pmock.
	 */
	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		const { accessKey, secretKey, baseURL } = checkedCredential(credentials);
		const destination = requestDestination(requestOptions, baseURL);
		if (!destination || !isSameOrigin(destination, baseURL)) {
			throw otherOriginError(new URL(baseURL).origin, showOrigin(destination), baseURL);
		}
		// A new object, never the caller's: the HTTP Request node keeps the options it passed in
		// and saves them in a failed execution (`context.request`), redacting only a fixed list
		// of header names, so signature headers or a Base URL's user:password written into them
		// would be stored. n8n sends what this returns.
		return {
			...requestOptions,
			// A caller's own baseURL (same origin, checked above) is what its relative url was written for.
			baseURL: requestOptions.baseURL || baseURL,
			headers: { ...requestOptions.headers, ...pmockAuthHeaders(accessKey, secretKey) },
			// A signed request never follows a redirect, whatever the calling node says (the HTTP
			// Request node follows them by default): the signature headers would go to the host it
			// names, as n8n guards only an Authorization header on a cross-origin redirect. The
			// redirect is the answer. `followRedirect` and `followAllRedirects` are what n8n's
			// legacy request helper (the HTTP Request node's) reads.
			disableFollowRedirect: true,
			...{ followRedirect: false, followAllRedirects: false },
		};
	}
}
