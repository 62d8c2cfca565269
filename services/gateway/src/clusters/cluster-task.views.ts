/**
 * The task pages of a cluster's year-end evaluation, one per step: sign the agreement, proceed
 * without every signature, self-assess, cross-score, settle the ranking, vote. Each shows what
 * its holder needs to act, and the form; the score sheets are in `cluster-score.views.ts`.
 * A ballot page shows the candidates only: no count, no voter, no earlier ballot.
 */
import { seatsVotedFor } from '@vinh-danh/domain';
import type { TaskRecord } from '@vinh-danh/store';
import {
  activeClusterMembers, clusterRotationRoles, consolidateClusterScores, currentClusterMembers, missingSignatures, signatoriesOf, unscoredBy,
} from '@vinh-danh/workflows';
import type { FormFields } from '../http/form-body.ts';
import { html, type SafeHtml } from '../http/html.ts';
import type { Lang } from '../i18n/i18n.ts';
import { checkbox, errorSummary, radios, select, textArea } from '../views/form-controls.ts';
import { formatDateTime, messagePage, page } from '../views/layout.ts';
import { memberName, memberNames } from './cluster-format.ts';
import { ct, type ClusterMessageKey } from './cluster-messages.ts';
import { crossScoringBody, selfAssessmentBody } from './cluster-score.views.ts';
import { clusterStyles, criteriaTable, rankingTable, rulesList, seatsText } from './cluster-tables.views.ts';
import { yearPath } from './cluster-year.views.ts';
import { ballotChoices, reasonLimit, type ClusterFieldProblem, type ClusterStep, type ClusterTaskSubject } from './cluster-task-forms.ts';

export interface ClusterTaskPageOptions {
  lang: Lang;
  token: string;
  task: TaskRecord;
  subject: ClusterTaskSubject;
  csrfToken: string;
  /** The form as posted, to show again beside its problems; null on a first view. */
  form: FormFields | null;
  problems: ClusterFieldProblem[];
}

/** What a page body is built from: the options, with a field's posted value and its error at hand. */
export interface FormParts extends ClusterTaskPageOptions {
  value(field: string): string;
  error(field: string): string | undefined;
}

const titles: Record<ClusterStep, ClusterMessageKey> = {
  signing: 'sign.title',
  proceedWithoutSigning: 'proceed.title',
  selfAssessment: 'self.title',
  crossScoring: 'cross.title',
  consolidation: 'consolidate.title',
  voting: 'vote.title',
};

const currentRound = (subject: ClusterTaskSubject) => (subject.context.election?.rounds.length ?? 0) + 1;

/** Who the holder acts as: the member's office, its head after an escalation, or the chair's role. */
function actingAs(options: ClusterTaskPageOptions): SafeHtml {
  const { lang, subject, task } = options;
  const { context } = subject;
  const params = { member: memberName(context, subject.memberId), cluster: context.clusterNameVi, year: context.year };
  const line =
    subject.kind === 'head'
      ? ct(lang, 'task.youActHead', params)
      : subject.kind === 'chair' || subject.kind === 'deputy'
        ? ct(lang, 'task.youActChair', { ...params, role: ct(lang, subject.memberId === context.chair ? 'role.chair' : 'role.deputy') })
        : ct(lang, 'task.youAct', params);
  return html`<p>${line} ${task.dueAt ? ct(lang, 'task.due', { deadline: formatDateTime(task.dueAt, lang) }) : ''}</p>`;
}

function signingBody(parts: FormParts): SafeHtml {
  const { lang, subject } = parts;
  const { context } = subject;
  return html`<p>${ct(lang, 'sign.intro')}</p>
${criteriaTable(context, lang)}
<h2>${ct(lang, 'rules.title')}</h2>
${rulesList(context.rules, lang)}
<p>${ct(lang, 'sign.signedSoFar', { names: memberNames(context, signatoriesOf(context), lang) })}</p>
${checkbox({ lang, id: 'agree', value: 'yes', checked: parts.value('agree') === 'yes', error: parts.error('agree'), label: ct(lang, 'sign.agree', { member: memberName(context, subject.memberId), year: context.year }) })}
<button type="submit" class="button">${ct(lang, 'sign.submit')}</button>`;
}

