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
 *   Only that one error (RoutingNode throws the first failed item's, by index, and drops the
 *   others) gets the list: a list per failed item would grow with failures × started tasks.
 * And when Retry On Fail runs the node again on the same items (see SentItems), an item that
 * started a task is not sent again: the retry outputs its first taskId.
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

	/** The failed item whose error stops the run: RoutingNode throws the first one by index. */
	private firstFailure?: { itemIndex: number; error: ItemError };

	/** One gate per batch: resolves once the loop has prepared the batch (see `mayStart`). */
	private readonly gates = new Map<number, Promise<boolean>>();

	/**
	 * Per batch whose gate found items of it not yet prepared: the items it held back (see
	 * `cameLate`).
	 */
	private readonly heldBack = new Map<number, ItemRanges>();

	constructor(
		readonly itemCount: number,
		readonly continueOnFail: boolean,
		/** Items per batch when Batching spaces them out; the whole run is one batch otherwise. */
		private readonly batchSize: number,
		/** What this node run sent, shared by its tries (Retry On Fail). */
		readonly sent: SentItems,
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
			gate = sleep(0).then(() => {
				if (this.entered.size >= batchEnd) return this.continueOnFail || !this.refusedAny;
				// The loop died in this batch (its items are abandoned), or it is alive but slower
				// than one tick: then a held-back item of it enters later and says so (`cameLate`).
				const batchStart = batch * this.batchSize;
				const heldBack = new ItemRanges();
				for (const index of this.entered) if (index >= batchStart && index < batchEnd) heldBack.add(index);
				this.heldBack.set(batch, heldBack);
				return false;
			});
			this.gates.set(batch, gate);
		}
		return gate;
	}

	/**
	 * The items of this item's batch held back because the loop had not prepared them all,
	 * this one included, when this item enters after that decision (e.g. "items 1–3");
	 * undefined otherwise. Such an item proves the
	 * loop did not die: n8n prepares the items in a way this ledger does not expect, and the
	 * held-back items would otherwise be lost without a word. Unlike the held-back items
	 * (abandoned when the loop dies), its request is awaited: its error is seen.
	 */
	cameLate(itemIndex: number): string | undefined {
		const heldBack = this.heldBack.get(Math.floor(itemIndex / this.batchSize));
		if (!heldBack) return undefined;
		heldBack.add(itemIndex);
		return heldBack.toString();
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

	recordFailure(itemIndex: number, error: ItemError): void {
		if (!this.firstFailure || itemIndex < this.firstFailure.itemIndex) this.firstFailure = { itemIndex, error };
	}

	/**
	 * The item is done. When it is the last of a run that stops on a failure, the error that
	 * stops it learns what the others started: its description says it for a person, its
	 * `context.startedTasks` for a program, in item order.
	 */
	settle(): void {
		this.settled += 1;
		if (this.settled < this.itemCount || this.continueOnFail || !this.firstFailure) return;
		const { error } = this.firstFailure;
		const started = [...this.started].sort((a, b) => a.itemIndex - b.itemIndex);
		const note = this.itemCount === 1 ? '' : this.sentAny ? startedNote(started, this.itemCount) : NOTHING_SENT_NOTE;
		error.context.startedTasks = started.map(({ itemIndex, taskId }) => ({ itemIndex, taskId }));
		if (note) error.description = [error.description, note].filter(Boolean).join(' ');
	}
}

/** What an item's request came to, as a later try of the same node run needs it. */
export type SentOutcome =
	/** It started a task: the output items (the taskId), given again instead of sending again. */
	| { output: INodeExecutionData[] }
	/** It failed after it may have reached PMock, so a task may have started, unseen: its error, in short. */
	| { mayHaveStarted: EarlierFailure };

/** The parts of an item's error a later try repeats (kept apart: the error itself may grow, see `settle`). */
export interface EarlierFailure {
	message: string;
	description?: string;
	traceId?: string;
}

