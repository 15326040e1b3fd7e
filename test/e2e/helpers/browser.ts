import { spawnSync } from 'child_process';
import { existsSync } from 'fs';

import { chromium, type Browser } from 'playwright-core';

/**
 * Headless Chromium for the browser tests: Debian's `chromium` package (or CHROMIUM_PATH),
 * installed with apt-get when it is missing and this runs as root, as CI does.
 */
const DEBIAN_CHROMIUM = '/usr/bin/chromium';

function apt(args: string[]): void {
	const result = spawnSync('apt-get', args, {
		encoding: 'utf8',
		stdio: ['ignore', 'pipe', 'pipe'],
		env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
	});
	if (result.status !== 0)
		throw new Error(`apt-get ${args.join(' ')} failed (exit code ${result.status}):\n${result.stderr.slice(-1500)}`);
}

/** The Chromium binary to drive, installing Debian's package first when needed. */
export function ensureChromium(log: (line: string) => void): string {
	const wanted = process.env.CHROMIUM_PATH;
	if (wanted) {
		if (!existsSync(wanted)) throw new Error(`CHROMIUM_PATH is ${wanted}, which does not exist`);
		return wanted;
	}
	if (existsSync(DEBIAN_CHROMIUM)) return DEBIAN_CHROMIUM;
	if (process.getuid?.() !== 0) {
		throw new Error(
			`${DEBIAN_CHROMIUM} is missing and this is not root: run "sudo apt-get install -y chromium" or set CHROMIUM_PATH to a Chromium or Chrome binary`,
		);
	}
	log(`Installing Debian's chromium for the browser tests (apt-get install -y chromium)...`);
	const started = Date.now();
	apt(['update', '-qq']);
	apt(['install', '-y', '-qq', '--no-install-recommends', 'chromium']);
	if (!existsSync(DEBIAN_CHROMIUM))
		throw new Error(`apt-get installed chromium, but ${DEBIAN_CHROMIUM} is still missing`);
	log(`chromium installed in ${((Date.now() - started) / 1000).toFixed(0)} s`);
	return DEBIAN_CHROMIUM;
}

/**
 * Chromium headless, with everything that would phone home switched off: this machine has no
 * internet, and a test should not try. Playwright gives each launch a new, empty profile
 * (its own --user-data-dir) and deletes it on close.
 */
export async function launchChromium(log: (line: string) => void): Promise<Browser> {
	const executablePath = ensureChromium(log);
	return chromium.launch({
		executablePath,
		headless: true,
		args: [
			'--no-sandbox',
			'--disable-gpu',
			'--disable-quic',
			'--no-first-run',
			'--disable-background-networking',
			'--disable-component-update',
			'--disable-sync',
		],
	});
}
