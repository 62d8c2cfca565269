import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, it } from 'node:test';
import type { InboxCursor, InboxEvent, Store } from '../../store.port.ts';
import { clockPast, newInstance, outboxRow, timerRow, transition } from '../store-fixtures.ts';

const hour = 3_600_000;
const farFuture = () => new Date(Date.now() + 365 * 24 * hour);
const allRows = 100_000;

/**
 * Asserts `page` is the first `limit` rows of `all` by `at`: other tests' rows share the store,
 * so a limit is checked against everything pending rather than against our rows alone.
 */
function assertFirstRows<Row>(page: Row[], all: Row[], limit: number, at: (row: Row) => Date, key: (row: Row) => string): void {
  assert.equal(page.length, Math.min(limit, all.length));
  const taken = new Set(page.map(key));
  const latestTaken = Math.max(...page.map((row) => at(row).getTime()));
  for (const row of all) if (!taken.has(key(row))) assert.ok(at(row).getTime() >= latestTaken);
}

/** inbox, outbox and timers: what the reconciler re-drives from the store. */
export function eventsContract(store: () => Store): void {
  /** A stored instance's id: the inbox takes events for existing instances only. */
  const existingInstance = async () => {
    const instance = newInstance();
    await store().instances.create(instance);
    return instance.instanceId;
  };

  describe('inbox', () => {
    it('when an event is added twice, then the first is "added", the second "exists" and the first is kept', async () => {
      const instanceId = await existingInstance();
      const eventId = randomUUID();
      const event = { instanceId, eventId, event: { type: 'APPROVE' }, meta: { source: 'task-link' } };
      assert.equal(await store().inbox.add(event), 'added');
      assert.equal(await store().inbox.add({ ...event, event: { type: 'REJECT' } }), 'exists');
      const mine = (await store().inbox.listPending(farFuture(), allRows)).filter((row) => row.instanceId === instanceId);
      assert.equal(mine.length, 1);
      const { createdAt, ...fields } = mine[0]!;
      assert.ok(createdAt instanceof Date);
      assert.deepEqual(fields, event);
    });

    it('when the same event id is added for two instances, then both are added', async () => {
      const eventId = randomUUID();
      for (const instanceId of [await existingInstance(), await existingInstance()]) {
        assert.equal(await store().inbox.add({ instanceId, eventId, event: { type: 'TICK' }, meta: {} }), 'added');
      }
    });

    it('when an event is added for an instance that does not exist, then it is "no-instance" and nothing is stored', async () => {
      const instanceId = randomUUID();
      const event = { instanceId, eventId: randomUUID(), event: { type: 'APPROVE' }, meta: {} };
      assert.equal(await store().inbox.add(event), 'no-instance');
      assert.equal(await store().inbox.add(event), 'no-instance', 'still, when repeated');
      const pending = await store().inbox.listPending(farFuture(), allRows);
      assert.equal(pending.some((row) => row.instanceId === instanceId), false);
      // Once the instance exists, the same event is taken.
      await store().instances.create(newInstance({ instanceId }));
      assert.equal(await store().inbox.add(event), 'added');
    });

    it('when pending events are listed, then they come oldest first, accepted before olderThan, at most limit', async () => {
      const instanceId = await existingInstance();
      const eventIds = [randomUUID(), randomUUID(), randomUUID()];
      const mine = async (olderThan: Date) =>
        (await store().inbox.listPending(olderThan, allRows)).filter((row) => row.instanceId === instanceId);
      for (const eventId of eventIds) {
        await store().inbox.add({ instanceId, eventId, event: { type: 'TICK' }, meta: {} });
        const [latest] = (await mine(farFuture())).slice(-1);
        await clockPast(latest!.createdAt);
      }
      const listed = await mine(farFuture());
      assert.deepEqual(listed.map((row) => row.eventId), eventIds);
      assert.deepEqual((await mine(listed[1]!.createdAt)).map((row) => row.eventId), [eventIds[0]]);
      assert.deepEqual(await mine(listed[0]!.createdAt), []);

      const all = await store().inbox.listPending(farFuture(), allRows);
      const page = await store().inbox.listPending(farFuture(), 2);
      assertFirstRows(page, all, 2, (row) => row.createdAt, (row) => `${row.instanceId}/${row.eventId}`);
    });

    it('when events of several instances share their event id and are added together, then paging one at a time lists each once, pending and failed', async () => {
      const instanceIds = await Promise.all(Array.from({ length: 6 }, () => existingInstance()));
      const eventId = `approve-${randomUUID()}`;
      // Added at once: an adapter that groups them in one statement gives them one time.
      await Promise.all(instanceIds.map((instanceId) => store().inbox.add({ instanceId, eventId, event: { type: 'APPROVE' }, meta: {} })));
      const ours = (row: InboxEvent) => row.eventId === eventId;
      const pageThrough = async (list: (after?: InboxCursor) => Promise<InboxEvent[]>) => {
        const seen: string[] = [];
        let after: InboxCursor | undefined;
        for (let page = 0; page < 100_000; page += 1) {
          const [row] = await list(after);
          if (!row) break;
          if (ours(row)) seen.push(row.instanceId);
          after = { createdAt: row.createdAt, instanceId: row.instanceId, key: row.eventId };
        }
        return seen;
      };
      const pending = await pageThrough((after) => store().inbox.listPending(farFuture(), 1, after));
      assert.deepEqual([...pending].sort(), [...instanceIds].sort(), 'each pending event once');
      for (const instanceId of instanceIds) await store().inbox.markFailed(instanceId, eventId, 'gave up');
      const failed = await pageThrough((after) => store().inbox.listFailed(1, after));
      assert.deepEqual([...failed].sort(), [...instanceIds].sort(), 'each failed event once');
      await store().inbox.retryFailed({ instanceIds });
    });
  });

  describe('inbox: failed events', () => {
    const failedOf = async (instanceId: string) => (await store().inbox.listFailed(allRows)).filter((row) => row.instanceId === instanceId);
    const pendingOf = async (instanceId: string) =>
      (await store().inbox.listPending(farFuture(), allRows)).filter((row) => row.instanceId === instanceId);

    it('when an event is given up on, then it leaves the pending list and is listed failed with its reason; an applied one cannot fail', async () => {
      const instanceId = await existingInstance();
      const event = { instanceId, eventId: randomUUID(), event: { type: 'APPROVE' }, meta: { source: 'task-link' } };
      await store().inbox.add(event);
      await store().inbox.markFailed(instanceId, event.eventId, 'UnknownDefinitionError: no nomination-approval@3 in this version');
      assert.deepEqual(await pendingOf(instanceId), []);
      const [failed, ...more] = await failedOf(instanceId);
      assert.equal(more.length, 0);
      const { createdAt, ...fields } = failed!;
      assert.ok(createdAt instanceof Date);
      assert.deepEqual(fields, { ...event, error: 'UnknownDefinitionError: no nomination-approval@3 in this version' });

      const applied = { instanceId, eventId: randomUUID(), event: { type: 'TICK' }, meta: {} };
      await store().inbox.add(applied);
      await store().inbox.markApplied(instanceId, applied.eventId);
      await store().inbox.markFailed(instanceId, applied.eventId, 'too late');
      assert.deepEqual((await failedOf(instanceId)).map((row) => row.eventId), [event.eventId]);
    });

    it('when failed events are listed, then they come oldest first, at most limit, after the cursor', async () => {
      const instanceId = await existingInstance();
      const eventIds = [randomUUID(), randomUUID(), randomUUID()];
      for (const eventId of eventIds) {
        await store().inbox.add({ instanceId, eventId, event: { type: 'TICK' }, meta: {} });
        const [latest] = (await pendingOf(instanceId)).slice(-1);
        await clockPast(latest!.createdAt);
      }
      for (const eventId of [...eventIds].reverse()) await store().inbox.markFailed(instanceId, eventId, `failed ${eventId}`);
      const listed = await failedOf(instanceId);
      assert.deepEqual(listed.map((row) => row.eventId), eventIds);
      const afterFirst = (await store().inbox.listFailed(allRows, { createdAt: listed[0]!.createdAt, instanceId, key: listed[0]!.eventId })).filter(
        (row) => row.instanceId === instanceId,
      );
      assert.deepEqual(afterFirst.map((row) => row.eventId), eventIds.slice(1));

      const all = await store().inbox.listFailed(allRows);
      assertFirstRows(await store().inbox.listFailed(2), all, 2, (row) => row.createdAt, (row) => `${row.instanceId}/${row.eventId}`);
    });

    it('when failed events are put back by instance, then only that instance\'s are pending again, reason cleared, and the count says so', async () => {
      const [mine, other] = [await existingInstance(), await existingInstance()];
      const events = [mine, mine, other].map((instanceId) => ({ instanceId, eventId: randomUUID(), event: { type: 'APPROVE' }, meta: {} }));
      for (const event of events) {
        await store().inbox.add(event);
        await store().inbox.markFailed(event.instanceId, event.eventId, 'RedisDown');
      }
      assert.equal(await store().inbox.retryFailed({ instanceIds: [mine] }), 2);
      assert.deepEqual(new Set((await pendingOf(mine)).map((row) => row.eventId)), new Set([events[0]!.eventId, events[1]!.eventId]));
      assert.deepEqual(await failedOf(mine), []);
      assert.equal((await failedOf(other)).length, 1, "the other instance's event is still failed");
      assert.equal(await store().inbox.retryFailed({ instanceIds: [mine] }), 0, 'a second retry finds nothing failed');
      assert.equal(await store().inbox.retryFailed({ instanceIds: [] }), 0, 'an empty list selects nothing');
      assert.equal((await failedOf(other)).length, 1);

      // Failed again after the retry, the reason is the new one.
      await store().inbox.markFailed(mine, events[0]!.eventId, 'still failing');
      assert.deepEqual((await failedOf(mine)).map((row) => row.error), ['still failing']);
    });

    it('when all failed events are put back, then none is left failed and each is pending again', async () => {
      const instanceId = await existingInstance();
      const event = { instanceId, eventId: randomUUID(), event: { type: 'APPROVE' }, meta: {} };
      await store().inbox.add(event);
      await store().inbox.markFailed(instanceId, event.eventId, 'gave up');
      const before = (await store().inbox.listFailed(allRows)).length;
      assert.equal(await store().inbox.retryFailed('all'), before);
      assert.deepEqual(await store().inbox.listFailed(allRows), []);
      assert.deepEqual((await pendingOf(instanceId)).map((row) => row.eventId), [event.eventId]);
    });
  });

  describe('outbox', () => {
    it('when pending effects are listed, then they come oldest first, created before olderThan, at most limit', async () => {
      const instance = newInstance();
      const first = outboxRow(instance.instanceId);
      await store().instances.create({ ...instance, outbox: [first] });
      await clockPast((await store().outbox.get(first.effectId))!.createdAt);
      const second = outboxRow(instance.instanceId, { queue: 'effects', type: 'createTask', payload: { taskKey: 'review' } });
      await store().instances.commit(transition({ instanceId: instance.instanceId, version: 1 }, { outbox: [second] }));

      const mine = async (olderThan: Date) =>
        (await store().outbox.listPending(olderThan, allRows)).filter((row) => row.instanceId === instance.instanceId);
      const listed = await mine(farFuture());
      assert.deepEqual(listed.map(({ createdAt: _, ...row }) => row), [first, second]);
      assert.deepEqual((await mine(listed[1]!.createdAt)).map((row) => row.effectId), [first.effectId]);

      const all = await store().outbox.listPending(farFuture(), allRows);
      const page = await store().outbox.listPending(farFuture(), 1);
      assertFirstRows(page, all, 1, (row) => row.createdAt, (row) => row.effectId);
    });

    it('when an effect is marked done, then get says done and it is no longer pending; marking again is harmless', async () => {
      const instance = newInstance();
      const mail = outboxRow(instance.instanceId);
      await store().instances.create({ ...instance, outbox: [mail] });
      assert.equal((await store().outbox.get(mail.effectId))?.done, false);

      await store().outbox.markDone(mail.effectId);
      await store().outbox.markDone(mail.effectId);
      const stored = await store().outbox.get(mail.effectId);
      assert.equal(stored?.done, true);
      assert.deepEqual(stored?.payload, mail.payload);
      const pending = await store().outbox.listPending(farFuture(), allRows);
      assert.ok(!pending.some((row) => row.effectId === mail.effectId));
    });

    it('when an unknown effect is asked for or marked done, then get finds nothing and markDone does not throw', async () => {
      const effectId = randomUUID();
      await store().outbox.markDone(effectId);
      assert.equal(await store().outbox.get(effectId), null);
    });
  });

  describe('outbox: failed effects', () => {
    const failedOf = async (instanceId: string) => (await store().outbox.listFailed(allRows)).filter((row) => row.instanceId === instanceId);
    const pendingOf = async (instanceId: string) =>
      (await store().outbox.listPending(farFuture(), allRows)).filter((row) => row.instanceId === instanceId);
    /** A stored instance with `count` mail effects, created one after the other. */
    const withEffects = async (count: number) => {
      const instance = newInstance();
      const effects = Array.from({ length: count }, () => outboxRow(instance.instanceId));
      await store().instances.create({ ...instance, outbox: effects });
      return { instanceId: instance.instanceId, effects };
    };

    it('when an effect is given up on, then it is not pending, get says failed and not done, and it is listed failed with its reason; a done one cannot fail', async () => {
      const { instanceId, effects: [mail, done] } = await withEffects(2);
      assert.equal((await store().outbox.get(mail!.effectId))?.failed, false, 'pending is not failed');
      await store().outbox.markDone(done!.effectId);
      await store().outbox.markFailed(mail!.effectId, 'MailRejectedError: 550 mailbox unavailable');
      await store().outbox.markFailed(done!.effectId, 'too late');
      assert.deepEqual(await pendingOf(instanceId), []);
      assert.equal((await store().outbox.get(mail!.effectId))?.done, false);
      assert.equal((await store().outbox.get(mail!.effectId))?.failed, true);
      assert.equal((await store().outbox.get(done!.effectId))?.done, true);
      assert.equal((await store().outbox.get(done!.effectId))?.failed, false);
      const failed = await failedOf(instanceId);
      assert.deepEqual(failed.map(({ createdAt: _, ...row }) => row), [{ ...mail!, error: 'MailRejectedError: 550 mailbox unavailable' }]);
      assert.ok(failed[0]!.createdAt instanceof Date);
    });

    it('when failed effects are listed, then they come oldest first, at most limit, after the cursor', async () => {
      const instance = newInstance();
      const first = outboxRow(instance.instanceId);
      await store().instances.create({ ...instance, outbox: [first] });
      await clockPast((await store().outbox.get(first.effectId))!.createdAt);
      const second = outboxRow(instance.instanceId);
      await store().instances.commit(transition({ instanceId: instance.instanceId, version: 1 }, { outbox: [second] }));
      await store().outbox.markFailed(second.effectId, 'second');
      await store().outbox.markFailed(first.effectId, 'first');

      const listed = await failedOf(instance.instanceId);
      assert.deepEqual(listed.map((row) => row.effectId), [first.effectId, second.effectId]);
      const afterFirst = await store().outbox.listFailed(allRows, { createdAt: listed[0]!.createdAt, key: first.effectId });
      assert.deepEqual(afterFirst.filter((row) => row.instanceId === instance.instanceId).map((row) => row.effectId), [second.effectId]);

      const all = await store().outbox.listFailed(allRows);
      assertFirstRows(await store().outbox.listFailed(1), all, 1, (row) => row.createdAt, (row) => row.effectId);
    });

    it('when failed effects are put back by id or by instance, then only those are pending again, reason cleared, and the count says so', async () => {
      const a = await withEffects(2);
      const b = await withEffects(1);
      for (const effect of [...a.effects, ...b.effects]) await store().outbox.markFailed(effect.effectId, 'SMTP down');

      assert.equal(await store().outbox.retryFailed({ effectIds: [a.effects[0]!.effectId, randomUUID()] }), 1);
      assert.deepEqual((await pendingOf(a.instanceId)).map(({ createdAt: _, ...row }) => row), [a.effects[0]]);
      assert.deepEqual((await failedOf(a.instanceId)).map((row) => row.effectId), [a.effects[1]!.effectId]);

      assert.equal(await store().outbox.retryFailed({ instanceIds: [b.instanceId] }), 1);
      assert.deepEqual((await pendingOf(b.instanceId)).map((row) => row.effectId), [b.effects[0]!.effectId]);
      assert.equal(await store().outbox.retryFailed({ instanceIds: [b.instanceId] }), 0, 'a second retry finds nothing failed');
      assert.equal(await store().outbox.retryFailed({ effectIds: [] }), 0, 'an empty list selects nothing');
      assert.equal(await store().outbox.retryFailed({ instanceIds: [] }), 0, 'an empty list selects nothing');
      assert.equal((await failedOf(a.instanceId)).length, 1);

      // The retried effect completes as any pending one does.
      await store().outbox.markDone(a.effects[0]!.effectId);
      assert.equal((await store().outbox.get(a.effects[0]!.effectId))?.done, true);
    });

    it('when all failed effects are put back, then none is left failed and each is pending again', async () => {
      const { instanceId, effects } = await withEffects(2);
      for (const effect of effects) await store().outbox.markFailed(effect.effectId, 'gave up');
      const before = (await store().outbox.listFailed(allRows)).length;
      assert.equal(await store().outbox.retryFailed('all'), before);
      assert.deepEqual(await store().outbox.listFailed(allRows), []);
      assert.deepEqual(new Set((await pendingOf(instanceId)).map((row) => row.effectId)), new Set(effects.map((effect) => effect.effectId)));
    });
  });

  describe('timers', () => {
    it('when pending timers are listed, then they come earliest first, due at or before dueBefore, at most limit', async () => {
      const instance = newInstance();
      const now = Date.now();
      const later = timerRow(instance.instanceId, 'later', 0, new Date(now + hour));
      const lastHour = timerRow(instance.instanceId, 'lastHour', 0, new Date(now - hour));
      const yesterday = timerRow(instance.instanceId, 'yesterday', 0, new Date(now - 24 * hour));
      const cancelled = timerRow(instance.instanceId, 'cancelled', 0, new Date(now - 2 * hour));
      const fired = timerRow(instance.instanceId, 'fired', 0, new Date(now - 3 * hour));
      await store().instances.create({ ...instance, timers: [later, lastHour, yesterday, cancelled, fired] });
      await store().instances.commit(transition({ instanceId: instance.instanceId, version: 1 }, { cancelSendIds: ['cancelled'] }));
      await store().timers.fire(fired.timerId, { source: 'timer' });

      const mine = async (dueBefore: Date) =>
        (await store().timers.listPending(dueBefore, allRows)).filter((timer) => timer.instanceId === instance.instanceId);
      assert.deepEqual(await mine(new Date(now + 2 * hour)), [
        { ...yesterday, status: 'pending' },
        { ...lastHour, status: 'pending' },
        { ...later, status: 'pending' },
      ]);
      assert.deepEqual((await mine(lastHour.dueAt)).map((timer) => timer.timerId), [yesterday.timerId, lastHour.timerId]);
      assert.deepEqual(await mine(new Date(yesterday.dueAt.getTime() - 1)), []);
      // Only those due after dueAfter: the timers still to come, whatever is overdue.
      const upcoming = (await store().timers.listPending(new Date(now + 2 * hour), allRows, new Date(now))).filter((timer) => timer.instanceId === instance.instanceId);
      assert.deepEqual(upcoming.map((timer) => timer.timerId), [later.timerId]);
      assert.deepEqual(
        (await store().timers.listPending(new Date(now + 2 * hour), allRows, yesterday.dueAt)).filter((timer) => timer.instanceId === instance.instanceId).map((timer) => timer.timerId),
        [lastHour.timerId, later.timerId],
        'due strictly after dueAfter',
      );

      const all = await store().timers.listPending(farFuture(), allRows);
      const page = await store().timers.listPending(farFuture(), 2);
      assertFirstRows(page, all, 2, (timer) => timer.dueAt, (timer) => timer.timerId);
    });

    it('when a pending timer fires, then it is fired and its event enters the inbox with eventId = timerId and the meta', async () => {
      const instance = newInstance();
      const deadline = timerRow(instance.instanceId, 'deadline', -1_000);
      await store().instances.create({ ...instance, timers: [deadline] });
      assert.deepEqual(await store().timers.get(deadline.timerId), { ...deadline, status: 'pending' });

      const meta = { actor: 'system:timer', source: 'timer' };
      const fired = await store().timers.fire(deadline.timerId, meta);
      assert.ok(fired);
      const { createdAt, ...event } = fired;
      assert.ok(createdAt instanceof Date);
      assert.deepEqual(event, { instanceId: instance.instanceId, eventId: deadline.timerId, event: deadline.event, meta });
      assert.equal((await store().timers.get(deadline.timerId))?.status, 'fired');

      const inbox = (await store().inbox.listPending(farFuture(), allRows)).filter((row) => row.instanceId === instance.instanceId);
      assert.deepEqual(inbox.map(({ createdAt: _, ...row }) => row), [event]);
      const due = await store().timers.listPending(farFuture(), allRows);
      assert.ok(!due.some((timer) => timer.timerId === deadline.timerId));
    });

    it('when a timer fires twice, then the second fire returns null and adds nothing', async () => {
      const instance = newInstance();
      const deadline = timerRow(instance.instanceId, 'deadline', -1_000);
      await store().instances.create({ ...instance, timers: [deadline] });
      const [first, second] = await Promise.all([
        store().timers.fire(deadline.timerId, { source: 'timer' }),
        store().timers.fire(deadline.timerId, { source: 'reconciler' }),
      ]);
      assert.equal([first, second].filter(Boolean).length, 1, 'two racing fires: one wins');
      assert.equal(await store().timers.fire(deadline.timerId, { source: 'timer' }), null);
      const inbox = (await store().inbox.listPending(farFuture(), allRows)).filter((row) => row.instanceId === instance.instanceId);
      assert.equal(inbox.length, 1);
      assert.deepEqual(inbox[0]?.meta, (first ?? second)?.meta);
    });

    it('when a cancelled or unknown timer is fired, then fire returns null and the inbox stays empty', async () => {
      const instance = newInstance();
      const reminder = timerRow(instance.instanceId, 'reminder', -1_000);
      await store().instances.create({ ...instance, timers: [reminder] });
      await store().instances.commit(transition({ instanceId: instance.instanceId, version: 1 }, { cancelSendIds: ['reminder'] }));

      assert.equal(await store().timers.fire(reminder.timerId, { source: 'timer' }), null);
      assert.equal((await store().timers.get(reminder.timerId))?.status, 'cancelled');
      assert.equal(await store().timers.fire(`${instance.instanceId}:unknown:1`, { source: 'timer' }), null);
      assert.equal(await store().timers.get(`${instance.instanceId}:unknown:1`), null);
      const inbox = (await store().inbox.listPending(farFuture(), allRows)).filter((row) => row.instanceId === instance.instanceId);
      assert.deepEqual(inbox, []);
    });
  });
}
