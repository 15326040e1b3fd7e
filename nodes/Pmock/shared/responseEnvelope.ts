import type { IExecuteSingleFunctions, IN8nHttpFullResponse, INodeExecutionData, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { DEFAULT_BASE_URL, normalizeBaseUrl } from '../../../credentials/pmockBaseUrl';
import { KEYS_ADVICE } from '../../../credentials/pmockCredentialErrors';
import { boundedAnswer } from './boundedAnswer';
import { cutText, excerptOf } from './serverText';

/**
 * The one place that knows pmock's response envelope,
 * `{ code, message, data: { taskId }, traceId }` with `code` 200 meaning success, and turns
 * every other answer into an error a person can act on. Requests are sent with
 * `ignoreHttpStatusErrors`, `disableFollowRedirect` and the body as text, so that this step
 * sees every status (redirects included) and the exact bytes, not n8n's generic HTTP error.
 */

export interface Envelope {
	code?: unknown;
	message?: unknown;
	data?: unknown;
	traceId?: unknown;
}

/**
 * Retry On Fail is never the first advice: n8n re-runs the whole node, so every item of the
 * run, the ones that had succeeded too, would be sent (and paid for) again.
 */
const RERUN_HINT =
	'With many items, use On Error → Continue (using error output) and re-run only the failed ones: Retry On Fail re-sends every item.';

/** n8n sends every item of a run at once unless the node's Request Options say otherwise. */
const BATCHING_HINT = `n8n sends all items of a run at once: in the node's Settings, add Request Options → Batching (for example 5 items per batch, 1000 ms batch interval) so that fewer requests go out at a time. ${RERUN_HINT}`;

/** pmock refused the item and said why; its message tells which of these applies. */
const REFUSED_HINT =
	"PMock did not start a task for this item. If its message names a field, fix that field (the node's field descriptions give the limits); if it is about your pmock account (balance, plan, permissions), fix that in your pmock account; then run this item again.";

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

/** A text field of the envelope, cut to a safe size; undefined when it is not text. */
export const envelopeText = (value: unknown): string | undefined =>
	typeof value === 'string' ? cutText(value) : undefined;

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
const shownCode = (envelope: Envelope) =>
	cutText(
		typeof envelope.code === 'string' ? envelope.code : (JSON.stringify(envelope.code) ?? String(envelope.code)),
		40,
	);

/** Whether status or code say that PMock refused the signature. */
export const keysRejected = (status: number, envelope: Envelope | undefined) =>
	[401, 403].includes(status) || [401, 403].includes(envelopeCode(envelope) ?? 0);

/** "PMock says: ..." plus the traceId that pmock's support asks for. */
export function apiSays(envelope: Envelope | undefined): string {
	const parts: string[] = [];
	const message = envelopeText(envelope?.message);
	const traceId = envelopeText(envelope?.traceId);
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
interface Failure {
	message: string;
	advice: string;
	/** Whether pmock may have started (and billed) a task for this item despite the error. */
	taskMayHaveStarted: boolean;
}

function fail(
	context: IExecuteSingleFunctions,
	status: number,
	envelope: Envelope | undefined,
	failure: Failure,
): never {
	const detail: JsonObject = { httpCode: status };
	if (envelope?.code !== undefined)
		detail.code = typeof envelope.code === 'number' ? envelope.code : shownCode(envelope);
	const message = envelopeText(envelope?.message);
	const traceId = envelopeText(envelope?.traceId);
	if (message) detail.message = message;
	if (traceId) detail.traceId = traceId;
	// An error inside an HTTP 200 is reported with the envelope's code, as pmock's docs do.
	const httpOk = status >= 200 && status <= 299;
	const error = new NodeApiError(context.getNode(), detail, {
		message: failure.message,
		description: [apiSays(envelope), failure.advice].filter(Boolean).join(' '),
		httpCode: httpOk && envelope?.code !== undefined ? shownCode(envelope) : String(status),
		itemIndex: context.getItemIndex(),
	});
	error.context.taskMayHaveStarted = failure.taskMayHaveStarted;
	if (traceId) error.context.traceId = traceId;
	throw error;
}

/** Maps a pmock answer that is not a success to the error that says what to do. */
async function failForResponse(
	context: IExecuteSingleFunctions,
	response: IN8nHttpFullResponse,
	envelope: Envelope | undefined,
): Promise<never> {
	const status = response.statusCode;
	const code = envelopeCode(envelope);
	if (status >= 300 && status <= 399) {
		// A relative Location is resolved against the Base URL the request went to (read only
		// here: redirects are rare, and the credential is not needed otherwise).
		const base = normalizeBaseUrl((await context.getCredentials('pmockApi')).baseUrl);
		const target = redirectTarget(response.headers?.location, base);
		fail(context, status, envelope, {
			message: `PMock answered with a redirect (HTTP ${status}) ${target ? `to ${target}` : 'without a target'}`,
			advice: `The redirect was not followed: nothing was sent there, and PMock did not start a task for this item. If pmock has moved, set the Base URL in the PMock API credential to its new address (default ${DEFAULT_BASE_URL}).`,
			taskMayHaveStarted: false,
		});
	}
	if (keysRejected(status, envelope)) {
		const via = [401, 403].includes(status) ? `HTTP ${status}` : `code ${code}`;
		fail(context, status, envelope, {
			message: `PMock rejected the credentials (${via})`,
			advice: `Check the Access Key and Secret Key in the PMock API credential ${KEYS_ADVICE}`,
			taskMayHaveStarted: false,
		});
	}
	if (status === 429 || code === 429) {
		fail(context, status, envelope, {
			message: 'PMock rate limit reached (too many requests)',
			advice: BATCHING_HINT,
			taskMayHaveStarted: false,
		});
	}
	if (status >= 500 || (code !== undefined && code >= 500 && code <= 599)) {
		fail(context, status, envelope, {
			message: `PMock server error (${status >= 500 ? `HTTP ${status}` : `code ${code}`})`,
			advice: `${envelope ? '' : `Response: ${excerptOf(response.body)}. `}The problem is on PMock's side: try again later. PMock may or may not have started a task for this item: check your pmock console before running it again. ${RERUN_HINT}`,
			taskMayHaveStarted: true,
		});
	}
	if (!envelope || code === undefined) {
		// Not pmock's envelope: a gateway, a login page, another API behind a wrong Base URL.
		// After a success status nobody can say whether the request reached pmock behind it.
		const httpOk = status >= 200 && status <= 299;
		fail(context, status, undefined, {
			message: envelope
				? `PMock answered with JSON that is not pmock's answer (HTTP ${status}): it has no numeric "code"`
				: `PMock answered with something that is not JSON (HTTP ${status})`,
			advice: `Response: ${excerptOf(response.body)}. Check that the Base URL in the PMock API credential points at the pmock AI API (default ${DEFAULT_BASE_URL}).${httpOk ? ' If it does, PMock may have started a task for this item: check your pmock console before running it again.' : ''}`,
			taskMayHaveStarted: httpOk,
		});
	}
	const says = envelopeText(envelope.message);
	if (status < 200 || status > 299) {
		fail(context, status, envelope, {
			message: `PMock refused the request (HTTP ${status})${says ? `: ${says}` : ''}`,
			advice: REFUSED_HINT,
			taskMayHaveStarted: false,
		});
	}
	fail(context, status, envelope, {
		message: `PMock returned error code ${shownCode(envelope)}${says ? `: ${says}` : ''}`,
		advice: REFUSED_HINT,
		taskMayHaveStarted: false,
	});
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
