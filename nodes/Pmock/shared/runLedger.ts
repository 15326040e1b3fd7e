import type { IDataObject, IExecuteSingleFunctions, INodeExecutionData } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

/**
 * What one run of the node sent and started, shared by the requests of its items.
 *
 * n8n's RoutingNode prepares the items of a declarative node one after the other in a single
 * synchronous loop, starts each item's request as it goes, waits for all of them, and then,
 * unless On Error → Continue is set, stops the run with the first failed item's error. Two
 * things follow, and this ledger handles both:
 * - When the loop dies on an item (an expression that fails) or an item is refused, the items
 *   before it would already be on their way, paid for and then lost with the run (with On
 *   Error → Continue too: n8n then passes the input items on as they were). So every item
 *   waits until the loop has prepared its whole batch, nothing of a batch is sent when the
 *   loop died in it, and without On Error → Continue nothing is sent when an item was
 *   refused (with it, a refused item is just that item's error item).
 * - When a sent item fails, the others have started tasks that the stopped run would not
 *   show. So the error that stops the run lists them (`startedTasks`), once all have settled.
 */

export interface StartedTask {
	itemIndex: number;
	taskId: string;
}

/** An item's error as the ledger keeps it: n8n's error classes carry `description` and `context`. */
export interface ItemError extends Error {
	description?: string | null;
	context: IDataObject;
}

/** The Request Options → Batching setting as RoutingNode applies it. */
interface Batching {
	batch?: { batchSize?: number; batchInterval?: number };
}

export class RunLedger {
	/** Items whose request function has been entered, by index. */
	private readonly entered = new Set<number>();

	private refusedAny = false;

	private settled = 0;

	/** Whether a request of this run reached PMock, or may have. */
	private sentAny = false;

	private readonly started: StartedTask[] = [];

	private readonly failures: ItemError[] = [];

	/** One gate per batch: resolves once the loop has prepared the batch (see `mayStart`). */
	private readonly gates = new Map<number, Promise<boolean>>();

	constructor(
		readonly itemCount: number,
		readonly continueOnFail: boolean,
		/** Items per batch when Batching spaces them out; the whole run is one batch otherwise. */
		private readonly batchSize: number,
	) {}

	static batchSizeOf(context: IExecuteSingleFunctions, itemCount: number): number {
		// As RoutingNode reads it: a batch interval only matters with it, a size below 1 means 1.
		const { batching } = context.getNodeParameter('requestOptions', {}) as { batching?: Batching };
		const interval = batching?.batch?.batchInterval ?? 0;
		const size = batching?.batch?.batchSize ?? 0;
		return interval > 0 ? (size > 0 ? size : 1) : itemCount;
	}

	has(itemIndex: number): boolean {
		return this.entered.has(itemIndex);
	}

	/** Called synchronously when an item's request function starts, before anything awaits. */
	enter(itemIndex: number, refused: boolean): void {
		this.entered.add(itemIndex);
		if (refused) this.refusedAny = true;
	}

	/**
	 * Whether the item may be sent. Resolves once the loop has gone through the item's batch:
	 * true when the loop reached the end of the batch (it did not die on an item) and, without
	 * On Error → Continue, no item so far was refused.
	 */
	mayStart(itemIndex: number): Promise<boolean> {
		const batch = Math.floor(itemIndex / this.batchSize);
		let gate = this.gates.get(batch);
		if (!gate) {
			const batchEnd = Math.min(this.itemCount, (batch + 1) * this.batchSize);
			// One timer tick: RoutingNode's loop runs to the end of the batch without awaiting.
			gate = sleep(0).then(() => this.entered.size >= batchEnd && (this.continueOnFail || !this.refusedAny));
			this.gates.set(batch, gate);
		}
		return gate;
	}

	/** A request of the run reached PMock, or may have. */
	markSent(): void {
		this.sentAny = true;
	}

	recordStart(itemIndex: number, taskId: string): void {
		this.started.push({ itemIndex, taskId });
	}

	/**
	 * What the run has done so far, for a report written while it is still running (a run
	 * that n8n stops never returns): the started tasks in item order, and whether every item
	 * has settled (the run's own output or error then reaches n8n).
	 */
	progress(): { itemCount: number; started: StartedTask[]; allSettled: boolean } {
		const started = [...this.started].sort((a, b) => a.itemIndex - b.itemIndex);
		return { itemCount: this.itemCount, started, allSettled: this.settled >= this.itemCount };
	}

	recordFailure(error: ItemError): void {
		this.failures.push(error);
	}

	/**
	 * The item is done. When it is the last of a run that stops on a failure, every failure
	 * learns what the others started: its description says it for a person, its
	 * `context.startedTasks` for a program, in item order.
	 */
	settle(): void {
		this.settled += 1;
		if (this.settled < this.itemCount || this.continueOnFail) return;
		const started = [...this.started].sort((a, b) => a.itemIndex - b.itemIndex);
		const note = this.itemCount === 1 ? '' : this.sentAny ? startedNote(started, this.itemCount) : NOTHING_SENT_NOTE;
		for (const error of this.failures) {
			error.context.startedTasks = started.map(({ itemIndex, taskId }) => ({ itemIndex, taskId }));
			if (note) error.description = [error.description, note].filter(Boolean).join(' ');
		}
	}
}

const NOTHING_SENT_NOTE =
	'Nothing was sent to PMock for any item of this run: fix this item and run the workflow again.';

/** The sentence a stopped run's error ends with, naming items from 1 as people count them. */
function startedNote(started: StartedTask[], itemCount: number): string {
	if (started.length === 0) return 'No item of this run started a task.';
	const list = started.map(({ itemIndex, taskId }) => `item ${itemIndex + 1} → ${taskId}`).join(', ');
	return `${started.length} of the ${itemCount} items of this run started a task before it stopped (item number → taskId): ${list}. Running the workflow again sends those items again and starts new tasks: keep these taskIds, and filter those items out before you re-run.`;
}

/** The ledger of each run, by the run's input items (RoutingNode's `items`, shared by every item). */
const ledgers = new WeakMap<object, RunLedger>();

/**
 * The ledger of the run this item belongs to. A run always enters each of its items once, so
 * an item index that the current ledger already knows means a new run on the same input
 * (Retry On Fail runs the node again).
 */
export function ledgerFor(context: IExecuteSingleFunctions, itemIndex: number): RunLedger {
	const inputs = context.getExecuteData().data;
	// A node run as an AI Agent tool gets its input on `ai_tool`, as RoutingNode reads it.
	const items: INodeExecutionData[] | undefined = (inputs?.main ?? inputs?.ai_tool)?.[0] ?? undefined;
	if (!items) return new RunLedger(1, context.continueOnFail(), 1);
	let ledger = ledgers.get(items);
	if (!ledger || ledger.has(itemIndex)) {
		ledger = new RunLedger(items.length, context.continueOnFail(), RunLedger.batchSizeOf(context, items.length));
		ledgers.set(items, ledger);
	}
	return ledger;
}
