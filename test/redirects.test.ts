import { NodeApiError } from 'n8n-workflow';

import { useOtherHost } from './helpers/otherHost';
import { operationRunner, useSandbox } from './helpers/sandbox';
import { continuedError, failureOf, type NodeError } from './helpers/failures';
import { expectNoSecrets } from './helpers/secrets';

/**
 * A redirect from the API is never followed: following it would hand the signed
 * `pmock-access-*` / `wuinai-access-*` headers (valid for a minute or two) and, on 307/308,
 * the body to whatever host the answer names, and report that host's taskId as a real one.
 */

const ACCESS_KEY = 'ak-redirect-test';
const SECRET_KEY = 'sk-redirect-test-SECRET';

const server = useSandbox(ACCESS_KEY, SECRET_KEY);

const elsewhere = useOtherHost();
const elsewhereOrigin = () => elsewhere.origin;

const runGenerate = operationRunner(server, {
	resource: 'video',
	operation: 'generateV2',
	sora2Prompt: 'a fox in the snow',
});
const generate = (continueOnFail = false) => runGenerate({}, { continueOnFail });

async function redirectError(status: number, location: string): Promise<NodeError> {
	server.reset(() => ({ status, headers: { location }, body: '' }));
	const error = await failureOf(generate());
	expect(error).toBeInstanceOf(NodeApiError);
	expectNoSecrets(error, ACCESS_KEY, SECRET_KEY);
	return error;
}

describe('redirects are never followed', () => {
	test.each([301, 302, 303, 307, 308])('HTTP %i to another port: the other host receives nothing', async (status) => {
		const error = await redirectError(status, `${elsewhereOrigin()}/api/ai/sa/video/generate/v2?steal=1`);
		expect(server.requests).toHaveLength(1);
		expect(elsewhere.hits).toHaveLength(0);
		expect(error.message).toBe(`PMock answered with a redirect (HTTP ${status}) to ${elsewhereOrigin()}`);
		expect(error.description).toContain('The redirect was not followed: nothing was sent there');
		expect(error.description).not.toContain('steal=1');
		expect(error.httpCode).toBe(String(status));
		expect(error.context?.itemIndex).toBe(0);
	});

	test('a redirect to a path on the same host is not followed either', async () => {
		const error = await redirectError(307, '/api/ai/sa/video/generate/v3');
		expect(server.requests).toHaveLength(1);
		expect(error.message).toBe(`PMock answered with a redirect (HTTP 307) to ${new URL(server.baseUrl).origin}`);
	});

	test('a redirect without a Location header names no target', async () => {
		const error = await redirectError(302, '');
		expect(error.message).toBe('PMock answered with a redirect (HTTP 302) without a target');
	});

	test('a Location with user:password@ never shows the password', async () => {
		const error = await redirectError(302, 'http://user:pa%2Fss@127.0.0.1:1/x');
		expect(error.message).toBe('PMock answered with a redirect (HTTP 302) to http://127.0.0.1:1');
		expect(JSON.stringify({ ...error, message: error.message })).not.toContain('pa%2Fss');
	});

	test('with continue on fail the redirected item is an error item, and no taskId comes from the other host', async () => {
		server.reset(() => ({ status: 307, headers: { location: `${elsewhereOrigin()}/steal` }, body: '' }));
		const [item] = await generate(true);
		expect(item.json.taskId ?? null).toBeNull();
		expect(continuedError(item)?.message).toBe(`PMock answered with a redirect (HTTP 307) to ${elsewhereOrigin()}`);
		expect(elsewhere.hits).toHaveLength(0);
	});
});
