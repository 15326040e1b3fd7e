/**
 * The benchmark's pmock stand-in, in a process of its own so that it does not share a core
 * with the client being measured: the sandbox on 127.0.0.1, checking every signature and
 * answering each request a taskId at once. Prints its base URL; on the IPC message "reset"
 * forgets the requests it recorded.
 */
import { SandboxServer, type Responder } from '../../sandbox/sandboxServer';
import { BENCH_ACCESS_KEY, BENCH_SECRET_KEY } from './shared';

/** No body validation: the benchmark measures the client, and its raw loop sends the same body. */
const instantTask: Responder = (_request, index) => ({
	body: { code: 200, message: 'success', data: { taskId: `task-${index + 1}` }, traceId: `trace-${index + 1}` },
});

async function main(): Promise<void> {
	const server = await new SandboxServer({ accessKey: BENCH_ACCESS_KEY, secretKey: BENCH_SECRET_KEY }).start();
	server.reset(instantTask);
	process.on('message', (message) => {
		if (message === 'reset') {
			server.reset(instantTask);
			process.send?.('reset-done');
		}
	});
	process.on('disconnect', () => void server.stop().then(() => process.exit(0)));
	process.send?.({ baseUrl: server.baseUrl });
}

void main();
