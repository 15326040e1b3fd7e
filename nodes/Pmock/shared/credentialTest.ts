import type {
	ICredentialsDecrypted,
	ICredentialTestFunctions,
	IDataObject,
	IHttpRequestOptions,
	INodeCredentialTestResult,
} from 'n8n-workflow';

import { PmockApi } from '../../../credentials/PmockApi.credentials';
import { showBaseUrl } from '../../../credentials/pmockBaseUrl';
import { GENERATE_V2_PATH } from './constants';

const KEYS_REJECTED = 'PMock rejected these keys: check the Access Key and the Secret Key';

/**
 * The credential dialog's Test button (wired up with `testedBy`). It sends a signed
 * `POST /ai/sa/video/generate/v2` with an empty JSON body: the API checks the signature
 * first and then refuses the body, so no video is made and no credit is spent.
 *
 * A method rather than a declarative `test`: n8n's declarative test fails on every non-2xx
 * status, but here an HTTP 400 for the empty body means the keys were accepted, and only
 * 401/403 (as HTTP status or envelope `code`) mean they were not.
 */
export async function testPmockApiCredential(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	// authenticate checks the keys and the Base URL, with the messages the node shows too.
	let signed: IHttpRequestOptions;
	try {
		signed = await new PmockApi().authenticate(credential.data ?? {}, { url: GENERATE_V2_PATH, headers: {} });
	} catch (error) {
		return { status: 'Error', message: (error as Error).message };
	}
	const baseUrl = signed.baseURL as string;

	let response: { statusCode: number; body: unknown };
	try {
		response = await this.helpers.request({
			method: 'POST',
			uri: `${baseUrl}${GENERATE_V2_PATH}`,
			headers: signed.headers,
			body: {},
			json: true,
			simple: false,
			resolveWithFullResponse: true,
			timeout: 20_000,
		});
	} catch (error) {
		const reason = (error as IDataObject).code ?? (error as Error).message;
		return {
			status: 'Error',
			message: `Cannot reach PMock at ${showBaseUrl(baseUrl)} (${String(reason)}): check the Base URL and this machine's network`,
		};
	}

	const body = response.body as IDataObject | undefined;
	const code = body && typeof body === 'object' ? Number(body.code) : undefined;
	if ([401, 403].includes(response.statusCode) || code === 401 || code === 403) {
		const says = body && typeof body.message === 'string' ? ` (PMock says: "${body.message}")` : '';
		return { status: 'Error', message: `${KEYS_REJECTED}${says}` };
	}
	return { status: 'OK', message: 'Connection successful: PMock accepted the keys' };
}
