/**
 * The route of a commendation procedure: the levels a nomination climbs from the proposing
 * unit to the competent authority (DOMAIN.md "How"). The award catalogue holds routes as data;
 * the gateway resolves each level's roles to people when a nomination is submitted; the
 * commendation machine walks the resolved route. Durations are data too (statutory limits in
 * working days, effective-dated in the catalogue), handed to the machine in milliseconds.
 */

/** What happens at a level. */
export type LevelKind =
  /** One officer checks the dossier (complete, eligible, within quota): forward, return for changes, or reject. */
  | 'review'
  /** A council votes: every member gets a ballot task in parallel. */
  | 'council'
  /** The list is posted for comment; objections send it back to review. */
  | 'disclosure'
  /** The competent authority decides: a numbered decision, certificate and reward. */
  | 'decision';

/**
 * How a council decides (Law 06/2022 and Decree 98/2023 give the shares per award†).
 * `quorum` and `passShare` are fractions in (0, 1]; `passShare` is of all members
 * (recused ones included, as members who cast no ballot) when `of` is `members`, of ballots cast
 * when `votesCast`; the quorum is of all members.
 */
export interface VoteRule {
  quorum: number;
  passShare: number;
  of: 'members' | 'votesCast';
  /**
   * `atLeast` (default): yes ≥ passShare × base. `moreThan`: yes > passShare × base — the law's
   * "quá bán" (more than half) is `{ passShare: 0.5, threshold: 'moreThan' }`, so a tie fails.
   */
  threshold?: 'atLeast' | 'moreThan';
  /** Secret ballot (bỏ phiếu kín): tallies are visible, individual ballots never. */
  secret: boolean;
}

/** A level as the catalogue states it: roles, not people. */
export interface RouteLevel {
  /** Unique within the route, e.g. `unitReview`, `provinceCouncil`, `centralReview`, `decision`. */
  id: string;
  kind: LevelKind;
  /** Vietnamese and English name of the body acting, for pages and mails. */
  nameVi: string;
  nameEn: string;
  /** Directory role that acts (resolved per unit), e.g. `unitLeader`, `provinceOffice`, `provinceCouncil`. */
  role: string;
  /** Role the task escalates to when the deadline passes (review and decision levels). */
  escalationRole?: string;
  /** Statutory time limit, in working days†. */
  deadlineWorkingDays: number;
  /** For council levels. */
  vote?: VoteRule;
  /** For disclosure levels: the posting period, in days† (≥ 10 for national awards). */
  postingDays?: number;
}

/** A level with people: what the commendation machine receives in its input. */
export interface ResolvedLevel {
  id: string;
  kind: LevelKind;
  nameVi: string;
  nameEn: string;
  /** Who acts: the officer or authority (review, decision), the chair (council), the office posting (disclosure). */
  assignee: string;
  escalationAssignee?: string;
  /** Council members (e-mails); empty for other kinds. */
  members: string[];
  vote?: VoteRule;
  /** Milliseconds from entering the level to its deadline (or the end of the posting period). */
  deadlineMs: number;
  /** Milliseconds before the deadline that a reminder goes out. */
  reminderBeforeMs: number;
  /** Milliseconds the escalation assignee has after the deadline before the nomination expires. */
  escalationWindowMs: number;
  /**
   * Review, council and decision levels resolved for the working calendar: the limit in working
   * days. Where the engine has a calendar, the deadline ends when the last of them does
   * (`deadlineMs` is its approximation, used without a calendar).
   */
  deadlineWorkingDays?: number;
  /** With {@link deadlineWorkingDays}: the escalation window in working days. */
  escalationWorkingDays?: number;
  /** Disclosure levels: the posting period in days, as published (`deadlineMs` is the same period in ms). */
  postingDays?: number;
  /** Decision levels: who signs, as printed on the decision, e.g. `UBND tỉnh Bắc Giang`, `Thủ tướng Chính phủ`. */
  authority?: string;
  /** Decision levels: document type and issuing body of the decision number, e.g. `QĐ-UBND`, `QĐ-TTg`. */
  issuerCode?: string;
  /** Decision levels: the unit holding the deciding role, whose register numbers the decision. */
  issuingUnitId?: string;
}
