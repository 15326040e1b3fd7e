import type { IncomingHttpHeaders } from 'http';
import type { IHttpRequestOptions } from 'n8n-workflow';

import { PmockApi } from '../credentials/PmockApi.credentials';
import { isCredentialProblem } from '../credentials/pmockCredentialErrors';
import { checkRequestSignature } from '../sandbox/signature';

/**
 * The credential signs only requests to its Base URL's origin. `authenticate` is called with
 * the request shapes n8n hands it: the PMock node's (a relative url; authenticate sets the
 * baseURL), the HTTP Request node v4's (an absolute `uri` through the legacy request helper,
 * or an absolute `url`), and another caller's (a relative url with its own baseURL).
 */

const ACCESS_KEY = 'ak-origin-test';
const SECRET_KEY = 'sk-origin-test-SECRET';
const PMOCK = 'https://ai.pmock.com/api';

type Shape = IHttpRequestOptions & { uri?: string };

const authenticate = (request: Shape, baseUrl = PMOCK) =>
	new PmockApi().authenticate({ accessKey: ACCESS_KEY, secretKey: SECRET_KEY, baseUrl }, request);

/** Both header pairs carry the access key and a valid signature (the sandbox's own check). */
const expectSigned = (signed: IHttpRequestOptions) =>
	expect(checkRequestSignature(signed.headers as IncomingHttpHeaders, ACCESS_KEY, SECRET_KEY)).toStrictEqual({
		ok: true,
	});

describe('requests to the Base URL origin are signed', () => {
	test.each<[string, Shape, string, string?]>([
		["the PMock node's own: a relative url", { url: '/ai/sa/video/generate/v2', method: 'POST' }, PMOCK],
		[
			'HTTP Request node v4: an absolute uri (legacy request helper)',
			{ uri: `${PMOCK}/ai/sa/video/generate/v2`, method: 'POST' } as Shape,
			PMOCK,
		],
		['HTTP Request node: an absolute url', { url: `${PMOCK}/ai/sa/video/generate/v2`, method: 'POST' }, PMOCK],
		['a mixed-case scheme and host', { url: 'HTTPS://AI.PMock.COM/api/ai/x' }, PMOCK],
		['the default port written out', { url: 'https://ai.pmock.com:443/api/ai/x' }, PMOCK],
		[
			'a Base URL with the default port written out',
			{ url: 'https://ai.pmock.com/api/ai/x' },
			PMOCK,
			'https://ai.pmock.com:443/api',
		],
		['a user:password@ before the same host', { url: 'https://me:pw@ai.pmock.com/api/ai/x' }, PMOCK],
		['protocol-relative, to the same host', { url: '//ai.pmock.com/api/ai/x' }, PMOCK],
		['url and uri both set: n8n sends url', { url: `${PMOCK}/x`, uri: 'https://evil.example/x' } as Shape, PMOCK],
		[
			'a local sandbox as Base URL',
			{ uri: 'http://127.0.0.1:8080/ai/x' } as Shape,
			'http://127.0.0.1:8080',
			'http://127.0.0.1:8080',
		],
		// A caller's baseURL of the same origin is kept: its relative url was written for it.
		[
			"another caller's baseURL, same origin",
			{ baseURL: 'https://ai.pmock.com', url: '/api/ai/x' },
			'https://ai.pmock.com',
		],
	])('%s', async (_case, request, baseURL, baseUrl = PMOCK) => {
		const signed = await authenticate({ ...request }, baseUrl);
		expectSigned(signed);
		expect(signed.baseURL).toBe(baseURL);
	});

	test('a signed request never follows a redirect, even when the caller asked to (the HTTP Request node does by default)', async () => {
		const asked = { uri: `${PMOCK}/ai/x`, followRedirect: true, followAllRedirects: true, maxRedirects: 21 };
		const signed = (await authenticate(asked as unknown as Shape)) as Shape & Record<string, unknown>;
		expectSigned(signed);
		// What n8n's request helpers read: disableFollowRedirect (httpRequest), followRedirect and
		// followAllRedirects (the legacy request helper sets maxRedirects 0 when both are false).
		expect(signed).toMatchObject({ disableFollowRedirect: true, followRedirect: false, followAllRedirects: false });
	});
});

