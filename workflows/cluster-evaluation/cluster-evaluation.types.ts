import type {
  ConsolidatedScore, Criterion, Election, LeadingUnitVoteRule, Placement, RankedMember, RankingMethod, RoundTally, ScoreProblem, ScoreSheet, UnfilledSeats,
} from '@vinh-danh/domain';
import type { ClusterEvaluationDeadlines } from './cluster-evaluation.timing.ts';

/** A member province (or ministry, for a bloc) and the people who act for it. */
export interface ClusterMemberInput {
  /** Unit id (see packages/domain organisation), lowercase words joined by `-`. */
  memberId: string;
  nameVi: string;
  /** Who signs and scores for the member (its emulation office); gets the tasks. */
  representative: string;
  /** The member's head (e.g. Chairman of the provincial People's Committee): where a missed deadline escalates. */
  head: string;
}

/** The cluster's rules for the year, from its agreement (giao ước thi đua). */
export interface ClusterEvaluationRules {
  ranking: RankingMethod;
  /** Share of the self-assessment in consolidated scores, in [0, 1). */
  selfAssessmentWeight: number;
  vote: LeadingUnitVoteRule;
  /** Fewest signatories with which the chair may proceed without the others (≥ 2). */
  minimumSignatories: number;
}

/** What the engine passes to start one cluster's year-end evaluation. */
export interface ClusterEvaluationInput {
  clusterId: string;
  clusterNameVi: string;
  year: number;
  members: ClusterMemberInput[];
  /** Member ids of this year's chair (Trưởng cụm) and deputy (Phó trưởng cụm). */
  chair: string;
  deputy: string;
  /** The cluster's rotation order (every member once; former members may stay listed). */
  rotationOrder: string[];
  criteria: Criterion[];
  rules: ClusterEvaluationRules;
  /** Overrides of the default deadlines (`cluster-evaluation.timing.ts`). */
  deadlines?: Partial<ClusterEvaluationDeadlines>;
  /**
   * Members who signed the year's agreement before the evaluation starts (signed at the meeting
   * that adopted it, as the store records): they are not asked again, and when every member has
   * signed the evaluation starts at self-assessment.
   */
  signedAlready?: string[];
}

/** `active`: takes part; `notSigned`: never signed, outside the agreement; `merged`: ceased into another unit. */
export type MemberStatus = 'active' | 'notSigned' | 'merged';

export interface MemberSeat extends ClusterMemberInput {
  status: MemberStatus;
}

export type Stage = 'signing' | 'selfAssessment' | 'crossScoring' | 'consolidation' | 'voting' | 'done';

/** A task the machine has open; closed exactly once. */
export interface OpenTask {
  taskKey: string;
  stage: Stage;
  /** The member the task is for (whose signature, sheet or ballot), or the chair / deputy member. */
  memberId: string;
  assignee: string;
  /** `member`: representative's task; `head`: escalated to the head; `chair` / `deputy`: the chair's decision; `ballot`. */
  kind: 'member' | 'head' | 'chair' | 'deputy' | 'ballot';
}

export interface SelfAssessment {
  scores: ScoreSheet;
  evidence: string[];
}

/** A submission refused for its content, kept so the gateway can show why. */
export interface Refusal {
  stage: Stage;
  type: 'selfAssess' | 'crossScore';
  by: string;
  memberId: string;
  /** The member scored, for a cross-score. */
  target: string | null;
  problems: ScoreProblem[];
}

/** A submission that arrived after its stage closed. Never carries a ballot's choice. */
export interface LateSubmission {
  type: 'sign' | 'selfAssess' | 'crossScore' | 'vote';
  by: string;
  memberId: string;
  /** Where the procedure was when it arrived. */
  stage: Stage;
}

/** How a merger was applied (see `cluster-evaluation.merge.ts`). */
export interface MergeRecord {
  memberId: string;
  successorId: string;
  rule: 'carriedToSuccessor' | 'leftEvaluation' | 'recordedOnly';
  stage: Stage;
}

