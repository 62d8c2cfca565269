import type { RecordTallyParams, ResolvedLevel } from '@vinh-danh/domain';
import type { HistoryEntry, InstanceRecord, TaskRecord } from '@vinh-danh/store';

/**
 * What the pages may show of a commendation instance, read from its stored snapshot. Never the
 * sitting's running counts or who voted (`ballots`): only closed tallies, which the machine
 * keeps as counts. Everything here is safe for the public tracking page except the people of
 * the route (assignees, members), which pages never print.
 */
export interface ProcedureView {
  /** The machine's state, e.g. `council.voting`, `disclosure.posted`, `decided`. */
  state: string;
  route: ResolvedLevel[];
  levelIndex: number;
  round: number;
  /** Round and reopenings as task keys carry them: `1`, `2`, `1.1` after an objection. */
  stage: string;
  simplified: boolean;
  /** The level being worked on; null once the procedure is over. */
  currentLevel: ResolvedLevel | null;
  /** Levels behind the nomination in this round (all of them once decided). */
  passedLevels: ResolvedLevel[];
  /** Where a procedure that ended without a decision stopped (refused, withdrawn, expired); null otherwise. */
  endedLevel: ResolvedLevel | null;
  /** Closed council votes, counts only, in order. */
  tallies: RecordTallyParams[];
  objections: Array<{ levelId: string; objection: string; round: number }>;
  /** The objection the current review must look into. */
  openObjection: string | null;
  rejection: { levelId: string; reason: string } | null;
  /** `amountVnd` null: the catalogue sets no amount for the award (the decision record says why). */
  decision: { decisionNumber: string; amountVnd: number | null } | null;
  /** While posted for public comment: the end of the posting period. */
  postedUntil: Date | null;
  /** How many objections to the current posting wait for confirmation: for the objection form's limit. */
  pendingObjections: number;
}

/** `objection`: the confirmation of an objection, held by its writer (a member of the public), at a disclosure level. */
export type TaskKind = 'review' | 'ballot' | 'decision' | 'resubmit' | 'objection';

/** The state a commendation is in while posted for public comment. */
export const postedState = 'disclosure.posted';
/** A posting that has ended, waiting for the objections filed in time to be confirmed or to lapse. */
export const closingState = 'disclosure.closing';

/**
 * What the writer of a waiting objection filed, as the history's `object` event holds it (the
 * procedure keeps only who waits). Its confirmation task's key ends `-objection-<n>`: the n-th
 * objection the procedure took (from 0) since it last entered the posting, repeated ones (from an
 * address already waiting, which get no task) counted too, as the procedure numbers them.
 */
export function filedObjectionText(history: readonly HistoryEntry[], task: Pick<TaskRecord, 'taskId' | 'assignee'>): string | null {
  const index = objectionIndexOf(task);
  if (index === undefined) return null;
  const entered = history.findLastIndex((entry) => entersState(entry, postedState));
  const filed = history.slice(entered + 1).filter((entry) => entry.eventType === 'object' && entry.changed)[index];
  return filed?.event.by === task.assignee && typeof filed.event.objection === 'string' ? filed.event.objection : null;
}

/** The `<index>` that ends an objection's confirmation task key (`-objection-<index>`); undefined for any other task. */
const objectionIndexOf = (task: Pick<TaskRecord, 'taskId'>): number | undefined => {
  const index = /-objection-(\d+)$/.exec(task.taskId)?.[1];
  return index === undefined ? undefined : Number(index);
};

/** An objection's confirmation task: `-objection-<index>` ends its key. Its holder is a member of the public. */
export const isObjectionConfirmation = (task: Pick<TaskRecord, 'taskId'>) => objectionIndexOf(task) !== undefined;

/** Whether the entry moved the instance into `state` from another one. */
const entersState = (entry: HistoryEntry, state: string) => entry.toState === state && entry.fromState !== state;

