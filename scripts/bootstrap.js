#!/usr/bin/env node
// Entry point of `npm start`, `npm run sandbox`, `npm run screenshot` (and, with `deps`, of
// `npm run test:all`) on a fresh clone:
// installs the package's own toolchain if `npm ci` has not been run yet, builds the package
// (dist/) and the tools (sandbox/ and scripts/ into .build/), then runs the named tool.
// Plain JavaScript because nothing is compiled yet when it starts.
'use strict';
const { spawnSync } = require('child_process');
const { existsSync } = require('fs');
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

if (!existsSync(join(root, 'node_modules', 'typescript', 'package.json'))) {
	console.log('First run: installing the package toolchain (npm ci)...');
	npm(['ci', '--no-audit', '--no-fund']);
}
if (depsOnly) process.exit(0);
npm(['run', '--silent', 'build']);
npm(['run', '--silent', 'build:tools']);
require(join(root, '.build', tool)).main();
