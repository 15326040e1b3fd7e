import { createServer, type Server, type Socket } from 'net';
import type { AddressInfo } from 'net';

/**
 * A server that answers HTTP badly on purpose, for the tests of how a request is bounded
 * (shared/boundedAnswer.ts): it drips its answer a byte at a time, never answers, or floods.
 * It speaks raw TCP so that it can drip the status line and headers too, and it logs every
 * connection: what it wrote and when the client closed it.
 *
 * Each behaviour has its own path prefix: a credential's Base URL `baseUrlFor('drip-body')`
 * (http://127.0.0.1:<port>/drip-body/api) gets the `drip-body` behaviour.
 */

export type Behaviour =
	/** Sends `head` at once, then `dripped` one byte every `intervalMs`, then keeps the connection open. */
	| { kind: 'drip'; head: string; dripped: string; intervalMs: number }
	/** Reads the request and never answers. */
	| { kind: 'hang' }
	/**
	 * HTTP `status` with a JSON body that starts like pmock's success and goes on for `bodyBytes`,
	 * written as fast as the client reads; `declared` sends that Content-Length (else chunked).
	 */
	| { kind: 'flood'; bodyBytes: number; declared: boolean; status?: number };

/** One connection as the server saw it. */
export interface ConnectionLog {
	/** The route its request asked for; empty until the request's headers came. */
	behaviour: string;
	/** Bytes of answer written to the socket (the kernel may not have delivered them all). */
	bytesWritten: number;
	/** Whether the connection is closed (by either side). */
	closed: boolean;
	/** Resolves when the connection closes. */
	whenClosed: Promise<void>;
}

/** pmock's success envelope for a dripped answer, with its HTTP head. */
export function drippedSuccess(taskId: string): { head: string; body: string } {
	const body = JSON.stringify({ code: 200, message: 'success', data: { taskId }, traceId: 't-drip' });
	return {
		head: `HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n`,
		body,
	};
}

const FLOOD_START = '{"code":200,"message":"success","data":{"taskId":"flood","log":"';
const FLOOD_END = '"},"traceId":"t-flood"}';
const FLOOD_CHUNK = Buffer.alloc(64 * 1024, 'x');

export class HostileServer {
	readonly connections: ConnectionLog[] = [];

	private server?: Server;

	private readonly sockets = new Set<Socket>();

	private readonly timers = new Set<NodeJS.Timeout>();

	constructor(private readonly routes: Record<string, Behaviour>) {}

	get url(): string {
		const { port } = this.server!.address() as AddressInfo;
		return `http://127.0.0.1:${port}`;
	}

	/** The Base URL of a credential whose requests get `route`'s behaviour. */
	baseUrlFor(route: string): string {
		if (!this.routes[route]) throw new Error(`No route ${route}`);
		return `${this.url}/${route}/api`;
	}

	/** Connections not yet closed. */
	get open(): number {
		return this.connections.filter((connection) => !connection.closed).length;
	}

	/** Forgets the log of closed connections. */
	clear(): void {
		for (let index = this.connections.length - 1; index >= 0; index--) {
			if (this.connections[index].closed) this.connections.splice(index, 1);
		}
	}

	async start(): Promise<this> {
		this.server = createServer((socket) => this.accept(socket));
		await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
		return this;
	}

	async stop(): Promise<void> {
		for (const timer of this.timers) clearInterval(timer);
		for (const socket of this.sockets) socket.destroy();
		await new Promise((resolve) => this.server?.close(resolve));
	}

	private accept(socket: Socket): void {
		this.sockets.add(socket);
		let request = '';
		let onClose = () => {};
		const log: ConnectionLog = {
			behaviour: '',
			bytesWritten: 0,
			closed: false,
			whenClosed: new Promise<void>((resolve) => (onClose = resolve)),
		};
		this.connections.push(log);
		socket.on('error', () => {});
		socket.on('close', () => {
			this.sockets.delete(socket);
			log.closed = true;
			onClose();
		});
		const onData = (chunk: Buffer) => {
			request += chunk.toString('latin1');
			if (log.behaviour || !request.includes('\r\n\r\n')) return;
			const route = request.split(' ')[1]?.split('/')[1] ?? '';
			log.behaviour = route;
			const behaviour = this.routes[route];
			if (!behaviour) return void socket.end('HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n');
			this.behave(socket, behaviour, log);
		};
		// Keep reading (and dropping) the request body so that the client is never held up.
		socket.on('data', (chunk: Buffer) => {
			if (request.length < 100_000) onData(chunk);
		});
	}

	private write(socket: Socket, log: ConnectionLog, data: string | Buffer): boolean {
		log.bytesWritten += Buffer.byteLength(data);
		return socket.write(data);
	}

	private behave(socket: Socket, behaviour: Behaviour, log: ConnectionLog): void {
		if (behaviour.kind === 'hang') return;
		if (behaviour.kind === 'drip') {
			this.write(socket, log, behaviour.head);
			let next = 0;
			const timer = setInterval(() => {
				if (socket.destroyed || next >= behaviour.dripped.length) return void clearInterval(timer);
				this.write(socket, log, behaviour.dripped[next++]);
			}, behaviour.intervalMs);
			this.timers.add(timer);
			socket.on('close', () => {
				clearInterval(timer);
				this.timers.delete(timer);
			});
			return;
		}
		const { bodyBytes, declared, status = 200 } = behaviour;
		this.write(
			socket,
			log,
			`HTTP/1.1 ${status} Whatever\r\nContent-Type: application/json\r\n${
				declared ? `Content-Length: ${bodyBytes}` : 'Transfer-Encoding: chunked'
			}\r\n\r\n`,
		);
		// Chunked: each piece framed with its length in hex; a last empty chunk ends the body.
		const frame = (data: string | Buffer): Buffer =>
			declared
				? Buffer.from(data)
				: Buffer.concat([
						Buffer.from(`${Buffer.byteLength(data).toString(16)}\r\n`),
						Buffer.from(data),
						Buffer.from('\r\n'),
					]);
		this.write(socket, log, frame(FLOOD_START));
		let left = bodyBytes - FLOOD_START.length - FLOOD_END.length;
		const pump = () => {
			while (left > 0 && !socket.destroyed) {
				const chunk = left >= FLOOD_CHUNK.length ? FLOOD_CHUNK : FLOOD_CHUNK.subarray(0, left);
				left -= chunk.length;
				if (!this.write(socket, log, frame(chunk))) return void socket.once('drain', pump);
			}
			if (socket.destroyed) return;
			this.write(socket, log, frame(FLOOD_END));
			if (!declared) this.write(socket, log, '0\r\n\r\n');
		};
		pump();
	}
}
