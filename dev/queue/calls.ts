/** Webhook calls as a client makes them, for the queue test and the queue benchmark. */

export interface WebhookAnswer {
	status: number;
	/** n8n's answer, parsed when it is JSON. */
	body: unknown;
	/** Set when no answer came: the fetch error's message. */
	failure?: string;
}

/** POSTs JSON to `url` (a production webhook); never throws: a failure is in the answer. */
export async function callWebhook(url: string, body: unknown, timeoutMs = 300_000): Promise<WebhookAnswer> {
	try {
		const response = await fetch(url, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify(body),
			signal: AbortSignal.timeout(timeoutMs),
		});
		const text = await response.text();
		let parsed: unknown = text;
		try {
			parsed = JSON.parse(text);
		} catch {
			// not JSON
		}
		return { status: response.status, body: parsed };
	} catch (error) {
		return { status: 0, body: undefined, failure: (error as Error).message };
	}
}

/** Runs `work` over `inputs`, at most `width` at a time, and keeps the input order in the results. */
export async function inPool<T, R>(inputs: T[], width: number, work: (input: T) => Promise<R>): Promise<R[]> {
	const results = new Array<R>(inputs.length);
	let next = 0;
	await Promise.all(
		Array.from({ length: Math.min(width, inputs.length) }, async () => {
			while (next < inputs.length) {
				const index = next++;
				results[index] = await work(inputs[index]);
			}
		}),
	);
	return results;
}
