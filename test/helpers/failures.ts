/**
 * The error a run ended with, as tests read it: n8n's NodeApiError / NodeOperationError with
 * the fields the node fills in (description, httpCode, context).
 */
export type NodeError = Error & {
	description?: string | null;
	httpCode?: string | null;
	errorResponse?: Record<string, unknown>;
	context?: {
		itemIndex?: number;
		taskMayHaveStarted?: boolean;
		traceId?: string;
		startedTasks?: Array<{ itemIndex: number; taskId: string }>;
	} & Record<string, unknown>;
};

/** The error `run` rejects with; fails the test when it resolves instead. */
export function failureOf(run: Promise<unknown>): Promise<NodeError> {
	return run.then(
		() => {
			throw new Error('expected the node to fail, but it succeeded');
		},
		(caught: unknown) => caught as NodeError,
	);
}

/** An error item's `$json.error` under On Error → Continue (taskRequest.ts's itemFailed). */
export interface ContinuedError {
	message: string;
	description?: string;
	taskMayHaveStarted: boolean;
	httpCode?: string;
	traceId?: string;
}

/** The item's `$json.error`, or undefined for an item that did not fail. */
export const continuedError = (item: { json: Record<string, unknown> }): ContinuedError | undefined =>
	item.json.error as ContinuedError | undefined;

/** "<what>: PMock may have started (and billed) a task for item <n>. …": the one wording of a failure after sending. */
export const startedMessage = (what: string, itemNumber = 1): string =>
	`${what}: PMock may have started (and billed) a task for item ${itemNumber}. Check your pmock console before running it again`;
