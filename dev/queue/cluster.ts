import { spawn, type ChildProcess } from 'child_process';
import { randomBytes } from 'crypto';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';

import type { N8nLine } from '../harness/lines';
import { freePort, installPackageInto, N8nInstance, type CredentialToImport } from '../harness/n8n';
import { startPostgres, startRedis, type Log, type RunningPostgres, type RunningRedis } from './services';
import { N8nRestSession, type RestAnswer } from '../harness/restSession';

/**
 * n8n in queue mode on one machine, with real parts: Redis and Postgres (./services), one
 * main (`n8n start`: editor, REST API, webhooks; it puts executions on the Bull queue in
 * Redis) and N workers (`n8n worker`: they take executions off the queue and run them), all
 * sharing one Postgres database and one encryption key. Every process has its own user folder
 * with this package installed in its `.n8n/nodes` (installPackageInto, as a user installs a
 * community package on each machine), so nothing but Postgres, Redis and the key is shared.
 * `npm run test:queue` and `npm run start:queue` use it.
 */

export interface Account {
	email: string;
	password: string;
	firstName: string;
	lastName: string;
}

export interface QueueClusterOptions {
	line: N8nLine;
	/** How many workers, 2 unless set. */
	workers?: number;
	/** Executions each worker runs at once (`n8n worker --concurrency`), n8n's default 10 unless set. */
	concurrency?: number;
	/** The owner account created on the main (the instance has none before). */
	owner: Account;
	/** Imported by the main (`n8n import:credentials`): n8n encrypts them into Postgres. */
	credentials: CredentialToImport[];
	/** Imported by the main (`n8n import:workflow`). */
	workflows: Array<{ id: string } & object>;
	/** Workflow ids to activate (publish) through the main's REST API once it runs. */
	activate?: string[];
	/** The main's port; a free one unless set. */
	port?: number;
	/** Progress lines of the set-up. */
	log?: Log;
	/** Also print every n8n process's output, each line prefixed with the process's name. */
	echo?: boolean;
}

const ANSI = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g');

/** One n8n process of the cluster: the main or a worker. */
export class N8nProcess {
	private text = '';

	private partial = '';

	readonly exited: Promise<void>;

	/** Set once the process has exited: its exit code, or the signal that ended it. */
	exit?: { code: number | null; signal: NodeJS.Signals | null };

	/** The processes it had started itself (n8n's task runner), read at kill(). */
	private descendants: ProcessRef[] = [];

	constructor(
		readonly name: string,
		readonly role: 'main' | 'worker',
		readonly userFolder: string,
		readonly child: ChildProcess,
		echo: boolean,
		/** The worker's health-check port (QUEUE_HEALTH_CHECK_PORT), or the main's port. */
		readonly port: number,
	) {
		const take = (chunk: Buffer) => {
			const text = chunk.toString('utf8').replace(ANSI, '');
			this.text += text;
			if (!echo) return;
			const lines = (this.partial + text).split('\n');
			this.partial = lines.pop() ?? '';
			for (const line of lines) if (line.trim() !== '') process.stdout.write(`[${this.name}] ${line}\n`);
		};
		child.stdout!.on('data', take);
		child.stderr!.on('data', take);
		this.exited = new Promise((resolve) =>
			child.on('exit', (code, signal) => {
				this.exit = { code, signal };
				resolve();
			}),
		);
	}

	get pid(): number {
		return this.child.pid!;
	}

	get running(): boolean {
		return this.exit === undefined;
	}

	/** Everything it printed so far, colours removed. */
	get output(): string {
		return this.text;
	}

	/**
	 * The executions this worker started, from its log line "Worker started execution <id> (job <job>)"
	 * (n8n's JobProcessor logs it at level info when it takes a job off the queue).
	 */
	startedExecutions(): string[] {
		return [...this.text.matchAll(/Worker started execution (\d+) \(job (\d+)\)/g)].map((match) => match[1]);
	}

