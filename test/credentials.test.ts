import type { ICredentialsDecrypted, ICredentialTestFunctions, INodeCredentialTestResult } from 'n8n-workflow';
import { CredentialTestContext } from 'n8n-core';

import { PmockApi } from '../credentials/PmockApi.credentials';
import { normalizeBaseUrl, showBaseUrl } from '../credentials/pmockBaseUrl';
import { computeSignature, pmockAuthHeaders, signatureTimestamp } from '../credentials/pmockSignature';
import { Pmock } from '../nodes/Pmock/Pmock.node';
import { credentialTestWithTimeout } from '../nodes/Pmock/credentialTest';
import { verifyPmockSignature } from '../sandbox/signature';
import { runPmockNode } from '../dev/harness/runPmockNode';
import { closedPortBaseUrl, useSandbox, type Answer } from './helpers/sandbox';
import { everythingIn, secretsOf } from './helpers/secrets';

const ACCESS_KEY = 'ak-credential-test';

/** What the Test button says to do when PMock rejects the keys. */
const KEYS_ADVICE =
	"check the Access Key and the Secret Key (no spaces, both from the same pmock account) and that this machine's clock is right: the signature is only valid for the current minute.";
const SECRET_KEY = 'sk-credential-test-SECRET';

describe('signature', () => {
	test('matches the worked example of the authentication spec', () => {
		expect(computeSignature('ak-example', 'sk-example', 1764000000)).toBe(
			'2iXqQMhXtHSgyfepQ9dikhGCHq+DTF2W5Wcayf3X320=',
		);
	});

	test('timestamp is Unix seconds rounded down to the minute', () => {
		expect(signatureTimestamp(1764000059_999)).toBe(1764000000);
		expect(signatureTimestamp(1764000060_000)).toBe(1764000060);
	});

	test('both header pairs carry the same key and the same signature', () => {
		expect(pmockAuthHeaders('ak-example', 'sk-example', 1764000012_345)).toStrictEqual({
			'pmock-access-key': 'ak-example',
			'pmock-access-token': '2iXqQMhXtHSgyfepQ9dikhGCHq+DTF2W5Wcayf3X320=',
			'wuinai-access-key': 'ak-example',
			'wuinai-access-token': '2iXqQMhXtHSgyfepQ9dikhGCHq+DTF2W5Wcayf3X320=',
		});
	});
});

describe('Base URL', () => {
	test.each([
		['', 'https://ai.pmock.com/api'],
		['  https://ai.pmock.com/api//  ', 'https://ai.pmock.com/api'],
		['https://gateway.example.com/my api', 'https://gateway.example.com/my%20api'],
		['HTTP://LOCALHOST:8080', 'http://localhost:8080'],
	])('%j is used as %s', (value, expected) => {
		expect(normalizeBaseUrl(value)).toBe(expected);
	});

	test('messages hide a user:password@ part and stay short', () => {
		expect(showBaseUrl('https://me:hunter2@proxy.example.com/api?x=1')).toBe('https://***@proxy.example.com/api?x=1');
		expect(showBaseUrl(`https://example.com/${'a'.repeat(200)}`)).toHaveLength(80);
	});

	test.each([
		['a "?"', 'https://me:pa?ss@proxy.example.com/api', 'pa?ss'],
		['a "#"', 'https://me:pa#ss@proxy.example.com/api', 'pa#ss'],
		['a "/"', 'https://me:pa/ss@proxy.example.com/api', 'pa/ss'],
		['an "@"', 'https://me:p@ss@proxy.example.com/api', 'p@ss'],
		['a "\\"', 'https://me:pa\\ss@proxy.example.com/api', 'pa\\ss'],
		['spaces and a user name with ":"', '  https://m:e:pa ss word@proxy.example.com/api ', 'pa ss word'],
	])('a password with %s is hidden too', (_case, baseUrl, password) => {
		const shown = showBaseUrl(baseUrl);
		expect(shown).not.toContain(password);
		expect(shown).toBe('https://***@proxy.example.com/api');
	});

	test('an unusable Base URL with a password is refused without showing the password', async () => {
		for (const baseUrl of [
			'https://me:pa?ss@proxy.example.com/api',
			'https://me:pa/ss@proxy.example.com/api',
			'https://me:pa#ss@proxy.example.com/api',
		]) {
			const error = await new PmockApi()
				.authenticate({ accessKey: ACCESS_KEY, secretKey: SECRET_KEY, baseUrl }, { url: '/x' })
				.then(
					() => undefined,
					(caught: Error) => caught,
				);
			expect(error?.message).toContain('"https://***@proxy.example.com/api"');
			expect(error?.message).not.toMatch(/pa.ss/);
		}
	});
});

