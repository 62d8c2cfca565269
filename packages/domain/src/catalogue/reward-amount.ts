/**
 * Reward money of one decision: the multiplier in force on the decision date times the base
 * salary in force on that date (the decrees take "mức lương cơ sở … có hiệu lực vào thời điểm
 * ban hành quyết định khen thưởng"†), rounded. A later base salary never changes a past amount.
 */
import { awardFits, findAwardType, type NomineeKind } from '../award-types.ts';
import { baseSalaryVnd, rewardRounding, roundReward } from './base-salary.ts';
import { NomineeKindMismatchError, UnknownAwardTypeError } from './catalogue-errors.ts';
import { inForce } from './effective-dated.ts';
import { multipliersFor, rewardMultipliers } from './reward-multipliers.ts';

export interface RewardAmountInput {
  awardTypeId: string;
  nomineeKind: NomineeKind;
  /** `YYYY-MM-DD` of the decision. */
  decisionDate: string;
}

export interface PayableReward {
  multiplier: number;
  baseSalaryVnd: number;
  /** multiplier × base salary, rounded as the rounding rule in force says (to the thousand VND†). */
  amountVnd: number;
  multiplierSource: string;
  baseSalarySource: string;
}

/** Why a decision carries no amount from the catalogue. */
export type UnpaidReason =
  /** The award's money is not set by this table (e.g. an order paid by class the catalogue does not hold). */
  | 'notInTable'
  /** No multiplier in force on the decision date (before the decree the catalogue holds). */
  | 'noMultiplierInForce'
  /** No base salary in force on the decision date. */
  | 'noBaseSalaryInForce';

export interface UnpaidReward {
  amountVnd: null;
  reason: UnpaidReason;
  reasonVi: string;
  reasonEn: string;
}

export type RewardAmount = PayableReward | UnpaidReward;

/**
 * The reward of a decision, or `amountVnd: null` with the reason when the catalogue sets none.
 * Throws {@link UnknownAwardTypeError}, {@link NomineeKindMismatchError}, or
 * `InvalidCatalogueDateError` for a malformed date.
 */
export function rewardAmount(input: RewardAmountInput): RewardAmount {
  const awardType = findAwardType(input.awardTypeId);
  if (!awardType) throw new UnknownAwardTypeError(input.awardTypeId);
  if (!awardFits(awardType, input.nomineeKind)) throw new NomineeKindMismatchError(input.awardTypeId, input.nomineeKind);

  const noReward = rewardMultipliers[input.awardTypeId]?.noReward;
  if (noReward) return { amountVnd: null, reason: 'notInTable', ...noReward };
  const multiplier = inForce(multipliersFor(input.awardTypeId, input.nomineeKind) ?? [], input.decisionDate);
  if (!multiplier) {
    return {
      amountVnd: null, reason: 'noMultiplierInForce',
      reasonVi: `Danh mục chưa có hệ số tiền thưởng có hiệu lực ngày ${input.decisionDate}`,
      reasonEn: `The catalogue has no reward multiplier in force on ${input.decisionDate}`,
    };
  }
  const baseSalary = inForce(baseSalaryVnd, input.decisionDate);
  const rounding = inForce(rewardRounding, input.decisionDate);
  if (!baseSalary || !rounding) {
    return {
      amountVnd: null, reason: 'noBaseSalaryInForce',
      reasonVi: `Danh mục chưa có mức lương cơ sở có hiệu lực ngày ${input.decisionDate}`,
      reasonEn: `The catalogue has no base salary in force on ${input.decisionDate}`,
    };
  }
  return {
    multiplier: multiplier.value,
    baseSalaryVnd: baseSalary.value,
    amountVnd: roundReward(multiplier.value * baseSalary.value, rounding.value),
    multiplierSource: multiplier.source,
    baseSalarySource: baseSalary.source,
  };
}
