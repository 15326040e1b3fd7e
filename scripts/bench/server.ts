/**
 * The benchmark's pmock stand-in, in a process of its own so that it does not share a core
 * with the client being measured: test/helpers' signature-checking server on 127.0.0.1.
 * Prints its base URL; on the IPC message "reset" forgets the requests it recorded.
 */
import { PmockTestServer } from '../../test/helpers/pmockTestServer';
import { BENCH_ACCESS_KEY, BENCH_SECRET_KEY } from './shared';

async function main(): Promise<void> {
	const server = await new PmockTestServer(BENCH_ACCESS_KEY, BENCH_SECRET_KEY).start();
	process.on('message', (message) => {
		if (message === 'reset') {
			server.reset();
			process.send?.('reset-done');
		}
	});
	process.on('disconnect', () => void server.stop().then(() => process.exit(0)));
	process.send?.({ baseUrl: server.baseUrl });
}

void main();
