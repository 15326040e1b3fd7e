import { createServer, type Server } from 'http';
import type { AddressInfo } from 'net';

import { expectNoSecrets } from '../helpers/secrets';
import { CREDENTIALS, NODE_TYPE, SANDBOX_KEYS, useRealN8n, WRONG_SECRET_KEY } from './helpers/realN8n';

/**
 * What the running n8n server does with the package, in each pinned line: the credential
 * dialog's Test button (the node's `testedBy` method, run by n8n's credentials service), and
 * the node offered as an AI Agent tool. Driven through n8n's REST API as the editor calls it.
 */
const n8n = useRealN8n();

beforeAll(() => n8n.startServer(), 180_000);

const V2 = '/ai/sa/video/generate/v2';

interface TestAnswer {
	data: { status: string; message: string };
}

/** POST /rest/credentials/test, as the dialog's Test button sends it for a saved credential. */
async function testCredential(credential: keyof typeof CREDENTIALS, data: Record<string, string>) {
	n8n.sandbox.reset();
	const answer = await n8n.rest<TestAnswer>('POST', '/rest/credentials/test', {
		credentials: { ...CREDENTIALS[credential], type: 'pmockApi', data },
	});
	expect(answer.status).toBe(200);
	return { result: answer.body.data, received: [...n8n.sandbox.requests] };
}

/** A port with nothing listening on it. */
async function closedPort(): Promise<number> {
	const server = createServer();
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	await new Promise((resolve) => server.close(resolve));
	return port;
}

/** Not pmock: an HTML 404, a login page, a redirect and a failing gateway, by path prefix. */
let notPmock: Server;
const notPmockUrl = (prefix: string) => `http://127.0.0.1:${(notPmock.address() as AddressInfo).port}/${prefix}`;
beforeAll(async () => {
	notPmock = createServer((req, res) => {
		const [, prefix] = (req.url ?? '').split('/');
		if (prefix === 'html404')
			return void res
				.writeHead(404, { 'content-type': 'text/html' })
				.end('<html><body><h1>Not Found</h1></body></html>');
		if (prefix === 'login')
			return void res
				.writeHead(200, { 'content-type': 'text/html' })
				.end('<html><title>Sign in</title><form>Password</form></html>');
		if (prefix === 'moved') return void res.writeHead(302, { location: 'https://elsewhere.example.com/api' }).end();
		res.writeHead(502, { 'content-type': 'text/html' }).end('<html>Bad gateway</html>');
	});
	await new Promise<void>((resolve) => notPmock.listen(0, '127.0.0.1', resolve));
});
afterAll(async () => {
	notPmock?.closeAllConnections();
	await new Promise((resolve) => notPmock?.close(resolve));
});

describe(`The n8n server with the package, in real ${n8n.name}`, () => {
	test('credential Test with the right keys: one signed request, "Connection successful"', async () => {
		const { result, received } = await testCredential('sandbox', { ...SANDBOX_KEYS, baseUrl: n8n.sandbox.baseUrl });
		expect(result).toEqual({ status: 'OK', message: 'Connection successful: PMock accepted the keys' });
		expect(received).toHaveLength(1);
		expect(received[0]).toMatchObject({ method: 'POST', path: V2, signature: 'valid', body: {} });
	});

	test('credential Test with a wrong secret key: the keys are named as the problem, no secret in the answer', async () => {
		const { result, received } = await testCredential('wrongSecret', {
			accessKey: SANDBOX_KEYS.accessKey,
			secretKey: WRONG_SECRET_KEY,
			baseUrl: n8n.sandbox.baseUrl,
		});
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(
			/^PMock rejected these keys \(HTTP 401\): check the Access Key and the Secret Key .*clock is right/,
		);
		expect(received).toHaveLength(1);
		expect(received[0].signature).toMatch(/signature verification failed/);
		expectNoSecrets(JSON.stringify(result), SANDBOX_KEYS.accessKey, WRONG_SECRET_KEY);
	});

	test('credential Test with a Base URL nothing answers at: "Cannot reach PMock" names the address', async () => {
		const baseUrl = `http://127.0.0.1:${await closedPort()}/api`;
		const { result, received } = await testCredential('sandbox', { ...SANDBOX_KEYS, baseUrl });
		expect(received).toEqual([]);
		expect(result.status).toBe('Error');
		expect(result.message).toContain(`Cannot reach PMock at ${baseUrl}`);
	});

	test.each([
		['an HTML 404 page', 'html404', 'The Base URL does not look like the pmock API', 'answered HTTP 404 (text/html)'],
		[
			'a login page with HTTP 200',
			'login',
			'The Base URL does not look like the pmock API',
			'answered HTTP 200 (text/html)',
		],
		[
			'a redirect',
			'moved',
			'',
			'redirects (HTTP 302) to https://elsewhere.example.com: the Test did not follow it and sent nothing there',
		],
		['a failing gateway', 'failing', 'PMock is failing at', '(HTTP 502), so the keys could not be checked'],
	])(
		'credential Test against %s is not "accepted": the message says what answered',
		async (_case, prefix, start, middle) => {
			const { result, received } = await testCredential('sandbox', { ...SANDBOX_KEYS, baseUrl: notPmockUrl(prefix) });
			expect(received).toEqual([]);
			expect(result.status).toBe('Error');
			expect(result.message.startsWith(start)).toBe(true);
			expect(result.message).toContain(middle);
		},
	);

	test('the node is offered as an AI Agent tool ("PMock Tool") next to the node itself', async () => {
		const answer = await n8n.rest<Array<{ name: string; displayName: string; codex?: { categories?: string[] } }>>(
			'GET',
			'/types/nodes.json',
		);
		expect(answer.status).toBe(200);
		const ours = answer.body.filter((type) => type.name.startsWith('n8n-nodes-pmock.'));
		expect(ours.map((type) => type.name).sort()).toEqual([NODE_TYPE, `${NODE_TYPE}Tool`]);
		expect(ours.find((type) => type.name === `${NODE_TYPE}Tool`)?.displayName).toBe('PMock Tool');
	});
});
