/**
 * Deadlines of the cluster's year-end evaluation, as data.
 *
 * Plain calendar milliseconds, like the other procedures; a working-day calendar can replace
 * them later without changing the machine, which only reads `context.deadlines`. Defaults are
 * placeholders sized for a year-end round (weeks), not statutory values.
 */

const DAY_MS = 24 * 60 * 60 * 1000;

export interface ClusterEvaluationDeadlines {
  /** Time each member's representative has to sign the agreement. */
  signingMs: number;
  /** Time to hand in the self-assessment with evidence. */
  selfAssessmentMs: number;
  /** Time to score every other member. */
  crossScoringMs: number;
  /** Time the chair has for a decision (proceed without signatures, consolidate) before the deputy is asked. */
  chairActionMs: number;
  /** Time each ballot round stays open. */
  votingMs: number;
  /** A reminder goes out this long before each of the above; shorter than all of them. */
  reminderBeforeMs: number;
  /** Time the head (or the deputy) has after a missed deadline before the stage moves on or lapses. */
  escalationWindowMs: number;
}

export const defaultClusterEvaluationDeadlines: Readonly<ClusterEvaluationDeadlines> = Object.freeze({
  signingMs: 14 * DAY_MS,
  selfAssessmentMs: 21 * DAY_MS,
  crossScoringMs: 14 * DAY_MS,
  chairActionMs: 7 * DAY_MS,
  votingMs: 3 * DAY_MS,
  reminderBeforeMs: 1 * DAY_MS,
  escalationWindowMs: 5 * DAY_MS,
});

const STAGE_KEYS = ['signingMs', 'selfAssessmentMs', 'crossScoringMs', 'chairActionMs', 'votingMs'] as const;

/**
 * Defaults with `overrides` over them, checked: every duration a positive safe integer, the
 * reminder strictly inside every stage's period (so it fires before, never with, the deadline).
 * Throws a `RangeError` naming the bad fields — a configuration bug, not an outcome.
 */
export function resolveClusterEvaluationDeadlines(overrides: Partial<ClusterEvaluationDeadlines> = {}): ClusterEvaluationDeadlines {
  const deadlines: ClusterEvaluationDeadlines = { ...defaultClusterEvaluationDeadlines };
  for (const key of Object.keys(defaultClusterEvaluationDeadlines) as Array<keyof ClusterEvaluationDeadlines>) {
    const value = overrides[key];
    if (value !== undefined) deadlines[key] = value;
  }
  const invalid = (Object.keys(deadlines) as Array<keyof ClusterEvaluationDeadlines>).filter((key) => !Number.isSafeInteger(deadlines[key]) || deadlines[key] <= 0);
  if (STAGE_KEYS.some((key) => deadlines.reminderBeforeMs >= deadlines[key])) invalid.push('reminderBeforeMs');
  if (invalid.length > 0) throw new RangeError(`Invalid cluster-evaluation deadlines: ${[...new Set(invalid)].join(', ')}`, { cause: deadlines });
  return deadlines;
}
