#!/usr/bin/env node
// Entry point of `npm start`, `npm run sandbox` and `npm run screenshot` on a fresh clone:
// installs the package's own toolchain if `npm ci` has not been run yet, builds the package
// (dist/) and the tools (sandbox/ and scripts/ into .build/), then runs the named tool.
// Plain JavaScript because nothing is compiled yet when it starts.
'use strict';
const { spawnSync } = require('child_process');
const { existsSync } = require('fs');
const { join } = require('path');

const root = join(__dirname, '..');
const tools = { start: 'scripts/start.js', sandbox: 'sandbox/main.js', screenshot: 'scripts/screenshot.js' };
const tool = tools[process.argv[2]];
if (!tool) {
	console.error(`usage: node scripts/bootstrap.js ${Object.keys(tools).join('|')}`);
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
npm(['run', '--silent', 'build']);
npm(['run', '--silent', 'build:tools']);
require(join(root, '.build', tool)).main();
