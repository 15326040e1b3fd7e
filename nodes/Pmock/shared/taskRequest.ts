import type {
	DeclarativeRestApiSettings,
	IDataObject,
	IExecutePaginationFunctions,
	IExecuteSingleFunctions,
	INodeExecutionData,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { isCredentialProblem } from '../../../credentials/pmockCredentialErrors';
import { FieldValueError } from './fieldValidators';
import { ledgerFor, type ItemError, type RunLedger, type SentOutcome } from './runLedger';

/**
 * The request of one item of an operation that starts a pmock task, from the checked body to
 * the output or error item. It is the routing's `operations.pagination` function: for a
 * routing with `send.paginate`, n8n's RoutingNode calls it in place of sending the request
 * itself, and it sends that one request with `makeRoutingRequest` (nothing paginates). That
 * keeps the node declarative (every field is a property with routing, n8n's engine sends and
 * signs) while this item's every outcome passes through one place, which:
 * - checks the body before anything is sent (`checkBody`);
 * - holds the request until the run could prepare all its items (see RunLedger);
 * - pairs every error item with its input item (RoutingNode's own error items are unpaired,
 *   which breaks `$('<input node>').item` on the error output);
 * - tells network errors that may have started a task from those that cannot have;
 * - records started tasks so that a run that stops lists them.
 */
export function taskRequest(checkBody: (body: IDataObject) => IDataObject) {
	return async function sendTaskRequest(
		this: IExecutePaginationFunctions,
		requestData: DeclarativeRestApiSettings.ResultOptions,
	): Promise<INodeExecutionData[]> {
		const itemIndex = this.getItemIndex();
		const ledger = ledgerFor(this, itemIndex);
		// Everything up to the first await runs inside RoutingNode's loop over the items.
		const refusal = refusalOf(this, () => {
			requestData.options.body = checkBody({ ...(requestData.options.body as IDataObject) });
		});
		ledger.enter(itemIndex, refusal !== undefined);
		const outcome = refusal ?? (await sendWhenAllowed(this, ledger, requestData));
		try {
			return Array.isArray(outcome) ? outcome : itemFailed(this, ledger, outcome);
		} finally {
			ledger.settle();
		}
	};
}

/**
 * Sends the item's request once the run allows it (see RunLedger.mayStart): the output items,
 * nothing when the run holds it back, or the item's error. On a retry of the run (Retry On
 * Fail), an item that an earlier try sent is not sent again (see SentItems).
 */
async function sendWhenAllowed(
	context: IExecutePaginationFunctions,
	ledger: RunLedger,
	requestData: DeclarativeRestApiSettings.ResultOptions,
): Promise<INodeExecutionData[] | ItemError> {
	const itemIndex = context.getItemIndex();
	const late = ledger.cameLate(itemIndex);
	if (late) return notPreparedAtOnce(context, late);
	const allowed = ledger.mayStart(itemIndex);
	const earlier = await ledger.sent.earlier(itemIndex);
	if (earlier) return sentBefore(context, ledger, earlier);
	if (!(await allowed)) return [];
	const request = sendRequest(context, ledger, requestData);
	ledger.sent.track(itemIndex, request);
	return await request;
}

/** Sends the item's request and records a started task: the output items, or the item's error. */
async function sendRequest(
	context: IExecutePaginationFunctions,
	ledger: RunLedger,
	requestData: DeclarativeRestApiSettings.ResultOptions,
): Promise<INodeExecutionData[] | ItemError> {
	const itemIndex = context.getItemIndex();
	try {
		const output = await context.makeRoutingRequest(requestData);
		ledger.markSent();
		ledger.recordStart(itemIndex, String(output[0]?.json.taskId));
		return output;
	} catch (error) {
		const { itemError, reachedPmock } = requestFailure(context, error);
		if (reachedPmock) ledger.markSent();
		return itemError;
	}
}

/**
 * An item that an earlier try of this run sent: the output of the task it started (the same
 * items, paired alike), or, when that try failed after its request may have reached PMock
 * (a server error, a timeout, a dropped connection), an error instead of a second request:
 * a second task would be billed too, and only the pmock console can tell whether one started.
 */
function sentBefore(
	context: IExecuteSingleFunctions,
	ledger: RunLedger,
	earlier: SentOutcome,
): INodeExecutionData[] | ItemError {
	const itemIndex = context.getItemIndex();
	ledger.markSent();
	if ('output' in earlier) {
		ledger.recordStart(itemIndex, String(earlier.output[0]?.json.taskId));
		return earlier.output.map((item) => ({ ...item, json: { ...item.json } }));
	}
	const { message, description, traceId } = earlier.mayHaveStarted;
	const again = `Retry On Fail did not send item ${itemIndex + 1} again: PMock may have started a task for it on an earlier try, and a second request could start (and bill) another one.`;
	const error = new NodeOperationError(context.getNode(), message, {
		itemIndex,
		description: [description, again].filter(Boolean).join(' '),
	});
	error.context.taskMayHaveStarted = true;
	if (traceId) error.context.traceId = traceId;
	return error as ItemError;
}

/**
 * The error of an item that n8n prepared after the ledger held back the items before it (see
 * RunLedger.cameLate): nothing of its batch was sent, and the run must not end as a success
 * without them. `named` names the items, e.g. "items 1–3".
 */
function notPreparedAtOnce(context: IExecuteSingleFunctions, named: string): ItemError {
	const error = new NodeOperationError(
		context.getNode(),
		'Items of this run were not sent to PMock: n8n prepared them one at a time',
		{
			itemIndex: context.getItemIndex(),
			description: `Nothing was sent to PMock for ${named}. The PMock node sends the items of a run (or of a batch) only once n8n has prepared them all, so that nothing is sent when an expression fails on a later item, and this n8n version prepared them one at a time. In the node's Settings, add Request Options → Batching with 1 item per batch (any batch interval, e.g. 1 ms): each item is then sent as soon as it is prepared.`,
		},
	);
	error.context.taskMayHaveStarted = false;
	return error as ItemError;
}

/**
 * With On Error → Continue, an error item paired with its input item; otherwise the run stops.
 * The item has n8n's own shape, `json` empty beside `error`: n8n shows and passes it on as
 * `{ error: <message> }` (WorkflowExecute replaces the json of every item with an `error`),
 * and only after it has decided on Retry On Fail, which re-runs every item of the node when
 * the first item's json has an `error` key.
 */
function itemFailed(context: IExecuteSingleFunctions, ledger: RunLedger, itemError: ItemError): INodeExecutionData[] {
	if (context.continueOnFail()) {
		return [{ json: {}, error: itemError as NodeApiError, pairedItem: { item: context.getItemIndex() } }];
	}
	ledger.recordFailure(context.getItemIndex(), itemError);
	throw itemError;
}

/** The item's body check: undefined when it passes, the error that refuses the item otherwise. */
function refusalOf(context: IExecuteSingleFunctions, checkBody: () => void): ItemError | undefined {
	const itemIndex = context.getItemIndex();
	try {
		checkBody();
		return undefined;
	} catch (error) {
		const refusal =
			error instanceof FieldValueError
				? new NodeOperationError(context.getNode(), `${error.field} ${error.problem}`, {
						itemIndex,
						description: `Allowed: ${error.allowed}. Nothing was sent to PMock for item ${itemIndex + 1}.`,
					})
				: new NodeOperationError(context.getNode(), error as Error, {
						itemIndex,
						description: `Nothing was sent to PMock for item ${itemIndex + 1}.`,
					});
		refusal.context.taskMayHaveStarted = false;
		return refusal;
	}
}

/**
 * Network errors that happen before a request reaches anyone: nothing was sent. Every other
 * failure without an answer (reset, timeout, an answer cut off) may come after PMock received
 * the request and started a task.
 */
const NOT_REACHED = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH', 'EAI_FAIL']);

/** Any failure of the request as the item's error, marked with whether a task may have started. */
function requestFailure(
	context: IExecuteSingleFunctions,
	error: unknown,
): { itemError: ItemError; reachedPmock: boolean } {
	const itemIndex = context.getItemIndex();
	const known = error as Partial<ItemError> & { httpCode?: string | null };
	// Our own reading of what PMock answered (responseEnvelope.ts) says whether a task may have started.
	if (error instanceof NodeApiError && typeof error.context.taskMayHaveStarted === 'boolean') {
		return { itemError: error as ItemError, reachedPmock: true };
	}
	// The credential refused to sign (empty keys, an unusable Base URL): nothing left n8n.
	if (isCredentialProblem(known.message)) {
		const refused =
			error instanceof NodeApiError ? error : new NodeApiError(context.getNode(), error as JsonObject, { itemIndex });
		refused.context.taskMayHaveStarted = false;
		return { itemError: refused as ItemError, reachedPmock: false };
	}
	// A network error, in n8n's words (its message and code), without the request it wraps.
	const code = typeof known.httpCode === 'string' ? known.httpCode : null;
	const reached = !(code && NOT_REACHED.has(code));
	const advice = reached
		? `PMock may have received this item's request and started a task (billed) before the connection failed: check your pmock console before running item ${itemIndex + 1} again.`
		: `The request did not reach PMock, so no task was started for item ${itemIndex + 1}: check the Base URL in the PMock API credential and this machine's network.`;
	const message = known.message ?? 'The request to PMock failed';
	const networkError = new NodeApiError(
		context.getNode(),
		{ message, ...(code ? { code } : {}) },
		{
			message,
			description: [known.description, advice].filter(Boolean).join(' '),
			httpCode: code ?? undefined,
			itemIndex,
		},
	);
	networkError.context.taskMayHaveStarted = reached;
	return { itemError: networkError as ItemError, reachedPmock: reached };
}
