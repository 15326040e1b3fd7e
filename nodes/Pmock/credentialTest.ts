import type { ICredentialsDecrypted, ICredentialTestFunctions, INodeCredentialTestResult } from 'n8n-workflow';

import { DEFAULT_BASE_URL, showBaseUrl } from '../../credentials/pmockBaseUrl';
import { checkedCredential, KEYS_ADVICE } from '../../credentials/pmockCredentialErrors';
import { pmockAuthHeaders } from '../../credentials/pmockSignature';
import { generateV2 } from './operations/video/generateV2';
import { apiSays, envelopeCode, keysRejected, parseEnvelope, redirectTarget } from './shared/responseEnvelope';
import { excerptOf } from './shared/serverText';

/**
 * The credential dialog's Test button (wired up with `testedBy`). It sends a signed
 * `POST /ai/sa/video/generate/v2` (Generate (Sora 2)'s endpoint) with an empty JSON body: the API checks the signature
 * first and then refuses the body, so no video is made and no credit is spent.
 *
 * It says "accepted" only for an answer in pmock's envelope (JSON with a `code`) that is not
 * 401/403; anything else is named for what it is: a page that is not pmock's, pmock failing,
 * a redirect (never followed), no answer. A method rather than a declarative `test`, whose
 * rules can only compare one status or one body field with a fixed message.
 *
 * It uses the runtime's `fetch`: n8n hands a credential test only its deprecated `request`
 * helper, and `fetch` lets the test refuse redirects and read no more of a huge answer than
 * the excerpt needs. Like the node, it goes straight to the Base URL (no HTTP_PROXY).
 */

/** How long the Test waits for PMock, in milliseconds. */
export const TEST_TIMEOUT_MS = 20_000;

/** The most of an answer the Test reads: enough for an envelope or an excerpt. */
const READ_MAX_BYTES = 64 * 1024;

/** The answer's status, content type and first bytes. */
interface Answer {
	status: number;
	contentType: string;
	location: string | null;
	text: string;
	/** Whether the answer went on beyond what was read. */
	readInPart: boolean;
}

async function readAnswer(response: Response): Promise<Answer> {
	const chunks: Uint8Array[] = [];
	let size = 0;
	let readInPart = false;
	if (response.body) {
		const reader = response.body.getReader();
		for (;;) {
			const { done, value } = await reader.read();
			if (done) break;
			chunks.push(value);
			size += value.byteLength;
			if (size >= READ_MAX_BYTES) {
				readInPart = true;
				break;
			}
		}
		await reader.cancel();
	}
	return {
		status: response.status,
		contentType: response.headers.get('content-type') ?? 'no content type',
		location: response.headers.get('location'),
		text: Buffer.concat(chunks).toString('utf8'),
		readInPart,
	};
}

const excerptOfAnswer = (answer: Answer) =>
	excerptOf(answer.text, answer.readInPart ? `more than ${READ_MAX_BYTES.toLocaleString('en-US')}` : undefined);