describe('PmockApi credential', () => {
	const credential = new PmockApi();

	test('authenticate adds both pairs, verifiable with the secret, and keeps other headers', async () => {
		const signed = await credential.authenticate(
			{ accessKey: ` ${ACCESS_KEY} `, secretKey: SECRET_KEY, baseUrl: 'https://ai.pmock.com/api' },
			{ url: '/x', headers: { 'x-keep': '1' } },
		);
		expect(signed.headers?.['x-keep']).toBe('1');
		for (const prefix of ['pmock', 'wuinai']) {
			expect(signed.headers?.[`${prefix}-access-key`]).toBe(ACCESS_KEY);
			expect(
				verifyPmockSignature(
					ACCESS_KEY,
					SECRET_KEY,
					signed.headers?.[`${prefix}-access-key`],
					signed.headers?.[`${prefix}-access-token`],
				),
			).toBe(true);
		}
	});

	test.each([
		['access key', { accessKey: '', secretKey: SECRET_KEY }],
		['secret key', { accessKey: ACCESS_KEY, secretKey: '  ' }],
	])('an empty %s is refused with a message that says what to do', async (_case, keys) => {
		await expect(credential.authenticate(keys, { url: '/x' })).rejects.toThrow(
			'The PMock API credential has an empty Access Key or Secret Key: open the credential and paste both keys from your pmock console',
		);
	});

	test('fields: access key (shown, an identifier like a user name), secret key (password), base URL with the documented default', () => {
		const byName = Object.fromEntries(credential.properties.map((property) => [property.name, property]));
		expect(Object.keys(byName)).toStrictEqual(['accessKey', 'secretKey', 'baseUrl']);
		expect(byName.accessKey.typeOptions?.password).toBeUndefined();
		expect(byName.secretKey.typeOptions?.password).toBe(true);
		expect(byName.baseUrl.default).toBe('https://ai.pmock.com/api');
	});
});

