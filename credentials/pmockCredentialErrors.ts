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

const OTHER_ORIGIN = "The PMock API credential signs only requests to its Base URL's origin";

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

/**
 * The Error for a request the credential will not sign (an HTTP Request node pointed at
 * another host): a signature there could be replayed at pmock for about two minutes.
 * `signsFor` and `goingTo` are origins only (no user info, path or query).
 */
export function otherOriginError(signsFor: string, goingTo: string, baseURL: string): Error {
	return new Error(
		`${OTHER_ORIGIN} (${signsFor}), and this request was going to ${goingTo}: nothing was sent. To call pmock, use a URL that starts with ${showBaseUrl(baseURL)}; to call another service, use that service's credential; if pmock is reached at ${goingTo}, change the Base URL in the PMock API credential`,
	);
}

/** Whether an error message is one of checkedCredential's or otherOriginError's: then nothing was sent. */
export const isCredentialProblem = (message: unknown): boolean =>
	typeof message === 'string' &&
	[EMPTY_KEYS, ACCESS_KEY_NOT_ASCII, UNUSABLE_BASE_URL, OTHER_ORIGIN].some((text) => message.startsWith(text));
