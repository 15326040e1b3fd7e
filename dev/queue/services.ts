import { spawn, spawnSync, type ChildProcess } from 'child_process';
import { randomBytes } from 'crypto';
import { chmodSync, chownSync, existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'fs';
import { connect } from 'net';
import { join } from 'path';

import { freePort } from '../harness/n8n';

/**
 * Redis and Postgres for n8n's queue mode, from Debian's packages, as plain child processes:
 * each on 127.0.0.1 on a free port, its data in a folder of the caller's, stopped by its PID.
 * No service manager, no container, nothing left running.
 *
 * `ensureServicePackages` installs the Debian packages `redis-server` and `postgresql` when
 * their programs are missing: with `apt-get install -y` as root (as CI runs), or through
 * `sudo -n` for a user allowed to. While it installs, a policy-rc.d that denies every service
 * start keeps the packages' own services from starting (Debian's documented hook for that).
 */

export type Log = (text: string) => void;

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0;

/** The first of `names` found on PATH or in the usual sbin folders. */
function findProgram(...names: string[]): string | undefined {
	const dirs = [...(process.env.PATH ?? '').split(':').filter(Boolean), '/usr/sbin', '/usr/bin', '/sbin', '/bin'];
	for (const name of names) for (const dir of dirs) if (existsSync(join(dir, name))) return join(dir, name);
	return undefined;
}

export interface PostgresPrograms {
	/** e.g. /usr/lib/postgresql/15/bin */
	bin: string;
	initdb: string;
	postgres: string;
	psql: string;
}

/** The newest Postgres under /usr/lib/postgresql/<major>/bin (Debian's and Ubuntu's layout) with initdb, postgres and psql. */
export function findPostgres(): PostgresPrograms | undefined {
	const root = '/usr/lib/postgresql';
	if (!existsSync(root)) return undefined;
	const majors = readdirSync(root)
		.filter((name) => /^\d+$/.test(name))
		.sort((a, b) => Number(b) - Number(a));
	for (const major of majors) {
		const bin = join(root, major, 'bin');
		const programs = { bin, initdb: join(bin, 'initdb'), postgres: join(bin, 'postgres'), psql: join(bin, 'psql') };
		if ([programs.initdb, programs.postgres, programs.psql].every((path) => existsSync(path))) return programs;
	}
	return undefined;
}

export const findRedis = (): string | undefined => findProgram('redis-server');

/** Runs a command as root: directly when we are root, else with `sudo -n` (never asks for a password). */
function asRoot(command: string, args: string[], log: Log): void {
	const [program, programArgs] = isRoot() ? [command, args] : ['sudo', ['-n', command, ...args]];
	const started = Date.now();
	const result = spawnSync(program, programArgs, {
		encoding: 'utf8',
		env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
		stdio: ['ignore', 'pipe', 'pipe'],
		maxBuffer: 64 * 1024 * 1024,
	});
	if (result.error) throw result.error;
	if (result.status !== 0) {
		const tail = `${result.stdout}\n${result.stderr}`.trim().split('\n').slice(-15).join('\n');
		throw new Error(`${program} ${programArgs.join(' ')} failed (exit code ${result.status}):\n${tail}`);
	}
	log(`${command} ${args.join(' ')}: ${seconds(Date.now() - started)}`);
}

function canBecomeRoot(): boolean {
	if (isRoot()) return true;
	const sudo = spawnSync('sudo', ['-n', 'true'], { stdio: 'ignore' });
	return !sudo.error && sudo.status === 0;
}

const POLICY_RC_D = '/usr/sbin/policy-rc.d';

/**
 * Installs `redis-server` and/or `postgresql` from Debian's packages when their programs are
 * missing. Resolves with the seconds the install took (0 when nothing was missing).
 */
export function ensureServicePackages(log: Log = console.log): number {
	const missing = [...(findRedis() ? [] : ['redis-server']), ...(findPostgres() ? [] : ['postgresql'])];
	if (missing.length === 0) return 0;
	if (!canBecomeRoot()) {
		throw new Error(
			`n8n's queue mode needs ${missing.join(' and ')}, which ${missing.length > 1 ? 'are' : 'is'} not installed, and this user cannot install packages. ` +
				`Install ${missing.length > 1 ? 'them' : 'it'}: sudo apt-get install -y ${missing.join(' ')}`,
		);
	}
	const started = Date.now();
	log(
		`installing ${missing.join(' and ')} from Debian's packages (apt-get install -y; their services are not started)`,
	);
	const ownPolicy = !existsSync(POLICY_RC_D);
	// exit 101: "action forbidden by policy" for every service invoke-rc.d / deb-systemd-invoke would start.
	if (ownPolicy)
		asRoot('sh', ['-c', `printf '#!/bin/sh\\nexit 101\\n' > ${POLICY_RC_D} && chmod 755 ${POLICY_RC_D}`], log);
	try {
		const install = ['install', '-y', '--no-install-recommends', ...missing];
		try {
			asRoot('apt-get', install, log);
		} catch {
			// A fresh machine may have no package lists yet.
			asRoot('apt-get', ['update'], log);
			asRoot('apt-get', install, log);
		}
	} finally {
		if (ownPolicy) asRoot('rm', ['-f', POLICY_RC_D], log);
	}
	if (!findRedis() || !findPostgres())
		throw new Error(
			`apt-get installed ${missing.join(' and ')}, but redis-server or Postgres's initdb/postgres/psql are still not found`,
		);
	const took = (Date.now() - started) / 1000;
	log(`installed ${missing.join(' and ')} in ${took.toFixed(1)} s`);
	return took;
}

/** A server we started: its process, and how to stop it. */
interface Child {
	process: ChildProcess;
	exited: Promise<number | null>;
	/** The end of what it printed. */
	output(): string;
}

/** Servers started here and not yet stopped, with the signal that stops each. */
const running = new Map<ChildProcess, NodeJS.Signals>();

/**
 * Starts a server in a process group of its own, so that Ctrl-C in a terminal reaches only the
 * caller, which stops the servers after the n8n processes that use them. Should the caller
 * exit without stopping them, its exit handler still signals them.
 */
function startChild(
	command: string,
	args: string[],
	stopSignal: NodeJS.Signals,
	options: { uid?: number; gid?: number; cwd?: string; env?: NodeJS.ProcessEnv },
): Child {
	const child = spawn(command, args, { ...options, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
	if (running.size === 0) process.once('exit', stopLeftovers);
	running.set(child, stopSignal);
	child.on('exit', () => running.delete(child));
	let output = '';
	const keep = (chunk: Buffer) => (output = (output + chunk.toString('utf8')).slice(-20_000));
	child.stdout!.on('data', keep);
	child.stderr!.on('data', keep);
	const exited = new Promise<number | null>((resolve) => {
		child.on('error', (error) => {
			output += `\n${error.message}`;
			resolve(null);
		});
		child.on('exit', (code) => resolve(code));
	});
	return { process: child, exited, output: () => output };
}

function stopLeftovers(): void {
	for (const [child, signal] of running) child.kill(signal);
}

/** Sends `signal` to the child (by its PID) and waits for it to exit; SIGKILL after `graceMs`. */
async function stopChild(child: Child, signal: NodeJS.Signals, graceMs = 30_000): Promise<void> {
	if (child.process.exitCode !== null || child.process.signalCode !== null) return;
	child.process.kill(signal);
	const timer = setTimeout(() => child.process.kill('SIGKILL'), graceMs);
	await child.exited;
	clearTimeout(timer);
}

async function waitFor(what: string, check: () => Promise<boolean>, child: Child, timeoutMs = 60_000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		if (child.process.exitCode !== null || child.process.signalCode !== null) {
			throw new Error(`${what} exited while starting:\n${child.output()}`);
		}
		if (await check()) return;
		if (Date.now() > deadline)
			throw new Error(`${what} was not ready within ${timeoutMs / 1000} s:\n${child.output()}`);
		await new Promise((resolve) => setTimeout(resolve, 200));
	}
}

/** True when a Redis on host:port answers PING. */
function redisPing(port: number): Promise<boolean> {
	return new Promise((resolve) => {
		const socket = connect({ host: '127.0.0.1', port });
		let answer = '';
		const done = (ok: boolean) => {
			socket.destroy();
			resolve(ok);
		};
		socket.setTimeout(2000, () => done(false));
		socket.on('error', () => done(false));
		socket.on('connect', () => socket.write('PING\r\n'));
		socket.on('data', (chunk) => {
			answer += chunk.toString();
			if (answer.includes('\r\n')) done(answer.startsWith('+PONG'));
		});
	});
}

export interface RunningRedis {
	pid: number;
	host: string;
	port: number;
	stop(): Promise<void>;
}

/** redis-server on 127.0.0.1 on a free port, working folder `dir`, no persistence (no RDB, no AOF). */
export async function startRedis(dir: string, log: Log = () => {}): Promise<RunningRedis> {
	const redisServer = findRedis();
	if (!redisServer) throw new Error('redis-server is not installed (ensureServicePackages installs it)');
	mkdirSync(dir, { recursive: true });
	const port = await freePort();
	const child = startChild(
		redisServer,
		[
			'--port',
			String(port),
			'--bind',
			'127.0.0.1',
			'--dir',
			dir,
			'--save',
			'',
			'--appendonly',
			'no',
			'--daemonize',
			'no',
			'--protected-mode',
			'yes',
			'--logfile',
			'',
		],
		'SIGTERM',
		{ cwd: dir },
	);
	await waitFor(`redis-server on port ${port}`, () => redisPing(port), child);
	log(`Redis (${redisServer}) on 127.0.0.1:${port}, pid ${child.process.pid}, no persistence`);
	return { pid: child.process.pid!, host: '127.0.0.1', port, stop: () => stopChild(child, 'SIGTERM') };
}

export interface RunningPostgres {
	/** The postmaster's PID (the server processes are its children). */
	pid: number;
	host: string;
	port: number;
	/** The database and role n8n uses (the role owns the database). */
	database: string;
	user: string;
	password: string;
	/** Runs SQL as the superuser in n8n's database with psql and returns its unaligned, tab-separated rows. */
	query(sql: string): string[][];
	stop(): Promise<void>;
}

/** The postgres user's uid and gid, which initdb and postgres run as when we are root. */
function postgresUser(): { uid: number; gid: number } {
	const id = (flag: string) => {
		const result = spawnSync('id', [flag, 'postgres'], { encoding: 'utf8' });
		if (result.status !== 0)
			throw new Error(
				"Running as root, but there is no postgres user to run Postgres as (Debian's postgresql package creates it)",
			);
		return Number(result.stdout.trim());
	};
	return { uid: id('-u'), gid: id('-g') };
}

/**
 * A new Postgres cluster in `dir` (initdb, password authentication), run by `postgres` on
 * 127.0.0.1 on a free port with no Unix socket, and a database `n8n` owned by a role `n8n`.
 * As root, initdb and postgres run as the `postgres` user (Postgres refuses to run as root),
 * so the folders above `dir` must let others through (mode 711 is enough).
 */
export async function startPostgres(dir: string, log: Log = () => {}): Promise<RunningPostgres> {
	const programs = findPostgres();
	if (!programs) throw new Error('Postgres is not installed (ensureServicePackages installs it)');
	const owner = isRoot() ? postgresUser() : undefined;
	const dataDir = join(dir, 'data');
	const initDir = join(dir, 'init');
	mkdirSync(dataDir, { recursive: true, mode: 0o700 });
	mkdirSync(initDir, { recursive: true, mode: 0o700 });
	// The postgres user must be able to reach its folders (the folders above `dir` too: the caller's part).
	chmodSync(dir, 0o711);
	const superPassword = randomBytes(18).toString('hex');
	const password = randomBytes(18).toString('hex');
	const passwordFile = join(initDir, 'password');
	writeFileSync(passwordFile, `${superPassword}\n`, { mode: 0o600 });
	if (owner) for (const path of [dataDir, initDir, passwordFile]) chownSync(path, owner.uid, owner.gid);
	const asOwner = owner ? { uid: owner.uid, gid: owner.gid } : {};
	const env = { PATH: process.env.PATH, LANG: 'C', LC_ALL: 'C', HOME: dir };

	const started = Date.now();
	const initdb = spawnSync(
		programs.initdb,
		[
			'-D',
			dataDir,
			'-U',
			'postgres',
			'--auth=scram-sha-256',
			`--pwfile=${passwordFile}`,
			'--encoding=UTF8',
			'--no-locale',
			'--no-sync',
		],
		{ ...asOwner, env, encoding: 'utf8', cwd: dir },
	);
	rmSync(initDir, { recursive: true, force: true });
	if (initdb.error) throw initdb.error;
	if (initdb.status !== 0)
		throw new Error(`initdb failed (exit code ${initdb.status}):\n${initdb.stdout}\n${initdb.stderr}`);

	const port = await freePort();
	// SIGINT: Postgres's "fast" shutdown (rolls back open transactions, then exits cleanly).
	const child = startChild(
		programs.postgres,
		['-D', dataDir, '-h', '127.0.0.1', '-p', String(port), '-k', '', '-c', 'max_connections=100'],
		'SIGINT',
		{
			...asOwner,
			env,
			cwd: dir,
		},
	);
	const psql = (database: string, sql: string) =>
		spawnSync(
			programs.psql,
			[
				'-h',
				'127.0.0.1',
				'-p',
				String(port),
				'-U',
				'postgres',
				'-d',
				database,
				'-X',
				'-q',
				'-A',
				'-t',
				'-F',
				'\t',
				'-v',
				'ON_ERROR_STOP=1',
				'-c',
				sql,
			],
			{
				encoding: 'utf8',
				env: { ...env, PGPASSWORD: superPassword, PGCONNECT_TIMEOUT: '5' },
				maxBuffer: 256 * 1024 * 1024,
			},
		);
	await waitFor(`postgres on port ${port}`, async () => psql('postgres', 'SELECT 1').status === 0, child);
	const setUp = psql('postgres', `CREATE ROLE n8n LOGIN PASSWORD '${password}'`);
	const create = setUp.status === 0 ? psql('postgres', 'CREATE DATABASE n8n OWNER n8n') : setUp;
	if (create.status !== 0) {
		await stopChild(child, 'SIGINT');
		throw new Error(`Creating n8n's database failed: ${create.stderr}`);
	}
	log(
		`Postgres ${programs.bin} on 127.0.0.1:${port}, pid ${child.process.pid}, data in ${dataDir} (${seconds(Date.now() - started)} with initdb)`,
	);
	return {
		pid: child.process.pid!,
		host: '127.0.0.1',
		port,
		database: 'n8n',
		user: 'n8n',
		password,
		query(sql: string): string[][] {
			const result = psql('n8n', sql);
			if (result.status !== 0) throw new Error(`psql failed: ${result.stderr}\n${sql}`);
			return result.stdout
				.split('\n')
				.filter((line) => line !== '')
				.map((line) => line.split('\t'));
		},
		stop: () => stopChild(child, 'SIGINT'),
	};
}
