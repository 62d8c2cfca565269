/**
 * The base salary (mức lương cơ sở) that reward money is a multiple of, and how an amount is
 * rounded. Effective-dated data: the Government raises the base salary by decree from a date.
 *
 * † Values marked † are reference values to confirm against the text of the cited decree
 * before they are relied on; they are data, never constants in code (DOMAIN.md).
 */
import type { EffectiveDated } from './effective-dated.ts';

/** Monthly base salary in VND; each entry ends where the next begins. */
export const baseSalaryVnd: readonly EffectiveDated<number>[] = Object.freeze([
  { from: '2019-07-01', to: '2023-06-30', value: 1_490_000, source: 'Nghị định 38/2019/NĐ-CP, Điều 3' },
  { from: '2023-07-01', to: '2024-06-30', value: 1_800_000, source: 'Nghị định 24/2023/NĐ-CP, Điều 3' },
  { from: '2024-07-01', value: 2_340_000, source: 'Nghị định 73/2024/NĐ-CP, Điều 3' },
]);

/** How a reward amount (multiplier × base salary) is rounded. */
export interface RewardRounding {
  /** Rounded to a multiple of this many VND. */
  stepVnd: number;
  /** `up`: to the next multiple (the decrees' wording is "làm tròn số lên"); `nearest`: half up. */
  mode: 'up' | 'nearest';
}

export const rewardRounding: readonly EffectiveDated<RewardRounding>[] = Object.freeze([
  // † DOMAIN.md: rounded to the thousand VND. Decree 91/2017/NĐ-CP rounded *up to the ten
  // thousand* ("làm tròn số lên hàng chục nghìn đồng"); confirm the step in Decree 98/2023/NĐ-CP
  // (chương tiền thưởng, điều về cách tính tiền thưởng†). Every multiplier in the table times
  // every base salary above is already a whole thousand, so today the step changes nothing.
  { from: '2024-01-01', value: { stepVnd: 1_000, mode: 'up' }, source: 'Nghị định 98/2023/NĐ-CP (cách tính tiền thưởng)†' },
]);

/** Rounds `amountVnd` by `rounding`. Guards against float noise (0.3 × 1,490,000 = 446,999.99…). */
export function roundReward(amountVnd: number, rounding: RewardRounding): number {
  const steps = Math.round((amountVnd / rounding.stepVnd) * 1e6) / 1e6;
  return (rounding.mode === 'up' ? Math.ceil(steps) : Math.round(steps)) * rounding.stepVnd;
}
