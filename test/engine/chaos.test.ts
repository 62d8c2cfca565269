import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { createEngine, createDefinitionRegistry, type Engine } from '@vinh-danh/engine';
import { closeQueues, createQueues, createRedisConnection, type Queues } from '@vinh-danh/queue';
import { createStore, type Store } from '@vinh-danh/store';
import type { Redis } from 'ioredis';
import { startTsProcess, waitForOutput, type RunningChild } from '../support/child-process.ts';
import { dropSchema, postgresReachable, startHarness, testLog, testPostgresUrl } from '../support/harness.ts';
import { freshPrefix, startPrivateRedis } from '../support/redis.ts';
import { testDefinitions } from '../support/test-machines.ts';
import { waitFor } from '../support/wait.ts';

const seenOf = async (store: Store, instanceId: string) =>
  ((await store.instances.get(instanceId))?.snapshot as { context: { seen: number[] } }).context.seen;

/** Every instance saw exactly 1..perInstance, each once, and has one task per event. */
async function assertLedgersComplete(store: Store, instanceIds: string[], perInstance: number) {
  const expected = Array.from({ length: perInstance }, (_, i) => i + 1);
  for (const instanceId of instanceIds) {
    const seen = await seenOf(store, instanceId);
    assert.deepEqual([...seen].sort((a, b) => a - b), expected, `instance ${instanceId} applied each event once`);
    const history = await store.history.list(instanceId);
    assert.equal(history.length, perInstance + 1);
    assert.equal(new Set(history.map((entry) => entry.eventId)).size, history.length);
    const tasks = await store.tasks.listByInstance(instanceId);
    assert.equal(tasks.length, perInstance, `instance ${instanceId} lost no effect`);
  }
}

const allSeen = (store: Store, instanceIds: string[], perInstance: number) => async () => {
  let total = 0;
  for (const id of instanceIds) total += (await seenOf(store, id)).length;
  return total;
};

describe('FLUSHALL on Redis in the middle of a run (mails to an in-memory mailer)', () => {
  it('when Redis loses all its data mid-run, then the reconciler restores pending events, effects and timers and the run completes', async () => {
    const redis = await startPrivateRedis();
    const harness = await startHarness({
      definitions: testDefinitions,
      redisUrl: redis.url,
      concurrency: 4,
      reconcileIntervalMs: 200,
      staleMs: 200,
    });
    try {
      const { engine, store } = harness.runtime;
      const perInstance = 20;
      const ledgers: string[] = [];
      for (let i = 0; i < 20; i += 1) ledgers.push((await engine.startInstance({ definitionId: 'ledger' })).instanceId);
      const timers: string[] = [];
      for (let i = 0; i < 5; i += 1) {
        timers.push((await engine.startInstance({ definitionId: 'timer', input: { timeoutMs: 1500, nextMs: 60_000 } })).instanceId);
      }
      // Instances whose every event mails once: an effect Redis loses must still go out.
      const couriers: string[] = [];
      for (let i = 0; i < 5; i += 1) couriers.push((await engine.startInstance({ definitionId: 'courier' })).instanceId);
      for (let seq = 1; seq <= perInstance; seq += 1) {
        await Promise.all([
          ...ledgers.map((instanceId) => engine.dispatch({ instanceId, eventId: `r${seq}`, event: { type: 'record', seq } })),
          ...couriers.map((instanceId) => engine.dispatch({ instanceId, eventId: `s${seq}`, event: { type: 'send', seq } })),
        ]);
      }
      const total = ledgers.length * perInstance;
      const progress = allSeen(store, ledgers, perInstance);
      const before = await waitFor(progress, (n) => n >= 20, { what: 'some events applied' });
      await harness.runtime.redis.flushall();
      assert.ok(before < total, 'the flush happened while work was still in flight');
      harness.reconciler.start();
      await waitFor(progress, (n) => n >= total, { what: 'all events applied after the flush', timeoutMs: 60_000 });
      for (const instanceId of timers) {
        await waitFor(async () => (await store.instances.get(instanceId))?.stateValue, (s) => s === 'timedOut', {
          what: `timer of ${instanceId} fired after the flush`,
        });
      }
      await waitFor(() => store.outbox.listPending(new Date(Date.now() + 1000), 10), (rows) => rows.length === 0, {
        what: 'every effect done',
      });
      await assertLedgersComplete(store, ledgers, perInstance);
      // Every mail went out: one Message-ID per (instance, event), none missing.
      const mailed = new Set(harness.mailer.sent.filter((mail) => mail.to === 'courier@test.vn').map((mail) => mail.messageId));
      assert.equal(mailed.size, couriers.length * perInstance, 'one mail per send event, none lost in the flush');
    } finally {
      await harness.close();
      await redis.stop();
    }
  });
});

const pgSkip = await postgresReachable();

