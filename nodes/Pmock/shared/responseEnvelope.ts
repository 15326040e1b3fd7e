import type { IExecuteSingleFunctions, IN8nHttpFullResponse, INodeExecutionData, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { normalizeBaseUrl, showBaseUrl } from '../../../credentials/pmockBaseUrl';
import { credentialSecrets } from '../../../credentials/pmockCredentialErrors';
import { ruleFor, type AnswerWords } from './answerPolicy';
import { boundedAnswer } from './boundedAnswer';
import { cutText, excerptOf } from './serverText';

/**
 * The one place that knows pmock's response envelope,
 * `{ code, message, data: { taskId }, traceId }` with `code` 200 meaning success, and turns
 * every other answer into an error a person can act on (what each answer means, and its
 * words, is in answerPolicy.ts, which the credential's Test button reads too). Requests are
 * sent with `ignoreHttpStatusErrors`, `disableFollowRedirect` and the body as text, so that
 * this step sees every status (redirects included) and the exact bytes, not n8n's generic
 * HTTP error.
 */

export interface Envelope {
	code?: unknown;
	message?: unknown;
	data?: unknown;
	traceId?: unknown;
}

/**
 * A numeric taskId as the JSON text wrote it: `JSON.parse` would round one above 2^53
 * (12345678901234567890 → 12345678901234567000), so its digits are quoted before parsing.
 * Only a `"taskId":` key matches: inside a JSON string the quotes around it are escaped.
 */
const NUMERIC_TASK_ID = /("taskId"\s*:\s*)(-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)(?=\s*[,}])/g;

/** The answer's body as pmock's envelope, or undefined when it is not a JSON object. */
export function parseEnvelope(body: unknown): Envelope | undefined {
	if (body && typeof body === 'object' && !Buffer.isBuffer(body)) return body as Envelope;
	const text = Buffer.isBuffer(body) ? body.toString('utf8') : body;
	if (typeof text !== 'string' || text.trim() === '') return undefined;
	try {
		const parsed: unknown = JSON.parse(text.replace(NUMERIC_TASK_ID, '$1"$2"'));
		return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Envelope) : undefined;
	} catch {
		return undefined;
	}
}

/** A text field of the envelope, masked and cut to a safe size; undefined when it is not text. */
export const envelopeText = (value: unknown, secrets: readonly string[] = []): string | undefined =>
	typeof value === 'string' ? cutText(value, undefined, secrets) : undefined;

/**
 * The envelope's `code` as a number: pmock sends an int, and "401" is read too. Undefined for
 * anything else (no code, null, a boolean, an object, text that is not a number): then the
 * answer is not pmock's envelope.
 */
export const envelopeCode = (envelope: Envelope | undefined): number | undefined => {
	const raw = envelope?.code;
	const code = typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : NaN;
	return Number.isFinite(code) ? code : undefined;
};

/** The envelope's `code` as error messages show it, cut like all server text (it may be anything). */
export const shownCode = (envelope: Envelope | undefined, secrets: readonly string[] = []) =>
	cutText(
		typeof envelope?.code === 'string' ? envelope.code : (JSON.stringify(envelope?.code) ?? String(envelope?.code)),
		40,
		secrets,
	);

/** "PMock says: ..." plus the traceId that pmock's support asks for. */
export function apiSays(envelope: Envelope | undefined, secrets: readonly string[] = []): string {
	const parts: string[] = [];
	const message = envelopeText(envelope?.message, secrets);
	const traceId = envelopeText(envelope?.traceId, secrets);
	if (message) parts.push(`PMock says: "${message}".`);
	if (traceId) parts.push(`traceId: ${traceId}.`);
	return parts.join(' ');
}

/**
 * Where a redirect points, as messages show it: the origin only (a path or query may carry
 * tokens, a user:password@ part is dropped), or undefined without a usable Location.
 */
export function redirectTarget(location: unknown, requestUrl: string | undefined): string | undefined {
	if (typeof location !== 'string' || location.trim() === '') return undefined;
	try {
		const { origin } = new URL(location.trim(), requestUrl);
		return origin === 'null' ? undefined : origin;
	} catch {
		return undefined;
	}
}

/** What the item's error says besides its message; `taskMayHaveStarted` also goes to the error output. */
export interface Failure {
	message: string;
	advice: string;
	/** Whether pmock may have started (and billed) a task for this item despite the error. */
	taskMayHaveStarted: boolean;
}

