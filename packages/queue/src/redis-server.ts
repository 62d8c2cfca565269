import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { Redis } from 'ioredis';

export interface RedisServerHandle {
  url: string;
  port: number;
  stop(): Promise<void>;
}

export interface StartRedisServerOptions {
  /** Redis keeps its AOF and dump files in `<dataDir>/redis`. */
  dataDir: string;
  /** Port to listen on; default a free one. */
  port?: number;
  /** Append-only file on (default true): work in flight survives a restart of this Redis. */
  appendOnly?: boolean;
  /** How long to wait for it to answer PING; default 10 s. */
  startTimeoutMs?: number;
}

/** Thrown when no `redis-server` can be started; the message says how to get one. */
export class RedisUnavailableError extends Error {
  override readonly name = 'RedisUnavailableError';
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

function hasRedisServer(): boolean {
  return spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status === 0;
}

async function waitForPing(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new RedisUnavailableError(`redis-server exited with code ${child.exitCode}`);
    const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    // Refused connections are expected while the server starts; the loop handles them.
    client.on('error', () => {});
    try {
      await client.connect();
      await client.ping();
      return;
    } catch (error) {
      lastError = error;
    } finally {
      client.disconnect();
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new RedisUnavailableError(`redis-server did not answer within ${timeoutMs} ms: ${String(lastError)}`);
}

/**
 * Starts a private `redis-server` from PATH on 127.0.0.1, configured as production wants it
 * (noeviction, AOF), for a machine where `REDIS_URL` is not set.
 */
export async function startRedisServer(options: StartRedisServerOptions): Promise<RedisServerHandle> {
  if (!hasRedisServer()) {
    throw new RedisUnavailableError(
      'REDIS_URL is not set and there is no redis-server on PATH. Install one (Debian/Ubuntu: ' +
        '`apt-get install -y redis-server`; macOS: `brew install redis`) or set REDIS_URL=redis://host:6379.',
    );
  }
  const dir = path.resolve(options.dataDir, 'redis');
  mkdirSync(dir, { recursive: true });
  const port = options.port ?? (await freePort());
  const child = spawn(
    'redis-server',
    [
      '--port', String(port),
      '--bind', '127.0.0.1',
      '--dir', dir,
      '--appendonly', options.appendOnly === false ? 'no' : 'yes',
      '--save', '',
      '--maxmemory-policy', 'noeviction',
      '--protected-mode', 'yes',
    ],
    { stdio: 'ignore' },
  );
  const url = `redis://127.0.0.1:${port}`;
  try {
    await waitForPing(url, child, options.startTimeoutMs ?? 10_000);
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  return {
    url,
    port,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      await exited;
    },
  };
}
