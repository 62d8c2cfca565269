/**
 * The commendation machine's context: built (and the route checked) when an instance starts,
 * and read by guards, delays and effect builders. Pure functions of plain JSON.
 */
import { assertVoteRule, isWorkingDays, showsText, tallyVote, type Ballot, type ResolvedLevel, type Tally } from '@vinh-danh/domain';
import type { CommendationContext, CommendationInput, CouncilSitting, PendingObjection } from './commendation.types.ts';

/** Level ids become task keys (`${levelId}-${stage}…`); no dashes keeps those keys unambiguous. */
const LEVEL_ID = /^[A-Za-z][A-Za-z0-9]{0,63}$/;

const isPositiveMs = (value: unknown) => Number.isSafeInteger(value) && (value as number) > 0;
const isName = showsText;

/** Problems of one level, named `route[i].field`. */
function levelProblems(level: ResolvedLevel, index: number, route: readonly ResolvedLevel[]): string[] {
  const at = (field: string) => `route[${index}].${field}`;
  const problems: string[] = [];
  if (typeof level.id !== 'string' || !LEVEL_ID.test(level.id) || level.id === 'resubmit') problems.push(at('id'));
  if (!['review', 'council', 'disclosure', 'decision'].includes(level.kind)) problems.push(at('kind'));
  if (!isPositiveMs(level.deadlineMs)) problems.push(at('deadlineMs'));
  if (level.kind === 'decision' && index !== route.length - 1) problems.push(`${at('kind')} (only the last level decides)`);
  if (index === route.length - 1 && level.kind !== 'decision') problems.push(`${at('kind')} (the last level must decide)`);
  if (level.kind !== 'disclosure') {
    const reminder = level.reminderBeforeMs;
    // Strictly inside the period, so the reminder fires before, never with, the deadline.
    if (!isPositiveMs(reminder) || reminder >= level.deadlineMs) problems.push(at('reminderBeforeMs'));
  }
  if (level.kind === 'review' || level.kind === 'decision') {
    if (!isName(level.assignee)) problems.push(at('assignee'));
    if (level.escalationAssignee !== undefined) {
      if (!isName(level.escalationAssignee)) problems.push(at('escalationAssignee'));
      if (!isPositiveMs(level.escalationWindowMs)) problems.push(at('escalationWindowMs'));
    }
  }
  if (level.kind === 'council') {
    const members = Array.isArray(level.members) ? level.members : [];
    if (members.length === 0 || !members.every(isName) || new Set(members).size !== members.length) problems.push(at('members'));
    try {
      assertVoteRule(level.vote!);
    } catch {
      problems.push(at('vote'));
    }
  }
  if (level.kind === 'disclosure') {
    if (!Number.isSafeInteger(level.postingDays) || level.postingDays! <= 0) problems.push(at('postingDays'));
    if (!route.slice(0, index).some((earlier) => earlier.kind === 'review')) problems.push(`${at('kind')} (no review before it to take objections)`);
    // One posting would run straight into the next, its history not telling where the second began.
    if (route[index - 1]?.kind === 'disclosure') problems.push(`${at('kind')} (right after another disclosure: post once, for the longer period)`);
  }
  if (level.kind === 'decision') {
    if (!isName(level.authority)) problems.push(at('authority'));
    if (!isName(level.issuerCode)) problems.push(at('issuerCode'));
    if (level.issuingUnitId !== undefined && !isName(level.issuingUnitId)) problems.push(at('issuingUnitId'));
  }
  // Working days come in pairs, never for a disclosure (its period is in calendar days).
  if (level.deadlineWorkingDays !== undefined || level.escalationWorkingDays !== undefined) {
    if (level.kind === 'disclosure' || !isWorkingDays(level.deadlineWorkingDays)) problems.push(at('deadlineWorkingDays'));
    if (!isWorkingDays(level.escalationWorkingDays)) problems.push(at('escalationWorkingDays'));
  }
  return problems;
}

