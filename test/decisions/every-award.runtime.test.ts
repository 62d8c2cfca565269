/**
 * Every award of the catalogue, on its standard route and on the simplified one where the law
 * allows it, from submission to a numbered decision on the real runtime (Redis, PGlite,
 * in-process workers), the people simulated. All runs share one harness and go at once.
 */
import { awardWording } from '../../packages/decisions/src/documents/award-wording.ts';
import { issuingBodyText } from '../../packages/decisions/src/documents/issuing-body.ts';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { allowsSimplified, awardTypes, rewardAmount, type AwardType, type NomineeKind } from '@vinh-danh/domain';
import { nomineeKey, vietnamDay } from '@vinh-danh/decisions';
import type { WorkflowDefinition } from '@vinh-danh/engine';
import type { DecisionRecord, TallyRecord } from '@vinh-danh/store';
import { definitions } from '@vinh-danh/workflows';
import { containsPhrase, pdfText } from '../../packages/decisions/src/testing/pdf-text.ts';
import { driveToEnd, historyMarkers, routeForRun, routeMarkers, signers, startRun, testUnit } from '../support/commendation-runs.ts';
import { startHarness, type Harness } from '../support/harness.ts';
import { waitFor } from '../support/wait.ts';

const names: Record<NomineeKind, string> = { individual: 'Nguyễn Thị Hoà', collective: 'Phòng Tổ chức – Cán bộ, Sở Nội vụ' };

interface Run {
  award: AwardType;
  simplified: boolean;
  kind: NomineeKind;
  /** A citizen id for a person, so the award history is keyed by it; collectives fall back to name and unit. */
  identifier: string | null;
}

/** Each award on each of its routes; awards for both kinds alternate so collectives' amounts are covered too. */
const runs: Run[] = awardTypes.flatMap((award, index) =>
  (allowsSimplified(award.id) ? [false, true] : [false]).map((simplified) => {
    const kind = award.kind === 'both' ? (index % 2 === 0 ? 'individual' : 'collective') : award.kind;
    return { award, simplified, kind, identifier: kind === 'individual' ? `024 0${index} 00${Number(simplified)}` : null };
  }),
);

interface Outcome {
  run: Run;
  route: ReturnType<typeof routeForRun>;
  nominationId: string;
  instanceId: string;
  decision: DecisionRecord;
}

