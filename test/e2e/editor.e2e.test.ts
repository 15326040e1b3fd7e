import type { Browser, Page } from 'playwright-core';

import type { LoggedRequest } from '../../sandbox/sandboxServer';
import { Pmock } from '../../nodes/Pmock/Pmock.node';
import { OPERATIONS } from '../../nodes/Pmock/operations';
import { OPERATION_CASES } from '../cases';
import type { Parameters } from '../cases/types';
import { generateImage } from '../../nodes/Pmock/operations/image/generate';
import { generateSoraPro } from '../../nodes/Pmock/operations/video/generateSoraPro';
import { generateSoraStyles } from '../../nodes/Pmock/operations/video/generateSoraStyles';
import { generateVeo } from '../../nodes/Pmock/operations/video/generateVeo';
import { launchChromium } from './helpers/browser';
import { CREDENTIALS, E2E_OWNER as OWNER, NODE_TYPE, taskIdsAnswered, useRealN8n } from './helpers/realN8n';

/**
 * The PMock node as a new user meets it, in the real editor driven by headless Chromium:
 * found from the "What happens next?" panel by its name and by the words of its codex aliases
 * (not only under AI), added, run with a prompt, its taskId in the output panel; switched to
 * Generate (Veo 3.1) in the Operation list and run again; switched across operations and
 * resources without any field left holding a value its list does not offer; the credential's
 * Test passes; and n8n still offers it to the AI Agent as a tool.
 */
const n8n = useRealN8n();
let browser: Browser;
let page: Page;

const log = (line: string) => process.stderr.write(`\n${line}\n`);

/** Waits until the sandbox has received more than `count` requests and returns the new ones. */
async function requestsAfter(count: number): Promise<LoggedRequest[]> {
	for (let tries = 0; tries < 200 && n8n.sandbox.requests.length <= count; tries++) {
		await new Promise((resolve) => setTimeout(resolve, 100));
	}
	return n8n.sandbox.requests.slice(count);
}

const { properties } = new Pmock().description;

/**
 * The input of the open node's field labelled `label`, e.g. "Model": found by the label, as a
 * user finds it, since its parameter name depends on the node's version and operation.
 */
function field(label: string) {
	const names = [...new Set(properties.filter((p) => p.displayName === label).map((p) => p.name))];
	return page
		.locator(names.map((name) => `[data-test-id=parameter-input-${name}]`).join(', '))
		.locator('visible=true')
		.first();
}

/** Until no option list is open: a list still closing would offer its items to the next choose(). */
const dropdownsClosed = () =>
	// A string: this project's TypeScript has no DOM types; the browser evaluates it.
	page.waitForFunction(
		"![...document.querySelectorAll('.el-select-dropdown__item')].some((item) => item.offsetParent !== null)",
	);

/** Opens the open node's option field labelled `label` and picks the option whose text has `option`. */
async function choose(label: string, option: string): Promise<void> {
	// "Sora 2 Pro" is also in the Operation list's "Generate (Sora 2 Pro or Sora 2)".
	await dropdownsClosed();
	await field(label).click();
	await page.locator('.el-select-dropdown__item:visible').filter({ hasText: option }).first().click();
	await dropdownsClosed();
}

/**
 * What the option fields labelled Model and Action show. A value its list does not offer
 * shows as the raw value (e.g. "sora-2-pro"), marked red by n8n; every option's name is known.
 */
async function modelAndAction(): Promise<Record<string, string>> {
	const shown: Record<string, string> = {};
	for (const label of ['Model', 'Action']) {
		if ((await field(label).count()) === 0) continue;
		shown[label] = await field(label).locator('input').first().inputValue();
	}
	return shown;
}

/** The open node's input for the parameter `name` (the form shows one property of a name at a time). */
const parameterInput = (name: string) =>
	page.locator(`[data-test-id=parameter-input-${name}]`).locator('visible=true').first();

/**
 * Every option field the open form shows, with the value it shows. A value its list does not
 * offer (a stale choice) shows as the raw value, which no option of the property is named.
 */
async function staleChoices(): Promise<string[]> {
	const stale: string[] = [];
	for (const name of new Set(properties.filter((p) => p.type === 'options').map((p) => p.name))) {
		if (['resource', 'operation'].includes(name) || (await parameterInput(name).count()) === 0) continue;
		const shown = await parameterInput(name).locator('input').first().inputValue();
		const offered = properties
			.filter((p) => p.name === name)
			.flatMap((p) => (p.options ?? []).map((option) => (option as { name: string }).name));
		if (!offered.includes(shown)) stale.push(`${name}: "${shown}"`);
	}
	return stale;
}

