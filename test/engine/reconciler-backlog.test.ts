/**
 * A reconciler pass reads at most 50 batches of each kind. With more pending events than that
 * whose jobs are alive but not finishing (no worker here), a newer event whose job was lost must
 * still be reached: the next pass goes on where the last one stopped. Real Redis and PGlite.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createReconciler } from '@vinh-danh/engine';
import { toJobId } from '@vinh-danh/queue';
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
});