describe('requests to any other origin are refused, before anything is sent, saying where they were going', () => {
	test.each<[string, Shape, string]>([
		[
			'HTTP Request node v4: another host (uri)',
			{ uri: 'https://evil.example/steal?token=abc' } as Shape,
			'https://evil.example',
		],
		['HTTP Request node: another host (url)', { url: 'https://evil.example/steal#x' }, 'https://evil.example'],
		['another port of the same host', { url: 'https://ai.pmock.com:8443/api/x' }, 'https://ai.pmock.com:8443'],
		['http instead of https', { url: 'http://ai.pmock.com/api/x' }, 'http://ai.pmock.com'],
		['a look-alike host', { url: 'https://ai.pmock.com.evil.example/api/x' }, 'https://ai.pmock.com.evil.example'],
		['protocol-relative, to another host', { url: '//evil.example/x' }, 'https://evil.example'],
		['backslashes, read as slashes by the URL parser', { url: '\\\\evil.example\\x' }, 'https://evil.example'],
		[
			'the Base URL host as a user name before another host',
			{ url: 'https://ai.pmock.com:hunter2@evil.example/x' },
			'https://evil.example',
		],
		['mixed case and a default port, another host', { url: 'HTTPS://Evil.Example:443/x' }, 'https://evil.example'],
		[
			'url and uri both set: n8n sends url',
			{ url: 'https://evil.example/x', uri: `${PMOCK}/x` } as Shape,
			'https://evil.example',
		],
		[
			"a relative url with another caller's baseURL",
			{ baseURL: 'https://evil.example/api', url: '/x' },
			'https://evil.example',
		],
		['not http(s)', { url: 'ftp://ai.pmock.com/api/x' }, 'ftp://ai.pmock.com'],
		['a data: URL', { url: 'data:text/plain,hi' }, 'a data: address'],
		['not a valid URL', { url: 'http://[::1/x' }, 'an address that is not a valid URL'],
		[
			"another caller's baseURL that is not a URL",
			{ baseURL: 'elsewhere', url: 'x' },
			'an address that is not a valid URL',
		],
	])('%s', async (_case, request, goingTo) => {
		const options: Shape = { ...request };
		const error = (await authenticate(options).then(
			() => undefined,
			(reason: Error) => reason,
		)) as Error;
		expect(error).toBeInstanceOf(Error);
		expect(error.message).toBe(
			`The PMock API credential signs only requests to its Base URL's origin (https://ai.pmock.com), and this request was going to ${goingTo}: nothing was sent. To call pmock, use a URL that starts with https://ai.pmock.com/api; to call another service, use that service's credential; if pmock is reached at ${goingTo}, change the Base URL in the PMock API credential`,
		);
		// The PMock node reads it as "nothing was sent".
		expect(isCredentialProblem(error)).toBe(true);
		// No header was added, and no user info, path or query is shown.
		expect(options.headers).toBeUndefined();
		expect(error.message).not.toMatch(/hunter2|steal|token=abc|SECRET/);
	});

	test('a Base URL with user:password@ is shown without them', async () => {
		const error = await authenticate({ url: 'https://evil.example/x' }, 'https://me:pa55@proxy.example.com/api').then(
			() => undefined,
			(reason: Error) => reason,
		);
		expect(error?.message).toMatch(
			/^The PMock API credential signs only requests to its Base URL's origin \(https:\/\/proxy\.example\.com\)/,
		);
		expect(error?.message).toContain('use a URL that starts with https://***@proxy.example.com/api');
		expect(error?.message).not.toContain('pa55');
	});
});