function proceedBody(parts: FormParts): SafeHtml {
  const { lang, subject } = parts;
  const { context } = subject;
  const missing = missingSignatures(context);
  const minimum = context.rules.minimumSignatories;
  // The members taking part that signed, as the rule counts them: not one merged away.
  const signed = signatoriesOf(context);
  return html`<p>${ct(lang, 'proceed.intro')}</p>
<ul>
<li>${ct(lang, 'proceed.signed', { count: signed.length, names: memberNames(context, signed, lang) })}</li>
<li>${ct(lang, 'proceed.missing', { count: missing.length, names: memberNames(context, missing, lang) })}</li>
</ul>
<p>${ct(lang, 'proceed.minimum', { count: minimum })}</p>
${signed.length < minimum ? html`<div class="notice warning"><p>${ct(lang, 'proceed.tooFew', { signed: signed.length, count: minimum })}</p></div>` : ''}
${textArea({ lang, id: 'reason', label: ct(lang, 'proceed.reason'), hint: ct(lang, 'proceed.reasonHint', { max: reasonLimit }), value: parts.value('reason'), error: parts.error('reason'), maxlength: reasonLimit, rows: 5 })}
<button type="submit" class="button">${ct(lang, 'proceed.submit')}</button>`;
}

function consolidationBody(parts: FormParts): SafeHtml {
  const { lang, subject } = parts;
  const { context } = subject;
  // The ranking the machine will settle on `consolidate`, computed by its own rule.
  const preview = consolidateClusterScores(context);
  const incomplete = activeClusterMembers(context).filter((scorer) => unscoredBy(context, scorer).length > 0);
  return html`<p>${ct(lang, 'consolidate.intro')}</p>
${rankingTable(context, preview.ranking, preview.scores, lang, { caption: ct(lang, 'year.rankingTitle'), withCriteria: true })}
${incomplete.length ? html`<p>${ct(lang, 'consolidate.missing', { names: memberNames(context, incomplete, lang) })}</p>` : ''}
${nextRolesFieldset(parts)}
${checkbox({ lang, id: 'confirm', value: 'yes', checked: parts.value('confirm') === 'yes', error: parts.error('confirm'), label: ct(lang, 'consolidate.confirm') })}
<button type="submit" class="button">${ct(lang, 'consolidate.submit')}</button>`;
}

/** Next year's chair and deputy as the meeting chose them: the rotation's proposal selected until changed. */
function nextRolesFieldset(parts: FormParts): SafeHtml {
  const { lang, subject } = parts;
  const { context } = subject;
  const proposed = clusterRotationRoles(context);
  const choices = [{ options: currentClusterMembers(context).map((memberId) => ({ value: memberId, text: memberName(context, memberId) })) }];
  // Left to the rotation unless changed: a choice is recorded only where the meeting made one.
  const common = (id: 'nextChair' | 'nextDeputy', label: ClusterMessageKey) => ({
    lang, id, label: ct(lang, label), value: parts.value(id), error: parts.error(id), placeholder: ct(lang, 'consolidate.byRotation'), groups: choices,
  });
  return html`<fieldset id="nextRoles" aria-describedby="nextRoles-hint">
<legend>${ct(lang, 'consolidate.nextRolesLegend', { year: context.year + 1 })}</legend>
<p class="hint" id="nextRoles-hint">${ct(lang, 'consolidate.nextRolesHint', { chair: memberName(context, proposed.chair), deputy: memberName(context, proposed.deputy) })}</p>
${select(common('nextChair', 'consolidate.nextChair'))}
${select(common('nextDeputy', 'consolidate.nextDeputy'))}
</fieldset>`;
}

/** The candidates and nothing else: no count, no voter, no ballot of anyone. */
function votingBody(parts: FormParts): SafeHtml {
  const { lang, subject } = parts;
  const { context } = subject;
  const contest = context.election?.pending[0];
  return html`<div class="notice"><p><strong>${ct(lang, 'vote.secret')}</strong></p>
${contest ? html`<p>${ct(lang, 'vote.seats', { awards: seatsText(context, seatsVotedFor(context.rules.vote, contest), lang) })}</p>` : ''}</div>
${radios({
  lang,
  id: 'choice',
  label: ct(lang, 'vote.legend'),
  hint: ct(lang, 'vote.hint'),
  value: parts.value('choice'),
  error: parts.error('choice'),
  choices: ballotChoices(context, subject.memberId).map((candidate) => ({ value: candidate, text: memberName(context, candidate) })),
})}
<button type="submit" class="button">${ct(lang, 'vote.submit')}</button>`;
}

