import { createHmac } from 'crypto';

/**
 * pmock's signed-header scheme (see the README, "Credentials"): the token is
 * base64(HMAC-SHA256(secretKey, `${accessKey}:${timestamp}`)), where `timestamp` is the
 * current Unix time in seconds rounded down to the start of the minute.
 */

/** Unix seconds rounded down to a whole minute, as the platform expects. */
export function signatureTimestamp(nowMs: number = Date.now()): number {
	const seconds = Math.floor(nowMs / 1000);
	return seconds - (seconds % 60);
}

export function computeSignature(accessKey: string, secretKey: string, timestamp: number): string {
	return createHmac('sha256', secretKey).update(`${accessKey}:${timestamp}`).digest('base64');
}

/**
 * The headers that authenticate one request.
 *
 * The documentation names the pair two ways: the platform introduction says `pmock-access-*`,
 * the AI host's own pages say `wuinai-access-*`. Nobody can ask the real API which it reads,
 * so every request carries both pairs with the same key and signature; either reading is met.
 */
export function pmockAuthHeaders(
	accessKey: string,
	secretKey: string,
	nowMs: number = Date.now(),
): Record<string, string> {
	const signature = computeSignature(accessKey, secretKey, signatureTimestamp(nowMs));
	return {
		'pmock-access-key': accessKey,
		'pmock-access-token': signature,
		'wuinai-access-key': accessKey,
		'wuinai-access-token': signature,
	};
}
