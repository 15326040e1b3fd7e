import type { IExecuteSingleFunctions, IN8nHttpFullResponse, INodeExecutionData, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { normalizeBaseUrl, showBaseUrl } from '../../../credentials/pmockBaseUrl';
import { credentialSecrets } from '../../../credentials/pmockCredentialErrors';
import {
	isSuccessStatus,
	mayHaveStarted,
	RERUN_HINT,
	ruleFor,
	type AnswerWords,
	type NodeFailure,
} from './answerPolicy';
import { boundedAnswer } from './boundedAnswer';
import { cutText, excerptOf } from './serverText';

/**
 * The one place that knows pmock's envelope, `{ code, message, data: { taskId }, traceId }`
 * (`code` 200 is success); every other answer becomes an error by answerPolicy.ts. Requests
 * ignore HTTP status errors and redirects, so this step sees every status and the exact bytes.
 */
export type Envelope = { code?: unknown; message?: unknown; data?: unknown; traceId?: unknown };

/** A numeric taskId as written: quoted before parsing, as `JSON.parse` rounds one above 2^53. */
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

/** A text field of the envelope, masked and cut; undefined when it is not text. */
export const envelopeText = (value: unknown, secrets: readonly string[] = []): string | undefined =>
	typeof value === 'string' ? cutText(value, undefined, secrets) : undefined;

/** The envelope's `code` as a number ("401" too); undefined when the answer is not pmock's envelope. */
export const envelopeCode = (envelope: Envelope | undefined): number | undefined => {
	const raw = envelope?.code;
	const code = typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : NaN;
	return Number.isFinite(code) ? code : undefined;
};

/** The envelope's `code` as messages show it, cut like all server text. */
const shownCode = (envelope: Envelope | undefined, secrets: readonly string[] = []) => {
	const code = envelope?.code;
	return cutText(typeof code === 'string' ? code : (JSON.stringify(code) ?? String(code)), 40, secrets);
};

/** "PMock says: ..." plus the traceId that pmock's support asks for. */
function apiSays(envelope: Envelope | undefined, secrets: readonly string[] = []): string {
	const message = envelopeText(envelope?.message, secrets);
	const traceId = envelopeText(envelope?.traceId, secrets);
	return [message && `PMock says: "${message}".`, traceId && `traceId: ${traceId}.`].filter(Boolean).join(' ');
}

/** Where a redirect points: the origin only (a path or query may carry tokens), or undefined. */
function redirectTarget(location: unknown, requestUrl: string | undefined): string | undefined {
	if (typeof location !== 'string' || location.trim() === '') return undefined;
	try {
		const { origin } = new URL(location.trim(), requestUrl);
		return origin === 'null' ? undefined : origin;
	} catch {
		return undefined;
	}
}

/** An answer as the node and the Test read it. `knownLength`: the whole body's length when only its start was read. */
interface AnswerSeen {
	status: number;
	body: unknown;
	contentType: unknown;
	location: unknown;
	knownLength?: string;
}

/** The one builder of AnswerWords, for the node and the Test; `secrets` are masked in every server text. */
export function answerWords(
	answer: AnswerSeen,
	envelope: Envelope | undefined,
	baseUrl: string,
	secrets: readonly string[],
): AnswerWords {
	return {
		status: answer.status,
		code: envelopeCode(envelope),
		isJsonObject: envelope !== undefined,
		shownCode: shownCode(envelope, secrets),
		says: envelopeText(envelope?.message, secrets),
		apiSays: apiSays(envelope, secrets),
		excerpt: excerptOf(answer.body, answer.knownLength, secrets),
		target: redirectTarget(answer.location, baseUrl),
		shownBase: showBaseUrl(baseUrl),
		contentType: typeof answer.contentType === 'string' ? answer.contentType : 'no content type',
	};
}

/** Throws the item's error; when a task may have started, its message says so (mayHaveStarted). */
export function fail(
	context: IExecuteSingleFunctions,
	status: number,
	envelope: Envelope | undefined,
	failure: NodeFailure & { taskMayHaveStarted: boolean },
	secrets: readonly string[] = [],
): never {
	const itemIndex = context.getItemIndex();
	const detail: JsonObject = { httpCode: status };
	if (envelope?.code !== undefined)
		detail.code = typeof envelope.code === 'number' ? envelope.code : shownCode(envelope, secrets);
	const message = envelopeText(envelope?.message, secrets);
	const traceId = envelopeText(envelope?.traceId, secrets);
	if (message) detail.message = message;
	if (traceId) detail.traceId = traceId;
	const error = new NodeApiError(context.getNode(), detail, {
		message: failure.taskMayHaveStarted ? mayHaveStarted(failure.message, `item ${itemIndex + 1}`) : failure.message,
		description: [apiSays(envelope, secrets), failure.advice].filter(Boolean).join(' '),
		// An error inside an HTTP 200 is reported with the envelope's code, as pmock's docs do.
		httpCode: isSuccessStatus(status) && envelope?.code !== undefined ? shownCode(envelope, secrets) : String(status),
		itemIndex,
	});
	error.context.taskMayHaveStarted = failure.taskMayHaveStarted;
	if (traceId) error.context.traceId = traceId;
	throw error;
}

/** An answer that is not a success, as the error its rule words (the credential's secrets masked too). */
export async function failForResponse(
	context: IExecuteSingleFunctions,
	response: IN8nHttpFullResponse,
	envelope: Envelope | undefined,
): Promise<never> {
	const status = response.statusCode;
	const rule = ruleFor(status, envelopeCode(envelope));
	const credentials = await context.getCredentials('pmockApi');
	const secrets = credentialSecrets(credentials);
	const { headers } = response;
	const seen = { status, body: response.body, contentType: headers?.['content-type'], location: headers?.location };
	const words = answerWords(seen, envelope, normalizeBaseUrl(credentials.baseUrl) ?? '', secrets);
	// Called only without a success; a rule without node words still fails the item.
	const failure = rule.node?.(words) ?? {
		message: `PMock answered HTTP ${status} with code ${words.shownCode}`,
		advice: '',
	};
	// An answer that is not pmock's envelope has no code, message or traceId to report.
	const notPmock = rule.answerClass === 'notPmock' || rule.answerClass === 'notPmockAfterSuccess';
	const facts = { ...failure, taskMayHaveStarted: rule.taskMayHaveStarted };
	fail(context, status, notPmock ? undefined : envelope, facts, secrets);
}

/** Longest taskId we accept: pmock's are short ids; anything longer is not one. */
const TASK_ID_MAX = 1000;

/** The `postReceive` step of every task operation: one paired item holding `taskId`, `traceId`, `message`. */
export async function outputTaskId(
	this: IExecuteSingleFunctions,
	_items: INodeExecutionData[],
	streamed: IN8nHttpFullResponse,
): Promise<INodeExecutionData[]> {
	const response = await boundedAnswer(this, streamed);
	const status = response.statusCode;
	const envelope = parseEnvelope(response.body);
	if (!isSuccessStatus(status) || envelope === undefined || envelopeCode(envelope) !== 200)
		return await failForResponse(this, response, envelope);

	const data = envelope.data && typeof envelope.data === 'object' ? (envelope.data as { taskId?: unknown }) : {};
	const taskId = typeof data.taskId === 'number' ? String(data.taskId) : data.taskId;
	if (typeof taskId !== 'string' || taskId.trim() === '') {
		fail(this, status, envelope, {
			message: 'PMock reported success but sent no taskId',
			advice: RERUN_HINT,
			taskMayHaveStarted: true,
		});
	}
	if (taskId.length > TASK_ID_MAX) {
		fail(this, status, envelope, {
			message: `PMock reported success but sent a taskId of ${taskId.length.toLocaleString('en-US')} characters`,
			advice: `That is not a task ID (it starts "${cutText(taskId, 100)}"). ${RERUN_HINT}`,
			taskMayHaveStarted: true,
		});
	}
	const traceId = envelopeText(envelope.traceId) ?? null;
	const message = envelopeText(envelope.message) ?? null;
	return [{ json: { taskId, traceId, message }, pairedItem: { item: this.getItemIndex() } }];
}
