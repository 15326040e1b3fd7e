import { ensureLine } from '../harness/install';
import { queueLines } from './lines';
import { ensureServicePackages } from './services';

/**
 * `npm run test:queue` runs this before jest: installs Redis and Postgres from Debian's
 * packages when missing (as root, or with sudo -n) and the n8n line(s) the queue test runs in,
 * and prints how long each took.
 */
export async function main(): Promise<void> {
	const log = (text: string) => console.log(`[queue] ${text}`);
	const took = ensureServicePackages(log);
	log(took > 0 ? `apt install took ${took.toFixed(1)} s` : 'redis-server and Postgres are installed already');
	for (const line of queueLines()) {
		const seconds = await ensureLine(line, log);
		log(`n8n ${line.version}: ${seconds > 0 ? `install took ${seconds.toFixed(0)} s` : 'installed already'}`);
	}
}

if (require.main === module) {
	main().catch((error: Error) => {
		console.error(`[queue] ${error.message}`);
		process.exit(1);
	});
}
