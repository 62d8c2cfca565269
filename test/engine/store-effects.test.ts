import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { taskIdFor, type WorkflowDefinition } from '@vinh-danh/engine';
import { toJobId } from '@vinh-danh/queue';
import { definitions } from '@vinh-danh/workflows';
import { cancel, raise, setup } from 'xstate';
import { approvers, startApproval } from '../support/approval-runs.ts';
import { startHarness, type Harness } from '../support/harness.ts';
import { waitFor } from '../support/wait.ts';

const DAY_MS = 24 * 3600 * 1000;

/** A machine with bugs in its store effects: `open` names no assignee, `status` an unknown status. */
const brokenMachine = setup({
  types: {} as { events: { type: 'open' } | { type: 'status' } | { type: 'fine' } },
  actions: {
    createTask: (_: unknown, _params: Record<string, unknown>) => {},
    setNominationStatus: (_: unknown, _params: Record<string, unknown>) => {},
  },
}).createMachine({
  id: 'broken',
  initial: 'idle',
  states: {
    idle: {
      on: {
        open: { target: 'opened', actions: { type: 'createTask', params: { taskKey: 'k', step: 'review', dueInMs: 1000 } } },
        status: { actions: { type: 'setNominationStatus', params: { status: 'lost' } } },
        fine: { actions: { type: 'createTask', params: { taskKey: 'ok', step: 'review', assignee: 'a@b.vn', dueInMs: 1000 } } },
      },
    },
    opened: {},
  },
});

/** Its initial state already emits a malformed task. */
const brokenAtStart = setup({
  actions: { createTask: (_: unknown, _params: Record<string, unknown>) => {} },
}).createMachine({
  id: 'brokenAtStart',
  initial: 'idle',
  states: { idle: { entry: { type: 'createTask', params: { taskKey: '', step: 'review', assignee: 'a@b.vn', dueInMs: -1 } } } },
});

/**
 * Timers and delays a machine gets wrong: a delay that is not a number of milliseconds, a mail
 * due at infinity, and two raises sharing one id in one transition (legal in XState: both fire).
 */
const delayMachine = setup({
  types: {} as { events: { type: 'nanDelay' } | { type: 'endlessMail' } | { type: 'twice' } | { type: 'calm' } | { type: 'tick' } },
  actions: { sendMail: (_: unknown, _params: Record<string, unknown>) => {} },
}).createMachine({
  id: 'delays',
  initial: 'idle',
  states: {
    idle: {
      on: {
        nanDelay: { actions: raise({ type: 'tick' }, { delay: () => Number.NaN }) },
        endlessMail: { actions: { type: 'sendMail', params: { template: 'outcome', to: 'submitter', dueInMs: Number.POSITIVE_INFINITY } } },
        twice: { target: 'waiting', actions: [raise({ type: 'tick' }, { id: 'tick', delay: 60_000 }), raise({ type: 'tick' }, { id: 'tick', delay: 120_000 })] },
      },
    },
    waiting: { on: { calm: { target: 'idle', actions: cancel('tick') } } },
  },
});

const testDefinitions: WorkflowDefinition[] = [
  ...(definitions as unknown as WorkflowDefinition[]),
  { id: 'broken', version: 1, machine: brokenMachine },
  { id: 'delays', version: 1, machine: delayMachine },
  { id: 'broken-at-start', version: 1, machine: brokenAtStart },
];

const startNomination = (harness: Harness) => startApproval(harness.runtime.engine);

/** Applies a job as the workflow worker would, its event first recorded in the inbox as `dispatch` records it (without queueing it: no worker runs here). */
async function applyRecorded(harness: Harness, job: Parameters<Harness['runtime']['engine']['applyEvent']>[0]) {
  await harness.runtime.store.inbox.add(job);
  return harness.runtime.engine.applyEvent(job);
}

