/**
 * The issueDecision handler on the real runtime: run more than once (concurrently, and again
 * later) it issues one decision, and the reward follows the base salary in force on the
 * decision day in Vietnam (clock injected).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { effectPayloadSchemas } from '@vinh-danh/domain';
import { createDecisionHandlers, decisionIssuedEventId, issueDecision, nomineeKey } from '@vinh-danh/decisions';
import type { WorkflowDefinition } from '@vinh-danh/engine';
import type { DecisionRecord } from '@vinh-danh/store';
import { definitions } from '@vinh-danh/workflows';
import { containsPhrase, pdfText } from '../../packages/decisions/src/testing/pdf-text.ts';
import { routeForRun, startRun, testUnit } from '../support/commendation-runs.ts';
import { postgresReachable, startHarness, testLog, type Harness, type StoreKind } from '../support/harness.ts';
import { waitFor } from '../support/wait.ts';

const pgSkip = await postgresReachable();
const nominee = { kind: 'individual' as const, name: 'Nguyễn Thị Hoà', identifier: '001 190 012 345', position: 'Chuyên viên' };

/** A clock the test moves; the decision handlers read business time from it. */
const settableClock = (iso: string) => ({ at: Date.parse(iso), now() { return this.at; } });

/** One instance with only the decision level, decided; resolves once it is `decided`. */
async function decideOne(harness: Harness, awardTypeId: string, person = nominee) {
  const route = routeForRun(awardTypeId).filter((level) => level.kind === 'decision');
  const run = await startRun(harness.runtime, { awardTypeId, route, nominee: person });
  const by = route[0]!.assignee;
  await harness.runtime.engine.dispatch({ instanceId: run.instanceId, eventId: 'decide', event: { type: 'decide', by, approve: true }, meta: { actor: by } });
  await waitFor(() => harness.runtime.store.instances.get(run.instanceId), (instance) => instance?.stateValue === 'decided', { what: 'decided' });
  const [decision] = await harness.runtime.store.decisions.listByNomination(run.nominationId);
  assert.ok(decision);
  return { ...run, decision };
}

const queuesIdle = (harness: Harness) =>
  waitFor(
    () => Promise.all(Object.values(harness.runtime.queues).map((queue) => queue.getJobCounts('waiting', 'active'))),
    (counts) => counts.every((c) => (c.waiting ?? 0) + (c.active ?? 0) === 0),
    { what: 'queues idle' },
  );