const bodies: Record<ClusterStep, (parts: FormParts) => SafeHtml> = {
  signing: signingBody,
  proceedWithoutSigning: proceedBody,
  selfAssessment: selfAssessmentBody,
  crossScoring: crossScoringBody,
  consolidation: consolidationBody,
  voting: votingBody,
};

/** The page of an open cluster-evaluation task, with its problems beside their fields and in a summary. */
export function clusterTaskPage(options: ClusterTaskPageOptions): string {
  const { lang, subject, token } = options;
  const title = ct(lang, titles[subject.step], { year: subject.context.year, round: currentRound(subject) });
  const parts: FormParts = {
    ...options,
    value: (field) => options.form?.get(field) ?? '',
    error: (field) => options.problems.find((problem) => problem.field === field)?.message[lang],
  };
  const summary = options.problems.map((problem) => ({ id: problem.field, label: problem.label[lang], message: problem.message[lang] }));
  const body = html`${clusterStyles}
${errorSummary(lang, summary)}
<h1>${title}</h1>
${actingAs(options)}
<form method="post" action="/tasks/${token}" novalidate>
<input type="hidden" name="_csrf" value="${options.csrfToken}">
${bodies[subject.step](parts)}
</form>
<p class="no-print"><a href="${yearPath(subject.context)}">${ct(lang, 'task.yearLink', { year: subject.context.year })}</a></p>`;
  // Re-shown with problems (answering a POST), no switch: its link would drop what was typed.
  return page({ lang, title, body, ...(summary.length === 0 ? { langSwitchPath: `/tasks/${token}` } : {}), hasErrors: summary.length > 0 });
}

/** The answer to an accepted post: what was recorded, or that it already was. Never a ballot's choice. */
export function clusterRecordedPage(options: { lang: Lang; subject: ClusterTaskSubject; accepted: number; notCounted?: number; duplicate: boolean; taskPath: string }): string {
  const { lang, subject, accepted } = options;
  const { context } = subject;
  const member = memberName(context, subject.memberId);
  const yearLink = { href: yearPath(context), text: ct(lang, 'task.yearLink', { year: context.year }) };
  if (subject.step === 'voting') return ballotCountedPage(lang, yearLink);
  const notCounted = options.notCounted ?? 0;
  // Sheets still owed once these are applied: the link stays open for them (not once the stage closed).
  const remaining = subject.step === 'crossScoring' && !options.duplicate && notCounted === 0 ? unscoredBy(context, subject.memberId).length - accepted : 0;
  const paragraphs: Record<Exclude<ClusterStep, 'voting'>, () => string[]> = {
    signing: () => [ct(lang, 'sign.recorded', { member })],
    proceedWithoutSigning: () => [ct(lang, 'proceed.recorded')],
    selfAssessment: () => [ct(lang, 'self.recorded', { member })],
    crossScoring: () => [
      ct(lang, 'cross.recorded', { count: accepted, member }),
      ...(notCounted > 0 ? [ct(lang, 'cross.notCounted', { count: notCounted })] : []),
      ...(remaining > 0 ? [ct(lang, 'cross.remaining', { count: remaining })] : []),
    ],
    consolidation: () => [ct(lang, 'consolidate.recorded')],
  };
  return messagePage({
    lang,
    title: ct(lang, 'task.recordedTitle'),
    paragraphs: options.duplicate ? [ct(lang, 'task.recordedBefore')] : paragraphs[subject.step](),
    links: [...(remaining > 0 ? [{ href: options.taskPath, text: ct(lang, 'cross.continue') }] : []), yearLink],
  });
}

/**
 * The answer to a post that arrived after its stage, or its ballot round, closed in the instant
 * before: nothing of it counts.
 */
export function clusterNotCountedPage(lang: Lang, subject: ClusterTaskSubject): string {
  const yearLink = { href: yearPath(subject.context), text: ct(lang, 'task.yearLink', { year: subject.context.year }) };
  return messagePage({ lang, title: ct(lang, 'task.notCountedTitle'), paragraphs: [ct(lang, subject.step === 'voting' ? 'vote.notCounted' : 'task.notCounted')], links: [yearLink] });
}

/** A ballot's answer, and its used link's page: counted, and nothing more. */
export function ballotCountedPage(lang: Lang, yearLink: { href: string; text: string }): string {
  return messagePage({ lang, title: ct(lang, 'vote.countedTitle'), paragraphs: [ct(lang, 'vote.counted')], links: [yearLink] });
}
