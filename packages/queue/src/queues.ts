import { Queue, type DefaultJobOptions } from 'bullmq';
import type { Redis } from 'ioredis';
import { queueNames, type QueueName } from './queue-names.ts';

export type Queues = Record<QueueName, Queue>;

const keepCompleted = { age: 3600, count: 1000 };
const keepFailed = { age: 7 * 24 * 3600 };

/**
 * Retry policy per queue. Workflow jobs retry fast (a lost optimistic-concurrency race is
 * normal); effects and mail back off further, since what they wait for is outside us.
 */
export const defaultJobOptions: Record<QueueName, DefaultJobOptions> = {
  workflow: { attempts: 25, backoff: { type: 'exponential', delay: 50 }, removeOnComplete: keepCompleted, removeOnFail: keepFailed },
  effects: { attempts: 12, backoff: { type: 'exponential', delay: 500 }, removeOnComplete: keepCompleted, removeOnFail: keepFailed },
  mail: { attempts: 12, backoff: { type: 'exponential', delay: 2000 }, removeOnComplete: keepCompleted, removeOnFail: keepFailed },
  timers: { attempts: 12, backoff: { type: 'exponential', delay: 500 }, removeOnComplete: keepCompleted, removeOnFail: keepFailed },
};

export interface CreateQueuesOptions {
  connection: Redis;
  /** Redis key prefix; a fresh one per test isolates test runs. */
  prefix: string;
}

export function createQueues(options: CreateQueuesOptions): Queues {
  const make = (name: QueueName) =>
    new Queue(name, { connection: options.connection, prefix: options.prefix, defaultJobOptions: defaultJobOptions[name] });
  return {
    workflow: make(queueNames.workflow),
    effects: make(queueNames.effects),
    mail: make(queueNames.mail),
    timers: make(queueNames.timers),
  };
}

export async function closeQueues(queues: Queues): Promise<void> {
  await Promise.all(Object.values(queues).map((queue) => queue.close()));
}
