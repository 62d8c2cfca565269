import type { RecordTallyParams } from '@vinh-danh/domain';
import type { TaskRecord } from '@vinh-danh/store';
import { objectionsOutlastPosting } from '@vinh-danh/workflows';
import { awardName, unitName } from '../form/form.views.ts';
import { html, type SafeHtml } from '../http/html.ts';
import type { FieldProblem } from '../http/http-errors.ts';
import { t, type Lang, type MessageKey } from '../i18n/i18n.ts';
import { roleOfTask, roleText, type NominationProgress } from '../nominations/nomination-progress.ts';
import type { DossierEntry, DossierRecord } from '../nominations/dossier.ts';
import { filedObjectionText, levelOfTask } from '../nominations/procedure-view.ts';
import { errorSummary, radios, textArea } from '../views/form-controls.ts';
import { formatBytes, formatDateTime, messagePage, page } from '../views/layout.ts';
import { nominationSummary, timelineList } from '../views/nomination.views.ts';
import { reviewerNotices, tallyText } from '../views/procedure.views.ts';
import type { LinkRefusal } from './task-access.ts';
import { choicesFor, commentLimit, type FormKind } from './task-actions.ts';

export interface TaskPageOptions {
  lang: Lang;
  token: string;
  task: TaskRecord;
  kind: FormKind;
  progress: NominationProgress;
  csrfToken: string;
  values: { decision: string; comment: string };
  problems: FieldProblem[];
}

const titles: Record<FormKind, MessageKey> = {
  review: 'task.title',
  legacyReview: 'task.title',
  ballot: 'task.ballotTitle',
  decision: 'task.decisionTitle',
  resubmit: 'task.resubmitTitle',
};

/** The label of a choice: the same word can mean different things on different pages. */
const choiceKey = (kind: FormKind, choice: string): MessageKey =>
  (kind === 'decision' ? `decision.authority.${choice}` : kind === 'ballot' ? `decision.ballot.${choice}` : `decision.${choice}`) as MessageKey;

/** Who the task's holder acts as: the body of its level, or the legacy procedure's role. */
function actingAs(options: TaskPageOptions): string {
  const { lang, task, progress } = options;
  const level = progress.procedure ? levelOfTask(progress.procedure, task) : undefined;
  if (level) return lang === 'vi' ? level.nameVi : level.nameEn;
  return roleText(task.step === 'resubmit' ? 'submitter' : roleOfTask(task), lang);
}

/** What a ballot page says of its council: the body, whether the ballot is secret. Never a count of this sitting. */
function ballotIntro(options: TaskPageOptions) {
  const { lang, task, progress } = options;
  const level = progress.procedure ? levelOfTask(progress.procedure, task) : undefined;
  if (!level) return html``;
  return html`<div class="notice">
<p>${t(lang, 'task.ballotIntro', { body: lang === 'vi' ? level.nameVi : level.nameEn, members: level.members.length })}</p>
${level.vote?.secret ? html`<p><strong>${t(lang, 'task.secretBallot')}</strong></p>` : html`<p>${t(lang, 'task.openBallot')}</p>`}
</div>`;
}

/**
 * The nomination's files for a reviewer: item by item of the award's dossier where the submission
 * said which file is which (each required item the unit provides with its files, or missing; those
 * the procedure records marked so), then the files given as no item; else the files as a list.
 */
function dossierFiles(progress: NominationProgress, lang: Lang, token: string): SafeHtml {
  const files = new Map(progress.attachments.map((file) => [file.attachmentId, file]));
  const link = (attachmentId: string) => {
    const file = files.get(attachmentId);
    return file ? html`<a href="/tasks/${token}/attachments/${file.attachmentId}" download>${t(lang, 'task.download', { name: file.filename })}</a> (${formatBytes(file.size)})` : html``;
  };
  const dossier = (progress.nomination.details as { dossier?: DossierRecord }).dossier;
  if (!dossier) {
    return html`<h2>${t(lang, 'summary.attachments')}</h2>
${progress.attachments.length ? html`<ul class="files">${progress.attachments.map((file) => html`<li>${link(file.attachmentId)}</li>`)}</ul>` : html`<p>${t(lang, 'review.noFiles')}</p>`}`;
  }
  const label = (item: DossierEntry) => (lang === 'vi' ? item.labelVi : item.labelEn);
  const state = (item: DossierEntry) =>
    item.attachmentIds.length
      ? html`<ul class="files">${item.attachmentIds.map((attachmentId) => html`<li>${link(attachmentId)}</li>`)}</ul>`
      : item.recordedBy === 'procedure'
        ? html` — ${t(lang, 'dossier.recordedByProcedure')}`
        : item.required
          ? html` — <strong class="missing">${t(lang, 'dossier.missing')}</strong>`
          : html` — ${t(lang, 'dossier.notGiven')}`;
  return html`<h2>${t(lang, 'review.dossierLegend')}</h2>
<ul class="dossier" id="dossier">${dossier.items.map((item) => html`<li data-item="${item.id}">${label(item)}${item.required ? html` (${t(lang, 'review.dossierRequired')})` : ''}${state(item)}</li>`)}</ul>
${dossier.untagged.length ? html`<h3>${t(lang, 'dossier.untagged')}</h3><ul class="files">${dossier.untagged.map((attachmentId) => html`<li>${link(attachmentId)}</li>`)}</ul>` : ''}`;
}

