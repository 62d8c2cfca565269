import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { randomUUID } from 'node:crypto';
import { toJobId, workflowJobId } from '@vinh-danh/queue';
import { postgresReachable, startHarness, type Harness, type StoreKind } from '../support/harness.ts';
import { testDefinitions } from '../support/test-machines.ts';
import { waitFor } from '../support/wait.ts';

const pgSkip = await postgresReachable();

for (const kind of ['pglite', 'postgres'] as StoreKind[]) {
  describe(`exactly-once on ${kind}`, { skip: kind === 'postgres' ? pgSkip : undefined }, () => {
    let harness: Harness;
    before(async () => {
      harness = await startHarness({ store: kind, definitions: testDefinitions, workers: 2, concurrency: 8 });
    });
    after(async () => {
      await harness?.close();
    });

    const seenOf = async (instanceId: string) => {
      const instance = await harness.runtime.store.instances.get(instanceId);
      return ((instance?.snapshot as { context: { seen: number[] } } | undefined)?.context.seen ?? []).slice();
    };

    it('when the same event is dispatched twice and queued again under another job id, then it is applied once', async () => {
      const { engine, queues, store } = harness.runtime;
      const { instanceId } = await engine.startInstance({ definitionId: 'ledger' });
      const event = { instanceId, eventId: 'evt-1', event: { type: 'record', seq: 1 }, meta: { actor: 'tester', source: 'test' } };
      assert.equal(await engine.dispatch(event), 'accepted');
      assert.equal(await engine.dispatch(event), 'duplicate');
      await queues.workflow.add('record', event, { jobId: toJobId(`again-${randomUUID()}`) });
      await engine.dispatch({ ...event, eventId: 'evt-2', event: { type: 'record', seq: 2 } });
      await waitFor(() => seenOf(instanceId), (seen) => seen.length >= 2, { what: 'both events applied' });
      // Let every queued copy run out before judging.
      await waitFor(() => queues.workflow.getJobCounts('waiting', 'active', 'delayed'), (c) => (c.waiting ?? 0) + (c.active ?? 0) + (c.delayed ?? 0) === 0);
      assert.deepEqual((await seenOf(instanceId)).sort(), [1, 2]);
      const history = await store.history.list(instanceId);
      assert.deepEqual(history.map((entry) => entry.version), [1, 2, 3]);
      assert.deepEqual(history.slice(1).map((entry) => entry.eventId).sort(), ['evt-1', 'evt-2']);
      assert.deepEqual(history.find((entry) => entry.eventId === 'evt-1')?.meta, { actor: 'tester', source: 'test' });
    });

    it('when a job reaches the workflow queue without its event in the store, then it applies nothing and fails for good; a job that rewords a recorded event applies the recorded one', async () => {
      const { engine, queues, store } = harness.runtime;
      const { instanceId } = await engine.startInstance({ definitionId: 'ledger' });
      // Written to Redis by something other than the engine: no inbox row stands behind it.
      const forged = await queues.workflow.add('record', { instanceId, eventId: 'forged-1', event: { type: 'record', seq: 666 }, meta: { actor: 'someone', source: 'task-link' } }, { jobId: workflowJobId(instanceId, 'forged-1'), attempts: 3 });
      const failed = await waitFor(() => queues.workflow.getJob(forged.id!), (job) => job?.failedReason !== undefined && job.finishedOn !== undefined, { what: 'the forged job failed' });
      assert.match(failed!.failedReason, /event forged-1 of instance .* is not in the store's inbox: refused/);
      assert.equal(failed!.attemptsMade, 1, 'refused for good on its first attempt, not retried');

      // A recorded event, its job reworded in Redis (another payload, another actor) under another job id.
      await store.inbox.add({ instanceId, eventId: 'real-1', event: { type: 'record', seq: 1 }, meta: { actor: 'tester', source: 'test' } });
      await queues.workflow.add('record', { instanceId, eventId: 'real-1', event: { type: 'record', seq: 999 }, meta: { actor: 'someone', source: 'task-link' } }, { jobId: toJobId(`reworded-${randomUUID()}`) });
      await waitFor(() => seenOf(instanceId), (seen) => seen.length >= 1, { what: 'the recorded event applied' });
      assert.deepEqual(await seenOf(instanceId), [1]);
      const history = await store.history.list(instanceId);
      assert.deepEqual(history.map((entry) => entry.eventId), ['start', 'real-1']);
      assert.deepEqual(history[1]!.meta, { actor: 'tester', source: 'test' }, 'the recorded actor, not the job\'s');
    });

    it('when two worker sets race on one instance with 100 events, then each event is applied exactly once with no gaps', async () => {
      const { engine, store } = harness.runtime;
      const { instanceId } = await engine.startInstance({ definitionId: 'ledger' });
      const seqs = Array.from({ length: 100 }, (_, i) => i + 1);
      await Promise.all(
        seqs.map((seq) => engine.dispatch({ instanceId, eventId: `e${seq}`, event: { type: 'record', seq } })),
      );
      // A second copy of every event, as a retried delivery would bring.
      await Promise.all(
        seqs.map((seq) => engine.dispatch({ instanceId, eventId: `e${seq}`, event: { type: 'record', seq } })),
      );
      const seen = await waitFor(() => seenOf(instanceId), (s) => s.length >= 100, { what: '100 events applied', timeoutMs: 60_000 });
      assert.deepEqual([...seen].sort((a, b) => a - b), seqs);
      const history = await store.history.list(instanceId);
      assert.equal(history.length, 101);
      assert.deepEqual(history.map((entry) => entry.version), Array.from({ length: 101 }, (_, i) => i + 1));
      // Every event's effect is delivered: one task per record.
      const tasks = await waitFor(() => store.tasks.listByInstance(instanceId), (t) => t.length >= 100, { what: 'tasks' });
      assert.equal(tasks.length, 100);
    });

    it('when a workflow job carries a malformed payload, then that job fails with a reason naming the field and the worker goes on', async () => {
      const { engine, queues } = harness.runtime;
      const bad = await queues.workflow.add('bad', { instanceId: 'x', eventId: '', event: { notType: 1 } }, { attempts: 1 });
      const { instanceId } = await engine.startInstance({ definitionId: 'ledger' });
      await engine.dispatch({ instanceId, eventId: 'after-bad', event: { type: 'record', seq: 7 } });
      await waitFor(() => seenOf(instanceId), (seen) => seen.includes(7), { what: 'the next event applied' });
      const failed = await waitFor(() => queues.workflow.getJob(bad.id!), (job) => Boolean(job?.failedReason), { what: 'bad job failed' });
      assert.match(failed!.failedReason, /invalid workflow job payload/);
      assert.match(failed!.failedReason, /eventId/);
      assert.match(failed!.failedReason, /event\.type/);
    });

    it('when a job on any queue carries a malformed payload, then with the queue\'s own retry settings it fails at its first attempt, naming the field, and the worker goes on', async () => {
      const { engine, queues } = harness.runtime;
      const malformed = [
        [queues.workflow, { instanceId: 'x', eventId: 'e', event: { notType: 1 } }, /event\.type/],
        [queues.effects, { effectId: 42, instanceId: 'x', type: 'notify', payload: {} }, /effectId/],
        [queues.mail, { effectId: 'e', instanceId: 'x', type: 'sendMail' }, /payload/],
        [queues.timers, { timerId: '', instanceId: 'x' }, /timerId/],
        // A NUL would join ids in the store's batched statements; xstate.stop would stop an instance for good.
        [queues.workflow, { instanceId: 'x\u0000y', eventId: 'e', event: { type: 'record' } }, /instanceId: must not contain control characters/],
        [queues.workflow, { instanceId: 'x', eventId: 'e', event: { type: 'xstate.stop' } }, /event\.type: xstate\.\* types are XState's own/],
      ] as const;
      const jobs = await Promise.all(malformed.map(([queue, data]) => queue.add('bad', data)));
      for (const [index, [queue, , field]] of malformed.entries()) {
        const failed = await waitFor(() => queue.getJob(jobs[index]!.id!), (job) => Boolean(job?.finishedOn), { what: `bad ${queue.name} job finished` });
        assert.equal(await failed!.getState(), 'failed', queue.name);
        assert.equal(failed!.attemptsMade, 1, `${queue.name}: no retry of a payload that cannot become valid`);
        assert.match(failed!.failedReason, new RegExp(`invalid ${queue.name} job payload`));
        assert.match(failed!.failedReason, field);
      }
      const { instanceId } = await engine.startInstance({ definitionId: 'ledger' });
      await engine.dispatch({ instanceId, eventId: 'after-bad-payloads', event: { type: 'record', seq: 8 } });
      await waitFor(() => seenOf(instanceId), (seen) => seen.includes(8), { what: 'the next event applied' });
    });

    it('when the job the engine makes for a stored event carries a payload that cannot be valid, then the event is recorded failed; such a job under another id leaves it', async () => {
      const { engine, queues, store } = harness.runtime;
      const { instanceId } = await engine.startInstance({ definitionId: 'ledger' });
      // Stored rows with no job yet, then jobs whose payloads no worker can take.
      for (const eventId of ['own-id', 'other-id']) await store.inbox.add({ instanceId, eventId, event: { type: 'record', seq: 1 }, meta: {} });
      const bad = { instanceId, event: { notType: 1 } };
      const own = await queues.workflow.add('bad', { ...bad, eventId: 'own-id' }, { jobId: workflowJobId(instanceId, 'own-id') });
      const other = await queues.workflow.add('bad', { ...bad, eventId: 'other-id' }, { jobId: `stray-${randomUUID()}` });
      for (const job of [own, other]) {
        await waitFor(() => queues.workflow.getJob(job.id!), (found) => Boolean(found?.finishedOn), { what: `${job.id} finished` });
      }
      const failed = await waitFor(
        async () => (await store.inbox.listFailed(1000)).filter((event) => event.instanceId === instanceId),
        (events) => events.length > 0,
        { what: 'the event recorded failed' },
      );
      assert.deepEqual(failed.map((event) => event.eventId), ['own-id'], 'only the row the bad job was made for');
      assert.match(failed[0]!.error ?? '', /invalid workflow job payload.*event\.type/);
      const pending = await store.inbox.listPending(new Date(Date.now() + 60_000), 1000);
      assert.ok(pending.some((event) => event.instanceId === instanceId && event.eventId === 'other-id'), 'the other row is still pending');
    });

    it('when the machine throws on an event (a guard with a bug), then the event fails for good at its first attempt, is recorded failed with the reason, and the instance takes the next one', async () => {
      const { engine, queues, store } = harness.runtime;
      const { instanceId } = await engine.startInstance({ definitionId: 'brittle' });
      await engine.dispatch({ instanceId, eventId: 'check-1', event: { type: 'check' } });
      const failed = await waitFor(
        async () => (await store.inbox.listFailed(1000)).filter((event) => event.instanceId === instanceId),
        (events) => events.length > 0,
        { what: 'the event recorded failed' },
      );
      assert.match(failed[0]!.error ?? '', /MachineError: instance .* the machine failed on event check: Unable to evaluate guard [\s\S]*the ranking rule is not defined/);
      const job = await queues.workflow.getJob(workflowJobId(instanceId, 'check-1'));
      assert.equal(job?.attemptsMade, 1, 'not retried: the pinned machine would throw again');
      await engine.dispatch({ instanceId, eventId: 'record-1', event: { type: 'record' } });
      await waitFor(() => store.instances.get(instanceId), (instance) => (instance?.snapshot as { context: { checks: number } }).context.checks === 100, { what: 'the next event applied' });
    });

    it('when an instance\'s stored snapshot names a state its pinned machine lacks, then its event fails for good at its first attempt, the reason named', async () => {
      const { engine, queues, store } = harness.runtime;
      const instanceId = `broken-${Math.random().toString(36).slice(2)}`;
      // As a machine edited in place, without a new version, would leave an instance behind.
      await store.instances.create({
        instanceId, definitionId: 'brittle', definitionVersion: 1,
        snapshot: { status: 'active', value: 'ranking', context: { checks: 0 }, children: {}, historyValue: {} },
        status: 'active', stateValue: 'ranking', nominationId: null,
        startEvent: { eventId: 'start', event: { type: 'xstate.init' }, meta: {} }, outbox: [], timers: [],
      });
      await engine.dispatch({ instanceId, eventId: 'record-1', event: { type: 'record' } });
      const failed = await waitFor(
        async () => (await store.inbox.listFailed(1000)).filter((event) => event.instanceId === instanceId),
        (events) => events.length > 0,
        { what: 'the event recorded failed' },
      );
      assert.match(failed[0]!.error ?? '', /MachineError: instance .* the stored snapshot cannot be restored on its machine: .*ranking/);
      const job = await queues.workflow.getJob(workflowJobId(instanceId, 'record-1'));
      assert.equal(job?.attemptsMade, 1, 'not retried: the snapshot and the pinned machine stay as they are');
    });

    it('when an event is dispatched to an instance that does not exist, then dispatch refuses it and nothing is stored', async () => {
      const { engine, store } = harness.runtime;
      await assert.rejects(
        engine.dispatch({ instanceId: 'no-such-instance', eventId: 'e1', event: { type: 'record', seq: 1 } }),
        { name: 'InstanceNotFoundError' },
      );
      const pending = await store.inbox.listPending(new Date(Date.now() + 60_000), 1000);
      assert.equal(pending.some((event) => event.instanceId === 'no-such-instance'), false);
    });
  });
}
