import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { awardFits, awardTypes, type NomineeKind } from '../award-types.ts';
import { roundReward } from './base-salary.ts';
import { InvalidCatalogueDateError, NomineeKindMismatchError, UnknownAwardTypeError } from './catalogue-errors.ts';
import { rewardAmount, type PayableReward } from './reward-amount.ts';

function payable(result: ReturnType<typeof rewardAmount>): PayableReward {
  assert.notEqual(result.amountVnd, null, JSON.stringify(result));
  return result as PayableReward;
}

describe('rewardAmount', () => {
  it('when decisions fall either side of 1 July 2024, then they differ by the base salary in force on each date', () => {
    const before = payable(rewardAmount({ awardTypeId: 'lao-dong-tien-tien', nomineeKind: 'individual', decisionDate: '2024-06-30' }));
    const after = payable(rewardAmount({ awardTypeId: 'lao-dong-tien-tien', nomineeKind: 'individual', decisionDate: '2024-07-01' }));
    assert.deepEqual([before.multiplier, before.baseSalaryVnd, before.amountVnd], [0.3, 1_800_000, 540_000]);
    assert.deepEqual([after.multiplier, after.baseSalaryVnd, after.amountVnd], [0.3, 2_340_000, 702_000]);
    assert.match(before.baseSalarySource, /24\/2023\/NĐ-CP/);
    assert.match(after.baseSalarySource, /73\/2024\/NĐ-CP/);
    assert.match(after.multiplierSource, /98\/2023\/NĐ-CP/);
  });

  it('when the nominee is a collective, then awards given to both kinds pay twice and collective titles pay their own figure', () => {
    const on = '2024-07-01';
    const amount = (awardTypeId: string, nomineeKind: NomineeKind) => payable(rewardAmount({ awardTypeId, nomineeKind, decisionDate: on })).amountVnd;
    assert.equal(amount('giay-khen', 'individual'), 702_000);
    assert.equal(amount('giay-khen', 'collective'), 1_404_000);
    assert.equal(amount('huan-chuong-lao-dong-hang-ba', 'collective'), 2 * amount('huan-chuong-lao-dong-hang-ba', 'individual'));
    assert.equal(amount('tap-the-lao-dong-xuat-sac', 'collective'), 3_510_000);
    assert.equal(amount('co-thi-dua-chinh-phu', 'collective'), 28_080_000);
  });

  it('when every award is decided today, then each fitting nominee kind has an amount or an explicit reason for none', () => {
    const today = new Date().toISOString().slice(0, 10);
    const unpaid: string[] = [];
    for (const awardType of awardTypes) {
      for (const nomineeKind of ['individual', 'collective'] as const) {
        if (!awardFits(awardType, nomineeKind)) continue;
        const result = rewardAmount({ awardTypeId: awardType.id, nomineeKind, decisionDate: today });
        if (result.amountVnd === null) {
          assert.equal(result.reason, 'notInTable', `${awardType.id} ${nomineeKind}`);
          assert.ok(result.reasonVi && result.reasonEn);
          unpaid.push(awardType.id);
        } else {
          assert.ok(Number.isSafeInteger(result.amountVnd) && result.amountVnd > 0 && result.amountVnd % 1000 === 0, awardType.id);
        }
      }
    }
    assert.deepEqual([...new Set(unpaid)], ['huan-chuong-doc-lap']);
  });

  it('when the decision predates the decree the catalogue holds, then there is no amount and the reason says so', () => {
    const result = rewardAmount({ awardTypeId: 'giay-khen', nomineeKind: 'individual', decisionDate: '2023-12-31' });
    assert.equal(result.amountVnd, null);
    assert.equal(result.amountVnd === null && result.reason, 'noMultiplierInForce');
  });

  it('when an amount is rounded, then it goes up to the step and float noise does not add a step', () => {
    assert.equal(roundReward(0.3 * 1_490_000, { stepVnd: 1000, mode: 'up' }), 447_000);
    assert.equal(roundReward(702_001, { stepVnd: 1000, mode: 'up' }), 703_000);
    assert.equal(roundReward(702_400, { stepVnd: 1000, mode: 'nearest' }), 702_000);
    assert.equal(roundReward(702_000, { stepVnd: 10_000, mode: 'up' }), 710_000);
  });

  it('when the input is wrong, then a typed error names it', () => {
    assert.throws(() => rewardAmount({ awardTypeId: 'co-thi-dua-chinh-phu', nomineeKind: 'individual', decisionDate: '2024-07-01' }), NomineeKindMismatchError);
    assert.throws(() => rewardAmount({ awardTypeId: 'nope', nomineeKind: 'individual', decisionDate: '2024-07-01' }), UnknownAwardTypeError);
    assert.throws(() => rewardAmount({ awardTypeId: 'giay-khen', nomineeKind: 'individual', decisionDate: '2024-02-30' }), (error: unknown) =>
      error instanceof InvalidCatalogueDateError && error.httpStatus === 400 && error.name === 'InvalidCatalogueDateError');
  });
});
