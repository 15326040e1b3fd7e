/**
 * The table of operation cases: one row per operation of the node, consumed by the
 * table-driven unit tests (test/operationCases.test.ts, through n8n-core's RoutingNode) and by
 * the one end-to-end workflow per n8n line that runs every operation (test/e2e/). Adding an
 * operation adds its row here; no cross-cutting test lists operations by hand.
 *
 * Parameters use the node's current parameter names (what a workflow saves), not the JSON keys.
 */

export type Parameters = Record<string, unknown>;

export interface SentCase {
	/** What the case shows, e.g. "every enum value once: portrait, 15 s". */
	title: string;
	/** The node's parameters besides resource and operation. */
	parameters: Parameters;
	/** The exact JSON body the node sends for them (key order not compared). */
	body: Record<string, unknown>;
}

export interface RefusedCase {
	title: string;
	parameters: Parameters;
	/** Text the error's message contains; nothing is sent. */
	message: string | RegExp;
	/** Text the error's description contains, e.g. the "Allowed: …" that says what to do. */
	description?: string | RegExp;
}

export interface OperationCases {
	/** Resource and Operation values as workflows save them. */
	resource: string;
	operation: string;
	/** The pmock API path the body is POSTed to. */
	path: string;
	/**
	 * What the answer is: a task (pmock's `{ code, message, data: { taskId }, traceId }`, output
	 * as `taskId`) unless said otherwise.
	 */
	answer?: 'taskId' | 'image';
	/**
	 * Bodies sent. The first case is the smallest form a user fills in (required fields only):
	 * its body shows every default the node sends.
	 */
	sends: SentCase[];
	/** Parameters refused before anything is sent, with the message that says so. */
	refuses: RefusedCase[];
}
