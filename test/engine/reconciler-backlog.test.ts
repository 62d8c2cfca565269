/**
 * A reconciler pass reads at most 50 batches of each kind. With more pending events than that
 * whose jobs are alive but not finishing (no worker here), a newer event whose job was lost must
 * still be reached: the next pass goes on where the last one stopped. Likewise overdue timers a
 * pass could not fire must not keep its look-ahead from the timers still to come. Real Redis and
 * PGlite; the timers that cannot fire are made by a wrapper around the real store.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createReconciler } from '@vinh-danh/engine';
import { toJobId } from '@vinh-danh/queue';
import type { Store } from '@vinh-danh/store';
import { startHarness, testLog, type Harness } from '../support/harness.ts';
import { testDefinitions } from '../support/test-machines.ts';

describe('a reconciler behind a backlog of live jobs', () => {
  let harness: Harness;
  before(async () => {
    // No workers: dispatched events stay pending in the store, their jobs waiting in Redis.
    harness = await startHarness({ definitions: testDefinitions, workers: 0, staleMs: 1, reconcileIntervalMs: 3_600_000 });
  });
  after(async () => {
    await harness?.close();
  });

  it('when more pending events than one pass reads come before one whose job was lost, then a later pass reaches it and queues it again', async () => {
    const { engine, store, queues } = harness.runtime;
    const { instanceId } = await engine.startInstance({ definitionId: 'ledger' });
    // Batches of 2: a pass reads 100 events. 100 whose jobs wait, then the one whose job is lost.
    for (let seq = 1; seq <= 101; seq += 1) {
      await engine.dispatch({ instanceId, eventId: `e${String(seq).padStart(3, '0')}`, event: { type: 'record', seq } });
    }
    const lostJobId = toJobId(`${instanceId}.e101`);
    await (await queues.workflow.getJob(lostJobId))!.remove();
    assert.equal(await queues.workflow.getJob(lostJobId), undefined);
    await new Promise((resolve) => setTimeout(resolve, 5));

    const reconciler = createReconciler({ store, engine, log: testLog, staleMs: 1, intervalMs: 3_600_000, batchSize: 2 });
    const first = await reconciler.runOnce();
    assert.equal(first.events, 100, 'the first pass stops at its limit');
    const second = await reconciler.runOnce();
    assert.ok(second.events >= 1, JSON.stringify(second));
    assert.ok(await queues.workflow.getJob(lostJobId), 'the lost job is queued again by the second pass');

    // Having reached the newest, the pass after starts again from the oldest.
    const third = await reconciler.runOnce();
    assert.equal(third.events, 100, JSON.stringify(third));
  });

  it('when more overdue timers than the look-ahead lists cannot be fired, then a timer still to come gets its delayed job all the same', async () => {
    const { engine, store, queues } = harness.runtime;
    const overdue = [];
    for (let i = 0; i < 100; i += 1) overdue.push((await engine.startInstance({ definitionId: 'timer', input: { timeoutMs: 1, nextMs: 60_000 } })).instanceId);
    // Due in a minute: past the engine's 30 s horizon, so only the reconciler's look-ahead gives it a job.
    const coming = await engine.startInstance({ definitionId: 'timer', input: { timeoutMs: 60_000, nextMs: 60_000 } });
    const [upcoming] = (await store.timers.listPending(new Date(Date.now() + 120_000), 100_000)).filter((timer) => timer.instanceId === coming.instanceId);
    assert.ok(upcoming);
    assert.equal(await queues.timers.getJob(toJobId(upcoming.timerId)), undefined, 'no job at commit');
    await new Promise((resolve) => setTimeout(resolve, 5));

    const stuck = new Set(overdue);
    const timers = Object.assign(Object.create(store.timers) as Store['timers'], {
      fire: async (timerId: string, meta: Parameters<Store['timers']['fire']>[1]) => {
        const timer = await store.timers.get(timerId);
        return timer && stuck.has(timer.instanceId) ? Promise.reject(new Error('this timer cannot be fired')) : store.timers.fire(timerId, meta);
      },
    });
    const unfirable: Store = Object.assign(Object.create(store) as Store, { timers });
    // Batches of 2: the look-ahead lists 100 timers, as many as are overdue.
    const report = await createReconciler({ store: unfirable, engine, log: testLog, staleMs: 1, intervalMs: 60_000, batchSize: 2 }).runOnce();
    assert.equal(report.failed, 100, JSON.stringify(report));
    assert.ok(report.timersRequeued >= 1, JSON.stringify(report));
    assert.ok(await queues.timers.getJob(toJobId(upcoming.timerId)), 'the look-ahead gave the timer still to come its delayed job');
  });
});
