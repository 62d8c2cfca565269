/**
 * Tables the cluster pages share: the agreement's criteria and rules, the ranking, the count of
 * each closed ballot round and the leading units. A ballot round appears here only once closed,
 * as counts per candidate: never a ballot, never who chose whom.
 */
import type { ConsolidatedScore, Criterion, Election, RankedMember, RoundTally } from '@vinh-danh/domain';
import type { ClusterEvaluationContext, ClusterEvaluationRules } from '@vinh-danh/workflows';
import { html, type SafeHtml } from '../http/html.ts';
import type { Lang } from '../i18n/i18n.ts';
import { awardName, criterionName, formatNumber, memberName, percent, scaleText } from './cluster-format.ts';
import { ct } from './cluster-messages.ts';

type Ctx = ClusterEvaluationContext;

/** The cluster pages' own styles (tables, print); `link` is body-ok for stylesheets, so the shared layout stays as it is. */
export const clusterStyles = html`<link rel="stylesheet" href="/assets/clusters.css">`;

/** What an agreement's tables read: the evaluation's context and the stored agreement both fit. */
export interface AgreementTerms {
  year: number;
  criteria: readonly Criterion[];
}

/** The agreement's rules of ranking and voting, as the evaluation's context or the store holds them. */
export type AgreementRules = Pick<ClusterEvaluationRules, 'ranking' | 'selfAssessmentWeight' | 'vote'>;

/** The criteria with their weights and scales; `id` tells two such tables on one page apart. */
export function criteriaTable(context: AgreementTerms, lang: Lang, id = 'criteria'): SafeHtml {
  return html`<div class="table-scroll"><table class="data-table" id="${id}">
<caption>${ct(lang, 'criteria.caption', { year: context.year })}</caption>
<thead><tr><th scope="col">${ct(lang, 'table.criterion')}</th><th scope="col" class="num">${ct(lang, 'table.weight')}</th><th scope="col">${ct(lang, 'table.scale')}</th></tr></thead>
<tbody>${context.criteria.map(
    (criterion) => html`<tr><th scope="row">${criterionName(criterion, lang)}</th><td class="num">${formatNumber(criterion.weight, lang)}</td><td>${scaleText(criterion.scale, lang)}</td></tr>`,
  )}</tbody>
</table></div>`;
}

/** The ranking and the vote for leading units, in words. */
export function rulesList(rules: AgreementRules, lang: Lang): SafeHtml {
  const awards = rules.vote.seatAwards.map((award, index) => `${index + 1}. ${awardName(award, lang)}`).join('; ');
  return html`<ul class="rules">
<li>${ct(lang, 'rules.ranking', { method: ct(lang, `ranking.${rules.ranking}`) })}</li>
<li>${ct(lang, 'rules.selfWeight', { share: percent(rules.selfAssessmentWeight, lang) })}</li>
<li>${ct(lang, 'rules.seats', { count: rules.vote.seatAwards.length, awards })}</li>
${rules.vote.candidatesFromTop === undefined ? '' : html`<li>${ct(lang, 'rules.candidatesFromTop', { count: rules.vote.candidatesFromTop })}</li>`}
<li>${ct(lang, 'rules.quorum', { share: percent(rules.vote.quorum, lang) })}</li>
<li>${ct(lang, rules.vote.selfVote ? 'rules.selfVote' : 'rules.noSelfVote')}</li>
<li>${ct(lang, rules.vote.majority ? 'rules.runoffsMajority' : 'rules.runoffs', { count: rules.vote.maxRunoffs })}</li>
</ul>`;
}

const basisText = (score: ConsolidatedScore | undefined, lang: Lang) =>
  score ? ct(lang, `basis.${score.basis}`, { count: score.peerSheets }) : ct(lang, 'dash');

