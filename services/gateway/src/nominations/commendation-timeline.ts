import type { HistoryEntry, TaskRecord } from '@vinh-danh/store';
import { t, type Lang, type MessageKey } from '../i18n/i18n.ts';
import { closingState, levelOfTask, postedState, type ProcedureView } from './procedure-view.ts';

/** The name of the body that acted through a task, in the page's language. */
function bodyOf(view: ProcedureView, tasks: readonly TaskRecord[], entry: HistoryEntry, lang: Lang): string {
  const task = tasks.find((candidate) => candidate.taskId === entry.meta.via);
  const level = task ? levelOfTask(view, task) : undefined;
  return level ? (lang === 'vi' ? level.nameVi : level.nameEn) : t(lang, 'role.unknown');
}

/** What a timer did, told by the states it moved between. */
function timerText(entry: HistoryEntry, lang: Lang): string {
  const from = entry.fromState ?? '';
  if (entry.toState === 'expired') return t(lang, 'event.expired');
  if (entry.toState.endsWith('.escalated') && from !== entry.toState) return t(lang, 'event.escalatedToDeputy');
  if (from === postedState && entry.toState === closingState) return t(lang, 'event.disclosureClosing');
  if (from === postedState && entry.toState !== from) return t(lang, 'event.disclosureEnded');
  if (from.startsWith('council.') && !entry.toState.startsWith('council.')) return t(lang, 'event.councilClosed');
  return t(lang, 'event.reminder');
}

const byBody: Record<string, MessageKey> = {
  forward: 'event.forward',
  requestChanges: 'event.requestChangesBy',
  reject: 'event.rejectBy',
  vote: 'event.vote',
  recuse: 'event.recuse',
};

/**
 * A commendation history entry as a sentence naming the body that acted (never a person's
 * address, never a ballot); undefined for entries both procedures share (submission,
 * resubmission, refused links), which the common timeline words.
 */
export function commendationTimelineText(view: ProcedureView, tasks: readonly TaskRecord[], entry: HistoryEntry, lang: Lang): string | undefined {
  const type = entry.eventType;
  const key = byBody[type];
  if (key) return t(lang, key, { body: bodyOf(view, tasks, entry, lang) });
  if (type === 'decide') {
    return t(lang, entry.event.approve === true ? 'event.decideApprove' : 'event.decideDecline', { body: bodyOf(view, tasks, entry, lang) });
  }
  if (type === 'object') return t(lang, 'event.object');
  if (type === 'confirmObjection') return t(lang, 'event.confirmObjection');
  if (type === 'objectionLapsed') return t(lang, 'event.objectionLapsed');
  if (type === 'decisionIssued') return t(lang, 'event.decisionIssued', { number: String(entry.event.decisionNumber ?? '') });
  if (type.startsWith('xstate.after.')) return timerText(entry, lang);
  return undefined;
}
