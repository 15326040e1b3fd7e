import type {
	DeclarativeRestApiSettings,
	IDataObject,
	IExecutePaginationFunctions,
	IExecuteSingleFunctions,
	INodeExecutionData,
	INodePropertyRouting,
	JsonObject,
	PostReceiveAction,
} from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { isCredentialProblem } from '../../../credentials/pmockCredentialErrors';
import { networkFailure } from './answerPolicy';
import { boundRequest } from './boundedAnswer';
import { cancelWatchFor, type CancelWatch } from './cancelledRun';
import { noteSettledForRetry, startedBeforeRetry } from './executionRetry';
import { isToolCall, toolCallFailed, toolRefusalMessage } from './aiTool';
import { FieldValueError } from './fieldValidators';
import { outputTaskId } from './responseEnvelope';
import { ledgerFor, type ItemError, type ItemOutcome, type RunLedger, type SentOutcome } from './runLedger';

/**
 * An operation's body check: the assembled body, checked and typed as the API wants it.
 * `parameter` reads a node parameter that is not sent (e.g. a binary field), to check it too.
 */
export type CheckBody = (body: IDataObject, parameter: (name: string) => unknown) => IDataObject;

/** POST to `url` the body the fields assembled, sent by `itemRequest`; `output` reads the answer. */
export const paidRequestRouting = (
	url: string,
	checkBody: CheckBody,
	output: PostReceiveAction,
): INodePropertyRouting => ({
	request: { method: 'POST', url },
	// No preSend: the only hook that hands a declarative node its request; nothing paginates.
	send: { paginate: true },
	operations: { pagination: itemRequest(checkBody) },
	output: { postReceive: [output] },
});

/** The routing of an operation whose answer is pmock's envelope with a taskId. */
export const startTaskRouting = (url: string, checkBody: CheckBody): INodePropertyRouting =>
	paidRequestRouting(url, checkBody, outputTaskId);

/**
 * One item's request: checks the body before anything is sent, waits until the run prepared
 * its batch (RunLedger), pairs every error with its item, says whether a task may have started.
 */
function itemRequest(checkBody: CheckBody) {
	return async function sendItemRequest(
		this: IExecutePaginationFunctions,
		requestData: DeclarativeRestApiSettings.ResultOptions,
	): Promise<INodeExecutionData[]> {
		const itemIndex = this.getItemIndex();
		const ledger = ledgerFor(this, itemIndex);
		const watch = cancelWatchFor(this, ledger);
		// Up to the first await this runs inside RoutingNode's loop (items-prepared-before-first-await).
		const refusal = refusalOf(this, () => {
			const parameter = (name: string): unknown => this.getNodeParameter(name, undefined);
			requestData.options.body = checkBody({ ...(requestData.options.body as IDataObject) }, parameter);
		});
		ledger.enter(itemIndex, refusal !== undefined);
		const outcome = refusal ?? (await sendWhenAllowed(this, ledger, watch, requestData));
		try {
			if (Array.isArray(outcome)) return outcome;
			return isToolCall(this) ? toolCallFailed(this, outcome) : itemFailed(this, ledger, outcome);
		} finally {
			ledger.settle();
			watch.itemSettled();
			noteSettledForRetry(this, ledger, outcome);
		}
	};
}

/** What an item's output started, for a stopped run's report: the taskId, or the image it gave. */
function startedAs(output: INodeExecutionData[]): string {
	const json = output[0]?.json ?? {};
	if (json.taskId !== undefined) return String(json.taskId);
	return typeof json.fileName === 'string' ? `image ${json.fileName}` : 'finished';
}

/** Sends the item's request once the run allows it; never again for an item an earlier try sent. */
async function sendWhenAllowed(
	context: IExecutePaginationFunctions,
	ledger: RunLedger,
	watch: CancelWatch,
	requestData: DeclarativeRestApiSettings.ResultOptions,
): Promise<ItemOutcome> {
	const itemIndex = context.getItemIndex();
	const late = ledger.cameLate(itemIndex);
	if (late) return notPreparedAtOnce(context, late);
	const allowed = ledger.mayStart(itemIndex);
	const earlier = await ledger.sent.earlier(itemIndex);
	if (earlier) return sentBefore(context, ledger, earlier);
	const startedBefore = startedBeforeRetry(context);
	if (startedBefore) return sentBefore(context, ledger, { output: startedBefore });
	if (!(await allowed) || watch.stopped) return [];
	const request = sendRequest(context, ledger, watch, requestData);
	ledger.sent.track(itemIndex, request);
	return await request;
}