for (const kind of ['pglite', 'postgres'] as StoreKind[]) {
  describe(`issueDecision run more than once on ${kind}`, { skip: kind === 'postgres' ? pgSkip : undefined }, () => {
    let harness: Harness;
    const clock = settableClock('2025-03-10T03:00:00Z');
    /** What each concurrent run of the worker's delivery returned. */
    const concurrentRuns: Array<PromiseSettledResult<DecisionRecord>[]> = [];
    before(async () => {
      harness = await startHarness({
        store: kind,
        definitions: definitions as unknown as WorkflowDefinition[],
        // The worker's delivery runs the effect twice at once, as two workers holding copies of it would.
        extraHandlers: ({ store, engine }) => ({
          async issueDecision(payload, context) {
            const request = effectPayloadSchemas.issueDecision.parse(payload);
            const twice = await Promise.allSettled([0, 1].map(() => issueDecision({ store, engine, clock }, request, context)));
            concurrentRuns.push(twice);
          },
        }),
      });
      await harness.runtime.store.units.upsert(testUnit);
    });
    after(async () => {
      await harness?.close();
    });

    it('when the effect runs twice at once and again a day later, then one decision, one history entry and one decisionIssued result', async () => {
      const { store, engine } = harness.runtime;
      const { decision, instanceId } = await decideOne(harness, 'bang-khen-thu-tuong');
      assert.equal(concurrentRuns.length, 1);
      const [first, second] = concurrentRuns[0]!;
      assert.equal(first?.status, 'fulfilled', String((first as PromiseRejectedResult).reason));
      assert.equal(second?.status, 'fulfilled', String((second as PromiseRejectedResult).reason));
      assert.deepEqual((first as PromiseFulfilledResult<DecisionRecord>).value, (second as PromiseFulfilledResult<DecisionRecord>).value);

      // A redelivery after midnight: the decision keeps its date, number and amount.
      clock.at += 86_400_000;
      const row = await store.outbox.get(decision.decisionId);
      assert.ok(row, 'the decision id is the effect id');
      const handlers = createDecisionHandlers({ store, engine, log: testLog, clock });
      await handlers.issueDecision!(row.payload, { effectId: row.effectId, instanceId, log: testLog });
      await queuesIdle(harness);

      const decisions = await store.decisions.listByNomination(decision.nominationId);
      assert.deepEqual(decisions, [decision]);
      assert.equal(decision.number, 1);
      assert.equal(decision.decisionDate.toISOString(), '2025-03-10T00:00:00.000Z');
      const entries = await store.awardHistory.listByNominee(nomineeKey({ ...nominee, identifier: nominee.identifier }, testUnit.unitId));
      assert.deepEqual(entries.map((entry) => entry.decisionNumber), [decision.decisionNumber]);
      const issued = (await store.history.list(instanceId)).filter((entry) => entry.eventType === 'decisionIssued');
      assert.deepEqual(issued.map((entry) => [entry.eventId, entry.changed, entry.meta]), [
        [decisionIssuedEventId(decision.decisionId), true, { actor: 'system', source: 'decision', via: decision.decisionId }],
      ]);
      assert.ok(await store.decisions.getDocument(decision.decisionId, 'certificate'));

      // No number was lost to the repeats: the next decision of the authority is 2.
      const next = await decideOne(harness, 'bang-khen-thu-tuong', { ...nominee, identifier: '001 190 099 999' });
      assert.equal(next.decision.decisionNumber, '2/QĐ-TTg');
    });
  });
}

describe('the reward on the base-salary boundary', () => {
  let harness: Harness;
  const clock = settableClock('2024-06-30T02:00:00Z');
  before(async () => {
    harness = await startHarness({
      definitions: definitions as unknown as WorkflowDefinition[],
      extraHandlers: ({ store, engine }) => createDecisionHandlers({ store, engine, log: testLog, clock }),
    });
    await harness.runtime.store.units.upsert(testUnit);
  });
  after(async () => {
    await harness?.close();
  });

  it('when decided on 30 June 2024 and at 00:30 on 1 July in Vietnam (still 30 June in UTC), then the old and the new base salary apply', async () => {
    const june = await decideOne(harness, 'bang-khen-bo-nganh-tinh');
    clock.at = Date.parse('2024-06-30T17:30:00Z');
    const july = await decideOne(harness, 'bang-khen-bo-nganh-tinh', { ...nominee, identifier: '001 190 054 321' });

    assert.deepEqual([june.decision.decisionDate.toISOString().slice(0, 10), june.decision.amountVnd], ['2024-06-30', 1_800_000]);
    assert.deepEqual([july.decision.decisionDate.toISOString().slice(0, 10), july.decision.amountVnd], ['2024-07-01', 2_340_000]);
    assert.equal(june.decision.amountBasis.baseSalaryVnd, 1_800_000);
    assert.equal(july.decision.amountBasis.baseSalaryVnd, 2_340_000);
    assert.deepEqual([june.decision.decisionNumber, july.decision.decisionNumber], ['1/QĐ-UBND', '2/QĐ-UBND']);

    const juneText = await pdfText((await harness.runtime.store.decisions.getDocument(june.decision.decisionId, 'decision'))!.content);
    const julyText = await pdfText((await harness.runtime.store.decisions.getDocument(july.decision.decisionId, 'decision'))!.content);
    assert.ok(containsPhrase(juneText, '1.800.000 đồng') && containsPhrase(juneText, 'Bắc Giang, ngày 30 tháng 6 năm 2024'), juneText);
    assert.ok(containsPhrase(julyText, '2.340.000 đồng') && containsPhrase(julyText, 'Bắc Giang, ngày 01 tháng 7 năm 2024'), julyText);
  });
});
