import type { TaskRecord } from '@vinh-danh/store';
import { html } from '../http/html.ts';
import type { FieldProblem } from '../http/http-errors.ts';
import { t, type Lang, type MessageKey } from '../i18n/i18n.ts';
import { roleOfTask, roleText, type NominationProgress } from '../nominations/nomination-progress.ts';
import { errorSummary, radios, textArea } from '../views/form-controls.ts';
import { formatBytes, formatDateTime, messagePage, page } from '../views/layout.ts';
import { nominationSummary, timelineList } from '../views/nomination.views.ts';
import type { LinkRefusal } from './task-access.ts';

export const commentLimit = 2000;

/** The decisions a task offers: reviewers decide, the submitter resubmits or withdraws. */
export const decisionsFor = (task: Pick<TaskRecord, 'step'>) =>
  task.step === 'resubmit' ? (['resubmit', 'withdraw'] as const) : (['approve', 'reject', 'requestChanges'] as const);

export interface TaskPageOptions {
  lang: Lang;
  token: string;
  task: TaskRecord;
  progress: NominationProgress;
  csrfToken: string;
  values: { decision: string; comment: string };
  problems: FieldProblem[];
}

/** A task reached from its e-mailed link: the dossier, its files, its history, and the decision form. */
export function taskPage(options: TaskPageOptions): string {
  const { lang, task, progress, token } = options;
  const title = t(lang, task.step === 'resubmit' ? 'task.resubmitTitle' : 'task.title');
  const error = (field: string) => options.problems.find((problem) => problem.field === field)?.message[lang];
  const summary = options.problems.map((problem) => ({
    id: problem.field === 'decision' ? 'decision-0' : problem.field,
    label: t(lang, problem.field === 'decision' ? 'task.decisionLegend' : 'task.comment'),
    message: problem.message[lang],
  }));
  const body = html`${errorSummary(lang, summary)}
<h1>${title}</h1>
<p>${t(lang, 'task.youAre', { role: roleText(roleOfTask(task), lang) })}
${task.dueAt ? t(lang, 'task.due', { deadline: formatDateTime(task.dueAt, lang) }) : ''}</p>
${nominationSummary(progress, lang, { withContact: true })}
<h2>${t(lang, 'summary.attachments')}</h2>
${progress.attachments.length
  ? html`<ul class="files">${progress.attachments.map(
      (file) => html`<li><a href="/tasks/${token}/attachments/${file.attachmentId}" download>${t(lang, 'task.download', { name: file.filename })}</a> (${formatBytes(file.size)})</li>`,
    )}</ul>`
  : html`<p>${t(lang, 'review.noFiles')}</p>`}
<h2>${t(lang, 'track.history')}</h2>
${timelineList(progress, lang)}
<form method="post" action="/tasks/${token}" novalidate>
<input type="hidden" name="_csrf" value="${options.csrfToken}">
${radios({
  lang,
  id: 'decision',
  label: t(lang, 'task.decisionLegend'),
  value: options.values.decision,
  error: error('decision'),
  choices: decisionsFor(task).map((decision) => ({ value: decision, text: t(lang, `decision.${decision}` as MessageKey) })),
})}
${textArea({ lang, id: 'comment', label: t(lang, 'task.comment'), hint: t(lang, 'task.commentHint'), value: options.values.comment, error: error('comment'), maxlength: commentLimit, rows: 5 })}
<button type="submit" class="button">${t(lang, 'task.submit')}</button>
</form>`;
  return page({ lang, title, body, langSwitchPath: `/tasks/${token}`, hasErrors: summary.length > 0 });
}

export function decisionRecordedPage(options: { lang: Lang; decision: string; duplicate: boolean; trackingCode: string | null }): string {
  const { lang } = options;
  return messagePage({
    lang,
    title: t(lang, 'task.recordedTitle'),
    paragraphs: [
      options.duplicate ? t(lang, 'task.recordedBefore') : t(lang, 'task.recorded', { decision: t(lang, `decision.${options.decision}` as MessageKey) }),
    ],
    links: options.trackingCode ? [{ href: `/track/${options.trackingCode}`, text: t(lang, 'task.trackLink') }] : [],
  });
}

const refusalKeys: Record<LinkRefusal, { title: MessageKey; text: MessageKey }> = {
  forged: { title: 'link.forgedTitle', text: 'link.forged' },
  used: { title: 'link.usedTitle', text: 'link.used' },
  expired: { title: 'link.expiredTitle', text: 'link.expired' },
};

export function refusedLinkPage(lang: Lang, reason: LinkRefusal): string {
  const keys = refusalKeys[reason];
  return messagePage({ lang, title: t(lang, keys.title), paragraphs: [t(lang, keys.text)], links: [{ href: '/', text: t(lang, 'site.home') }] });
}
