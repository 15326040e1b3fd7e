import { DEFAULT_BASE_URL } from '../../../credentials/pmockBaseUrl';
import { KEYS_ADVICE } from '../../../credentials/pmockCredentialErrors';

/**
 * One policy for every answer pmock (or whatever stands at the Base URL) can give, read by
 * both the node (responseEnvelope.ts, failForResponse) and the credential's Test button
 * (credentialTest.ts): for each class of answer, how it is recognised (HTTP status and the
 * envelope's `code`), whether pmock may have started (and billed) a task for the item, the
 * node's error message and advice, and the Test's verdict. The node and the Test cannot
 * disagree about what an answer means because they read the same row; only their words differ
 * (the node speaks about the item, the Test about the keys).
 */

/**
 * On Error → Continue is the first advice for many items. Retry On Fail re-runs the whole
 * node; the node then sends again only the items that did not start a task (see SentItems in
 * runLedger.ts), and not those that may have started one, which stay failed.
 */
export const RERUN_HINT =
	'With many items, use On Error → Continue (using error output) and re-run only the failed ones. Retry On Fail sends again only items that started no task: not this one if a task may have started.';

/** n8n sends every item of a run at once unless the node's Request Options say otherwise. */
const BATCHING_HINT = `n8n sends all items of a run at once: in the node's Settings, add Request Options → Batching (for example 5 items per batch, 1000 ms batch interval) so that fewer requests go out at a time. ${RERUN_HINT}`;

/** pmock refused the item and said why; its message tells which of these applies. */
const REFUSED_HINT =
	"PMock did not start a task for this item. If its message names a field, fix that field (the node's field descriptions give the limits); if it is about your pmock account (balance, plan, permissions), fix that in your pmock account; then run this item again.";

const CHECK_CONSOLE = 'check your pmock console before running it again';

/** What the node and the Test know about an answer when they put it into words. */
export interface AnswerWords {
	status: number;
	/** The envelope's `code` as a number; undefined when the answer is not pmock's envelope. */
	code: number | undefined;
	/** Whether the body is a JSON object (pmock's envelope or not). */
	isJsonObject: boolean;
	/** The `code` as messages show it (cut, masked). */
	shownCode: string;
	/** pmock's `message`, cut and masked; undefined when it sent none. */
	says: string | undefined;
	/** "PMock says: "…". traceId: ….", or '' when pmock sent neither. */
	apiSays: string;
	/** A one-line excerpt of the body, cut and masked. */
	excerpt: string;
	/** Where a redirect points (an origin), when it says. */
	target: string | undefined;
	/** The Base URL as messages show it (the Test names it). */
	shownBase: string;
	/** The answer's content type (the Test names it). */
	contentType: string;
}

export interface NodeFailure {
	message: string;
	advice: string;
}

export interface TestVerdict {
	status: 'OK' | 'Error';
	message: string;
}

export type AnswerClass =
	| 'redirect'
	| 'keysRejected'
	| 'rateLimited'
	| 'serverFailing'
	| 'notPmockAfterSuccess'
	| 'notPmock'
	| 'refused'
	| 'errorCode'
	| 'success';

export interface AnswerRule {
	answerClass: AnswerClass;
	/** Whether an answer is of this class; the rules are read in order and the first match wins. */
	recognise: (status: number, code: number | undefined) => boolean;
	/** Whether pmock may have started (and billed) a task for the item despite the error. */
	taskMayHaveStarted: boolean;
	/** The node's error; undefined for a success, where the node outputs the taskId. */
	node?: (words: AnswerWords) => NodeFailure;
	/** The Test button's verdict. */
	test: (words: AnswerWords) => TestVerdict;
}

const isSuccessStatus = (status: number) => status >= 200 && status <= 299;
const isKeysStatus = (status: number) => status === 401 || status === 403;

/** "HTTP 401" when the status recognised the class, "code 401" when the envelope did. */
const via = (byStatus: boolean, words: AnswerWords) => (byStatus ? `HTTP ${words.status}` : `code ${words.code}`);

const ACCEPTED: TestVerdict = { status: 'OK', message: 'Connection successful: PMock accepted the keys' };

