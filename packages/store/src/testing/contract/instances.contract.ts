import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, it } from 'node:test';
import type { NewTask, OutboxRow, PendingOutboxRow, Store, TaskRecord } from '../../store.port.ts';
import { apiMeta, newInstance, newNomination, newTask, outboxRow, timerRow, transition } from '../store-fixtures.ts';

const everything = new Date(Date.now() + 365 * 24 * 3_600_000);
const allRows = 100_000;

function assertPendingEffect(stored: (PendingOutboxRow & { done: boolean }) | null, row: OutboxRow): void {
  assert.ok(stored, `outbox row ${row.effectId} is stored`);
  const { createdAt, ...fields } = stored;
  assert.ok(createdAt instanceof Date);
  assert.deepEqual(fields, { ...row, done: false, failed: false });
}

/** A stored task's fields as `tasks.create` was given them, the rest left out. */
function asNewTask(task: TaskRecord | null): NewTask | null {
  if (!task) return null;
  const { taskId, instanceId, nominationId, step, assignee, dueAt, tokenHash, tokenExpiresAt } = task;
  return { taskId, instanceId, nominationId, step, assignee, dueAt, tokenHash, tokenExpiresAt };
}

/** instances.create / get / loadForEvent / countByStatus and history.list. */
export function instancesContract(store: () => Store): void {
  describe('instances.create, get, loadForEvent', () => {
    it('when an instance is created, then get returns it at version 1 with every field', async () => {
      const instance = newInstance({ nominationId: randomUUID() });
      assert.equal(await store().instances.create(instance), 'created');
      const stored = await store().instances.get(instance.instanceId);
      assert.ok(stored);
      assert.equal(stored.instanceId, instance.instanceId);
      assert.equal(stored.definitionId, instance.definitionId);
      assert.equal(stored.definitionVersion, instance.definitionVersion);
      assert.deepEqual(stored.snapshot, instance.snapshot);
      assert.equal(stored.version, 1);
      assert.equal(stored.status, 'active');
      assert.equal(stored.stateValue, instance.stateValue);
      assert.equal(stored.nominationId, instance.nominationId);
      assert.ok(stored.createdAt instanceof Date && !Number.isNaN(stored.createdAt.getTime()));
      assert.ok(stored.updatedAt instanceof Date);
    });

    it('when an instance is created, then its history holds the start event as version 1', async () => {
      const instance = newInstance();
      await store().instances.create(instance);
      const history = await store().history.list(instance.instanceId);
      assert.equal(history.length, 1);
      const [entry] = history;
      assert.ok(entry);
      assert.equal(entry.instanceId, instance.instanceId);
      assert.equal(entry.version, 1);
      assert.equal(entry.eventId, instance.startEvent.eventId);
      assert.equal(entry.eventType, 'SUBMIT');
      assert.deepEqual(entry.event, instance.startEvent.event);
      assert.deepEqual(entry.meta, apiMeta);
      assert.equal(entry.fromState, null);
      assert.equal(entry.toState, instance.stateValue);
      assert.equal(entry.changed, true);
      assert.ok(entry.at instanceof Date);
    });

    it('when an instance is created with effects and timers, then they are stored pending', async () => {
      const instance = newInstance();
      const mail = outboxRow(instance.instanceId);
      const deadline = timerRow(instance.instanceId, 'deadline');
      await store().instances.create({ ...instance, outbox: [mail], timers: [deadline] });

      assertPendingEffect(await store().outbox.get(mail.effectId), mail);
      assert.deepEqual(await store().timers.get(deadline.timerId), { ...deadline, status: 'pending' });
    });

    it('when an instance is created with a nomination, then both are stored and linked', async () => {
      const nomination = newNomination();
      const instance = newInstance({ nominationId: nomination.nominationId, nomination });
      assert.equal(await store().instances.create(instance), 'created');
      const stored = await store().nominations.get(nomination.nominationId);
      assert.equal(stored?.instanceId, instance.instanceId);
      assert.equal((await store().instances.get(instance.instanceId))?.nominationId, nomination.nominationId);
    });

    it('when the nomination of a new instance cannot be stored, then neither is written', async () => {
      const first = newNomination();
      await store().nominations.create(first);
      // Same tracking code: the nomination insert fails inside the instance's transaction.
      const clash = newNomination({ trackingCode: first.trackingCode });
      const instance = newInstance({ nomination: clash });
      await assert.rejects(store().instances.create(instance));
      assert.equal(await store().instances.get(instance.instanceId), null);
      assert.equal(await store().nominations.get(clash.nominationId), null);
      assert.deepEqual(await store().history.list(instance.instanceId), []);
    });

    it('when an instance id is created twice, then the second is "exists" and writes nothing', async () => {
      const instance = newInstance();
      await store().instances.create(instance);
      const again = newInstance({
        instanceId: instance.instanceId,
        stateValue: 'other',
        outbox: [outboxRow(instance.instanceId)],
        timers: [timerRow(instance.instanceId, 'deadline')],
      });
      assert.equal(await store().instances.create(again), 'exists');
      assert.equal((await store().instances.get(instance.instanceId))?.stateValue, instance.stateValue);
      assert.equal((await store().history.list(instance.instanceId)).length, 1);
      assert.equal(await store().outbox.get(again.outbox[0]!.effectId), null);
      assert.equal(await store().timers.get(again.timers[0]!.timerId), null);
    });

    it('when an unknown instance is asked for, then get, loadForEvent and history find nothing', async () => {
      const instanceId = randomUUID();
      assert.equal(await store().instances.get(instanceId), null);
      assert.equal(await store().instances.loadForEvent(instanceId, randomUUID()), null);
      assert.deepEqual(await store().history.list(instanceId), []);
    });

    it('when loadForEvent is asked about an event, then applied says whether it is in the history', async () => {
      const instance = newInstance();
      await store().instances.create(instance);
      const start = await store().instances.loadForEvent(instance.instanceId, instance.startEvent.eventId);
      assert.equal(start?.applied, true);
      assert.equal(start?.instance.version, 1);

      const next = transition({ instanceId: instance.instanceId, version: 1 });
      const before = await store().instances.loadForEvent(instance.instanceId, next.eventId);
      assert.equal(before?.applied, false);
      await store().instances.commit(next);
      const after = await store().instances.loadForEvent(instance.instanceId, next.eventId);
      assert.equal(after?.applied, true);
      assert.equal(after?.instance.version, 2);
      assert.equal(after?.instance.stateValue, next.toState);
    });
    it('when loadForEvent is asked about an event, then recorded is the inbox copy of it, or null when the inbox never took it', async () => {
      const instance = newInstance();
      await store().instances.create(instance);
      const unrecorded = await store().instances.loadForEvent(instance.instanceId, 'never-added');
      assert.equal(unrecorded?.recorded, null);
      const added = { instanceId: instance.instanceId, eventId: 'added-1', event: { type: 'approve', by: 'a@b.example', note: 'Đồng ý' }, meta: { actor: 'a@b.example', source: 'task-link', via: 'req-1' } };
      assert.equal(await store().inbox.add(added), 'added');
      // Another event of the same instance in the same batch of reads is told apart.
      await store().inbox.add({ ...added, eventId: 'added-2', event: { type: 'reject', by: 'c@d.example' } });
      const [first, second] = await Promise.all([
        store().instances.loadForEvent(instance.instanceId, 'added-1'),
        store().instances.loadForEvent(instance.instanceId, 'added-2'),
      ]);
      assert.deepEqual(first?.recorded, { event: added.event, meta: added.meta });
      assert.deepEqual(second?.recorded?.event, { type: 'reject', by: 'c@d.example' });
      assert.equal(first?.applied, false);
      assert.deepEqual([first?.failed, unrecorded?.failed], [false, false]);
    });

    it('when an inbox event is given up on, then loadForEvent says it failed, until it is put back', async () => {
      const instance = newInstance();
      await store().instances.create(instance);
      const added = { instanceId: instance.instanceId, eventId: 'to-fail', event: { type: 'approve' }, meta: {} };
      await store().inbox.add(added);
      await store().inbox.add({ ...added, eventId: 'stays-pending' });
      await store().inbox.markFailed(instance.instanceId, 'to-fail', 'ConcurrencyConflictError: gave up');
      const [failed, pending] = await Promise.all([
        store().instances.loadForEvent(instance.instanceId, 'to-fail'),
        store().instances.loadForEvent(instance.instanceId, 'stays-pending'),
      ]);
      assert.deepEqual([failed?.failed, failed?.recorded?.event], [true, { type: 'approve' }]);
      assert.equal(pending?.failed, false, 'another event of the instance, read in the same batch, is not');
      assert.equal(await store().inbox.retryFailed({ instanceIds: [instance.instanceId] }), 1);
      assert.equal((await store().instances.loadForEvent(instance.instanceId, 'to-fail'))?.failed, false);
    });
  });

  describe('instances.countByStatus', () => {
    it('when instances are created and change status, then the counts follow', async () => {
      const before = await store().instances.countByStatus();
      assert.deepEqual(Object.keys(before).sort(), ['active', 'done', 'error', 'stopped']);

      const stopping = newInstance();
      await store().instances.create(stopping);
      await store().instances.create(newInstance());
      await store().instances.create(newInstance({ status: 'done', stateValue: 'approved' }));
      await store().instances.commit(transition({ instanceId: stopping.instanceId, version: 1 }, { status: 'stopped' }));

      const after = await store().instances.countByStatus();
      assert.deepEqual(after, {
        active: before.active + 1,
        done: before.done + 1,
        error: before.error,
        stopped: before.stopped + 1,
      });
    });
  });

  describe('instances.commit', () => {
    it('when a transition commits at the current version, then version+1 and the new snapshot, status and state are stored', async () => {
      const instance = newInstance();
      await store().instances.create(instance);
      const next = transition({ instanceId: instance.instanceId, version: 1 }, { status: 'done', toState: 'approved' });
      const result = await store().instances.commit(next);
      assert.deepEqual(result, { outcome: 'committed', version: 2, cancelledTimers: [] });
      const stored = await store().instances.get(instance.instanceId);
      assert.equal(stored?.version, 2);
      assert.deepEqual(stored?.snapshot, next.snapshot);
      assert.equal(stored?.status, 'done');
      assert.equal(stored?.stateValue, 'approved');
      assert.equal(stored?.definitionVersion, instance.definitionVersion, 'the instance stays pinned to its machine version');
    });

    it('when transitions commit, then history appends each with its event, meta and changed flag', async () => {
      const instance = newInstance();
      await store().instances.create(instance);
      const approve = transition({ instanceId: instance.instanceId, version: 1 });
      await store().instances.commit(approve);
      const lateClick = transition(
        { instanceId: instance.instanceId, version: 2, stateValue: approve.toState },
        { event: { type: 'REJECT' }, meta: { actor: 'pho-phong@so-noi-vu.gov.vn', source: 'task-link' }, changed: false },
      );
      lateClick.toState = lateClick.fromState;
      assert.equal((await store().instances.commit(lateClick)).outcome, 'committed');

      const history = await store().history.list(instance.instanceId);
      assert.deepEqual(history.map((entry) => entry.version), [1, 2, 3]);
      const [, second, third] = history;
      assert.equal(second?.eventId, approve.eventId);
      assert.equal(second?.eventType, 'APPROVE');
      assert.deepEqual(second?.event, approve.event);
      assert.deepEqual(second?.meta, approve.meta);
      assert.equal(second?.fromState, 'unitReview');
      assert.equal(second?.toState, 'councilReview');
      assert.equal(second?.changed, true);
      assert.equal(third?.eventId, lateClick.eventId);
      assert.equal(third?.eventType, 'REJECT');
      assert.deepEqual(third?.meta, lateClick.meta);
      assert.equal(third?.fromState, 'councilReview');
      assert.equal(third?.toState, 'councilReview');
      assert.equal(third?.changed, false);
    });

    it('when an event waiting in the inbox is committed, then it is marked applied and no longer pending', async () => {
      const instance = newInstance();
      await store().instances.create(instance);
      const next = transition({ instanceId: instance.instanceId, version: 1 });
      await store().inbox.add({ instanceId: instance.instanceId, eventId: next.eventId, event: next.event, meta: next.meta });
      const pendingIds = async () =>
        (await store().inbox.listPending(everything, allRows))
          .filter((event) => event.instanceId === instance.instanceId)
          .map((event) => event.eventId);
      assert.deepEqual(await pendingIds(), [next.eventId]);
      await store().instances.commit(next);
      assert.deepEqual(await pendingIds(), []);
    });

    it('when a transition commits with effects and timers, then they are stored pending', async () => {
      const instance = newInstance();
      await store().instances.create(instance);
      const task = outboxRow(instance.instanceId, { queue: 'effects', type: 'createTask', payload: { taskKey: 'council' } });
      const mail = outboxRow(instance.instanceId);
      const reminder = timerRow(instance.instanceId, 'reminder');
      const deadline = timerRow(instance.instanceId, 'deadline', 48 * 3_600_000);
      await store().instances.commit(
        transition({ instanceId: instance.instanceId, version: 1 }, { outbox: [task, mail], timers: [reminder, deadline] }),
      );
      for (const row of [task, mail]) assertPendingEffect(await store().outbox.get(row.effectId), row);
      for (const timer of [reminder, deadline]) {
        assert.deepEqual(await store().timers.get(timer.timerId), { ...timer, status: 'pending' });
      }
    });

    it('when a commit cancels a send id, then only that instance\'s timers with it not yet acted on are cancelled and returned', async () => {
      const instance = newInstance();
      const reminder = timerRow(instance.instanceId, 'reminder');
      const firedReminder = timerRow(instance.instanceId, 'reminder', -3_600_000);
      const appliedReminder = timerRow(instance.instanceId, 'reminder', -7_200_000);
      const failedReminder = timerRow(instance.instanceId, 'reminder', -5_400_000);
      const deadline = timerRow(instance.instanceId, 'deadline');
      await store().instances.create({ ...instance, timers: [reminder, firedReminder, appliedReminder, failedReminder, deadline] });
      // One fired reminder's event was applied (version 2); the other's still waits in the inbox.
      assert.ok(await store().timers.fire(appliedReminder.timerId, { source: 'timer', via: appliedReminder.timerId }));
      assert.equal(
        (await store().instances.commit(transition({ instanceId: instance.instanceId, version: 1 }, { eventId: appliedReminder.timerId }))).outcome,
        'committed',
      );
      assert.ok(await store().timers.fire(firedReminder.timerId, { source: 'timer', via: firedReminder.timerId }));
      // A third fired, and its event given up on: put back by store:retry, it would act on the state's next entry.
      assert.ok(await store().timers.fire(failedReminder.timerId, { source: 'timer', via: failedReminder.timerId }));
      await store().inbox.markFailed(instance.instanceId, failedReminder.timerId, 'MachineError: gave up');

      const neighbour = newInstance();
      const neighbourReminder = timerRow(neighbour.instanceId, 'reminder');
      await store().instances.create({ ...neighbour, timers: [neighbourReminder] });

      const rescheduled = timerRow(instance.instanceId, 'reminder', 2 * 3_600_000);
      const result = await store().instances.commit(
        transition({ instanceId: instance.instanceId, version: 2 }, { cancelSendIds: ['reminder'], timers: [rescheduled] }),
      );
      assert.ok(result.outcome === 'committed', `committed: ${JSON.stringify(result)}`);
      assert.equal(result.version, 3);
      const byId = <T extends { timerId: string }>(timers: T[]) => [...timers].sort((a, b) => a.timerId.localeCompare(b.timerId));
      assert.deepEqual(
        byId(result.cancelledTimers),
        byId([
          { timerId: reminder.timerId, dueAt: reminder.dueAt },
          { timerId: firedReminder.timerId, dueAt: firedReminder.dueAt },
          { timerId: failedReminder.timerId, dueAt: failedReminder.dueAt },
        ]),
      );

      const status = async (timerId: string) => (await store().timers.get(timerId))?.status;
      assert.equal(await status(reminder.timerId), 'cancelled');
      assert.equal(await status(firedReminder.timerId), 'cancelled', 'a fired timer whose event was not applied yet is cancelled: that event is stale now');
      assert.equal(await status(failedReminder.timerId), 'cancelled', 'so is one whose event failed: put back, it is stale too');
      assert.equal(await status(appliedReminder.timerId), 'fired', 'a fired timer whose event was applied stays fired');
      assert.equal(await status(deadline.timerId), 'pending', 'another send id is untouched');
      assert.equal(await status(neighbourReminder.timerId), 'pending', "another instance's timer is untouched");
      assert.equal(await status(rescheduled.timerId), 'pending', 'a timer scheduled by the same commit survives it');
    });

    it('when a timer\'s own event leaves the state that set it, then that commit does not cancel the timer it applies', async () => {
      const instance = newInstance();
      const deadline = timerRow(instance.instanceId, 'deadline', -60_000);
      await store().instances.create({ ...instance, timers: [deadline] });
      assert.ok(await store().timers.fire(deadline.timerId, { source: 'timer', via: deadline.timerId }));
      // XState cancels a state's delayed events as it is left, the one being delivered among them.
      const result = await store().instances.commit(
        transition({ instanceId: instance.instanceId, version: 1 }, { eventId: deadline.timerId, cancelSendIds: ['deadline'] }),
      );
      assert.deepEqual(result, { outcome: 'committed', version: 2, cancelledTimers: [] });
      assert.equal((await store().timers.get(deadline.timerId))?.status, 'fired');
    });

    it('when a commit cancels several send ids, then it returns every timer it cancelled', async () => {
      const instance = newInstance();
      const timers = [timerRow(instance.instanceId, 'reminder'), timerRow(instance.instanceId, 'deadline')];
      await store().instances.create({ ...instance, timers });
      const result = await store().instances.commit(
        transition({ instanceId: instance.instanceId, version: 1 }, { cancelSendIds: ['reminder', 'deadline', 'unknown'] }),
      );
      assert.equal(result.outcome, 'committed');
      assert.ok(result.outcome === 'committed');
      const byId = (a: { timerId: string }, b: { timerId: string }) => a.timerId.localeCompare(b.timerId);
      assert.deepEqual(
        [...result.cancelledTimers].sort(byId),
        timers.map(({ timerId, dueAt }) => ({ timerId, dueAt })).sort(byId),
        'each with the time it was due',
      );
    });

    for (const [situation, outcome, replay] of [
      ['an event id already applied is committed again', 'duplicate', (first: { eventId: string }) => ({ expectedVersion: 2, eventId: first.eventId })],
      ['an event id already applied is retried from the old version', 'duplicate', (first: { eventId: string }) => ({ expectedVersion: 1, eventId: first.eventId })],
      ['a transition computed from a stale version is committed', 'conflict', () => ({ expectedVersion: 1, eventId: randomUUID() })],
    ] as const) {
      it(`when ${situation}, then the outcome is "${outcome}" and nothing is written`, async () => {
        const nomination = newNomination();
        const instance = newInstance({ nominationId: nomination.nominationId, nomination });
        const reminder = timerRow(instance.instanceId, 'reminder');
        const openTask = newTask(instance.instanceId);
        await store().instances.create({ ...instance, timers: [reminder], tasksToOpen: [openTask] });
        const first = transition({ instanceId: instance.instanceId, version: 1 });
        await store().instances.commit(first);
        const before = await store().instances.get(instance.instanceId);

        const late = transition(
          { instanceId: instance.instanceId, version: 2 },
          {
            ...replay(first),
            snapshot: { value: 'elsewhere' },
            toState: 'elsewhere',
            status: 'error',
            outbox: [outboxRow(instance.instanceId)],
            timers: [timerRow(instance.instanceId, 'deadline')],
            cancelSendIds: ['reminder'],
            tasksToOpen: [newTask(instance.instanceId)],
            tasksToClose: [{ taskId: openTask.taskId, status: 'done', outcome: 'approve' }],
            nominationStatus: { nominationId: nomination.nominationId, status: 'approved' },
          },
        );
        // A conflicting event is typically waiting in the inbox; it must stay there to be retried.
        if (outcome === 'conflict') {
          await store().inbox.add({ instanceId: instance.instanceId, eventId: late.eventId, event: late.event, meta: late.meta });
        }
        assert.deepEqual(await store().instances.commit(late), { outcome });

        assert.deepEqual(await store().instances.get(instance.instanceId), before);
        assert.deepEqual((await store().history.list(instance.instanceId)).map((entry) => entry.eventId), [
          instance.startEvent.eventId,
          first.eventId,
        ]);
        assert.equal(await store().outbox.get(late.outbox[0]!.effectId), null);
        assert.equal(await store().timers.get(late.timers[0]!.timerId), null);
        assert.equal((await store().timers.get(reminder.timerId))?.status, 'pending');
        assert.equal(await store().tasks.get(late.tasksToOpen![0]!.taskId), null, 'no task opened');
        assert.equal((await store().tasks.get(openTask.taskId))?.status, 'open', 'no task closed');
        assert.equal((await store().nominations.get(nomination.nominationId))?.status, 'submitted', 'no status set');
        if (outcome === 'conflict') {
          const pending = await store().inbox.listPending(everything, allRows);
          assert.ok(pending.some((event) => event.eventId === late.eventId), 'the unapplied event stays pending in the inbox');
        }
      });
    }
  });

  describe('store writes in the commit: tasks and nomination status', () => {
    it('when an instance is created with tasks and a status for its new nomination, then all are stored with it', async () => {
      const nomination = newNomination();
      const instance = newInstance({ nominationId: nomination.nominationId, nomination });
      const task = newTask(instance.instanceId, { nominationId: nomination.nominationId });
      const bare = newTask(instance.instanceId, { dueAt: null, tokenHash: null, tokenExpiresAt: null });
      const created = await store().instances.create({
        ...instance,
        tasksToOpen: [task, bare],
        nominationStatus: { nominationId: nomination.nominationId, status: 'in_review' },
      });
      assert.equal(created, 'created');
      for (const expected of [task, bare]) {
        const stored = await store().tasks.get(expected.taskId);
        assert.deepEqual(asNewTask(stored), expected);
        assert.equal(stored?.status, 'open');
        assert.equal(stored?.outcome, null);
        assert.equal(stored?.completedAt, null);
        assert.ok(stored?.createdAt instanceof Date);
      }
      assert.equal((await store().tasks.getByTokenHash(task.tokenHash!))?.taskId, task.taskId);
      assert.equal((await store().nominations.get(nomination.nominationId))?.status, 'in_review');
    });

    it('when an instance is created with a status for a nomination stored before, then it is set', async () => {
      const nomination = newNomination();
      await store().nominations.create(nomination);
      const instance = newInstance({ nominationId: nomination.nominationId });
      await store().instances.create({ ...instance, nominationStatus: { nominationId: nomination.nominationId, status: 'in_review' } });
      assert.equal((await store().nominations.get(nomination.nominationId))?.status, 'in_review');
    });

    it('when an instance id is created twice, then the second writes no task and no status', async () => {
      const nomination = newNomination();
      await store().nominations.create(nomination);
      const instance = newInstance();
      await store().instances.create(instance);
      const again = {
        ...newInstance({ instanceId: instance.instanceId }),
        tasksToOpen: [newTask(instance.instanceId)],
        nominationStatus: { nominationId: nomination.nominationId, status: 'approved' as const },
      };
      assert.equal(await store().instances.create(again), 'exists');
      assert.equal(await store().tasks.get(again.tasksToOpen[0]!.taskId), null);
      assert.equal((await store().nominations.get(nomination.nominationId))?.status, 'submitted');
    });

    it('when a transition commits with tasks to open and close and a status, then all are written by that commit', async () => {
      const nomination = newNomination();
      const instance = newInstance({ nominationId: nomination.nominationId, nomination });
      const first = newTask(instance.instanceId, { nominationId: nomination.nominationId });
      const untouched = newTask(instance.instanceId);
      await store().instances.create({ ...instance, tasksToOpen: [first, untouched] });
      const next = newTask(instance.instanceId, { nominationId: nomination.nominationId, step: 'officerReview' });
      const result = await store().instances.commit(
        transition(
          { instanceId: instance.instanceId, version: 1 },
          {
            tasksToOpen: [next],
            tasksToClose: [{ taskId: first.taskId, status: 'expired', outcome: 'escalated' }],
            nominationStatus: { nominationId: nomination.nominationId, status: 'approved' },
          },
        ),
      );
      assert.equal(result.outcome, 'committed');
      const closed = await store().tasks.get(first.taskId);
      assert.equal(closed?.status, 'expired');
      assert.equal(closed?.outcome, 'escalated');
      assert.ok(closed?.completedAt instanceof Date);
      assert.deepEqual(asNewTask(await store().tasks.get(next.taskId)), next);
      assert.equal((await store().tasks.get(next.taskId))?.status, 'open');
      assert.equal((await store().tasks.get(untouched.taskId))?.status, 'open', 'a task not named stays open');
      assert.equal((await store().nominations.get(nomination.nominationId))?.status, 'approved');
    });

    it('when a commit opens a task that exists, then the existing one is kept as it is', async () => {
      const instance = newInstance();
      const task = newTask(instance.instanceId);
      await store().instances.create({ ...instance, tasksToOpen: [task] });
      await store().tasks.close(task.taskId, 'done', 'approve');
      const reopened = { ...task, assignee: 'someone-else@example.vn', tokenHash: null };
      const result = await store().instances.commit(transition({ instanceId: instance.instanceId, version: 1 }, { tasksToOpen: [reopened] }));
      assert.equal(result.outcome, 'committed');
      const stored = await store().tasks.get(task.taskId);
      assert.deepEqual(asNewTask(stored), task);
      assert.equal(stored?.status, 'done');
    });

    it('when a commit closes a task that is not open, then its first closing stays', async () => {
      const instance = newInstance();
      const task = newTask(instance.instanceId);
      await store().instances.create({ ...instance, tasksToOpen: [task] });
      await store().tasks.close(task.taskId, 'done', 'approve');
      await store().instances.commit(
        transition(
          { instanceId: instance.instanceId, version: 1 },
          { tasksToClose: [{ taskId: task.taskId, status: 'expired', outcome: 'expired' }, { taskId: randomUUID(), status: 'done', outcome: 'x' }] },
        ),
      );
      const stored = await store().tasks.get(task.taskId);
      assert.equal(stored?.status, 'done');
      assert.equal(stored?.outcome, 'approve');
    });

    it('when one commit opens a task and closes it, then it is stored closed; of two closings the first counts', async () => {
      const instance = newInstance();
      await store().instances.create(instance);
      const task = newTask(instance.instanceId);
      await store().instances.commit(
        transition(
          { instanceId: instance.instanceId, version: 1 },
          {
            tasksToOpen: [task],
            tasksToClose: [
              { taskId: task.taskId, status: 'done', outcome: 'vote' },
              { taskId: task.taskId, status: 'cancelled', outcome: 'withdrawn' },
            ],
          },
        ),
      );
      const stored = await store().tasks.get(task.taskId);
      assert.deepEqual(asNewTask(stored), task);
      assert.equal(stored?.status, 'done');
      assert.equal(stored?.outcome, 'vote');
      assert.ok(stored?.completedAt instanceof Date);
    });

    it('when a commit sets the status of a nomination that does not exist, then it commits and writes no nomination', async () => {
      const instance = newInstance();
      await store().instances.create(instance);
      const nominationId = randomUUID();
      const result = await store().instances.commit(
        transition({ instanceId: instance.instanceId, version: 1 }, { nominationStatus: { nominationId, status: 'approved' } }),
      );
      assert.equal(result.outcome, 'committed');
      assert.equal(await store().nominations.get(nominationId), null);
    });
  });
}