	/** The executions it finished ("Worker finished execution <id> (job <job>)"). */
	finishedExecutions(): string[] {
		return [...this.text.matchAll(/Worker finished execution (\d+) \(job (\d+)\)/g)].map((match) => match[1]);
	}

	/** Sends a signal to this process by its PID; SIGKILL also ends what it had started (its task runner), which nobody else would. */
	kill(signal: NodeJS.Signals): void {
		if (!this.running) return;
		this.descendants = descendantsOf(this.pid);
		process.kill(this.pid, signal);
	}

	/** The PIDs of the processes it had started, as read when it was last signalled. */
	get startedProcesses(): number[] {
		return this.descendants.map((ref) => ref.pid);
	}

	/** The processes it had started (read when it was signalled) that are still alive: the same PID and start time. */
	survivingDescendants(): number[] {
		return this.descendants.filter(isAlive).map((ref) => ref.pid);
	}

	/**
	 * Ends the processes it had started that outlived it, once it has exited: by PID, and only
	 * a process whose start time is still the one read at kill(), never a new owner of the PID.
	 */
	async reapDescendants(): Promise<void> {
		await this.exited;
		for (const ref of this.descendants.filter(isAlive)) {
			try {
				process.kill(ref.pid, 'SIGKILL');
			} catch {
				// gone meanwhile
			}
		}
	}

	/** SIGTERM (n8n's graceful shutdown: a worker finishes its running executions first), SIGKILL after `graceMs`. */
	async stop(graceMs = 45_000): Promise<void> {
		if (this.running) {
			this.kill('SIGTERM');
			const timer = setTimeout(() => this.kill('SIGKILL'), graceMs);
			await this.exited;
			clearTimeout(timer);
		}
		await this.reapDescendants();
	}
}

/** A process as /proc knows it: its PID and its start time (clock ticks after boot), which a reused PID does not share. */
interface ProcessRef {
	pid: number;
	startTime: string;
}

/** Field 22 of /proc/<pid>/stat, or undefined when there is no such process. */
function startTimeOf(pid: number): string | undefined {
	try {
		const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
		// The fields after the command (which may hold spaces and parentheses) follow the last ")".
		return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
	} catch {
		return undefined;
	}
}

const isAlive = (ref: ProcessRef) => startTimeOf(ref.pid) === ref.startTime;

