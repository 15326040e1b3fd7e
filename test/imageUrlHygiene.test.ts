import { expectRefused } from './helpers/expectRefused';
import { operationRunner, useSandbox } from './helpers/sandbox';
import { OPERATIONS } from '../nodes/Pmock/operations';
import { fieldLabel } from '../nodes/Pmock/shared/operation';
import { OPERATION_CASES } from './cases';

/**
 * The URL fields pmock fetches a file from (Sora's Image URL, Veo's and Nano Banana's Image
 * URLs, Character's Video URL), through RoutingNode: a URL with user:password@ or a host that
 * cannot be public is refused before anything is sent; a text that holds several URLs is
 * split into them (list fields) or refused (one-URL fields); Nano Banana takes at most 10.
 */

const server = useSandbox('ak-url-hygiene', 'sk-url-hygiene');

const A = 'https://example.com/a.png';
const B = 'https://example.com/b.png';

/**
 * Every URL field of every operation (a text field whose JSON key names an image or a URL),
 * with the rest of a valid item around it: the parameters of the first case of the
 * operation's row (test/cases/) that sends it. A field of several lines takes a list.
 */
const FIELDS = OPERATIONS.flatMap((operation) => {
	const row = OPERATION_CASES.find(
		(candidate) => candidate.resource === operation.resource.value && candidate.operation === operation.option.value,
	)!;
	const urlFields = operation.fields.filter(
		(field, index, all) =>
			field.type === 'string' &&
			/url|image/i.test(field.routing?.send?.property ?? '') &&
			all.findIndex((other) => other.name === field.name) === index,
	);
	return urlFields.map((urlField) => {
		const key = urlField.routing!.send!.property!;
		const base = row.sends.find((sent) => sent.body[key] !== undefined)!;
		const rest = Object.fromEntries(Object.entries(base.parameters).filter(([name]) => name !== urlField.name));
		return {
			field: fieldLabel(urlField),
			list: urlField.typeOptions?.rows !== undefined,
			run: operationRunner(server, { resource: row.resource, operation: row.operation, ...rest }),
			key: urlField.name,
			/** What was sent, as a list (a one-URL field may be sent as a string or a one-element list). */
			sent: (body: Record<string, unknown>) => [body[key]].flat(),
		};
	});
});

const sentBody = () => {
	expect(server.requests).toHaveLength(1);
	return JSON.parse(server.requests[0].rawBody) as Record<string, unknown>;
};

/** Hosts that cannot be public, as typed, with how the message names them. */
const NOT_PUBLIC: Array<[string, string, string]> = [
	['http://localhost:8080/a.png', 'localhost', 'localhost'],
	['http://LOCALHOST./a.png', 'localhost', 'localhost.'],
	['http://img.localhost/a.png', 'localhost', 'img.localhost'],
	['http://127.0.0.1/a.png', 'a loopback address', '127.0.0.1'],
	['http://127.1/a.png', 'a loopback address', '127.0.0.1'],
	['http://2130706433/a.png', 'a loopback address', '127.0.0.1'],
	['http://0x7f.1/a.png', 'a loopback address', '127.0.0.1'],
	['http://017700000001/a.png', 'a loopback address', '127.0.0.1'],
	['http://[::1]/a.png', 'a loopback address', '[::1]'],
	['http://10.0.0.5/a.png', 'a private address', '10.0.0.5'],
	['http://172.16.0.1/a.png', 'a private address', '172.16.0.1'],
	['http://172.31.255.255/a.png', 'a private address', '172.31.255.255'],
	['http://192.168.1.10/a.png', 'a private address', '192.168.1.10'],
	['http://169.254.169.254/latest/meta-data/', 'a link-local address', '169.254.169.254'],
	['http://[fe80::1]/a.png', 'a link-local address', '[fe80::1]'],
	['http://[febf::1]/a.png', 'a link-local address', '[febf::1]'],
	['http://[fc00::1]/a.png', 'a unique-local address', '[fc00::1]'],
	['http://[fd12:3456::1]/a.png', 'a unique-local address', '[fd12:3456::1]'],
	['http://0.0.0.0/a.png', 'an unspecified address (0.0.0.0/8)', '0.0.0.0'],
	['http://0/a.png', 'an unspecified address (0.0.0.0/8)', '0.0.0.0'],
	['http://[::]/a.png', 'an unspecified address (::)', '[::]'],
	['http://[::ffff:127.0.0.1]/a.png', 'a loopback address', '[::ffff:7f00:1]'],
	['http://[::ffff:169.254.169.254]/a.png', 'a link-local address', '[::ffff:a9fe:a9fe]'],
	['http://[::ffff:c0a8:1]/a.png', 'a private address', '[::ffff:c0a8:1]'],
	['http://[64:ff9b::10.1.2.3]/a.png', 'a private address', '[64:ff9b::a01:203]'],
];