/** The open ballot round: who may vote, who has, and the counts. Never who chose whom. */
export interface BallotRound {
  voters: string[];
  voted: string[];
  counts: Record<string, number>;
}

/** Extended state. Plain JSON, so a persisted snapshot restores exactly. */
export interface ClusterEvaluationContext {
  clusterId: string;
  clusterNameVi: string;
  year: number;
  members: MemberSeat[];
  chair: string;
  deputy: string;
  rotationOrder: string[];
  criteria: Criterion[];
  rules: ClusterEvaluationRules;
  deadlines: ClusterEvaluationDeadlines;
  stage: Stage;
  openTasks: OpenTask[];
  /** How many times a chair's or deputy's task moved to a new holder after a merger; keeps reopened task keys unique. */
  reassignments: number;
  signatures: string[];
  waiver: { memberIds: string[]; by: string; reason: string } | null;
  selfAssessments: Record<string, SelfAssessment>;
  /** Scorer member → scored member → sheet. */
  crossScores: Record<string, Record<string, ScoreSheet>>;
  refusals: Refusal[];
  lateSubmissions: LateSubmission[];
  merges: MergeRecord[];
  scores: ConsolidatedScore[];
  ranking: RankedMember[];
  election: Election | null;
  ballot: BallotRound;
  /**
   * Next year's chair and deputy as the meeting chose them, recorded with the consolidation;
   * absent (instances started before it was asked, or nothing chosen): the rotation decides.
   */
  chosenRoles?: { chair: string; deputy: string } | null;
}

export interface SignEvent { type: 'sign'; by: string }
export interface ProceedWithoutSigningEvent { type: 'proceedWithoutSigning'; by: string; reason: string }
export interface SelfAssessEvent { type: 'selfAssess'; by: string; scores: Record<string, number>; evidence: string[] }
export interface CrossScoreEvent { type: 'crossScore'; by: string; member: string; scores: Record<string, number> }
/** The chair settles the ranking; with it, the meeting's choice of next year's chair and deputy (both, or neither: the rotation). */
export interface ConsolidateEvent { type: 'consolidate'; by: string; nextChair?: string; nextDeputy?: string }
/**
 * A secret ballot: the engine stores it without `choice` (see `redactChoice`). `round` is the
 * round its ballot task was for: a ballot of a round that has closed (its vote raced the
 * deadline, or a tie's runoff opened meanwhile) is refused, never counted in the next round.
 * Events without it (sent before it existed) count in the open round.
 */
export interface ClusterVoteEvent { type: 'vote'; by: string; choice: string; round?: number }
/** From the system (the organisation data changed), never from a person. */
export interface MemberMergedEvent { type: 'memberMerged'; member: string; successor: string }

export type ClusterEvaluationEvent =
  | SignEvent
  | ProceedWithoutSigningEvent
  | SelfAssessEvent
  | CrossScoreEvent
  | ConsolidateEvent
  | ClusterVoteEvent
  | MemberMergedEvent;

export type ClusterEvaluationStatus = 'concluded' | 'expired';

/** The output of both final states. Tallies only, never ballots. */
export interface ClusterEvaluationOutput {
  status: ClusterEvaluationStatus;
  clusterId: string;
  year: number;
  /** Where an expired evaluation stopped; `done` when concluded. */
  stage: Stage;
  ranking: RankedMember[];
  scores: ConsolidatedScore[];
  /** Every closed round: counts per candidate. */
  votes: RoundTally[];
  leadingUnits: Placement[];
  unfilledSeats: UnfilledSeats[];
  nextChair: string | null;
  nextDeputy: string | null;
  notSigned: string[];
  waiver: ClusterEvaluationContext['waiver'];
  merges: MergeRecord[];
  lateSubmissions: LateSubmission[];
}
