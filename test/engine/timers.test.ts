import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { toJobId } from '@vinh-danh/queue';
import { startHarness, type Harness } from '../support/harness.ts';
import { testDefinitions } from '../support/test-machines.ts';
import { waitFor } from '../support/wait.ts';

describe('workflow timers on BullMQ delayed jobs', () => {
  let harness: Harness;
  before(async () => {
    harness = await startHarness({ definitions: testDefinitions });
  });
  after(async () => {
    await harness?.close();
  });

  const stateOf = async (instanceId: string) => (await harness.runtime.store.instances.get(instanceId))?.stateValue;

  it('when a state with a delayed transition is left alone, then its timer fires after the delay and is recorded', async () => {
    const { engine, store, queues } = harness.runtime;
    const startedAt = Date.now();
    const { instanceId } = await engine.startInstance({ definitionId: 'timer', input: { timeoutMs: 300, nextMs: 60_000 } });
    const [timer] = await store.timers.listPending(new Date(Date.now() + 60_000), 1000).then((t) => t.filter((x) => x.instanceId === instanceId));
    assert.ok(timer, 'a pending timer was stored with the instance');
    const job = await queues.timers.getJob(timer.timerId.replaceAll(':', '_'));
    assert.ok(job, 'a delayed BullMQ job exists for the timer');
    assert.equal(await job.isDelayed(), true);

    await waitFor(() => stateOf(instanceId), (state) => state === 'timedOut', { what: 'timeout fired' });
    assert.ok(Date.now() - startedAt >= 300, 'the timer did not fire before its delay');
    assert.equal((await store.timers.get(timer.timerId))?.status, 'fired');
    const history = await store.history.list(instanceId);
    const fired = history.at(-1)!;
    assert.equal(fired.eventId, timer.timerId);
    assert.match(fired.eventType, /^xstate\.after\.timeout/);
    assert.equal(fired.meta.source, 'timer');
    assert.equal((await store.instances.get(instanceId))?.status, 'done');
  });

  it('when the state that set a timer is left, then that timer never fires and its delayed job is removed', async () => {
    const { engine, store, queues } = harness.runtime;
    const { instanceId } = await engine.startInstance({ definitionId: 'timer', input: { timeoutMs: 400, nextMs: 900 } });
    const [timeout] = (await store.timers.listPending(new Date(Date.now() + 60_000), 1000)).filter((t) => t.instanceId === instanceId);
    await engine.dispatch({ instanceId, eventId: 'go', event: { type: 'go' } });
    // `next` completes after 900 ms: well after the cancelled 400 ms timeout would have fired.
    await waitFor(() => stateOf(instanceId), (state) => state === 'done', { what: 'next timer fired' });
    assert.equal((await store.timers.get(timeout!.timerId))?.status, 'cancelled');
    assert.equal(await queues.timers.getJob(timeout!.timerId.replaceAll(':', '_')), undefined);
    const states = (await store.history.list(instanceId)).map((entry) => entry.toState);
    assert.deepEqual(states, ['waiting', 'next', 'done']);
  });

  it('when a cancelled timer job fires anyway, then it changes nothing', async () => {
    const { engine, store, queues } = harness.runtime;
    const { instanceId } = await engine.startInstance({ definitionId: 'timer', input: { timeoutMs: 60_000, nextMs: 60_000 } });
    const [timeout] = (await store.timers.listPending(new Date(Date.now() + 120_000), 1000)).filter((t) => t.instanceId === instanceId);
    await engine.dispatch({ instanceId, eventId: 'go', event: { type: 'go' } });
    await waitFor(() => stateOf(instanceId), (state) => state === 'next');
    const job = await queues.timers.add('fire', { timerId: timeout!.timerId, instanceId }, { jobId: 'stray-fire' });
    await waitFor(() => job.isCompleted(), Boolean, { what: 'stray timer job done' });
    assert.equal((await job.getState()), 'completed');
    assert.equal(await stateOf(instanceId), 'next');
    assert.equal((await store.history.list(instanceId)).length, 2);
  });
});

