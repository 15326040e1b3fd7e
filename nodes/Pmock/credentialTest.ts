import type { ICredentialsDecrypted, ICredentialTestFunctions, INodeCredentialTestResult } from 'n8n-workflow';

import { basicAuthOf, showBaseUrl } from '../../credentials/pmockBaseUrl';
import { checkedCredential, credentialSecrets } from '../../credentials/pmockCredentialErrors';
import { pmockAuthHeaders } from '../../credentials/pmockSignature';
import { ruleFor, type AnswerClass } from './shared/answerPolicy';
import { answerWords, envelopeCode, parseEnvelope } from './shared/responseEnvelope';

/**
 * The credential dialog's Test button (`testedBy`): a signed POST of an empty JSON body to
 * TEST_PATH. The API checks the signature first and then refuses the body, so nothing is made
 * and no credit is spent. "Accepted" only for an answer the node would also read as the keys
 * passing (answerPolicy.ts). A method, not a declarative `test` (one status or field, one
 * message); the runtime's `fetch` (n8n hands a test only its deprecated `request`) refuses
 * redirects and reads no more than the excerpt needs.
 */

/** The path the Test posts to: Generate (Sora 2)'s endpoint, which refuses an empty body. */
export const TEST_PATH = '/ai/sa/video/generate/v2';

/** How long the Test waits for PMock, in milliseconds. */
export const TEST_TIMEOUT_MS = 20_000;

/** The most of an answer the Test reads: enough for an envelope or an excerpt. */
const READ_MAX_BYTES = 64 * 1024;

/** The answer's status, content type and first bytes. */
export interface Answer {
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

/**
 * The Test's verdict on an answer, by the same rule the node applies to it (answerPolicy.ts).
 * `secrets` are masked wherever server text is shown (an echoing gateway sends them back).
 */
export function judgeAnswer(answer: Answer, baseUrl: string, secrets: readonly string[]): Judgement {
	const envelope = parseEnvelope(answer.text);
	const rule = ruleFor(answer.status, envelopeCode(envelope));
	const knownLength = answer.readInPart ? `more than ${READ_MAX_BYTES.toLocaleString('en-US')}` : undefined;
	const words = answerWords({ ...answer, body: answer.text, knownLength }, envelope, baseUrl, secrets);
	return { answerClass: rule.answerClass, verdict: rule.test(words) };
}

/** The URL to fetch (which refuses user info) and the Basic authorization the node's requests send for it. */
function fetchTarget(url: string): { url: string; authorization?: string } {
	const parsed = new URL(url);
	const basic = basicAuthOf(parsed);
	if (!basic) return { url };
	parsed.username = '';
	parsed.password = '';
	return { url: parsed.href, authorization: `Basic ${basic.encoded}` };
}

/** Why fetch failed, in a word: a system error code, or the error's name. */
function failureCode(error: unknown): string {
	const { cause, name } = error as { cause?: { code?: unknown }; name?: unknown };
	if (typeof cause?.code === 'string') return cause.code;
	// An AbortSignal timeout rejects with a DOMException named TimeoutError.
	return typeof name === 'string' ? name : 'unknown error';
}

/** What the Test found: its verdict and, when an answer came, the rule of answerPolicy.ts it fell under. */
export interface Judgement {
	verdict: INodeCredentialTestResult;
	answerClass?: AnswerClass;
}

/** The Test: the credential check, one signed request, and the verdict on its answer. */
export async function judgeCredential(credential: ICredentialsDecrypted, timeoutMs: number): Promise<Judgement> {
	// The same check the node applies, with the same messages.
	let checked;
	try {
		checked = checkedCredential(credential.data ?? {});
	} catch (error) {
		// A PmockCredentialError, the only thing checkedCredential throws: its message says what to fix.
		return { verdict: { status: 'Error', message: (error as Error).message } };
	}
	const { url, authorization } = fetchTarget(`${checked.baseURL}${TEST_PATH}`);
	const signedHeaders = pmockAuthHeaders(checked.accessKey, checked.secretKey);
	const secrets = [
		...credentialSecrets(credential.data ?? {}),
		signedHeaders['pmock-access-token'],
		...(authorization ? [authorization.slice('Basic '.length)] : []),
	];
	let answer: Answer;
	try {
		const response = await fetch(url, {
			method: 'POST',
			headers: {
				Accept: 'application/json',
				'Content-Type': 'application/json',
				...(authorization ? { Authorization: authorization } : {}),
				...signedHeaders,
			},
			body: '{}',
			redirect: 'manual',
			signal: AbortSignal.timeout(timeoutMs),
		});
		answer = await readAnswer(response);
	} catch (error) {
		const code = failureCode(error);
		const shownBase = showBaseUrl(checked.baseURL);
		const message =
			code === 'TimeoutError'
				? `PMock at ${shownBase} did not answer within ${timeoutMs / 1000} seconds: check the Base URL and this machine's network`
				: `Cannot reach PMock at ${shownBase} (${code}): check the Base URL and this machine's network`;
		return { verdict: { status: 'Error', message } };
	}
	return judgeAnswer(answer, checked.baseURL, secrets);
}

/** The Test button with its own time limit; n8n calls `testPmockApiCredential` (20 seconds). */
export function credentialTestWithTimeout(timeoutMs: number) {
	return async function (
		this: ICredentialTestFunctions,
		credential: ICredentialsDecrypted,
	): Promise<INodeCredentialTestResult> {
		return (await judgeCredential(credential, timeoutMs)).verdict;
	};
}

export const testPmockApiCredential = credentialTestWithTimeout(TEST_TIMEOUT_MS);
