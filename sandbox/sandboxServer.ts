import { createHash, randomBytes, randomUUID } from 'crypto';
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'http';
import type { AddressInfo } from 'net';

import { BodyError, ENDPOINTS, type JsonObject } from './endpoints';
import { checkRequestSignature, HEADER_PAIRS } from './signature';

/** The API lives under this prefix, like https://ai.pmock.com/api: the credential's Base URL ends in it. */
export const API_PREFIX = '/api';

/** Control endpoints for tests and demos; not part of pmock's API. */
export const CONTROL_PREFIX = '/__sandbox';

/** An answer to give instead of the sandbox's own, to a correctly signed request. */
export interface Answer {
	/** HTTP status, 200 when left out. */
	status?: number;
	/** An object is sent as JSON, a string as it is; pmock's envelope with code 500 when left out. */
	body?: unknown;
	headers?: Record<string, string>;
	/**
	 * Drop the connection instead of answering: `before-headers` closes it without a byte of
	 * answer, `mid-body` sends the status, the headers and half of the body first.
	 */
	hangUp?: 'before-headers' | 'mid-body';
	/** Wait this long (milliseconds) before answering or hanging up. */
	delayMs?: number;
}

/** A queued one-off answer (see queueFaults), optionally only for some requests. */
export interface Fault extends Answer {
	/** Only requests to this API path (e.g. "/ai/sa/video/generate/v2") take the fault. */
	path?: string;
	/** Only a request whose JSON body has these top-level values (e.g. { "prompt": "item 57" }) takes the fault. */
	whenBody?: Record<string, unknown>;
}

/** Decides the answer to every correctly signed request, in place of the endpoints (tests, the benchmark). */
export type Responder = (request: LoggedRequest, index: number) => Answer;

/** What the sandbox received and answered, as GET /__sandbox/requests lists it. */
export interface LoggedRequest {
	seq: number;
	receivedAt: string;
	method: string;
	/** The request path as received, without the query, e.g. "/api/ai/sa/video/generate/v2". */
	url: string;
	/** The API path without the /api prefix, e.g. "/ai/sa/video/generate/v2" (the url when outside /api). */
	path: string;
	/** Headers as received, except the two tokens, which are never logged. */
	headers: IncomingHttpHeaders;
	/** "valid", or why the signature was refused. */
	signature: string;
	/** The parsed JSON body, or null when it was not JSON. */
	body: unknown;
	rawBody: string;
	/** True when a queued fault or the responder answered instead of the sandbox's endpoints. */
	fault: boolean;
	/** Status 0 when the connection was dropped on purpose. */
	response: { status: number; body: unknown };
}

export interface SandboxOptions {
	accessKey: string;
	secretKey: string;
	/** 0 (the default) takes a free port. */
	port?: number;
	host?: string;
	/** Length of the accept queue, 4096 unless set (Node's default is 511). */
	backlog?: number;
	/** Called with one line per API request, e.g. console.log for the CLI. */
	onRequest?: (entry: LoggedRequest) => void;
}

const envelope = (code: number, message: string, data: unknown = null) => ({
	code,
	message,
	data,
	traceId: randomBytes(8).toString('hex'),
});

/**
 * The local stand-in for the pmock AI API, used by `npm start`, the unit and e2e tests and the
 * benchmark. It checks the signature first (both header pairs, as the credential sends them),
 * then answers with, in this order: a queued fault, the responder a test set, or its own
 * endpoints, which validate bodies like the real API and answer `{code, message, data:
 * {taskId}, traceId}`. It logs everything it received (tokens redacted). Tests and demos can
 * also control it over HTTP: see CONTROL_PREFIX.
 */
export class SandboxServer {
	readonly requests: LoggedRequest[] = [];

	readonly faults: Fault[] = [];

	private responder?: Responder;

	private server?: Server;

	private seq = 0;

	/** Correctly signed requests answered since the last reset: the responder's `index`. */
	private answered = 0;

	private inFlight = 0;

	/** The most requests held at once (received, not yet answered) since the last reset. */
	peakInFlight = 0;

	/** Requests received whose connection is still open (answered or not): 0 once clients hang up. */
	get openRequests(): number {
		return this.inFlight;
	}

	/** Delayed answers not yet sent: stop() cancels them. */
	private readonly delayed = new Set<NodeJS.Timeout>();

	constructor(readonly options: SandboxOptions) {}

	/** e.g. http://127.0.0.1:5680 */
	get url(): string {
		const { address, port } = this.server!.address() as AddressInfo;
		return `http://${address.includes(':') ? `[${address}]` : address}:${port}`;
	}

	/** What a PMock API credential's Base URL should be. */
	get baseUrl(): string {
		return `${this.url}${API_PREFIX}`;
	}

	/** Each fault answers one later correctly signed request, in order; a badly signed one still gets 401. */
	queueFaults(faults: Fault[]): void {
		this.faults.push(...faults);
	}

	/** Forgets the request log; numbering starts at 1 again. */
	clearRequests(): void {
		this.requests.length = 0;
		this.seq = 0;
	}

