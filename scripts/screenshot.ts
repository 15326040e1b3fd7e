import { mkdirSync } from 'fs';
import { join } from 'path';

import { chromium } from 'playwright-core';

import { SANDBOX_DEFAULTS } from '../sandbox/main';
import type { LoggedRequest } from '../sandbox/sandboxServer';
import { REPO_ROOT } from '../dev/harness/lines';
import { EDITOR_URL, EXAMPLE_WORKFLOW_ID, OWNER, startDemo, type RunningDemo } from './start';

/**
 * `npm run screenshot` (not in CI): drives the real editor of `npm start` with Debian's headless
 * Chromium — signs in, opens the example workflow, clicks "Execute workflow", checks that the
 * sandbox received the request, opens the PMock node — and saves docs/pmock-node-in-n8n.png.
 * Uses an `npm start` that is already running, or starts one for the picture and stops it.
 * Needs `apt-get install chromium`.
 */
const OUTPUT = join(REPO_ROOT, 'docs', 'pmock-node-in-n8n.png');
const SANDBOX_URL = `http://127.0.0.1:${process.env.PMOCK_SANDBOX_PORT ?? SANDBOX_DEFAULTS.port}`;

async function editorIsUp(): Promise<boolean> {
	try {
		return (await fetch(`${EDITOR_URL}/rest/settings`)).ok;
	} catch {
		return false;
	}
}

async function sandboxRequests(): Promise<LoggedRequest[]> {
	return (await (await fetch(`${SANDBOX_URL}/__sandbox/requests`)).json()) as LoggedRequest[];
}

async function takeScreenshot(): Promise<void> {
	const browser = await chromium.launch({
		executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
		headless: true,
		args: [
			'--headless',
			'--no-sandbox',
			'--disable-gpu',
			'--disable-background-networking',
			'--disable-component-update',
		],
	});
	try {
		const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
		console.log(`[screenshot] signing in to ${EDITOR_URL} as ${OWNER.email}`);
		await page.goto(`${EDITOR_URL}/signin`);
		await page.fill('input[name=emailOrLdapLoginId]', OWNER.email);
		await page.fill('input[name=password]', OWNER.password);
		await page.click('[data-test-id=form-submit-button]');
		await page.waitForURL((url) => !url.pathname.startsWith('/signin'), { timeout: 30_000 });

		console.log('[screenshot] opening the example workflow and clicking "Execute workflow"');
		await page.goto(`${EDITOR_URL}/workflow/${EXAMPLE_WORKFLOW_ID}`);
		const before = (await sandboxRequests()).length;
		await page.click('[data-test-id=execute-workflow-button]');
		await page.getByText('Workflow executed successfully').waitFor({ timeout: 30_000 });
		const received = (await sandboxRequests()).slice(before);
		const taskId = (received.at(-1)?.response.body as { data?: { taskId?: string } } | undefined)?.data?.taskId;
		if (!taskId) throw new Error(`The sandbox answered no taskId to the editor's run: ${JSON.stringify(received)}`);
		console.log(`[screenshot] the sandbox received ${received.length} request(s) and answered taskId ${taskId}`);

		console.log('[screenshot] opening the PMock node');
		await page.locator('[data-test-id=canvas-node]', { hasText: 'PMock' }).dblclick();
		await page.locator('[data-test-id=parameter-input-prompt]').waitFor();
		await page.locator('[data-test-id=output-panel]').getByText(taskId).waitFor({ timeout: 10_000 });
		mkdirSync(join(REPO_ROOT, 'docs'), { recursive: true });
		await page.screenshot({ path: OUTPUT });
		console.log(`[screenshot] saved ${OUTPUT}: the PMock node's parameters, and its output with taskId ${taskId}`);
	} finally {
		await browser.close();
	}
}

export function main(): void {
	void (async () => {
		let demo: RunningDemo | undefined;
		try {
			if (await editorIsUp()) {
				console.log(`[screenshot] using the n8n already running at ${EDITOR_URL}`);
			} else {
				demo = await startDemo({ quietN8n: true });
			}
			await takeScreenshot();
		} catch (error) {
			console.error(`[screenshot] ${(error as Error).message}`);
			process.exitCode = 1;
		} finally {
			await demo?.stop();
		}
	})();
}
