#!/usr/bin/env node
// Entry point of `npm start`, `npm run sandbox`, `npm run screenshot` (and, with `deps`, of
// `npm run test:all`) on a fresh clone:
// installs the package's own toolchain if `npm ci` has not been run yet, builds the package
// (dist/) and the tools (sandbox/ and scripts/ into .build/), then runs the named tool.
// Plain JavaScript because nothing is compiled yet when it starts.
'use strict';
const { spawn, spawnSync } = require('child_process');
const { createWriteStream, existsSync, readFileSync, readdirSync, statSync } = require('fs');
const { join } = require('path');

const root = join(__dirname, '..');
const tools = { start: 'scripts/start.js', sandbox: 'sandbox/main.js', screenshot: 'scripts/screenshot.js' };
// `deps` only installs the toolchain: `npm run test:all` uses it before its own build.
const depsOnly = process.argv[2] === 'deps';
const tool = tools[process.argv[2]];
if (!tool && !depsOnly) {
	console.error(`usage: node scripts/bootstrap.js deps|${Object.keys(tools).join('|')}`);
	process.exit(2);
}

function npm(args) {
	const result = spawnSync('npm', args, { cwd: root, stdio: 'inherit' });
	if (result.status !== 0) process.exit(result.status ?? 1);
}

/** Size of a folder in MB, counted quickly enough to report every few seconds (files only). */
function megabytes(dir) {
	let bytes = 0;
	const stack = [dir];
	while (stack.length) {
		const current = stack.pop();
		let entries = [];
		try {
			entries = readdirSync(current, { withFileTypes: true });
		} catch {
			continue;
		}
		for (const entry of entries) {
			const path = join(current, entry.name);
			if (entry.isDirectory()) stack.push(path);
			else if (entry.isFile()) bytes += statSync(path, { throwIfNoEntry: false })?.size ?? 0;
		}
	}
	return Math.round(bytes / 1e6);
}

/**
 * `npm ci` for the toolchain, talking while it works: a line every 10 s with the elapsed time
 * and the size of node_modules so far; npm's own output (its warnings) goes to a log file.
 */
function installToolchain() {
	const logFile = join(root, 'npm-install.log');
	console.log(`First run: installing the package toolchain (npm ci, about 1-2 minutes); npm's output: ${logFile}`);
	const log = createWriteStream(logFile);
	const started = Date.now();
	const child = spawn('npm', ['ci', '--no-audit', '--no-fund'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
	child.stdout.pipe(log);
	child.stderr.pipe(log);
	const timer = setInterval(() => {
		const seconds = Math.round((Date.now() - started) / 1000);
		console.log(`  npm ci: ${seconds} s elapsed, ${megabytes(join(root, 'node_modules'))} MB in node_modules`);
	}, 10_000);
	return new Promise((resolve) => {
		child.on('close', (code) => {
			clearInterval(timer);
			log.end();
			if (code !== 0) {
				const tail = readFileSync(logFile, 'utf8').split('\n').slice(-30).join('\n');
				console.error(`npm ci failed (exit code ${code}); the end of ${logFile}:\n${tail}`);
				process.exit(code ?? 1);
			}
			console.log(`  npm ci: done in ${Math.round((Date.now() - started) / 1000)} s`);
			resolve();
		});
	});
}

async function main() {
	if (!existsSync(join(root, 'node_modules', 'typescript', 'package.json'))) await installToolchain();
	if (depsOnly) return;
	npm(['run', '--silent', 'build']);
	npm(['run', '--silent', 'build:tools']);
	require(join(root, '.build', tool)).main();
}

void main();
