import type { JobsOptions, Queue } from 'bullmq';

export interface JobToAdd {
  name: string;
  data: object;
  opts: JobsOptions;
}

/** Adds jobs; resolves once every one of them is in Redis. */
export type BulkAdd = (queue: Queue, jobs: readonly JobToAdd[]) => Promise<void>;

interface Waiter {
  jobs: readonly JobToAdd[];
  resolve(): void;
  reject(error: unknown): void;
}

interface QueueBatch {
  jobs: JobToAdd[];
  waiters: Waiter[];
}

/** `queue.addBulk`, a synchronous throw (BullMQ checks options before sending) as a rejection. */
const addAll = (queue: Queue, jobs: readonly JobToAdd[]): Promise<unknown> => {
  try {
    return queue.addBulk(jobs as JobToAdd[]);
  } catch (error) {
    return Promise.reject(error);
  }
};

/**
 * Jobs added in one turn of the event loop go to Redis together: one `addBulk` (one pipeline,
 * one write) per queue instead of a round trip per job. Every job keeps its fixed id, so a
 * job already there is left as it is, exactly as with `add`. Each caller's promise settles
 * when the pipeline carrying its jobs has. When a pipeline of several callers fails, each
 * caller's jobs are added again on their own, once: a job that BullMQ or Redis refuses fails
 * only its own caller, not every commit that shared its turn (jobs the first try added stay as
 * they are, by their ids). A caller still refused is rejected; the store holds the work, and
 * the reconciler re-drives it.
 */
export function createBulkAdd(): BulkAdd {
  let batches = new Map<Queue, QueueBatch>();
  let scheduled = false;

  const flush = () => {
    scheduled = false;
    const leaving = batches;
    batches = new Map();
    for (const [queue, batch] of leaving) {
      addAll(queue, batch.jobs).then(
        () => batch.waiters.forEach((waiter) => waiter.resolve()),
        (error: unknown) => {
          if (batch.waiters.length === 1) return batch.waiters[0]!.reject(error);
          for (const waiter of batch.waiters) addAll(queue, waiter.jobs).then(waiter.resolve, waiter.reject);
        },
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
      batch.waiters.push({ jobs, resolve, reject });
      if (!scheduled) {
        scheduled = true;
        setImmediate(flush);
      }
    });
  };
}
