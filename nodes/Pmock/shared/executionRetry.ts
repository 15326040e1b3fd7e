import type { IExecuteSingleFunctions, INodeExecutionData } from 'n8n-workflow';

import type { RunLedger, StartedTask } from './runLedger';

/**
 * n8n's Retry of a failed execution (Executions → Retry, with the original or the saved
 * workflow) runs the execution's own saved state again: the failed node's run is dropped and
 * the node runs once more on the same input items, in mode 'retry', at the same run index.
 * That saved state keeps the execution's context data (`getContext('node')`, in
 * `executionData.contextData`; the same in n8n 2.8.4 and 2.41.1). So a run that stops on a
 * failure writes there which items started a task, and a Retry gives those items their first
 * taskId instead of sending them again: a second request would start (and bill) a second task.
 * Only a run that stops writes (a run that ends well is never retried), one entry per started
 * item, and a Retry that ends well removes it.
 */

/** The node's context key: per run index (a node can run several times in an execution), item index → taskId. */
const CONTEXT_KEY = 'pmockStartedTasks';

type StartedByRun = Record<string, Record<string, string>>;

/** Runs (one ledger per try) in which an item failed without On Error → Continue: the run stops. */
const stoppingRuns = new WeakSet<RunLedger>();

/** The run index of this node run, as n8n numbers it ($runIndex). */
const runIndexOf = (context: IExecuteSingleFunctions): string =>
	String(context.getWorkflowDataProxy(context.getItemIndex()).$runIndex ?? 0);

const startedByRun = (context: IExecuteSingleFunctions): StartedByRun | undefined =>
	context.getContext('node')[CONTEXT_KEY] as StartedByRun | undefined;

/**
 * In a Retry of a failed execution, the output of an item that the retried execution (or one it
 * retried) started a task for: its taskId, paired with the item. Undefined otherwise.
 */
export function startedBeforeRetry(context: IExecuteSingleFunctions): INodeExecutionData[] | undefined {
	if (context.getMode() !== 'retry') return undefined;
	const taskId = startedByRun(context)?.[runIndexOf(context)]?.[String(context.getItemIndex())];
	if (typeof taskId !== 'string') return undefined;
	return [
		{
			json: {
				taskId,
				traceId: null,
				message: "Not sent again by n8n's Retry: the execution being retried had already started this task.",
			},
			pairedItem: { item: context.getItemIndex() },
		},
	];
}

/**
 * An item of the run has settled (its output, or its error): once every item has, a run that
 * stops writes its started tasks for a Retry, and a run that does not removes an earlier entry.
 */
export function noteSettledForRetry(
	context: IExecuteSingleFunctions,
	ledger: RunLedger,
	outcome: INodeExecutionData[] | Error,
): void {
	if (!Array.isArray(outcome) && !context.continueOnFail()) stoppingRuns.add(ledger);
	const { started, allSettled } = ledger.progress();
	if (!allSettled) return;
	const stops = stoppingRuns.has(ledger);
	const entries = startedByRun(context);
	if (!stops && !entries) return;
	const runIndex = runIndexOf(context);
	const next: StartedByRun = { ...entries };
	if (stops && started.length > 0) next[runIndex] = byItem(started);
	else delete next[runIndex];
	const nodeContext = context.getContext('node');
	if (Object.keys(next).length > 0) nodeContext[CONTEXT_KEY] = next;
	else delete nodeContext[CONTEXT_KEY];
}

const byItem = (started: StartedTask[]): Record<string, string> =>
	Object.fromEntries(started.map(({ itemIndex, taskId }) => [String(itemIndex), taskId]));
