import { DEFAULT_BASE_URL } from '../../../credentials/pmockBaseUrl';
import { KEYS_ADVICE } from '../../../credentials/pmockCredentialErrors';

/**
 * One policy for every answer at the Base URL, read by the node (responseEnvelope.ts) and the
 * credential's Test (credentialTest.ts), so they cannot disagree: per class of answer, how it is
 * recognised, whether a task may have started, the node's error and the Test's verdict.
 */

export const isSuccessStatus = (status: number): boolean => status >= 200 && status <= 299;

/** The one wording of "a task may have started": what happened, for which items (itemsText), what to do. */
export const mayHaveStarted = (what: string, items: string): string =>
	`${what}: PMock may have started (and billed) a task for ${items}. Check your pmock console before running ${items.startsWith('items') ? 'them' : 'it'} again`;

/** What to do with many items; never contradicts an item that may have started a task. */
export const RERUN_HINT =
	'With many items, use On Error → Continue (using error output) and re-run only the items whose $json.error.taskMayHaveStarted is false. Retry On Fail sends an item again only when it started no task.';

const BATCHING_HINT = `n8n sends all items of a run at once: in the node's Settings, add Request Options → Batching (for example 5 items per batch, 1000 ms batch interval) so that fewer requests go out at a time. ${RERUN_HINT}`;

/** pmock said why it refused; its message tells which of these applies. */
const REFUSED_HINT =
	"PMock did not start a task for this item. If its message names a field, fix that field (the node's field descriptions give the limits); if it is about your pmock account (balance, plan, permissions), fix that in your pmock account; then run this item again.";

/** What the node and the Test know about an answer, server text cut and masked (built by answerWords). */
export interface AnswerWords {
	status: number;
	/** The envelope's numeric `code`; undefined when the answer is not pmock's envelope. */
	code: number | undefined;
	isJsonObject: boolean;
	shownCode: string;
	/** pmock's `message`. */
	says: string | undefined;
	/** "PMock says: "…". traceId: ….", or ''. */
	apiSays: string;
	excerpt: string;
	/** Where a redirect points (an origin). */
	target: string | undefined;
	shownBase: string;
	contentType: string;
}

/** The node's error; its message gets the mayHaveStarted wording when the rule says so. */
export type NodeFailure = { message: string; advice: string };
type TestVerdict = { status: 'OK' | 'Error'; message: string };

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

interface AnswerRule {
	answerClass: AnswerClass;
	recognise: (status: number, code: number | undefined) => boolean;
	taskMayHaveStarted: boolean;
	/** The node's error; none for a success. */
	node?: (words: AnswerWords) => NodeFailure;
	test: (words: AnswerWords) => TestVerdict;
}

const isKeysStatus = (status: number) => status === 401 || status === 403;

/** "HTTP 401" when the status recognised the class, "code 401" when the envelope did. */
const via = (byStatus: boolean, words: AnswerWords) => (byStatus ? `HTTP ${words.status}` : `code ${words.code}`);

const ACCEPTED: TestVerdict = { status: 'OK', message: 'Connection successful: PMock accepted the keys' };

/** The first match wins: a redirect is never read, keys come before limits, limits before failures. */
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
			advice: `${w.isJsonObject ? '' : `Response: ${w.excerpt}. `}The problem is on PMock's side. ${RERUN_HINT}`,
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
		// Not pmock's envelope after a success status: the request may have reached pmock behind
		// whatever answered (a gateway, a login page).
		answerClass: 'notPmockAfterSuccess',
		recognise: (status, code) => code === undefined && isSuccessStatus(status),
		taskMayHaveStarted: true,
		node: (w) => notPmockFailure(w),
		test: (w) => notPmockVerdict(w),
	},
	{
		answerClass: 'notPmock',
		recognise: (_status, code) => code === undefined,
		taskMayHaveStarted: false,
		node: (w) => notPmockFailure(w),
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
	{ answerClass: 'success', recognise: () => true, taskMayHaveStarted: true, test: () => ACCEPTED },
];

const notPmockFailure = (w: AnswerWords): NodeFailure => ({
	message: w.isJsonObject
		? `PMock answered with JSON that is not pmock's answer (HTTP ${w.status}): it has no numeric "code"`
		: `PMock answered with something that is not JSON (HTTP ${w.status})`,
	advice: `Response: ${w.excerpt}. Check that the Base URL in the PMock API credential points at the pmock AI API (default ${DEFAULT_BASE_URL}).`,
});

const notPmockVerdict = (w: AnswerWords): TestVerdict => ({
	status: 'Error',
	message: `The Base URL does not look like the pmock API: ${w.shownBase} answered HTTP ${w.status} (${w.contentType.slice(0, 80)}) with "${w.excerpt}". Check the Base URL in the credential (the default is ${DEFAULT_BASE_URL}).`,
});

/** The rule an answer falls under (the last rule matches everything). */
export const ruleFor = (status: number, code: number | undefined): AnswerRule =>
	ANSWER_POLICY.find((rule) => rule.recognise(status, code))!;

/** Failures before a request reaches anyone (EADDRNOTAVAIL: no local port free). */
const NOT_REACHED = new Set([
	'ECONNREFUSED',
	'ENOTFOUND',
	'EAI_AGAIN',
	'ENETUNREACH',
	'EHOSTUNREACH',
	'EAI_FAIL',
	'EADDRNOTAVAIL',
]);
const TIMED_OUT = new Set(['ECONNABORTED', 'ETIMEDOUT', 'ESOCKETTIMEDOUT']);
const CLOSED = new Set(['ECONNRESET', 'EPIPE']);

interface NetworkFailure {
	/** Undefined when n8n's own words are right (nothing was sent). */
	message?: string;
	advice: string;
	taskMayHaveStarted: boolean;
}

/** A request that failed without an answer, by its network code; all but NOT_REACHED may have reached PMock. */
export function networkFailure(code: string | null, itemIndex: number, answerBegun = false): NetworkFailure {
	if (code && NOT_REACHED.has(code)) {
		return {
			advice: `The request did not reach PMock, so no task was started for item ${itemIndex + 1}: check the Base URL in the PMock API credential and this machine's network.`,
			taskMayHaveStarted: false,
		};
	}
	// No network code in the message: n8n would reword it.
	const what = answerBegun
		? 'The connection to PMock failed before its whole answer arrived'
		: TIMED_OUT.has(code ?? '')
			? 'PMock did not answer in time'
			: CLOSED.has(code ?? '')
				? 'The connection to PMock closed before its answer arrived'
				: 'The connection to PMock failed before its whole answer arrived';
	return { message: mayHaveStarted(what, `item ${itemIndex + 1}`), advice: RERUN_HINT, taskMayHaveStarted: true };
}
