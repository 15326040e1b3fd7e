import { computeSignature, signatureTimestamp } from '../../credentials/pmockSignature';

/** Everything reachable from a value, as text: message, description, stack, cause, context. */
export function everythingIn(value: unknown): string {
	const seen = new WeakSet<object>();
	const parts: string[] = [];
	const visit = (node: unknown, depth: number) => {
		if (depth > 8 || node === null || node === undefined) return;
		if (typeof node === 'string') return void parts.push(node);
		if (typeof node !== 'object') return void parts.push(String(node));
		if (seen.has(node)) return;
		seen.add(node);
		if (Buffer.isBuffer(node)) return void parts.push(node.toString('utf8'));
		for (const key of Object.getOwnPropertyNames(node)) {
			visit((node as Record<string, unknown>)[key], depth + 1);
		}
	};
	visit(value, 0);
	return parts.join('\n');
}

/** The secret key and the signatures it made around now: none may appear in errors or output. */
export function secretsOf(accessKey: string, secretKey: string): string[] {
	const minute = signatureTimestamp();
	return [
		secretKey,
		...[minute - 60, minute, minute + 60].map((timestamp) => computeSignature(accessKey, secretKey, timestamp)),
	];
}

export function expectNoSecrets(value: unknown, accessKey: string, secretKey: string): void {
	const text = everythingIn(value);
	for (const secret of secretsOf(accessKey, secretKey)) {
		expect(text).not.toContain(secret);
	}
}