describe('store effects applied by the commit', () => {
  describe('with no worker running at all', () => {
    let harness: Harness;
    before(async () => {
      harness = await startHarness({ definitions: testDefinitions, workers: 0 });
    });
    after(async () => {
      await harness?.close();
    });

    it('when an instance starts and events apply, then its tasks and the nomination status are there as soon as each commit returns, with no effect job', async () => {
      const { store, queues } = harness.runtime;
      const startedAt = Date.now();
      const { instanceId, nominationId } = await startNomination(harness);

      // The start's commit opened the first task and set the status; nothing ran in between.
      const [first, ...others] = await store.tasks.listByInstance(instanceId);
      assert.equal(others.length, 0);
      assert.ok(first);
      assert.equal(first.taskId, taskIdFor(instanceId, 'unitLeaderReview-1'));
      assert.equal(first.status, 'open');
      assert.equal(first.assignee, approvers.unitLeader);
      assert.equal(first.step, 'unitLeaderReview');
      assert.equal(first.nominationId, nominationId);
      assert.equal(first.tokenHash, null, 'no link yet: each mail that carries one binds its own');
      assert.ok(first.dueAt && first.dueAt.getTime() >= startedAt + 4 * DAY_MS, 'deadline = commit time + dueInMs');
      assert.deepEqual(first.tokenExpiresAt, first.dueAt, 'the link expires with the deadline');
      assert.equal((await store.nominations.get(nominationId))?.status, 'in_review');

      // Only the mail became an outbox row; no job on the effects queue.
      const pending = (await store.outbox.listPending(new Date(Date.now() + 60_000), 100_000)).filter((row) => row.instanceId === instanceId);
      assert.deepEqual(pending.map((row) => row.type), ['sendMail']);
      assert.equal(await queues.effects.count(), 0);

      const beforeApply = Date.now();
      const applied = await applyRecorded(harness, { instanceId, eventId: 'a1', event: { type: 'approve', by: approvers.unitLeader }, meta: {} });
      assert.equal(applied.outcome, 'applied');
      const afterApply = Date.now();
      assert.ok(applied.committedAt >= beforeApply && applied.committedAt <= afterApply, `committedAt ${applied.committedAt} within the call`);
      const afterFirst = await store.tasks.listByInstance(instanceId);
      assert.deepEqual(
        afterFirst.map((task) => [task.step, task.status, task.outcome]),
        [['unitLeaderReview', 'done', 'approve'], ['officerReview', 'open', null]],
      );
      assert.ok(afterFirst[0]?.completedAt instanceof Date);

      await applyRecorded(harness, { instanceId, eventId: 'a2', event: { type: 'approve', by: approvers.officer }, meta: {} });
      assert.equal((await store.nominations.get(nominationId))?.status, 'approved');
      assert.ok((await store.tasks.listByInstance(instanceId)).every((task) => task.status === 'done'));
      const types = (await store.outbox.listPending(new Date(Date.now() + 60_000), 100_000))
        .filter((row) => row.instanceId === instanceId)
        .map((row) => row.type);
      assert.deepEqual(types, ['sendMail', 'sendMail', 'sendMail'], 'task, task and outcome mails; nothing else');
      assert.equal(await queues.effects.count(), 0, 'no effect job was queued');
    });

    it('when the same event is applied again, then no task is opened or closed twice', async () => {
      const { store } = harness.runtime;
      const { instanceId } = await startNomination(harness);
      const job = { instanceId, eventId: 'a1', event: { type: 'approve', by: approvers.unitLeader }, meta: {} };
      await applyRecorded(harness, job);
      const before = await store.tasks.listByInstance(instanceId);
      assert.deepEqual(await applyRecorded(harness, job), { outcome: 'duplicate' });
      assert.deepEqual(await store.tasks.listByInstance(instanceId), before);
    });

    it('when a machine emits a malformed store effect, then the event fails for good naming the field, and nothing is committed', async () => {
      const { engine, store } = harness.runtime;
      const { instanceId } = await engine.startInstance({ definitionId: 'broken', nominationId: null });
      await assert.rejects(applyRecorded(harness, { instanceId, eventId: 'e1', event: { type: 'open' }, meta: {} }), (error: Error & { permanent?: boolean }) => {
        assert.equal(error.name, 'InvalidEffectError');
        assert.equal(error.permanent, true);
        assert.match(error.message, /invalid createTask effect payload: assignee/);
        return true;
      });
      await assert.rejects(applyRecorded(harness, { instanceId, eventId: 'e2', event: { type: 'status' }, meta: {} }), /invalid setNominationStatus effect payload: status/);
      const instance = await store.instances.get(instanceId);
      assert.equal(instance?.version, 1);
      assert.equal(instance?.stateValue, 'idle');
      assert.equal((await store.history.list(instanceId)).length, 1);
      assert.deepEqual(await store.tasks.listByInstance(instanceId), []);
      // A well-formed one still applies.
      await applyRecorded(harness, { instanceId, eventId: 'e3', event: { type: 'fine' }, meta: {} });
      assert.deepEqual((await store.tasks.listByInstance(instanceId)).map((task) => task.taskId), [taskIdFor(instanceId, 'ok')]);
    });

    it('when a delay is not a number of milliseconds a date can hold, then the event fails for good naming it, and nothing is committed', async () => {
      const { engine, store } = harness.runtime;
      const { instanceId } = await engine.startInstance({ definitionId: 'delays', nominationId: null });
      for (const [type, reason] of [['nanDelay', /invalid xstate\.raise effect payload: delay of tick: NaN/], ['endlessMail', /invalid sendMail effect payload: dueInMs: Infinity/]] as const) {
        await assert.rejects(applyRecorded(harness, { instanceId, eventId: type, event: { type }, meta: {} }), (error: Error & { permanent?: boolean }) => {
          assert.equal(error.name, 'InvalidEffectError');
          assert.equal(error.permanent, true, 'not retried for days');
          assert.match(error.message, reason);
          return true;
        });
      }
      assert.equal((await store.instances.get(instanceId))?.version, 1);
      assert.equal((await store.history.list(instanceId)).length, 1);
    });

    it('when one transition raises two delayed events with one id, then both timers are kept and a cancel of the id drops both', async () => {
      const { engine, store } = harness.runtime;
      const { instanceId } = await engine.startInstance({ definitionId: 'delays', nominationId: null });
      assert.equal((await applyRecorded(harness, { instanceId, eventId: 't1', event: { type: 'twice' }, meta: {} })).outcome, 'applied');
      const mine = async () => (await store.timers.listPending(new Date(Date.now() + 3_600_000), 100_000)).filter((timer) => timer.instanceId === instanceId);
      const timers = await mine();
      assert.deepEqual(timers.map((timer) => timer.sendId), ['tick', 'tick']);
      assert.equal(new Set(timers.map((timer) => timer.timerId)).size, 2);
      assert.equal(timers[1]!.dueAt.getTime() - timers[0]!.dueAt.getTime(), 60_000);
      await applyRecorded(harness, { instanceId, eventId: 't2', event: { type: 'calm' }, meta: {} });
      assert.deepEqual(await mine(), [], 'the cancel of "tick" dropped both');
    });

    it('when a machine emits a malformed store effect on start, then starting fails with the reason and stores nothing', async () => {
      const { engine, store } = harness.runtime;
      const instanceId = randomUUID();
      await assert.rejects(engine.startInstance({ definitionId: 'broken-at-start', instanceId }), (error: Error) => {
        assert.equal(error.name, 'InvalidEffectError');
        assert.match(error.message, /taskKey/);
        assert.match(error.message, /dueInMs/);
        return true;
      });
      assert.equal(await store.instances.get(instanceId), null);
    });
  });

  describe('with workers', () => {
    let harness: Harness;
    before(async () => {
      harness = await startHarness({ definitions: testDefinitions });
    });
    after(async () => {
      await harness?.close();
    });

    it('when a dispatched event has a malformed store effect, then its job fails for good with the reason and the instance stays', async () => {
      const { engine, store, queues } = harness.runtime;
      const { instanceId } = await engine.startInstance({ definitionId: 'broken' });
      await engine.dispatch({ instanceId, eventId: 'e1', event: { type: 'open' } });
      const job = await waitFor(() => queues.workflow.getJob(toJobId(`${instanceId}.e1`)), (j) => Boolean(j?.failedReason), { what: 'job failed' });
      assert.match(job!.failedReason, /InvalidEffectError: .*invalid createTask effect payload: assignee/);
      assert.equal(job!.attemptsMade, 1, 'not retried');
      assert.equal((await store.instances.get(instanceId))?.version, 1);
      const pending = await store.inbox.listPending(new Date(Date.now() + 60_000), 100_000);
      assert.equal(pending.some((event) => event.instanceId === instanceId), false, 'the inbox row is marked failed, not left pending');
    });

    it('when an older version left store effects in the outbox, then the default handlers still carry them out', async () => {
      const { engine, store } = harness.runtime;
      const nominationId = randomUUID();
      await store.nominations.create({
        nominationId,
        trackingCode: `VD-${nominationId.slice(0, 8)}`,
        unitId: 'u',
        awardTypeId: 'bang-khen-tinh',
        period: '2025',
        nominee: {},
        details: {},
      });
      const instanceId = randomUUID();
      const dueAt = new Date(Date.now() + DAY_MS).toISOString();
      const rows = [
        { type: 'createTask', payload: { taskKey: 'old-1', step: 'review', assignee: 'a@b.vn', dueInMs: DAY_MS, dueAt, nominationId } },
        { type: 'setNominationStatus', payload: { status: 'in_review', nominationId } },
      ].map((row, index) => ({ ...row, effectId: `${instanceId}.1.${index}`, instanceId, queue: 'effects' }));
      await store.instances.create({
        instanceId,
        definitionId: 'broken',
        definitionVersion: 1,
        snapshot: brokenMachine.getPersistedSnapshot(brokenMachine.resolveState({ value: 'idle', context: {} } as never)),
        status: 'active',
        stateValue: 'idle',
        nominationId,
        startEvent: { eventId: 'start', event: { type: 'xstate.init' }, meta: {} },
        outbox: rows,
        timers: [],
      });
      await engine.relay(rows, []);
      const task = await waitFor(() => store.tasks.get(taskIdFor(instanceId, 'old-1')), Boolean, { what: 'task from the old row' });
      assert.deepEqual(task?.tokenExpiresAt, task?.dueAt, 'its links expire with its deadline');
      await waitFor(async () => (await store.nominations.get(nominationId))?.status, (status) => status === 'in_review', { what: 'status from the old row' });
      await waitFor(() => store.outbox.get(rows[0]!.effectId), (row) => row?.done === true, { what: 'old row done' });
    });
  });
});
