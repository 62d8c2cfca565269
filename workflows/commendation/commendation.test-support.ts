/**
 * Test support: route fixtures and a tiny stand-in for the engine that drives the commendation
 * machine through xstate's pure `initialTransition` / `transition`, keeping armed timers the way
 * the engine's scheduler would (raise with a delay arms, cancel disarms, firing sends the event).
 */
import type { ResolvedLevel, RouteLevel, VoteRule } from '@vinh-danh/domain';
import type { SnapshotFrom } from 'xstate';
import { SimulatedRun } from '../testing/simulated-run.ts';
import { commendationMachine as machine, type CommendationInput } from './index.ts';

export { delayName, effectsOf, type Action } from '../testing/simulated-run.ts';

export type Snapshot = SnapshotFrom<typeof machine>;

/** Two thirds of all members, secret ballot: a provincial council (Hội đồng TĐKT tỉnh)†. */
/** An open vote: it closes as soon as it is decided (a secret one waits for every member; see the council tests). */
export const twoThirdsOfMembers: VoteRule = { quorum: 2 / 3, passShare: 2 / 3, of: 'members', secret: false };
/** Half of the ballots cast, quorum of half the members: reaches the vote-closed-and-passed branch. */
export const halfOfVotesCast: VoteRule = { quorum: 1 / 2, passShare: 1 / 2, of: 'votesCast', secret: true };

interface LevelOptions {
  /** Default true: the level has an escalation assignee. */
  escalation?: boolean;
  deadlineMs?: number;
}

/** Tiny, distinct durations: the reminder and escalation window are fixed, deadlines vary by level. */
export const reminderBeforeMs = 100;
export const escalationWindowMs = 300;
export const resubmitWindowMs = 5000;

const base = (id: string, kind: ResolvedLevel['kind'], deadlineMs: number) => ({
  id,
  kind,
  nameVi: `Cấp ${id}`,
  nameEn: `Level ${id}`,
  assignee: `${id}.officer`,
  members: [] as string[],
  deadlineMs,
  reminderBeforeMs,
  escalationWindowMs,
});

export function reviewLevel(id: string, options: LevelOptions = {}): ResolvedLevel {
  const level = base(id, 'review', options.deadlineMs ?? 1000);
  return options.escalation === false ? level : { ...level, escalationAssignee: `${id}.deputy` };
}

export function councilLevel(id: string, memberCount: number, vote: VoteRule = twoThirdsOfMembers): ResolvedLevel {
  const members = Array.from({ length: memberCount }, (_, index) => `${id}.member${index}`);
  return { ...base(id, 'council', 2000), assignee: `${id}.chair`, members, vote };
}

export function disclosureLevel(id: string, postingDays = 10): ResolvedLevel {
  return { ...base(id, 'disclosure', 3000), postingDays };
}

export function decisionLevel(id: string, options: LevelOptions & { authority?: string; issuerCode?: string } = {}): ResolvedLevel {
  const level = {
    ...base(id, 'decision', options.deadlineMs ?? 1500),
    authority: options.authority ?? 'UBND tỉnh Bắc Giang',
    issuerCode: options.issuerCode ?? 'QĐ-UBND',
  };
  return options.escalation === false ? level : { ...level, escalationAssignee: `${id}.deputy` };
}

/**
 * Resolves catalogue levels (roles, working days) to people and tiny durations, the way the
 * gateway will; lets a test run {@link assertRouteCoverage} over every award's route.
 */
export function resolveRouteForTest(levels: readonly RouteLevel[], options: { councilSize?: number } = {}): ResolvedLevel[] {
  return levels.map((level) => {
    const deadlineMs = Math.max(1, level.kind === 'disclosure' ? (level.postingDays ?? 10) : level.deadlineWorkingDays) * 1000;
    const members = level.kind === 'council' ? Array.from({ length: options.councilSize ?? 3 }, (_, index) => `${level.role}.member${index}`) : [];
    return {
      ...base(level.id, level.kind, deadlineMs),
      nameVi: level.nameVi,
      nameEn: level.nameEn,
      assignee: `${level.role}.person`,
      ...(level.escalationRole ? { escalationAssignee: `${level.escalationRole}.person` } : {}),
      members,
      ...(level.vote ? { vote: level.vote } : {}),
      ...(level.kind === 'disclosure' ? { postingDays: level.postingDays ?? 10 } : {}),
      ...(level.kind === 'decision' ? { authority: level.nameVi, issuerCode: 'QĐ-TEST' } : {}),
    };
  });
}

/** The routes the model tests walk; together they reach every state node and transition. */
export const representativeRoutes = {
  // unit review → province review → province council (2/3 of members, secret) → disclosure → central review → decision
  full: [
    reviewLevel('unitReview'),
    reviewLevel('provinceReview'),
    councilLevel('provinceCouncil', 3),
    disclosureLevel('disclosure'),
    reviewLevel('centralReview'),
    decisionLevel('decision', { authority: 'Thủ tướng Chính phủ', issuerCode: 'QĐ-TTg' }),
  ],
  short: [reviewLevel('unitReview'), decisionLevel('decision')],
  simplified: [reviewLevel('unitReview', { escalation: false }), decisionLevel('decision', { escalation: false })],
  councilOnly: [councilLevel('unitCouncil', 3, halfOfVotesCast), decisionLevel('decision')],
} satisfies Record<string, ResolvedLevel[]>;

export function inputFor(route: ResolvedLevel[], overrides: Partial<CommendationInput> = {}): CommendationInput {
  return { nominationId: 'nom-1', awardTypeId: 'bang-khen-thu-tuong', submitter: 'submitter', route, resubmitWindowMs, ...overrides };
}

/** One procedure instance run in memory, as the engine would run it. */
export class SimulatedInstance extends SimulatedRun<typeof machine> {
  constructor(startInput: CommendationInput, machineOfVersion: typeof machine = machine) {
    super(machineOfVersion, startInput);
  }
}
