import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import { DEFAULT_BASE_URL, normalizeBaseUrl, showBaseUrl } from './pmockBaseUrl';

/**
 * What can be wrong with a PMock API credential before any request leaves n8n, in the words
 * the node, the Test button and the docs all use. `checkedCredential` is the one check;
 * the node tells these problems apart from network errors (nothing was sent) by their text.
 */

/** Why PMock may refuse a signature, and what to check: said by the node and the Test button. */
export const KEYS_ADVICE =
	"(no spaces, both from the same pmock account) and that this machine's clock is right: the signature is only valid for the current minute.";

const EMPTY_KEYS =
	'The PMock API credential has an empty Access Key or Secret Key: open the credential and paste both keys from your pmock console';

const ACCESS_KEY_NOT_ASCII =
	'The Access Key of the PMock API credential contains a space, a line break or a character that is not plain ASCII: copy it again from your pmock console';

const UNUSABLE_BASE_URL = 'The Base URL in the PMock API credential is not usable';

export interface CheckedCredential {
	accessKey: string;
	secretKey: string;
	/** Normalized: parsed, no trailing slash, the default when empty. */
	baseURL: string;
}

/** The credential's keys and Base URL as requests use them, or an Error that says what to fix. */
export function checkedCredential(credentials: ICredentialDataDecryptedObject): CheckedCredential {
	const accessKey = String(credentials.accessKey ?? '').trim();
	const secretKey = String(credentials.secretKey ?? '').trim();
	if (!accessKey || !secretKey) throw new Error(EMPTY_KEYS);
	// The access key travels in HTTP headers, which carry visible ASCII only; anything else
	// (an accent, a space inside, a line break) is a paste mistake Node would reject anyway.
	if (!/^[\x21-\x7e]+$/.test(accessKey)) throw new Error(ACCESS_KEY_NOT_ASCII);
	const baseURL = normalizeBaseUrl(credentials.baseUrl);
	if (!baseURL) {
		throw new Error(
			`${UNUSABLE_BASE_URL}: "${showBaseUrl(credentials.baseUrl)}". Open the credential and enter an http(s) address without "?" or "#", such as ${DEFAULT_BASE_URL} (the default)`,
		);
	}
	return { accessKey, secretKey, baseURL };
}

/** Whether an error message is one of checkedCredential's: then nothing was sent. */
export const isCredentialProblem = (message: unknown): boolean =>
	typeof message === 'string' &&
	[EMPTY_KEYS, ACCESS_KEY_NOT_ASCII, UNUSABLE_BASE_URL].some((text) => message.startsWith(text));
