/**
 * Text a server sent, made safe to keep: credentials masked (a server may echo the request) and
 * cut, with a marker saying how long it was, so that it cannot fill an execution.
 */

/** pmock's `message` and `traceId`, a `code` we show, a rejected taskId: at most this many characters. */
const SERVER_TEXT_MAX = 1000;
/** An excerpt of an answer that is not pmock's envelope (an HTML page, a proxy error): a glance, not a copy. */
const EXCERPT_MAX = 200;
const MASK = '***';

/** Headers whose whole value is a credential. */
const CREDENTIAL_HEADER_NAMES = '((?:proxy-)?authorization|(?:pmock|wuinai)-access-token|x-api-key|api-key|cookie)';

/** Such a header in JSON (also escaped): the value ends at its quote. */
const QUOTED_CREDENTIAL_HEADER = new RegExp(
	`${CREDENTIAL_HEADER_NAMES}(\\\\?["']\\s*[:=]\\s*\\\\?["'])[^"'\\\\\\r\\n<>]+`,
	'gi',
);

/** Such a header in a dump, `name: value`: the value ends with the line. */
const CREDENTIAL_HEADER_LINE = new RegExp(`${CREDENTIAL_HEADER_NAMES}(\\s*[:=]\\s*)(?!\\\\?["'])[^\\r\\n<>]+`, 'gi');

/** The value of a parameter named like a secret (`password: …`, `"secretKey":"…"`). */
const SECRET_PARAMETER =
	/\b(password|passwd|pwd|secret[_-]?key|client[_-]?secret|secret|access[_-]?token|api[_-]?key)(\\?["']?\s*[:=]\s*\\?["']?)[^\s"'\\,;&<>]+/gi;

/** `?token=…`, `response="…"`, `"signature":"…"`: also plain words, so only after "=" or as a quoted key. */
const SECRET_WORD_PARAMETER =
	/(\b(?:token|signature|sig|response|cnonce|nonce)=\\?"?|\\?"(?:token|signature|response|cnonce|nonce)\\?"\s*:\s*\\?")[^\s"'\\,;&<>]+/gi;

/** An Authorization scheme and its credentials wherever they stand (`Basic dXNlcjpwYXNz`, `Bearer eyJ…`). */
const SCHEME_CREDENTIALS = /\b(Basic|Bearer|Digest|Negotiate|NTLM|Token|HOBA|Mutual|ApiKey)\s+([A-Za-z0-9._~+/-]+=*)/g;

/** pmock's signature: base64 of an HMAC-SHA256 (44 characters), also JSON-escaped or percent-encoded. */
const SIGNATURE = /(?<![A-Za-z0-9+/%\\])(?:[A-Za-z0-9+]|\\?\/|%2[BbFf]){43}(?:=|%3[Dd])(?![A-Za-z0-9+/=%])/g;

/** Whether the word after a scheme is a credential rather than prose ("Basic plan", "Token expired"). */
function isCredentialToken(scheme: string, token: string): boolean {
	const lower = scheme.toLowerCase();
	// Basic is base64 of "user:password": decoded rather than guessed from its looks.
	if (lower === 'basic')
		return /^[A-Za-z0-9+/]+=*$/.test(token) && Buffer.from(token, 'base64').toString('latin1').includes(':');
	// "Token" and "ApiKey" are also words: only something that looks like a key counts.
	if (lower === 'token' || lower === 'apikey') return token.length >= 8 && /[0-9]/.test(token);
	return true;
}

/** `text` with every credential we recognise masked, and each of `secrets` wherever it stands. */
export function maskSecrets(text: string, secrets: readonly string[] = []): string {
	let masked = text;
	// The longest first, so that a secret that contains another is masked whole.
	for (const secret of [...new Set(secrets)].filter((value) => value.length >= 3).sort((a, b) => b.length - a.length))
		masked = masked.split(secret).join(MASK);
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
	// Masked before the cut (a cut secret would escape the rules); only the part that can be kept.
	const safe = maskSecrets(text.slice(0, max * 4), secrets);
	if (text.length <= max * 4 && (safe.length <= max || text.length <= max)) return safe;
	const end = /[\uD800-\uDBFF]/.test(safe.charAt(max - 1)) ? max - 1 : max;
	return `${safe.slice(0, end)}… (cut: ${text.length.toLocaleString('en-US')} characters in all)`;
}

/** A raw answer body as one short masked line, cut to EXCERPT_MAX; `knownLength` when only its start was read. */
export function excerptOf(body: unknown, knownLength?: string, secrets: readonly string[] = []): string {
	const text = Buffer.isBuffer(body) ? body.toString('utf8') : typeof body === 'string' ? body : String(body ?? '');
	const oneLine = maskSecrets(text.slice(0, EXCERPT_MAX * 4), secrets)
		.replace(/\s+/g, ' ')
		.trim();
	if (!oneLine) return '(empty body)';
	if (knownLength === undefined && text.length <= EXCERPT_MAX * 4 && oneLine.length <= EXCERPT_MAX) return oneLine;
	return `${oneLine.slice(0, EXCERPT_MAX)}… (cut: ${knownLength ?? text.length.toLocaleString('en-US')} characters in all)`;
}
