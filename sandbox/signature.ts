import type { IncomingHttpHeaders } from 'http';

import { computeSignature, signatureTimestamp } from '../credentials/pmockSignature';

/**
 * The server side of pmock's signature scheme, built on the same signing code the credential
 * uses (credentials/pmockSignature.ts): a token is good for the minute it was made in and the
 * one before, so a request signed at 12:00:59 still passes when it arrives at 12:01:00.
 */
export function verifyPmockSignature(
	accessKey: string,
	secretKey: string,
	headerKey: unknown,
	headerToken: unknown,
	nowMs = Date.now(),
): boolean {
	if (headerKey !== accessKey || typeof headerToken !== 'string') return false;
	const minute = signatureTimestamp(nowMs);
	return [minute, minute - 60].some((timestamp) => computeSignature(accessKey, secretKey, timestamp) === headerToken);
}

export const HEADER_PAIRS = ['pmock', 'wuinai'] as const;

export type SignatureVerdict = { ok: true } | { ok: false; reason: string };

/**
 * Whether a request is signed with these keys. pmock's documentation names the headers two
 * ways (see the README, "Credentials"), and the credential sends both pairs so that either
 * reading is met; the sandbox holds it to that: both the `pmock-access-*` and the
 * `wuinai-access-*` pair are required and must be valid. The reason never contains a key or a
 * signature.
 */
export function checkRequestSignature(
	headers: IncomingHttpHeaders,
	accessKey: string,
	secretKey: string,
	nowMs = Date.now(),
): SignatureVerdict {
	for (const prefix of HEADER_PAIRS) {
		const key = headers[`${prefix}-access-key`];
		const token = headers[`${prefix}-access-token`];
		if (key === undefined || token === undefined) {
			return { ok: false, reason: `missing header ${prefix}-access-${key === undefined ? 'key' : 'token'}` };
		}
		if (key !== accessKey) return { ok: false, reason: `unknown access key in ${prefix}-access-key` };
		if (!verifyPmockSignature(accessKey, secretKey, key, token, nowMs)) {
			return {
				ok: false,
				reason: `signature verification failed for ${prefix}-access-token (wrong secret key, or a clock more than a minute off)`,
			};
		}
	}
	return { ok: true };
}