/** Sets the open form's parameters as a user would: types text and numbers, picks options by their names. */
async function fillForm(parameters: Parameters): Promise<void> {
	for (const [name, value] of Object.entries(parameters)) {
		const property = properties.find(
			(p) =>
				p.name === name && (p.type !== 'options' || p.options?.some((o) => (o as { value: unknown }).value === value)),
		);
		if (!property) throw new Error(`No field ${name} offers ${JSON.stringify(value)}`);
		if (property.type === 'options') {
			const option = property.options!.find((o) => (o as { value: unknown }).value === value) as { name: string };
			await dropdownsClosed();
			await parameterInput(name).click();
			await page.locator('.el-select-dropdown__item:visible').filter({ hasText: option.name }).first().click();
			await dropdownsClosed();
		} else if (property.type === 'boolean') {
			const toggle = parameterInput(name).locator('.el-switch');
			const on = (await toggle.getAttribute('class'))?.includes('is-checked') === true;
			if (on !== value) await toggle.click();
		} else {
			await parameterInput(name).locator('textarea, input').first().fill(String(value));
		}
	}
}

/** Every option name the form can show for a field labelled `label`. */
const optionNames = (label: string) =>
	properties
		.filter((p) => p.displayName === label)
		.flatMap((p) => (p.options ?? []).map((option) => (option as { name: string }).name));

/**
 * Types `text` into the open node's Prompt, clicks Execute step, and returns the one request
 * the sandbox then received.
 */
async function executeWithPrompt(text: string): Promise<LoggedRequest> {
	await field('Prompt').locator('textarea').fill(text);
	const before = n8n.sandbox.requests.length;
	await page.locator('[data-test-id=node-execute-button]').click();
	const received = await requestsAfter(before);
	expect(received).toHaveLength(1);
	return received[0];
}

/** The output panel shows the taskId the sandbox answered to `request`. */
async function expectTaskIdShown(request: LoggedRequest): Promise<void> {
	const [taskId] = taskIdsAnswered([request]);
	const output = page.locator('[data-test-id=output-panel]');
	await output.getByText(taskId).waitFor({ timeout: 15_000 });
	expect(await output.innerText()).toContain(taskId);
}

/** The search field of the nodes panel. */
const searchField = () =>
	page
		.locator('[data-test-id=node-creator-search-bar]')
		.locator('input')
		.or(page.locator('input[data-test-id=node-creator-search-bar]'));

/**
 * Chooses the sandbox credential in the open node. The e2e n8n holds three PMock API
 * credentials (RealN8n.setUp: one with a wrong secret key, one with a password in its Base
 * URL), and the editor preselects one of them by its own order, not necessarily the sandbox one.
 */
async function chooseSandboxCredential(): Promise<void> {
	await page.locator('[data-test-id=node-credentials-select]').first().click();
	await page.locator(`[data-test-id=node-credentials-select-item-${CREDENTIALS.sandbox.id}]`).click();
}

/** The names the nodes panel lists right now. */
async function listedNodeNames(): Promise<string[]> {
	await page
		.locator('[data-test-id=node-creator-item-name]')
		.first()
		.waitFor({ timeout: 10_000 })
		.catch(() => undefined);
	return page.locator('[data-test-id=node-creator-item-name]').allInnerTexts();
}

beforeAll(async () => {
	await n8n.startServer();
	browser = await launchChromium(log);
	page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
	page.setDefaultTimeout(30_000);

	await page.goto(`${n8n.serverUrl}/signin`);
	await page.fill('input[name=emailOrLdapLoginId]', OWNER.email);
	await page.fill('input[name=password]', OWNER.password);
	await page.click('[data-test-id=form-submit-button]');
	await page.waitForURL((url) => !url.pathname.startsWith('/signin'));

	// A new workflow with a manual trigger, then the trigger's "+": the "What happens next?" panel.
	await page.goto(`${n8n.serverUrl}/workflow/new`);
	await page.locator('[data-test-id=canvas-add-button]').click();
	await page.getByText('Trigger manually').click();
	await page.locator('[data-test-id=canvas-handle-plus]').first().click();
	await searchField().waitFor();
}, 600_000);

afterAll(async () => {
	await browser?.close();
}, 120_000);

