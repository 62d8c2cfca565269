import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createLogger } from '@vinh-danh/log';
import type { Store } from '@vinh-danh/store';
import { newNomination } from '../../store/src/testing/store-fixtures.ts';
import { openTestStore } from '../../store/src/testing/store-targets.ts';
import { createDecisionHandlers } from './decision-handlers.ts';
import { DecisionError } from './decision-errors.ts';

const log = createLogger({ service: 'test', level: 'silent' });
const clock = { now: () => Date.parse('2025-03-01T02:00:00Z') };
/** An in-memory fake of the engine port: notices read its clock and never dispatch. */
const fakeEngine = { clock, dispatch: () => Promise.reject(new Error('notices never dispatch')) };
const context = (effectId: string) => ({ effectId, instanceId: 'instance-1', log });
const tally = { levelId: 'provinceCouncil', round: 1, yes: 7, no: 1, abstain: 1, eligible: 9, quorumMet: true, outcome: 'passed' };

describe('public notices (publishDisclosure, recordTally)', () => {
  let store: Store;
  before(async () => {
    store = await openTestStore('pglite');
  });
  after(async () => {
    await store?.close();
  });

  it('when a posting is delivered twice, then the nomination shows it once, closing postingDays later', async () => {
    const handlers = createDecisionHandlers({ store, engine: fakeEngine, log });
    const nomination = newNomination();
    await store.nominations.create(nomination);
    const payload = { levelId: 'provinceDisclosure', postingDays: 10, round: 1, nominationId: nomination.nominationId };
    await handlers.publishDisclosure!(payload, context('i.7.1'));
    await handlers.publishDisclosure!(payload, context('i.7.1'));
    const stored = await store.nominations.get(nomination.nominationId);
    assert.deepEqual(stored?.details.disclosures, [
      { disclosureId: 'i.7.1', levelId: 'provinceDisclosure', round: 1, postingDays: 10, postedAt: '2025-03-01T02:00:00.000Z', closesAt: '2025-03-11T02:00:00.000Z' },
    ]);
  });

  it('when a tally is recorded, then the nomination shows its counts and outcome only', async () => {
    const handlers = createDecisionHandlers({ store, engine: fakeEngine, log });
    const nomination = newNomination();
    await store.nominations.create(nomination);
    await handlers.recordTally!({ ...tally, nominationId: nomination.nominationId }, context('i.9.0'));
    const stored = await store.nominations.get(nomination.nominationId);
    assert.deepEqual(stored?.details.tallies, [{ tallyId: 'i.9.0', ...tally, recordedAt: '2025-03-01T02:00:00.000Z' }]);
  });

  it('when a tally payload carries more than the counts (a ballot), then it fails for good and nothing is stored', async () => {
    const handlers = createDecisionHandlers({ store, engine: fakeEngine, log });
    const nomination = newNomination();
    await store.nominations.create(nomination);
    const leaky = { ...tally, nominationId: nomination.nominationId, ballots: { 'a@x.vn': 'no' } };
    await assert.rejects(handlers.recordTally!(leaky, context('i.9.1')), (error) => error instanceof DecisionError && error.permanent);
    assert.equal((await store.nominations.get(nomination.nominationId))?.details.tallies, undefined);
  });

  it('when a notice names no nomination, or one the store does not hold, then it is only logged (a warning each) and nothing is stored', async () => {
    const lines: { level: number; msg: string }[] = [];
    const capturing = createLogger({ service: 'test', level: 'info', destination: { write: (line: string) => void lines.push(JSON.parse(line) as { level: number; msg: string }) } });
    const handlers = createDecisionHandlers({ store, engine: fakeEngine, log: capturing });
    const held = newNomination();
    await store.nominations.create(held);
    const noticeContext = (effectId: string) => ({ ...context(effectId), log: capturing });
    await handlers.recordTally!({ ...tally, nominationId: null }, noticeContext('i.9.2'));
    await handlers.publishDisclosure!({ levelId: 'provinceDisclosure', postingDays: 10, round: 1, nominationId: 'missing' }, noticeContext('i.9.3'));
    await handlers.recordTally!({ ...tally, nominationId: 'missing' }, noticeContext('i.9.4'));
    assert.deepEqual(
      lines.map((line) => [line.level, line.msg]),
      [
        [40, 'tally of an instance without a nomination: logged only'],
        [40, 'disclosure for a nomination the store does not hold: logged only'],
        [40, 'tally for a nomination the store does not hold: logged only'],
      ],
    );
    assert.equal(await store.nominations.get('missing'), null);
    const untouched = await store.nominations.get(held.nominationId);
    assert.equal(untouched?.details.tallies, undefined);
    assert.equal(untouched?.details.disclosures, undefined);
  });
});
