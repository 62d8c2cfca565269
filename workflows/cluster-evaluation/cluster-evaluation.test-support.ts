/**
 * Test support: the seed cluster as input with tiny distinct deadlines, helpers that act for a
 * member, and a stand-in for the engine that drives the machine through xstate's pure
 * `initialTransition` / `transition`, keeping armed timers as the engine's scheduler would.
 */
import { northernMidlandsMembers } from '@vinh-danh/domain';
import type { SnapshotFrom } from 'xstate';
import { SimulatedRun } from '../testing/simulated-run.ts';
import { clusterEvaluationMachine as machine, seedClusterEvaluationInput, type ClusterEvaluationInput } from './index.ts';

export { delayName, effectsOf, type Action } from '../testing/simulated-run.ts';

export type Snapshot = SnapshotFrom<typeof machine>;

export const m = northernMidlandsMembers;
/** The seven in the seed report's order. */
export const seven = [m.bacGiang, m.bacKan, m.thaiNguyen, m.hoaBinh, m.tuyenQuang, m.yenBai, m.phuTho];

/** Tiny, distinct durations, so each timer is told apart by its delay. */
export const deadlines = {
  signingMs: 1000, selfAssessmentMs: 2000, crossScoringMs: 3000, chairActionMs: 500, votingMs: 800, reminderBeforeMs: 100, escalationWindowMs: 300,
};

export function input(overrides: Partial<ClusterEvaluationInput> = {}): ClusterEvaluationInput {
  return { ...seedClusterEvaluationInput({ deadlines }), ...overrides };
}

const domainOf = (memberId: string) => memberId.replace(/^ubnd-tinh-/, '').replaceAll('-', '');
/** The representative of a seed member (Ban Thi đua – Khen thưởng). */
export const rep = (memberId: string) => `ban-tdkt@${domainOf(memberId)}.example`;
/** The head of a seed member (Chủ tịch UBND tỉnh). */
export const head = (memberId: string) => `chu-tich@ubnd.${domainOf(memberId)}.example`;

/** A full score sheet on the seed criteria: `base` everywhere, whole points on the cluster-work criterion (its steps are 1). */
export const sheet = (base: number) => ({ 'phat-trien-kt-xh': base, 'phong-trao-thi-dua': base, 'cong-tac-khen-thuong': base, 'hoat-dong-cum': Math.floor(base) });

/** One instance run in memory, as the engine would run it. */
export class SimulatedInstance extends SimulatedRun<typeof machine> {
  constructor(startInput: ClusterEvaluationInput = input()) {
    super(machine, startInput);
  }
}

/** Every member in `members` signs. */
export function signAll(run: SimulatedInstance, members: readonly string[] = seven): SimulatedInstance {
  for (const member of members) run.send({ type: 'sign', by: rep(member) });
  return run;
}

/** Every member in `members` hands in a self-assessment of `scoreOf(member)` everywhere. */
export function selfAssessAll(run: SimulatedInstance, members: readonly string[], scoreOf: (member: string) => number = () => 8): SimulatedInstance {
  for (const member of members) run.send({ type: 'selfAssess', by: rep(member), scores: sheet(scoreOf(member)), evidence: [`https://${domainOf(member)}.example/bao-cao-2022.pdf`] });
  return run;
}

/** Each of `scorers` scores every other of `targets` (default: the scorers): `sheet(scoreOf(scorer, target))`. */
export function crossScoreAll(
  run: SimulatedInstance, scorers: readonly string[], scoreOf: (scorer: string, target: string) => number, targets: readonly string[] = scorers,
): SimulatedInstance {
  for (const scorer of scorers) {
    for (const target of targets) if (target !== scorer) run.send({ type: 'crossScore', by: rep(scorer), member: target, scores: sheet(scoreOf(scorer, target)) });
  }
  return run;
}
