import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, it } from 'node:test';
import type { CommitResult, Store } from '../../store.port.ts';
import { apiMeta, newInstance, newNomination, newTask, outboxRow, timerRow, transition } from '../store-fixtures.ts';

const racers = 20;

const countOutcomes = (results: CommitResult[]) =>
  results.reduce<Record<string, number>>((counts, result) => ({ ...counts, [result.outcome]: (counts[result.outcome] ?? 0) + 1 }), {});

/** Guarantee 1 under racing workers: one transition per event, one winner per version, no gaps. */
export function concurrencyContract(store: () => Store): void {
  describe('instances.commit under concurrency', () => {
    it(`when ${racers} workers commit different events from the same version at once, then exactly one commits and the rest conflict`, async () => {
      const instance = newInstance();
      await store().instances.create(instance);
      const attempts = Array.from({ length: racers }, () =>
        transition({ instanceId: instance.instanceId, version: 1 }, { outbox: [outboxRow(instance.instanceId)] }),
      );
      const results = await Promise.all(attempts.map((attempt) => store().instances.commit(attempt)));

      assert.deepEqual(countOutcomes(results), { committed: 1, conflict: racers - 1 });
      const winner = attempts[results.findIndex((result) => result.outcome === 'committed')]!;
      const history = await store().history.list(instance.instanceId);
      assert.deepEqual(history.map((entry) => entry.version), [1, 2]);
      assert.equal(history[1]?.eventId, winner.eventId);
      assert.equal((await store().instances.get(instance.instanceId))?.version, 2);
      // Only the winner's effects exist.
      const stored = await Promise.all(attempts.map((attempt) => store().outbox.get(attempt.outbox[0]!.effectId)));
      assert.equal(stored.filter(Boolean).length, 1);
      assert.ok(await store().outbox.get(winner.outbox[0]!.effectId));
    });

    it(`when ${racers} workers commit the same event from the same version at once, then exactly one commits and the rest are duplicates`, async () => {
      const instance = newInstance();
      await store().instances.create(instance);
      const eventId = randomUUID();
      const results = await Promise.all(
        Array.from({ length: racers }, () =>
          store().instances.commit(transition({ instanceId: instance.instanceId, version: 1 }, { eventId })),
        ),
      );

      assert.deepEqual(countOutcomes(results), { committed: 1, duplicate: racers - 1 });
      const history = await store().history.list(instance.instanceId);
      assert.deepEqual(history.map((entry) => entry.version), [1, 2]);
      assert.equal(history.filter((entry) => entry.eventId === eventId).length, 1);
    });

    it('when workers race on one instance and retry their conflicts, then every event is applied once and the history has no gaps', async () => {
      const instance = newInstance();
      await store().instances.create(instance);
      const eventIds = Array.from({ length: 10 }, () => randomUUID());

      // Each worker does what the engine does: load, compute from the loaded version, commit, retry on conflict.
      const worker = async (eventId: string): Promise<number> => {
        for (let attempt = 1; ; attempt += 1) {
          const loaded = await store().instances.loadForEvent(instance.instanceId, eventId);
          assert.ok(loaded);
          if (loaded.applied) return attempt;
          const result = await store().instances.commit(transition(loaded.instance, { eventId }));
          if (result.outcome !== 'conflict') return attempt;
          assert.ok(attempt <= eventIds.length, 'someone commits on every round, so no worker retries more than once per event');
        }
      };
      // Each event twice: a retried job racing its original.
      await Promise.all([...eventIds, ...eventIds].map(worker));

      const history = await store().history.list(instance.instanceId);
      assert.deepEqual(
        history.map((entry) => entry.version),
        Array.from({ length: eventIds.length + 1 }, (_, index) => index + 1),
      );
      assert.deepEqual(history.slice(1).map((entry) => entry.eventId).sort(), [...eventIds].sort());
      assert.equal((await store().instances.get(instance.instanceId))?.version, eventIds.length + 1);
    });
  });

  describe('instances.commit and inbox.add from many workers at once', () => {
    it('when 50 instances commit at once with tasks, timers, effects and statuses, then each commit has exactly its own writes', async () => {
      const instances = Array.from({ length: 50 }, () => newInstance());
      await Promise.all(instances.map((instance) => store().instances.create(instance)));
      await Promise.all(
        instances.map((instance) =>
          store().nominations.create(newNomination({ nominationId: `nom-${instance.instanceId}`, instanceId: instance.instanceId })),
        ),
      );
      const commits = instances.map((instance, index) =>
        transition(
          { instanceId: instance.instanceId, version: 1 },
          {
            outbox: [outboxRow(instance.instanceId)],
            timers: [timerRow(instance.instanceId, `deadline-${index}`)],
            tasksToOpen: [newTask(instance.instanceId, { taskId: `task-${instance.instanceId}` })],
            nominationStatus: { nominationId: `nom-${instance.instanceId}`, status: index % 2 === 0 ? 'approved' : 'rejected' },
          },
        ),
      );
      const results = await Promise.all(commits.map((commit) => store().instances.commit(commit)));

      assert.ok(results.every((result) => result.outcome === 'committed' && result.version === 2));
      for (const [index, instance] of instances.entries()) {
        const commit = commits[index]!;
        const history = await store().history.list(instance.instanceId);
        assert.deepEqual(history.map((entry) => [entry.version, entry.eventId]), [[1, instance.startEvent.eventId], [2, commit.eventId]]);
        assert.equal((await store().outbox.get(commit.outbox[0]!.effectId))?.instanceId, instance.instanceId);
        assert.equal((await store().timers.get(commit.timers[0]!.timerId))?.instanceId, instance.instanceId);
        assert.equal((await store().tasks.get(`task-${instance.instanceId}`))?.instanceId, instance.instanceId);
        assert.equal((await store().nominations.get(`nom-${instance.instanceId}`))?.status, index % 2 === 0 ? 'approved' : 'rejected');
      }
    });

    it('when 30 instances that share send ids commit at once, then each gets back exactly the timers it cancelled', async () => {
      const instances = Array.from({ length: 30 }, () => newInstance());
      // Every instance has a reminder and a deadline; only some cancel both, others one or none.
      const timersOf = new Map(instances.map((instance) => [instance.instanceId, [timerRow(instance.instanceId, 'reminder'), timerRow(instance.instanceId, 'deadline')]]));
      await Promise.all(instances.map((instance) => store().instances.create({ ...instance, timers: timersOf.get(instance.instanceId)! })));
      const cancels = instances.map((_, index) => [['reminder', 'deadline'], ['reminder'], []][index % 3]!);
      const results = await Promise.all(
        instances.map((instance, index) =>
          store().instances.commit(transition({ instanceId: instance.instanceId, version: 1 }, { cancelSendIds: cancels[index]! })),
        ),
      );

      const byId = (a: { timerId: string }, b: { timerId: string }) => a.timerId.localeCompare(b.timerId);
      for (const [index, instance] of instances.entries()) {
        const result = results[index]!;
        assert.ok(result.outcome === 'committed', `${instance.instanceId} committed`);
        const expected = timersOf
          .get(instance.instanceId)!
          .filter((timer) => cancels[index]!.includes(timer.sendId))
          .map(({ timerId, dueAt }) => ({ timerId, dueAt }));
        assert.deepEqual([...result.cancelledTimers].sort(byId), expected.sort(byId), `${instance.instanceId} cancelled ${cancels[index]!.join(', ') || 'nothing'}`);
      }
    });

    it('when one of many commits made at once breaks a constraint, then it alone fails and writes nothing; the others commit', async () => {
      const instances = Array.from({ length: 10 }, () => newInstance());
      await Promise.all(instances.map((instance) => store().instances.create(instance)));
      const taken = outboxRow(instances[0]!.instanceId);
      await store().instances.commit(transition({ instanceId: instances[0]!.instanceId, version: 1 }, { outbox: [taken] }));
      // The bad one reuses an effect id that exists: its outbox insert cannot succeed.
      const bad = transition({ instanceId: instances[1]!.instanceId, version: 1 }, { outbox: [{ ...outboxRow(instances[1]!.instanceId), effectId: taken.effectId }] });
      const good = instances.slice(2).map((instance) => transition({ instanceId: instance.instanceId, version: 1 }, { outbox: [outboxRow(instance.instanceId)] }));
      const settled = await Promise.allSettled([bad, ...good].map((commit) => store().instances.commit(commit)));

      assert.equal(settled[0]!.status, 'rejected', 'the commit that breaks the constraint fails');
      assert.ok(settled.slice(1).every((result) => result.status === 'fulfilled' && result.value.outcome === 'committed'));
      assert.equal((await store().instances.get(instances[1]!.instanceId))?.version, 1, 'nothing of the failed commit is written');
      assert.equal((await store().history.list(instances[1]!.instanceId)).length, 1);
      for (const commit of good) assert.ok(await store().outbox.get(commit.outbox[0]!.effectId));
    });

    it('when 30 instances are created at once with their nominations, one reusing an idempotency key, then that one alone fails', async () => {
      const key = `idem-${randomUUID()}`;
      const instances = Array.from({ length: 30 }, (_, index) => {
        const nomination = newNomination({ idempotencyKey: index < 2 ? key : `idem-${randomUUID()}` });
        return newInstance({
          nominationId: nomination.nominationId,
          nomination,
          tasksToOpen: [newTask('placeholder', { taskId: `task-${nomination.nominationId}`, nominationId: nomination.nominationId })],
          nominationStatus: { nominationId: nomination.nominationId, status: 'in_review' },
        });
      });
      const settled = await Promise.allSettled(instances.map((instance) => store().instances.create(instance)));

      // Which of the two with the key comes first is the store's to decide; exactly one of them does.
      const pair = settled.slice(0, 2);
      assert.deepEqual(pair.map((result) => result.status).sort(), ['fulfilled', 'rejected'], 'one with the key is stored, the other refused');
      const stored = pair.findIndex((result) => result.status === 'fulfilled');
      assert.deepEqual(pair[stored], { status: 'fulfilled', value: 'created' });
      assert.ok(settled.slice(2).every((result) => result.status === 'fulfilled' && result.value === 'created'));
      const refused = instances[1 - stored]!;
      assert.equal(await store().instances.get(refused.instanceId), null, 'nothing of the refused one is written');
      assert.equal(await store().nominations.get(refused.nomination!.nominationId), null);
      for (const instance of [instances[stored]!, ...instances.slice(2)]) {
        const nomination = await store().nominations.get(instance.nomination!.nominationId);
        assert.equal(nomination?.instanceId, instance.instanceId);
        assert.equal(nomination?.status, 'in_review');
        assert.equal((await store().tasks.get(`task-${instance.nomination!.nominationId}`))?.instanceId, instance.instanceId);
      }
    });

    it('when 50 events are added at once, some repeated and some for no instance, then each gets its own answer', async () => {
      const instances = Array.from({ length: 25 }, () => newInstance());
      await Promise.all(instances.map((instance) => store().instances.create(instance)));
      const events = instances.map((instance) => ({ instanceId: instance.instanceId, eventId: randomUUID(), event: { type: 'approve' }, meta: apiMeta }));
      const missing = Array.from({ length: 5 }, () => ({ instanceId: randomUUID(), eventId: randomUUID(), event: { type: 'approve' }, meta: apiMeta }));
      const answers = await Promise.all([...events, ...events.slice(0, 20), ...missing].map((event) => store().inbox.add(event)));

      // An event and its repeat, sent at once: one of the two is added, the other finds it.
      for (let index = 0; index < 20; index += 1) assert.deepEqual([answers[index], answers[25 + index]].sort(), ['added', 'exists']);
      assert.deepEqual(answers.slice(20, 25), Array(5).fill('added'));
      assert.deepEqual(answers.slice(45), Array(5).fill('no-instance'));
      const pending = (await store().inbox.listPending(new Date(Date.now() + 60_000), 100_000)).filter((row) =>
        instances.some((instance) => instance.instanceId === row.instanceId),
      );
      assert.equal(pending.length, 25, 'each event stored once');
    });
  });

  describe('decisions.issue under concurrency', () => {
    it('when the same decision is issued 10 times at once, then all get it: one number, one history entry, no number lost', async () => {
      const authority = `UBND tỉnh ${randomUUID().slice(0, 6)}`;
      const nomineeKey = `individual:${randomUUID()}`;
      const draft = {
        decisionId: `dec-${randomUUID()}`, nominationId: randomUUID(), instanceId: randomUUID(), authority, issuerCode: 'QĐ-UBND',
        year: 2025, awardTypeId: 'bang-khen-bo-nganh-tinh', decisionDate: new Date('2025-03-10T00:00:00Z'), amountVnd: 2_340_000, amountBasis: {},
      };
      const history = { nomineeKey, awardTypeId: draft.awardTypeId, year: 2025, decisionDate: draft.decisionDate, disciplined: false, source: 'decision' as const };
      const results = await Promise.all(Array.from({ length: 10 }, () => store().decisions.issue(draft, history, { key: authority })));

      assert.equal(results.filter((result) => result.outcome === 'created').length, 1);
      assert.ok(results.every((result) => result.decision.decisionNumber === '1/QĐ-UBND'));
      assert.equal((await store().awardHistory.listByNominee(nomineeKey)).length, 1);
      const next = await store().decisions.issue({ ...draft, decisionId: `dec-${randomUUID()}` }, null, { key: authority });
      assert.equal(next.decision.number, 2);
    });
  });
}
