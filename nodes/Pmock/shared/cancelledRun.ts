import type { IExecuteSingleFunctions } from 'n8n-workflow';

import { mayHaveStarted as startedWording } from './answerPolicy';
import { itemsText, RunLedger, startedList, type StartedTask } from './runLedger';

/**
 * What a run that n8n stops keeps of the tasks it started: n8n saves a cancelled execution
 * before the node returns, so its output is lost, but what the abort listener writes at once is
 * kept: a summary and the first taskIds in custom data, all of them in n8n's log
 * (test/e2e/cancelledRun.e2e.test.ts, both lines).
 */
export const SUMMARY_KEY = 'pmock_stopped_run';
/** A few of the execution's 10 custom data keys. */
export const TASK_ID_KEYS = ['pmock_task_ids_1', 'pmock_task_ids_2', 'pmock_task_ids_3'];
/** n8n logs an error for every custom data value longer than this. */
export const CUSTOM_DATA_VALUE_LIMIT = 255;
/** The log lists at most this many started tasks, in lines of LOG_LINE_TASKS (about 25 KB each). */
export const LOG_TASK_LIMIT = 5000;
export const LOG_LINE_TASKS = 500;

/** What a stopped run had done, in item order; item indexes count from 0. */
export interface StopReport {
	nodeName: string;
	executionId: string;
	itemCount: number;
	started: StartedTask[];
	/** Items whose request PMock may have received, without a taskId: on their way, or cut off. */
	mayHaveStarted: number[];
}

type ReportSinks = { setCustomData(key: string, value: string): void; warn(message: string): void };

/** One run's watch on the execution's cancel signal: reports when it aborts before every item settled. */
export class CancelWatch {
	private readonly onTheirWay = new Set<number>();
	private readonly cutOff = new Set<number>();
	/** Items inside the node's request function (entered, not settled). */
	private inside = 0;
	private reported = false;
	private readonly listener = () => this.report();

	constructor(
		private readonly ledger: RunLedger,
		private readonly signal: AbortSignal | undefined,
		/** Whether n8n sends the run in batches, with pauses in which no item is inside. */
		private readonly batched: boolean,
		private readonly describe: () => Pick<StopReport, 'nodeName' | 'executionId'>,
		private readonly sinks: ReportSinks,
	) {
		signal?.addEventListener('abort', this.listener, { once: true });
	}

	itemEntered(): void {
		this.inside += 1;
	}

	/** Whether n8n has stopped the execution: no request may be sent any more. */
	get stopped(): boolean {
		return this.signal?.aborted === true;
	}

	sending(itemIndex: number): void {
		this.onTheirWay.add(itemIndex);
	}

	/** The item's request ended: with a taskId (in the ledger), or maybe started without one. */
	answered(itemIndex: number, mayHaveStarted: boolean): void {
		this.onTheirWay.delete(itemIndex);
		if (mayHaveStarted) this.cutOff.add(itemIndex);
	}

	/** An item settled: once all have, the run reports on its own and the listener goes. */
	itemSettled(): void {
		this.inside -= 1;
		if (this.ledger.progress().allSettled) this.signal?.removeEventListener('abort', this.listener);
	}

	/** Not once all settled, nor (without Batching) once no item is inside. */
	private get running(): boolean {
		return !this.ledger.progress().allSettled && (this.inside > 0 || this.batched);
	}

	private report(): void {
		if (this.reported || !this.running) return;
		const { itemCount, started } = this.ledger.progress();
		this.reported = true;
		const startedItems = new Set(started.map(({ itemIndex }) => itemIndex));
		const mayHaveStarted = [...new Set([...this.onTheirWay, ...this.cutOff])]
			.filter((itemIndex) => !startedItems.has(itemIndex))
			.sort((a, b) => a - b);
		writeStopReport({ ...this.describe(), itemCount, started, mayHaveStarted }, this.sinks);
	}
}

const watches = new WeakMap<RunLedger, CancelWatch>();

/** The watch of the ledger's run, listening from its first item on; called once per item. */
export function cancelWatchFor(context: IExecuteSingleFunctions, ledger: RunLedger): CancelWatch {
	const watch =
		watches.get(ledger) ??
		new CancelWatch(
			ledger,
			context.getExecutionCancelSignal(),
			RunLedger.batchSizeOf(context, ledger.itemCount) < ledger.itemCount,
			() => ({ nodeName: context.getNode().name, executionId: context.getExecutionId() }),
			sinksOf(context),
		);
	watches.set(ledger, watch);
	watch.itemEntered();
	return watch;
}