describe(`the PMock node in the editor of ${n8n.name}`, () => {
	test.each([
		'PMock',
		'Sora',
		'video',
		'Veo',
		'Nano Banana',
		'image generation',
		'Grok',
		'Suno',
		'music',
		'lyrics',
		'GPT Image',
	])('searching "%s" in the "What happens next?" panel lists PMock', async (word) => {
		await searchField().fill(word);
		await page
			.locator('[data-test-id=node-creator-item-name]')
			.getByText('PMock', { exact: true })
			.waitFor({ timeout: 10_000 })
			.catch(() => undefined);
		expect({ search: word, listed: await listedNodeNames() }).toEqual({
			search: word,
			listed: expect.arrayContaining(['PMock']),
		});
	});

	test('added from the panel, with a prompt typed in: Execute step shows the taskId the sandbox answered', async () => {
		await searchField().fill('PMock');
		await page.locator('[data-test-id=node-creator-item-name]').getByText('PMock', { exact: true }).click();
		// A community node's actions: the operations, each with its `action` text.
		await page.getByText(generateSoraStyles.option.action, { exact: true }).click();

		// The node settings open with a PMock credential already chosen: make it the sandbox one.
		await chooseSandboxCredential();
		const request = await executeWithPrompt('A lighthouse in a storm, seen from a boat');
		expect(request).toMatchObject({
			method: 'POST',
			path: generateSoraStyles.path,
			signature: 'valid',
			body: { model: 'sora-2', prompt: 'A lighthouse in a storm, seen from a boat' },
		});
		await expectTaskIdShown(request);
	});

	test('Generate (Veo 3.1) picked from the Operation list, with a prompt: Execute step sends the Veo request and shows its taskId', async () => {
		await page.locator('[data-test-id=parameter-input-operation]').click();
		await page
			.locator('.el-select-dropdown__item:visible')
			.filter({ hasText: generateVeo.option.name })
			.first()
			.click();
		// The Veo form: Action and Model of its own, the Prompt shared with the Sora operations.
		await field('Action').waitFor();
		const request = await executeWithPrompt('A hummingbird drinking from a red flower, macro, slow motion');
		// Veo's own Model and Action: the form starts from their defaults.
		expect(request).toMatchObject({
			method: 'POST',
			path: generateVeo.path,
			signature: 'valid',
			body: {
				prompt: 'A hummingbird drinking from a red flower, macro, slow motion',
				action: 'text2video',
				model: 'veo31_fast',
				aspectRatio: '16:9',
				translation: false,
			},
			response: { body: { code: 200 } },
		});
		await expectTaskIdShown(request);
	});

	test('Sora 2 Pro in Generate (Sora 2 Pro or Sora 2), then Generate (Veo 3.1), Get 1080p, then resource Image: no field shows a value its list does not offer, and Execute step sends a valid image request', async () => {
		const steps: Array<[string, Record<string, string>]> = [];
		await choose('Operation', generateSoraPro.option.name);
		await choose('Model', 'Sora 2 Pro');
		steps.push(['Sora 2 Pro', await modelAndAction()]);
		await choose('Operation', generateVeo.option.name);
		steps.push(['Veo 3.1', await modelAndAction()]);
		await choose('Action', 'Get 1080p');
		steps.push(['Get 1080p', await modelAndAction()]);
		await choose('Resource', 'Image');
		steps.push(['Image', await modelAndAction()]);
		log(`form after each step: ${JSON.stringify(steps)}`);
		expect(steps).toStrictEqual([
			['Sora 2 Pro', { Model: 'Sora 2 Pro' }],
			['Veo 3.1', { Model: 'Veo 3.1 Fast', Action: 'Text to Video' }],
			['Get 1080p', { Model: 'Veo 3.1 Fast', Action: 'Get 1080p' }],
			['Image', { Model: 'Nano Banana Fast', Action: 'Generate' }],
		]);
		for (const [, shown] of steps) {
			for (const [label, value] of Object.entries(shown)) expect(optionNames(label)).toContain(value);
		}

		const request = await executeWithPrompt('A red kite over a green hill');
		expect(request).toMatchObject({
			method: 'POST',
			path: generateImage.path,
			signature: 'valid',
			body: {
				prompt: 'A red kite over a green hill',
				action: 'generate',
				numImages: 1,
				model: 'nano-banana-fast',
				resolution: '1K',
				aspectRatio: '1:1',
			},
			response: { body: { code: 200 } },
		});
		await expectTaskIdShown(request);
	});

	test.each(
		OPERATIONS.map((operation) => [`${operation.resource.name} → ${operation.option.name}`, operation] as const),
	)(
		'%s picked in the Resource and Operation lists after the others: no field shows a value its list does not offer, and Execute step with the smallest form sends its body',
		async (_title, operation) => {
			const row = OPERATION_CASES.find(
				(cases) => cases.resource === operation.resource.value && cases.operation === operation.option.value,
			);
			if (!row) throw new Error(`test/cases has no row for ${operation.resource.value}/${operation.option.value}`);
			await choose('Resource', operation.resource.name);
			await choose('Operation', operation.option.name);
			expect(await staleChoices()).toStrictEqual([]);

			const [smallest] = row.sends;
			await fillForm(smallest.parameters);
			const before = n8n.sandbox.requests.length;
			await page.locator('[data-test-id=node-execute-button]').click();
			const received = await requestsAfter(before);
			expect(received).toHaveLength(1);
			expect(received[0]).toMatchObject({ method: 'POST', path: row.path, signature: 'valid' });
			expect(received[0].body).toStrictEqual(smallest.body);
			if ((row.answer ?? 'taskId') === 'taskId') await expectTaskIdShown(received[0]);
		},
	);

	test('Generate (GPT Image 2), What Comes Back → Image: Execute step shows the picture in the output panel, and View opens it at its size', async () => {
		await choose('Resource', 'Image');
		await choose('Operation', 'Generate (GPT Image 2)');
		await choose('What Comes Back', 'Image');
		const request = await executeWithPrompt('A red kite over a green hill, watercolour');
		expect(request).toMatchObject({ method: 'POST', path: '/ai/openai/v1/images/generations', signature: 'valid' });
		const image = (request.response.body as { data: Array<{ image: { bytes: number } }> }).data[0].image;
		expect(image.bytes).toBeGreaterThan(0);

		const output = page.locator('[data-test-id=output-panel]');
		const card = output.locator('[data-test-id=ndv-binary-data_0]');
		// The panel shows binary data in its Binary view: switch to it when it opened on another one.
		if (!(await card.isVisible().catch(() => false))) {
			await output.getByText('Binary', { exact: true }).first().click();
		}
		await card.waitFor({ timeout: 15_000 });
		expect(await card.innerText()).toMatch(/image\/png/);
		await card.locator('[data-test-id=ndv-view-binary-data]').click();
		// The viewer draws the bytes n8n stored: an <img> that decoded, at the size asked ("auto": 1024x1024).
		const picture = page.locator('img').filter({
			has: page.locator(
				'xpath=self::*[contains(@src, "binary-data") or starts-with(@src, "data:") or starts-with(@src, "blob:")]',
			),
		});
		await picture.first().waitFor({ timeout: 15_000 });
		await page.waitForFunction(
			"[...document.querySelectorAll('img')].some((img) => img.complete && img.naturalWidth === 1024 && img.naturalHeight === 1024)",
			undefined,
			{ timeout: 15_000 },
		);
		log(`image preview: ${await picture.first().getAttribute('src')}`);
	});

	test('the credential\'s Test (Retry in the credential dialog) passes: n8n says "Connection tested successfully"', async () => {
		await page.locator('[data-test-id=credential-edit-button]').click();
		const dialog = page.locator('[data-test-id=editCredential-modal]');
		const success = dialog.locator('[data-test-id=credentials-config-container-test-success]');
		// Opening a saved credential tests it once; Retry tests it again.
		await success.waitFor({ timeout: 20_000 });
		const before = n8n.sandbox.requests.length;
		await dialog.getByRole('button', { name: 'Retry' }).click();
		const received = await requestsAfter(before);
		expect(received).toHaveLength(1);
		// The credential test: a signed request with an empty body (no video, no credit).
		expect(received[0]).toMatchObject({ method: 'POST', path: generateSoraStyles.path, signature: 'valid', body: {} });
		await success.waitFor();
		expect((await success.innerText()).trim()).toMatch(/^Connection tested successfully\b/);
	});

	test('n8n also offers it to the AI Agent as "PMock Tool", under AI → Tools', async () => {
		const response = await page.request.get(`${n8n.serverUrl}/types/nodes.json`);
		expect(response.ok()).toBe(true);
		const types = (await response.json()) as Array<{
			name: string;
			displayName: string;
			codex?: { categories?: string[]; subcategories?: Record<string, string[]> };
		}>;
		const tool = types.find((type) => type.name === `${NODE_TYPE}Tool`);
		expect(tool).toMatchObject({
			displayName: 'PMock Tool',
			codex: { categories: ['AI'], subcategories: { AI: ['Tools'] } },
		});
		expect(types.find((type) => type.name === NODE_TYPE)?.codex?.categories).toStrictEqual(['Marketing & Content']);
	});
});
