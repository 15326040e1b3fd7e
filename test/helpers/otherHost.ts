import { createServer, type IncomingHttpHeaders, type Server } from 'http';
import type { AddressInfo } from 'net';

/**
 * "Another host" for the redirect tests: a server on another port of 127.0.0.1 that records
 * whatever reaches it and answers like pmock with a taskId of its own, so a test can prove that
 * nothing (no signature, no body, no taskId) crossed over. One per test file, emptied before
 * each test.
 */
export interface OtherHost {
	/** e.g. http://127.0.0.1:41234 */
	readonly origin: string;
	readonly hits: Array<{ method: string; url: string; headers: IncomingHttpHeaders; body: string }>;
}

export function useOtherHost(): OtherHost {
	let server: Server | undefined;
	const hits: OtherHost['hits'] = [];
	beforeAll(async () => {
		server = createServer((req, res) => {
			let body = '';
			req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
			req.on('end', () => {
				hits.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
				res.writeHead(200, { 'content-type': 'application/json' });
				res.end(JSON.stringify({ code: 200, message: 'success', data: { taskId: 'stolen-task' }, traceId: 'evil' }));
			});
		});
		await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
	});
	afterAll(async () => {
		server?.closeAllConnections();
		await new Promise((resolve) => server?.close(resolve));
	});
	beforeEach(() => {
		hits.length = 0;
	});
	return {
		get origin() {
			return `http://127.0.0.1:${(server!.address() as AddressInfo).port}`;
		},
		hits,
	};
}
