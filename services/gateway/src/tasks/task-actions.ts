import type { WorkflowEvent } from '@vinh-danh/store';
import { isCleanText, typedText } from '../http/body-safety.ts';
import type { FieldProblem } from '../http/http-errors.ts';
import { both } from '../i18n/i18n.ts';
import type { TaskKind } from '../nominations/procedure-view.ts';

/**
 * What a task page offers: the commendation kinds (review, ballot, decision, resubmit, an
 * objection's confirmation) and the nomination-approval procedure's review, kept for
 * instances started on it.
 */
export type PageKind = TaskKind | 'legacyReview';

/** The kinds whose page is the task form (an objection's confirmation has a page of its own). */
export type FormKind = Exclude<PageKind, 'objection'>;

export const commentLimit = 2000;

/** The choices of each kind of task, as the radio values the page posts. */
export const choicesFor: Record<FormKind, readonly string[]> = {
  review: ['forward', 'requestChanges', 'reject'],
  ballot: ['yes', 'no', 'abstain', 'recuse'],
  decision: ['approve', 'decline'],
  resubmit: ['resubmit', 'withdraw'],
  legacyReview: ['approve', 'reject', 'requestChanges'],
};

/** The comment is required for a request for changes (what to change) and a recusal (why). */
const needsComment = new Set(['requestChanges', 'recuse']);

export interface ReadDecision {
  decision: string;
  comment: string;
  problems: FieldProblem[];
}

/** Checks a posted choice and comment against what the task offers. */
export function readDecision(kind: FormKind, decision: string, rawComment: string): ReadDecision {
  const problems: FieldProblem[] = [];
  const comment = typedText(rawComment);
  if (!choicesFor[kind].includes(decision)) problems.push({ field: 'decision', message: both(kind === 'ballot' ? 'error.ballotRequired' : 'error.decisionRequired') });
  if (comment.length > commentLimit) problems.push({ field: 'comment', message: both('error.tooLong', { max: commentLimit }) });
  else if (!isCleanText(comment)) problems.push({ field: 'comment', message: both('error.badCharacters') });
  else if (needsComment.has(decision) && !comment) {
    problems.push({ field: 'comment', message: both(decision === 'recuse' ? 'error.recusalReasonRequired' : 'error.commentRequired') });
  }
  return { decision, comment, problems };
}

/** The procedure event a checked choice stands for, acting as the task's assignee. */
export function eventFor(kind: FormKind, decision: string, comment: string, by: string): WorkflowEvent {
  const withComment = comment ? { comment } : {};
  switch (kind) {
    case 'ballot':
      return decision === 'recuse' ? { type: 'recuse', by, reason: comment } : { type: 'vote', by, ballot: decision };
    case 'decision':
      return { type: 'decide', by, approve: decision === 'approve', ...withComment };
    case 'resubmit':
      return { type: decision, by };
    default:
      return { type: decision, by, ...withComment };
  }
}
