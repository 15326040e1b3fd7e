import { randomBytes, randomUUID } from 'crypto';
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'http';
import type { AddressInfo } from 'net';

import { BodyError, ENDPOINTS, type JsonObject } from './endpoints';
import { checkRequestSignature, HEADER_PAIRS } from './signature';

/** The API lives under this prefix, like https://ai.pmock.com/api: the credential's Base URL ends in it. */
export const API_PREFIX = '/api';

/** Control endpoints for tests and demos; not part of pmock's API. */
export const CONTROL_PREFIX = '/__sandbox';

/** One answer the sandbox was told to give instead of its own to a correctly signed request (see queueFaults). */
export interface Fault {
	/** HTTP status, 200 when left out. */
	status?: number;
	/** An object is sent as JSON, a string as it is; pmock's envelope with code 500 when left out. */
	body?: unknown;
	headers?: Record<string, string>;
	/** Only requests to this API path (e.g. "/ai/sa/video/generate/v2") take the fault. */
	path?: string;
}

/** What the sandbox received and answered, as GET /__sandbox/requests lists it. */
export interface LoggedRequest {
	seq: number;
	receivedAt: string;
	method: string;
	/** The API path without the /api prefix, e.g. "/ai/sa/video/generate/v2". */
	path: string;
	/** Headers as received, except the two tokens, which are never logged. */
	headers: IncomingHttpHeaders;
	/** "valid", or why the signature was refused. */
	signature: string;
	/** The parsed JSON body, or null when it was not JSON. */
	body: unknown;
	rawBody: string;
	/** True when a queued fault answered instead of the sandbox. */
	fault: boolean;
	response: { status: number; body: unknown };
}

export interface SandboxOptions {
	accessKey: string;
	secretKey: string;
	/** 0 (the default) takes a free port. */
	port?: number;
	host?: string;
	/** Length of the accept queue (Node's default 511): a benchmark sending 1,000 requests at once needs more. */
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
 * A local stand-in for the pmock AI API: checks the signature, validates bodies like the real
 * API, answers `{code, message, data: {taskId}, traceId}` and logs everything it received.
 * Tests and demos control it over HTTP: see CONTROL_PREFIX and the README's "Sandbox".
 */
export class SandboxServer {
	readonly requests: LoggedRequest[] = [];

	readonly faults: Fault[] = [];

	private server?: Server;

	private seq = 0;

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

	/** Forgets the log and any queued faults. */
	reset(): void {
		this.clearRequests();
		this.faults.length = 0;
	}

	async start(): Promise<this> {
		this.server = createServer((req, res) => {
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
			this.server!.listen({ port: this.options.port ?? 0, host: this.options.host ?? '127.0.0.1', backlog: this.options.backlog }, resolve);
		});
		return this;
	}

	async stop(): Promise<void> {
		if (!this.server?.listening) return;
		this.server.closeAllConnections();
		await new Promise<void>((resolve) => this.server!.close(() => resolve()));
	}

	private handle(req: IncomingMessage, res: ServerResponse, rawBody: string): void {
		const method = req.method ?? 'GET';
		const path = (req.url ?? '/').split('?')[0];
		if (path === CONTROL_PREFIX || path.startsWith(`${CONTROL_PREFIX}/`)) {
			return this.control(method, path.slice(CONTROL_PREFIX.length), rawBody, res);
		}
		if (path !== API_PREFIX && !path.startsWith(`${API_PREFIX}/`)) {
			return send(res, 404, envelope(404, `No such path ${path}: the API is under ${API_PREFIX}`));
		}
		this.api(req, method, path.slice(API_PREFIX.length), rawBody, res);
	}

	private api(req: IncomingMessage, method: string, path: string, rawBody: string, res: ServerResponse): void {
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

		const faultIndex = this.faults.findIndex((fault) => !fault.path || fault.path === path);
		if (faultIndex >= 0) {
			const [fault] = this.faults.splice(faultIndex, 1);
			entry.fault = true;
			return answer(fault.status ?? 200, fault.body ?? envelope(500, 'fault injected by the sandbox'), fault.headers);
		}

		const endpoint = ENDPOINTS.find((candidate) => candidate.path === path);
		if (!endpoint) return answer(404, envelope(404, `No such endpoint: ${method} ${path}`));
		if (endpoint.method !== method) {
			return answer(405, envelope(405, `Request method '${method}' is not supported by ${path}: use ${endpoint.method}`));
		}
		if (rawBody && body === null) return answer(200, envelope(400, 'Request body is not valid JSON'));
		if (typeof body !== 'object' || body === null || Array.isArray(body)) {
			return answer(200, envelope(400, 'Request body must be a JSON object'));
		}
		try {
			endpoint.validate(body as JsonObject);
		} catch (error) {
			if (!(error instanceof BodyError)) throw error;
			return answer(200, envelope(400, error.message));
		}
		answer(200, envelope(200, 'success', { taskId: randomUUID() }));
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
			this.reset();
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
				return send(res, 400, { error: 'Send a JSON fault, e.g. {"status":429,"body":{"code":429,"message":"too many requests"}}, or a list of them' });
			}
			const faults = (Array.isArray(parsed) ? parsed : [parsed]) as unknown[];
			const invalid = faults.find((fault) => typeof fault !== 'object' || fault === null || Array.isArray(fault));
			if (invalid !== undefined) return send(res, 400, { error: 'Each fault must be an object like {"status":429,"body":{...}}' });
			this.queueFaults(faults as Fault[]);
			return send(res, 200, { queued: this.faults.length });
		}
		send(res, 404, { error: `No sandbox control endpoint ${route}` });
	}
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