/** Near misses: public hosts, or an "@" and "," that belong to the URL. Sent as they are. */
const PUBLIC = [
	'http://172.15.0.1/a.png',
	'http://172.32.0.1/a.png',
	'http://192.169.0.1/a.png',
	'http://11.0.0.1/a.png',
	'http://[2606:4700::1111]/a.png',
	'http://[::ffff:808:808]/a.png',
	'https://localhost.example.com/a.png',
	'https://example.com/@studio/a.png',
	'https://res.cloudinary.com/demo/image/upload/w_100,h_100,c_fill/sample.jpg',
	'https://example.com/a.png?crop=0,0,100,100',
];

describe.each(FIELDS)('$field', ({ field, list, run, key, sent }) => {
	const refused = (value: unknown) => expectRefused((options) => run({ [key]: value }, options), server);

	test.each([
		['user:password@', 'https://me:hunter2@example.com/a.png'],
		['a user name only (a token)', 'https://tok3n-hunter2@example.com/a.png'],
		['an empty password', 'https://hunter2:@example.com/a.png'],
	])('a URL with %s is refused without showing it', async (_case, url) => {
		const error = await refused(url);
		expect(error.message).toBe(
			`${field} contains a user name or password (user:password@ before the host): "https://***@example.com/a.png"`,
		);
		expect(error.description).toContain('without user:password@');
		expect(`${error.message} ${error.description}`).not.toContain('hunter2');
	});

	test.each(NOT_PUBLIC)('%s is refused: %s', async (url, kind, host) => {
		const error = await refused(url);
		expect(error.message).toMatch(
			new RegExp(`^${escape(field)} points at ${escape(kind)} \\(${escape(host)}\\), not a public address: `),
		);
		expect(error.description).toMatch(
			/^Allowed: a public http:\/\/ or https:\/\/ address, e\.g\. .*pmock downloads the file from the internet/,
		);
	});

	test.each(PUBLIC)('%s is sent', async (url) => {
		await run({ [key]: url });
		expect(sent(sentBody())).toStrictEqual([url]);
	});

	test.each([
		['a comma', `${A},${B}`],
		['a semicolon and a space', `${A}; ${B}`],
		['a space', `${A} ${B}`],
		['a tab', `${A}\t${B}`],
		['U+2028 (line separator)', `${A}\u2028${B}`],
		['U+2029 (paragraph separator)', `${A}\u2029${B}`],
		['a comma before HTTPS://', `${A},${B.toUpperCase().replace('/B.PNG', '/b.png')}`],
		['a comma, inside one entry of a list from an expression', `={{ ["${A},${B}"] }}`],
	])('two URLs separated by %s', async (_case, value) => {
		if (list) {
			await run({ [key]: value });
			expect(sent(sentBody())).toStrictEqual([A, B]);
		} else {
			const error = await refused(value);
			if (value.startsWith('={{') && error.message.startsWith(`${field} must be a URL, not [`)) {
				// A field that takes text only (Video URL) refuses a list from an expression as such.
				return;
			}
			expect(error.message).toMatch(
				new RegExp(`^${escape(field)} (holds 2 URLs|has 2 images|has 2 URLs: .+ takes at most 1, remove 1)$`),
			);
			expect(error.description).toContain(
				'a line break, or a comma, semicolon or space before http(s)://, starts another URL',
			);
		}
	});

	test('a second public URL after a bad one does not hide it: each URL of a text is checked', async () => {
		const error = await refused(`http://127.0.0.1/a.png,${A}`);
		expect(error.message).toMatch(list ? /points at a loopback address/ : /(has|holds) 2 /);
	});
});

describe('Nano Banana Edit: at most 10 image URLs', () => {
	const run = FIELDS.find((field) => field.key === 'editImageUrls')!.run;
	const urls = (count: number) => Array.from({ length: count }, (_, index) => `https://example.com/${index}.png`);

	test('10 are sent', async () => {
		await run({ editImageUrls: urls(10).join('\n') });
		expect(sentBody().imageUrls).toStrictEqual(urls(10));
	});

	test.each([11, 10_000])('%d are refused, counted before any is checked', async (count) => {
		// The last one is not even a URL: the count is what is reported.
		const list = [...urls(count - 1), 'not a URL'];
		const error = await expectRefused((options) => run({ editImageUrls: list.join('\n') }, options), server);
		expect(error.message).toBe(`Image URLs (imageUrls) has ${count} URLs`);
		expect(error.description).toMatch(/^Allowed: at most 10 URLs, one per line/);
	});
});

function escape(text: string): string {
	return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
