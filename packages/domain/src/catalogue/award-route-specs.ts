/**
 * Which levels each award passes, before the decision by its deciding authority (which
 * award-routes.ts appends, so every route ends in the right decision by construction).
 *
 * Reading of Law 06/2022/QH15 and Decree 98/2023/NĐ-CP (DOMAIN.md "How"): the unit's council
 * votes and the unit proposes; the provincial office appraises; the provincial council votes on
 * titles, flags and national awards; national awards are disclosed for comment, submitted by the
 * provincial Chairman to the Central Committee, which appraises (and its council votes for the
 * national emulation soldier and hero titles), then go to the Prime Minister, or through the
 * Prime Minister to the President. Emulation flags are voted in the cluster, not the unit.
 * The simplified procedure (thủ tục đơn giản, Law 06/2022/QH15, khen thưởng theo thủ tục đơn
 * giản†) is for ad-hoc (đột xuất) achievements and is allowed for Giấy khen, Bằng khen (both
 * levels) and Huân chương Lao động hạng Ba†: no council, no disclosure, shorter limits.
 *
 * † Which levels an award passes, which council votes and by which rule, and which awards allow
 * the simplified procedure are reference values to confirm against the texts cited above.
 */
import type { VoteRule } from '../procedure-route.ts';
import { councilVoteRules } from './council-vote-rules.ts';
import type { CouncilLevelId, StepLevelId } from './route-levels.ts';

/** A level before the decision: a step id, or a council with its vote rule. */
export type LevelSpec = Exclude<StepLevelId, CouncilLevelId> | { council: CouncilLevelId; vote: VoteRule };

export interface AwardRouteSpec {
  standard: readonly LevelSpec[];
  /** Present only where the law allows the simplified procedure. */
  simplified?: readonly LevelSpec[];
  /**
   * Present for the awards an emulation cluster proposes its leading members for, once its
   * members' secret ballot has elected them (DOMAIN.md, clusters): that ballot is the cluster's
   * vote, so the route holds no second one.
   */
  clusterProposal?: readonly LevelSpec[];
}

const { majority, secretTwoThirds, secretNinetyPercent, cluster } = councilVoteRules;

const council = (id: CouncilLevelId, vote: VoteRule): LevelSpec => ({ council: id, vote });

/** Province to the Central Committee: disclosure, the Chairman's submission, the appraisal. */
const toCentre: readonly LevelSpec[] = ['provinceDisclosure', 'provinceSubmission', 'centralReview'];

/** A national commendation proposed by a unit and voted by the provincial council. */
function nationalCommendation(provinceVote: VoteRule): LevelSpec[] {
  return [council('unitCouncil', majority), 'unitSubmission', 'provinceReview', council('provinceCouncil', provinceVote), ...toCentre];
}

const simplifiedToCentre: readonly LevelSpec[] = ['unitSubmission', 'provinceReview', 'provinceSubmission', 'centralReview'];

/**
 * A cluster of provinces proposes a leading member: the chair signs the proposal (tờ trình),
 * posts it for comment (a national award: ≥ 10 days; an objection returns it to the chair's
 * signature) and sends it to the Central Committee, which appraises it†. No provincial level:
 * the nominee is the province itself, which would otherwise appraise, vote on and submit its
 * own nomination.
 */
const clusterToCentre: readonly LevelSpec[] = ['clusterSubmission', 'clusterDisclosure', 'centralReview'];

/** An order of the President: as a national commendation, then the Prime Minister submits it. */
const presidentialOrder: AwardRouteSpec = {
  standard: [...nationalCommendation(secretTwoThirds), 'governmentSubmission'],
};

export const awardRouteSpecs: Readonly<Record<string, AwardRouteSpec>> = Object.freeze({
  // Decided by the head of the unit.
  'lao-dong-tien-tien': { standard: [council('unitCouncil', majority)] },
  'chien-si-thi-dua-co-so': { standard: [council('unitCouncil', secretTwoThirds)] },
  'tap-the-lao-dong-tien-tien': { standard: [council('unitCouncil', majority)] },
  'giay-khen': { standard: [council('unitCouncil', majority)], simplified: ['unitReview'] },

  // Decided by the provincial Chairman or the Minister.
  'chien-si-thi-dua-bo-nganh-tinh': {
    standard: [council('unitCouncil', secretTwoThirds), 'unitSubmission', 'provinceReview', council('provinceCouncil', secretTwoThirds)],
  },
  'tap-the-lao-dong-xuat-sac': { standard: [council('unitCouncil', majority), 'unitSubmission', 'provinceReview', council('provinceCouncil', majority)] },
  'co-thi-dua-bo-nganh-tinh': {
    standard: [council('clusterCouncil', cluster), 'clusterSubmission', 'provinceReview', council('provinceCouncil', secretTwoThirds)],
  },
  'bang-khen-bo-nganh-tinh': {
    standard: [council('unitCouncil', majority), 'unitSubmission', 'provinceReview'],
    simplified: ['unitSubmission', 'provinceReview'],
  },

  // Decided by the Prime Minister.
  'chien-si-thi-dua-toan-quoc': {
    standard: [
      council('unitCouncil', secretTwoThirds), 'unitSubmission', 'provinceReview',
      council('provinceCouncil', secretNinetyPercent), ...toCentre, council('centralCouncil', secretNinetyPercent),
    ],
  },
  'co-thi-dua-chinh-phu': {
    standard: [council('clusterCouncil', cluster), 'clusterSubmission', 'provinceReview', council('provinceCouncil', secretTwoThirds), ...toCentre],
    clusterProposal: clusterToCentre,
  },
  'bang-khen-thu-tuong': { standard: nationalCommendation(majority), simplified: simplifiedToCentre, clusterProposal: clusterToCentre },

  // Decided by the President.
  'huan-chuong-lao-dong-hang-ba': { ...presidentialOrder, simplified: [...simplifiedToCentre, 'governmentSubmission'] },
  'huan-chuong-lao-dong-hang-nhi': presidentialOrder,
  'huan-chuong-lao-dong-hang-nhat': presidentialOrder,
  'huan-chuong-doc-lap': presidentialOrder,
  'huan-chuong-ho-chi-minh': presidentialOrder,
  'huan-chuong-sao-vang': presidentialOrder,
  'anh-hung-lao-dong': {
    standard: [...nationalCommendation(secretNinetyPercent), council('centralCouncil', secretNinetyPercent), 'governmentSubmission'],
  },
} satisfies Record<string, AwardRouteSpec>);
