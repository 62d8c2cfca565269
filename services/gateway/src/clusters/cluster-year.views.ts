/**
 * A cluster's year at a glance (`/clusters/:clusterId/:year`): members and roles, who signed, the
 * self and cross scores, the ranking, the secret ballot (the open round's candidates and who has
 * voted — never what; the counts of closed rounds), the outcome and the nominations proposed;
 * beside them, the agreement and signatures the store records for the year.
 */
import { peerSheetsOf, seatsVotedFor, weightedTotal, type Election } from '@vinh-danh/domain';
import { activeClusterMembers, type ClusterEvaluationContext, type MemberSeat } from '@vinh-danh/workflows';
import { html, type SafeHtml } from '../http/html.ts';
import type { Lang } from '../i18n/i18n.ts';
import { page } from '../views/layout.ts';
import { awardName, formatNumber, memberName, memberNames, stageName } from './cluster-format.ts';
import { ct } from './cluster-messages.ts';
import { clusterStyles, criteriaTable, leadingUnitsTable, rankingTable, seatsText, talliesTable } from './cluster-tables.views.ts';
import type { ClusterYearEvaluation } from './cluster-evaluation.repository.ts';
import { storedAgreementSection } from './cluster-agreement.views.ts';
import type { StoredClusterYear } from './cluster-stored-year.repository.ts';

type Ctx = ClusterEvaluationContext;

export const yearPath = (context: Pick<Ctx, 'clusterId' | 'year'>) => `/clusters/${encodeURIComponent(context.clusterId)}/${context.year}`;

/** Where the evaluation stands: its stage, or how it ended. */
export function statusLine(record: ClusterYearEvaluation, lang: Lang): string {
  const { context, output } = record;
  if (output?.status === 'concluded') return ct(lang, 'year.concluded');
  if (output?.status === 'expired') return ct(lang, 'year.expired', { stage: stageName(output.stage, lang) });
  return ct(lang, 'year.stage', { stage: stageName(context.stage, lang) });
}

export function roleOf(context: Ctx, memberId: string, lang: Lang): string {
  return ct(lang, memberId === context.chair ? 'role.chair' : memberId === context.deputy ? 'role.deputy' : 'role.member');
}

export function agreementOf(context: Ctx, seat: MemberSeat, lang: Lang): string {
  if (seat.status === 'merged') return ct(lang, 'status.merged');
  if (seat.status === 'notSigned') return ct(lang, 'status.notSigned');
  return ct(lang, context.signatures.includes(seat.memberId) ? 'signed' : 'notSignedYet');
}

/**
 * The weighted totals of the sheets peers taking part gave `memberId`, as the ranking counts them:
 * a member merged away gave its sheets to its successor, and its own are not counted twice.
 */
const receivedTotals = (context: Ctx, memberId: string) =>
  peerSheetsOf({ members: activeClusterMembers(context), crossScores: context.crossScores }, memberId).map((sheet) => weightedTotal(context.criteria, sheet));

function membersTable(context: Ctx, lang: Lang): SafeHtml {
  const active = activeClusterMembers(context).length;
  const dash = ct(lang, 'dash');
  return html`<div class="table-scroll"><table class="data-table" id="members">
<caption>${ct(lang, 'year.membersCaption')}</caption>
<thead><tr><th scope="col">${ct(lang, 'table.member')}</th><th scope="col">${ct(lang, 'table.role')}</th><th scope="col">${ct(lang, 'table.agreement')}</th><th scope="col" class="num">${ct(lang, 'table.selfTotal')}</th><th scope="col" class="num">${ct(lang, 'table.crossReceived')}</th><th scope="col" class="num">${ct(lang, 'table.crossMean')}</th><th scope="col" class="num">${ct(lang, 'table.rank')}</th></tr></thead>
<tbody>${context.members.map((seat) => {
    const own = context.selfAssessments[seat.memberId];
    const received = receivedTotals(context, seat.memberId);
    const mean = received.length ? received.reduce((sum, total) => sum + total, 0) / received.length : undefined;
    const rank = context.ranking.find((entry) => entry.memberId === seat.memberId)?.rank;
    return html`<tr id="member-${seat.memberId}"><th scope="row">${seat.nameVi}</th><td>${roleOf(context, seat.memberId, lang)}</td><td>${agreementOf(context, seat, lang)}</td><td class="num">${own ? formatNumber(weightedTotal(context.criteria, own.scores), lang) : dash}</td><td class="num">${seat.status === 'active' ? `${received.length}/${Math.max(0, active - 1)}` : dash}</td><td class="num">${mean === undefined ? dash : formatNumber(Math.round(mean * 100) / 100, lang)}</td><td class="num">${rank ?? dash}</td></tr>`;
  })}</tbody>
</table></div>`;
}

