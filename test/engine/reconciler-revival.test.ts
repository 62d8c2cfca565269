/**
 * The reconciler reviving the BullMQ job of work an operator put back (`store:retry`), on real
 * Redis and PGlite: a job that finished while its effect was failed in the store is run again
 * once the effect is pending, and reconcilers of several workers reviving one job at once all
 * finish their passes.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createReconciler } from '@vinh-danh/engine';
import { toJobId, workflowJobId } from '@vinh-danh/queue';
import { startHarness, testLog, type Harness } from '../support/harness.ts';
import { testDefinitions } from '../support/test-machines.ts';
import { commitWithOutbox } from '../support/store-commits.ts';
import { waitFor } from '../support/wait.ts';

describe('the reconciler and work put back after it failed', () => {
  let harness: Harness;
  const carriedOut: string[] = [];
  before(async () => {
    // Everything pending counts as stale at once; passes run only when the test asks.
    harness = await startHarness({
      definitions: testDefinitions,
      staleMs: 1,
      reconcileIntervalMs: 3_600_000,
      extraHandlers: () => ({
        async sendMail(_payload, context) {
          carriedOut.push(context.effectId);
        },
      }),
    });
  });
  after(async () => {
    await harness?.close();
  });

  it('when an effect job runs while its effect is failed in the store, then it does nothing; put back, the job is revived by passes of three reconcilers at once and the effect is carried out once', async () => {
    const { engine, store, queues } = harness.runtime;
    const { instanceId } = await engine.startInstance({ definitionId: 'courier' });
    // A mail effect committed without its relay, then given up on.
    const effect = { effectId: `${instanceId}.2.0`, instanceId, queue: 'mail', type: 'sendMail', payload: { template: 'outcome', to: 'courier@test.vn', data: { seq: 1 } } };
    const result = await commitWithOutbox(store, instanceId, { eventId: 'send-1', event: { type: 'send', seq: 1 }, state: 'idle', changed: true, outbox: [effect] });
    assert.equal(result.outcome, 'committed');
    await store.outbox.markFailed(effect.effectId, 'MailRejectedError: 550');

    // Its job runs anyway (a reconciler's revival that raced the giving up): the store's word stands.
    const jobId = toJobId(effect.effectId);
    await queues.mail.add(effect.type, { effectId: effect.effectId, instanceId, type: effect.type, payload: effect.payload }, { jobId });
    const finished = await waitFor(() => queues.mail.getJob(jobId), (job) => Boolean(job?.finishedOn), { what: 'the job finished' });
    assert.equal(finished?.returnvalue, 'failed-in-store');
    assert.deepEqual(carriedOut, []);
    assert.equal((await store.outbox.get(effect.effectId))?.failed, true);

    // An operator puts it back; three workers' reconcilers pass at once, each finding the job completed.
    assert.equal(await store.outbox.retryFailed({ effectIds: [effect.effectId] }), 1);
    const reconcilers = [harness.reconciler, ...[1, 2].map(() => createReconciler({ store, engine, log: testLog, staleMs: 1, intervalMs: 3_600_000 }))];
    const reports = await Promise.all(reconcilers.map((reconciler) => reconciler.runOnce()));
    assert.ok(reports.every((report) => report.effects >= 1), `every pass re-drove the effect: ${JSON.stringify(reports)}`);
    await waitFor(() => store.outbox.get(effect.effectId), (row) => row?.done === true, { what: 'the effect done' });
    const job = await waitFor(() => queues.mail.getJob(jobId), (found) => Boolean(found?.finishedOn), { what: 'the revived job finished' });
    // 'done', or 'already-done' when a slower pass revived it once more after it had run.
    assert.ok(['done', 'already-done'].includes(job?.returnvalue as string), String(job?.returnvalue));
    assert.deepEqual(carriedOut, [effect.effectId], 'carried out once');
  });

  it('when an event\'s job runs while the event is failed in the store, then the event is not applied; put back, a reconciler pass applies it once', async () => {
    const { engine, store, queues } = harness.runtime;
    const { instanceId } = await engine.startInstance({ definitionId: 'courier' });
    // Recorded, then given up on (its last attempt failed) before any job applied it.
    const event = { instanceId, eventId: 'given-up-1', event: { type: 'send', seq: 7 }, meta: { source: 'api' } };
    assert.equal(await store.inbox.add(event), 'added');
    await store.inbox.markFailed(instanceId, event.eventId, 'ConcurrencyConflictError: gave up after 5 attempts');

    // A job for it runs anyway (a revival that raced the giving up, or one made again later).
    await engine.enqueueEvent(event);
    const jobId = workflowJobId(instanceId, event.eventId);
    const finished = await waitFor(() => queues.workflow.getJob(jobId), (job) => Boolean(job?.finishedOn), { what: 'the job finished' });
    assert.deepEqual(finished?.returnvalue, { outcome: 'failed-in-store' });
    assert.equal((await store.instances.get(instanceId))?.version, 1, 'not applied');
    assert.equal((await store.inbox.listFailed(10)).filter((failed) => failed.instanceId === instanceId).length, 1, 'still failed, for operators');

    assert.equal(await store.inbox.retryFailed({ instanceIds: [instanceId] }), 1);
    await harness.reconciler.runOnce();
    await waitFor(() => store.instances.get(instanceId), (instance) => instance?.version === 2, { what: 'the event applied' });
    const applied = (await store.history.list(instanceId)).filter((entry) => entry.eventId === event.eventId);
    assert.equal(applied.length, 1, 'applied once');
  });
});