/** The processes below `pid` in the process tree (Linux /proc), children first. */
function descendantsOf(pid: number): ProcessRef[] {
	const children = (parent: number): number[] => {
		const tasks = `/proc/${parent}/task`;
		if (!existsSync(tasks)) return [];
		const found: number[] = [];
		for (const task of readdirSync(tasks)) {
			try {
				found.push(...readFileSync(`${tasks}/${task}/children`, 'utf8').split(' ').filter(Boolean).map(Number));
			} catch {
				// the task ended meanwhile
			}
		}
		return found;
	};
	const all: ProcessRef[] = [];
	const queue = [pid];
	while (queue.length > 0) {
		for (const child of children(queue.shift()!)) {
			const startTime = startTimeOf(child);
			if (startTime !== undefined) all.push({ pid: child, startTime });
			queue.push(child);
		}
	}
	return all;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The main, its workers, Redis and Postgres; `start()` brings them up, `stop()` ends all of them and removes their folders. */
export class QueueCluster {
	/** Everything of the cluster lives under this temporary folder: user folders, Redis's and Postgres's data. */
	readonly dir = mkdtempSync(join(tmpdir(), 'pmock-queue-'));

	/** Shared by the main and every worker: the credential the main encrypts, the workers decrypt. */
	readonly encryptionKey = randomBytes(32).toString('hex');

	redis?: RunningRedis;

	postgres?: RunningPostgres;

	main?: N8nProcess;

	readonly workers: N8nProcess[] = [];

	/** The main's URL, e.g. http://127.0.0.1:41234. */
	url = '';

	/** Seconds each step of start() took, for the caller's report. */
	readonly timings: Record<string, number> = {};

	private session?: N8nRestSession;

	private readonly log: Log;

	/** The running start(), which stop() lets settle first. */
	private starting?: Promise<void>;

	/** Set by stop(): a start() still under way gives up at its next step. */
	private stopRequested = false;

	constructor(readonly options: QueueClusterOptions) {
		this.log = options.log ?? (() => {});
		// Traversable (not listable) by others: Postgres runs as the postgres user when we are root.
		chmodSync(this.dir, 0o711);
	}

	get line(): N8nLine {
		return this.options.line;
	}

	/** The environment every n8n process of the cluster shares: queue mode, Redis, Postgres, the key. */
	sharedEnv(): NodeJS.ProcessEnv {
		const { redis, postgres } = this;
		if (!redis || !postgres) throw new Error('Redis and Postgres are not running');
		return {
			EXECUTIONS_MODE: 'queue',
			QUEUE_BULL_REDIS_HOST: redis.host,
			QUEUE_BULL_REDIS_PORT: String(redis.port),
			DB_TYPE: 'postgresdb',
			DB_POSTGRESDB_HOST: postgres.host,
			DB_POSTGRESDB_PORT: String(postgres.port),
			DB_POSTGRESDB_DATABASE: postgres.database,
			DB_POSTGRESDB_USER: postgres.user,
			DB_POSTGRESDB_PASSWORD: postgres.password,
			N8N_ENCRYPTION_KEY: this.encryptionKey,
			// Manual runs from the editor go to the workers too (n8n 3 will always do so).
			OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS: 'true',
			N8N_LOG_LEVEL: 'info',
			N8N_LOG_OUTPUT: 'console',
		};
	}

	private async timed<T>(step: string, work: () => Promise<T> | T): Promise<T> {
		if (this.stopRequested) throw new Error('The queue cluster was stopped while it started');
		const started = Date.now();
		const result = await work();
		this.timings[step] = (Date.now() - started) / 1000;
		this.log(`${step}: ${this.timings[step].toFixed(1)} s`);
		return result;
	}

	/** A user folder with this package installed in its .n8n/nodes, as on a machine of its own. */
	private userFolder(name: string, withPackage = true): string {
		const folder = join(this.dir, name);
		mkdirSync(folder, { recursive: true });
		if (withPackage) installPackageInto(folder);
		return folder;
	}

	/** Spawns `n8n worker` on `folder` with the shared environment, its own health-check and task-broker ports. */
	private async spawnWorker(name: string, folder: string): Promise<N8nProcess> {
		const healthPort = await freePort();
		const worker = this.instance(folder, {
			QUEUE_HEALTH_CHECK_ACTIVE: 'true',
			QUEUE_HEALTH_CHECK_PORT: String(healthPort),
			N8N_WORKER_SERVER_ADDRESS: '127.0.0.1',
			N8N_RUNNERS_BROKER_PORT: String(await freePort()),
		});
		const child = spawn(
			this.line.nodeBinary,
			[this.line.n8nBin, 'worker', `--concurrency=${this.options.concurrency ?? 10}`],
			{
				env: worker.env,
				stdio: ['ignore', 'pipe', 'pipe'],
			},
		);
		return new N8nProcess(name, 'worker', folder, child, this.options.echo ?? false, healthPort);
	}

	/**
	 * Starts one more worker once the cluster runs, with or without this package in its user
	 * folder, and resolves when it is ready to take executions.
	 */
	async addWorker(name: string, { withPackage }: { withPackage: boolean }): Promise<N8nProcess> {
		const folder = this.userFolder(name.replace(/[^a-z0-9]+/gi, '-'), withPackage);
		const worker = await this.spawnWorker(name, folder);
		this.workers.push(worker);
		await this.timed(`${name} started`, () =>
			this.waitUntilReady(worker, `http://127.0.0.1:${worker.port}/healthz/readiness`),
		);
		return worker;
	}

	/** An N8nInstance of the line for `folder` with the shared environment and `extra`. */
	private instance(folder: string, extra: NodeJS.ProcessEnv): N8nInstance {
		return new N8nInstance(this.line, folder, { ...this.sharedEnv(), ...extra });
	}

	/** Starts Redis, Postgres, imports, the main and the workers, signs in and activates; stop() undoes all of it, also after a failure. */
	start(): Promise<void> {
		this.starting ??= this.startAll();
		return this.starting;
	}

	private async startAll(): Promise<void> {
		const { workers: workerCount = 2 } = this.options;
		this.redis = await this.timed('Redis started', () => startRedis(join(this.dir, 'redis'), this.log));
		this.postgres = await this.timed('Postgres initialised and started', () =>
			startPostgres(join(this.dir, 'postgres'), this.log),
		);

		const folders = await this.timed(`the package installed into ${workerCount + 1} user folders`, () => [
			this.userFolder('main'),
			...Array.from({ length: workerCount }, (_, index) => this.userFolder(`worker-${index + 1}`)),
		]);

		// The CLI imports run on the main's folder: the first one also creates n8n's tables in Postgres.
		const importer = this.instance(folders[0], {});
		await this.timed("credentials imported (and n8n's tables created in Postgres)", () =>
			importer.importCredentials(this.options.credentials),
		);
		await this.timed('workflows imported', () => importer.importWorkflows(this.options.workflows));

		// The main's ports are picked right before it starts: picked before the imports (tens of
		// seconds), one was taken by then once ("n8n's port … is already in use").
		const port = this.options.port ?? (await freePort());
		this.url = `http://127.0.0.1:${port}`;
		const main = this.instance(folders[0], {
			N8N_PORT: String(port),
			N8N_LISTEN_ADDRESS: '127.0.0.1',
			N8N_HOST: '127.0.0.1',
			N8N_EDITOR_BASE_URL: this.url,
			WEBHOOK_URL: `${this.url}/`,
			N8N_SECURE_COOKIE: 'false',
			N8N_RUNNERS_BROKER_PORT: String(await freePort()),
		});

		await this.timed(`main and ${workerCount} workers started`, async () => {
			this.main = new N8nProcess(
				'main',
				'main',
				folders[0],
				main.start({}, ['ignore', 'pipe', 'pipe']),
				this.options.echo ?? false,
				port,
			);
			for (let index = 0; index < workerCount; index++)
				this.workers.push(await this.spawnWorker(`worker ${index + 1}`, folders[index + 1]));
			await Promise.all([
				this.waitUntilReady(
					this.main,
					`${this.url}/rest/settings`,
					(response) => !!response.headers.get('content-type')?.includes('application/json'),
				),
				...this.workers.map((worker) =>
					this.waitUntilReady(worker, `http://127.0.0.1:${worker.port}/healthz/readiness`),
				),
			]);
		});
		for (const member of [this.main!, ...this.workers])
			this.log(
				`${member.name}: pid ${member.pid}, ${member.role === 'main' ? this.url : `health check on port ${member.port}`}`,
			);

		await this.timed('owner account created, signed in', () => this.signIn());
		for (const id of this.options.activate ?? []) await this.timed(`workflow ${id} activated`, () => this.activate(id));
	}

	private async waitUntilReady(
		member: N8nProcess,
		url: string,
		isReady: (response: Response) => boolean = (response) => response.ok,
	): Promise<void> {
		const deadline = Date.now() + 240_000;
		for (;;) {
			if (this.stopRequested) throw new Error('The queue cluster was stopped while it started');
			if (!member.running)
				throw new Error(
					`${member.name} exited (${JSON.stringify(member.exit)}) while starting:\n${member.output.slice(-6000)}`,
				);
			if (Date.now() > deadline)
				throw new Error(`${member.name} was not ready at ${url} within 240 s:\n${member.output.slice(-6000)}`);
			try {
				const response = await fetch(url);
				if (response.ok && isReady(response)) return;
			} catch {
				// not listening yet
			}
			await sleep(500);
		}
	}

	/** Creates the owner account and signs in; rest() then calls the main's REST API as the editor does. */
	private async signIn(): Promise<void> {
		this.session = new N8nRestSession(this.url, 'pmock-queue-browser');
		await this.session.setUpOwner(this.options.owner);
	}

	/** One call to the main's REST API as the signed-in owner; the body is n8n's parsed JSON answer. */
	rest<T = unknown>(method: string, path: string, body?: unknown): Promise<RestAnswer<T>> {
		if (!this.session) throw new Error('The cluster has not started');
		return this.session.request<T>(method, path, body);
	}

	/**
	 * Activates (n8n 2: publishes) a workflow as the editor's switch does: `POST
	 * /rest/workflows/<id>/activate` with the version to publish. The main then registers its
	 * production webhooks, which n8n 2.41 finishes after answering: this waits until Postgres
	 * lists every Webhook node's path (webhook_entity), so that a call right after does not get
	 * a 404. Their executions go to the queue.
	 */
	async activate(workflowId: string): Promise<void> {
		const current = await this.rest<{
			data: { versionId: string; nodes: Array<{ type: string; parameters: { path?: string } }> };
		}>('GET', `/rest/workflows/${workflowId}`);
		if (current.status !== 200)
			throw new Error(`Reading workflow ${workflowId} failed: HTTP ${current.status} ${JSON.stringify(current.body)}`);
		const activated = await this.rest<{ data: { active: boolean } }>('POST', `/rest/workflows/${workflowId}/activate`, {
			versionId: current.body.data.versionId,
		});
		if (activated.status !== 200 || activated.body.data.active !== true) {
			throw new Error(
				`Activating workflow ${workflowId} failed: HTTP ${activated.status} ${JSON.stringify(activated.body)}`,
			);
		}
		const paths = current.body.data.nodes
			.filter((node) => node.type === 'n8n-nodes-base.webhook' && node.parameters.path)
			.map((node) => node.parameters.path!);
		const deadline = Date.now() + 60_000;
		for (;;) {
			const registered = new Set(
				this.postgres!.query(
					`SELECT "webhookPath" FROM webhook_entity WHERE "workflowId" = '${workflowId.replace(/'/g, "''")}'`,
				).map(([path]) => path),
			);
			const missing = paths.filter((path) => !registered.has(path));
			if (missing.length === 0) return;
			if (Date.now() > deadline)
				throw new Error(
					`Workflow ${workflowId} is active, but its webhook path(s) ${missing.join(', ')} were not registered within 60 s`,
				);
			await sleep(250);
		}
	}

	/** Which worker started an execution, from the workers' logs (undefined when none did). */
	workerOf(executionId: string): N8nProcess | undefined {
		return this.workers.find((worker) => worker.startedExecutions().includes(executionId));
	}

	/**
	 * Ends every process the cluster started (workers, main, then Postgres and Redis, each by
	 * its PID) and removes its folder. Safe to call after a failed or partial start.
	 */
	async stop(): Promise<void> {
		this.stopRequested = true;
		await this.starting?.catch(() => {});
		const errors: unknown[] = [];
		const attempt = async (work: () => Promise<void>) => {
			try {
				await work();
			} catch (error) {
				errors.push(error);
			}
		};
		await Promise.all(this.workers.map((worker) => attempt(() => worker.stop())));
		if (this.main) await attempt(() => this.main!.stop());
		if (this.postgres) await attempt(() => this.postgres!.stop());
		if (this.redis) await attempt(() => this.redis!.stop());
		rmSync(this.dir, { recursive: true, force: true });
		if (errors.length > 0) throw errors[0];
	}
}