export function fail(
	context: IExecuteSingleFunctions,
	status: number,
	envelope: Envelope | undefined,
	failure: Failure,
	secrets: readonly string[] = [],
): never {
	const detail: JsonObject = { httpCode: status };
	if (envelope?.code !== undefined)
		detail.code = typeof envelope.code === 'number' ? envelope.code : shownCode(envelope, secrets);
	const message = envelopeText(envelope?.message, secrets);
	const traceId = envelopeText(envelope?.traceId, secrets);
	if (message) detail.message = message;
	if (traceId) detail.traceId = traceId;
	// An error inside an HTTP 200 is reported with the envelope's code, as pmock's docs do.
	const httpOk = status >= 200 && status <= 299;
	const error = new NodeApiError(context.getNode(), detail, {
		message: failure.message,
		description: [apiSays(envelope, secrets), failure.advice].filter(Boolean).join(' '),
		httpCode: httpOk && envelope?.code !== undefined ? shownCode(envelope, secrets) : String(status),
		itemIndex: context.getItemIndex(),
	});
	error.context.taskMayHaveStarted = failure.taskMayHaveStarted;
	if (traceId) error.context.traceId = traceId;
	throw error;
}

/**
 * Maps a pmock answer that is not a success to the error that says what to do, by the rule
 * of answerPolicy.ts it falls under. Server text in it is masked with the credential's own
 * secrets too (a gateway may echo the request), and a relative Location is resolved against
 * the Base URL the request went to.
 */
export async function failForResponse(
	context: IExecuteSingleFunctions,
	response: IN8nHttpFullResponse,
	envelope: Envelope | undefined,
): Promise<never> {
	const status = response.statusCode;
	const code = envelopeCode(envelope);
	const rule = ruleFor(status, code);
	const credentials = await context.getCredentials('pmockApi');
	const base = normalizeBaseUrl(credentials.baseUrl);
	const secrets = credentialSecrets(credentials);
	const contentType = response.headers?.['content-type'];
	const words: AnswerWords = {
		status,
		code,
		isJsonObject: envelope !== undefined,
		shownCode: shownCode(envelope, secrets),
		says: envelopeText(envelope?.message, secrets),
		apiSays: apiSays(envelope, secrets),
		excerpt: excerptOf(response.body, undefined, secrets),
		target: redirectTarget(response.headers?.location, base),
		shownBase: showBaseUrl(base ?? credentials.baseUrl),
		contentType: typeof contentType === 'string' ? contentType : 'no content type',
	};
	// ruleFor never answers 'success' here (outputTaskId only calls this without one), but a
	// rule without words for the node still fails the item rather than pass an answer on.
	const failure = rule.node?.(words) ?? {
		message: `PMock answered HTTP ${status} with code ${words.shownCode}`,
		advice: '',
	};
	// An answer that is not pmock's envelope has no code, message or traceId to report; a 5xx
	// or a 429 in JSON without a numeric code may still say why.
	const notPmock = rule.answerClass === 'notPmock' || rule.answerClass === 'notPmockAfterSuccess';
	const reported = notPmock ? undefined : envelope;
	fail(context, status, reported, { ...failure, taskMayHaveStarted: rule.taskMayHaveStarted }, secrets);
}

/** Longest taskId we accept: pmock's are short ids; anything longer is not one. */
export const TASK_ID_MAX = 1000;

/**
 * Routing `postReceive` step for operations that start a task: one output item per input
 * item, paired with it, holding `taskId` (always a non-empty string) and the API's `traceId`
 * and `message`; nothing else of the answer is copied.
 */
export async function outputTaskId(
	this: IExecuteSingleFunctions,
	_items: INodeExecutionData[],
	streamed: IN8nHttpFullResponse,
): Promise<INodeExecutionData[]> {
	const response = await boundedAnswer(this, streamed);
	const status = response.statusCode;
	const envelope = parseEnvelope(response.body);
	const success = status >= 200 && status <= 299 && envelope !== undefined && envelopeCode(envelope) === 200;
	if (!success) return await failForResponse(this, response, envelope);

	const data = envelope.data && typeof envelope.data === 'object' ? (envelope.data as { taskId?: unknown }) : {};
	const taskId = typeof data.taskId === 'number' ? String(data.taskId) : data.taskId;
	if (typeof taskId !== 'string' || taskId.trim() === '') {
		fail(this, status, envelope, {
			message: 'PMock reported success but sent no taskId',
			advice: 'The task may or may not have started: check your pmock console before running this item again.',
			taskMayHaveStarted: true,
		});
	}
	if (taskId.length > TASK_ID_MAX) {
		fail(this, status, envelope, {
			message: `PMock reported success but sent a taskId of ${taskId.length.toLocaleString('en-US')} characters`,
			advice: `That is not a task ID (it starts "${cutText(taskId, 100)}"). The task may have started: check your pmock console before running this item again.`,
			taskMayHaveStarted: true,
		});
	}
	return [
		{
			json: {
				taskId,
				traceId: envelopeText(envelope.traceId) ?? null,
				message: envelopeText(envelope.message) ?? null,
			},
			pairedItem: { item: this.getItemIndex() },
		},
	];
}