/** A copy with only the fields the machine reads, so nothing stray or `undefined` is persisted. */
function plainLevel(level: ResolvedLevel): ResolvedLevel {
  return {
    id: level.id,
    kind: level.kind,
    nameVi: String(level.nameVi ?? level.id),
    nameEn: String(level.nameEn ?? level.id),
    assignee: String(level.assignee ?? ''),
    ...(level.escalationAssignee !== undefined ? { escalationAssignee: level.escalationAssignee } : {}),
    members: level.kind === 'council' ? [...level.members] : [],
    ...(level.kind === 'council' && level.vote
      ? {
          vote: {
            quorum: level.vote.quorum, passShare: level.vote.passShare, of: level.vote.of, secret: level.vote.secret === true,
            ...(level.vote.threshold !== undefined ? { threshold: level.vote.threshold } : {}),
          },
        }
      : {}),
    deadlineMs: level.deadlineMs,
    reminderBeforeMs: level.reminderBeforeMs ?? 0,
    escalationWindowMs: level.escalationWindowMs ?? 0,
    ...(level.kind === 'disclosure' ? { postingDays: level.postingDays } : {}),
    ...(level.kind === 'decision' ? { authority: level.authority, issuerCode: level.issuerCode } : {}),
    ...(level.kind === 'decision' && level.issuingUnitId !== undefined ? { issuingUnitId: level.issuingUnitId } : {}),
    ...(level.deadlineWorkingDays !== undefined ? { deadlineWorkingDays: level.deadlineWorkingDays, escalationWorkingDays: level.escalationWorkingDays } : {}),
  };
}

/**
 * The initial context. Guarantees: the route is non-empty, ends in its only `decision` level,
 * has unique dash-free level ids, positive durations with reminders strictly inside their
 * periods, members and a valid vote rule for every council, a review before every disclosure,
 * and an authority and issuer code for the decision. A bad input is a configuration bug, not a
 * business outcome: it throws a `RangeError` naming every bad field, which xstate turns into an
 * initial snapshot with `status: 'error'` (the engine refuses to start it).
 */
export function createCommendationContext(input: CommendationInput): CommendationContext {
  const problems: string[] = [];
  for (const field of ['nominationId', 'awardTypeId', 'submitter'] as const) {
    if (!isName(input[field])) problems.push(field);
  }
  if (!isPositiveMs(input.resubmitWindowMs)) problems.push('resubmitWindowMs');
  if (input.resubmitWorkingDays !== undefined && !isWorkingDays(input.resubmitWorkingDays)) problems.push('resubmitWorkingDays');
  const route = Array.isArray(input.route) ? input.route : [];
  if (route.length === 0) problems.push('route (empty)');
  route.forEach((level, index) => problems.push(...levelProblems(level, index, route)));
  if (new Set(route.map((level) => level.id)).size !== route.length) problems.push('route (level ids repeat)');
  if (problems.length > 0) throw new RangeError(`Invalid commendation input: ${problems.join(', ')}`, { cause: input });

  return {
    nominationId: input.nominationId,
    awardTypeId: input.awardTypeId,
    submitter: input.submitter,
    simplified: input.simplified === true,
    resubmitWindowMs: input.resubmitWindowMs,
    ...(input.resubmitWorkingDays !== undefined ? { resubmitWorkingDays: input.resubmitWorkingDays } : {}),
    route: route.map(plainLevel),
    levelIndex: 0,
    round: 1,
    reopened: 0,
    currentAssignee: null,
    currentTaskKey: null,
    ballots: {},
    recused: {},
    tallies: [],
    objections: [],
    pendingObjections: [],
    objectionsFiled: 0,
    repeatedObjections: [],
    openObjection: null,
    lastComment: null,
    rejection: null,
    decision: null,
  };
}

/** The level being worked on. The route is checked non-empty and `levelIndex` stays inside it. */
export function currentLevel(context: Pick<CommendationContext, 'route' | 'levelIndex'>): ResolvedLevel {
  return context.route[context.levelIndex]!;
}

