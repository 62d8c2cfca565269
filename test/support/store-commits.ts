import type { OutboxRow, Store } from '@vinh-danh/store';

/**
 * Commits one event on an instance at version 1 straight through the store, as a worker would,
 * with the outbox rows given: for tests that need rows in the store that no machine of theirs
 * produces (a newer version's queue, a mail that will be refused).
 */
export async function commitWithOutbox(
  store: Store,
  instanceId: string,
  step: { eventId: string; event: { type: string } & Record<string, unknown>; state: string; changed: boolean; outbox: OutboxRow[] },
) {
  return store.instances.commit({
    instanceId,
    expectedVersion: 1,
    eventId: step.eventId,
    event: step.event,
    meta: { source: 'test' },
    snapshot: (await store.instances.get(instanceId))!.snapshot,
    status: 'active',
    fromState: step.state,
    toState: step.state,
    changed: step.changed,
    outbox: step.outbox,
    timers: [],
    cancelSendIds: [],
  });
}
