/**
 * Text a server sent, made safe to keep: whatever reaches an error or an output item (pmock's
 * message and traceId, an excerpt of an unexpected answer) has its credentials masked and is
 * cut to a documented size with a marker that says how long it was, so a hostile or broken
 * server cannot fill an execution, and a server that echoes the request (a gateway's debug
 * page, an echo service behind a wrong Base URL) cannot put the signature or a password in it.
 */

/** pmock's `message` and `traceId`, a `code` we show, a rejected taskId: at most this many characters. */
export const SERVER_TEXT_MAX = 1000;

/** An excerpt of an answer that is not pmock's envelope (an HTML page, a proxy error): a glance, not a copy. */
export const EXCERPT_MAX = 200;

/** What a masked value is replaced with. */
export const MASK = '***';

/** Headers whose whole value is a credential. */
const CREDENTIAL_HEADER_NAMES = '((?:proxy-)?authorization|(?:pmock|wuinai)-access-token|x-api-key|api-key|cookie)';

/** Such a header as JSON shows it, `"name":"value"` (also escaped, `\"name\":\"value\"`): the value ends at its quote. */
const QUOTED_CREDENTIAL_HEADER = new RegExp(
	`${CREDENTIAL_HEADER_NAMES}(\\\\?["']\\s*[:=]\\s*\\\\?["'])[^"'\\\\\\r\\n<>]+`,
	'gi',
);

/** Such a header as a dump shows it, `name: value`: the value (Digest's has quotes) ends with the line. */
const CREDENTIAL_HEADER_LINE = new RegExp(`${CREDENTIAL_HEADER_NAMES}(\\s*[:=]\\s*)(?!\\\\?["'])[^\\r\\n<>]+`, 'gi');

/** `password: …`, `"secretKey":"…"`: the value of a parameter named like a secret, after ":" or "=". */
const SECRET_PARAMETER =
	/\b(password|passwd|pwd|secret[_-]?key|client[_-]?secret|secret|access[_-]?token|api[_-]?key)(\\?["']?\s*[:=]\s*\\?["']?)[^\s"'\\,;&<>]+/gi;

/**
 * `?token=…`, Digest's `response="…"`, `"signature":"…"`: names that are also plain words
 * ("response: timeout"), so only after "=" or as a quoted JSON key.
 */
const SECRET_WORD_PARAMETER =
	/(\b(?:token|signature|sig|response|cnonce|nonce)=\\?"?|\\?"(?:token|signature|response|cnonce|nonce)\\?"\s*:\s*\\?")[^\s"'\\,;&<>]+/gi;

/** An Authorization scheme and its credentials wherever they stand (`Basic dXNlcjpwYXNz`, `Bearer eyJ…`). */
const SCHEME_CREDENTIALS = /\b(Basic|Bearer|Digest|Negotiate|NTLM|Token|HOBA|Mutual|ApiKey)\s+([A-Za-z0-9._~+/-]+=*)/g;

/**
 * pmock's signature as it travels: base64 of an HMAC-SHA256, 43 characters and one "=" (44 in
 * all); also with "/" escaped as "\/" (some JSON encoders) or "+", "/", "=" percent-encoded.
 */
const SIGNATURE = /(?<![A-Za-z0-9+/%\\])(?:[A-Za-z0-9+]|\\?\/|%2[BbFf]){43}(?:=|%3[Dd])(?![A-Za-z0-9+/=%])/g;

/** Whether the word after a scheme is a credential rather than prose ("Basic plan", "Token expired"). */
function isCredentialToken(scheme: string, token: string): boolean {
	const lower = scheme.toLowerCase();
	if (lower === 'basic') {
		// Basic is base64 of "user:password": decode it rather than guess from its looks.
		return /^[A-Za-z0-9+/]+=*$/.test(token) && Buffer.from(token, 'base64').toString('latin1').includes(':');
	}
	// "Token" and "ApiKey" are also words: only something that looks like a key counts.
	if (lower === 'token' || lower === 'apikey') return token.length >= 8 && /[0-9]/.test(token);
	return true;
}

/**
 * `text` with every credential we can recognise masked: Authorization values, the access
 * token headers, parameters named like a secret, base64 HMAC-SHA256 signatures, and each of
 * `secrets` (the caller's secret key, password, Basic value) wherever it stands.
 */
export function maskSecrets(text: string, secrets: readonly string[] = []): string {
	let masked = text;
	// The longest first, so that a secret that contains another is masked whole.
	for (const secret of [...new Set(secrets)].filter((value) => value.length >= 3).sort((a, b) => b.length - a.length)) {
		masked = masked.split(secret).join(MASK);
	}
	return masked
		.replace(QUOTED_CREDENTIAL_HEADER, `$1$2${MASK}`)
		.replace(CREDENTIAL_HEADER_LINE, `$1$2${MASK}`)
		.replace(SECRET_PARAMETER, `$1$2${MASK}`)
		.replace(SECRET_WORD_PARAMETER, `$1${MASK}`)
		.replace(SCHEME_CREDENTIALS, (whole, scheme: string, token: string) =>
			isCredentialToken(scheme, token) ? `${scheme} ${MASK}` : whole,
		)
		.replace(SIGNATURE, MASK);
}

/** `text` with credentials masked, cut to `max` characters (never inside a surrogate pair), with a marker when cut. */
export function cutText(text: string, max: number = SERVER_TEXT_MAX, secrets: readonly string[] = []): string {
	// Masked before it is cut, so that a cut cannot leave a part of a secret no rule recognises;
	// only the part that can be kept is masked (a huge text is not rewritten whole).
	const safe = maskSecrets(text.slice(0, max * 4), secrets);
	if (text.length <= max * 4 && (safe.length <= max || text.length <= max)) return safe;
	const end = /[\uD800-\uDBFF]/.test(safe.charAt(max - 1)) ? max - 1 : max;
	return `${safe.slice(0, end)}… (cut: ${text.length.toLocaleString('en-US')} characters in all)`;
}

/**
 * A raw answer body as one short line: credentials masked, whitespace collapsed, cut to
 * EXCERPT_MAX with the marker. `knownLength` is how long the whole answer was, when only its
 * start was read; `secrets` are values the caller knows must never be shown.
 */
export function excerptOf(body: unknown, knownLength?: string, secrets: readonly string[] = []): string {
	const text = Buffer.isBuffer(body) ? body.toString('utf8') : typeof body === 'string' ? body : String(body ?? '');
	// Mask and collapse whitespace in the part we keep only: a 50 MB page is not rewritten whole.
	const oneLine = maskSecrets(text.slice(0, EXCERPT_MAX * 4), secrets)
		.replace(/\s+/g, ' ')
		.trim();
	if (!oneLine) return '(empty body)';
	const whole = knownLength === undefined && text.length <= EXCERPT_MAX * 4 && oneLine.length <= EXCERPT_MAX;
	if (whole) return oneLine;
	return `${oneLine.slice(0, EXCERPT_MAX)}… (cut: ${knownLength ?? text.length.toLocaleString('en-US')} characters in all)`;
}
