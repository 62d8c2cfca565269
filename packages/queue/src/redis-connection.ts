import { Redis, type RedisOptions } from 'ioredis';

/**
 * A connection for BullMQ. Workers block on Redis, so commands must wait for a reconnect
 * rather than fail after a few retries (`maxRetriesPerRequest: null`).
 */
export function createRedisConnection(url: string, options: RedisOptions = {}): Redis {
  return new Redis(url, { maxRetriesPerRequest: null, enableReadyCheck: true, ...options });
}

/** `url` with its password, if any, masked: for messages and logs. */
export function maskRedisPassword(url: string): string {
  try {
    const parsed = new URL(url);
    if (!parsed.password) return url;
    parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(an unparsable URL)';
  }
}

/** Thrown when Redis does not answer at start; the message names the URL (password masked) and the last error. */
export class RedisUnreachableError extends Error {
  override readonly name = 'RedisUnreachableError';
}

/**
 * Resolves once `connection` is ready. A connection retries for ever (BullMQ needs that once
 * running), so a Redis that does not answer at start would hold a process in start-up for good:
 * after `timeoutMs` this rejects instead, and the process exits 1 (to be restarted).
 */
export async function waitForRedis(connection: Redis, url: string, timeoutMs = 10_000): Promise<void> {
  if (connection.status === 'ready') return;
  let lastError: unknown;
  const onError = (error: unknown) => {
    lastError = error;
  };
  connection.on('error', onError);
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        connection.off('ready', onReady);
        reject(new RedisUnreachableError(`Redis at ${maskRedisPassword(url)} did not answer within ${timeoutMs} ms${lastError ? `: ${String(lastError)}` : ''}`));
      }, timeoutMs);
      const onReady = () => {
        clearTimeout(timer);
        resolve();
      };
      connection.once('ready', onReady);
    });
  } finally {
    connection.off('error', onError);
  }
}
