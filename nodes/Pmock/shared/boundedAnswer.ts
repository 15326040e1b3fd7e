import type { IExecuteSingleFunctions, IHttpRequestOptions, IN8nHttpFullResponse, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { DEFAULT_BASE_URL } from '../../../credentials/pmockBaseUrl';
import { isSuccessStatus, mayHaveStarted, RERUN_HINT } from './answerPolicy';
import { excerptOf } from './serverText';

/**
 * Bounds every item's request, where n8n's own bounds do not hold (axios's `timeout` restarts
 * with every byte, the answer is read whole): one AbortSignal (Timeout, cancel, our close)
 * bounds connect, headers and body, and the answer is read as a stream, up to a limit.
 */

/** The most of an answer the node reads: pmock's envelope is a few hundred bytes. */
export const ANSWER_MAX_BYTES = 1024 * 1024;

/** Takes a body chunk by chunk, so that no item holds it whole (an image answer decodes its base64 as it comes). */
export interface AnswerSink {
	write(chunk: Buffer): void;
	/** The body the answer step reads, once the whole answer came. */
	end(): unknown;
}

/** How much of an answer the node reads, and what such an answer usually is (for the refusal's words). */
export interface AnswerBound {
	maxBytes: number;
	usual: string;
	/** A sink for this answer's body, by its status and announced length; the body is read as text without one. */
	sinkFor?: (status: number, declaredBytes: number | undefined) => AnswerSink | undefined;
}

const TASK_ANSWER_BOUND: AnswerBound = {
	maxBytes: ANSWER_MAX_BYTES,
	usual: "pmock's answers are a few hundred bytes",
};

/** n8n's Timeout when Request Options set none (default-timeout-set). */
const DEFAULT_TIMEOUT_MS = 300_000;

/** axios's own (per-byte) timer is set this much later than ours, so that it never wins. */
const AXIOS_TIMEOUT_MARGIN_MS = 1_000;

const secondsOf = (ms: number) => {
	const seconds = ms / 1000;
	return `${seconds.toLocaleString('en-US', { maximumFractionDigits: 3 })} second${seconds === 1 ? '' : 's'}`;
};

/**
 * The error of an item whose request was sent; its message says so when a task may have started.
 * No network code: n8n would replace the message with its own words.
 */
function sentRequestError(
	context: IExecuteSingleFunctions,
	what: string,
	description: string,
	taskMayHaveStarted: boolean,
): NodeApiError {
	const itemIndex = context.getItemIndex();
	const message = taskMayHaveStarted ? mayHaveStarted(what, `item ${itemIndex + 1}`) : what;
	const error = new NodeApiError(context.getNode(), { message } as JsonObject, { message, description, itemIndex });
	error.context.taskMayHaveStarted = taskMayHaveStarted;
	return error;
}

/**
 * Bounds the request `options` is about to send: aborted after the Timeout, on cancel or on
 * close(). n8n overwrites `options.abortSignal` before sending (abort-signal-replaced-before-authenticate),
 * so it becomes a property that combines n8n's signal with ours.
 */
export function boundRequest(
	context: IExecuteSingleFunctions,
	options: Pick<IHttpRequestOptions, 'timeout' | 'abortSignal'>,
) {
	const timeoutMs = typeof options.timeout === 'number' && options.timeout > 0 ? options.timeout : DEFAULT_TIMEOUT_MS;
	const deadline = AbortSignal.timeout(timeoutMs);
	const closing = new AbortController();
	const cancel = context.getExecutionCancelSignal();
	const ours = AbortSignal.any([deadline, closing.signal, ...(cancel ? [cancel] : [])]);
	let signal = ours;
	Object.defineProperty(options, 'abortSignal', {
		configurable: true,
		enumerable: true,
		get: () => signal,
		set: (given: AbortSignal | undefined) => {
			signal = given && given !== cancel ? AbortSignal.any([ours, given]) : ours;
		},
	});
	options.timeout = timeoutMs + AXIOS_TIMEOUT_MARGIN_MS;

	return {
		/** The item's error for a failed request: the timeout or cancel error when the bound stopped it, else `error`. */
		failure(error: unknown): unknown {
			// Our own reading of the answer (a refused size) already says what happened.
			if (error instanceof NodeApiError && typeof error.context.taskMayHaveStarted === 'boolean') return error;
			if (deadline.aborted) {
				const what = `PMock did not answer within ${secondsOf(timeoutMs)} (Request Options → Timeout)`;
				const advice = `The node stopped waiting and closed the connection before PMock's answer was complete. If PMock is only slow, raise Timeout in the node's Settings → Request Options (${secondsOf(DEFAULT_TIMEOUT_MS)} when not set). ${RERUN_HINT}`;
				return sentRequestError(context, what, advice, true);
			}
			const stopped = 'The execution was stopped before PMock answered';
			if (cancel?.aborted)
				return sentRequestError(context, stopped, `The node closed the connection. ${RERUN_HINT}`, true);
			return error;
		},
		/** Closes the request's connection if it is still open (after a refused answer, or any failure). */
		close(): void {
			closing.abort();
		},
	};
}

type Readable = AsyncIterable<Buffer | string> & { destroy(): void };
const isStream = (body: unknown): body is Readable =>
	typeof body === 'object' && body !== null && Symbol.asyncIterator in body && 'destroy' in body;

/** An answer over the limit: not pmock's; after a success or a server error a task may have started behind it. */
function tooLarge(
	context: IExecuteSingleFunctions,
	bound: AnswerBound,
	status: number,
	what: string,
	start: string | undefined,
): NodeApiError {
	const bytes = bound.maxBytes.toLocaleString('en-US');
	const mayHave = isSuccessStatus(status) || status >= 500;
	const message = `PMock's answer is larger than ${(bound.maxBytes / 1024 / 1024).toLocaleString('en-US')} MB (HTTP ${status}): it is not pmock's answer`;
	const description = [
		`${what}: the node read no more than ${bytes} bytes of it and closed the connection (${bound.usual}).`,
		start === undefined ? '' : `Response: ${excerptOf(start, `more than ${bytes}`)}.`,
		`Check that the Base URL in the PMock API credential points at the pmock AI API (default ${DEFAULT_BASE_URL}).`,
		mayHave ? RERUN_HINT : 'PMock did not start a task for this item.',
	];
	return sentRequestError(context, message, description.filter(Boolean).join(' '), mayHave);
}

/**
 * The answer with its body read as text (or by the bound's sink), at most `bound.maxBytes`: a
 * larger one is refused and its stream destroyed; one that breaks off fails like a connection reset.
 */
export async function boundedAnswer(
	context: IExecuteSingleFunctions,
	response: IN8nHttpFullResponse,
	bound: AnswerBound = TASK_ANSWER_BOUND,
): Promise<IN8nHttpFullResponse> {
	const { body, statusCode: status } = response;
	const { maxBytes } = bound;
	if (!isStream(body)) {
		const size = typeof body === 'string' ? Buffer.byteLength(body) : Buffer.isBuffer(body) ? body.length : 0;
		const what = `It is ${size.toLocaleString('en-US')} bytes`;
		if (size > maxBytes) throw tooLarge(context, bound, status, what, String(body).slice(0, 4096));
		return response;
	}
	const declared = Number(response.headers?.['content-length']);
	if (Number.isFinite(declared) && declared > maxBytes) {
		body.destroy();
		throw tooLarge(context, bound, status, `It announced ${declared.toLocaleString('en-US')} bytes`, undefined);
	}
	const sink = bound.sinkFor?.(status, Number.isFinite(declared) ? declared : undefined);
	const chunks: Buffer[] = [];
	/** The answer's first bytes, for the excerpt of a refusal when a sink takes the body. */
	const head: Buffer[] = [];
	let size = 0;
	try {
		// Leaving the loop early (break or throw) destroys the stream.
		for await (const chunk of body) {
			const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
			if (size < 4096) head.push(bytes.subarray(0, 4096 - size));
			size += bytes.length;
			if (size > maxBytes) break;
			if (sink) sink.write(bytes);
			else chunks.push(bytes);
		}
	} catch (error) {
		// A network error for requestFailure (taskRequest.ts), which adds what to do.
		const { code } = error as { code?: unknown };
		throw Object.assign(new Error(`PMock's answer broke off after ${size.toLocaleString('en-US')} bytes`), {
			httpCode: typeof code === 'string' ? code : 'ECONNRESET',
			answerBegun: true,
		});
	}
	if (size > maxBytes) {
		body.destroy();
		const start = Buffer.concat(head).toString('utf8');
		throw tooLarge(context, bound, status, `It went on past ${maxBytes.toLocaleString('en-US')} bytes`, start);
	}
	if (sink) return { ...response, body: sink.end() as IN8nHttpFullResponse['body'] };
	const text = Buffer.concat(chunks).toString('utf8');
	return { ...response, body: text.charCodeAt(0) === 0xfeff ? text.slice(1) : text };
}
