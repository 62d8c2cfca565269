/**
 * The baseline of the engine benchmark: one BullMQ Worker with a no-op processor, in its own
 * process, draining `RAW_JOBS` jobs already waiting on `RAW_QUEUE`. It times only the
 * draining (from `run()` to the last completion) and prints one `RAW_RESULT {json}` line.
 */
import { createRedisConnection } from '@vinh-danh/queue';
import { Worker } from 'bullmq';

const env = process.env;
const expected = Number(env.RAW_JOBS);
const connection = createRedisConnection(env.REDIS_URL!);
const worker = new Worker(env.RAW_QUEUE!, async () => null, {
  connection,
  prefix: env.QUEUE_PREFIX!,
  concurrency: Number(env.WORKER_CONCURRENCY),
  autorun: false,
});
worker.on('error', (error) => process.stderr.write(`raw worker error: ${String(error)}\n`));
await worker.waitUntilReady();

let completed = 0;
const startedAt = performance.now();
const done = new Promise<void>((resolve) => {
  worker.on('completed', () => {
    completed += 1;
    if (completed === expected) resolve();
  });
});
void worker.run();
await done;
const elapsedMs = performance.now() - startedAt;
process.stdout.write(`RAW_RESULT ${JSON.stringify({ jobs: completed, elapsedMs, jobsPerSec: (completed / elapsedMs) * 1000 })}\n`);
await worker.close();
await connection.quit();
process.exit(0);
