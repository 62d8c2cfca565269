import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createBulkAdd } from '../../packages/engine/src/bulk-add.ts';
import { createQueues, createRedisConnection, closeQueues, type Queues } from '@vinh-danh/queue';
import type { Redis } from 'ioredis';
import { freshPrefix, stopTestRedis, testRedisUrl } from '../support/redis.ts';

describe('bulk add of the engine relay (real Redis)', () => {
  let connection: Redis;
  let queues: Queues;
  before(async () => {
    connection = createRedisConnection(await testRedisUrl());
    queues = createQueues({ connection, prefix: freshPrefix('bulk') });
  });
  after(async () => {
    await closeQueues(queues);
    await connection.quit();
    await stopTestRedis();
  });

  it('when jobs are added in one turn, then each queue gets them in one pipeline and every caller settles', async () => {
    const bulkAdd = createBulkAdd();
    let pipelines = 0;
    const original = queues.mail.addBulk.bind(queues.mail);
    queues.mail.addBulk = (jobs) => {
      pipelines += 1;
      return original(jobs);
    };
    try {
      await Promise.all(
        Array.from({ length: 30 }, (_, i) => bulkAdd(queues.mail, [{ name: 'sendMail', data: { n: i }, opts: { jobId: `bulk-${i}` } }])),
      );
    } finally {
      queues.mail.addBulk = original;
    }
    assert.equal(pipelines, 1);
    const jobs = await Promise.all(Array.from({ length: 30 }, (_, i) => queues.mail.getJob(`bulk-${i}`)));
    assert.deepEqual(jobs.map((job) => job?.data.n), Array.from({ length: 30 }, (_, i) => i));
  });

  it('when a job id is already there, then it is left as it is, as with add', async () => {
    const bulkAdd = createBulkAdd();
    await queues.effects.add('first', { version: 1 }, { jobId: 'kept' });
    await bulkAdd(queues.effects, [{ name: 'second', data: { version: 2 }, opts: { jobId: 'kept' } }]);
    const job = await queues.effects.getJob('kept');
    assert.equal(job?.name, 'first');
    assert.deepEqual(job?.data, { version: 1 });
  });

  it('when one job of a shared pipeline is refused (the refusal injected by wrapping the queue\'s addBulk), then only its caller is rejected; the jobs of the others are in Redis', async () => {
    const bulkAdd = createBulkAdd();
    const original = queues.effects.addBulk.bind(queues.effects);
    const pipelines: string[][] = [];
    // Redis refuses nothing on request, so the queue refuses what a poison job would make it refuse.
    queues.effects.addBulk = (jobs) => {
      pipelines.push(jobs.map((job) => String(job.opts?.jobId)));
      return jobs.some((job) => job.opts?.jobId === 'poison') ? Promise.reject(new Error('refused: poison')) : original(jobs);
    };
    let settled: PromiseSettledResult<void>[];
    try {
      settled = await Promise.allSettled(
        ['shared-1', 'poison', 'shared-3'].map((jobId) => bulkAdd(queues.effects, [{ name: 'effect', data: { jobId }, opts: { jobId } }])),
      );
    } finally {
      queues.effects.addBulk = original;
    }
    assert.deepEqual(settled.map((result) => result.status), ['fulfilled', 'rejected', 'fulfilled']);
    assert.match(String((settled[1] as PromiseRejectedResult).reason), /refused: poison/);
    assert.deepEqual(pipelines, [['shared-1', 'poison', 'shared-3'], ['shared-1'], ['poison'], ['shared-3']]);
    assert.ok(await queues.effects.getJob('shared-1'));
    assert.ok(await queues.effects.getJob('shared-3'));
    assert.equal(await queues.effects.getJob('poison'), undefined);
  });

  it('when the connection is closed under the pipeline, then every caller in it is rejected', async () => {
    const bulkAdd = createBulkAdd();
    const failing = createRedisConnection(await testRedisUrl());
    const closed = createQueues({ connection: failing, prefix: freshPrefix('bulk-closed') });
    await closed.timers.waitUntilReady();
    failing.disconnect();
    const settled = await Promise.allSettled([
      bulkAdd(closed.timers, [{ name: 'fire', data: {}, opts: { jobId: 't1' } }]),
      bulkAdd(closed.timers, [{ name: 'fire', data: {}, opts: { jobId: 't2' } }]),
    ]);
    assert.deepEqual(settled.map((result) => result.status), ['rejected', 'rejected']);
    await closeQueues(closed).catch(() => {});
  });
});