/** The answer classes, most specific first: a redirect is never read, keys come before limits, limits before failures. */
export const ANSWER_POLICY: readonly AnswerRule[] = [
	{
		answerClass: 'redirect',
		recognise: (status) => status >= 300 && status <= 399,
		taskMayHaveStarted: false,
		node: (w) => ({
			message: `PMock answered with a redirect (HTTP ${w.status}) ${w.target ? `to ${w.target}` : 'without a target'}`,
			advice: `The redirect was not followed: nothing was sent there, and PMock did not start a task for this item. If pmock has moved, set the Base URL in the PMock API credential to its new address (default ${DEFAULT_BASE_URL}).`,
		}),
		test: (w) => ({
			status: 'Error',
			message: `${w.shownBase} redirects (HTTP ${w.status})${w.target ? ` to ${w.target}` : ''}: the Test did not follow it and sent nothing there. If pmock moved, enter the new address as the Base URL.`,
		}),
	},
	{
		answerClass: 'keysRejected',
		recognise: (status, code) => isKeysStatus(status) || code === 401 || code === 403,
		taskMayHaveStarted: false,
		node: (w) => ({
			message: `PMock rejected the credentials (${via(isKeysStatus(w.status), w)})`,
			advice: `Check the Access Key and Secret Key in the PMock API credential ${KEYS_ADVICE}`,
		}),
		test: (w) => ({
			status: 'Error',
			message: `PMock rejected these keys (${via(isKeysStatus(w.status), w)}): check the Access Key and the Secret Key ${KEYS_ADVICE}${w.apiSays ? ` ${w.apiSays}` : ''}`,
		}),
	},
	{
		answerClass: 'rateLimited',
		recognise: (status, code) => status === 429 || code === 429,
		taskMayHaveStarted: false,
		node: () => ({ message: 'PMock rate limit reached (too many requests)', advice: BATCHING_HINT }),
		test: (w) => ({
			status: 'Error',
			message: `PMock at ${w.shownBase} is limiting requests (${via(w.status === 429, w)}), so the keys could not be checked: try the Test again in a minute.`,
		}),
	},
	{
		answerClass: 'serverFailing',
		recognise: (status, code) => status >= 500 || (code !== undefined && code >= 500 && code <= 599),
		taskMayHaveStarted: true,
		node: (w) => ({
			message: `PMock server error (${via(w.status >= 500, w)})`,
			advice: `${w.isJsonObject ? '' : `Response: ${w.excerpt}. `}The problem is on PMock's side: try again later. PMock may or may not have started a task for this item: ${CHECK_CONSOLE}. ${RERUN_HINT}`,
		}),
		test: (w) => {
			const says = w.code !== undefined ? w.apiSays : `It answered "${w.excerpt}".`;
			return {
				status: 'Error',
				message: `PMock is failing at ${w.shownBase} (${via(w.status >= 500, w)}), so the keys could not be checked: try the Test again later.${says ? ` ${says}` : ''}`,
			};
		},
	},
	{
		// Not pmock's envelope after a success status: nobody can say whether the request
		// reached pmock behind whatever answered (a gateway, a login page, another API).
		answerClass: 'notPmockAfterSuccess',
		recognise: (status, code) => code === undefined && isSuccessStatus(status),
		taskMayHaveStarted: true,
		node: (w) => notPmockFailure(w, ` If it does, PMock may have started a task for this item: ${CHECK_CONSOLE}.`),
		test: (w) => notPmockVerdict(w),
	},
	{
		answerClass: 'notPmock',
		recognise: (_status, code) => code === undefined,
		taskMayHaveStarted: false,
		node: (w) => notPmockFailure(w, ''),
		test: (w) => notPmockVerdict(w),
	},
	{
		// pmock's envelope with a refusal: the signature passed (the Test's empty body ends here).
		answerClass: 'refused',
		recognise: (status) => !isSuccessStatus(status),
		taskMayHaveStarted: false,
		node: (w) => ({
			message: `PMock refused the request (HTTP ${w.status})${w.says ? `: ${w.says}` : ''}`,
			advice: REFUSED_HINT,
		}),
		test: () => ACCEPTED,
	},
	{
		answerClass: 'errorCode',
		recognise: (_status, code) => code !== 200,
		taskMayHaveStarted: false,
		node: (w) => ({
			message: `PMock returned error code ${w.shownCode}${w.says ? `: ${w.says}` : ''}`,
			advice: REFUSED_HINT,
		}),
		test: () => ACCEPTED,
	},
	{
		answerClass: 'success',
		recognise: () => true,
		taskMayHaveStarted: true,
		test: () => ACCEPTED,
	},
];