/** Index of the most recent review before the current level: where an objection sends the dossier. */
export function previousReviewIndex(context: CommendationContext): number {
  for (let index = context.levelIndex - 1; index >= 0; index -= 1) {
    if (context.route[index]!.kind === 'review') return index;
  }
  return 0; // unreachable for a checked route: every disclosure has a review before it
}

/**
 * At most this many objections wait for confirmation in one posting; more are refused until some
 * lapse or the posting ends. A waiting objection keeps only its task key and address in the
 * snapshot (tens of kilobytes at most).
 */
export const maxPendingObjections = 1000;

/** An objection's confirmation window, in days of its posting: unconfirmed after it, it lapses. */
export const objectionConfirmDays = 2;

/**
 * The current posting's confirmation window in milliseconds: {@link objectionConfirmDays} of its
 * days (a test's short days make a short window), never past the posting's own length.
 */
export function objectionConfirmWindowMs(context: Pick<CommendationContext, 'route' | 'levelIndex'>): number {
  const level = currentLevel(context);
  const days = level.postingDays ?? 0;
  return days > objectionConfirmDays ? Math.round((level.deadlineMs / days) * objectionConfirmDays) : level.deadlineMs;
}

/** Objections taken during the current posting: the number the next one's task key gets. */
export function objectionsFiledOf(context: Pick<CommendationContext, 'objectionsFiled' | 'pendingObjections'>): number {
  return context.objectionsFiled ?? pendingObjectionsOf(context).length;
}

/** The lapses due for the posting's repeated objections (none in snapshots from before they had them). */
export function repeatedObjectionsOf(context: Pick<CommendationContext, 'repeatedObjections'>): string[] {
  return context.repeatedObjections ?? [];
}

/** The posting's objections awaiting confirmation (none in snapshots from before they were confirmed). */
export function pendingObjectionsOf(context: Pick<CommendationContext, 'pendingObjections'>): PendingObjection[] {
  return context.pendingObjections ?? [];
}

/** `1`, `2` … per round; `1.1`, `1.2` … after objections within it. Makes every task key unique. */
export function stage(context: Pick<CommendationContext, 'round' | 'reopened'>): string {
  return context.reopened === 0 ? `${context.round}` : `${context.round}.${context.reopened}`;
}

/** The current council's members with their index in the level (ballot task keys use it). */
export function councilMembers(context: CommendationContext): Array<{ member: string; index: number }> {
  return currentLevel(context).members.map((member, index) => ({ member, index }));
}

/** Members of the current council who have neither voted nor recused: their ballot tasks are open. */
export function membersYetToAct(context: CommendationContext): Array<{ member: string; index: number }> {
  const levelId = currentLevel(context).id;
  const voted = new Set(context.ballots[levelId]?.voted ?? []);
  const recused = context.recused[levelId] ?? {};
  return councilMembers(context).filter(({ member }) => !voted.has(member) && !Object.hasOwn(recused, member));
}

/** The current council's tally; `closed` at its deadline. */
export function councilTally(context: CommendationContext, closed: boolean): Tally {
  const level = currentLevel(context);
  return tallyVote({
    rule: level.vote!,
    members: level.members,
    recused: Object.keys(context.recused[level.id] ?? {}),
    ballots: anonymousBallots(context.ballots[level.id] ?? emptySitting),
    closed,
  });
}

export const emptySitting: CouncilSitting = { voted: [], yes: 0, no: 0, abstain: 0 };

/**
 * Ballots for the tally, rebuilt from the counts: the voters are paired with ballots in an
 * arbitrary fixed order. The tally only counts, so the pairing does not matter — and it
 * reveals nothing, since the real pairing was never kept.
 */
function anonymousBallots(sitting: CouncilSitting): Record<string, Ballot> {
  const kinds: Ballot[] = [
    ...Array<Ballot>(sitting.yes).fill('yes'),
    ...Array<Ballot>(sitting.no).fill('no'),
    ...Array<Ballot>(sitting.abstain).fill('abstain'),
  ];
  return Object.fromEntries(sitting.voted.map((member, index) => [member, kinds[index] ?? 'abstain']));
}
