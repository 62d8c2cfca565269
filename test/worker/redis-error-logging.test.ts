/**
 * The logger as the worker uses it for Redis's errors (packages/engine/src/workers.ts logs a
 * BullMQ Worker's 'error' event as `{ err }`), on a real redis-server: ioredis attaches the
 * failed command and its arguments to the error, and a refused AUTH's arguments are the password.
 */
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { after, before, describe, it } from 'node:test';
import { createLogger } from '@vinh-danh/log';
import { createRedisConnection, type RedisServerHandle } from '@vinh-danh/queue';
import { startPrivateRedis } from '../support/redis.ts';

let redis: RedisServerHandle;
before(async () => {
  redis = await startPrivateRedis();
});
after(() => redis?.stop());

describe('Redis errors in the log (real redis-server)', () => {
  it('when Redis refuses a password, then the logged error names the refusal and the command, never the password', async () => {
    const lines: string[] = [];
    const log = createLogger({ service: 'test', destination: { write: (line: string) => void lines.push(line) } });
    const connection = createRedisConnection(`redis://:rotated-away-s3cret@127.0.0.1:${redis.port}`, { lazyConnect: true, retryStrategy: () => null });
    try {
      const refused = once(connection, 'error') as Promise<[Error & { command?: { name: string; args: unknown[] } }]>;
      connection.connect().catch(() => {});
      const [error] = await refused;
      assert.deepEqual(error.command?.args, ['rotated-away-s3cret'], 'ioredis puts the password on the error');
      // As the worker logs a BullMQ Worker's 'error' event.
      log.error({ err: error, queue: 'workflow' }, 'worker error');
    } finally {
      connection.disconnect();
    }
    assert.equal(lines.length, 1);
    assert.match(lines[0]!, /WRONGPASS/);
    assert.match(lines[0]!, /"name":"auth"/);
    for (const line of lines) assert.ok(!line.includes('rotated-away-s3cret'), line);
  });
});
