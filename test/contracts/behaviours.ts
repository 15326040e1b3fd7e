/**
 * The behaviours of n8n-core the node relies on that n8n never promised (no documentation, no
 * type says them), each pinned on every n8n-core line by test/contracts/n8nCore.contract.test.ts,
 * whose test names start with the behaviour's id. When one fails on a new n8n, read its
 * `reliesOn` and `usedIn`: that code must change before the node supports that n8n
 * (docs/n8n-core-contracts.md).
 */
export interface Behaviour {
	/** Short and stable: test names and comments in the node refer to it. */
	id: string;
	/** What n8n-core does that the node relies on. */
	reliesOn: string;
	/** Where the node relies on it (repository paths). */
	usedIn: string[];
}

export const BEHAVIOURS = [
	{
		id: 'items-prepared-before-first-await',
		reliesOn:
			"RoutingNode prepares every item of a run (or of a Batching batch) in one loop that does not await, and a routing without preSend reaches the item's pagination hook synchronously: every item's hook is entered before any item's first await resumes.",
		usedIn: ['nodes/Pmock/shared/runLedger.ts', 'nodes/Pmock/shared/taskRequest.ts', 'nodes/Pmock/shared/routing.ts'],
	},
	{
		id: 'pagination-hook-sends-each-item',
		reliesOn:
			"For a routing with `send.paginate: true` and `operations.pagination` a function, RoutingNode calls the function once per item instead of sending (this.getItemIndex() is the item, requestData.options holds the assembled body), this.makeRoutingRequest(requestData) sends it and runs postReceive, and the items the function returns are the node's output in item order, unchanged (pairedItem and error items included).",
		usedIn: ['nodes/Pmock/shared/routing.ts', 'nodes/Pmock/shared/taskRequest.ts'],
	},
	{
		id: 'first-failed-item-error-thrown',
		reliesOn:
			"Without On Error → Continue, RoutingNode waits for every item's request, then rejects with the error of the failed item with the lowest index, the same object when it is a NodeApiError.",
		usedIn: ['nodes/Pmock/shared/runLedger.ts'],
	},
	{
		id: 'item-preparation-failure',
		reliesOn:
			'An item whose parameters fail to resolve (an expression error) is never handed to the pagination hook. n8n-core 2.8 then stops the loop and rejects, also with On Error → Continue; 2.41 rejects without it and, with it, outputs {json: {}, error} for that item and prepares the next ones.',
		usedIn: ['nodes/Pmock/shared/runLedger.ts', 'nodes/Pmock/shared/cancelledRun.ts'],
	},
	{
		id: 'batching-parameter-shape',
		reliesOn:
			"n8n's loader adds Request Options → Batching to a declarative node as `requestOptions.batching.batch.{batchSize, batchInterval}`, and RoutingNode waits batchInterval ms before every batchSize-th item only when batchInterval > 0 (a batchSize below 1 counts as 1); otherwise all items are one batch.",
		usedIn: ['nodes/Pmock/shared/runLedger.ts', 'nodes/Pmock/shared/cancelledRun.ts'],
	},
	{
		id: 'default-timeout-set',
		reliesOn:
			'RoutingNode sets requestData.options.timeout before the pagination hook runs: Request Options → Timeout, or 300000 ms when it is not set.',
		usedIn: ['nodes/Pmock/shared/boundedAnswer.ts'],
	},
	{
		id: 'input-items-array-shared',
		reliesOn:
			"Every item of a run sees the run's input items as one array object, this.getExecuteData().data.main[0], whose length is the item count; Retry On Fail's tries see the same array.",
		usedIn: ['nodes/Pmock/shared/runLedger.ts'],
	},
	{
		id: 'execute-once-first-item-only',
		reliesOn:
			'With the Execute Once setting, WorkflowExecute hands RoutingNode only the first input item, while this.getExecuteData().data.main[0] still holds every input item.',
		usedIn: ['nodes/Pmock/shared/runLedger.ts'],
	},
	{
		id: 'execute-data-same-across-retries',
		reliesOn:
			'When Retry On Fail runs the node again, WorkflowExecute hands every try the same executeData object (this.getExecuteData()).',
		usedIn: ['nodes/Pmock/shared/runLedger.ts'],
	},
	{
		id: 'retry-reads-first-item-json-error',
		reliesOn:
			"WorkflowExecute's Retry On Fail runs the node again when it throws or when its first output item's json has an `error` key; an item {json: {}, error} triggers no retry and is passed on as json {error: <message>}.",
		usedIn: ['nodes/Pmock/shared/taskRequest.ts'],
	},
	{
		id: 'abort-signal-replaced-before-authenticate',
		reliesOn:
			"httpRequestWithAuthentication assigns requestOptions.abortSignal = the execution's cancel signal on the very options object the node passed, before the credential's authenticate, replacing any signal the node set; the signal the options hold when sent is the one the HTTP client obeys.",
		usedIn: ['nodes/Pmock/shared/boundedAnswer.ts'],
	},
	{
		id: 'authenticate-gets-node-options',
		reliesOn:
			"The credential's authenticate receives the request options RoutingNode built (method, relative url, body, headers, no baseURL) and what it returns is what is sent: the baseURL and headers it sets reach the server.",
		usedIn: ['credentials/PmockApi.credentials.ts', 'credentials/pmockRequestOrigin.ts'],
	},
	{
		id: 'authenticate-error-wrapped',
		reliesOn:
			"An error the credential's authenticate throws reaches the node as a NodeApiError with the same message; n8n-core 2.8 drops its `cause` (ExecutionBaseError redeclares it), 2.41 keeps the original error as `cause`.",
		usedIn: ['credentials/pmockCredentialErrors.ts', 'nodes/Pmock/shared/taskRequest.ts'],
	},
	{
		id: 'http-status-errors-reach-postreceive',
		reliesOn:
			'With `ignoreHttpStatusErrors: true` in requestDefaults, an HTTP 4xx/5xx answer reaches postReceive as a full response (statusCode, headers, body) instead of being thrown.',
		usedIn: ['nodes/Pmock/Pmock.node.ts', 'nodes/Pmock/shared/responseEnvelope.ts'],
	},
	{
		id: 'redirect-not-followed',
		reliesOn:
			'With `disableFollowRedirect: true`, a 3xx answer reaches postReceive with its status and Location header, and its target is never requested.',
		usedIn: [
			'nodes/Pmock/Pmock.node.ts',
			'credentials/PmockApi.credentials.ts',
			'nodes/Pmock/shared/responseEnvelope.ts',
		],
	},
	{
		id: 'stream-encoding',
		reliesOn:
			"With `encoding: 'stream'`, postReceive's response.body is a readable stream (async iterable, destroy()) that the node reads itself.",
		usedIn: ['nodes/Pmock/Pmock.node.ts', 'nodes/Pmock/shared/boundedAnswer.ts'],
	},
	{
		id: 'ai-tool-input',
		reliesOn:
			'RoutingNode takes its items from the `ai_tool` input when there is no `main` input (a node run as an AI Agent tool).',
		usedIn: ['nodes/Pmock/shared/runLedger.ts'],
	},
] as const satisfies readonly Behaviour[];

export type BehaviourId = (typeof BEHAVIOURS)[number]['id'];
