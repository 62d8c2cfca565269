import { isSentinelUrl, parseSentinelUrl, withoutPassword } from '@vinh-danh/config';
import { Redis, type RedisOptions } from 'ioredis';

/**
 * A master that a failover turned into a replica refuses writes (READONLY) and ends the blocking
 * reads waiting on it (UNBLOCKED): reconnect, through the sentinels to the new master, and send
 * the command again.
 */
const afterFailover = (error: Error) => (/^(READONLY|UNBLOCKED)/.test(error.message) ? 2 : false);

/**
 * A connection for BullMQ. Workers block on Redis, so commands must wait for a reconnect
 * rather than fail after a few retries (`maxRetriesPerRequest: null`).
 *
 * A `redis-sentinel://` URL connects to the master its sentinels name, and follows a failover:
 * once the old master is a replica, what it refuses is sent again to the master the sentinels
 * name then; a master that goes down is found again the same way when ioredis reconnects.
 * Connections BullMQ makes from this one (its workers' blocking connections) inherit all of it.
 */
export function createRedisConnection(url: string, options: RedisOptions = {}): Redis {
  const common: RedisOptions = { maxRetriesPerRequest: null, enableReadyCheck: true };
  if (!isSentinelUrl(url)) return new Redis(url, { ...common, ...options });
  const { sentinels, name, username, password, sentinelPassword, db } = parseSentinelUrl(url);
  return new Redis({
    ...common,
    sentinels,
    name,
    db,
    ...(username ? { username } : {}),
    ...(password ? { password } : {}),
    ...(sentinelPassword ? { sentinelPassword } : {}),
    reconnectOnError: afterFailover,
    ...options,
  });
}

/** Thrown when Redis does not answer at start; the message names the URL (password masked) and the last error. */
export class RedisUnreachableError extends Error {
  override readonly name = 'RedisUnreachableError';
}

/** Redis's refusal of the credentials given (a wrong password, none where one is required, an unknown user): it stays so until the URL changes. */
const isCredentialsRefusal = (error: unknown) =>
  /^(NOAUTH|WRONGPASS)\b|invalid (username-)?password|AUTH .*without any password configured|ERR (AUTH|Client sent AUTH)/i.test(
    String((error as { message?: unknown } | null)?.message ?? ''),
  );

/**
 * Resolves once `connection` is ready. A connection retries for ever (BullMQ needs that once
 * running), so a Redis that does not answer at start would hold a process in start-up for good:
 * after `timeoutMs` without a connection this rejects instead, and the process exits 1 (to be
 * restarted). A Redis that refuses the URL's credentials rejects at once: that does not pass by
 * waiting. A Redis that answers but is still loading its data (a large append-only file after
 * a restart) is waited for up to `loadingTimeoutMs`, `onLoading` told once.
 */
export async function waitForRedis(
  connection: Redis,
  url: string,
  timeoutMs = 10_000,
  options: { loadingTimeoutMs?: number; onLoading?: () => void } = {},
): Promise<void> {
  if (connection.status === 'ready') return;
  let lastError: unknown;
  let connected = false;
  let refused: ((error: unknown) => void) | undefined;
  const onError = (error: unknown) => {
    lastError = error;
    if (isCredentialsRefusal(error)) refused?.(error);
  };
  const onConnect = () => {
    connected = true;
  };
  connection.on('error', onError);
  connection.on('connect', onConnect);
  const timers: NodeJS.Timeout[] = [];
  try {
    await new Promise<void>((resolve, reject) => {
      refused = (error) =>
        reject(new RedisUnreachableError(`Redis at ${withoutPassword(url)} refused the credentials in its URL (the password, or the user): ${String(error)}`));
      const fail = (within: number) =>
        reject(new RedisUnreachableError(`Redis at ${withoutPassword(url)} did not answer within ${within} ms${lastError ? `: ${String(lastError)}` : ''}`));
      timers.push(
        setTimeout(() => {
          if (!connected) return fail(timeoutMs);
          options.onLoading?.();
          const loadingTimeoutMs = options.loadingTimeoutMs ?? 600_000;
          timers.push(setTimeout(() => fail(timeoutMs + loadingTimeoutMs), loadingTimeoutMs));
        }, timeoutMs),
      );
      connection.once('ready', () => resolve());
    });
  } finally {
    for (const timer of timers) clearTimeout(timer);
    connection.off('error', onError);
    connection.off('connect', onConnect);
  }
}
