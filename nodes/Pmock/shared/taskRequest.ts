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
import { ledgerFor, type ItemError, type RunLedger, type SentOutcome } from './runLedger';

/**
 * The routing of an operation that starts a pmock task: POST to `url` the body its fields
 * assembled, through the item request below, and output the taskId (responseEnvelope.ts).
 * No preSend: the item request must start inside RoutingNode's loop over the items (RunLedger).
 */
/**
 * An operation's body check: the body the fields assembled, checked and typed as the API wants
 * it; `parameter` reads one of the item's node parameters that is not sent (e.g. the binary
 * field an image goes to), so that it too is checked before anything is sent.
 */
export type CheckBody = (body: IDataObject, parameter: (name: string) => unknown) => IDataObject;

/**
 * The routing of an operation that starts paid work: POST to `url` the body the fields
 * assembled, sent by `itemRequest`, and the answer read by `output` (the taskId, or the image
 * of GPT Image 2's synchronous endpoint).
 */
export const paidRequestRouting = (
	url: string,
	checkBody: CheckBody,
	output: PostReceiveAction,
): INodePropertyRouting => ({
	request: { method: 'POST', url },
	// n8n's only hook that hands a declarative node its whole request: nothing paginates.
	send: { paginate: true },
	operations: { pagination: itemRequest(checkBody) },
	output: { postReceive: [output] },
});

/** The routing of an operation whose answer is pmock's envelope with a taskId. */
export const startTaskRouting = (url: string, checkBody: CheckBody): INodePropertyRouting =>
	paidRequestRouting(url, checkBody, outputTaskId);

/**
 * One item's request, from the checked body to its output or error item: checks the body
 * before anything is sent, holds it until the run prepared its batch (RunLedger), pairs every
 * error with its item, tells failures that may have started a task from those that cannot
 * have, and records started tasks for a run that stops (cancelledRun.ts).
 */
export function itemRequest(checkBody: CheckBody) {
	return async function sendItemRequest(
		this: IExecutePaginationFunctions,
		requestData: DeclarativeRestApiSettings.ResultOptions,
	): Promise<INodeExecutionData[]> {
		const itemIndex = this.getItemIndex();
		const ledger = ledgerFor(this, itemIndex);
		const watch = cancelWatchFor(this, ledger);
		// Up to the first await this runs inside RoutingNode's loop over the items.
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
 * Sends the item's request once the run allows it (RunLedger.mayStart): its output, nothing
 * when held back or stopped, or its error. An item an earlier try sent is not sent again.
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
	const startedBefore = startedBeforeRetry(context);
	if (startedBefore) return sentBefore(context, ledger, { output: startedBefore });
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
 * An item an earlier try sent: the output of the task it started, or, when that try may have
 * started one unseen, an error instead of a second (billed) request.
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
	const again = `Retry On Fail did not send item ${itemIndex + 1} again: a second request could start (and bill) another task.`;
	const error = new NodeOperationError(context.getNode(), message, {
		itemIndex,
		description: [description, again].filter(Boolean).join(' '),
	});
	error.context.taskMayHaveStarted = true;
	if (traceId) error.context.traceId = traceId;
	return error as ItemError;
}

/** The error of an item n8n prepared after its batch was held back (RunLedger.cameLate); `named`: e.g. "items 1–3". */
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
 * With On Error → Continue, the error as the item's `$json.error`, paired with its input item;
 * otherwise the run stops. Not n8n's `{ json: {}, error }`: n8n replaces that json with the
 * message alone, and retries (Retry On Fail) only when the first output item has a
 * `json.error` (docs/n8n-core-contracts.md). Like the HTTP Request node's error items.
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

/** The item's body check: undefined when it passes, the error that refuses the item otherwise. */
function refusalOf(context: IExecuteSingleFunctions, checkBody: () => void): ItemError | undefined {
	const itemIndex = context.getItemIndex();
	try {
		checkBody();
		return undefined;
	} catch (error) {
		const refusal =
			error instanceof FieldValueError
				? new NodeOperationError(context.getNode(), refusalMessage(context, error), {
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

/** A refused value's message: for an AI Agent's model, which reads only the message, what to fix too. */
const refusalMessage = (context: IExecuteSingleFunctions, { field, problem, allowed }: FieldValueError): string =>
	isToolCall(context) ? toolRefusalMessage(context, field, problem, allowed) : `${field} ${problem}`;

/** Any failure of the request as the item's error, marked with whether a task may have started. */
function requestFailure(
	context: IExecuteSingleFunctions,
	error: unknown,
): { itemError: ItemError; reachedPmock: boolean } {
	const itemIndex = context.getItemIndex();
	const known = error as Partial<ItemError> & { httpCode?: string | null };
	// Our own reading of the answer (responseEnvelope.ts) says whether a task may have started.
	if (error instanceof NodeApiError && typeof error.context.taskMayHaveStarted === 'boolean') {
		return { itemError: error as ItemError, reachedPmock: true };
	}
	// The credential refused to sign (n8n wraps its error), or n8n refused to send (2.41's Allowed
	// HTTP Request Domains, whose message says what to change): nothing left n8n.
	const code = typeof known.httpCode === 'string' ? known.httpCode : null;
	const byCredential = isCredentialProblem(error);
	if (byCredential || (code === null && refusedByN8n(error))) {
		const refused =
			error instanceof NodeApiError || error instanceof NodeOperationError
				? error
				: byCredential
					? new NodeApiError(context.getNode(), error as JsonObject, { itemIndex })
					: new NodeOperationError(context.getNode(), error as Error, { itemIndex });
		if (!byCredential)
			refused.description = [
				known.description,
				`n8n did not send this request, so no task was started for item ${itemIndex + 1}.`,
			]
				.filter(Boolean)
				.join(' ');
		refused.context.taskMayHaveStarted = false;
		return { itemError: refused as ItemError, reachedPmock: false };
	}
	// A network error: n8n's words when nothing was sent, ours when a task may have started.
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
	// After construction: NodeApiError words a network code its own way ("You can retry…").
	if (failure.message) networkError.message = failure.message;
	networkError.context.taskMayHaveStarted = failure.taskMayHaveStarted;
	return { itemError: networkError as ItemError, reachedPmock: failure.taskMayHaveStarted };
}

/** How n8n 2.41's credential domain check words its refusal (n8n-workflow's assertUrlAllowed). */
const DOMAIN_REFUSAL = /^Domain not allowed\b/;

/** Whether n8n refused to send the request: its own error class or domain check's words, in the error or what it wraps. */
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
