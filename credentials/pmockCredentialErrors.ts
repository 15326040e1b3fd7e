import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import { basicAuthOf, DEFAULT_BASE_URL, decodedUserInfo, normalizeBaseUrl, showBaseUrl } from './pmockBaseUrl';

/**
 * What can be wrong with a PMock API credential before any request leaves n8n, in the words
 * the node, the Test button and the docs all use. `checkedCredential` is the one check; it
 * throws a PmockCredentialError, which the node tells apart from network errors (nothing was
 * sent) by its class.
 */

/** Why PMock may refuse a signature, and what to check: said by the node and the Test button. */
export const KEYS_ADVICE =
	"(no spaces, both from the same pmock account) and that this machine's clock is right: the signature is only valid for the current minute.";

/**
 * How every credential problem's message begins: the last fallback of isCredentialProblem
 * reads it, so a new problem should start with one of these too.
 */
export const CREDENTIAL_PROBLEM_OPENINGS = [
	'The PMock API credential ',
	'The Access Key of the PMock API credential ',
	'The Base URL in the PMock API credential ',
] as const;

const EMPTY_KEYS =
	'The PMock API credential has an empty Access Key or Secret Key: open the credential and paste both keys from your pmock console';

const ACCESS_KEY_NOT_ASCII =
	'The Access Key of the PMock API credential contains a space, a line break or a character that is not plain ASCII: copy it again from your pmock console';

/** Marks a credential problem made by another copy of this module, where `instanceof` fails. */
const BRAND = 'pmockCredentialProblem';

/** The messages of the credential problems made in this process, newest last (the node looks one up right after). */
const madeMessages = new Set<string>();
const MADE_MESSAGES_KEPT = 100;

/**
 * A problem of the PMock API credential found before anything was sent: the credential refused
 * to sign. n8n wraps what `authenticate` throws, and 2.8 drops the `cause`
 * (docs/n8n-core-contracts.md), so isCredentialProblem also recognises its message.
 */
export class PmockCredentialError extends Error {
	readonly [BRAND] = true;

	constructor(message: string) {
		super(message);
		this.name = 'PmockCredentialError';
		madeMessages.delete(message);
		madeMessages.add(message);
		if (madeMessages.size > MADE_MESSAGES_KEPT) madeMessages.delete(madeMessages.values().next().value!);
	}
}

/** A credential problem with `message`, which should begin with one of CREDENTIAL_PROBLEM_OPENINGS. */
export const credentialProblem = (message: string): PmockCredentialError => new PmockCredentialError(message);

const isBranded = (value: unknown): boolean =>
	value instanceof PmockCredentialError ||
	(value instanceof Error && (value as unknown as Record<string, unknown>)[BRAND] === true);

/**
 * Whether `error` says the credential refused to sign (nothing was sent): it or what it wraps is
 * a PmockCredentialError, or, where the wrapper lost the cause, its message is one of theirs.
 */
export function isCredentialProblem(error: unknown): boolean {
	let current: unknown = error;
	for (let depth = 0; depth < 5 && current; depth++) {
		if (isBranded(current)) return true;
		current = (current as { cause?: unknown }).cause;
	}
	const { message, messages } = (error ?? {}) as { message?: unknown; messages?: unknown };
	const texts = [message, ...(Array.isArray(messages) ? (messages as unknown[]) : [])].filter(
		(text): text is string => typeof text === 'string',
	);
	return texts.some(
		(text) => madeMessages.has(text) || CREDENTIAL_PROBLEM_OPENINGS.some((opening) => text.startsWith(opening)),
	);
}

const OTHER_ORIGIN = "The PMock API credential signs only requests to its Base URL's origin";

export interface CheckedCredential {
	accessKey: string;
	secretKey: string;
	/** Normalized: parsed, no trailing slash, the default when empty. */
	baseURL: string;
}

/** The credential's keys and Base URL as requests use them; a PmockCredentialError says what to fix. */
export function checkedCredential(credentials: ICredentialDataDecryptedObject): CheckedCredential {
	const accessKey = String(credentials.accessKey ?? '').trim();
	const secretKey = String(credentials.secretKey ?? '').trim();
	if (!accessKey || !secretKey) throw credentialProblem(EMPTY_KEYS);
	// The access key travels in HTTP headers, which carry visible ASCII only; anything else
	// (an accent, a space inside, a line break) is a paste mistake Node would reject anyway.
	if (!/^[\x21-\x7e]+$/.test(accessKey)) throw credentialProblem(ACCESS_KEY_NOT_ASCII);
	const baseURL = normalizeBaseUrl(credentials.baseUrl);
	if (!baseURL) {
		throw credentialProblem(
			`The Base URL in the PMock API credential is not usable: "${showBaseUrl(credentials.baseUrl)}". Open the credential and enter an http(s) address without "?" or "#", such as ${DEFAULT_BASE_URL} (the default)`,
		);
	}
	return { accessKey, secretKey, baseURL };
}

/**
 * The Error for a request the credential will not sign (an HTTP Request node pointed at
 * another host): a signature there could be replayed at pmock for about two minutes.
 * `signsFor` and `goingTo` are origins only (no user info, path or query).
 */
export function otherOriginError(signsFor: string, goingTo: string, baseURL: string): PmockCredentialError {
	return credentialProblem(
		`${OTHER_ORIGIN} (${signsFor}), and this request was going to ${goingTo}: nothing was sent. To call pmock, use a URL that starts with ${showBaseUrl(baseURL)}; to call another service, use that service's credential; if pmock is reached at ${goingTo}, change the Base URL in the PMock API credential`,
	);
}

/**
 * The credential's values that no message may show, as a server could echo them: the secret
 * key, and the Base URL's password with the `user:password` pair and its Basic value (a
 * gateway in front of pmock may ask for them, and an echoing one sends them back).
 */
export function credentialSecrets(credentials: ICredentialDataDecryptedObject): string[] {
	const secrets = [String(credentials.secretKey ?? '').trim()];
	try {
		const url = new URL(String(credentials.baseUrl ?? '').trim());
		const basic = url.password ? basicAuthOf(url) : undefined;
		if (basic) secrets.push(url.password, decodedUserInfo(url.password), basic.pair, basic.encoded);
	} catch {
		// No usable URL, no password in it.
	}
	return secrets.filter(Boolean);
}