	/** Forgets the log and any queued faults, and answers with `responder` from now on (the endpoints when none). */
	reset(responder?: Responder): void {
		this.clearRequests();
		this.faults.length = 0;
		this.responder = responder;
		this.answered = 0;
		this.peakInFlight = this.inFlight;
	}

	async start(): Promise<this> {
		this.server = createServer((req, res) => {
			this.peakInFlight = Math.max(this.peakInFlight, ++this.inFlight);
			res.on('close', () => (this.inFlight -= 1));
			const chunks: Buffer[] = [];
			req.on('data', (chunk: Buffer) => chunks.push(chunk));
			req.on('end', () => {
				try {
					this.handle(req, res, Buffer.concat(chunks).toString('utf8'));
				} catch (error) {
					send(res, 500, envelope(500, `sandbox error: ${(error as Error).message}`));
				}
			});
		});
		await new Promise<void>((resolve, reject) => {
			this.server!.once('error', reject);
			// A deep accept queue by default: n8n opens a connection per item, all items at once,
			// and Node's default queue (511) would make the kernel drop and retry (1 s) the rest.
			this.server!.listen(
				{ port: this.options.port ?? 0, host: this.options.host ?? '127.0.0.1', backlog: this.options.backlog ?? 4096 },
				resolve,
			);
		});
		return this;
	}

	async stop(): Promise<void> {
		if (!this.server?.listening) return;
		for (const timer of this.delayed) clearTimeout(timer);
		this.delayed.clear();
		this.server.closeAllConnections();
		await new Promise<void>((resolve) => this.server!.close(() => resolve()));
	}

	private handle(req: IncomingMessage, res: ServerResponse, rawBody: string): void {
		const method = req.method ?? 'GET';
		const url = (req.url ?? '/').split('?')[0];
		if (url === CONTROL_PREFIX || url.startsWith(`${CONTROL_PREFIX}/`)) {
			return this.control(method, url.slice(CONTROL_PREFIX.length), rawBody, res);
		}
		this.api(req, method, url, rawBody, res);
	}

	private api(req: IncomingMessage, method: string, url: string, rawBody: string, res: ServerResponse): void {
		const underApi = url === API_PREFIX || url.startsWith(`${API_PREFIX}/`);
		const path = underApi ? url.slice(API_PREFIX.length) : url;
		let body: unknown = null;
		try {
			body = rawBody ? JSON.parse(rawBody) : null;
		} catch {
			body = null;
		}
		// The signature comes first, as at the real API: a queued fault stands for the API's answer to
		// a valid request, so a badly signed one gets the 401 and leaves the fault queued.
		const verdict = checkRequestSignature(req.headers, this.options.accessKey, this.options.secretKey);
		const entry: LoggedRequest = {
			seq: ++this.seq,
			receivedAt: new Date().toISOString(),
			method,
			url,
			path,
			headers: withoutTokens(req.headers),
			signature: verdict.ok ? 'valid' : verdict.reason,
			body,
			rawBody,
			fault: false,
			response: { status: 0, body: null },
		};
		this.requests.push(entry);

		const answer = (status: number, responseBody: unknown, headers: Record<string, string> = {}) => {
			entry.response = { status, body: responseBody };
			send(res, status, responseBody, headers);
			this.options.onRequest?.(entry);
		};

		if (!verdict.ok) return answer(401, envelope(401, `Unauthorized: ${verdict.reason}`));

		const faultIndex = this.faults.findIndex((fault) => faultApplies(fault, path, body));
		const index = this.answered++;
		const given = faultIndex >= 0 ? this.faults.splice(faultIndex, 1)[0] : this.responder?.(entry, index);
		if (given) {
			entry.fault = true;
			return this.give(entry, res, given, answer);
		}

		if (!underApi) return answer(404, envelope(404, `No such path ${url}: the API is under ${API_PREFIX}`));
		const endpoint = ENDPOINTS.find((candidate) => candidate.path === path);
		if (!endpoint) return answer(404, envelope(404, `No such endpoint: ${method} ${path}`));
		if (endpoint.method !== method) {
			return answer(
				405,
				envelope(405, `Request method '${method}' is not supported by ${path}: use ${endpoint.method}`),
			);
		}
		if (rawBody && body === null) return answer(200, envelope(400, 'Request body is not valid JSON'));
		if (typeof body !== 'object' || body === null || Array.isArray(body)) {
			return answer(200, envelope(400, 'Request body must be a JSON object'));
		}
		try {
			endpoint.validate(body as JsonObject);
		} catch (error) {
			if (!(error instanceof BodyError)) throw error;
			// An OpenAI-compatible endpoint refuses as OpenAI does: its error shape, HTTP 400.
			if (endpoint.openAi) {
				return answer(400, { error: { message: error.message, type: 'invalid_request_error', code: null } });
			}
			return answer(200, envelope(400, error.message));
		}
		if (endpoint.openAi) {
			const result = endpoint.openAi.answer(body as JsonObject);
			send(res, 200, result);
			// The log keeps what the image was, not its bytes: 20 4K images would be a gigabyte.
			entry.response = { status: 200, body: withImagesSummarised(result) };
			this.options.onRequest?.(entry);
			return;
		}
		answer(200, envelope(200, 'success', { taskId: randomUUID() }));
	}

