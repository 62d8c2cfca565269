import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, it } from 'node:test';
import type { DisclosureRecord, Store, TallyRecord } from '../../store.port.ts';
import { newNomination } from '../store-fixtures.ts';

const disclosure = (overrides: Partial<DisclosureRecord> = {}): DisclosureRecord => ({
  disclosureId: randomUUID(),
  levelId: 'provinceDisclosure',
  round: 1,
  postingDays: 10,
  postedAt: '2025-03-01T02:00:00.000Z',
  closesAt: '2025-03-11T02:00:00.000Z',
  ...overrides,
});

const tally = (overrides: Partial<TallyRecord> = {}): TallyRecord => ({
  tallyId: randomUUID(),
  levelId: 'provinceCouncil',
  round: 1,
  yes: 7,
  no: 1,
  abstain: 1,
  eligible: 9,
  quorumMet: true,
  outcome: 'passed',
  recordedAt: '2025-03-01T02:00:00.000Z',
  ...overrides,
});

/** nominations.appendDisclosure / appendTally: what the procedure makes public on a nomination. */
export function noticesContract(store: () => Store): void {
  describe('nomination notices (disclosures, tallies)', () => {
    it('when a disclosure is appended twice, then the nomination keeps it once beside its own details', async () => {
      const nomination = newNomination();
      await store().nominations.create(nomination);
      const posting = disclosure();
      assert.equal(await store().nominations.appendDisclosure(nomination.nominationId, posting), 'added');
      assert.equal(await store().nominations.appendDisclosure(nomination.nominationId, { ...posting, postingDays: 99 }), 'exists');
      const stored = await store().nominations.get(nomination.nominationId);
      assert.deepEqual(stored?.details, { ...nomination.details, disclosures: [posting] });
    });

    it('when tallies of two rounds are appended, then both are kept in order, counts only', async () => {
      const nomination = newNomination();
      await store().nominations.create(nomination);
      const first = tally({ outcome: 'failed', yes: 3, no: 6, abstain: 0 });
      const second = tally({ round: 2 });
      assert.equal(await store().nominations.appendTally(nomination.nominationId, first), 'added');
      assert.equal(await store().nominations.appendTally(nomination.nominationId, second), 'added');
      assert.equal(await store().nominations.appendTally(nomination.nominationId, first), 'exists');
      assert.deepEqual((await store().nominations.get(nomination.nominationId))?.details.tallies, [first, second]);
    });

    it('when the nomination does not exist, then the append is notFound and creates nothing', async () => {
      const nominationId = randomUUID();
      assert.equal(await store().nominations.appendDisclosure(nominationId, disclosure()), 'notFound');
      assert.equal(await store().nominations.appendTally(nominationId, tally()), 'notFound');
      assert.equal(await store().nominations.get(nominationId), null);
    });

    it('when 20 tallies and their repeats are appended at once, then each is kept exactly once', async () => {
      const nomination = newNomination();
      await store().nominations.create(nomination);
      const tallies = Array.from({ length: 20 }, (_, index) => tally({ round: index + 1 }));
      const outcomes = await Promise.all([...tallies, ...tallies].map((entry) => store().nominations.appendTally(nomination.nominationId, entry)));
      assert.equal(outcomes.filter((outcome) => outcome === 'added').length, 20);
      const stored = (await store().nominations.get(nomination.nominationId))?.details.tallies as TallyRecord[];
      assert.deepEqual(stored.map((entry) => entry.tallyId).sort(), tallies.map((entry) => entry.tallyId).sort());
    });
  });
}