/** The Test's verdict on an answer. */
function verdictOn(answer: Answer, baseUrl: string): INodeCredentialTestResult {
	const shownBase = showBaseUrl(baseUrl);
	const { status } = answer;
	if (status >= 300 && status <= 399) {
		const target = redirectTarget(answer.location, baseUrl);
		return {
			status: 'Error',
			message: `${shownBase} redirects (HTTP ${status})${target ? ` to ${target}` : ''}: the Test did not follow it and sent nothing there. If pmock moved, enter the new address as the Base URL.`,
		};
	}
	const envelope = parseEnvelope(answer.text);
	const code = envelopeCode(envelope);
	if (keysRejected(status, envelope)) {
		const via = [401, 403].includes(status) ? `HTTP ${status}` : `code ${code}`;
		const says = apiSays(envelope);
		return {
			status: 'Error',
			message: `PMock rejected these keys (${via}): check the Access Key and the Secret Key ${KEYS_ADVICE}${says ? ` ${says}` : ''}`,
		};
	}
	if (status >= 500 || (code !== undefined && code >= 500)) {
		const via = status >= 500 ? `HTTP ${status}` : `code ${code}`;
		const says = code !== undefined ? apiSays(envelope) : `It answered "${excerptOfAnswer(answer)}".`;
		return {
			status: 'Error',
			message: `PMock is failing at ${shownBase} (${via}), so the keys could not be checked: try the Test again later.${says ? ` ${says}` : ''}`,
		};
	}
	if (status === 429 || code === 429) {
		const via = status === 429 ? 'HTTP 429' : 'code 429';
		return {
			status: 'Error',
			message: `PMock at ${shownBase} is limiting requests (${via}), so the keys could not be checked: try the Test again in a minute.`,
		};
	}
	if (code === undefined) {
		return {
			status: 'Error',
			message: `The Base URL does not look like the pmock API: ${shownBase} answered HTTP ${status} (${answer.contentType.slice(0, 80)}) with "${excerptOfAnswer(answer)}". Check the Base URL in the credential (the default is ${DEFAULT_BASE_URL}).`,
		};
	}
	return { status: 'OK', message: 'Connection successful: PMock accepted the keys' };
}

const decoded = (part: string) => {
	try {
		return decodeURIComponent(part);
	} catch {
		return part;
	}
};

/**
 * The URL to fetch and its Basic authorization: `fetch` refuses a URL with a user name or
 * password in it, while the node's requests (axios) send them as `Authorization: Basic`, which
 * a gateway in front of pmock may need. The Test does the same.
 */
function withoutUserInfo(url: string): { url: string; authorization?: string } {
	const parsed = new URL(url);
	if (!parsed.username && !parsed.password) return { url };
	const pair = `${decoded(parsed.username)}:${decoded(parsed.password)}`;
	parsed.username = '';
	parsed.password = '';
	return { url: parsed.href, authorization: `Basic ${Buffer.from(pair, 'utf8').toString('base64')}` };
}

/** Why fetch failed, in a word: a system error code, or the error's name. */
function failureCode(error: unknown): string {
	const { cause, name } = error as { cause?: { code?: unknown }; name?: unknown };
	if (typeof cause?.code === 'string') return cause.code;
	// An AbortSignal timeout rejects with a DOMException named TimeoutError.
	return typeof name === 'string' ? name : 'unknown error';
}

/** The Test button with its own time limit; n8n calls `testPmockApiCredential` (20 seconds). */
export function credentialTestWithTimeout(timeoutMs: number) {
	return async function (
		this: ICredentialTestFunctions,
		credential: ICredentialsDecrypted,
	): Promise<INodeCredentialTestResult> {
		// The same check the node applies, with the same messages.
		let checked;
		try {
			checked = checkedCredential(credential.data ?? {});
		} catch (error) {
			return { status: 'Error', message: (error as Error).message };
		}
		const { url, authorization } = withoutUserInfo(`${checked.baseURL}${generateV2.path}`);
		let answer: Answer;
		try {
			const response = await fetch(url, {
				method: 'POST',
				headers: {
					Accept: 'application/json',
					'Content-Type': 'application/json',
					...(authorization ? { Authorization: authorization } : {}),
					...pmockAuthHeaders(checked.accessKey, checked.secretKey),
				},
				body: '{}',
				redirect: 'manual',
				signal: AbortSignal.timeout(timeoutMs),
			});
			answer = await readAnswer(response);
		} catch (error) {
			const code = failureCode(error);
			const shownBase = showBaseUrl(checked.baseURL);
			return {
				status: 'Error',
				message:
					code === 'TimeoutError'
						? `PMock at ${shownBase} did not answer within ${timeoutMs / 1000} seconds: check the Base URL and this machine's network`
						: `Cannot reach PMock at ${shownBase} (${code}): check the Base URL and this machine's network`,
			};
		}
		return verdictOn(answer, checked.baseURL);
	};
}

export const testPmockApiCredential = credentialTestWithTimeout(TEST_TIMEOUT_MS);