/** Who scored whom how much (weighted totals): cross-scoring is open, unlike the ballot. */
function crossMatrix(context: Ctx, lang: Lang): SafeHtml {
  const scorers = context.members.map((seat) => seat.memberId).filter((scorer) => Object.keys(context.crossScores[scorer] ?? {}).length > 0);
  if (scorers.length === 0) return html`<p>${ct(lang, 'none')}</p>`;
  const targets = context.members.filter((seat) => seat.status === 'active' || scorers.some((scorer) => context.crossScores[scorer]?.[seat.memberId])).map((seat) => seat.memberId);
  const cell = (scorer: string, target: string) => {
    const sheet = context.crossScores[scorer]?.[target];
    return sheet ? formatNumber(weightedTotal(context.criteria, sheet), lang) : ct(lang, 'dash');
  };
  return html`<div class="table-scroll"><table class="data-table" id="cross-scores">
<caption>${ct(lang, 'year.crossCaption')}</caption>
<thead><tr><th scope="col">${ct(lang, 'table.scorer')}</th>${targets.map((target) => html`<th scope="col" class="num">${memberName(context, target)}</th>`)}</tr></thead>
<tbody>${scorers.map((scorer) => html`<tr><th scope="row">${memberName(context, scorer)}</th>${targets.map((target) => html`<td class="num">${cell(scorer, target)}</td>`)}</tr>`)}</tbody>
</table></div>`;
}

/**
 * The ballot: the open round's candidates and who has voted (names, in the order they voted —
 * never what); closed rounds as counts. The open round's running counts are never shown: with
 * a few ballots in, they would tell who chose whom.
 */
function ballotSection(context: Ctx, lang: Lang): SafeHtml {
  const election = context.election;
  if (!election) return html`<p>${ct(lang, 'year.votePending')}</p>`;
  const contest = election.pending[0];
  const open = context.stage === 'voting' && contest !== undefined;
  const eligible = context.ballot.voters.length;
  return html`${open
    ? html`<p>${ct(lang, 'year.roundOpen', { round: election.rounds.length + 1, candidates: memberNames(context, contest.candidates, lang) })} (${seatsText(context, seatsVotedFor(context.rules.vote, contest), lang)})</p>
<p>${context.ballot.voted.length
        ? ct(lang, 'year.voted', { count: context.ballot.voted.length, eligible, names: memberNames(context, context.ballot.voted, lang) })
        : ct(lang, 'year.votedNone', { eligible })}</p>`
    : ''}
${election.rounds.length ? talliesTable(context, election.rounds, lang, ct(lang, 'year.talliesCaption')) : ''}`;
}

/** The leading units proposed for their awards: the `proposeAward` effects of a concluded evaluation. */
export function proposalsList(context: Ctx, election: Election | null, concluded: boolean, lang: Lang): SafeHtml {
  if (!concluded) return html`<p>${ct(lang, 'year.proposalsPending')}</p>`;
  const placements = election?.placements ?? [];
  if (placements.length === 0) return html`<p>${ct(lang, 'year.proposalsNone')}</p>`;
  return html`<ul id="proposals">${placements.map(
    (placement) => html`<li>${ct(lang, 'year.proposal', { award: awardName(placement.awardTypeId, lang), member: memberName(context, placement.unitId) })}</li>`,
  )}</ul>`;
}

/** The evaluation's year; beside it, the agreement and signatures the store records for the year, when it records one. */
export function clusterYearPage(record: ClusterYearEvaluation, lang: Lang, stored: StoredClusterYear | null = null): string {
  const { context, output } = record;
  const title = ct(lang, 'year.title', { cluster: context.clusterNameVi, year: context.year });
  const concluded = output?.status === 'concluded';
  const body = html`${clusterStyles}
<h1>${title}</h1>
<p class="status">${statusLine(record, lang)}</p>
<p>${ct(lang, 'year.roles', { chair: memberName(context, context.chair), deputy: memberName(context, context.deputy) })}</p>
${output?.nextChair && output.nextDeputy
  ? html`<p>${ct(lang, 'year.nextRoles', { year: context.year + 1, chair: memberName(context, output.nextChair), deputy: memberName(context, output.nextDeputy) })}</p>`
  : ''}
<p><a href="${yearPath(context)}/record">${ct(lang, 'year.recordLink')}</a></p>
<h2>${ct(lang, 'year.members')}</h2>
${membersTable(context, lang)}
${context.waiver
  ? html`<div class="notice" id="waiver"><p>${ct(lang, 'year.waiver', { names: memberNames(context, context.waiver.memberIds, lang) })}</p><blockquote>${context.waiver.reason}</blockquote></div>`
  : ''}
<h2>${ct(lang, 'criteria.title')}</h2>
${criteriaTable(context, lang)}
${storedAgreementSection(stored, lang)}
<h2>${ct(lang, 'year.crossTitle')}</h2>
${crossMatrix(context, lang)}
<h2>${ct(lang, 'year.rankingTitle')}</h2>
${context.ranking.length
  ? rankingTable(context, context.ranking, context.scores, lang, { caption: ct(lang, 'year.rankingTitle') })
  : html`<p>${ct(lang, 'year.rankingPending')}</p>`}
<section id="ballot" aria-labelledby="ballot-title">
<h2 id="ballot-title">${ct(lang, 'year.voteTitle')}</h2>
${ballotSection(context, lang)}
</section>
<h2>${ct(lang, 'year.leadingTitle')}</h2>
${context.election && (context.election.placements.length || context.election.unfilled.length)
  ? leadingUnitsTable(context, context.election, lang, ct(lang, 'year.leadingCaption'))
  : html`<p>${ct(lang, 'none')}</p>`}
<h2>${ct(lang, 'year.proposalsTitle')}</h2>
${proposalsList(context, context.election, concluded, lang)}`;
  return page({ lang, title, body, langSwitchPath: yearPath(context) });
}
