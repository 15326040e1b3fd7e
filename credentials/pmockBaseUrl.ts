/** The documented root of pmock's AI endpoints. */
export const DEFAULT_BASE_URL = 'https://ai.pmock.com/api';

/**
 * The credential's Base URL as requests use it: trimmed, parsed (so a space becomes %20),
 * without trailing slashes, the default when empty. Undefined when it is not an http(s) URL,
 * or has a query or a fragment (the operation's path is appended to it, so either would
 * swallow the path).
 */
export function normalizeBaseUrl(value: unknown): string | undefined {
	const text = String(value ?? '').trim() || DEFAULT_BASE_URL;
	let url: URL;
	try {
		url = new URL(text);
	} catch {
		return undefined;
	}
	if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
	if (url.search || url.hash || text.includes('?') || text.includes('#')) return undefined;
	return url.href.replace(/\/+$/, '');
}

/** A Base URL as error messages show it: at most 80 characters, any user:password@ hidden. */
export function showBaseUrl(value: unknown): string {
	const text = String(value ?? '')
		.trim()
		.replace(/\/\/[^/?#]*@/, '//***@');
	return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
