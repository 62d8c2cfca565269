import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { startRedisServer, type RedisServerHandle } from '@vinh-danh/queue';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

let shared: Promise<string> | undefined;
let ownServer: RedisServerHandle | undefined;

async function reachable(url: string): Promise<boolean> {
  const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, connectTimeout: 1000 });
  client.on('error', () => {});
  try {
    await client.connect();
    await client.ping();
    return true;
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
}

/**
 * The Redis the tests use: TEST_REDIS_URL, else the machine's 127.0.0.1:6379, else a private
 * redis-server started for this test process. Each test isolates itself with a fresh prefix.
 */
export function testRedisUrl(): Promise<string> {
  shared ??= (async () => {
    const candidate = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
    if (await reachable(candidate)) return candidate;
    ownServer = await startRedisServer({ dataDir: mkdtempSync(path.join(os.tmpdir(), 'vd-redis-')), appendOnly: false });
    return ownServer.url;
  })();
  return shared;
}

/** Stops the private redis-server, if this process started one. */
export async function stopTestRedis(): Promise<void> {
  await ownServer?.stop();
}

export const freshPrefix = (label: string) => `vdt-${label}-${randomBytes(4).toString('hex')}`;

/** A private redis-server for tests that need one of their own (FLUSHALL, restarts). */
export async function startPrivateRedis(): Promise<RedisServerHandle> {
  return startRedisServer({ dataDir: mkdtempSync(path.join(os.tmpdir(), 'vd-redis-')), appendOnly: false });
}
