/**
 * The workflow queue's slots spread over several BullMQ Workers (real Redis; the engine behind
 * them is an in-memory fake whose applyEvent holds each job until released): the process still
 * runs exactly WORKER_CONCURRENCY workflow jobs at once, and every job is taken once.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createWorkers, type Engine, type Workers } from '@vinh-danh/engine';
import { closeQueues, createQueues, createRedisConnection, toJobId, type Queues } from '@vinh-danh/queue';
import type { Store } from '@vinh-danh/store';
import type { Redis } from 'ioredis';
import { splitSlots, workflowSlotsPerFetcher } from '../../packages/engine/src/workers.ts';
import { testLog } from '../support/harness.ts';
import { freshPrefix, stopTestRedis, testRedisUrl } from '../support/redis.ts';

describe('workflow slots over several Workers', () => {
  it('splits slots into near-equal shares that add up to the whole', () => {
    assert.deepEqual(splitSlots(40, 3), [14, 13, 13]);
    assert.deepEqual(splitSlots(128, 8), Array(8).fill(16));
    assert.deepEqual(splitSlots(5, 1), [5]);
    for (const total of [1, 16, 17, 100, 129]) {
      const parts = Math.ceil(total / workflowSlotsPerFetcher);
      const shares = splitSlots(total, parts);
      assert.equal(shares.reduce((a, b) => a + b, 0), total);
      assert.ok(Math.max(...shares) - Math.min(...shares) <= 1);
    }
  });

  describe('with real Redis and an in-memory fake engine', () => {
    const concurrency = 40; // three Workers: 14 + 13 + 13
    const jobs = 100;
    let connection: Redis;
    let queues: Queues;
    let workers: Workers;
    let running = 0;
    let peak = 0;
    const seen = new Map<string, number>();
    const waiting: Array<() => void> = [];
    let holding = true;

    before(async () => {
      connection = createRedisConnection(await testRedisUrl());
      const prefix = freshPrefix('fetchers');
      queues = createQueues({ connection, prefix });
      const engine = {
        async applyEvent(job) {
          seen.set(job.eventId, (seen.get(job.eventId) ?? 0) + 1);
          running += 1;
          peak = Math.max(peak, running);
          if (holding) await new Promise<void>((resolve) => waiting.push(resolve));
          running -= 1;
          return { outcome: 'duplicate' };
        },
      } as Partial<Engine> as Engine;
      workers = createWorkers({ engine, store: {} as Store, handlers: {}, log: testLog, connection, prefix, concurrency, queues: ['workflow'] });
      await workers.ready();
    });
    after(async () => {
      holding = false;
      waiting.splice(0).forEach((release) => release());
      await workers.close();
      await closeQueues(queues);
      await connection.quit();
      await stopTestRedis();
    });

    it('runs three BullMQ Workers on the workflow queue for 40 slots', () => {
      assert.deepEqual(workers.perQueue, { workflow: 3 });
    });

    it(`when ${jobs} events wait, then exactly ${concurrency} run at once and each runs once`, async () => {
      await queues.workflow.addBulk(
        Array.from({ length: jobs }, (_, i) => ({
          name: 'approve',
          data: { instanceId: `i-${i}`, eventId: `e-${i}`, event: { type: 'approve' }, meta: {} },
          opts: { jobId: toJobId(`i-${i}.e-${i}`) },
        })),
      );
      for (let i = 0; i < 200 && running < concurrency; i += 1) await new Promise((resolve) => setTimeout(resolve, 10));
      await new Promise((resolve) => setTimeout(resolve, 200)); // room to overshoot, were the shares wrong
      assert.equal(running, concurrency, 'every slot busy');
      assert.equal(peak, concurrency, 'and no more');
      holding = false;
      waiting.splice(0).forEach((release) => release());
      for (let i = 0; i < 300 && seen.size < jobs; i += 1) await new Promise((resolve) => setTimeout(resolve, 10));
      assert.equal(seen.size, jobs);
      assert.ok([...seen.values()].every((count) => count === 1), 'no job taken twice');
    });
  });
});
