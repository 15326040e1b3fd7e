import { createServer, type Server } from 'http';
import type { AddressInfo } from 'net';

import type { N8nServer } from './helpers/n8nServer';
import { CREDENTIALS, SANDBOX_KEYS, useRealN8n, WRONG_SECRET_KEY } from './helpers/realN8n';

/**
 * The credential's Test button in the real n8n, through the REST call the editor makes
 * (POST /rest/credentials/test): "accepted" only for pmock's envelope, and a message that
 * names what answered otherwise. The sandbox must never see a prompt from it.
 */
const n8n = useRealN8n();
let server: N8nServer;

/** Not pmock: an HTML 404, a login page, a redirect and a failing gateway, by path prefix. */
let notPmock: Server;
const notPmockUrl = (prefix: string) => `http://127.0.0.1:${(notPmock.address() as AddressInfo).port}/${prefix}`;

beforeAll(async () => {
	notPmock = createServer((req, res) => {
		const [, prefix] = (req.url ?? '').split('/');
		if (prefix === 'html404') return void res.writeHead(404, { 'content-type': 'text/html' }).end('<html><body><h1>Not Found</h1></body></html>');
		if (prefix === 'login') return void res.writeHead(200, { 'content-type': 'text/html' }).end('<html><title>Sign in</title><form>Password</form></html>');
		if (prefix === 'moved') return void res.writeHead(302, { location: 'https://elsewhere.example.com/api' }).end();
		res.writeHead(502, { 'content-type': 'text/html' }).end('<html>Bad gateway</html>');
	});
	await new Promise<void>((resolve) => notPmock.listen(0, '127.0.0.1', resolve));
	server = await n8n.startServer();
}, 180_000);
afterAll(async () => {
	await server?.stop();
	notPmock?.closeAllConnections();
	await new Promise((resolve) => notPmock?.close(resolve));
});

/** What the editor gets when the user clicks Test with these credential fields. */
const testWith = (data: Record<string, string>) =>
	server.rest<{ status: string; message: string }>('POST', '/credentials/test', {
		credentials: { ...CREDENTIALS.sandbox, type: 'pmockApi', data },
	});

describe('the Test button in real n8n', () => {
	test('right keys: accepted, and the sandbox received an empty body, no prompt', async () => {
		n8n.sandbox.reset();
		const result = await testWith({ ...SANDBOX_KEYS, baseUrl: n8n.sandbox.baseUrl });
		expect(result).toEqual({ status: 'OK', message: 'Connection successful: PMock accepted the keys' });
		expect(n8n.sandbox.requests.map((entry) => [entry.path, entry.signature, entry.body])).toEqual([['/ai/sa/video/generate/v2', 'valid', {}]]);
	});

	test('a wrong secret key: rejected, and the message mentions the clock', async () => {
		const result = await testWith({ accessKey: SANDBOX_KEYS.accessKey, secretKey: WRONG_SECRET_KEY, baseUrl: n8n.sandbox.baseUrl });
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/^PMock rejected these keys \(HTTP 401\): check the Access Key and the Secret Key .*clock is right/);
	});

	test.each([
		['an HTML 404 page', 'html404', 'The Base URL does not look like the pmock API', 'answered HTTP 404 (text/html)'],
		['a login page with HTTP 200', 'login', 'The Base URL does not look like the pmock API', 'answered HTTP 200 (text/html)'],
		['a redirect', 'moved', '', 'redirects (HTTP 302) to https://elsewhere.example.com: the Test did not follow it and sent nothing there'],
		['a failing gateway', 'failing', 'PMock is failing at', '(HTTP 502), so the keys could not be checked'],
	])('%s is not "accepted": the message says what answered', async (_case, prefix, start, middle) => {
		const result = await testWith({ ...SANDBOX_KEYS, baseUrl: notPmockUrl(prefix) });
		expect(result.status).toBe('Error');
		expect(result.message.startsWith(start)).toBe(true);
		expect(result.message).toContain(middle);
	});
});
