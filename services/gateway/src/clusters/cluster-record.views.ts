/**
 * The printable record of a cluster's year-end meeting (biên bản tổng kết): participants, the
 * agreement's signatories, the ranking with each criterion's consolidated score, the count of
 * every closed ballot round, the leading units and the nominations made, next year's chair and
 * deputy. Counts only: the record, like the procedure, never holds a ballot.
 */
import { html } from '../http/html.ts';
import type { Lang } from '../i18n/i18n.ts';
import { formatDateTime, page } from '../views/layout.ts';
import { memberName, memberNames } from './cluster-format.ts';
import { ct } from './cluster-messages.ts';
import { clusterStyles, criteriaTable, leadingUnitsTable, rankingTable, talliesTable } from './cluster-tables.views.ts';
import type { ClusterYearEvaluation } from './cluster-evaluation.repository.ts';
import { agreementOf, proposalsList, roleOf, statusLine, yearPath } from './cluster-year.views.ts';

export function clusterRecordPage(record: ClusterYearEvaluation, lang: Lang): string {
  const { context, output, instance } = record;
  const election = context.election;
  const concluded = output?.status === 'concluded';
  const notSigned = context.members.filter((seat) => seat.status === 'notSigned').map((seat) => seat.memberId);
  const title = ct(lang, 'record.title', { year: context.year });
  const body = html`${clusterStyles}
<article class="record">
<header class="record-header">
<p class="nation"><strong>${ct(lang, 'record.nation')}</strong><br>${ct(lang, 'record.motto')}</p>
<p class="cluster-name"><strong>${context.clusterNameVi}</strong></p>
</header>
<h1>${title}</h1>
<p class="status">${statusLine(record, lang)}${output ? '' : ` ${ct(lang, 'record.inProgress')}`}</p>
<p class="no-print hint">${ct(lang, 'record.printHint')} <a href="${yearPath(context)}">${ct(lang, 'record.back')}</a></p>

<h2>${ct(lang, 'record.participants')}</h2>
<ul id="participants">${context.members.map(
    (seat) => html`<li>${seat.nameVi} — ${roleOf(context, seat.memberId, lang)}; ${agreementOf(context, seat, lang)}</li>`,
  )}</ul>

<h2>${ct(lang, 'record.agreement')}</h2>
<p>${ct(lang, 'record.signatories', { count: context.signatures.length, names: memberNames(context, context.signatures, lang) })}</p>
${notSigned.length ? html`<p>${ct(lang, 'record.notSigned', { names: memberNames(context, notSigned, lang) })}</p>` : ''}
${context.waiver ? html`<p>${ct(lang, 'year.waiver', { names: memberNames(context, context.waiver.memberIds, lang) })}</p><blockquote>${context.waiver.reason}</blockquote>` : ''}
${criteriaTable(context, lang)}

<h2>${ct(lang, 'record.rankingTitle')}</h2>
${context.ranking.length
  ? rankingTable(context, context.ranking, context.scores, lang, { caption: ct(lang, 'year.rankingTitle'), withCriteria: true })
  : html`<p>${ct(lang, 'year.rankingPending')}</p>`}

<section id="votes" aria-labelledby="votes-title">
<h2 id="votes-title">${ct(lang, 'record.votesTitle')}</h2>
${election?.rounds.length ? talliesTable(context, election.rounds, lang, ct(lang, 'year.talliesCaption')) : html`<p>${ct(lang, 'record.votesNone')}</p>`}
</section>

<h2>${ct(lang, 'record.leadingTitle')}</h2>
${election && (election.placements.length || election.unfilled.length) ? leadingUnitsTable(context, election, lang, ct(lang, 'year.leadingCaption')) : html`<p>${ct(lang, 'none')}</p>`}
<h3>${ct(lang, 'year.proposalsTitle')}</h3>
${proposalsList(context, election, concluded, lang)}

${output?.nextChair && output.nextDeputy
  ? html`<h2>${ct(lang, 'record.handover')}</h2>
<p>${ct(lang, 'year.nextRoles', { year: context.year + 1, chair: memberName(context, output.nextChair), deputy: memberName(context, output.nextDeputy) })}</p>`
  : ''}
${context.lateSubmissions.length ? html`<p>${ct(lang, 'record.late', { count: context.lateSubmissions.length })}</p>` : ''}
<footer class="record-footer"><p>${ct(lang, 'record.source', { instanceId: instance.instanceId, at: formatDateTime(instance.updatedAt, lang) })}</p></footer>
</article>`;
  return page({ lang, title: `${title} – ${context.clusterNameVi}`, body, langSwitchPath: `${yearPath(context)}/record` });
}