const finalStates = new Set(['decided', 'rejected', 'withdrawn', 'expired']);

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** When the history last enters `state` from another state (the store's `history.lastEntered`, on a history already read). */
export function lastEnteredIn(history: readonly HistoryEntry[], state: string): Date | null {
  return history.findLast((entry) => entersState(entry, state))?.at ?? null;
}

/**
 * The commendation view of an instance; null for another procedure or an unreadable snapshot.
 * `postedSince`: when the instance last entered {@link postedState}, which dates the posting.
 */
export function procedureViewOf(instance: InstanceRecord | null, postedSince: Date | null): ProcedureView | null {
  if (!instance || instance.definitionId !== 'commendation' || !isRecord(instance.snapshot)) return null;
  const context = instance.snapshot.context;
  if (!isRecord(context) || !Array.isArray(context.route)) return null;
  const route = context.route as ResolvedLevel[];
  const levelIndex = Number(context.levelIndex ?? 0);
  const final = finalStates.has(instance.stateValue);
  const decided = instance.stateValue === 'decided';
  const currentLevel = final ? null : (route[levelIndex] ?? null);
  const objections = Array.isArray(context.objections)
    ? (context.objections as Array<Record<string, unknown>>).map((entry) => ({ levelId: String(entry.levelId), objection: String(entry.objection), round: Number(entry.round) }))
    : [];
  let postedUntil: Date | null = null;
  if (instance.stateValue === postedState && currentLevel && postedSince) {
    postedUntil = new Date(postedSince.getTime() + currentLevel.deadlineMs);
  }
  const round = Number(context.round ?? 1);
  const reopened = Number(context.reopened ?? 0);
  return {
    state: instance.stateValue,
    route,
    levelIndex,
    round,
    stage: reopened === 0 ? `${round}` : `${round}.${reopened}`,
    simplified: context.simplified === true,
    currentLevel,
    passedLevels: decided ? route : route.slice(0, levelIndex),
    endedLevel: final && !decided ? (route[levelIndex] ?? null) : null,
    tallies: Array.isArray(context.tallies) ? (context.tallies as RecordTallyParams[]) : [],
    objections,
    openObjection: typeof context.openObjection === 'string' ? context.openObjection : null,
    rejection: isRecord(context.rejection) ? { levelId: String(context.rejection.levelId), reason: String(context.rejection.reason) } : null,
    decision: isRecord(context.decision)
      ? {
          decisionNumber: String(context.decision.decisionNumber),
          amountVnd: typeof context.decision.amountVnd === 'number' ? context.decision.amountVnd : null,
        }
      : null,
    postedUntil,
    pendingObjections: Array.isArray(context.pendingObjections) ? context.pendingObjections.length : 0,
  };
}

/** Where a level of the route stands: behind the nomination, being worked on, where it ended, or still ahead. */
export type LevelStatus = 'passed' | 'current' | 'ended' | 'ahead';

export function levelStatusOf(view: ProcedureView, level: Pick<ResolvedLevel, 'id'>): LevelStatus {
  if (view.passedLevels.some((passed) => passed.id === level.id)) return 'passed';
  if (level.id === view.currentLevel?.id) return 'current';
  return level.id === view.endedLevel?.id ? 'ended' : 'ahead';
}

/** The level a task belongs to (its step is the level id), if any. */
export const levelOfTask = (view: ProcedureView, task: Pick<TaskRecord, 'step'>) => view.route.find((level) => level.id === task.step);

/** Whether a task id is a council ballot's: ballot tasks carry `-ballot-<index>` in their key. */
export const isBallotTaskId = (taskId: string) => /-ballot-\d+$/.test(taskId);

/** What a commendation task asks of its holder. */
export function taskKindOf(view: ProcedureView, task: Pick<TaskRecord, 'step' | 'taskId'>): TaskKind | undefined {
  if (task.step === 'resubmit') return 'resubmit';
  const level = levelOfTask(view, task);
  if (!level) return undefined;
  if (level.kind === 'council') return isBallotTaskId(task.taskId) ? 'ballot' : undefined;
  if (level.kind === 'disclosure') return isObjectionConfirmation(task) ? 'objection' : undefined;
  return level.kind === 'review' || level.kind === 'decision' ? level.kind : undefined;
}

/** The sitting a ballot task belongs to: its stage (`1`, `1.1` …) within the level. */
export const ballotStageOf = (task: Pick<TaskRecord, 'taskId' | 'step'>) => /-(\d+(?:\.\d+)?)-ballot-\d+$/.exec(task.taskId)?.[1] ?? null;

/**
 * The tally of the sitting a ballot task belonged to, once that sitting closed; null while it
 * is open (or when it ended without a count, withdrawn). Sittings of a level are told apart by
 * the stage in their task keys, and each closed sitting recorded one tally, in order.
 */
export function tallyForBallot(view: ProcedureView, tasks: readonly TaskRecord[], task: TaskRecord): RecordTallyParams | null {
  const stage = ballotStageOf(task);
  if (!stage) return null;
  const sittingOpen = view.state.startsWith('council.') && view.currentLevel?.id === task.step && view.stage === stage;
  if (sittingOpen) return null;
  const stages: string[] = [];
  for (const other of [...tasks].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime())) {
    const otherStage = other.step === task.step ? ballotStageOf(other) : null;
    if (otherStage && !stages.includes(otherStage)) stages.push(otherStage);
  }
  const sitting = stages.indexOf(stage);
  return sitting < 0 ? null : (view.tallies.filter((tally) => tally.levelId === task.step)[sitting] ?? null);
}
