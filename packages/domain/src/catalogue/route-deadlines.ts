/**
 * Statutory time limits of each level, in working days; award-routes.ts gives each set its dates.
 *
 * † Every figure is a reference value to confirm against Decree 98/2023/NĐ-CP (the articles on
 * time limits for appraising and submitting dossiers — thời hạn thẩm định, trình khen thưởng)
 * and Law 06/2022/QH15 (khen thưởng theo thủ tục đơn giản). DOMAIN.md fixes two of them:
 * the Central Committee's appraisal "on the order of 20 working days" and national awards'
 * disclosure "≥ 10 days". The rest are this catalogue's reading, to be confirmed.
 */
import type { DecidingAuthority } from '../award-types.ts';
import type { StepLevelId } from './route-levels.ts';

export interface RouteDeadlines {
  /** Working days per level before the decision. */
  steps: Record<StepLevelId, number>;
  /**
   * Working days of a level for one award where they differ from `steps` (DOMAIN.md: limits are
   * kept per level and award), by award type id; none differ in the 2024 set.
   */
  byAward?: Readonly<Record<string, Partial<Record<StepLevelId, number>>>>;
  /** Working days the deciding authority has. */
  decision: Record<DecidingAuthority, number>;
  /** Calendar days a disclosure stays posted. */
  disclosurePostingDays: number;
}

export interface RouteDeadlineSet {
  standard: RouteDeadlines;
  /** The simplified procedure (thủ tục đơn giản): shorter limits, no council, no disclosure. */
  simplified: RouteDeadlines;
}

const standard: RouteDeadlines = {
  steps: {
    unitCouncil: 5, // †
    unitReview: 3, // †
    unitSubmission: 3, // †
    clusterCouncil: 10, // † the cluster's year-end meeting (Circular 01/2024/TT-BNV)
    clusterSubmission: 5, // †
    clusterDisclosure: 10, // † as provinceDisclosure: 10 calendar days of posting
    provinceReview: 15, // † Decree 98/2023/NĐ-CP, thẩm định cấp tỉnh
    provinceCouncil: 10, // †
    // Working days the disclosure level may take: the posting period plus time to close it.
    provinceDisclosure: 10, // † covers 10 calendar days of posting (see disclosurePostingDays)
    provinceSubmission: 5, // †
    centralReview: 20, // † DOMAIN.md; Decree 98/2023/NĐ-CP, Ban TĐKT Trung ương thẩm định
    centralCouncil: 10, // †
    governmentSubmission: 10, // † Văn phòng Chính phủ trình (Decree 98/2023/NĐ-CP)
  },
  decision: {
    unitHead: 5, // †
    ministerOrProvincialChairman: 10, // †
    primeMinister: 10, // † Văn phòng Chính phủ thẩm tra, trình Thủ tướng
    president: 10, // † Văn phòng Chủ tịch nước thẩm tra, trình Chủ tịch nước
  },
  disclosurePostingDays: 10, // † DOMAIN.md: ≥ 10 days for national awards
};

const simplified: RouteDeadlines = {
  steps: {
    ...standard.steps,
    unitReview: 2, // †
    unitSubmission: 2, // †
    provinceReview: 5, // † Law 06/2022/QH15, thủ tục đơn giản: thẩm định rút gọn
    provinceSubmission: 2, // †
    centralReview: 5, // †
    governmentSubmission: 3, // †
  },
  decision: { unitHead: 2, ministerOrProvincialChairman: 3, primeMinister: 5, president: 5 }, // †
  disclosurePostingDays: standard.disclosurePostingDays,
};

/** The limits in force from 1 January 2024 (Law 06/2022/QH15); award-routes.ts dates them. */
export const routeDeadlines2024: Readonly<RouteDeadlineSet> = Object.freeze({ standard, simplified });