	/** Gives a fault's or the responder's answer, after its delay: a reply, or a dropped connection. */
	private give(
		entry: LoggedRequest,
		res: ServerResponse,
		given: Answer,
		answer: (status: number, body: unknown, headers?: Record<string, string>) => void,
	): void {
		const respond = () => {
			if (given.hangUp) return this.hangUp(entry, res, given);
			answer(given.status ?? 200, given.body ?? envelope(500, 'fault injected by the sandbox'), given.headers);
		};
		if (!given.delayMs) return respond();
		const timer = setTimeout(() => {
			this.delayed.delete(timer);
			respond();
		}, given.delayMs);
		this.delayed.add(timer);
	}

	/** An answer that drops the connection: logged with status 0 and the way it hung up. */
	private hangUp(entry: LoggedRequest, res: ServerResponse, given: Answer): void {
		entry.response = { status: 0, body: `hung up ${given.hangUp}` };
		if (given.hangUp === 'before-headers') res.socket?.destroy();
		else {
			const payload = JSON.stringify(given.body ?? envelope(200, 'success', { taskId: randomUUID() }));
			res.writeHead(given.status ?? 200, {
				'content-type': 'application/json',
				'content-length': String(payload.length),
				...given.headers,
			});
			// The announced length is never delivered: the client sees the stream break.
			res.write(payload.slice(0, Math.floor(payload.length / 2)));
			setImmediate(() => res.socket?.destroy());
		}
		this.options.onRequest?.(entry);
	}

	/**
	 * GET    /__sandbox/requests  what the API received, oldest first
	 * DELETE /__sandbox/requests  forget it (and any queued faults)
	 * POST   /__sandbox/faults    queue answers for the next correctly signed API requests: a Fault or a list
	 * GET    /__sandbox/faults    the faults still queued
	 * DELETE /__sandbox/faults    drop them
	 */
	private control(method: string, path: string, rawBody: string, res: ServerResponse): void {
		const route = `${method} ${path}`;
		if (route === 'GET /requests') return send(res, 200, this.requests);
		if (route === 'DELETE /requests') {
			this.reset(this.responder);
			return send(res, 200, { cleared: true });
		}
		if (route === 'GET /faults') return send(res, 200, this.faults);
		if (route === 'DELETE /faults') {
			this.faults.length = 0;
			return send(res, 200, { cleared: true });
		}
		if (route === 'POST /faults') {
			let parsed: unknown;
			try {
				parsed = JSON.parse(rawBody);
			} catch {
				return send(res, 400, {
					error:
						'Send a JSON fault, e.g. {"status":429,"body":{"code":429,"message":"too many requests"}}, or a list of them',
				});
			}
			const faults = (Array.isArray(parsed) ? parsed : [parsed]) as unknown[];
			const invalid = faults.find((fault) => typeof fault !== 'object' || fault === null || Array.isArray(fault));
			if (invalid !== undefined)
				return send(res, 400, { error: 'Each fault must be an object like {"status":429,"body":{...}}' });
			this.queueFaults(faults as Fault[]);
			return send(res, 200, { queued: this.faults.length });
		}
		send(res, 404, { error: `No sandbox control endpoint ${route}` });
	}
}

function faultApplies(fault: Fault, path: string, body: unknown): boolean {
	if (fault.path && fault.path !== path) return false;
	if (!fault.whenBody) return true;
	const fields = body && typeof body === 'object' ? (body as Record<string, unknown>) : {};
	return Object.entries(fault.whenBody).every(([key, value]) => JSON.stringify(fields[key]) === JSON.stringify(value));
}

/** An OpenAI images answer with each `b64_json` replaced by its size and SHA-256, as the log keeps it. */
export function withImagesSummarised(answer: JsonObject): JsonObject {
	const data = Array.isArray(answer.data) ? (answer.data as JsonObject[]) : [];
	return {
		...answer,
		data: data.map(({ b64_json, ...rest }) => {
			if (typeof b64_json !== 'string') return rest;
			const bytes = Buffer.from(b64_json, 'base64');
			return { ...rest, image: { bytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') } };
		}),
	};
}

function withoutTokens(headers: IncomingHttpHeaders): IncomingHttpHeaders {
	const copy = { ...headers };
	for (const prefix of HEADER_PAIRS) {
		if (copy[`${prefix}-access-token`] !== undefined) copy[`${prefix}-access-token`] = '[redacted]';
	}
	return copy;
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
	const isText = typeof body === 'string';
	res.writeHead(status, {
		'content-type': isText ? 'text/plain; charset=utf-8' : 'application/json',
		...headers,
	});
	res.end(isText ? body : JSON.stringify(body));
}
