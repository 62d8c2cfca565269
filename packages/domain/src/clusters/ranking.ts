/**
 * Consolidating a cluster's scores and ranking its members.
 *
 * Rule of consolidation: a member's score on a criterion is the mean of the sheets its peers
 * gave it (cross-scoring, chấm chéo), blended with its own self-assessment at
 * `selfAssessmentWeight` (0 by default: peers judge, the self-assessment is the evidence they
 * judge from). A member no peer scored falls back on its self-assessment; one with neither
 * scores 0 on every criterion. A member never scores itself: such a sheet is ignored.
 *
 * Ranking with ties: competition ranking by default ("1224": two members tied first, the next is
 * third), because a rank in an emulation table says how many units did better. Dense ranking
 * ("1223") is available for displays that want consecutive places.
 */
import { roundTotal, weightedTotal, type Criterion, type ScoreSheet } from './agreement.ts';

export type RankingMethod = 'competition' | 'dense';

export interface RankedMember {
  memberId: string;
  total: number;
  /** 1 is best. Tied totals share a rank. */
  rank: number;
}

/**
 * Ranks members by total, best first. Guarantees: the result depends only on the totals (not on
 * key order); equal totals — compared after {@link roundTotal} — share a rank; with
 * `competition` the rank is 1 + the number of members with a strictly higher total, with `dense`
 * 1 + the number of distinct higher totals. Ties are listed by member id, which changes no rank.
 */
export function rankByTotal(totals: Readonly<Record<string, number>>, method: RankingMethod = 'competition'): RankedMember[] {
  const sorted = Object.entries(totals)
    .map(([memberId, total]) => ({ memberId, total: roundTotal(total) }))
    .sort((a, b) => b.total - a.total || (a.memberId < b.memberId ? -1 : a.memberId > b.memberId ? 1 : 0));
  let rank = 0;
  let distinct = 0;
  return sorted.map((entry, index) => {
    if (index === 0 || entry.total !== sorted[index - 1]!.total) {
      distinct += 1;
      rank = method === 'dense' ? distinct : index + 1;
    }
    return { ...entry, rank };
  });
}

/** What the members handed in: self-assessments and cross-scores (scorer → scored member → sheet). */
export interface ScoringRecord {
  /** The members being evaluated; sheets by or about anyone else are ignored. */
  members: readonly string[];
  selfAssessments: Readonly<Record<string, ScoreSheet>>;
  crossScores: Readonly<Record<string, Readonly<Record<string, ScoreSheet>>>>;
}

export interface ConsolidationOptions {
  /** Share of the self-assessment in a member's score, in [0, 1). Default 0. */
  selfAssessmentWeight?: number;
  method?: RankingMethod;
}

export interface ConsolidatedScore {
  memberId: string;
  /** Consolidated score per criterion. */
  scores: Record<string, number>;
  total: number;
  /** What the score rests on: peers' sheets, the self-assessment only, or nothing. */
  basis: 'peers' | 'self' | 'none';
  /** How many peers' sheets were averaged. */
  peerSheets: number;
}

export interface ConsolidatedRanking {
  scores: ConsolidatedScore[];
  ranking: RankedMember[];
}

const mean = (values: readonly number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;

/** The sheets `memberId` received from the other members of the record: those the ranking counts. */
export function peerSheetsOf(record: Pick<ScoringRecord, 'members' | 'crossScores'>, memberId: string): ScoreSheet[] {
  return record.members
    .filter((scorer) => scorer !== memberId)
    .flatMap((scorer) => {
      const sheet = record.crossScores[scorer]?.[memberId];
      return sheet ? [sheet] : [];
    });
}

function consolidateMember(criteria: readonly Criterion[], record: ScoringRecord, memberId: string, selfWeight: number): ConsolidatedScore {
  const sheets = peerSheetsOf(record, memberId);
  const self = record.selfAssessments[memberId];
  const basis = sheets.length > 0 ? 'peers' : self ? 'self' : 'none';
  const scores = Object.fromEntries(
    criteria.map(({ criterionId }) => {
      const peerMean = sheets.length > 0 ? mean(sheets.map((sheet) => sheet[criterionId] ?? 0)) : undefined;
      const own = self?.[criterionId];
      const score = peerMean === undefined ? (own ?? 0) : own === undefined ? peerMean : selfWeight * own + (1 - selfWeight) * peerMean;
      return [criterionId, roundTotal(score)];
    }),
  );
  return { memberId, scores, total: weightedTotal(criteria, scores), basis, peerSheets: sheets.length };
}

/**
 * Consolidates every member's scores (see the module comment for the rule) and ranks them.
 * Throws a `RangeError` for a self-assessment weight outside [0, 1): a configuration bug.
 */
export function consolidateRanking(criteria: readonly Criterion[], record: ScoringRecord, options: ConsolidationOptions = {}): ConsolidatedRanking {
  const selfWeight = options.selfAssessmentWeight ?? 0;
  if (!(selfWeight >= 0 && selfWeight < 1)) throw new RangeError(`selfAssessmentWeight must be in [0, 1), got ${selfWeight}`);
  const members = [...new Set(record.members)].sort();
  const scores = members.map((memberId) => consolidateMember(criteria, { ...record, members }, memberId, selfWeight));
  const ranking = rankByTotal(Object.fromEntries(scores.map((score) => [score.memberId, score.total])), options.method);
  return { scores, ranking };
}
