/**
 * One row the reconciler cannot re-drive, or one step whose listing fails, must not hold back
 * the rest of a pass: after a Redis that lost its data, every other event, effect and timer is
 * still put back. Real Redis and a real store; the failures are made by wrappers around the real
 * engine and store that refuse one event's enqueue, or the inbox listing, and pass on the rest.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createReconciler, type Engine } from '@vinh-danh/engine';
import { toJobId } from '@vinh-danh/queue';
import type { Store } from '@vinh-danh/store';
import { startHarness, testLog, type Harness } from '../support/harness.ts';
import { testDefinitions } from '../support/test-machines.ts';

describe('a reconciler pass around what it cannot re-drive (wrapped real engine and store)', () => {
  let harness: Harness;
  before(async () => {
    // No workers: dispatched events and committed effects stay pending in the store.
    harness = await startHarness({ definitions: testDefinitions, workers: 0, staleMs: 1, reconcileIntervalMs: 3_600_000 });
  });
  after(async () => {
    await harness?.close();
  });

  /** Three pending events on one instance and a pending mail on another, none of them left in Redis. */
  async function pendingWorkWithRedisEmptied() {
    const { engine, queues } = harness.runtime;
    const { instanceId } = await engine.startInstance({ definitionId: 'ledger' });
    for (const seq of [1, 2, 3]) await engine.dispatch({ instanceId, eventId: `r${seq}`, event: { type: 'record', seq } });
    const courier = await engine.startInstance({ definitionId: 'courier' });
    const send = { instanceId: courier.instanceId, eventId: 'send-1', event: { type: 'send', seq: 1 }, meta: {} };
    await harness.runtime.store.inbox.add(send);
    await engine.applyEvent(send);
    const effectJobId = toJobId(`${courier.instanceId}.2.0`);
    await queues.workflow.obliterate({ force: true });
    await queues.mail.obliterate({ force: true });
    assert.equal(await queues.mail.getJob(effectJobId), undefined);
    return { instanceId, effectJobId };
  }

  const eventJob = (instanceId: string, eventId: string) => harness.runtime.queues.workflow.getJob(toJobId(`${instanceId}.${eventId}`));

  it('when one event cannot be queued, then the others of its batch and the effects after it are re-driven, and the pass counts one failure', async () => {
    const { engine, store } = harness.runtime;
    const { instanceId, effectJobId } = await pendingWorkWithRedisEmptied();
    const refusing: Engine = Object.assign(Object.create(engine) as Engine, {
      enqueueEvent: (event: Parameters<Engine['enqueueEvent']>[0], options?: Parameters<Engine['enqueueEvent']>[1]) =>
        event.eventId === 'r2' ? Promise.reject(new Error('job r2 cannot be added')) : engine.enqueueEvent(event, options),
    });
    const report = await createReconciler({ store, engine: refusing, log: testLog, staleMs: 1, intervalMs: 3_600_000 }).runOnce();
    assert.equal(report.failed, 1, JSON.stringify(report));
    assert.ok(report.events >= 3 && report.effects >= 1, JSON.stringify(report));
    assert.ok(await eventJob(instanceId, 'r1'));
    assert.equal(await eventJob(instanceId, 'r2'), undefined);
    assert.ok(await eventJob(instanceId, 'r3'), 'the event after the failed one in its batch');
    assert.ok(await harness.runtime.queues.mail.getJob(effectJobId), 'the effects step ran after it');

    // The next pass, with the enqueue working again, puts back the one left.
    const next = await harness.reconciler.runOnce();
    assert.equal(next.failed, 0);
    assert.ok(await eventJob(instanceId, 'r2'));
  });

  it('when one due timer cannot be fired, then the timers after it fire, and it is fired by the next pass', async () => {
    const { engine, store, queues } = harness.runtime;
    const started = await Promise.all([0, 1, 2].map(() => engine.startInstance({ definitionId: 'timer', input: { timeoutMs: 1, nextMs: 60_000 } })));
    await queues.workflow.obliterate({ force: true });
    const timerOf = async (instanceId: string) => (await store.timers.listPending(new Date(Date.now() + 60_000), 100_000)).find((timer) => timer.instanceId === instanceId);
    const [stuck, ...others] = await Promise.all(started.map(({ instanceId }) => timerOf(instanceId)));
    assert.ok(stuck && others.every(Boolean), 'three due timers');
    const timers = Object.assign(Object.create(store.timers) as Store['timers'], {
      fire: (timerId: string, meta: Parameters<Store['timers']['fire']>[1]) =>
        timerId === stuck.timerId ? Promise.reject(new Error('this timer cannot be fired')) : store.timers.fire(timerId, meta),
    });
    const brokenTimer: Store = Object.assign(Object.create(store) as Store, { timers });
    const report = await createReconciler({ store: brokenTimer, engine, log: testLog, staleMs: 1, intervalMs: 3_600_000 }).runOnce();
    assert.equal(report.failed, 1, JSON.stringify(report));
    for (const timer of others) assert.equal((await store.timers.get(timer!.timerId))?.status, 'fired', 'fired despite the one before');
    assert.equal((await store.timers.get(stuck.timerId))?.status, 'pending');
    await harness.reconciler.runOnce();
    assert.equal((await store.timers.get(stuck.timerId))?.status, 'fired');
  });

  it('when a due timer fires but its event cannot be queued, then the pass, a timer at a time, still fires every later one', async () => {
    const { engine, store, queues } = harness.runtime;
    // Started one after the other: due in that order.
    const started: Array<{ instanceId: string }> = [];
    for (let i = 0; i < 3; i += 1) started.push(await engine.startInstance({ definitionId: 'timer', input: { timeoutMs: 1, nextMs: 60_000 } }));
    await queues.workflow.obliterate({ force: true });
    const pending = (await store.timers.listPending(new Date(Date.now() + 60_000), 100_000)).filter((timer) => started.some(({ instanceId }) => instanceId === timer.instanceId));
    const [first, ...later] = started.map(({ instanceId }) => pending.find((timer) => timer.instanceId === instanceId)!);
    const refusing: Engine = Object.assign(Object.create(engine) as Engine, {
      enqueueEvent: (event: Parameters<Engine['enqueueEvent']>[0], options?: Parameters<Engine['enqueueEvent']>[1]) =>
        event.eventId === first!.timerId ? Promise.reject(new Error('its event cannot be queued')) : engine.enqueueEvent(event, options),
    });
    const report = await createReconciler({ store, engine: refusing, log: testLog, staleMs: 1, intervalMs: 3_600_000, batchSize: 1 }).runOnce();
    assert.ok(report.failed >= 1, JSON.stringify(report));
    for (const timer of later) assert.equal((await store.timers.get(timer.timerId))?.status, 'fired', 'not skipped for the one that failed');
    // Fired in the store, its event waits in the inbox: the next pass queues it.
    await harness.reconciler.runOnce();
    assert.ok(await eventJob(first!.instanceId, first!.timerId));
  });

  it('when the inbox cannot be listed, then the pass still re-drives the pending effects', async () => {
    const { engine, store } = harness.runtime;
    const { instanceId, effectJobId } = await pendingWorkWithRedisEmptied();
    const inbox = Object.assign(Object.create(store.inbox) as Store['inbox'], { listPending: () => Promise.reject(new Error('inbox listing failed')) });
    const brokenInbox: Store = Object.assign(Object.create(store) as Store, { inbox });
    const report = await createReconciler({ store: brokenInbox, engine, log: testLog, staleMs: 1, intervalMs: 3_600_000 }).runOnce();
    assert.equal(report.events, 0);
    assert.ok(report.effects >= 1, JSON.stringify(report));
    assert.ok(await harness.runtime.queues.mail.getJob(effectJobId), 'the effect is back in Redis');
    assert.equal(await eventJob(instanceId, 'r1'), undefined);
  });
});
