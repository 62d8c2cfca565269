import { Redis, type RedisOptions } from 'ioredis';

/**
 * A connection for BullMQ. Workers block on Redis, so commands must wait for a reconnect
 * rather than fail after a few retries (`maxRetriesPerRequest: null`).
 */
export function createRedisConnection(url: string, options: RedisOptions = {}): Redis {
  return new Redis(url, { maxRetriesPerRequest: null, enableReadyCheck: true, ...options });
}