/** The execution's custom data and the node's logger; neither may throw into n8n's abort, nor stop the other. */
function sinksOf(context: IExecuteSingleFunctions): ReportSinks {
	type Execution = { customData?: { set(key: string, value: string): void } };
	return {
		setCustomData: (key, value) =>
			quietly(() => (context.getWorkflowDataProxy(0).$execution as Execution).customData?.set(key, value)),
		warn: (message) => quietly(() => context.logger.warn(message)),
	};
}

function quietly(write: () => void): void {
	try {
		write();
	} catch {
		// A full custom data, a failing logger: the other sink still has the report.
	}
}

/** Writes the report: a summary and the first taskIds to custom data, everything (bounded) to the log. */
export function writeStopReport(report: StopReport, sinks: ReportSinks): void {
	const values = taskIdValues(report.started);
	const listed = values.reduce((count, value) => count + value.split(' ').length, 0);
	sinks.setCustomData(SUMMARY_KEY, summaryOf(report, listed));
	values.forEach((value, index) => sinks.setCustomData(TASK_ID_KEYS[index], value));
	for (const line of logLinesOf(report)) sinks.warn(line);
}

/** "1:<taskId> 2:<taskId> …" (item numbers from 1), whole entries, at most one value per key. */
export function taskIdValues(started: StartedTask[]): string[] {
	const values: string[] = [];
	let current = '';
	for (const { itemIndex, taskId } of started) {
		const entry = `${itemIndex + 1}:${taskId}`;
		if (entry.length > CUSTOM_DATA_VALUE_LIMIT) break;
		const next = current ? `${current} ${entry}` : entry;
		if (next.length <= CUSTOM_DATA_VALUE_LIMIT) {
			current = next;
			continue;
		}
		values.push(current);
		if (values.length === TASK_ID_KEYS.length) return values;
		current = entry;
	}
	if (current) values.push(current);
	return values;
}

/** The custom data summary, at most CUSTOM_DATA_VALUE_LIMIT characters. */
function summaryOf(report: StopReport, listed: number): string {
	const { itemCount, started, mayHaveStarted } = report;
	const where =
		started.length === 0
			? ''
			: listed === started.length
				? ' (item:taskId in pmock_task_ids_*)'
				: ` (the first ${listed} in pmock_task_ids_*, all in the n8n log)`;
	const text = `n8n stopped the run: ${started.length} of ${itemCount} items started a PMock task${where}${
		mayHaveStarted.length > 0
			? `; ${cutOffNote(mayHaveStarted)}.`
			: '. Check your pmock console before re-running them.'
	}`;
	return text.length <= CUSTOM_DATA_VALUE_LIMIT ? text : `${text.slice(0, CUSTOM_DATA_VALUE_LIMIT - 1)}…`;
}

/** The report, then the started tasks in lines of LOG_LINE_TASKS, up to LOG_TASK_LIMIT. */
export function logLinesOf(report: StopReport): string[] {
	const { nodeName, executionId, itemCount, started, mayHaveStarted } = report;
	const shown = started.slice(0, LOG_TASK_LIMIT);
	const chunks: StartedTask[][] = [];
	for (let start = 0; start < shown.length; start += LOG_LINE_TASKS)
		chunks.push(shown.slice(start, start + LOG_LINE_TASKS));
	const parts = [
		`PMock: n8n stopped execution ${executionId} while node "${nodeName}" was running, so the node's output is not saved.`,
		`${started.length} of its ${itemCount} items had started a PMock task (billed)${started.length > 0 ? ', listed below (item number → taskId)' : ''}.`,
	];
	if (started.length > shown.length)
		parts.push(
			`The log lists the first ${shown.length}; find the other ${started.length - shown.length} in your pmock console.`,
		);
	if (mayHaveStarted.length > 0) parts.push(`${cutOffNote(mayHaveStarted)}.`);
	parts.push(
		'Running the workflow again starts new tasks for these items: check your pmock console, keep these taskIds and leave those items out before you run it again.',
	);
	const taskLines = chunks.map(
		(chunk, index) =>
			`PMock: execution ${executionId}, node "${nodeName}", started tasks (${index + 1}/${chunks.length}): ${startedList(chunk)}`,
	);
	return [parts.join(' '), ...taskLines];
}

/** Items whose requests n8n cut off, in the one wording of "a task may have started". */
const cutOffNote = (itemIndexes: number[]) =>
	startedWording('n8n cut off requests still on their way', itemsText(itemIndexes));
