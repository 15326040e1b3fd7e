import { existsSync } from 'fs';
import { join } from 'path';

import { useRealN8n } from './helpers/realN8n';

/**
 * n8n 2.41 adds "Allowed HTTP Request Domains" to every credential type that has an
 * `authenticate` (ours too), and its RoutingNode applies the list to declarative nodes as well.
 * The PMock node's Base URL comes from the credential (set in `authenticate`, not in the
 * node's requestDefaults), so n8n does not count pmock's host as the node's own: with
 * "Specific Domains" the list must name it. Lines without the feature ignore the fields.
 */
const n8n = useRealN8n();

/** Whether this line's n8n-workflow has the credential domain restrictions (n8n 2.41 does, 2.8.4 does not). */
const restrictsDomains = existsSync(
	join(n8n.line.dir, 'node_modules', 'n8n-workflow', 'dist', 'cjs', 'credential-domain-restrictions.js'),
);

const SANDBOX_HOST = { id: 'e2eDomainsSandbox', name: 'PMock sandbox, domains: 127.0.0.1' };
const OTHER_HOST = { id: 'e2eDomainsOther', name: 'PMock sandbox, domains: example.com' };
const BLOCKED = { id: 'e2eDomainsNone', name: 'PMock sandbox, HTTP Request domains: none' };

beforeAll(async () => {
	await n8n.importCredential(SANDBOX_HOST, { allowedHttpRequestDomains: 'domains', allowedDomains: '127.0.0.1' });
	await n8n.importCredential(OTHER_HOST, { allowedHttpRequestDomains: 'domains', allowedDomains: 'example.com' });
	await n8n.importCredential(BLOCKED, { allowedHttpRequestDomains: 'none' });
}, 120_000);

describe(`Allowed HTTP Request Domains on the PMock credential, in real ${n8n.name}`, () => {
	test('"Specific Domains" naming the API host: the request goes out signed', async () => {
		const { received, output, error } = await n8n.run({
			parameters: { sora2Prompt: 'A listed host' },
			credential: SANDBOX_HOST,
		});
		expect(error).toBeUndefined();
		expect(received).toHaveLength(1);
		expect(received[0]).toMatchObject({ signature: 'valid', response: { status: 200 } });
		expect(output).toHaveLength(1);
	});

	test('"None" (no HTTP Request node may use it): the PMock node itself still works', async () => {
		const { received, error } = await n8n.run({
			parameters: { sora2Prompt: 'Blocked for HTTP Request only' },
			credential: BLOCKED,
		});
		expect(error).toBeUndefined();
		expect(received).toHaveLength(1);
		expect(received[0]).toMatchObject({ signature: 'valid', response: { status: 200 } });
	});

	if (restrictsDomains) {
		test('"Specific Domains" without the API host: n8n refuses the request before it is sent', async () => {
			const { received, output, error } = await n8n.run({
				parameters: { sora2Prompt: 'An unlisted host' },
				credential: OTHER_HOST,
			});
			expect(received).toEqual([]);
			expect(output).toEqual([]);
			expect(error!.message).toMatch(/Domain not allowed/);
			expect(error!.message).toContain('example.com');
			// n8n's own refusal, not a failed connection: nothing was sent, so no task started.
			expect(error!.description).toContain('n8n did not send this request, so no task was started for item 1.');
		});
	} else {
		test('"Specific Domains" without the API host: this n8n has no domain restrictions, the request goes out', async () => {
			const { received, error } = await n8n.run({
				parameters: { sora2Prompt: 'An unlisted host' },
				credential: OTHER_HOST,
			});
			expect(error).toBeUndefined();
			expect(received).toHaveLength(1);
		});
	}
});