describe('timers beyond the horizon wait in the store for the reconciler', () => {
  let harness: Harness;
  before(async () => {
    // Timers due more than 2 s after their commit get no delayed job at commit; the
    // reconciler (interval 1 s) looks 2 s ahead, as the services wire them.
    harness = await startHarness({ definitions: testDefinitions, timerHorizonMs: 2000, reconcileIntervalMs: 1000 });
  });
  after(async () => {
    await harness?.close();
  });

  const stateOf = async (instanceId: string) => (await harness.runtime.store.instances.get(instanceId))?.stateValue;
  const pendingTimerOf = async (instanceId: string) =>
    (await harness.runtime.store.timers.listPending(new Date(Date.now() + 3_600_000), 100_000)).find((timer) => timer.instanceId === instanceId);

  it('when a timer is due beyond the horizon, then it gets no delayed job at commit, the reconciler schedules it, and it fires on time', async () => {
    const { engine, queues } = harness.runtime;
    const startedAt = Date.now();
    const { instanceId } = await engine.startInstance({ definitionId: 'timer', input: { timeoutMs: 2600, nextMs: 60_000 } });
    const timer = await pendingTimerOf(instanceId);
    assert.ok(timer, 'the timer is stored pending');
    assert.equal(await queues.timers.getJob(toJobId(timer.timerId)), undefined, 'no delayed job at commit');

    // Not yet within the look-ahead: a pass leaves it in the store.
    if (Date.now() - startedAt < 500) {
      await harness.reconciler.runOnce();
      assert.equal(await queues.timers.getJob(toJobId(timer.timerId)), undefined, 'not scheduled before it comes within the look-ahead');
    }
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, startedAt + 800 - Date.now())));
    const report = await harness.reconciler.runOnce();
    assert.ok(report.timersRequeued >= 1);
    const job = await queues.timers.getJob(toJobId(timer.timerId));
    assert.ok(job, 'the look-ahead pass scheduled it');
    if (Date.now() < timer.dueAt.getTime()) assert.equal(await job.isDelayed(), true);

    await waitFor(() => stateOf(instanceId), (state) => state === 'timedOut', { what: 'timeout fired' });
    assert.ok(Date.now() - startedAt >= 2600, 'the timer did not fire before its delay');
    const fired = (await harness.runtime.store.history.list(instanceId)).at(-1)!;
    assert.equal(fired.eventId, timer.timerId);
  });

  it('when a timer the reconciler scheduled is cancelled, then its delayed job is removed and it never fires', async () => {
    const { engine, store, queues } = harness.runtime;
    const startedAt = Date.now();
    const { instanceId } = await engine.startInstance({ definitionId: 'timer', input: { timeoutMs: 2600, nextMs: 60_000 } });
    const timer = (await pendingTimerOf(instanceId))!;
    assert.equal(await queues.timers.getJob(toJobId(timer.timerId)), undefined, 'no delayed job at commit');
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, startedAt + 800 - Date.now())));
    await harness.reconciler.runOnce();
    assert.ok(await queues.timers.getJob(toJobId(timer.timerId)), 'scheduled by the look-ahead pass');

    await engine.dispatch({ instanceId, eventId: 'go', event: { type: 'go' } });
    await waitFor(() => stateOf(instanceId), (state) => state === 'next');
    assert.equal((await store.timers.get(timer.timerId))?.status, 'cancelled');
    await waitFor(() => queues.timers.getJob(toJobId(timer.timerId)), (job) => job === undefined, { what: 'delayed job removed' });
    // Past the time it was due: nothing fired.
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, timer.dueAt.getTime() + 300 - Date.now())));
    assert.equal(await stateOf(instanceId), 'next');
    assert.deepEqual((await store.history.list(instanceId)).map((entry) => entry.toState), ['waiting', 'next']);
  });

  it('when a far timer is cancelled, then it stays cancelled in the store and never fires, with no job to remove', async () => {
    const { engine, store, queues } = harness.runtime;
    const { instanceId } = await engine.startInstance({ definitionId: 'timer', input: { timeoutMs: 3_600_000, nextMs: 3_600_000 } });
    const timeout = (await pendingTimerOf(instanceId))!;
    await engine.dispatch({ instanceId, eventId: 'go', event: { type: 'go' } });
    await waitFor(() => stateOf(instanceId), (state) => state === 'next');
    assert.equal((await store.timers.get(timeout.timerId))?.status, 'cancelled');
    const next = (await pendingTimerOf(instanceId))!;
    assert.ok(next, 'the next state\'s timer is pending in the store');
    for (const timerId of [timeout.timerId, next.timerId]) assert.equal(await queues.timers.getJob(toJobId(timerId)), undefined);
  });
});
