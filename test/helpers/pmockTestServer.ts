import { createServer, type IncomingHttpHeaders, type Server } from 'http';
import type { AddressInfo } from 'net';

import { verifyPmockSignature } from '../../sandbox/signature';

// The sandbox owns the server side of the signature check; the tests use the same one.
export { verifyPmockSignature };

/** What the server saw of one request. */
export interface ReceivedRequest {
	method: string;
	path: string;
	headers: IncomingHttpHeaders;
	rawBody: string;
	/** The parsed JSON body, or undefined when the body was not JSON. */
	body: unknown;
}

export interface CannedResponse {
	status?: number;
	/** An object is sent as JSON; a string is sent as it is. */
	body?: unknown;
	headers?: Record<string, string>;
	/** Wait this long before answering, e.g. to answer requests out of order. */
	delayMs?: number;
	/**
	 * Drop the connection instead of answering: `before-headers` closes it without a byte of
	 * answer, `mid-body` sends the status, the headers and half the body first.
	 */
	hangUp?: 'before-headers' | 'mid-body';
}

/** Decides the answer to a request that passed the signature check. */
export type Responder = (request: ReceivedRequest, index: number) => CannedResponse;

export const successResponder: Responder = (_request, index) => ({
	body: { code: 200, message: 'success', data: { taskId: `task-${index + 1}` }, traceId: `trace-${index + 1}` },
});

/**
 * A real HTTP server on 127.0.0.1 that stands in for the pmock AI API in tests. It checks
 * both header pairs (`pmock-access-*` and `wuinai-access-*`) against the test's keys and
 * answers 401 in pmock's envelope when either is wrong; otherwise `responder` decides.
 * Every request is recorded, signed or not.
 */
export class PmockTestServer {
	readonly received: ReceivedRequest[] = [];

	responder: Responder = successResponder;

	private server?: Server;

	private answered = 0;

	private inFlight = 0;

	/** The most requests this server has held at once (received, not yet answered) since reset(). */
	peakInFlight = 0;

	/** Delayed answers not yet sent, cancelled by stop(). */
	private readonly pendingReplies = new Set<NodeJS.Timeout | undefined>();

	constructor(
		readonly accessKey: string,
		readonly secretKey: string,
	) {}

	get baseUrl(): string {
		const { port } = this.server!.address() as AddressInfo;
		return `http://127.0.0.1:${port}/api`;
	}

	/** Requests that reached a path (and so were made), in arrival order. */
	requestsTo(path: string): ReceivedRequest[] {
		return this.received.filter((request) => request.path === path);
	}

	reset(responder: Responder = successResponder): void {
		this.received.length = 0;
		this.answered = 0;
		this.peakInFlight = this.inFlight;
		this.responder = responder;
	}

	async start(): Promise<this> {
		this.server = createServer((req, res) => {
			this.peakInFlight = Math.max(this.peakInFlight, ++this.inFlight);
			res.on('close', () => this.inFlight--);
			const chunks: Buffer[] = [];
			req.on('data', (chunk: Buffer) => chunks.push(chunk));
			req.on('end', () => {
				const rawBody = Buffer.concat(chunks).toString('utf8');
				let body: unknown;
				try {
					body = rawBody ? JSON.parse(rawBody) : undefined;
				} catch {
					body = undefined;
				}
				const request: ReceivedRequest = {
					method: req.method ?? '',
					path: (req.url ?? '').split('?')[0],
					headers: req.headers,
					rawBody,
					body,
				};
				this.received.push(request);

				const signed = (['pmock', 'wuinai'] as const).every((prefix) =>
					verifyPmockSignature(
						this.accessKey,
						this.secretKey,
						req.headers[`${prefix}-access-key`],
						req.headers[`${prefix}-access-token`],
					),
				);
				const answer: CannedResponse = signed
					? this.responder(request, this.answered++)
					: {
							status: 401,
							body: { code: 401, message: 'signature verification failed', data: null, traceId: 'trace-unauthorized' },
						};
				const payload =
					typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body ?? null);
				const reply = () => {
					this.pendingReplies.delete(timer);
					if (answer.hangUp === 'before-headers') return void req.socket.destroy();
					res.writeHead(answer.status ?? 200, {
						'content-type': typeof answer.body === 'string' ? 'text/plain' : 'application/json',
						...answer.headers,
					});
					if (answer.hangUp === 'mid-body') {
						// The announced length is never delivered: the client sees the stream break.
						res.write(payload.slice(0, Math.floor(payload.length / 2)));
						return void setImmediate(() => res.socket?.destroy());
					}
					res.end(payload);
				};
				const timer = answer.delayMs ? setTimeout(reply, answer.delayMs) : undefined;
				if (timer) this.pendingReplies.add(timer);
				else reply();
			});
		});
		// A deep accept queue: n8n opens a new connection per item, all items at once, and
		// Node's default queue (511) would make the kernel drop and retry (1 s) the rest.
		await new Promise<void>((resolve) => this.server!.listen({ port: 0, host: '127.0.0.1', backlog: 4096 }, resolve));
		return this;
	}

	async stop(): Promise<void> {
		if (!this.server) return;
		for (const timer of this.pendingReplies) clearTimeout(timer);
		this.pendingReplies.clear();
		this.server.closeAllConnections();
		await new Promise<void>((resolve) => this.server!.close(() => resolve()));
	}
}

/**
 * A server for one test file: started before its tests, reset to `successResponder` before
 * each test, stopped after them all.
 */
export function usePmockTestServer(accessKey: string, secretKey: string): PmockTestServer {
	const server = new PmockTestServer(accessKey, secretKey);
	beforeAll(async () => {
		await server.start();
	});
	afterAll(async () => {
		await server.stop();
	});
	beforeEach(() => server.reset());
	return server;
}

/** A base URL on 127.0.0.1 whose port has just been closed: connecting to it is refused. */
export async function closedPortBaseUrl(): Promise<string> {
	const server = await new PmockTestServer('unused', 'unused').start();
	const { baseUrl } = server;
	await server.stop();
	return baseUrl;
}