function notPmockFailure(w: AnswerWords, mayHaveStarted: string): NodeFailure {
	return {
		message: w.isJsonObject
			? `PMock answered with JSON that is not pmock's answer (HTTP ${w.status}): it has no numeric "code"`
			: `PMock answered with something that is not JSON (HTTP ${w.status})`,
		advice: `Response: ${w.excerpt}. Check that the Base URL in the PMock API credential points at the pmock AI API (default ${DEFAULT_BASE_URL}).${mayHaveStarted}`,
	};
}

const notPmockVerdict = (w: AnswerWords): TestVerdict => ({
	status: 'Error',
	message: `The Base URL does not look like the pmock API: ${w.shownBase} answered HTTP ${w.status} (${w.contentType.slice(0, 80)}) with "${w.excerpt}". Check the Base URL in the credential (the default is ${DEFAULT_BASE_URL}).`,
});

/** The rule an answer falls under: its HTTP status and the envelope's numeric `code` (undefined without one). */
export function ruleFor(status: number, code: number | undefined): AnswerRule {
	// The last rule matches everything, so there always is one.
	return ANSWER_POLICY.find((rule) => rule.recognise(status, code))!;
}

/**
 * Network failures that happen before a request reaches anyone: nothing was sent. Every other
 * failure without an answer (reset, timeout, an answer cut off) may come after PMock received
 * the request and started a task.
 */
// EADDRNOTAVAIL: no local port was free to connect from.
const NOT_REACHED = new Set([
	'ECONNREFUSED',
	'ENOTFOUND',
	'EAI_AGAIN',
	'ENETUNREACH',
	'EHOSTUNREACH',
	'EAI_FAIL',
	'EADDRNOTAVAIL',
]);

/** Codes of an answer that did not come in time (axios says ECONNABORTED for its timeout). */
const TIMED_OUT = new Set(['ECONNABORTED', 'ETIMEDOUT', 'ESOCKETTIMEDOUT']);

/** Codes of a connection closed by the other side. */
const CLOSED = new Set(['ECONNRESET', 'EPIPE']);

export interface NetworkFailure {
	/**
	 * The item's error message, which n8n's error output shows as `$json.error`; undefined
	 * when n8n's own words are right (nothing was sent, so nothing else needs saying there).
	 */
	message?: string;
	advice: string;
	taskMayHaveStarted: boolean;
}

/**
 * A request that failed without an answer, by its network code (null when there is none).
 * n8n words these for any API ("You can retry the request immediately", "consider setting
 * the 'Retry on Fail' option"), which is wrong for paid work: the item's message itself says
 * that a task may have started, so that it shows on the error branch.
 */
/** A failure's message after the request was sent: what happened, then that a task may have started. */
export const paidWorkMessage = (what: string, itemIndex: number): string =>
	`${what}: PMock may have started (and billed) a task for item ${itemIndex + 1}. Check your pmock console before running it again`;

/**
 * `answerBegun`: the answer's headers had come when the connection failed (boundedAnswer.ts
 * reads the body after them), whatever code the failure had.
 */
export function networkFailure(code: string | null, itemIndex: number, answerBegun = false): NetworkFailure {
	const item = `item ${itemIndex + 1}`;
	if (code && NOT_REACHED.has(code)) {
		return {
			advice: `The request did not reach PMock, so no task was started for ${item}: check the Base URL in the PMock API credential and this machine's network.`,
			taskMayHaveStarted: false,
		};
	}
	// No network code in the message: n8n rewrites a message that contains one into its own words.
	const what = answerBegun
		? 'The connection to PMock failed before its whole answer arrived'
		: TIMED_OUT.has(code ?? '')
			? 'PMock did not answer in time'
			: CLOSED.has(code ?? '')
				? 'The connection to PMock closed before its answer arrived'
				: 'The connection to PMock failed before its whole answer arrived';
	return {
		message: paidWorkMessage(what, itemIndex),
		advice: `PMock may have received this item's request and started a task (billed) before the connection failed: check your pmock console before running ${item} again. ${RERUN_HINT}`,
		taskMayHaveStarted: true,
	};
}