/** A task reached from its e-mailed link: notices, the dossier, its files, its history, and the form for this kind of task. */
export function taskPage(options: TaskPageOptions): string {
  const { lang, task, progress, token, kind } = options;
  const title = t(lang, titles[kind]);
  const commentLabel = t(lang, kind === 'ballot' ? 'task.recusalReason' : 'task.comment');
  const error = (field: string) => options.problems.find((problem) => problem.field === field)?.message[lang];
  const summary = options.problems.map((problem) => ({
    id: problem.field === 'decision' ? 'decision-0' : problem.field,
    label: problem.field === 'decision' ? t(lang, 'task.decisionLegend') : commentLabel,
    message: problem.message[lang],
  }));
  const body = html`${errorSummary(lang, summary)}
<h1>${title}</h1>
<p>${t(lang, 'task.youAre', { role: actingAs(options) })}
${task.dueAt ? t(lang, 'task.due', { deadline: formatDateTime(task.dueAt, lang) }) : ''}</p>
${kind === 'ballot' ? ballotIntro(options) : ''}
${kind === 'resubmit' ? '' : reviewerNotices(progress, lang, { assignee: task.assignee, kind: kind === 'legacyReview' ? 'review' : kind })}
${nominationSummary(progress, lang, { withContact: true, withIdentifier: true })}
${dossierFiles(progress, lang, token)}
<h2>${t(lang, 'track.history')}</h2>
${timelineList(progress, lang)}
<form method="post" action="/tasks/${token}" novalidate>
<input type="hidden" name="_csrf" value="${options.csrfToken}">
${radios({
  lang,
  id: 'decision',
  label: t(lang, kind === 'ballot' ? 'task.ballotLegend' : 'task.decisionLegend'),
  value: options.values.decision,
  error: error('decision'),
  choices: choicesFor[kind].map((choice) => ({ value: choice, text: t(lang, choiceKey(kind, choice)) })),
})}
${kind === 'resubmit'
  ? ''
  : textArea({ lang, id: 'comment', label: commentLabel, hint: t(lang, kind === 'ballot' ? 'task.recusalHint' : choicesFor[kind].includes('requestChanges') ? 'task.commentHint' : 'task.commentHintOptional'), value: options.values.comment, error: error('comment'), maxlength: commentLimit, rows: 5 })}
<button type="submit" class="button">${t(lang, kind === 'ballot' ? 'task.submitBallot' : 'task.submit')}</button>
</form>`;
  // Re-shown with problems (answering a POST), no switch: its link would drop what was typed.
  return page({ lang, title, body, ...(summary.length === 0 ? { langSwitchPath: `/tasks/${token}` } : {}), hasErrors: summary.length > 0 });
}

/**
 * The confirmation page of an objection, for its writer (a member of the public): the nominee,
 * award, period and unit as posted, their objection, until when the link works, and one
 * button. Nothing of the dossier beyond the posting: no contact, identifier, files, tracking code or history.
 */
export function objectionConfirmationPage(options: { lang: Lang; token: string; task: TaskRecord; progress: NominationProgress; csrfToken: string }): string {
  const { lang, token, task, progress } = options;
  const title = t(lang, 'objection.title');
  const nominee = progress.nomination.nominee as { name?: unknown };
  const objection = filedObjectionText(progress.history, task);
  // The link works until the objection's window ends: the posting waits for it, if it ends first
  // (from the procedure's version 2; before, the posting's end closed it).
  const postedUntil = progress.instance && !objectionsOutlastPosting(progress.instance.definitionVersion) ? progress.procedure?.postedUntil : undefined;
  const until = postedUntil && task.dueAt ? new Date(Math.min(postedUntil.getTime(), task.dueAt.getTime())) : (task.dueAt ?? postedUntil);
  const body = html`<h1>${title}</h1>
<p>${t(lang, 'objection.intro')}</p>
${until ? html`<p>${t(lang, 'objection.until', { until: formatDateTime(until, lang) })}</p>` : ''}
<dl class="summary-list">
<div><dt>${t(lang, 'summary.nominee')}</dt><dd>${String(nominee.name ?? '')}</dd></div>
<div><dt>${t(lang, 'summary.award')}</dt><dd>${progress.awardType ? awardName(progress.awardType, lang) : progress.nomination.awardTypeId}</dd></div>
<div><dt>${t(lang, 'summary.period')}</dt><dd>${progress.nomination.period}</dd></div>
<div><dt>${t(lang, 'summary.unit')}</dt><dd>${progress.unit ? unitName(progress.unit, lang) : progress.nomination.unitId}</dd></div>
</dl>
${objection ? html`<h2>${t(lang, 'objection.yours')}</h2>
<blockquote>${objection}</blockquote>` : ''}
<form method="post" action="/tasks/${token}" novalidate>
<input type="hidden" name="_csrf" value="${options.csrfToken}">
<button type="submit" class="button">${t(lang, 'objection.confirm')}</button>
</form>
<p>${t(lang, 'objection.notYou')}</p>`;
  return page({ lang, title, body, langSwitchPath: `/tasks/${token}` });
}

