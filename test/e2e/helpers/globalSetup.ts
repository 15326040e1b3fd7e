import type { Config } from '@jest/types';

import { ensureLine } from '../../../dev/harness/install';
import { lineFor } from '../../../dev/harness/lines';

/**
 * Runs once per jest project (one project per pinned n8n line): installs that line unless its
 * lock is installed already. `npm run test:e2e` has installed the lines before jest starts; this
 * covers running jest directly.
 */
export default async function globalSetup(
	_globalConfig: Config.GlobalConfig,
	projectConfig: Config.ProjectConfig,
): Promise<void> {
	const version = projectConfig.globals.PMOCK_N8N_VERSION as string;
	await ensureLine(lineFor(version), (line) => process.stderr.write(`\n${line}\n`));
}
