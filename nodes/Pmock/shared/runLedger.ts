import type { IDataObject, IExecuteSingleFunctions, INodeExecutionData } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

/**
 * What one run of the node sent and started, shared by its items' requests. Every item waits
 * until its batch is prepared, so nothing is sent when an item of it fails to prepare or (without
 * On Error → Continue) is refused; the error that stops the run lists the tasks others started.
 * n8n-core behaviours relied on: docs/n8n-core-contracts.md.
 */
export type StartedTask = { itemIndex: number; taskId: string };

/** An item's error as the ledger keeps it: n8n's error classes carry `description` and `context`. */
export interface ItemError extends Error {
	description?: string | null;
	context: IDataObject;
}

/** What an item's request gives: its output items, or its error. */
export type ItemOutcome = INodeExecutionData[] | ItemError;

export class RunLedger {
	readonly entered = new Set<number>();
	private refusedAny = false;
	private settled = 0;
	/** Whether a request of this run reached PMock, or may have. */
	private sentAny = false;
	private readonly started: StartedTask[] = [];
	/** Whose error stops the run: RoutingNode throws the first failed item's (first-failed-item-error-thrown). */
	private firstFailure?: { itemIndex: number; error: ItemError };
	/** Per batch: resolves once the loop has prepared it (`mayStart`). */
	private readonly gates = new Map<number, Promise<boolean>>();
	/** Per batch a gate found unprepared: the items it held back (`cameLate`). */
	private readonly heldBack = new Map<number, number[]>();

	constructor(
		readonly itemCount: number,
		readonly continueOnFail: boolean,
		/** Items per batch when Batching spaces them out; the whole run is one batch otherwise. */
		private readonly batchSize: number,
		/** What this node run sent, shared by its tries (Retry On Fail). */
		readonly sent: SentItems,
	) {}

	static batchSizeOf(context: IExecuteSingleFunctions, itemCount: number): number {
		// As RoutingNode reads it (batching-parameter-shape): no interval, no batches; a size below 1 means 1.
		type Options = { batching?: { batch?: { batchSize?: number; batchInterval?: number } } };
		const batch = (context.getNodeParameter('requestOptions', {}) as Options).batching?.batch;
		const interval = batch?.batchInterval ?? 0;
		const size = batch?.batchSize ?? 0;
		return interval > 0 ? (size > 0 ? size : 1) : itemCount;
	}

	/** Called when an item's request function starts, before anything awaits. */
	enter(itemIndex: number, refused: boolean): void {
		this.entered.add(itemIndex);
		if (refused) this.refusedAny = true;
	}

	/** Resolves once the loop went through the item's batch: whether all of it came, none refused (without Continue). */
	mayStart(itemIndex: number): Promise<boolean> {
		const batch = Math.floor(itemIndex / this.batchSize);
		let gate = this.gates.get(batch);
		if (!gate) {
			const batchEnd = Math.min(this.itemCount, (batch + 1) * this.batchSize);
			// One timer tick: RoutingNode's loop runs to the end of the batch without awaiting.
			gate = sleep(0).then(() => {
				if (this.entered.size >= batchEnd) return this.continueOnFail || !this.refusedAny;
				// The loop died in this batch, or is slower than a tick: a later item says so (`cameLate`).
				const batchStart = batch * this.batchSize;
				this.heldBack.set(
					batch,
					[...this.entered].filter((index) => index >= batchStart && index < batchEnd),
				);
				return false;
			});
			this.gates.set(batch, gate);
		}
		return gate;
	}

	/** When the item's batch was held back: its held-back items with this one (e.g. "items 1–3"), for its error. */
	cameLate(itemIndex: number): string | undefined {
		const heldBack = this.heldBack.get(Math.floor(itemIndex / this.batchSize));
		if (!heldBack) return undefined;
		heldBack.push(itemIndex);
		return itemsText(heldBack);
	}

	markSent(): void {
		this.sentAny = true;
	}

	recordStart(itemIndex: number, taskId: string): void {
		this.started.push({ itemIndex, taskId });
	}

	/** The started tasks in item order, and whether every item has settled (for the stop report, cancelledRun.ts). */
	progress(): { itemCount: number; started: StartedTask[]; allSettled: boolean } {
		const started = [...this.started].sort((a, b) => a.itemIndex - b.itemIndex);
		return { itemCount: this.itemCount, started, allSettled: this.settled >= this.itemCount };
	}

	recordFailure(itemIndex: number, error: ItemError): void {
		if (!this.firstFailure || itemIndex < this.firstFailure.itemIndex) this.firstFailure = { itemIndex, error };
	}

	/** The item is done; the last one of a run that stops on a failure lists the started tasks on its error. */
	settle(): void {
		this.settled += 1;
		if (this.settled < this.itemCount || this.continueOnFail || !this.firstFailure) return;
		const { error } = this.firstFailure;
		const { started } = this.progress();
		const note = this.itemCount === 1 ? '' : this.sentAny ? startedNote(started, this.itemCount) : NOTHING_SENT_NOTE;
		error.context.startedTasks = started.map(({ itemIndex, taskId }) => ({ itemIndex, taskId }));
		if (note) error.description = [error.description, note].filter(Boolean).join(' ');
	}
}

