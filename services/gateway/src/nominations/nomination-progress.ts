import { findAwardType, type AwardType } from '@vinh-danh/domain';
import type { AttachmentInfo, DecisionRecord, HistoryEntry, InstanceRecord, NominationRecord, Store, TaskRecord, UnitRecord } from '@vinh-danh/store';
import { t, type Lang, type MessageKey } from '../i18n/i18n.ts';
import { commendationTimelineText } from './commendation-timeline.ts';
import { isObjectionConfirmation, lastEnteredIn, postedState, procedureViewOf, type ProcedureView } from './procedure-view.ts';

/** Everything the pages and the API show about one nomination, read from the store. */
export interface NominationProgress {
  nomination: NominationRecord;
  instance: InstanceRecord | null;
  tasks: TaskRecord[];
  /** Open tasks of the procedure's officials and the submitter (objection confirmations are not among them). */
  openTasks: TaskRecord[];
  history: HistoryEntry[];
  attachments: AttachmentInfo[];
  unit: UnitRecord | null;
  awardType: AwardType | undefined;
  /** The commendation procedure's route, tallies and objections; null for a nomination-approval instance. */
  procedure: ProcedureView | null;
  /** Numbered decisions issued for the nomination (their documents are fetched on demand). */
  decisions: DecisionRecord[];
}

export async function loadProgress(store: Store, nomination: NominationRecord): Promise<NominationProgress> {
  const instanceId = nomination.instanceId;
  const [instance, tasks, history, attachments, unit, decisions] = await Promise.all([
    instanceId ? store.instances.get(instanceId) : null,
    instanceId ? store.tasks.listByInstance(instanceId) : [],
    instanceId ? store.history.list(instanceId) : [],
    store.attachments.listByNomination(nomination.nominationId),
    store.units.get(nomination.unitId),
    store.decisions.listByNomination(nomination.nominationId),
  ]);
  return {
    nomination,
    instance,
    tasks,
    // An objection's confirmation is held by its writer, a member of the public: not a step of
    // the procedure whose holder or due date pages and the API show.
    openTasks: tasks.filter((task) => task.status === 'open' && !isObjectionConfirmation(task)),
    history,
    attachments,
    unit,
    awardType: findAwardType(nomination.awardTypeId),
    procedure: procedureViewOf(instance, lastEnteredIn(history, postedState)),
    decisions,
  };
}

export type Role = 'unitLeader' | 'unitLeaderEscalation' | 'officer' | 'officerEscalation' | 'submitter';

/** Who holds a task, as a role: its step, and whether it is the escalated one (its key says so). */
export function roleOfTask(task: Pick<TaskRecord, 'step' | 'taskId'>): Role | undefined {
  const escalated = task.taskId.endsWith('-escalated');
  if (task.step === 'unitLeaderReview') return escalated ? 'unitLeaderEscalation' : 'unitLeader';
  if (task.step === 'officerReview') return escalated ? 'officerEscalation' : 'officer';
  if (task.step === 'resubmit') return 'submitter';
  return undefined;
}

const stateKeys: Record<string, MessageKey> = {
  'unitLeaderReview.pending': 'state.unitLeaderReview.pending',
  'unitLeaderReview.escalated': 'state.unitLeaderReview.escalated',
  'officerReview.pending': 'state.officerReview.pending',
  'officerReview.escalated': 'state.officerReview.escalated',
  changesRequested: 'state.changesRequested',
  approved: 'state.approved',
  rejected: 'state.rejected',
  withdrawn: 'state.withdrawn',
  expired: 'state.expired',
  // The commendation procedure: the level's name is shown beside these.
  'review.pending': 'state.review.pending',
  'review.escalated': 'state.review.escalated',
  'council.voting': 'state.council.voting',
  'council.counting': 'state.council.voting',
  'disclosure.posted': 'state.disclosure.posted',
  'disclosure.closing': 'state.disclosure.closing',
  'decision.pending': 'state.decision.pending',
  'decision.escalated': 'state.decision.escalated',
  'decision.issuing': 'state.decision.issuing',
  decided: 'state.decided',
};

/** The procedure's state in plain words. */
export const stateText = (stateValue: string | undefined, lang: Lang) => t(lang, stateKeys[stateValue ?? ''] ?? 'state.unknown');

export const roleText = (role: Role | 'system' | undefined, lang: Lang) => t(lang, role ? `role.${role}` : 'role.unknown');

export interface TimelineEntry {
  at: Date;
  text: string;
  comment: string | null;
  changed: boolean;
}

/** The role an entry's actor acted in: the task the event came through, else the system. */
function actorRole(progress: NominationProgress, entry: HistoryEntry): Role | 'system' | undefined {
  const task = progress.tasks.find((candidate) => candidate.taskId === entry.meta.via);
  if (task) return roleOfTask(task);
  return entry.meta.source === 'timer' ? 'system' : undefined;
}

const decisions = new Set(['approve', 'reject', 'requestChanges']);

/** The history as sentences, oldest first. Comments are returned as text; pages escape them. */
export function timeline(progress: NominationProgress, lang: Lang): TimelineEntry[] {
  return progress.history.map((entry) => {
    const type = entry.eventType;
    const comment = typeof entry.event.comment === 'string' && entry.event.comment.trim() ? entry.event.comment : null;
    let text: string;
    const commendation = progress.procedure ? commendationTimelineText(progress.procedure, progress.tasks, entry, lang) : undefined;
    if (commendation !== undefined) text = commendation;
    else if (type === 'xstate.init') text = t(lang, 'event.submitted');
    else if (decisions.has(type)) text = t(lang, `event.${type}` as MessageKey, { role: roleText(actorRole(progress, entry), lang) });
    else if (type === 'resubmit' || type === 'withdraw') text = t(lang, `event.${type}`);
    else if (type.startsWith('xstate.after.')) {
      if (entry.toState === 'expired') text = t(lang, 'event.expired');
      else if (entry.toState.endsWith('.escalated') && entry.fromState !== entry.toState) {
        const role: Role = entry.toState.startsWith('officerReview') ? 'officerEscalation' : 'unitLeaderEscalation';
        text = t(lang, 'event.escalated', { role: roleText(role, lang) });
      } else text = t(lang, 'event.reminder');
    } else if (type === 'link.refused') {
      const known: Record<string, MessageKey> = { expired: 'reason.expired', closed: 'reason.closed', withdrawn: 'reason.withdrawn' };
      const reason = known[String(entry.event.reason)] ?? 'reason.used';
      text = t(lang, 'event.linkRefused', { reason: t(lang, reason) });
    } else text = t(lang, 'event.other', { type });
    // A filed objection is never marked as having changed nothing: the mark would set one the
    // procedure refused apart from the others, and tell something of who had objected.
    return { at: entry.at, text, comment, changed: entry.changed || type === 'object' };
  });
}
