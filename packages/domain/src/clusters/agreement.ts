/**
 * The emulation agreement (giao ước thi đua) a cluster's members sign each year: the criteria
 * they will be scored against, each with a weight and a scoring scale. Pure validation and
 * arithmetic; the year-end procedure (workflows/cluster-evaluation) calls it for every sheet.
 */
import type { LeadingUnitVoteRule } from './leading-unit-vote.ts';
import type { RankingMethod } from './ranking.ts';

/** Allowed scores of one criterion: `min`, `min + step`, … up to `max`. */
export interface ScoringScale {
  min: number;
  max: number;
  step: number;
}

export interface Criterion {
  /** Stable id, e.g. `phat-trien-kt-xh`; score sheets are keyed by it. */
  criterionId: string;
  nameVi: string;
  nameEn: string;
  /** Multiplies the criterion's score in the weighted total; positive. */
  weight: number;
  scale: ScoringScale;
}

/** One year's agreement: what is scored, how the ranking and the vote for leading units work. */
export interface EmulationAgreement {
  clusterId: string;
  year: number;
  criteria: readonly Criterion[];
  ranking: RankingMethod;
  /** Share of the self-assessment in a member's consolidated score, in [0, 1) (see `ranking.ts`). */
  selfAssessmentWeight: number;
  vote: LeadingUnitVoteRule;
  /** Where the criteria come from (the signed text), or a note that they are illustrative. */
  source: string;
}

/** Scores by criterion id, e.g. `{ 'phat-trien-kt-xh': 8.5 }`. */
export type ScoreSheet = Readonly<Record<string, number>>;

/** One reason a score or sheet is refused, worded for the person who entered it. */
export interface ScoreProblem {
  criterionId: string;
  message: string;
}

/** A sheet that does not fit the agreement's criteria; 422 for the gateway's error middleware. */
export class InvalidScoreError extends Error {
  override name = 'InvalidScoreError';
  readonly httpStatus = 422;
  constructor(readonly problems: readonly ScoreProblem[], options?: ErrorOptions) {
    super(problems.map((problem) => problem.message).join('; '), options);
  }
}

/** Products of decimal steps and weights carry float noise (0.1 × 3); totals are compared at this grain. */
const TOTAL_GRAIN = 1e6;
/** A score within this of a step counts as on it (7.000000000000001 is 7). */
const STEP_EPSILON = 1e-9;

const describeScale = ({ min, max, step }: ScoringScale) => `${min}–${max} in steps of ${step}`;
const label = (criterion: Criterion) => `Criterion "${criterion.nameVi}" (${criterion.criterionId})`;

/**
 * Why `score` does not fit `criterion`'s scale, or `null` when it does. The message names the
 * criterion and the allowed range, e.g. `Criterion "Công tác khen thưởng" (cong-tac-khen-thuong):
 * 12 is outside the allowed range 0–10 in steps of 0.5`.
 */
export function validateScore(criterion: Criterion, score: unknown): ScoreProblem | null {
  const { min, max, step } = criterion.scale;
  const problem = (message: string) => ({ criterionId: criterion.criterionId, message: `${label(criterion)}: ${message}` });
  if (typeof score !== 'number' || !Number.isFinite(score)) return problem(`${JSON.stringify(score) ?? 'nothing'} is not a number; allowed ${describeScale(criterion.scale)}`);
  if (score < min || score > max) return problem(`${score} is outside the allowed range ${describeScale(criterion.scale)}`);
  const steps = (score - min) / step;
  if (Math.abs(steps - Math.round(steps)) > STEP_EPSILON) return problem(`${score} is not on the scale ${describeScale(criterion.scale)}`);
  return null;
}

/** Every problem of a sheet: a score for each criterion, nothing else, each on its scale. Empty when valid. */
export function scoreSheetProblems(criteria: readonly Criterion[], sheet: unknown): ScoreProblem[] {
  if (typeof sheet !== 'object' || sheet === null || Array.isArray(sheet)) {
    return [{ criterionId: '', message: 'Scores must be an object of criterion id → number' }];
  }
  const known = new Set(criteria.map((criterion) => criterion.criterionId));
  const unknown = Object.keys(sheet)
    .filter((criterionId) => !known.has(criterionId))
    .map((criterionId) => ({ criterionId, message: `"${criterionId}" is not a criterion of this agreement` }));
  const scored = criteria.flatMap((criterion) => {
    if (!Object.hasOwn(sheet, criterion.criterionId)) return [{ criterionId: criterion.criterionId, message: `${label(criterion)}: missing; allowed ${describeScale(criterion.scale)}` }];
    const problem = validateScore(criterion, (sheet as Record<string, unknown>)[criterion.criterionId]);
    return problem ? [problem] : [];
  });
  return [...scored, ...unknown];
}

/** Throws {@link InvalidScoreError} listing every problem of the sheet. */
export function assertScoreSheet(criteria: readonly Criterion[], sheet: unknown): asserts sheet is ScoreSheet {
  const problems = scoreSheetProblems(criteria, sheet);
  if (problems.length > 0) throw new InvalidScoreError(problems);
}

/** Rounds a total to the grain at which totals are compared (see `TOTAL_GRAIN`). */
export function roundTotal(total: number): number {
  return Math.round(total * TOTAL_GRAIN) / TOTAL_GRAIN;
}

/** Σ weight × score over the criteria, rounded (see {@link roundTotal}); a missing score counts 0. */
export function weightedTotal(criteria: readonly Criterion[], sheet: ScoreSheet): number {
  return roundTotal(criteria.reduce((sum, criterion) => sum + criterion.weight * (sheet[criterion.criterionId] ?? 0), 0));
}

/** Problems of the criteria themselves (a configuration bug): unique ids, positive weights, sane scales. */
export function criteriaProblems(criteria: readonly Criterion[]): string[] {
  const problems: string[] = [];
  if (criteria.length === 0) problems.push('criteria (none)');
  const seen = new Set<string>();
  criteria.forEach((criterion, index) => {
    const at = `criteria[${index}]`;
    if (typeof criterion.criterionId !== 'string' || !/^[a-z0-9]+(-[a-z0-9]+)*$/.test(criterion.criterionId)) problems.push(`${at}.criterionId`);
    if (seen.has(criterion.criterionId)) problems.push(`${at}.criterionId (repeats)`);
    seen.add(criterion.criterionId);
    if (!(Number.isFinite(criterion.weight) && criterion.weight > 0)) problems.push(`${at}.weight`);
    const { min, max, step } = criterion.scale ?? ({} as ScoringScale);
    const stepsOk = Number.isFinite(min) && Number.isFinite(max) && min < max && Number.isFinite(step) && step > 0;
    const whole = stepsOk && Math.abs((max - min) / step - Math.round((max - min) / step)) <= STEP_EPSILON;
    if (!whole) problems.push(`${at}.scale (min < max, step > 0 dividing max − min)`);
  });
  return problems;
}
