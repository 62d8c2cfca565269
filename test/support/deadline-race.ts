/**
 * Test support: a post to a task page that loses the race with a deadline. The workflow workers
 * hold back while the post is checked and its event queued; then the stored timer fires and is
 * applied first, as the timers worker and the engine apply it when it is due; only then do the
 * workers take the post's event, which finds the procedure moved on.
 */
import assert from 'node:assert/strict';
import type { TimerRecord } from '@vinh-danh/store';
import type { GatewayFixture } from './gateway.ts';
import { waitFor } from './wait.ts';

const farFuture = () => new Date(Date.now() + 400 * 24 * 3_600_000);

export async function postLosingToTimer(
  fixture: GatewayFixture,
  race: { instanceId: string; eventIds: readonly string[]; timer: (timer: TimerRecord) => boolean; post: () => Promise<Response> },
): Promise<Response> {
  const { engine, queues, store } = fixture.harness.runtime;
  const timer = (await store.timers.listPending(farFuture(), 10_000)).find((candidate) => candidate.instanceId === race.instanceId && race.timer(candidate));
  assert.ok(timer, `a pending timer of ${race.instanceId} to fire first`);
  await queues.workflow.pause();
  let answer: Promise<Response>;
  try {
    answer = race.post();
    await waitFor(
      () => store.inbox.listPending(new Date(Date.now() + 60_000), 1_000),
      (rows) => race.eventIds.every((eventId) => rows.some((row) => row.instanceId === race.instanceId && row.eventId === eventId)),
      { what: 'the post\'s events queued' },
    );
    const fired = await store.timers.fire(timer.timerId, { actor: 'system', source: 'timer', via: timer.timerId });
    assert.ok(fired, 'the timer fired');
    assert.equal((await engine.applyEvent({ instanceId: race.instanceId, eventId: fired.eventId, event: fired.event, meta: fired.meta })).outcome, 'applied');
  } finally {
    await queues.workflow.resume();
  }
  return answer;
}