describe('Test button (testedBy credential test)', () => {
	const server = useSandbox(ACCESS_KEY, SECRET_KEY);
	// The real API refuses the test's empty body after checking the signature.
	beforeEach(() =>
		server.reset(() => ({
			status: 400,
			body: { code: 400, message: 'model must not be null', data: null, traceId: 'trace-empty-body' },
		})),
	);

	const node = new Pmock();
	const testName = node.description.credentials?.[0].testedBy as string;

	/** Runs the node's credential test the way n8n's CredentialsTester does. */
	const testCredential = async (
		data: Record<string, string>,
		timeoutMs?: number,
	): Promise<INodeCredentialTestResult> => {
		const credentials: ICredentialsDecrypted = { id: 'c1', name: 'PMock account', type: 'pmockApi', data };
		const context = new CredentialTestContext() as unknown as ICredentialTestFunctions;
		if (timeoutMs !== undefined) return await credentialTestWithTimeout(timeoutMs).call(context, credentials);
		return await node.methods.credentialTest[testName as 'pmockApiTest'].call(context, credentials);
	};

	const expectNothingSecretIn = (result: INodeCredentialTestResult, secretKey = SECRET_KEY) => {
		for (const secret of secretsOf(ACCESS_KEY, secretKey)) {
			expect(everythingIn(result)).not.toContain(secret);
		}
	};

	/** The test request is a signed POST to generate/v2 with an empty JSON object: no prompt, no video. */
	const expectOnlyEmptyBodyRequests = () => {
		for (const request of server.requests) {
			expect(request.method).toBe('POST');
			expect(request.path).toBe('/ai/sa/video/generate/v2');
			expect(request.body).toStrictEqual({});
			expect(request.rawBody).not.toContain('prompt');
		}
	};

	test('is wired to the credential through testedBy', () => {
		expect(node.description.credentials).toStrictEqual([
			{ name: 'pmockApi', required: true, testedBy: 'pmockApiTest' },
		]);
	});

	test('right keys: OK, and the request carried both signed pairs', async () => {
		const result = await testCredential({ accessKey: ACCESS_KEY, secretKey: SECRET_KEY, baseUrl: server.baseUrl });
		expect(result).toStrictEqual({ status: 'OK', message: 'Connection successful: PMock accepted the keys' });
		expect(server.requests).toHaveLength(1);
		// The sandbox checked both header pairs against the keys.
		expect(server.requests[0].signature).toBe('valid');
		expectOnlyEmptyBodyRequests();
		expectNothingSecretIn(result);
	});

	test('right keys and an HTTP 200 envelope error for the empty body: OK', async () => {
		server.reset(() => ({ body: { code: 400, message: 'prompt is required', data: null, traceId: 't' } }));
		const result = await testCredential({
			accessKey: ACCESS_KEY,
			secretKey: SECRET_KEY,
			baseUrl: `${server.baseUrl}/`,
		});
		expect(result.status).toBe('OK');
		expectOnlyEmptyBodyRequests();
	});

	test('wrong secret key: rejected, with the API message and no secret', async () => {
		const result = await testCredential({ accessKey: ACCESS_KEY, secretKey: 'wrong-secret', baseUrl: server.baseUrl });
		expect(server.requests).toHaveLength(1);
		const { message, traceId } = server.requests[0].response.body as { message: string; traceId: string };
		expect(message).toMatch(/signature verification failed/);
		expect(result).toStrictEqual({
			status: 'Error',
			message: `PMock rejected these keys (HTTP 401): ${KEYS_ADVICE} PMock says: "${message}". traceId: ${traceId}.`,
		});
		expectOnlyEmptyBodyRequests();
		expectNothingSecretIn(result, 'wrong-secret');
	});

	test('wrong access key: rejected', async () => {
		const result = await testCredential({
			accessKey: 'ak-someone-else',
			secretKey: SECRET_KEY,
			baseUrl: server.baseUrl,
		});
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/^PMock rejected these keys \(HTTP 401\): check the Access Key and the Secret Key/);
		expectOnlyEmptyBodyRequests();
		expectNothingSecretIn(result);
	});

	test('code 403 inside an HTTP 200: rejected', async () => {
		server.reset(() => ({ body: { code: 403, message: 'access key disabled', data: null, traceId: 't' } }));
		const result = await testCredential({ accessKey: ACCESS_KEY, secretKey: SECRET_KEY, baseUrl: server.baseUrl });
		expect(result).toStrictEqual({
			status: 'Error',
			message: `PMock rejected these keys (code 403): ${KEYS_ADVICE} PMock says: "access key disabled". traceId: t.`,
		});
	});

	test('closed port: cannot reach, naming the Base URL', async () => {
		const baseUrl = await closedPortBaseUrl();
		const result = await testCredential({ accessKey: ACCESS_KEY, secretKey: SECRET_KEY, baseUrl });
		expect(result.status).toBe('Error');
		expect(result.message).toBe(
			`Cannot reach PMock at ${baseUrl} (ECONNREFUSED): check the Base URL and this machine's network`,
		);
		expectNothingSecretIn(result);
	});

	const testWithRightKeys = () =>
		testCredential({ accessKey: ACCESS_KEY, secretKey: SECRET_KEY, baseUrl: server.baseUrl });

	describe("only pmock's envelope counts as accepted", () => {
		const loginPage =
			'<!doctype html><html><head><title>Sign in</title></head><body><form action="/login">Password</form></body></html>';

		test.each([
			[
				'a 404 HTML page',
				{
					status: 404,
					body: '<html><body><h1>404 Not Found</h1></body></html>',
					headers: { 'content-type': 'text/html' },
				},
				'HTTP 404 (text/html)',
				'<html><body><h1>404 Not Found</h1></body></html>',
			],
			[
				'a login page with HTTP 200',
				{ status: 200, body: loginPage, headers: { 'content-type': 'text/html; charset=utf-8' } },
				'HTTP 200 (text/html; charset=utf-8)',
				'<!doctype html><html><head><title>Sign in</title>',
			],
			[
				'JSON without a code',
				{ status: 200, body: { status: 'ok', service: 'something else' } },
				'HTTP 200 (application/json)',
				'{"status":"ok","service":"something else"}',
			],
			['an empty 200', { status: 200, body: '' }, 'HTTP 200 (text/plain; charset=utf-8)', '(empty body)'],
			[
				'a 404 JSON error of another API',
				{ status: 404, body: { error: 'Not Found', path: '/api/ai/sa/video/generate/v2' } },
				'HTTP 404 (application/json)',
				'{"error":"Not Found"',
			],
		])('%s: the Base URL does not look like the pmock API', async (_case, answer, status, excerpt) => {
			server.reset(() => answer as Answer);
			const result = await testWithRightKeys();
			expect(result.status).toBe('Error');
			expect(result.message).toContain(
				`The Base URL does not look like the pmock API: ${server.baseUrl} answered ${status} with "`,
			);
			expect(result.message).toContain(excerpt);
			expect(result.message).toContain(
				'Check the Base URL in the credential (the default is https://ai.pmock.com/api).',
			);
			expectNothingSecretIn(result);
		});

		test.each([500, 502, 503])('HTTP %i: PMock is failing', async (status) => {
			server.reset(() => ({ status, body: '<html>Bad gateway</html>', headers: { 'content-type': 'text/html' } }));
			const result = await testWithRightKeys();
			expect(result).toStrictEqual({
				status: 'Error',
				message: `PMock is failing at ${server.baseUrl} (HTTP ${status}), so the keys could not be checked: try the Test again later. It answered "<html>Bad gateway</html>".`,
			});
		});

		test.each([
			['HTTP 429', { status: 429, body: { code: 429, message: 'too many requests', traceId: 't' } }],
			['code 429 in HTTP 200', { body: { code: 429, message: 'too many requests', traceId: 't' } }],
		])('%s: PMock is limiting requests, the keys could not be checked', async (via, answer) => {
			server.reset(() => answer);
			const result = await testWithRightKeys();
			expect(result).toStrictEqual({
				status: 'Error',
				message: `PMock at ${server.baseUrl} is limiting requests (${via.replace(' in HTTP 200', '')}), so the keys could not be checked: try the Test again in a minute.`,
			});
		});

		test('an envelope with code 500: PMock is failing, with its message and traceId', async () => {
			server.reset(() => ({ body: { code: 500, message: 'internal error', data: null, traceId: 't-500' } }));
			const result = await testWithRightKeys();
			expect(result.message).toBe(
				`PMock is failing at ${server.baseUrl} (code 500), so the keys could not be checked: try the Test again later. PMock says: "internal error". traceId: t-500.`,
			);
		});

		test.each([301, 302, 307, 308])(
			'HTTP %i: the Base URL redirects, and the redirect is not followed',
			async (status) => {
				server.reset(() => ({
					status,
					headers: { location: 'https://elsewhere.example.com:8443/login?next=/api' },
					body: '',
				}));
				const result = await testWithRightKeys();
				expect(result).toStrictEqual({
					status: 'Error',
					message: `${server.baseUrl} redirects (HTTP ${status}) to https://elsewhere.example.com:8443: the Test did not follow it and sent nothing there. If pmock moved, enter the new address as the Base URL.`,
				});
				expect(server.requests).toHaveLength(1);
			},
		);

		test('a huge answer is read only as far as the excerpt needs', async () => {
			server.reset(() => ({
				status: 404,
				body: `<html>${'<p>lost</p>'.repeat(3_000_000)}</html>`,
				headers: { 'content-type': 'text/html' },
			}));
			const result = await testWithRightKeys();
			expect(result.status).toBe('Error');
			expect(result.message!.length).toBeLessThan(600);
		});

		test('an answer that never comes: the Test gives up and says so', async () => {
			server.reset(() => ({ status: 200, body: { code: 400 }, delayMs: 5_000 }));
			const result = await testCredential(
				{ accessKey: ACCESS_KEY, secretKey: SECRET_KEY, baseUrl: server.baseUrl },
				300,
			);
			expect(result).toStrictEqual({
				status: 'Error',
				message: `PMock at ${server.baseUrl} did not answer within 0.3 seconds: check the Base URL and this machine's network`,
			});
		});
	});

	test('a Base URL with user:password@ (a gateway): the Test sends them as Basic authorization, as the node does', async () => {
		server.reset(() => ({ body: { code: 400, message: 'model must not be null', traceId: 't' } }));
		const withUser = server.baseUrl.replace('http://', 'http://gate-user:pa%2Fss@');
		const result = await testCredential({ accessKey: ACCESS_KEY, secretKey: SECRET_KEY, baseUrl: withUser });
		expect(result).toStrictEqual({ status: 'OK', message: 'Connection successful: PMock accepted the keys' });
		const testAuthorization = server.requests[0].headers.authorization;
		expect(testAuthorization).toBe(`Basic ${Buffer.from('gate-user:pa/ss').toString('base64')}`);
		expect(server.requests[0].signature).toBe('valid');

		// The node with the same credential sends the same user and password (n8n's request engine, axios).
		const output = await runPmockNode({
			parameters: { resource: 'video', operation: 'generateV2', sora2Prompt: 'p' },
			credentials: { accessKey: ACCESS_KEY, secretKey: SECRET_KEY, baseUrl: withUser.replace('%2F', '') },
		}).catch((error: Error) => error);
		expect(output).toBeInstanceOf(Error); // the sandbox answers code 400 here: only the headers matter
		expect(server.requests[1].headers.authorization).toBe(`Basic ${Buffer.from('gate-user:pass').toString('base64')}`);
	});

	test('empty keys and a Base URL that is not http(s) fail without any request', async () => {
		expect(await testCredential({ accessKey: '', secretKey: '', baseUrl: server.baseUrl })).toStrictEqual({
			status: 'Error',
			message:
				'The PMock API credential has an empty Access Key or Secret Key: open the credential and paste both keys from your pmock console',
		});
		for (const baseUrl of ['ftp://example.com', 'https://ai.pmock.com/api?region=eu']) {
			expect(await testCredential({ accessKey: ACCESS_KEY, secretKey: SECRET_KEY, baseUrl })).toStrictEqual({
				status: 'Error',
				message: `The Base URL in the PMock API credential is not usable: "${baseUrl}". Open the credential and enter an http(s) address without "?" or "#", such as https://ai.pmock.com/api (the default)`,
			});
		}
		expect(server.requests).toHaveLength(0);
	});
});
