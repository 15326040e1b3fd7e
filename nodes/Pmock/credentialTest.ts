import type { ICredentialsDecrypted, ICredentialTestFunctions, INodeCredentialTestResult } from 'n8n-workflow';

import { basicAuthOf, showBaseUrl } from '../../credentials/pmockBaseUrl';
import { checkedCredential, credentialSecrets } from '../../credentials/pmockCredentialErrors';
import { pmockAuthHeaders } from '../../credentials/pmockSignature';
import { generateSoraStyles } from './operations/video/generateSoraStyles';
import { ruleFor, type AnswerClass, type AnswerWords } from './shared/answerPolicy';
import {
	apiSays,
	envelopeCode,
	envelopeText,
	parseEnvelope,
	redirectTarget,
	shownCode,
} from './shared/responseEnvelope';
import { excerptOf } from './shared/serverText';

/**
 * The credential dialog's Test button (wired up with `testedBy`). It sends a signed
 * `POST /ai/sa/video/generate/v2` (Generate (Sora 2)'s endpoint) with an empty JSON body: the API checks the signature
 * first and then refuses the body, so no video is made and no credit is spent.
 *
 * It says "accepted" only for an answer in pmock's envelope (JSON with a numeric `code`) that
 * the node would also read as the keys passing (answerPolicy.ts, the same rules as the node);
 * anything else is named for what it is: a page that is not pmock's, pmock failing, a
 * redirect (never followed), no answer. A method rather than a declarative `test`, whose
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
	const code = envelopeCode(envelope);
	const rule = ruleFor(answer.status, code);
	const words: AnswerWords = {
		status: answer.status,
		code,
		isJsonObject: envelope !== undefined,
		shownCode: shownCode(envelope, secrets),
		says: envelopeText(envelope?.message, secrets),
		apiSays: apiSays(envelope, secrets),
		excerpt: excerptOf(
			answer.text,
			answer.readInPart ? `more than ${READ_MAX_BYTES.toLocaleString('en-US')}` : undefined,
			secrets,
		),
		target: redirectTarget(answer.location, baseUrl),
		shownBase: showBaseUrl(baseUrl),
		contentType: answer.contentType,
	};
	return { answerClass: rule.answerClass, verdict: rule.test(words) };
}

/**
 * The URL to fetch and its Basic authorization: `fetch` refuses a URL with a user name or
 * password in it, while the node's requests (axios) send them as `Authorization: Basic`, which
 * a gateway in front of pmock may need. The Test does the same.
 */
function withoutUserInfo(url: string): { url: string; authorization?: string } {
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
	const { url, authorization } = withoutUserInfo(`${checked.baseURL}${generateSoraStyles.path}`);
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
