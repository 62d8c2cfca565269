/**
 * The baseline: how many no-op jobs per second one BullMQ Worker (in its own process, same
 * concurrency as the engine's workers) drains from this Redis. Jobs are added first with
 * addBulk, shaped and retained like workflow jobs; only the draining is timed. It is BullMQ as
 * it ships — one Worker, a plain connection — while the engine's worker process spreads its
 * `workflow` slots over several Workers (packages/engine/src/workers.ts).
 */
import { Queue, type DefaultJobOptions } from 'bullmq';
import type { Redis } from 'ioredis';
import { startBenchChild, stopBenchChild, waitForMarker } from './bench-process.ts';

export interface RawBullmqOptions {
  redis: Redis;
  redisUrl: string;
  prefix: string;
  jobs: number;
  concurrency: number;
  jobOptions: DefaultJobOptions;
}

export async function measureRawBullmq(options: RawBullmqOptions): Promise<{ jobsPerSec: number; elapsedMs: number }> {
  const queueName = 'raw-noop';
  const queue = new Queue(queueName, { connection: options.redis, prefix: options.prefix });
  try {
    for (let from = 0; from < options.jobs; from += 1000) {
      const chunk = Array.from({ length: Math.min(1000, options.jobs - from) }, (_, k) => ({
        name: 'approve',
        data: { instanceId: `raw-${from + k}`, eventId: 'approve-unitLeader', event: { type: 'approve', by: 'leader@bench.vn' }, meta: { source: 'bench' } },
        opts: { removeOnComplete: options.jobOptions.removeOnComplete, removeOnFail: options.jobOptions.removeOnFail },
      }));
      await queue.addBulk(chunk);
    }
    const child = startBenchChild('raw-bullmq-worker', 'test/bench/raw-bullmq-worker.ts', {
      REDIS_URL: options.redisUrl,
      QUEUE_PREFIX: options.prefix,
      RAW_QUEUE: queueName,
      RAW_JOBS: String(options.jobs),
      WORKER_CONCURRENCY: String(options.concurrency),
    });
    try {
      await waitForMarker(child, 'RAW_RESULT', 600_000);
      await child.exited; // it exits right after printing, so the whole line is in
      const line = child.output().split('\n').find((text) => text.startsWith('RAW_RESULT '))!;
      return JSON.parse(line.slice('RAW_RESULT '.length)) as { jobsPerSec: number; elapsedMs: number };
    } finally {
      await stopBenchChild(child);
    }
  } finally {
    await queue.obliterate({ force: true }).catch(() => {});
    await queue.close();
  }
}
