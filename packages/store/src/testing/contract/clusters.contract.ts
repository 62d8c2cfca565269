import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, it } from 'node:test';
import type { ClusterYearRecord, Store } from '../../store.port.ts';
import { clusterAgreement, newClusterYear } from '../store-fixtures.ts';

/** The record without its handover, to compare with what was written. */
const written = ({ handover: _handover, ...year }: ClusterYearRecord) => year;

/** clusters: emulation clusters per year and the handover of their chair (Trưởng cụm). */
export function clustersContract(store: () => Store): void {
  describe('clusters', () => {
    it('when a year is upserted, then getYear reads every field back, the agreement’s signatures with their times', async () => {
      const year = newClusterYear();
      await store().clusters.upsertYear(year);
      const stored = await store().clusters.getYear(year.clusterId, year.year);
      assert.ok(stored);
      assert.equal(stored.handover, null);
      assert.deepEqual(written(stored), year);
      assert.ok(stored.agreement?.signatures[0]?.signedAt instanceof Date);
      assert.equal(await store().clusters.getYear(year.clusterId, 2031), null);
      assert.equal(await store().clusters.getYear(`cum-${randomUUID()}`, year.year), null);
    });

    it('when a year without responsible, roles source or agreement is upserted, then those read back as null', async () => {
      const year = newClusterYear({ responsible: null, rolesSource: null, agreement: null });
      await store().clusters.upsertYear(year);
      assert.deepEqual(await store().clusters.getYear(year.clusterId, year.year), { ...year, handover: null });
    });

    it('when a year is upserted again, then it is replaced whole; listYears gives the cluster’s years oldest first and no other cluster’s', async () => {
      const first = newClusterYear({ year: 2023 });
      const { clusterId } = first;
      await store().clusters.upsertYear(first);
      await store().clusters.upsertYear(newClusterYear({ clusterId, year: 2022 }));
      await store().clusters.upsertYear(newClusterYear({ year: 2022 }));
      const replaced = { ...first, members: first.members.slice(0, 2), chair: first.members[1]!, deputy: first.members[0]!, agreement: clusterAgreement({ signatures: [], ranking: 'dense' }) };
      await store().clusters.upsertYear(replaced);
      const years = await store().clusters.listYears(clusterId);
      assert.deepEqual(years.map((year) => year.year), [2022, 2023]);
      assert.deepEqual(written(years[1]!), replaced);
      assert.deepEqual(await store().clusters.listYears(`cum-${randomUUID()}`), []);
    });

    it('when a recorded year is handed over, then its chair and deputy change and it is marked; the same effect again changes nothing', async () => {
      const year = newClusterYear({ year: 2023 });
      await store().clusters.upsertYear(year);
      const byEffectId = `${randomUUID()}.9.1`;
      const handover = { clusterId: year.clusterId, year: 2023, chair: year.members[1]!, deputy: year.members[2]!, byEffectId };
      assert.equal(await store().clusters.recordHandover(handover), 'recorded');
      const stored = await store().clusters.getYear(year.clusterId, 2023);
      assert.deepEqual(written(stored!), { ...year, chair: year.members[1], deputy: year.members[2] });
      assert.equal(stored?.handover?.byEffectId, byEffectId);
      assert.ok(stored?.handover?.at instanceof Date);

      assert.equal(await store().clusters.recordHandover({ ...handover, chair: year.members[2]!, deputy: year.members[0]! }), 'exists');
      assert.deepEqual(await store().clusters.getYear(year.clusterId, 2023), stored);
    });

    it('when another effect hands over a year already handed over, then it is a conflict and nothing changes', async () => {
      const year = newClusterYear({ year: 2023 });
      await store().clusters.upsertYear(year);
      const handover = { clusterId: year.clusterId, year: 2023, chair: year.members[1]!, deputy: year.members[2]!, byEffectId: randomUUID() };
      await store().clusters.recordHandover(handover);
      const before = await store().clusters.getYear(year.clusterId, 2023);
      assert.equal(await store().clusters.recordHandover({ ...handover, chair: year.members[0]!, byEffectId: randomUUID() }), 'conflict');
      assert.deepEqual(await store().clusters.getYear(year.clusterId, 2023), before);
    });

    it('when the year handed over is not recorded, then it is created from the year before, with the members given or the year before’s and its agreement unsigned', async () => {
      const previous = newClusterYear({ year: 2022 });
      await store().clusters.upsertYear(previous);
      const byEffectId = randomUUID();
      const outcome = await store().clusters.recordHandover({ clusterId: previous.clusterId, year: 2023, chair: previous.members[1]!, deputy: previous.members[2]!, byEffectId });
      assert.equal(outcome, 'recorded');
      const created = await store().clusters.getYear(previous.clusterId, 2023);
      assert.ok(previous.agreement && previous.agreement.signatures.length > 0, 'the year before was signed');
      assert.deepEqual(written(created!), { ...previous, year: 2023, chair: previous.members[1], deputy: previous.members[2], rolesSource: null, agreement: { ...previous.agreement, signatures: [] } });
      assert.equal((await store().clusters.getYear(previous.clusterId, 2022))?.agreement?.signatures.length, previous.agreement.signatures.length, 'the year before keeps its signatures');
      assert.equal(created?.handover?.byEffectId, byEffectId);

      // A member merged away during the evaluation is left out of the next year.
      const merged = newClusterYear({ year: 2022 });
      await store().clusters.upsertYear(merged);
      const members = [merged.members[1]!, merged.members[2]!];
      await store().clusters.recordHandover({ clusterId: merged.clusterId, year: 2023, chair: members[0]!, deputy: members[1]!, byEffectId: randomUUID(), members });
      assert.deepEqual((await store().clusters.getYear(merged.clusterId, 2023))?.members, members);
      assert.deepEqual((await store().clusters.listYears(merged.clusterId)).map((year) => year.year), [2022, 2023]);
    });

    it('when neither the year nor the year before is recorded, then the handover is notFound and creates nothing', async () => {
      const clusterId = `cum-${randomUUID()}`;
      await store().clusters.upsertYear(newClusterYear({ clusterId, year: 2020 }));
      const handover = { clusterId, year: 2023, chair: 'ubnd-tinh-bac-kan', deputy: 'ubnd-tinh-thai-nguyen', byEffectId: randomUUID() };
      assert.equal(await store().clusters.recordHandover(handover), 'notFound');
      assert.deepEqual((await store().clusters.listYears(clusterId)).map((year) => year.year), [2020]);
    });

    it('when a handed-over year is upserted again, then it stays marked and a redelivered handover is still "exists"', async () => {
      const year = newClusterYear({ year: 2023 });
      await store().clusters.upsertYear(year);
      const handover = { clusterId: year.clusterId, year: 2023, chair: year.members[1]!, deputy: year.members[2]!, byEffectId: randomUUID() };
      await store().clusters.recordHandover(handover);
      const marked = (await store().clusters.getYear(year.clusterId, 2023))?.handover;
      await store().clusters.upsertYear({ ...year, agreement: null });
      const after = await store().clusters.getYear(year.clusterId, 2023);
      assert.deepEqual(after?.handover, marked);
      assert.equal(after?.agreement, null);
      assert.equal(await store().clusters.recordHandover(handover), 'exists');
    });

    it('when one handover is delivered ten times at once, and another effect races it, then one is recorded and the rest change nothing', async () => {
      const previous = newClusterYear({ year: 2022 });
      await store().clusters.upsertYear(previous);
      const handover = { clusterId: previous.clusterId, year: 2023, chair: previous.members[1]!, deputy: previous.members[2]!, byEffectId: randomUUID() };
      const rival = { ...handover, chair: previous.members[2]!, deputy: previous.members[0]!, byEffectId: randomUUID() };
      const outcomes = await Promise.all([...Array.from({ length: 10 }, () => store().clusters.recordHandover(handover)), store().clusters.recordHandover(rival)]);
      const recorded = (await store().clusters.getYear(previous.clusterId, 2023))!;
      const winner = recorded.handover?.byEffectId === handover.byEffectId ? handover : rival;
      assert.equal(outcomes.filter((outcome) => outcome === 'recorded').length, 1);
      assert.equal([recorded.chair, recorded.deputy].join(), [winner.chair, winner.deputy].join());
      if (winner === handover) assert.deepEqual(outcomes.slice(10), ['conflict']);
      else assert.deepEqual(outcomes.slice(0, 10), Array(10).fill('conflict'));
      assert.deepEqual(outcomes.filter((outcome) => outcome === 'notFound'), []);
    });
  });
}
