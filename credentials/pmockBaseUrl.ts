/** The documented root of pmock's AI endpoints. */
export const DEFAULT_BASE_URL = 'https://ai.pmock.com/api';

/**
 * The credential's Base URL as requests use it: trimmed, without trailing slashes, the
 * default when empty. Undefined when it is not an http(s) URL, or has a query or a fragment
 * (the operation's path is appended to it, so either would swallow the path).
 */
export function normalizeBaseUrl(value: unknown): string | undefined {
	const text = String(value ?? '').trim() || DEFAULT_BASE_URL;
	try {
		const url = new URL(text);
		if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
		if (url.search || url.hash || text.includes('?') || text.includes('#')) return undefined;
	} catch {
		return undefined;
	}
	return text.replace(/\/+$/, '');
}
