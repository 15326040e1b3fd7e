import { SandboxServer } from './sandboxServer';

/** The keys a PMock API credential needs to talk to the sandbox (it accepts no others). */
export const SANDBOX_DEFAULTS = {
	port: 5680,
	accessKey: 'sandbox-access-key',
	secretKey: 'sandbox-secret-key',
} as const;

/**
 * The sandbox on its own, logging one line per request (`npm run sandbox` calls main). Environment:
 * PMOCK_SANDBOX_PORT, PMOCK_SANDBOX_ACCESS_KEY, PMOCK_SANDBOX_SECRET_KEY.
 */
export async function startSandboxFromEnv(env: NodeJS.ProcessEnv = process.env): Promise<SandboxServer> {
	const sandbox = new SandboxServer({
		port: Number(env.PMOCK_SANDBOX_PORT ?? SANDBOX_DEFAULTS.port),
		accessKey: env.PMOCK_SANDBOX_ACCESS_KEY ?? SANDBOX_DEFAULTS.accessKey,
		secretKey: env.PMOCK_SANDBOX_SECRET_KEY ?? SANDBOX_DEFAULTS.secretKey,
		onRequest: (entry) => {
			const code = (entry.response.body as { code?: unknown } | null)?.code;
			const taskId = (entry.response.body as { data?: { taskId?: string } } | null)?.data?.taskId;
			const image = (entry.response.body as { data?: Array<{ image?: { bytes: number } }> } | null)?.data;
			const imageBytes = Array.isArray(image) ? image[0]?.image?.bytes : undefined;
			console.log(
				`[sandbox] ${entry.method} ${entry.path} -> HTTP ${entry.response.status}` +
					(imageBytes !== undefined
						? `, an image of ${imageBytes} bytes`
						: `, code ${String(code)}` +
							(taskId
								? `, taskId ${taskId}`
								: `: ${String((entry.response.body as { message?: unknown })?.message ?? '')}`)) +
					(entry.fault ? ' (queued fault)' : ''),
			);
		},
	});
	return sandbox.start();
}

export function main(): void {
	startSandboxFromEnv()
		.then((sandbox) => {
			console.log(`pmock sandbox listening: credential Base URL ${sandbox.baseUrl}`);
			console.log(`  Access Key: ${sandbox.options.accessKey}   Secret Key: ${sandbox.options.secretKey}`);
			console.log(`  log: GET ${sandbox.url}/__sandbox/requests   faults: POST ${sandbox.url}/__sandbox/faults`);
			const stop = () => void sandbox.stop().then(() => process.exit(0));
			process.on('SIGINT', stop);
			process.on('SIGTERM', stop);
		})
		.catch((error: Error) => {
			console.error(`pmock sandbox could not start: ${error.message}`);
			process.exit(1);
		});
}