/**
 * What an item's request came to, for a later try: its output (given again instead of sending),
 * or the words of an error after which a task may have started (copied: `settle` grows the error).
 */
export type SentOutcome = { output: INodeExecutionData[] } | { mayHaveStarted: EarlierFailure };
type EarlierFailure = { message: string; description?: string | null; traceId?: string };

/** What the tries of one node run sent (execute-data-same-across-retries): a started item starts no other. */
class SentItems {
	/** Per sent item: how it ended, or its request while still on its way. */
	private readonly byItem = new Map<number, SentOutcome | Promise<SentOutcome | undefined>>();

	constructor(readonly executeData: object) {}

	track(itemIndex: number, request: Promise<ItemOutcome>): void {
		const outcome = request.then((result): SentOutcome | undefined => {
			if (Array.isArray(result)) return { output: result };
			// Refused by PMock, or never reached it: nothing started, a retry may send it again.
			if (result.context.taskMayHaveStarted !== true) return undefined;
			const { message, description, context } = result;
			const traceId = typeof context.traceId === 'string' ? context.traceId : undefined;
			return { mayHaveStarted: { message, description, traceId } };
		});
		this.byItem.set(itemIndex, outcome);
		void outcome.then((settled) => {
			if (this.byItem.get(itemIndex) !== outcome) return;
			if (settled) this.byItem.set(itemIndex, settled);
			else this.byItem.delete(itemIndex);
		});
	}

	/** How an earlier try's request of this item ended (or will); undefined when none may have started a task. */
	earlier(itemIndex: number): SentOutcome | Promise<SentOutcome | undefined> | undefined {
		return this.byItem.get(itemIndex);
	}
}

/** At most this many item ranges are named. */
const RANGE_LIMIT = 100;
/** The one item-range formatter: "item 4", "items 3–7, 9 and 12" (numbered from 1). */
export function itemsText(itemIndexes: readonly number[]): string {
	const ranges: Array<[number, number]> = [];
	for (const index of [...itemIndexes].sort((a, b) => a - b)) {
		const last = ranges[ranges.length - 1];
		if (last && index === last[1] + 1) last[1] = index;
		else ranges.push([index, index]);
	}
	const named = ranges
		.slice(0, RANGE_LIMIT)
		.map(([first, last]) => (first === last ? `${first + 1}` : `${first + 1}–${last + 1}`));
	const more = ranges.length > RANGE_LIMIT ? ` and ${ranges.length - RANGE_LIMIT} more ranges` : '';
	const list = named.length > 1 && !more ? `${named.slice(0, -1).join(', ')} and ${named.at(-1)}` : named.join(', ');
	return `${itemIndexes.length === 1 ? 'item' : 'items'} ${list}${more}`;
}

const NOTHING_SENT_NOTE =
	'Nothing was sent to PMock for any item of this run: fix this item and run the workflow again.';

/** "item 1 → <taskId>, item 3 → <taskId>" (numbered from 1). */
export const startedList = (started: StartedTask[]): string =>
	started.map(({ itemIndex, taskId }) => `item ${itemIndex + 1} → ${taskId}`).join(', ');

/** The sentence a stopped run's error ends with. */
function startedNote(started: StartedTask[], itemCount: number): string {
	if (started.length === 0) return 'No item of this run started a task.';
	return `${started.length} of the ${itemCount} items of this run started a task before it stopped (item number → taskId): ${startedList(started)}. Running the workflow again sends those items again and starts new tasks: keep these taskIds, and filter those items out before you re-run.`;
}

/** The ledger of each run, by its input items array (input-items-array-shared). */
const ledgers = new WeakMap<object, RunLedger>();

/** The ledger of the item's run: an item the current ledger already knows starts a new run (a retry, a re-run). */
export function ledgerFor(context: IExecuteSingleFunctions, itemIndex: number): RunLedger {
	const executeData = context.getExecuteData();
	const inputs = executeData.data;
	// An AI Agent's tool gets its input on `ai_tool` (ai-tool-input).
	const items: INodeExecutionData[] | undefined = (inputs?.main ?? inputs?.ai_tool)?.[0] ?? undefined;
	if (!items) return new RunLedger(1, context.continueOnFail(), 1, new SentItems(executeData));
	// With Execute Once, n8n gives RoutingNode only the first item.
	const itemCount = context.getNode().executeOnce === true ? Math.min(1, items.length) : items.length;
	let ledger = ledgers.get(items);
	if (!ledger || ledger.entered.has(itemIndex)) {
		// The same execute data: another try of the same node run, which shares what was sent.
		const sent = ledger?.sent.executeData === executeData ? ledger.sent : new SentItems(executeData);
		ledger = new RunLedger(itemCount, context.continueOnFail(), RunLedger.batchSizeOf(context, itemCount), sent);
		ledgers.set(items, ledger);
	}
	return ledger;
}
