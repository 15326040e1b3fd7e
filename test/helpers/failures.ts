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
