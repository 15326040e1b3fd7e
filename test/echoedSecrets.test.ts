import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'http';
import type { AddressInfo } from 'net';
import type { ICredentialsDecrypted } from 'n8n-workflow';

import { judgeCredential } from '../nodes/Pmock/credentialTest';
import { maskSecrets } from '../nodes/Pmock/shared/serverText';
import { runPmockNode } from '../dev/harness/runPmockNode';
import { failureOf } from './helpers/failures';
import { everythingIn, secretsOf } from './helpers/secrets';

/**
 * A server that answers with the request it received (a gateway's debug page, an echo
 * service behind a wrong Base URL): the Basic authorization of the Base URL's user and
 * password, both signed headers. Whatever the node and the Test button show of its answer
 * (excerpt, pmock's message, traceId) has them masked.
 */

const ACCESS_KEY = 'ak-echo-test';
const SECRET_KEY = 'sk-echo-test-SECRET';
const GATE_USER = 'gate-user';
const GATE_PASSWORD = 'gate-pass-7319';
const BASIC = Buffer.from(`${GATE_USER}:${GATE_PASSWORD}`).toString('base64');

/** Everything that must never be shown: the secret key, its signatures, the password, the Basic value. */
const NEVER_SHOWN = [...secretsOf(ACCESS_KEY, SECRET_KEY), GATE_PASSWORD, BASIC, `${GATE_USER}:${GATE_PASSWORD}`];

/** How the echo lays out what it received, by the first segment of the path. */
const layouts: Record<string, (headers: IncomingMessage['headers']) => { status: number; type: string; body: string }> =
	{
		// JSON of the headers, HTTP 200: not pmock's envelope, shown as an excerpt.
		json: (h) => ({
			status: 200,
			type: 'application/json',
			body: JSON.stringify({
				authorization: h.authorization,
				'pmock-access-token': h['pmock-access-token'],
				'wuinai-access-token': h['wuinai-access-token'],
				host: h.host,
			}),
		}),
		// A header dump, HTTP 502: pmock failing, shown as an excerpt.
		text: (h) => ({
			status: 502,
			type: 'text/plain',
			body: `Authorization: ${h.authorization}\r\npmock-access-token: ${h['pmock-access-token']}\r\nwuinai-access-token: ${h['wuinai-access-token']}\r\n`,
		}),
		// The values without their names, HTTP 404.
		bare: (h) => ({
			status: 404,
			type: 'text/html',
			body: `<p>${h.authorization} ${h['pmock-access-token']} ${GATE_USER}:${GATE_PASSWORD} ${GATE_PASSWORD} ${SECRET_KEY}</p>`,
		}),
		// pmock's envelope, HTTP 401, whose message and traceId echo them: shown as "PMock says".
		envelope: (h) => ({
			status: 401,
			type: 'application/json',
			body: JSON.stringify({
				code: 401,
				message: `signature ${h['pmock-access-token']} rejected for ${h.authorization} (secret ${SECRET_KEY})`,
				traceId: h['wuinai-access-token'],
			}),
		}),
	};

let server: Server;
let port: number;
const seen: IncomingMessage['headers'][] = [];

beforeAll(async () => {
	server = createServer((request: IncomingMessage, response: ServerResponse) => {
		request.resume();
		request.on('end', () => {
			seen.push(request.headers);
			const layout = layouts[(request.url ?? '').split('/')[1]];
			const { status, type, body } = layout(request.headers);
			response.writeHead(status, { 'content-type': type });
			response.end(body);
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	port = (server.address() as AddressInfo).port;
});
afterAll(async () => await new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => (seen.length = 0));

const credentialsFor = (layout: string) => ({
	accessKey: ACCESS_KEY,
	secretKey: SECRET_KEY,
	baseUrl: `http://${GATE_USER}:${GATE_PASSWORD}@127.0.0.1:${port}/${layout}`,
});

/** The request really carried what must not come back (else the test proves nothing). */
function expectSentSecrets(): void {
	expect(seen).toHaveLength(1);
	expect(seen[0].authorization).toBe(`Basic ${BASIC}`);
	expect(secretsOf(ACCESS_KEY, SECRET_KEY)).toContain(seen[0]['pmock-access-token']);
}

function expectNothingSecretIn(value: unknown): void {
	const text = everythingIn(value);
	for (const secret of NEVER_SHOWN) expect(text).not.toContain(secret);
}

describe.each(Object.keys(layouts))('a server that echoes the request (%s)', (layout) => {
	test('the Test button shows what it answered, masked', async () => {
		const credential: ICredentialsDecrypted = {
			id: 'c1',
			name: 'PMock account',
			type: 'pmockApi',
			data: credentialsFor(layout),
		};
		const { verdict } = await judgeCredential(credential, 5_000);
		expectSentSecrets();
		expect(verdict.status).toBe('Error');
		// The echo is shown (masked), not dropped.
		expect(verdict.message).toContain('***');
		expectNothingSecretIn(verdict);
	});

	test('the node shows what it answered, masked', async () => {
		const error = await failureOf(
			runPmockNode({
				parameters: { resource: 'video', operation: 'generateV2', sora2Prompt: 'an echo' },
				credentials: credentialsFor(layout),
			}),
		);
		expectSentSecrets();
		expect(`${error.message} ${error.description}`).toContain('***');
		expectNothingSecretIn(error);
	});
});

describe('maskSecrets', () => {
	const signature = '2iXqQMhXtHSgyfepQ9dikhGCHq+DTF2W5Wcayf3X320=';

	test.each([
		['a JSON header', `{"Authorization":"Bearer eyJhbGciOi.eyJzdWIi.c2lnbmF0dXJl"}`, '{"Authorization":"***"}'],
		['a header line', `Proxy-Authorization: Digest username="u", response="6629fae4"`, 'Proxy-Authorization: ***'],
		['a Basic value in prose', `got Basic ${BASIC} here`, 'got Basic *** here'],
		['a Bearer token in prose', 'got Bearer abc.def-123 here', 'got Bearer *** here'],
		['a bare signature', `sig ${signature} end`, 'sig *** end'],
		['a signature with "/" escaped', `"${signature.replace('/', '\\/')}"`, '"***"'],
		['a percent-encoded signature', `?s=${encodeURIComponent(signature)}&x=1`, '?s=***&x=1'],
		['the access token headers', `wuinai-access-token=${signature}; pmock-access-token: x`, 'wuinai-access-token=***'],
		['a password parameter', 'user=a&password=hunter22&x=1', 'user=a&password=***&x=1'],
		['a token in a query', '/cb?token=abc123&x=1', '/cb?token=***&x=1'],
		['a secretKey field', '{"secretKey":"sk-live-1"}', '{"secretKey":"***"}'],
	])('%s is masked', (_case, text, expected) => {
		expect(maskSecrets(text)).toBe(expected);
	});

	test.each([
		'Your Basic plan does not include Veo 3.1.',
		'Token expired, sign in again.',
		'response: timeout after 30 s',
		'insufficient balance',
		'{"code":4001,"message":"prompt is required","traceId":"b7a0c1d2e3f4"}',
	])('prose stays as it is: %s', (text) => {
		expect(maskSecrets(text)).toBe(text);
	});

	test('values the caller knows are masked wherever they stand, the longest first', () => {
		expect(maskSecrets('k=sk-1 and sk-1-long', ['sk-1', 'sk-1-long'])).toBe('k=*** and ***');
	});
});
