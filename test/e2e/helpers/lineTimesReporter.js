/**
 * A jest reporter for the e2e run: after jest's own summary, one line per n8n line (jest
 * project) with its test count, failures and the time its test files took, e.g.
 *   e2e n8n 2.41.1: 25 tests, 0 failed, 4 min 12 s in 6 files
 */
class LineTimesReporter {
	onRunComplete(_contexts, results) {
		const lines = new Map();
		for (const file of results.testResults) {
			const name = typeof file.displayName === 'object' ? file.displayName?.name : file.displayName;
			const line = lines.get(name) ?? { tests: 0, failed: 0, ms: 0, files: 0 };
			line.tests += file.numPassingTests + file.numFailingTests;
			line.failed += file.numFailingTests + (file.testExecError ? 1 : 0);
			line.ms += file.perfStats.end - file.perfStats.start;
			line.files += 1;
			lines.set(name, line);
		}
		for (const [name, line] of lines) {
			const seconds = Math.round(line.ms / 1000);
			const time = seconds >= 60 ? `${Math.floor(seconds / 60)} min ${seconds % 60} s` : `${seconds} s`;
			process.stderr.write(
				`e2e ${name ?? '(no project)'}: ${line.tests} tests, ${line.failed} failed, ${time} in ${line.files} files\n`,
			);
		}
	}
}

module.exports = LineTimesReporter;
