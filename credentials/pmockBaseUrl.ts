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

/**
 * The one password hider: a URL (or any text) with everything between "://" and the last "@"
 * hidden. A user name or password may hold any character ("?", "#", "/", "@" typed unencoded),
 * so the cut is at the last "@", not where a URL parser would end the user info; a path with
 * an "@" is hidden too, the safe side.
 */
export function hideUserInfo(text: string): string {
	const at = text.lastIndexOf('@');
	if (at < 0) return text;
	const schemeEnd = text.indexOf('://');
	const start = schemeEnd >= 0 && schemeEnd < at ? schemeEnd + 3 : 0;
	return `${text.slice(0, start)}***${text.slice(at)}`;
}

/** A Base URL as messages show it: user info hidden, at most 80 characters. */
export function showBaseUrl(value: unknown): string {
	const text = hideUserInfo(String(value ?? '').trim());
	return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/** A percent-encoded user name or password as typed; as it was when it does not decode. */
export const decodedUserInfo = (part: string): string => {
	try {
		return decodeURIComponent(part);
	} catch {
		return part;
	}
};

/**
 * A URL's `user:password@` as the Basic authorization the node's requests send for it
 * (decoded, `user:password`, and its base64), or undefined when the URL has neither.
 */
export function basicAuthOf(url: URL): { pair: string; encoded: string } | undefined {
	if (!url.username && !url.password) return undefined;
	const pair = `${decodedUserInfo(url.username)}:${decodedUserInfo(url.password)}`;
	return { pair, encoded: Buffer.from(pair, 'utf8').toString('base64') };
}
