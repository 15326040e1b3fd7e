/**
 * n8n's REST API as the editor uses it, signed in as the owner: the e2e tests, the queue-mode
 * cluster and anything else that talks to a running n8n's `/rest/*` use this one client.
 */

export interface N8nOwner {
	email: string;
	password: string;
	firstName: string;
	lastName: string;
}

export interface RestAnswer<T> {
	status: number;
	/** n8n's answer parsed as JSON, or its text when it is not JSON. */
	body: T;
}

export class N8nRestSession {
	private cookie = '';

	/**
	 * @param url the n8n main's address, e.g. http://127.0.0.1:41234
	 * @param browserId sent as the editor's `browser-id` header: n8n binds its auth cookie to the
	 *   browser id the sign-in came with and refuses the cookie without it.
	 */
	constructor(
		readonly url: string,
		private readonly browserId: string,
	) {}

	/** Creates the owner account of a new n8n and signs in as it. */
	async setUpOwner(owner: N8nOwner): Promise<void> {
		const setup = await this.request('POST', '/rest/owner/setup', owner);
		if (setup.status !== 200)
			throw new Error(`Creating the owner failed: HTTP ${setup.status} ${JSON.stringify(setup.body)}`);
		const login = await this.request('POST', '/rest/login', {
			emailOrLdapLoginId: owner.email,
			password: owner.password,
		});
		if (login.status !== 200) throw new Error(`Signing in failed: HTTP ${login.status} ${JSON.stringify(login.body)}`);
	}

	/** One call as the signed-in owner (or anonymous before setUpOwner). */
	async request<T = unknown>(method: string, path: string, body?: unknown): Promise<RestAnswer<T>> {
		const response = await fetch(`${this.url}${path}`, {
			method,
			headers: {
				'content-type': 'application/json',
				'browser-id': this.browserId,
				...(this.cookie ? { cookie: this.cookie } : {}),
			},
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const auth = response.headers.getSetCookie().find((cookie) => cookie.startsWith('n8n-auth='));
		if (auth) this.cookie = auth.split(';')[0];
		const text = await response.text();
		let parsed: unknown = text;
		try {
			parsed = JSON.parse(text);
		} catch {
			// not JSON: keep the text
		}
		return { status: response.status, body: parsed as T };
	}
}
