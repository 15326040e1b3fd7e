import { ensureDevN8n } from '../../../scripts/devN8n';

/** The pinned n8n in dev/, installed once before any e2e test file runs (first run: minutes). */
export default function globalSetup(): void {
	ensureDevN8n((line) => process.stderr.write(`\n${line}\n`));
}
