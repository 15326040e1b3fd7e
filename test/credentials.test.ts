import type { ICredentialsDecrypted, ICredentialTestFunctions, INodeCredentialTestResult } from 'n8n-workflow';
import { CredentialTestContext } from 'n8n-core';

import { PmockApi } from '../credentials/PmockApi.credentials';
import { normalizeBaseUrl, showBaseUrl } from '../credentials/pmockBaseUrl';
import { computeSignature, pmockAuthHeaders, signatureTimestamp } from '../credentials/pmockSignature';
import { Pmock } from '../nodes/Pmock/Pmock.node';
import { closedPortBaseUrl, usePmockTestServer, verifyPmockSignature } from './helpers/pmockTestServer';
import { everythingIn, secretsOf } from './helpers/secrets';

const ACCESS_KEY = 'ak-credential-test';
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
				verifyPmockSignature(ACCESS_KEY, SECRET_KEY, signed.headers?.[`${prefix}-access-key`], signed.headers?.[`${prefix}-access-token`]),
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
	const server = usePmockTestServer(ACCESS_KEY, SECRET_KEY);
	// The real API refuses the test's empty body after checking the signature.
	beforeEach(() => server.reset(() => ({
		status: 400,
		body: { code: 400, message: 'model must not be null', data: null, traceId: 'trace-empty-body' },
	})));

	const node = new Pmock();
	const testName = node.description.credentials?.[0].testedBy as string;

	/** Runs the node's credential test the way n8n's CredentialsTester does. */
	const testCredential = async (data: Record<string, string>): Promise<INodeCredentialTestResult> => {
		const credentials: ICredentialsDecrypted = { id: 'c1', name: 'PMock account', type: 'pmockApi', data };
		const context = new CredentialTestContext() as unknown as ICredentialTestFunctions;
		return await node.methods.credentialTest[testName as 'pmockApiTest'].call(context, credentials);
	};

	const expectNothingSecretIn = (result: INodeCredentialTestResult, secretKey = SECRET_KEY) => {
		for (const secret of secretsOf(ACCESS_KEY, secretKey)) {
			expect(everythingIn(result)).not.toContain(secret);
		}
	};

	/** The test request is a signed POST to generate/v2 with an empty JSON object: no prompt, no video. */
	const expectOnlyEmptyBodyRequests = () => {
		for (const request of server.received) {
			expect(request.method).toBe('POST');
			expect(request.path).toBe('/api/ai/sa/video/generate/v2');
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
		expect(server.received).toHaveLength(1);
		const [request] = server.received;
		for (const prefix of ['pmock', 'wuinai']) {
			expect(verifyPmockSignature(ACCESS_KEY, SECRET_KEY, request.headers[`${prefix}-access-key`], request.headers[`${prefix}-access-token`])).toBe(true);
		}
		expectOnlyEmptyBodyRequests();
		expectNothingSecretIn(result);
	});

	test('right keys and an HTTP 200 envelope error for the empty body: OK', async () => {
		server.reset(() => ({ body: { code: 400, message: 'prompt is required', data: null, traceId: 't' } }));
		const result = await testCredential({ accessKey: ACCESS_KEY, secretKey: SECRET_KEY, baseUrl: `${server.baseUrl}/` });
		expect(result.status).toBe('OK');
		expectOnlyEmptyBodyRequests();
	});

	test('wrong secret key: rejected, with the API message and no secret', async () => {
		const result = await testCredential({ accessKey: ACCESS_KEY, secretKey: 'wrong-secret', baseUrl: server.baseUrl });
		expect(result).toStrictEqual({
			status: 'Error',
			message: 'PMock rejected these keys: check the Access Key and the Secret Key (PMock says: "signature verification failed")',
		});
		expect(server.received).toHaveLength(1);
		expectOnlyEmptyBodyRequests();
		expectNothingSecretIn(result, 'wrong-secret');
	});

	test('wrong access key: rejected', async () => {
		const result = await testCredential({ accessKey: 'ak-someone-else', secretKey: SECRET_KEY, baseUrl: server.baseUrl });
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/^PMock rejected these keys: check the Access Key and the Secret Key/);
		expectOnlyEmptyBodyRequests();
		expectNothingSecretIn(result);
	});

	test('code 403 inside an HTTP 200: rejected', async () => {
		server.reset(() => ({ body: { code: 403, message: 'access key disabled', data: null, traceId: 't' } }));
		const result = await testCredential({ accessKey: ACCESS_KEY, secretKey: SECRET_KEY, baseUrl: server.baseUrl });
		expect(result).toStrictEqual({
			status: 'Error',
			message: 'PMock rejected these keys: check the Access Key and the Secret Key (PMock says: "access key disabled")',
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

	test('empty keys and a Base URL that is not http(s) fail without any request', async () => {
		expect(await testCredential({ accessKey: '', secretKey: '', baseUrl: server.baseUrl })).toStrictEqual({
			status: 'Error',
			message: 'The PMock API credential has an empty Access Key or Secret Key: open the credential and paste both keys from your pmock console',
		});
		for (const baseUrl of ['ftp://example.com', 'https://ai.pmock.com/api?region=eu']) {
			expect(await testCredential({ accessKey: ACCESS_KEY, secretKey: SECRET_KEY, baseUrl })).toStrictEqual({
				status: 'Error',
				message: `The Base URL in the PMock API credential is not usable: "${baseUrl}". Open the credential and enter an http(s) address without "?" or "#", such as https://ai.pmock.com/api (the default)`,
			});
		}
		expect(server.received).toHaveLength(0);
	});
});
