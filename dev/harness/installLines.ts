import { ensureLine } from './install';
import { lineRequest, selectLines } from './lines';

/**
 * `node .build/dev/harness/installLines.js [--n8n <version>]`: installs the pinned n8n lines
 * (all of them, or those PMOCK_N8N / --n8n name) that are not installed yet, one after the
 * other, and prints how long each took. `npm run test:e2e` runs it before jest.
 */
export async function main(): Promise<void> {
	const lines = selectLines(lineRequest());
	for (const line of lines) {
		const took = await ensureLine(line);
		console.log(
			`[n8n ${line.version}] ${took > 0 ? `install took ${took.toFixed(0)} s` : `installed already (${line.shortDir}/node_modules matches its lock)`}`,
		);
	}
}

if (require.main === module) {
	main().catch((error: Error) => {
		console.error(error.message);
		process.exit(1);
	});
}