/** The answer to a confirmed objection: it went to the appraising office. No tracking code: the writer is a member of the public. */
export function objectionConfirmedPage(lang: Lang, duplicate: boolean): string {
  return messagePage({
    lang,
    title: t(lang, 'objection.confirmedTitle'),
    paragraphs: [t(lang, duplicate ? 'objection.confirmedBefore' : 'objection.confirmed')],
    links: [{ href: '/disclosures', text: t(lang, 'disclosure.back') }],
  });
}

/**
 * An objection that no longer counts: its link after another objection sent the dossier back to
 * review before this one was confirmed (`closed`), or a confirmation applied after its window
 * closed or another objection overtook it (`notCounted`).
 */
export function objectionClosedPage(lang: Lang, why: 'closed' | 'notCounted' = 'closed'): string {
  return messagePage({
    lang,
    title: t(lang, 'objection.closedTitle'),
    paragraphs: [t(lang, why === 'closed' ? 'objection.closed' : 'objection.notCounted')],
    links: [{ href: '/disclosures', text: t(lang, 'disclosure.back') }],
  });
}

/** What happens to the nomination after the choice: it moves on, it ends, or it goes back to the submitter. */
const recordedKey = (decision: string): MessageKey =>
  decision === 'reject' || decision === 'decline' || decision === 'withdraw' ? 'task.recordedEnds' : decision === 'requestChanges' ? 'task.recordedReturned' : 'task.recorded';

/** The answer to a posted choice. A ballot is never echoed back, and its tally waits for the vote to close. */
export function decisionRecordedPage(options: { lang: Lang; kind: FormKind; decision: string; duplicate: boolean; trackingCode: string | null; taskPath: string }): string {
  const { lang, kind } = options;
  const ballot = kind === 'ballot';
  const paragraphs = options.duplicate
    ? [t(lang, 'task.recordedBefore')]
    : ballot
      ? [t(lang, options.decision === 'recuse' ? 'task.recusalRecorded' : 'task.ballotRecorded'), t(lang, 'task.ballotTallyLater')]
      : [t(lang, recordedKey(options.decision), { decision: t(lang, choiceKey(kind, options.decision)) })];
  return messagePage({
    lang,
    title: t(lang, ballot ? 'task.ballotRecordedTitle' : 'task.recordedTitle'),
    paragraphs,
    links: [
      ...(ballot ? [{ href: options.taskPath, text: t(lang, 'task.ballotResultLink') }] : []),
      ...(options.trackingCode ? [{ href: `/track/${options.trackingCode}`, text: t(lang, 'task.trackLink') }] : []),
    ],
  });
}

/** A decision that arrived after the procedure had moved on (its deadline fired first): not counted. */
export function decisionNotCountedPage(lang: Lang, trackingCode: string | null): string {
  return messagePage({
    lang,
    title: t(lang, 'task.notCountedTitle'),
    paragraphs: [t(lang, 'task.notCounted')],
    links: trackingCode ? [{ href: `/track/${trackingCode}`, text: t(lang, 'task.trackLink') }] : [],
  });
}

/** A member's ballot link after they voted or stood aside: recorded, and the tally once the vote closed. */
export function ballotRecordedPage(options: { lang: Lang; recused: boolean; tally: RecordTallyParams | null; trackingCode: string | null }): string {
  const { lang } = options;
  return messagePage({
    lang,
    title: t(lang, 'task.ballotRecordedTitle'),
    paragraphs: [
      t(lang, options.recused ? 'task.recusalRecorded' : 'task.ballotRecorded'),
      options.tally ? tallyText(options.tally, lang) : t(lang, 'task.ballotStillOpen'),
    ],
    links: options.trackingCode ? [{ href: `/track/${options.trackingCode}`, text: t(lang, 'task.trackLink') }] : [],
  });
}

const refusalKeys: Record<LinkRefusal, { title: MessageKey; text: MessageKey }> = {
  forged: { title: 'link.forgedTitle', text: 'link.forged' },
  used: { title: 'link.usedTitle', text: 'link.used' },
  closed: { title: 'link.closedTitle', text: 'link.closed' },
  withdrawn: { title: 'link.withdrawnTitle', text: 'link.withdrawn' },
  expired: { title: 'link.expiredTitle', text: 'link.expired' },
};

export function refusedLinkPage(lang: Lang, reason: LinkRefusal): string {
  const keys = refusalKeys[reason];
  return messagePage({ lang, title: t(lang, keys.title), paragraphs: [t(lang, keys.text)], links: [{ href: '/', text: t(lang, 'site.home') }] });
}
