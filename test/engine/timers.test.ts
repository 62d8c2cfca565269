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

  it('when a timer job runs before its timer is due (a host whose clock runs ahead), then it waits in the delayed set and fires at the due time, not before', async () => {
    const { engine, store, queues } = harness.runtime;
    const { instanceId } = await engine.startInstance({ definitionId: 'timer', input: { timeoutMs: 2_500, nextMs: 60_000 } });
    const [timer] = (await store.timers.listPending(new Date(Date.now() + 60_000), 1000)).filter((t) => t.instanceId === instanceId);
    assert.ok(timer);
    const early = await queues.timers.add('fire', { timerId: timer.timerId, instanceId }, { jobId: `early-${instanceId}` });
    await waitFor(() => early.isDelayed(), Boolean, { what: 'the early job put back in the delayed set' });
    assert.equal((await store.timers.get(timer.timerId))?.status, 'pending', 'not fired early');
    assert.equal(await stateOf(instanceId), 'waiting');
    await waitFor(() => stateOf(instanceId), (state) => state === 'timedOut', { what: 'the timer fired when due' });
    assert.ok(Date.now() >= timer.dueAt.getTime(), 'not before its due time');
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

describe('timers whose state was left after they fired, and delayed raises', () => {
  let harness: Harness;
  before(async () => {
    harness = await startHarness({ definitions: testDefinitions });
  });
  after(async () => {
    await harness?.close();
  });

  const instanceOf = (instanceId: string) => harness.runtime.store.instances.get(instanceId);
  const timersOf = async (instanceId: string) =>
    (await harness.runtime.store.timers.listPending(new Date(Date.now() + 3_600_000), 100_000)).filter((timer) => timer.instanceId === instanceId);

  it('when a timer fired but its state was left and entered again before its event was applied, then that event changes nothing and the new entry keeps its own timer', async () => {
    const { engine, store } = harness.runtime;
    const { instanceId } = await engine.startInstance({ definitionId: 'reentry', input: { timeoutMs: 60_000 } });
    const [first] = await timersOf(instanceId);
    assert.ok(first);
    // The timer fires, but its event waits in the inbox (its enqueue failed, or the worker died):
    // only the reconciler's later pass, or a retry, will deliver it.
    const fired = await store.timers.fire(first.timerId, { actor: 'system', source: 'timer', via: first.timerId });
    assert.ok(fired);
    await engine.dispatch({ instanceId, eventId: 'leave-1', event: { type: 'leave' } });
    await waitFor(() => instanceOf(instanceId), (instance) => instance?.stateValue === 'away', { what: 'left waiting' });
    await engine.dispatch({ instanceId, eventId: 'back-1', event: { type: 'back' } });
    await waitFor(() => instanceOf(instanceId), (instance) => instance?.version === 3, { what: 'back in waiting' });
    assert.equal((await store.timers.get(first.timerId))?.status, 'cancelled', 'leaving the state cancelled the timer that had fired');
    const [second] = await timersOf(instanceId);
    assert.ok(second && second.timerId !== first.timerId, 'the new entry set a timer of its own');

    // The stale event arrives now.
    await engine.enqueueEvent(fired);
    await waitFor(() => store.history.list(instanceId), (history) => history.some((entry) => entry.eventId === first.timerId), { what: 'stale timer event recorded' });
    const entry = (await store.history.list(instanceId)).find((candidate) => candidate.eventId === first.timerId)!;
    assert.equal(entry.changed, false, 'recorded for audit, without a transition');
    assert.equal(entry.fromState, 'waiting');
    assert.equal(entry.toState, 'waiting');
    assert.equal((await instanceOf(instanceId))?.stateValue, 'waiting', 'the second entry did not time out on the first entry\'s timer');
    assert.equal((await store.timers.get(second.timerId))?.status, 'pending', 'the new entry\'s timer still runs');
  });

  it('when a state is entered and left in one step (an eventless exit), then the timer it set is never stored and never fires into a later entry', async () => {
    const { engine, store } = harness.runtime;
    const { instanceId } = await engine.startInstance({ definitionId: 'passThrough', input: { timeoutMs: 300, stayMs: 60_000 } });
    await engine.dispatch({ instanceId, eventId: 'go', event: { type: 'go' } });
    await waitFor(() => instanceOf(instanceId).then((instance) => instance?.stateValue), (state) => state === 'beyond', { what: 'passed through' });
    assert.deepEqual(await timersOf(instanceId), [], 'no timer left by the pass');
    await engine.dispatch({ instanceId, eventId: 'back', event: { type: 'back' } });
    await waitFor(() => instanceOf(instanceId).then((instance) => instance?.stateValue), (state) => state === 'passing', { what: 'entered for good' });
    const [stay] = await timersOf(instanceId);
    assert.ok(stay && stay.dueAt.getTime() - Date.now() > 50_000, 'only the new entry\'s own timeout, a minute away');
    // Three times the pass's timeout: it would have fired by now.
    await new Promise((resolve) => setTimeout(resolve, 900));
    assert.equal(await instanceOf(instanceId).then((instance) => instance?.stateValue), 'passing');
    assert.deepEqual((await store.history.list(instanceId)).map((entry) => entry.eventType), ['xstate.init', 'go', 'back']);
  });

  it('when a transition raises the same event twice with a delay and no id, and one with an id that is then cancelled, then both uncancellable ones arrive and the cancelled one never does', async () => {
    const { engine, store } = harness.runtime;
    const { instanceId } = await engine.startInstance({ definitionId: 'raiser', input: { delayMs: 1_000 } });
    const timers = await timersOf(instanceId);
    assert.deepEqual(timers.map((timer) => timer.sendId).sort(), ['nudge', 'ping#0', 'ping#1']);
    await engine.dispatch({ instanceId, eventId: 'stop-nudge', event: { type: 'stopNudge' } });
    const context = async () => ((await instanceOf(instanceId))?.snapshot as { context: { pings: number; nudged: boolean } }).context;
    await waitFor(context, (value) => value.pings === 2, { what: 'both pings applied', timeoutMs: 20_000 });
    const nudge = timers.find((timer) => timer.sendId === 'nudge')!;
    assert.equal((await store.timers.get(nudge.timerId))?.status, 'cancelled');
    assert.equal((await context()).nudged, false);
    const types = (await store.history.list(instanceId)).map((entry) => entry.eventType);
    assert.deepEqual(types.filter((type) => type === 'ping'), ['ping', 'ping']);
    assert.ok(!types.includes('nudge'), `no nudge was applied: ${types.join(', ')}`);
    await engine.dispatch({ instanceId, eventId: 'finish', event: { type: 'finish' } });
    await waitFor(() => instanceOf(instanceId), (instance) => instance?.status === 'done', { what: 'finished' });
  });
});

describe('the reconciler and an outbox row it cannot relay', () => {
  let harness: Harness;
  before(async () => {
    // Everything pending counts as stale at once; passes run only when the test asks.
    harness = await startHarness({ definitions: testDefinitions, staleMs: 1, reconcileIntervalMs: 3_600_000 });
  });
  after(async () => {
    await harness?.close();
  });

  it('when the store holds an effect for a queue this version does not have, then the reconciler leaves that row and still relays the rest and fires due timers', async () => {
    const { engine, store, queues } = harness.runtime;
    // A timer whose delayed job Redis lost: only the reconciler can fire it once it is due.
    const { instanceId } = await engine.startInstance({ definitionId: 'timer', input: { timeoutMs: 300, nextMs: 60_000 } });
    const [timeout] = (await store.timers.listPending(new Date(Date.now() + 60_000), 1000)).filter((timer) => timer.instanceId === instanceId);
    assert.ok(timeout);
    await queues.timers.remove(toJobId(timeout.timerId));
    // An instance with two effects: one for a queue only a newer version has (an imported row), one for `effects`.
    const other = await engine.startInstance({ definitionId: 'ledger' });
    const row = (queue: string) => ({ effectId: `${other.instanceId}.2.${queue}`, instanceId: other.instanceId, queue, type: 'notify', payload: {} });
    const [stranger, good] = [row('retired-queue'), row('effects')];
    const result = await store.instances.commit({
      instanceId: other.instanceId,
      expectedVersion: 1,
      eventId: 'imported',
      event: { type: 'imported' },
      meta: { source: 'test' },
      snapshot: (await store.instances.get(other.instanceId))!.snapshot,
      status: 'active',
      fromState: 'open',
      toState: 'open',
      changed: false,
      outbox: [stranger, good],
      timers: [],
      cancelSendIds: [],
    });
    assert.equal(result.outcome, 'committed');
    await waitFor(async () => timeout.dueAt.getTime() - Date.now(), (left) => left < 0, { what: 'timer due' });

    const report = await harness.reconciler.runOnce();
    assert.equal(report.timersFired, 1, `the due timer was fired: ${JSON.stringify(report)}`);
    const pending = (await store.outbox.listPending(new Date(Date.now() + 60_000), 1000)).map((entry) => entry.effectId);
    // A recent row is left for a newer version to relay; failing it for operators after an hour is rolling-deploy.test.ts's.
    assert.ok(pending.includes(stranger.effectId), 'the row for the unknown queue is left pending');
    assert.ok(await queues.effects.getJob(toJobId(good.effectId)), 'the row beside it was relayed');
    await waitFor(() => store.instances.get(instanceId), (instance) => instance?.stateValue === 'timedOut', { what: 'timer applied' });
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
