/** The BullMQ queues of Vinh Danh. */
export const queueNames = {
  /** Workflow events to apply to an instance. */
  workflow: 'workflow',
  /** Effects that write to the store: tasks, nomination status. */
  effects: 'effects',
  /** Outgoing e-mail; apart so a slow mail server never holds up workflow work. */
  mail: 'mail',
  /** Delayed jobs that fire workflow timers. */
  timers: 'timers',
} as const;

export type QueueName = (typeof queueNames)[keyof typeof queueNames];

/** BullMQ refuses custom job ids with ':'; ours keep their meaning with '_' in its place. */
export function toJobId(id: string): string {
  return id.replaceAll(':', '_');
}

/** The id of the `workflow` job that carries an instance's event: one job per event. */
export function workflowJobId(instanceId: string, eventId: string): string {
  return toJobId(`${instanceId}.${eventId}`);
}
