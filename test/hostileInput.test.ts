import type { ICredentialDataDecryptedObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { expectRefused as expectRefusedBy } from './helpers/expectRefused';
import { credentialsFor, useSandbox } from './helpers/sandbox';
import { continuedError, failureOf } from './helpers/failures';
import { runPmockNode } from '../dev/harness/runPmockNode';

/**
 * Odd and hostile input that reaches the node from expressions, sheets and pasted
 * credentials: each is either sent as a user would expect or refused, before anything is
 * sent, with a message that says what to fix. (The everyday cases are in
 * the table of operation cases, test/cases/, and in credentials.test.ts.)
 */

const ACCESS_KEY = 'ak-hostile-test';
const SECRET_KEY = 'sk-hostile-test';

const server = useSandbox(ACCESS_KEY, SECRET_KEY);

const generate = (
	parameters: Record<string, unknown>,
	options: { continueOnFail?: boolean; credentials?: Partial<ICredentialDataDecryptedObject> } = {},
) =>
	runPmockNode({
		parameters: { resource: 'video', operation: 'generateV2', sora2Prompt: 'a valid prompt', ...parameters } as never,
		credentials: credentialsFor(server, options.credentials),
		continueOnFail: options.continueOnFail,
	});

const expectRefused = (parameters: Record<string, unknown>, credentials?: Partial<ICredentialDataDecryptedObject>) =>
	expectRefusedBy((options) => generate(parameters, { ...options, credentials }), server);

/**
 * Credential problems surface when n8n applies the credential to a request, so the node
 * stops there (a NodeApiError for the item), before anything is sent.
 */
async function stoppedBeforeSending(credentials: Partial<ICredentialDataDecryptedObject>): Promise<Error> {
	const error = await failureOf(generate({}, { credentials }));
	expect(error).toBeInstanceOf(NodeApiError);
	expect(error.context?.itemIndex).toBe(0);
	const [item] = await generate({}, { credentials, continueOnFail: true });
	expect(continuedError(item)?.message).toBe(error.message);
	expect(server.requests).toHaveLength(0);
	return error;
}

/** The one request the server got: its parsed body. */
const sentBody = () => {
	expect(server.requests).toHaveLength(1);
	return server.requests[0].body as Record<string, unknown>;
};

describe('prompts are sent exactly as written', () => {
	test.each([
		['emoji, including a family joined by zero-width joiners', 'A 🎬 trailer: 👨‍👩‍👧‍👦 at the beach 🏖️, fireworks 🎆'],
		['right-to-left text mixed with left-to-right', 'قطة تلعب في الحديقة — a cat plays in the garden, שלום'],
		['newlines (a storyboard), CRLF and tabs', '[0-5s] A fox at dawn\n[5-10s] Close-up\r\n\tthe fox looks up'],
		['quotes, backslashes and markup', 'He said "hi" \\ <script>alert(1)</script> {{ not an expression }}'],
		['leading and trailing spaces', '  spaced out  '],
	])('%s', async (_case, prompt) => {
		await generate({ sora2Prompt: prompt });
		expect(sentBody().prompt).toBe(prompt);
	});

	test('exactly 5000 characters counted in UTF-16 code units (2500 emoji) is accepted', async () => {
		const prompt = '🎬'.repeat(2500);
		expect(prompt).toHaveLength(5000);
		await generate({ sora2Prompt: prompt });
		expect(sentBody().prompt).toBe(prompt);
	});

	test('5000 characters of right-to-left text is accepted; 5001 is refused', async () => {
		await generate({ sora2Prompt: 'ש'.repeat(5000) });
		expect(sentBody().prompt).toHaveLength(5000);
		server.reset();
		const error = await expectRefused({ sora2Prompt: 'ש'.repeat(5001) });
		expect(error.message).toBe('Prompt (prompt) is too long: 5001 characters, 1 over the limit');
	});

	test.each([
		['NUL bytes', '\u0000\u0000\u0000'],
		['zero-width spaces and joiners', '\u200B\u200C\u200D\u2060\uFEFF'],
		['control characters and a line break', '\u0001\u0007\u001B\n\u007F'],
		['Hangul fillers and a blank Braille pattern', '\u3164\u115F\u2800'],
		['combining marks with nothing to combine with', '\u0301\u0308'],
		['bidirectional marks and a soft hyphen', '\u200E\u200F\u202E\u00AD'],
		['a variation selector', '\uFE0F'],
	])('a prompt of only %s looks empty and is refused', async (_case, prompt) => {
		const error = await expectRefused({ sora2Prompt: prompt });
		expect(error.message).toBe(
			'Prompt (prompt) has no visible characters: only spaces, control characters, zero-width or other invisible characters',
		);
	});

	test.each([
		['one letter among zero-width spaces', '\u200Ba\u200B'],
		['a single emoji', '🎬'],
		['a single punctuation mark', '?'],
	])('a prompt with %s is sent', async (_case, prompt) => {
		await generate({ sora2Prompt: prompt });
		expect(sentBody().prompt).toBe(prompt);
	});

	test('a number from an expression is sent as text', async () => {
		await generate({ sora2Prompt: '={{ 42 }}' });
		expect(sentBody().prompt).toBe('42');
	});

	test.each([
		['null', '={{ null }}', 'Prompt (prompt) is empty'],
		['a list', '={{ ["a", "b"] }}', 'Prompt (prompt) must be text, not a list'],
		['true', '={{ true }}', 'Prompt (prompt) must be text, not boolean'],
	])('an expression returning %s is refused', async (_case, prompt, message) => {
		const error = await expectRefused({ sora2Prompt: prompt });
		expect(error.message).toBe(message);
	});
});

describe('image URLs', () => {
	test.each([
		[
			'spaces in the path and the query',
			'https://example.com/my photos/a b.jpg?size=large x',
			'https://example.com/my%20photos/a%20b.jpg?size=large%20x',
		],
		[
			'a non-ASCII host and path',
			'https://bücher.example/bild ü.png',
			'https://xn--bcher-kva.example/bild%20%C3%BC.png',
		],
		['upper-case scheme and host', 'HTTPS://EXAMPLE.COM/A.PNG', 'https://example.com/A.PNG'],
	])('%s: sent percent-encoded', async (_case, images, sent) => {
		await generate({ images });
		expect(sentBody().images).toStrictEqual([sent]);
	});

	test.each([
		['JavaScript in upper case', 'JAVASCRIPT:alert(document.cookie)', /must be an http\(s\) URL, not javascript/],
		['javascript with leading spaces', '   javascript:alert(1)', /must be an http\(s\) URL, not javascript/],
		['a file URL for a Windows path', 'file:///C:/Users/me/photo.jpg', /must be an http\(s\) URL, not file/],
		['an ftp URL with credentials', 'ftp://user:pass@example.com/a.png', /must be an http\(s\) URL, not ftp/],
		[
			'a data URI with an SVG',
			'data:image/svg+xml;utf8,<svg onload="alert(1)"/>',
			/must be an http\(s\) URL, not data/,
		],
		['a space in the host name', 'https://exa mple.com/a.png', /is not a valid URL/],
		['a scheme without a host', 'https://', /is not a valid URL/],
		[
			'an object from an expression',
			'={{ { url: "https://example.com/a.png" } }}',
			/must be a URL, not \{"url":"https:\/\/example.com\/a.png"\}/,
		],
	])('%s: refused', async (_case, images, message) => {
		const error = await expectRefused({ images });
		expect(error.message).toMatch(/^Image URL \(images\) /);
		expect(error.message).toMatch(message);
		// A long value is cut short in the message.
		expect(error.message.length).toBeLessThan(140);
	});

	test('null from an expression means no image', async () => {
		await generate({ images: '={{ null }}' });
		expect(sentBody()).not.toHaveProperty('images');
	});

	test('a URL of 8192 characters is sent; 8193 is refused with its length', async () => {
		const url = (length: number) => {
			const start = 'https://example.com/a.png?sig=';
			return start + 'x'.repeat(length - start.length);
		};
		await generate({ images: url(8192) });
		expect((sentBody().images as string[])[0]).toHaveLength(8192);

		server.reset();
		const error = await expectRefused({ images: url(8193) });
		expect(error.message).toBe('Image URL (images) is too long: 8193 characters');
		expect(error.description).toMatch(/at most 8192 characters/);
	});

	test('a very long data URI is refused for its scheme, and the message stays short', async () => {
		const error = await expectRefused({ images: `data:image/png;base64,${'A'.repeat(200_000)}` });
		expect(error.message).toMatch(
			/^Image URL \(images\) must be an http\(s\) URL, not data: "data:image\/png;base64,A+\.\.\.$/,
		);
	});
});

describe('numbers and booleans from expressions', () => {
	test.each([
		['"15"', '={{ "15" }}', 15],
		['" 10 " (spaces around)', '={{ " 10 " }}', 10],
		['15.0 (a number)', '={{ 15.0 }}', 15],
	])('duration %s is sent as a number', async (_case, duration, sent) => {
		await generate({ sora2Duration: duration });
		expect(sentBody().duration).toBe(sent);
	});

	test.each([
		['"15s"', '={{ "15s" }}', 'Duration (duration) cannot be "15s"'],
		['"15.0" (text)', '={{ "15.0" }}', 'Duration (duration) cannot be "15.0"'],
		['null', '={{ null }}', 'Duration (duration) cannot be null'],
		['an object', '={{ { seconds: 15 } }}', 'Duration (duration) cannot be {"seconds":15}'],
		['a list', '={{ [15] }}', 'Duration (duration) cannot be [15]'],
	])('duration %s is refused', async (_case, duration, message) => {
		const error = await expectRefused({ sora2Duration: duration });
		expect(error.message).toBe(message);
	});

	test.each([
		['"true"', '={{ "true" }}', true],
		['"TRUE" (a spreadsheet cell)', '={{ "TRUE" }}', true],
		['" False " (spaces, mixed case)', '={{ " False " }}', false],
	])('boolean %s is sent as a JSON boolean', async (_case, removeWatermark, sent) => {
		await generate({ removeWatermark });
		expect(sentBody().removeWatermark).toBe(sent);
	});

	test.each([
		['"1"', '={{ "1" }}', '"1"'],
		['null', '={{ null }}', 'null'],
		['an object', '={{ { on: true } }}', '{"on":true}'],
	])('boolean %s is refused', async (_case, storyboard, shown) => {
		const error = await expectRefused({ storyboard });
		expect(error.message).toBe(`Storyboard (storyboard) cannot be ${shown}`);
		expect(error.description).toMatch(/Allowed: true or false\./);
	});

	test.each([
		['null', '={{ null }}', 'null'],
		['an object', '={{ { id: "anime" } }}', '{"id":"anime"}'],
		['upper case', '={{ "ANIME" }}', '"ANIME"'],
	])('style %s is refused', async (_case, styleId, shown) => {
		const error = await expectRefused({ styleId });
		expect(error.message).toBe(`Style (styleId) cannot be ${shown}`);
	});
});

describe('the Base URL of the credential', () => {
	const PATH = '/ai/sa/video/generate/v2';

	test.each([
		['without a trailing slash', (base: string) => base, `/api${PATH}`],
		['with several trailing slashes and spaces', (base: string) => `  ${base}/// `, `/api${PATH}`],
		[
			'with a longer path (a gateway prefix)',
			(base: string) => base.replace(/\/api$/, '/gateway/pmock/api'),
			`/gateway/pmock/api${PATH}`,
		],
		['with no path at all', (base: string) => base.replace(/\/api$/, ''), PATH],
	])('%s: the operation path is appended to it', async (_case, baseUrl, path) => {
		const output = await generate({}, { credentials: { baseUrl: baseUrl(server.baseUrl) } });
		expect(server.requests.map((request) => request.url)).toStrictEqual([path]);
		expect(output[0].json.taskId).toBe('task-1');
	});

	test.each([
		['not a URL', 'my pmock server'],
		['ftp', 'ftp://ai.pmock.com/api'],
		['a query string', 'https://ai.pmock.com/api?region=eu'],
		['a fragment', 'https://ai.pmock.com/api#docs'],
	])('%s: the node stops before sending, naming the Base URL', async (_case, baseUrl) => {
		const error = await stoppedBeforeSending({ baseUrl });
		expect(error.message).toBe(
			`The Base URL in the PMock API credential is not usable: "${baseUrl}". Open the credential and enter an http(s) address without "?" or "#", such as https://ai.pmock.com/api (the default)`,
		);
	});
});

describe('credential keys', () => {
	const runWithKeys = (accessKey: string, secretKey: string) => stoppedBeforeSending({ accessKey, secretKey });

	test.each([
		['both empty', '', ''],
		['an empty access key', '', SECRET_KEY],
		['a blank secret key', ACCESS_KEY, ' \n '],
	])('%s: the node stops before sending, saying to paste both keys', async (_case, accessKey, secretKey) => {
		const error = await runWithKeys(accessKey, secretKey);
		expect(error.message).toBe(
			'The PMock API credential has an empty Access Key or Secret Key: open the credential and paste both keys from your pmock console',
		);
	});

	test.each([
		['a non-ASCII character', 'ак-ключ'],
		['a space inside', 'ak hostile'],
		['a line break inside', 'ak\nhostile'],
	])('an access key with %s is refused before sending, without showing it', async (_case, accessKey) => {
		const error = await runWithKeys(accessKey, SECRET_KEY);
		expect(error.message).toBe(
			'The Access Key of the PMock API credential contains a space, a line break or a character that is not plain ASCII: copy it again from your pmock console',
		);
		expect(error.message).not.toContain(accessKey);
	});

	test('keys pasted with spaces or a line break around them are trimmed and work', async () => {
		const output = await generate(
			{},
			{ credentials: { accessKey: ` ${ACCESS_KEY}\n`, secretKey: `\t${SECRET_KEY} ` } },
		);
		expect(output[0].json.taskId).toBe('task-1');
	});
});
