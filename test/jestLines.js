/**
 * The pinned n8n lines for the e2e and queue-mode jest configs, which are plain JavaScript and
 * so cannot load dev/harness/lines.ts: the same reading of dev/n8n-<version>/package.json and
 * of PMOCK_N8N (a version, a prefix such as 2.8, a comma list, or "all").
 */
const { existsSync, readdirSync, readFileSync } = require('fs');
const { join } = require('path');

const rootDir = join(__dirname, '..');

/** The pinned lines, oldest first, as dev/harness/lines.ts finds them. */
function pinnedLines() {
	const dev = join(rootDir, 'dev');
	return readdirSync(dev)
		.filter((name) => /^n8n-\d+\.\d+\.\d+$/.test(name) && existsSync(join(dev, name, 'package.json')))
		.map((name) => JSON.parse(readFileSync(join(dev, name, 'package.json'), 'utf8')).dependencies.n8n)
		.sort((a, b) => {
			const [pa, pb] = [a, b].map((version) => version.split('.').map(Number));
			return pa[0] - pb[0] || pa[1] - pb[1] || pa[2] - pb[2];
		});
}

/**
 * The lines PMOCK_N8N names; when it is unset, every line (`whenUnset: 'all'`, the e2e suite)
 * or the newest one (`'newest'`, the queue-mode suite, as dev/queue/lines.ts).
 */
function selectedLines(whenUnset) {
	const all = pinnedLines();
	const request = (process.env.PMOCK_N8N || '').trim();
	if (!request) return whenUnset === 'newest' ? all.slice(-1) : all;
	if (request === 'all') return all;
	const wanted = request
		.split(',')
		.map((part) => part.trim())
		.filter(Boolean);
	const chosen = all.filter((version) => wanted.some((want) => version === want || version.startsWith(`${want}.`)));
	if (chosen.length === 0)
		throw new Error(`PMOCK_N8N=${request} matches no pinned n8n line: dev/ has ${all.join(' and ')}`);
	return chosen;
}

module.exports = { rootDir, selectedLines };
