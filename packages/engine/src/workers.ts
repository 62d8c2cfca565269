import { queueNames, type QueueName } from '@vinh-danh/queue';
import { Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { createProcessors, type ProcessorDeps } from './job-processors.ts';
import { settlesWithin } from './settles-within.ts';

export interface CreateWorkersOptions extends ProcessorDeps {
  connection: Redis;
  prefix: string;
  /** Jobs in flight per queue in this process (on `workflow`, shared by its Workers). */
  concurrency: number;
  /** Which queues this process serves; default all. */
  queues?: QueueName[];
}

export interface Workers {
  /** BullMQ Workers per queue in this process (the `workflow` queue's slots spread over several). */
  readonly perQueue: Readonly<Partial<Record<QueueName, number>>>;
  /** Waits until every worker is connected and taking jobs. */
  ready(): Promise<void>;
  /**
   * Stops taking jobs, lets jobs in flight finish, closes connections. With `withinMs`, stops
   * waiting after that long and answers `timedOut`: the jobs still running are then left active
   * in Redis, and retried by a worker once their locks lapse (their work is in the store).
   */
  close(options?: { withinMs?: number }): Promise<'drained' | 'timedOut'>;
}

/**
 * Slots per BullMQ Worker on the `workflow` queue. A Worker takes its jobs one Redis round trip
 * at a time whenever its queue runs dry between arrivals, as it does under steady moderate load:
 * then that single chain of fetches, not the CPU, is what an event waits for (measured at 1,000
 * events/s: dispatch → pick-up p99 46 ms with one Worker of 128, 30 ms with eight of 16, and the
 * end-to-end p99 down by about a quarter). Under saturation each finished job brings the next
 * one, so the split costs nothing there. The other queues are not on an approver's path and keep
 * one Worker each.
 */
export const workflowSlotsPerFetcher = 16;

/** `total` slots as `parts` near-equal shares that add up to it. */
export const splitSlots = (total: number, parts: number) =>
  Array.from({ length: parts }, (_, index) => Math.floor(total / parts) + (index < total % parts ? 1 : 0));

export function createWorkers(options: CreateWorkersOptions): Workers {
  const processors = createProcessors(options);
  const served = options.queues ?? (Object.values(queueNames) as QueueName[]);
  const sharesOf = (name: QueueName) =>
    name === queueNames.workflow
      ? splitSlots(options.concurrency, Math.max(1, Math.ceil(options.concurrency / workflowSlotsPerFetcher)))
      : [options.concurrency];
  const shares = served.map((name) => [name, sharesOf(name)] as const);
  const workers = shares.flatMap(([name, slots]) => slots.map((concurrency) => [name, concurrency] as const)).map(([name, concurrency]) => {
    const worker = new Worker(name, processors[name], {
      connection: options.connection,
      prefix: options.prefix,
      concurrency,
    });
    // Job failures are logged by the processor; this catches connection-level trouble.
    worker.on('error', (error) => options.log.error({ err: error, queue: name }, 'worker error'));
    return worker;
  });
  const perQueue: Partial<Record<QueueName, number>> = Object.fromEntries(shares.map(([name, slots]) => [name, slots.length]));
  return {
    perQueue,
    async ready() {
      await Promise.all(workers.map((worker) => worker.waitUntilReady()));
    },
    async close(closeOptions = {}) {
      const closing = Promise.all(workers.map((worker) => worker.close())).then(() => 'drained' as const);
      if (closeOptions.withinMs === undefined) return closing;
      // A close that fails within the time still rejects.
      return (await settlesWithin(closing, closeOptions.withinMs)) ? closing : 'timedOut';
    },
  };
}