/**
 * What the tries of one node run sent (one per run, shared by the ledgers of its tries): when
 * Retry On Fail runs the node again after a failure, n8n's WorkflowExecute calls it with the
 * same execute data and input items, and an item that started a (paid) task must not start
 * another. Holds one entry per sent item, at most one per input item, and lives as long as the
 * run's input items (see `ledgerFor`).
 */
export class SentItems {
	/** Per sent item: how it ended, or its request while still on its way. */
	private readonly byItem = new Map<number, SentOutcome | Promise<SentOutcome | undefined>>();

	constructor(
		/** The node run's execute data: WorkflowExecute passes the same object to every try. */
		readonly executeData: object,
	) {}

	/** The item's request is on its way: remember how it ends, once it does. */
	track(itemIndex: number, request: Promise<INodeExecutionData[] | ItemError>): void {
		const outcome = request.then((result): SentOutcome | undefined => {
			if (Array.isArray(result)) return { output: result };
			// Refused by PMock, or never reached it: nothing started, a retry may send it again.
			if (result.context.taskMayHaveStarted !== true) return undefined;
			const { message, description, context } = result;
			return {
				mayHaveStarted: {
					message,
					...(description ? { description } : {}),
					...(typeof context.traceId === 'string' ? { traceId: context.traceId } : {}),
				},
			};
		});
		this.byItem.set(itemIndex, outcome);
		void outcome.then((settled) => {
			if (this.byItem.get(itemIndex) !== outcome) return;
			if (settled) this.byItem.set(itemIndex, settled);
			else this.byItem.delete(itemIndex);
		});
	}

	/**
	 * How an earlier try's request of this item ended (waiting for it when it is still on its
	 * way); undefined when no earlier try sent it or nothing started.
	 */
	earlier(itemIndex: number): SentOutcome | Promise<SentOutcome | undefined> | undefined {
		return this.byItem.get(itemIndex);
	}
}

/** Item indexes kept as ranges (they come mostly in order), to name them without a list per item. */
class ItemRanges {
	private readonly ranges: Array<[number, number]> = [];

	private count = 0;

	add(index: number): void {
		const last = this.ranges[this.ranges.length - 1];
		if (last && index === last[1] + 1) last[1] = index;
		else this.ranges.push([index, index]);
		this.count += 1;
	}

	/** "items 1–3, 7" as people count them (from 1): the first `shown` ranges, then how many more. */
	toString(shown = 10): string {
		const listed = this.ranges.slice(0, shown);
		const rest = this.count - listed.reduce((sum, [first, last]) => sum + last - first + 1, 0);
		const text = listed.map(([first, last]) => (first === last ? `${first + 1}` : `${first + 1}–${last + 1}`));
		return `${this.count === 1 ? 'item' : 'items'} ${text.join(', ')}${rest > 0 ? ` and ${rest} more` : ''}`;
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
 * (Retry On Fail runs the node again, or the workflow runs the node once more).
 */
export function ledgerFor(context: IExecuteSingleFunctions, itemIndex: number): RunLedger {
	const executeData = context.getExecuteData();
	const inputs = executeData.data;
	// A node run as an AI Agent tool gets its input on `ai_tool`, as RoutingNode reads it.
	const items: INodeExecutionData[] | undefined = (inputs?.main ?? inputs?.ai_tool)?.[0] ?? undefined;
	if (!items) return new RunLedger(1, context.continueOnFail(), 1, new SentItems(executeData));
	// With Execute Once, n8n gives RoutingNode only the first item.
	const itemCount = context.getNode().executeOnce === true ? Math.min(1, items.length) : items.length;
	let ledger = ledgers.get(items);
	if (!ledger || ledger.has(itemIndex)) {
		// The same execute data is another try of the same node run (Retry On Fail): it shares
		// what the earlier tries sent. Other data is a new run, which sends its items anew.
		const sent = ledger?.sent.executeData === executeData ? ledger.sent : new SentItems(executeData);
		ledger = new RunLedger(itemCount, context.continueOnFail(), RunLedger.batchSizeOf(context, itemCount), sent);
		ledgers.set(items, ledger);
	}
	return ledger;
}
