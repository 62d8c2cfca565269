/**
 * Decision numbers under load: 50 procedures of one authority reach `issueDecision` at once and
 * the workers issue them concurrently. Numbers must come out 1..50, distinct, with no gaps —
 * on the embedded store and on PostgreSQL (several pool connections racing).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { WorkflowDefinition } from '@vinh-danh/engine';
import { definitions } from '@vinh-danh/workflows';
import { routeForRun, signers, startRun, testUnit } from '../support/commendation-runs.ts';
import { postgresReachable, startHarness, type Harness, type StoreKind } from '../support/harness.ts';
import { waitFor } from '../support/wait.ts';

const pgSkip = await postgresReachable();
const COUNT = 50;

for (const kind of ['pglite', 'postgres'] as StoreKind[]) {
  describe(`decision numbers on ${kind}`, { skip: kind === 'postgres' ? pgSkip : undefined }, () => {
    let harness: Harness;
    before(async () => {
      harness = await startHarness({ store: kind, definitions: definitions as unknown as WorkflowDefinition[], workers: 2, concurrency: 16 });
      await harness.runtime.store.units.upsert(testUnit);
    });
    after(async () => {
      await harness?.close();
    });

    it(`when ${COUNT} decisions of one authority are issued at once, then they are numbered 1..${COUNT} with no gap or duplicate`, async () => {
      const { engine, store } = harness.runtime;
      // Only the decision level: every instance waits on the authority's decision.
      const route = routeForRun('bang-khen-bo-nganh-tinh').filter((level) => level.kind === 'decision');
      const runs = await Promise.all(
        Array.from({ length: COUNT }, (_, index) =>
          startRun(harness.runtime, { awardTypeId: 'bang-khen-bo-nganh-tinh', route, nominee: { kind: 'individual', name: `Trần Văn Đức ${index + 1}`, identifier: `0300${index}` } }),
        ),
      );
      await waitFor(() => Promise.all(runs.map((run) => store.instances.get(run.instanceId))), (all) => all.every((i) => i?.stateValue === 'decision.pending'), {
        what: 'every instance at the decision',
      });
      const authorityPerson = route[0]!.assignee;
      await Promise.all(
        runs.map((run) =>
          engine.dispatch({ instanceId: run.instanceId, eventId: 'decide', event: { type: 'decide', by: authorityPerson, approve: true }, meta: { actor: authorityPerson } }),
        ),
      );
      const finals = await waitFor(() => Promise.all(runs.map((run) => store.instances.get(run.instanceId))), (all) => all.every((i) => i?.stateValue === 'decided'), {
        what: `${COUNT} decisions issued`,
        timeoutMs: 60_000,
      });

      const decisions = (await Promise.all(runs.map((run) => store.decisions.listByNomination(run.nominationId)))).flat();
      assert.equal(decisions.length, COUNT);
      assert.deepEqual(decisions.map((decision) => decision.number).sort((a, b) => a - b), Array.from({ length: COUNT }, (_, index) => index + 1));
      const { issuerCode } = signers.ministerOrProvincialChairman;
      assert.ok(decisions.every((decision) => decision.decisionNumber === `${decision.number}/${issuerCode}`));
      // Each instance got its own decision's number.
      const numberOf = new Map(decisions.map((decision) => [decision.instanceId, decision.decisionNumber]));
      for (const instance of finals) {
        assert.equal((instance!.snapshot as { output: { decisionNumber: string } }).output.decisionNumber, numberOf.get(instance!.instanceId));
      }
    });
  });
}
