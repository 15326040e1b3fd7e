import type { IHttpRequestOptions } from 'n8n-workflow';

/**
 * Where a request handed to the credential is going, so that `authenticate` signs only
 * requests to the Base URL's origin. The shapes n8n hands it (2.8.4 and 2.41.1):
 *  - the PMock node (RoutingNode): a relative `url` and no `baseURL`; authenticate sets ours;
 *  - the HTTP Request node v4 with Predefined Credential Type: an absolute `uri` (the legacy
 *    request helper; n8n reads `url ?? uri`), or an absolute `url`;
 *  - any other caller: a relative `url` with a `baseURL` of its own.
 * n8n sends them through axios, which joins a relative url to the baseURL, takes an absolute
 * or protocol-relative ("//host") one as it is, and parses the result with the WHATWG URL
 * parser. `new URL(target, base)` (as n8n's own SSRF check reads them) gives the same origin
 * for all of those, and another origin (so a refusal, the safe side) for the odd inputs axios
 * would join to the base instead.
 */
export function requestDestination(options: IHttpRequestOptions & { uri?: unknown }, baseURL: string): URL | undefined {
	const target = textOf(options.url ?? options.uri);
	const base = textOf(options.baseURL) || baseURL;
	try {
		return new URL(target, base);
	} catch {
		return undefined;
	}
}

/** A url, uri or baseURL as text: a string, or a URL object; anything else counts as absent. */
function textOf(value: unknown): string {
	if (typeof value === 'string') return value;
	return value instanceof URL ? value.href : '';
}

/**
 * Whether a request goes to the Base URL's origin: same scheme, host and port, so mixed-case
 * hosts and default ports (https://x:443 is https://x) match, and a user:password@ part does
 * not count.
 */
export const isSameOrigin = (destination: URL, baseURL: string): boolean =>
	(destination.protocol === 'http:' || destination.protocol === 'https:') &&
	destination.origin === new URL(baseURL).origin;

/**
 * An address as the credential's error shows it: scheme, host and port only (no user info,
 * path or query, which may carry secrets), at most 80 characters.
 */
export function showOrigin(url: URL | undefined): string {
	if (!url) return 'an address that is not a valid URL';
	const text = url.host ? `${url.protocol}//${url.host}` : `a ${url.protocol.replace(/:$/, '')}: address`;
	return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