describe('worker process killed with SIGKILL mid-stream', { skip: pgSkip }, () => {
  const schema = `t_${randomBytes(6).toString('hex')}`;
  const prefix = freshPrefix('kill');
  let redis: Awaited<ReturnType<typeof startPrivateRedis>>;
  let store: Store;
  let connection: Redis;
  let queues: Queues;
  let engine: Engine;
  const children: RunningChild[] = [];

  const env = () => ({
    REDIS_URL: redis.url,
    DATABASE_URL: testPostgresUrl,
    DATABASE_SCHEMA: schema,
    QUEUE_PREFIX: prefix,
    WORKER_CONCURRENCY: '8',
    RECONCILE_INTERVAL_MS: '500',
    OUTBOX_STALE_MS: '1000',
    LOG_LEVEL: 'warn',
    DATA_DIR: 'memory://',
  });

  before(async () => {
    redis = await startPrivateRedis();
    store = await createStore({ databaseUrl: testPostgresUrl, schema });
    connection = createRedisConnection(redis.url);
    queues = createQueues({ connection, prefix });
    engine = createEngine({ store, queues, registry: createDefinitionRegistry(testDefinitions), log: testLog });
  });
  after(async () => {
    for (const running of children) running.child.kill('SIGKILL');
    await closeQueues(queues);
    await connection.quit();
    await store.close();
    await dropSchema(schema);
    await redis.stop();
  });

  it('when the worker is killed and restarted, then every event is applied exactly once and no effect is lost', async () => {
    const perInstance = 25;
    const ledgers: string[] = [];
    for (let i = 0; i < 40; i += 1) ledgers.push((await engine.startInstance({ definitionId: 'ledger' })).instanceId);
    const first = startTsProcess('test/support/worker-child.ts', env());
    children.push(first);
    await waitForOutput(first, 'WORKER_READY');
    const total = ledgers.length * perInstance;
    const dispatching = (async () => {
      for (let seq = 1; seq <= perInstance; seq += 1) {
        await Promise.all(ledgers.map((instanceId) => engine.dispatch({ instanceId, eventId: `r${seq}`, event: { type: 'record', seq } })));
      }
    })();
    const progress = allSeen(store, ledgers, perInstance);
    const atKill = await waitFor(progress, (n) => n >= 100, { what: 'the worker under way' });
    first.child.kill('SIGKILL');
    const exit = await first.exited;
    assert.equal(exit.signal, 'SIGKILL');
    await dispatching;
    assert.ok(atKill < total, 'the kill came mid-stream');

    const second = startTsProcess('test/support/worker-child.ts', env());
    children.push(second);
    await waitForOutput(second, 'WORKER_READY');
    await waitFor(progress, (n) => n >= total, { what: 'all events applied after restart', timeoutMs: 120_000 });
    // Effects in flight at the kill come back only when BullMQ declares them stalled (30 s lock).
    await waitFor(() => store.outbox.listPending(new Date(Date.now() + 1000), 10), (rows) => rows.length === 0, {
      what: 'every effect done',
      timeoutMs: 120_000,
    });
    await assertLedgersComplete(store, ledgers, perInstance);

    second.child.kill('SIGTERM');
    const stopped = await second.exited;
    assert.equal(stopped.code, 0, `graceful stop exits 0; output:\n${second.output()}`);
  });
});

describe('a job that failed outside the processors', () => {
  it('when BullMQ failed a job on its own (stalled too often) while the store still holds it pending, then the reconciler retries it', async () => {
    const harness = await startHarness({ definitions: testDefinitions, workers: 0, staleMs: 1 });
    const { Worker, UnrecoverableError } = await import('bullmq');
    try {
      const { engine, store, queues, redis, queuePrefix } = harness.runtime;
      const { instanceId } = await engine.startInstance({ definitionId: 'ledger' });
      // Stands in for workers that died holding the job until BullMQ gave up on it.
      const crashing = new Worker(
        'workflow',
        async () => {
          throw new UnrecoverableError('job stalled more than allowable limit');
        },
        { connection: redis, prefix: queuePrefix },
      );
      await engine.dispatch({ instanceId, eventId: 'r1', event: { type: 'record', seq: 1 } });
      const jobId = `${instanceId}.r1`;
      await waitFor(async () => (await queues.workflow.getJob(jobId))?.isFailed(), Boolean, { what: 'job failed outside our processor' });
      await crashing.close();
      assert.equal((await store.inbox.listPending(new Date(Date.now() + 1000), 10)).some((e) => e.instanceId === instanceId), true);

      await harness.addWorkers();
      await harness.reconciler.runOnce();
      await waitFor(() => seenOf(store, instanceId), (seen) => seen.length === 1, { what: 'the event applied after the retry' });
      assert.deepEqual(await seenOf(store, instanceId), [1]);
    } finally {
      await harness.close();
    }
  });
});
