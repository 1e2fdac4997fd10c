/**
 * A REAL redis-server (Debian's package), started on a free 127.0.0.1 port with nothing persisted,
 * for the state store's tests and `npm run bench`. Not a fake: the store runs its scripts on the
 * real thing. Stopped by pid.
 *
 *   if (!redisServerBinary()) ...skip (or fail under CI)
 *   const redis = await startRedisServer();
 *   ... redis.url ...
 *   await redis.stop();
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** The binary's path when installed, else undefined. */
export function redisServerBinary(): string | undefined {
  const found = spawnSync('redis-server', ['--version'], { encoding: 'utf8' });
  return found.status === 0 ? 'redis-server' : undefined;
}

/** Why the Redis tests do not run here, or undefined when they do. Under CI a missing binary is a failure. */
export const REDIS_MISSING = redisServerBinary()
  ? undefined
  : 'redis-server is not installed (apt-get install -y redis-server): the Redis store tests are skipped';

export interface RedisServer {
  readonly port: number;
  readonly url: string;
  readonly pid: number;
  /** SIGTERM by pid, SIGKILL if it lingers; resolves once it has exited. */
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/** Starts redis-server on `port` (default: a free one) and waits until it answers PING. */
export async function startRedisServer(options: { port?: number; readyWithinMs?: number } = {}): Promise<RedisServer> {
  if (REDIS_MISSING) throw new Error(REDIS_MISSING.replace(': the Redis store tests are skipped', ''));
  const port = options.port ?? (await freePort());
  const dir = mkdtempSync(path.join(tmpdir(), 'errcode-redis-'));
  const child: ChildProcess = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, '--loglevel', 'warning'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.once('error', (error) => (output += String(error)));
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const pid = child.pid;
  if (pid === undefined) throw new Error('redis-server did not start');
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      process.kill(pid, 'SIGTERM');
      const killer = setTimeout(() => {
        if (child.exitCode === null && child.signalCode === null) process.kill(pid, 'SIGKILL');
      }, 5000);
      await exited;
      clearTimeout(killer);
    }
    rmSync(dir, { recursive: true, force: true });
  };
  const deadline = Date.now() + (options.readyWithinMs ?? 15_000);
  while (!(await answersPing(port))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      await stop();
      throw new Error(`redis-server on port ${port} did not come up: ${output.trim().slice(-500)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return { port, url: `redis://127.0.0.1:${port}`, pid, stop };
}

/** One PING over a raw socket: true on +PONG. */
function answersPing(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ port, host: '127.0.0.1' });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1000, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (chunk) => done(chunk.toString().startsWith('+PONG')));
  });
}
