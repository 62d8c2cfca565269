import type { Logger } from '@vinh-danh/log';
import { queueNames, type QueueName } from '@vinh-danh/queue';
import { Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { createProcessors, type ProcessorDeps } from './job-processors.ts';

export interface CreateWorkersOptions extends ProcessorDeps {
  connection: Redis;
  prefix: string;
  /** Jobs in flight per queue in this process. */
  concurrency: number;
  /** Which queues this process serves; default all. */
  queues?: QueueName[];
}

export interface Workers {
  /** Waits until every worker is connected and taking jobs. */
  ready(): Promise<void>;
  /** Stops taking jobs, lets jobs in flight finish, closes connections. */
  close(): Promise<void>;
}

export function createWorkers(options: CreateWorkersOptions): Workers {
  const processors = createProcessors(options);
  const served = options.queues ?? (Object.values(queueNames) as QueueName[]);
  const workers = served.map((name) => {
    const worker = new Worker(name, processors[name], {
      connection: options.connection,
      prefix: options.prefix,
      concurrency: options.concurrency,
    });
    // Job failures are logged by the processor; this catches connection-level trouble.
    worker.on('error', (error) => options.log.error({ err: error, queue: name }, 'worker error'));
    return worker;
  });
  return {
    async ready() {
      await Promise.all(workers.map((worker) => worker.waitUntilReady()));
    },
    async close() {
      await Promise.all(workers.map((worker) => worker.close()));
    },
  };
}
