/**
 * Preloaded into a benchmark's `n8n execute` (node --require) with PMOCK_PEAK_RSS_FILE set to a
 * file: writes the process id there at once (the benchmark then follows the process's peak
 * resident set size in /proc, which still works while n8n blocks its event loop or dies of an
 * out-of-memory error), and the peak itself (process.resourceUsage().maxRSS, KiB) when the
 * process exits. Plain JavaScript: it runs inside n8n.
 */
'use strict';
const { writeFileSync } = require('fs');

const file = process.env.PMOCK_PEAK_RSS_FILE;
if (file) {
	writeFileSync(file, JSON.stringify({ pid: process.pid }));
	process.on('exit', () =>
		writeFileSync(file, JSON.stringify({ pid: process.pid, maxRssKiB: process.resourceUsage().maxRSS })),
	);
}
