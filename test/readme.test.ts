import { existsSync, readdirSync, readFileSync } from 'fs';
import { dirname, join, relative } from 'path';

import { allLines, newestLine } from '../dev/harness/lines';

/**
 * The README is the package's page on npm and a newcomer's first screen: short, with the two
 * commands that set up a fresh clone (and what they cost) at the top, n8n's own words for the
 * credential dialog, and no measurements or counts that go stale (those live in docs/, dated).
 */
const root = join(__dirname, '..');
const read = (file: string) => readFileSync(join(root, file), 'utf8');
const README = read('README.md');
const CONTRIBUTING = read('CONTRIBUTING.md');
const scripts = (JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts;

/** 14 KB, counted as bytes on disk (1 KB = 1024 bytes). */
const README_MAX_BYTES = 14 * 1024;
/** What a terminal or GitHub shows before any scrolling. */
const FIRST_SCREEN_LINES = 25;

const firstScreen = README.split('\n').slice(0, FIRST_SCREEN_LINES).join('\n');

/** The Markdown list item on the first screen that starts with `command` in backticks. */
function bulletAbout(command: string): string {
	const item = firstScreen.split(/\n(?=- )/).find((chunk) => chunk.startsWith(`- \`${command}\``));
	if (!item) throw new Error(`README's first ${FIRST_SCREEN_LINES} lines have no "- \`${command}\`" item`);
	return item;
}

describe('README.md for a newcomer', () => {
	test(`is at most 14 KB (${README_MAX_BYTES} bytes)`, () => {
		expect(Buffer.byteLength(README, 'utf8')).toBeLessThanOrEqual(README_MAX_BYTES);
	});

	test(`shows the two commands, npm start and npm run test:all, in its first ${FIRST_SCREEN_LINES} lines, each with how long its first run takes`, () => {
		const block = /```bash\n([\s\S]*?)\n```/.exec(firstScreen);
		expect(block).not.toBeNull();
		const commands = block![1].split('\n').map((line) => line.replace(/#.*/, '').trim());
		expect(commands).toEqual(['npm start', 'npm run test:all']);
		for (const script of ['start', 'test:all']) expect(scripts[script]).toBeDefined();
		// A range of minutes, e.g. "about 5–6 min".
		expect(bulletAbout('npm start')).toMatch(/\b\d+\s*[–-]\s*\d+ min\b/);
		expect(bulletAbout('npm run test:all')).toMatch(/\b\d+\s*[–-]\s*\d+ min\b/);
	});

	test('says which n8n npm start opens and that it fetches the Node.js that line runs on; names the other line', () => {
		const newest = newestLine();
		const nodeMajor = newest.nodeVersion.split('.')[0];
		const start = bulletAbout('npm start');
		expect(start).toContain(`n8n ${newest.version}`);
		expect(start).toContain(`Node.js ${nodeMajor}`);
		for (const line of allLines().filter((line) => line.version !== newest.version))
			expect(start).toContain(`npm start -- --n8n ${line.version}`);
	});

	test('names the credential dialog as n8n shows it: tested on Save, then Retry; its success and failure words', () => {
		// Seen in the editors of n8n 2.8.4 and 2.41.1 (docs/n8n-lines.md): no "Test" button.
		for (const words of [
			'**Save**',
			'**Retry**',
			'Connection tested successfully',
			'Couldn’t connect with these settings',
			'More details',
		])
			expect(README).toContain(words);
		for (const text of [README, CONTRIBUTING]) {
			expect(text).not.toMatch(/Test button/i);
			expect(text).not.toContain("Couldn't connect");
		}
	});

	test('keeps the HTTP Request node that test/e2e/httpRequestCredential.e2e.test.ts runs', () => {
		const block = /The node, ready to paste[^\n]*\n\n```json\n([\s\S]*?)\n```/.exec(README);
		expect(block).not.toBeNull();
		const { nodes } = JSON.parse(block![1]) as { nodes: Array<{ type: string; parameters: { url: string } }> };
		expect(nodes).toHaveLength(1);
		expect(nodes[0].type).toBe('n8n-nodes-base.httpRequest');
		expect(nodes[0].parameters.url).toMatch(/^https:\/\/ai\.pmock\.com\/api\//);
	});

	test('has a section for limits and one for errors, where new behaviour is documented', () => {
		const headings = [...README.matchAll(/^## (.+)$/gm)].map((match) => match[1]);
		expect(headings).toEqual(expect.arrayContaining(['Limits and safety', 'Errors and troubleshooting']));
	});
});

describe('README.md and CONTRIBUTING.md hold no measurements that go stale', () => {
	test.each([
		['README.md', README],
		['CONTRIBUTING.md', CONTRIBUTING],
	])('%s: no test counts, no measured durations, no rates (docs/ keeps them, dated)', (_file, text) => {
		expect(text).not.toMatch(/\b\d[\d,]* (?:unit |e2e |end-to-end )?(?:tests|test cases|cases)\b/i);
		expect(text).not.toMatch(/\b\d+ min \d+ s\b/);
		expect(text).not.toMatch(/calls\/s/);
	});
});

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens. */
const slug = (heading: string) =>
	heading
		.trim()
		.toLowerCase()
		.replace(/[^\p{L}\p{N}\- _]/gu, '')
		.replace(/ /g, '-');

function anchorsOf(file: string): Set<string> {
	const text = read(file).replace(/```[\s\S]*?```/g, '');
	return new Set([
		...[...text.matchAll(/^#{1,6} (.+)$/gm)].map((match) => slug(match[1])),
		...[...text.matchAll(/<a id="([^"]+)"/g)].map((match) => match[1]),
	]);
}

describe('links between the docs', () => {
	const files = [
		'README.md',
		'CONTRIBUTING.md',
		...readdirSync(join(root, 'docs'))
			.filter((name) => name.endsWith('.md'))
			.map((name) => `docs/${name}`),
	];

	test.each(files)('every relative link in %s reaches a file (and its heading)', (file) => {
		const text = read(file).replace(/```[\s\S]*?```/g, '');
		const broken: string[] = [];
		for (const [, target] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
			if (/^[a-z]+:/i.test(target)) continue;
			const [path, anchor] = target.split('#');
			const resolved = path ? relative(root, join(root, dirname(file), path)) : file;
			if (!existsSync(join(root, resolved))) broken.push(target);
			else if (anchor && resolved.endsWith('.md') && !anchorsOf(resolved).has(anchor)) broken.push(target);
		}
		expect(broken).toEqual([]);
	});
});

describe('npm run test:unit on a fresh clone', () => {
	test('builds dist/ first: test/package.test.ts loads the built package as n8n does', () => {
		expect(scripts['test:unit']).toMatch(/^npm run build && jest\b/);
	});
});
