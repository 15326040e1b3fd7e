import type {
	IDataObject,
	IExecuteSingleFunctions,
	IN8nHttpFullResponse,
	INodeExecutionData,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

/**
 * The one place that knows pmock's response envelope,
 * `{ code, message, data, traceId }` with `code` 200 meaning success, and turns every other
 * answer into an error a person can act on. Requests are sent with `ignoreHttpStatusErrors`
 * so that this step sees every status and body, not n8n's generic HTTP error.
 */

interface Envelope {
	code?: unknown;
	message?: unknown;
	data?: unknown;
	traceId?: unknown;
}

const CREDENTIAL_HINT =
	'Check the Access Key and Secret Key in the PMock API credential (no spaces, the pair from the same account) and that this machine\'s clock is right: the signature is only valid for the current minute.';

/**
 * Retry On Fail is never the first advice: n8n re-runs the whole node, so every item of the
 * run, the ones that had succeeded too, would be sent (and paid for) again.
 */
const RERUN_HINT =
	'With many items, use On Error → Continue and re-run only the failed ones: Retry On Fail re-sends every item.';

/** n8n sends every item of a run at once unless the node's Request Options say otherwise. */
const BATCHING_HINT = `n8n sends all items of a run at once: in the node's Settings, add Request Options → Batching (for example 5 items per batch, 1000 ms batch interval) so that fewer requests go out at a time. ${RERUN_HINT}`;

function parseBody(body: unknown): Envelope | undefined {
	if (body && typeof body === 'object' && !Buffer.isBuffer(body)) return body as Envelope;
	const text = Buffer.isBuffer(body) ? body.toString('utf8') : body;
	if (typeof text !== 'string' || text.trim() === '') return undefined;
	try {
		const parsed: unknown = JSON.parse(text);
		return parsed && typeof parsed === 'object' ? (parsed as Envelope) : undefined;
	} catch {
		return undefined;
	}
}

function excerpt(body: unknown): string {
	const text = Buffer.isBuffer(body) ? body.toString('utf8') : String(body ?? '');
	const oneLine = text.replace(/\s+/g, ' ').trim();
	if (!oneLine) return '(empty body)';
	return oneLine.length > 200 ? `${oneLine.slice(0, 200)}...` : oneLine;
}

const text = (value: unknown) => (typeof value === 'string' ? value : undefined);

/** "PMock says: ..." plus the traceId that pmock's support asks for. */
function apiSays(envelope: Envelope | undefined): string {
	const parts: string[] = [];
	const message = text(envelope?.message);
	const traceId = text(envelope?.traceId);
	if (message) parts.push(`PMock says: "${message}".`);
	if (traceId) parts.push(`traceId: ${traceId}.`);
	return parts.join(' ');
}

function fail(
	context: IExecuteSingleFunctions,
	status: number,
	envelope: Envelope | undefined,
	message: string,
	advice: string,
): never {
	const detail: JsonObject = { httpCode: status };
	if (envelope?.code !== undefined) detail.code = envelope.code as JsonObject['code'];
	if (text(envelope?.message)) detail.message = text(envelope?.message) as string;
	if (text(envelope?.traceId)) detail.traceId = text(envelope?.traceId) as string;
	// An error inside an HTTP 200 is reported with the envelope's code, as pmock's docs do.
	const httpOk = status >= 200 && status <= 299;
	throw new NodeApiError(context.getNode(), detail, {
		message,
		description: [apiSays(envelope), advice].filter(Boolean).join(' '),
		httpCode: httpOk && envelope?.code !== undefined ? String(envelope.code) : String(status),
		itemIndex: context.getItemIndex(),
	});
}

/** Maps a pmock answer that is not a success to the error that says what to do. */
function failForResponse(
	context: IExecuteSingleFunctions,
	status: number,
	envelope: Envelope | undefined,
	rawBody: unknown,
): never {
	const code = typeof envelope?.code === 'number' ? envelope.code : Number(envelope?.code);
	if (status === 401 || status === 403 || code === 401 || code === 403) {
		fail(context, status, envelope, `PMock rejected the credentials (${status === 401 || status === 403 ? `HTTP ${status}` : `code ${code}`})`, CREDENTIAL_HINT);
	}
	if (status === 429 || code === 429) {
		fail(context, status, envelope, 'PMock rate limit reached (too many requests)', BATCHING_HINT);
	}
	if (status >= 500) {
		fail(
			context,
			status,
			envelope,
			`PMock server error (HTTP ${status})`,
			`${envelope ? '' : `Response: ${excerpt(rawBody)}. `}The problem is on PMock's side: try again later. ${RERUN_HINT}`,
		);
	}
	if (!envelope) {
		fail(
			context,
			status,
			undefined,
			`PMock answered with something that is not JSON (HTTP ${status})`,
			`Response: ${excerpt(rawBody)}. Check that the Base URL in the PMock API credential points at the pmock AI API (default https://ai.pmock.com/api).`,
		);
	}
	if (status < 200 || status > 299) {
		fail(
			context,
			status,
			envelope,
			`PMock refused the request (HTTP ${status})${text(envelope.message) ? `: ${text(envelope.message)}` : ''}`,
			'Check the fields of this item against the limits in the node\'s field descriptions.',
		);
	}
	fail(
		context,
		status,
		envelope,
		`PMock returned error code ${String(envelope.code)}${text(envelope.message) ? `: ${text(envelope.message)}` : ''}`,
		'Check the fields of this item against the limits in the node\'s field descriptions.',
	);
}

/**
 * Routing `postReceive` step for operations that start a task: one output item per input
 * item with `taskId` at the top level, plus the API's `traceId` and `message`.
 */
export async function outputTaskId(
	this: IExecuteSingleFunctions,
	_items: INodeExecutionData[],
	response: IN8nHttpFullResponse,
): Promise<INodeExecutionData[]> {
	const status = response.statusCode;
	const envelope = parseBody(response.body);
	const success = status >= 200 && status <= 299 && envelope !== undefined && Number(envelope.code) === 200;
	if (!success) failForResponse(this, status, envelope, response.body);

	const data = (envelope.data && typeof envelope.data === 'object' ? envelope.data : {}) as IDataObject;
	const taskId = data.taskId;
	if (typeof taskId !== 'string' && typeof taskId !== 'number') {
		fail(
			this,
			status,
			envelope,
			'PMock reported success but sent no taskId',
			'The task may or may not have started: check your pmock console before running this item again.',
		);
	}
	return [
		{
			json: {
				...data,
				taskId: String(taskId),
				traceId: text(envelope.traceId) ?? null,
				message: text(envelope.message) ?? null,
			},
			pairedItem: { item: this.getItemIndex() },
		},
	];
}