/** The ranking, best first, with each member's consolidated score per criterion when `withCriteria`. */
export function rankingTable(context: Ctx, ranking: readonly RankedMember[], scores: readonly ConsolidatedScore[], lang: Lang, options: { caption: string; withCriteria?: boolean }): SafeHtml {
  const scoreOf = (memberId: string) => scores.find((score) => score.memberId === memberId);
  const criteria = options.withCriteria ? context.criteria : [];
  return html`<div class="table-scroll"><table class="data-table" id="ranking">
<caption>${options.caption}</caption>
<thead><tr><th scope="col" class="num">${ct(lang, 'table.rank')}</th><th scope="col">${ct(lang, 'table.member')}</th>${criteria.map(
    (criterion) => html`<th scope="col" class="num">${criterionName(criterion, lang)}</th>`,
  )}<th scope="col" class="num">${ct(lang, 'table.total')}</th><th scope="col">${ct(lang, 'table.basis')}</th></tr></thead>
<tbody>${ranking.map(
    (entry) => html`<tr><td class="num">${entry.rank}</td><th scope="row">${memberName(context, entry.memberId)}</th>${criteria.map(
      (criterion) => html`<td class="num">${formatNumber(scoreOf(entry.memberId)?.scores[criterion.criterionId] ?? 0, lang)}</td>`,
    )}<td class="num">${formatNumber(entry.total, lang)}</td><td>${basisText(scoreOf(entry.memberId), lang)}</td></tr>`,
  )}</tbody>
</table></div>`;
}

/** The seats a round was for, with their awards: `1. Cờ thi đua của Chính phủ; 2. …`. */
export function seatsText(context: Ctx, seats: { start: number; end: number }, lang: Lang): string {
  return Array.from({ length: seats.end - seats.start }, (_, offset) => seats.start + offset)
    .map((position) => `${position + 1}. ${awardName(context.rules.vote.seatAwards[position] ?? '', lang)}`)
    .join('; ');
}

/** Every closed round: counts per candidate, ballots cast of voters, quorum and outcome. */
export function talliesTable(context: Ctx, rounds: readonly RoundTally[], lang: Lang, caption: string): SafeHtml {
  const yesNo = (value: boolean) => ct(lang, value ? 'yes' : 'no');
  return html`<div class="table-scroll"><table class="data-table" id="tallies">
<caption>${caption}</caption>
<thead><tr><th scope="col" class="num">${ct(lang, 'table.round')}</th><th scope="col">${ct(lang, 'table.seats')}</th><th scope="col">${ct(lang, 'table.votes')}</th><th scope="col" class="num">${ct(lang, 'table.cast')}</th><th scope="col">${ct(lang, 'table.quorum')}</th><th scope="col">${ct(lang, 'table.outcome')}</th></tr></thead>
<tbody>${rounds.map(
    (round) => html`<tr><td class="num">${round.round}</td><td>${seatsText(context, round.seats, lang)}</td><td><ul class="counts">${[...round.candidates]
      .sort((a, b) => (round.counts[b] ?? 0) - (round.counts[a] ?? 0) || (a < b ? -1 : 1))
      .map((candidate) => html`<li>${memberName(context, candidate)}: ${round.counts[candidate] ?? 0}</li>`)}</ul></td><td class="num">${round.cast}/${round.eligible}</td><td>${yesNo(round.quorumMet)}</td><td>${ct(lang, `outcome.${round.outcome}`)}</td></tr>`,
  )}</tbody>
</table></div>`;
}

/** The seats filled (unit, award, how decided) and those left open, with why. */
export function leadingUnitsTable(context: Ctx, election: Election, lang: Lang, caption: string): SafeHtml {
  const decidedBy = (placement: Election['placements'][number]) => ct(lang, `decidedBy.${placement.decidedBy}`, { round: placement.round });
  return html`${election.placements.length
    ? html`<div class="table-scroll"><table class="data-table" id="leading-units">
<caption>${caption}</caption>
<thead><tr><th scope="col" class="num">${ct(lang, 'table.seat')}</th><th scope="col">${ct(lang, 'table.member')}</th><th scope="col">${ct(lang, 'table.award')}</th><th scope="col">${ct(lang, 'table.decidedBy')}</th></tr></thead>
<tbody>${election.placements.map(
        (placement) => html`<tr><td class="num">${placement.position + 1}</td><th scope="row">${memberName(context, placement.unitId)}</th><td>${awardName(placement.awardTypeId, lang)}</td><td>${decidedBy(placement)}</td></tr>`,
      )}</tbody>
</table></div>`
    : ''}
${election.unfilled.map(
  (seats) => html`<p>${ct(lang, 'year.unfilled', { positions: seats.positions.map((position) => position + 1).join(', '), reason: ct(lang, `unfilled.${seats.reason}`) })}${seats.tiedUnits.length ? ` (${seats.tiedUnits.map((unitId) => memberName(context, unitId)).join(', ')})` : ''}</p>`,
)}`;
}
