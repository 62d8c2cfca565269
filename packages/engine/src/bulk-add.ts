import type { JobsOptions, Queue } from 'bullmq';

export interface JobToAdd {
  name: string;
  data: object;
  opts: JobsOptions;
}

/** Adds jobs; resolves once every one of them is in Redis. */
export type BulkAdd = (queue: Queue, jobs: readonly JobToAdd[]) => Promise<void>;

interface QueueBatch {
  jobs: JobToAdd[];
  waiters: Array<{ resolve(): void; reject(error: unknown): void }>;
}

/**
 * Jobs added in one turn of the event loop go to Redis together: one `addBulk` (one pipeline,
 * one write) per queue instead of a round trip per job. Every job keeps its fixed id, so a
 * job already there is left as it is, exactly as with `add`. Each caller's promise settles
 * when the pipeline carrying its jobs has; a failed pipeline rejects every caller in it (the
 * store still holds the work, and the reconciler re-drives it).
 */
export function createBulkAdd(): BulkAdd {
  let batches = new Map<Queue, QueueBatch>();
  let scheduled = false;

  const flush = () => {
    scheduled = false;
    const leaving = batches;
    batches = new Map();
    for (const [queue, batch] of leaving) {
      queue.addBulk(batch.jobs).then(
        () => batch.waiters.forEach((waiter) => waiter.resolve()),
        (error: unknown) => batch.waiters.forEach((waiter) => waiter.reject(error)),
      );
    }
  };

  return (queue, jobs) => {
    if (jobs.length === 0) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      let batch = batches.get(queue);
      if (!batch) {
        batch = { jobs: [], waiters: [] };
        batches.set(queue, batch);
      }
      batch.jobs.push(...jobs);
      batch.waiters.push({ resolve, reject });
      if (!scheduled) {
        scheduled = true;
        setImmediate(flush);
      }
    });
  };
}