describe('every award from submission to decision on the real runtime', () => {
  let harness: Harness;
  let outcomes: Outcome[] = [];
  const daysSeen = new Set<string>();

  before(async () => {
    harness = await startHarness({ definitions: definitions as unknown as WorkflowDefinition[], concurrency: 16 });
    await harness.runtime.store.units.upsert(testUnit);
    daysSeen.add(vietnamDay(Date.now()));
    outcomes = await Promise.all(
      runs.map(async (run): Promise<Outcome> => {
        const route = routeForRun(run.award.id, { simplified: run.simplified, councilSize: 3 });
        const started = await startRun(harness.runtime, {
          awardTypeId: run.award.id,
          route,
          simplified: run.simplified,
          nominee: { kind: run.kind, name: names[run.kind], ...(run.identifier ? { position: 'Chuyên viên', identifier: run.identifier } : {}) },
        });
        const final = await driveToEnd(harness.runtime, started.instanceId, route);
        assert.equal(final.stateValue, 'decided', `${run.award.id}${run.simplified ? ' (simplified)' : ''} ended ${final.stateValue}`);
        const [decision] = await harness.runtime.store.decisions.listByNomination(started.nominationId);
        assert.ok(decision, `${run.award.id}: no decision stored`);
        return { run, route, ...started, decision };
      }),
    );
    daysSeen.add(vietnamDay(Date.now()));
  });
  after(async () => {
    await harness?.close();
  });

  it(`when ${runs.length} procedures (every award, standard and simplified routes) run at once, then each passes every level in order`, async () => {
    assert.ok(runs.length >= awardTypes.length + 1);
    for (const outcome of outcomes) {
      const history = await harness.runtime.store.history.list(outcome.instanceId);
      assert.deepEqual(historyMarkers(history, outcome.route), routeMarkers(outcome.route), `${outcome.run.award.id} history`);
      assert.equal((await harness.runtime.store.nominations.get(outcome.nominationId))?.status, 'approved');
    }
  });

  it('when decisions are issued, then each number is N/<issuer code> and every authority numbers 1..n without gaps', () => {
    const byAuthority = new Map<string, number[]>();
    for (const { run, decision } of outcomes) {
      const signer = signers[run.award.decidingAuthority];
      assert.equal(decision.authority, signer.authority);
      assert.equal(decision.decisionNumber, `${decision.number}/${signer.issuerCode}`);
      assert.match(decision.decisionNumber, /^[1-9]\d*\/QĐ-[A-Za-zĐ]+$/u);
      byAuthority.set(decision.authority, [...(byAuthority.get(decision.authority) ?? []), decision.number]);
    }
    assert.equal(byAuthority.size, 4);
    for (const [authority, numbers] of byAuthority) {
      assert.deepEqual(numbers.sort((a, b) => a - b), numbers.map((_, index) => index + 1), `${authority} numbers`);
    }
  });

  it('when decisions are issued, then each amount is the catalogue reward for the decision date and the instance got it', async () => {
    for (const { run, decision, instanceId } of outcomes) {
      const day = decision.decisionDate.toISOString().slice(0, 10);
      assert.ok(daysSeen.has(day), `${run.award.id} dated ${day}, not today in Vietnam`);
      const expected = rewardAmount({ awardTypeId: run.award.id, nomineeKind: run.kind, decisionDate: day });
      assert.equal(decision.amountVnd, expected.amountVnd, `${run.award.id} amount`);
      if (expected.amountVnd === null) assert.equal(decision.amountBasis.reason, expected.reason);
      else assert.equal(decision.amountBasis.multiplier, expected.multiplier);
      const output = (await harness.runtime.store.instances.get(instanceId))?.snapshot as { output?: { decisionNumber: string; amountVnd: number | null } };
      assert.deepEqual([output.output?.decisionNumber, output.output?.amountVnd], [decision.decisionNumber, decision.amountVnd]);
      const nomineeHistory = await harness.runtime.store.awardHistory.listByNominee(
        nomineeKey({ kind: run.kind, name: names[run.kind], identifier: run.identifier, position: null }, testUnit.unitId),
      );
      const entries = nomineeHistory.filter((entry) => entry.decisionNumber === decision.decisionNumber);
      assert.deepEqual(entries.map((entry) => [entry.awardTypeId, entry.year, entry.source]), [[run.award.id, 2024, 'decision']], `${run.award.id} history`);
    }
  });

  it('when decisions are issued, then the decision and certificate PDFs name the nominee, the award and the number', async () => {
    await Promise.all(
      outcomes.map(async ({ run, decision }) => {
        for (const kind of ['decision', 'certificate'] as const) {
          const document = await harness.runtime.store.decisions.getDocument(decision.decisionId, kind);
          assert.ok(document, `${run.award.id}: no ${kind} PDF`);
          assert.equal(document.contentType, 'application/pdf');
          const text = await pdfText(document.content);
          // The award as the documents name it (a provincial Bằng khen by who gives it; document-content.test.ts has the wording).
          const awardName = awardWording(run.award, null, issuingBodyText(decision.authority, decision.issuerCode).deciderText).name;
          for (const phrase of [names[run.kind], awardName, decision.decisionNumber]) {
            assert.ok(containsPhrase(text, phrase), `${run.award.id} ${kind} lacks "${phrase}":\n${text}`);
          }
        }
      }),
    );
  });

  it('when a route has councils and a disclosure, then the nomination shows each tally (counts only) and the posting', async () => {
    for (const { route, nominationId, run } of outcomes) {
      const councils = route.filter((level) => level.kind === 'council').map((level) => level.id);
      const disclosures = route.filter((level) => level.kind === 'disclosure').map((level) => level.id);
      const details = await waitFor(
        async () => (await harness.runtime.store.nominations.get(nominationId))?.details ?? {},
        (d) => ((d.tallies as unknown[]) ?? []).length === councils.length && ((d.disclosures as unknown[]) ?? []).length === disclosures.length,
        { what: `${run.award.id} notices` },
      );
      const tallies = (details.tallies ?? []) as TallyRecord[];
      assert.deepEqual(tallies.map((tally) => tally.levelId), councils);
      for (const tally of tallies) {
        assert.equal(tally.outcome, 'passed');
        assert.deepEqual(Object.keys(tally).sort(), ['abstain', 'eligible', 'levelId', 'no', 'outcome', 'quorumMet', 'recordedAt', 'round', 'tallyId', 'yes']);
      }
      assert.deepEqual(((details.disclosures ?? []) as Array<{ levelId: string }>).map((posting) => posting.levelId), disclosures);
    }
  });
});