async function sendRequest(
	context: IExecutePaginationFunctions,
	ledger: RunLedger,
	watch: CancelWatch,
	requestData: DeclarativeRestApiSettings.ResultOptions,
): Promise<ItemOutcome> {
	const itemIndex = context.getItemIndex();
	try {
		watch.sending(itemIndex);
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

/** An item an earlier try sent: its output again, or an error instead of a second (billed) request. */
function sentBefore(context: IExecuteSingleFunctions, ledger: RunLedger, earlier: SentOutcome): ItemOutcome {
	const itemIndex = context.getItemIndex();
	ledger.markSent();
	if ('output' in earlier) {
		ledger.recordStart(itemIndex, startedAs(earlier.output));
		return earlier.output.map((item) => ({ ...item, json: { ...item.json } }));
	}
	const { message, description, traceId } = earlier.mayHaveStarted;
	const again = `Retry On Fail did not send item ${itemIndex + 1} again: a second request could start (and bill) another task.`;
	const error = new NodeOperationError(context.getNode(), message, {
		itemIndex,
		description: [description, again].filter(Boolean).join(' '),
	});
	error.context.taskMayHaveStarted = true;
	if (traceId) error.context.traceId = traceId;
	return error as ItemError;
}

/** An item n8n prepared after its batch was held back (RunLedger.cameLate); `named`: e.g. "items 1–3". */
function notPreparedAtOnce(context: IExecuteSingleFunctions, named: string): ItemError {
	const message = 'Items of this run were not sent to PMock: n8n prepared them one at a time';
	const description = `Nothing was sent to PMock for ${named}. The PMock node sends the items of a run (or of a batch) only once n8n has prepared them all, so that nothing is sent when an expression fails on a later item, and this n8n version prepared them one at a time. In the node's Settings, add Request Options → Batching with 1 item per batch (any batch interval, e.g. 1 ms): each item is then sent as soon as it is prepared.`;
	const error = new NodeOperationError(context.getNode(), message, { itemIndex: context.getItemIndex(), description });
	error.context.taskMayHaveStarted = false;
	return error as ItemError;
}

/**
 * With On Error → Continue, the error as the item's `$json.error`, paired; otherwise the run
 * stops. Not n8n's `{ json: {}, error }`: Retry On Fail reads `json.error` (retry-reads-first-item-json-error).
 */
function itemFailed(context: IExecuteSingleFunctions, ledger: RunLedger, itemError: ItemError): INodeExecutionData[] {
	const itemIndex = context.getItemIndex();
	if (!context.continueOnFail()) {
		ledger.recordFailure(itemIndex, itemError);
		throw itemError;
	}
	const { message, description, context: facts } = itemError;
	const { httpCode } = itemError as { httpCode?: string | null };
	const error: IDataObject = { message, taskMayHaveStarted: facts.taskMayHaveStarted === true };
	if (description) error.description = description;
	if (httpCode) error.httpCode = httpCode;
	if (typeof facts.traceId === 'string') error.traceId = facts.traceId;
	return [{ json: { error }, pairedItem: { item: itemIndex } }];
}

/** The error that refuses the item, or undefined when its body check passes. */
function refusalOf(context: IExecuteSingleFunctions, checkBody: () => void): ItemError | undefined {
	const itemIndex = context.getItemIndex();
	try {
		checkBody();
		return undefined;
	} catch (error) {
		const nothingSent = `Nothing was sent to PMock for item ${itemIndex + 1}.`;
		const message = error instanceof FieldValueError ? refusalMessage(context, error) : (error as Error);
		const allowed = error instanceof FieldValueError ? `Allowed: ${error.allowed}. ` : '';
		const description = `${allowed}${nothingSent}`;
		const refusal = new NodeOperationError(context.getNode(), message, { itemIndex, description });
		refusal.context.taskMayHaveStarted = false;
		return refusal;
	}
}

/** An AI Agent's model reads only the message: it says what to fix too. */
const refusalMessage = (context: IExecuteSingleFunctions, { field, problem, allowed }: FieldValueError): string =>
	isToolCall(context) ? toolRefusalMessage(context, field, problem, allowed) : `${field} ${problem}`;

/** Any failure of the request as the item's error, marked with whether a task may have started. */
function requestFailure(
	context: IExecuteSingleFunctions,
	error: unknown,
): { itemError: ItemError; reachedPmock: boolean } {
	const itemIndex = context.getItemIndex();
	const known = error as Partial<ItemError> & { httpCode?: string | null };
	// Our own reading of the answer (responseEnvelope.ts) already says.
	if (error instanceof NodeApiError && typeof error.context.taskMayHaveStarted === 'boolean')
		return { itemError: error as ItemError, reachedPmock: true };
	// The credential refused to sign, or n8n refused to send (2.41's allowed domains): nothing left n8n.
	const code = typeof known.httpCode === 'string' ? known.httpCode : null;
	const byCredential = isCredentialProblem(error);
	if (byCredential || (code === null && refusedByN8n(error))) {
		const refused =
			error instanceof NodeApiError || error instanceof NodeOperationError
				? error
				: byCredential
					? new NodeApiError(context.getNode(), error as JsonObject, { itemIndex })
					: new NodeOperationError(context.getNode(), error as Error, { itemIndex });
		const notSent = `n8n did not send this request, so no task was started for item ${itemIndex + 1}.`;
		if (!byCredential) refused.description = [known.description, notSent].filter(Boolean).join(' ');
		refused.context.taskMayHaveStarted = false;
		return { itemError: refused as ItemError, reachedPmock: false };
	}
	// A network error: n8n's words when nothing was sent, ours when a task may have started.
	const failure = networkFailure(code, itemIndex, (error as { answerBegun?: unknown }).answerBegun === true);
	const message = known.message ?? 'The request to PMock failed';
	const description = [known.description, failure.advice].filter(Boolean).join(' ');
	const options = { message, description, httpCode: code ?? undefined, itemIndex };
	const networkError = new NodeApiError(context.getNode(), { message, ...(code ? { code } : {}) }, options);
	// After construction: NodeApiError words a network code its own way.
	if (failure.message) networkError.message = failure.message;
	networkError.context.taskMayHaveStarted = failure.taskMayHaveStarted;
	return { itemError: networkError as ItemError, reachedPmock: failure.taskMayHaveStarted };
}

/** n8n 2.41's credential domain check (n8n-workflow's assertUrlAllowed). */
const DOMAIN_REFUSAL = /^Domain not allowed\b/;

/** Whether n8n refused to send: its error class or domain check's words, in the error or what it wraps. */
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
