/**
 * The worker service stopping while Redis does not answer (every client paused, as while it
 * stalls), on a private redis-server and PGlite: a reconciler pass held by Redis does not hold
 * the stop past WORKER_DRAIN_TIMEOUT_MS, nor do the connections' closes.
 */
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { loadConfig } from '@vinh-danh/config';
import { createMemoryMailer } from '@vinh-danh/engine';
import { createRedisConnection, type RedisServerHandle } from '@vinh-danh/queue';
import { startWorker, type WorkerProcess } from '@vinh-danh/worker';
import { testLog } from '../support/harness.ts';
import { freshPrefix, startPrivateRedis } from '../support/redis.ts';
import { tempDirs } from '../support/temp-dirs.ts';
import { testDefinitions } from '../support/test-machines.ts';

const tempDir = tempDirs('vd-worker-stop-');
const pauseMs = 12_000;

describe('stopping the worker while Redis stalls', () => {
  let server: RedisServerHandle;
  let dataDir: string;
  let worker: WorkerProcess;
  before(async () => {
    server = await startPrivateRedis();
    dataDir = tempDir();
    const config = loadConfig({
      NODE_ENV: 'test',
      DATA_DIR: dataDir,
      REDIS_URL: server.url,
      QUEUE_PREFIX: freshPrefix('stop'),
      WORKER_DRAIN_TIMEOUT_MS: '1000',
      RECONCILE_INTERVAL_MS: '3600000',
      OUTBOX_STALE_MS: '1000',
    });
    worker = await startWorker({ config, log: testLog, mailer: createMemoryMailer(), definitions: testDefinitions });
  });
  after(async () => {
    await server?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('when a reconciler pass waits on a paused Redis, then stop returns within the drain timeout and a bounded close, not when Redis answers', async () => {
    const { engine, store } = worker.runtime;
    const { instanceId } = await engine.startInstance({ definitionId: 'ledger' });
    // Events in the store with no job: the pass re-drives them, and waits on Redis to take them.
    for (const seq of [1, 2, 3]) await store.inbox.add({ instanceId, eventId: `stalled-${seq}`, event: { type: 'record', seq }, meta: {} });
    await new Promise((resolve) => setTimeout(resolve, 1_100)); // older than OUTBOX_STALE_MS
    const pauser = createRedisConnection(server.url);
    await pauser.call('CLIENT', 'PAUSE', String(pauseMs), 'ALL');
    const pausedAt = Date.now();
    const pass = worker.reconciler.runOnce();

    await worker.stop();
    const stoppedAfter = Date.now() - pausedAt;
    assert.ok(stoppedAfter < 8_000, `stopped ${stoppedAfter} ms after Redis paused for ${pauseMs} ms`);

    // Once Redis answers, what was left in flight settles: the pass, and the BullMQ workers' close.
    await pass.catch(() => undefined);
    await worker.workers.close();
    pauser.disconnect();
  });
});
