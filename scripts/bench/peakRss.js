/**
 * Preloaded into a benchmark's `n8n execute` (node --require) with PMOCK_PEAK_RSS_FILE set to a
 * file: writes the process's peak resident set size so far (process.resourceUsage().maxRSS,
 * KiB) there every 200 ms and when the process exits, so that a run that dies of an
 * out-of-memory error still leaves its last figure. Plain JavaScript: it runs inside n8n.
 */
'use strict';
const { writeFileSync } = require('fs');

const file = process.env.PMOCK_PEAK_RSS_FILE;
if (file) {
	const write = (exited) => writeFileSync(file, JSON.stringify({ maxRssKiB: process.resourceUsage().maxRSS, exited }));
	setInterval(() => write(false), 200).unref();
	process.on('exit', () => write(true));
}
