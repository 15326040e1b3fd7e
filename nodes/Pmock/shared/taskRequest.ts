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
import { networkFailure } from './answerPolicy';
import { boundRequest } from './boundedAnswer';
import { cancelWatchFor, type CancelWatch } from './cancelledRun';
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
 * - records started tasks so that a run that stops lists them, also when n8n stops it
 *   (cancelledRun.ts): then nothing more is sent.
 */
/**
 * An operation's body check: the body the fields assembled, checked and typed as the API wants
 * it; `parameter` reads one of the item's node parameters that is not sent (e.g. the binary
 * field an image goes to), so that it too is checked before anything is sent.
 */
export type CheckBody = (body: IDataObject, parameter: (name: string) => unknown) => IDataObject;

export function taskRequest(checkBody: CheckBody) {
	return async function sendTaskRequest(
		this: IExecutePaginationFunctions,
		requestData: DeclarativeRestApiSettings.ResultOptions,
	): Promise<INodeExecutionData[]> {
		const itemIndex = this.getItemIndex();
		const ledger = ledgerFor(this, itemIndex);
		const watch = cancelWatchFor(this, ledger);
		// Everything up to the first await runs inside RoutingNode's loop over the items.
		const refusal = refusalOf(this, () => {
			const parameter = (name: string): unknown => this.getNodeParameter(name, undefined);
			requestData.options.body = checkBody({ ...(requestData.options.body as IDataObject) }, parameter);
		});
		ledger.enter(itemIndex, refusal !== undefined);
		const outcome = refusal ?? (await sendWhenAllowed(this, ledger, watch, requestData));
		try {
			return Array.isArray(outcome) ? outcome : itemFailed(this, ledger, outcome);
		} finally {
			ledger.settle();
			watch.itemSettled();
		}
	};
}

/**
 * What an item's output started, as a stopped run's report names it: the taskId, or for an
 * answer that is the result itself (GPT Image 2's image) the file it gave.
 */
function startedAs(output: INodeExecutionData[]): string {
	const json = output[0]?.json ?? {};
	if (json.taskId !== undefined) return String(json.taskId);
	return typeof json.fileName === 'string' ? `image ${json.fileName}` : 'finished';
}

/**
 * Sends the item's request once the run allows it (see RunLedger.mayStart): the output items,
 * nothing when the run holds it back or n8n has stopped the execution, or the item's error. On
 * a retry of the run (Retry On Fail), an item that an earlier try sent is not sent again (see
 * SentItems).
 */
async function sendWhenAllowed(
	context: IExecutePaginationFunctions,
	ledger: RunLedger,
	watch: CancelWatch,
	requestData: DeclarativeRestApiSettings.ResultOptions,
): Promise<INodeExecutionData[] | ItemError> {
	const itemIndex = context.getItemIndex();
	const late = ledger.cameLate(itemIndex);
	if (late) return notPreparedAtOnce(context, late);
	const allowed = ledger.mayStart(itemIndex);
	const earlier = await ledger.sent.earlier(itemIndex);
	if (earlier) return sentBefore(context, ledger, earlier);
	if (!(await allowed) || watch.stopped) return [];
	const request = sendRequest(context, ledger, watch, requestData);
	ledger.sent.track(itemIndex, request);
	return await request;
}

/** Sends the item's request and records a started task: the output items, or the item's error. */
async function sendRequest(
	context: IExecutePaginationFunctions,
	ledger: RunLedger,
	watch: CancelWatch,
	requestData: DeclarativeRestApiSettings.ResultOptions,
): Promise<INodeExecutionData[] | ItemError> {
	const itemIndex = context.getItemIndex();
	try {
		watch.sending(itemIndex);
		// The Timeout and the cancel signal bound the whole request; a failure closes its connection.
		const bound = boundRequest(context, requestData.options);
		const output = await context.makeRoutingRequest(requestData).catch((error: unknown) => {
			bound.close();
			throw bound.failure(error);
		});
		ledger.markSent();
		ledger.recordStart(itemIndex, startedAs(output));
		watch.answered(itemIndex, false);
		return output;
	} catch (error) {
		const { itemError, reachedPmock } = requestFailure(context, error);
		if (reachedPmock) ledger.markSent();
		watch.answered(itemIndex, reachedPmock && itemError.context.taskMayHaveStarted !== false);
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
		ledger.recordStart(itemIndex, startedAs(earlier.output));
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
	// n8n wraps what `authenticate` throws in a NodeApiError; isCredentialProblem looks inside.
	if (isCredentialProblem(error)) {
		const refused =
			error instanceof NodeApiError ? error : new NodeApiError(context.getNode(), error as JsonObject, { itemIndex });
		refused.context.taskMayHaveStarted = false;
		return { itemError: refused as ItemError, reachedPmock: false };
	}
	// n8n itself refused to send it (n8n 2.41's Allowed HTTP Request Domains: "Domain not
	// allowed…"): its own error class, no network code. Its message says what to change.
	const code = typeof known.httpCode === 'string' ? known.httpCode : null;
	if (code === null && refusedByN8n(error)) {
		const refused =
			error instanceof NodeApiError || error instanceof NodeOperationError
				? error
				: new NodeOperationError(context.getNode(), error as Error, { itemIndex });
		refused.description = [
			known.description,
			`n8n did not send this request, so no task was started for item ${itemIndex + 1}.`,
		]
			.filter(Boolean)
			.join(' ');
		refused.context.taskMayHaveStarted = false;
		return { itemError: refused as ItemError, reachedPmock: false };
	}
	// A network error, without the request it wraps: n8n's words when nothing was sent, ours
	// (a task may have started) when something may have been (answerPolicy.ts).
	const failure = networkFailure(code, itemIndex, (error as { answerBegun?: unknown }).answerBegun === true);
	const n8nMessage = known.message ?? 'The request to PMock failed';
	const networkError = new NodeApiError(
		context.getNode(),
		{ message: n8nMessage, ...(code ? { code } : {}) },
		{
			message: n8nMessage,
			description: [known.description, failure.advice].filter(Boolean).join(' '),
			httpCode: code ?? undefined,
			itemIndex,
		},
	);
	// Set after construction: NodeApiError replaces any message by its own words for the
	// network code ("You can retry the request immediately"), which is wrong for paid work.
	if (failure.message) networkError.message = failure.message;
	networkError.context.taskMayHaveStarted = failure.taskMayHaveStarted;
	return { itemError: networkError as ItemError, reachedPmock: failure.taskMayHaveStarted };
}

/** How n8n 2.41's credential domain check words its refusal (n8n-workflow's assertUrlAllowed). */
const DOMAIN_REFUSAL = /^Domain not allowed\b/;

/**
 * Whether n8n refused the request before sending it: one of n8n's own error classes
 * (NodeOperationError, UserError) or its domain check's words, in the error or what it
 * wraps (n8n 2.41 throws the check inside axios, which wraps it), rather than a network failure.
 */
function refusedByN8n(error: unknown): boolean {
	let current: unknown = error;
	for (let depth = 0; depth < 5 && current instanceof Error; depth++) {
		if (current instanceof NodeOperationError || ['NodeOperationError', 'UserError'].includes(current.name))
			return true;
		const { messages } = current as { messages?: unknown };
		const texts = [current.message, ...(Array.isArray(messages) ? messages : [])];
		if (texts.some((text) => typeof text === 'string' && DOMAIN_REFUSAL.test(text))) return true;
		current = (current as { cause?: unknown }).cause;
	}
	return false;
}
