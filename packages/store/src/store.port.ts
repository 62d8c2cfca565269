/**
 * The persistence port of Vinh Danh (ARCHITECTURE.md §4).
 *
 * Shaped by what the engine and the gateway need, not by a database: no SQL, no driver
 * types and no query objects cross it, so a PostgreSQL, PGlite or MongoDB adapter can sit
 * behind it without changing a caller. Every method is atomic on its own.
 */

/** Who or what caused an event, kept in the history for audit. */
export interface EventMeta {
  /** The person or system that acted, e.g. an approver's e-mail or `system:timer`. */
  actor?: string;
  /** Where it came from, e.g. `api`, `task-link`, `timer`, `reconciler`. */
  source?: string;
  /** Request or task id the event arrived through. */
  via?: string;
  /**
   * Facts recorded with the event for audit, plain JSON: e.g. at a submission, an officer's
   * eligibility override with the rules it overrode. Only on start events (queued events carry
   * actor, source and via alone).
   */
  audit?: Record<string, unknown>;
}

/** A workflow event as the machines see it: a type and plain JSON fields. */
export interface WorkflowEvent {
  type: string;
  [field: string]: unknown;
}

export type InstanceStatus = 'active' | 'done' | 'error' | 'stopped';

export interface InstanceRecord {
  instanceId: string;
  definitionId: string;
  /** The machine version that started the instance; it stays pinned to it. */
  definitionVersion: number;
  /** XState persisted snapshot (plain JSON). */
  snapshot: unknown;
  /** Incremented by every committed transition; the optimistic-concurrency token. */
  version: number;
  status: InstanceStatus;
  /** Current state value rendered as a dotted string, for queries and pages. */
  stateValue: string;
  nominationId: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface HistoryEntry {
  instanceId: string;
  /** The instance version this entry produced. */
  version: number;
  eventId: string;
  eventType: string;
  event: WorkflowEvent;
  meta: EventMeta;
  fromState: string | null;
  toState: string;
  /** False when the event was recorded but did not change the state (e.g. a late click). */
  changed: boolean;
  at: Date;
}

/** An effect to deliver at least once onto a queue; `effectId` is its idempotency key. */
export interface OutboxRow {
  effectId: string;
  instanceId: string;
  queue: string;
  type: string;
  payload: Record<string, unknown>;
}

export interface PendingOutboxRow extends OutboxRow {
  createdAt: Date;
}

/** An effect given up on (its last attempt failed, or it could never run), with the reason kept for operators. */
export interface FailedOutboxRow extends PendingOutboxRow {
  error: string | null;
}

export type TimerStatus = 'pending' | 'fired' | 'cancelled';

export interface TimerRow {
  /** Unique per scheduling: `${instanceId}.${version}.${sendId}`; its event's id in the inbox and the history. */
  timerId: string;
  instanceId: string;
  /** The XState send id, shared by re-schedulings of the same delayed event. */
  sendId: string;
  event: WorkflowEvent;
  dueAt: Date;
}

export interface TimerRecord extends TimerRow {
  status: TimerStatus;
}

/** A workflow event accepted for delivery but not yet applied. */
export interface InboxEvent {
  instanceId: string;
  eventId: string;
  event: WorkflowEvent;
  meta: EventMeta;
  createdAt: Date;
}

/** What {@link Store.instances.loadForEvent} reads. */
export interface LoadedForEvent {
  instance: InstanceRecord;
  applied: boolean;
  /** The event and its meta as `inbox.add` or `timers.fire` recorded them; null when the inbox has no such event. */
  recorded: Pick<InboxEvent, 'event' | 'meta'> | null;
  /** Whether the inbox holds the event as failed: given up on, until an operator puts it back (`inbox.retryFailed`). */
  failed: boolean;
}

/** An event given up on, with the reason kept for operators. */
export interface FailedInboxEvent extends InboxEvent {
  error: string | null;
}

/**
 * Which failed work an operator puts back: all of it, that of some instances, or (effects only)
 * some effects by id. An empty list selects nothing, never everything.
 */
export type FailedEventSelection = 'all' | { instanceIds: readonly string[] };
export type FailedEffectSelection = FailedEventSelection | { effectIds: readonly string[] };

export interface NewInstance {
  instanceId: string;
  definitionId: string;
  definitionVersion: number;
  snapshot: unknown;
  status: InstanceStatus;
  stateValue: string;
  nominationId?: string | null;
  /** A nomination to create in the same transaction, so a submission is stored whole or not at all. */
  nomination?: NewNomination;
  /** History entry of the initial transition (version 1). */
  startEvent: { eventId: string; event: WorkflowEvent; meta: EventMeta };
  outbox: OutboxRow[];
  timers: TimerRow[];
  /** Store writes of the initial transition, in the same transaction (see {@link StoreWrites}). */
  tasksToOpen?: NewTask[];
  tasksToClose?: TaskClosing[];
  nominationStatus?: NominationStatusChange;
}

/** Closes the task `taskId` if it is open, recording why (a task not open is left as it is). */
export interface TaskClosing {
  taskId: string;
  status: Exclude<TaskStatus, 'open'>;
  outcome: string;
}

/** Sets a nomination's status (a nomination that does not exist is left alone). */
export interface NominationStatusChange {
  nominationId: string;
  status: NominationStatus;
}

/**
 * Effects whose whole job is a store write, applied atomically with the transition that asked
 * for them, so they happen exactly once and need no outbox row or queue round trip:
 * - `tasksToOpen`: created unless a task with that id exists (idempotent on `taskId`);
 * - `tasksToClose`: applied after the openings, so a task opened and closed by one transition is
 *   stored closed; one closing per task id;
 * - `nominationStatus`: the nomination's new status.
 * Absent fields mean nothing to write. When the commit does not happen (conflict, duplicate,
 * an instance id that exists), none of them is written.
 */
export type StoreWrites = Pick<TransitionCommit, 'tasksToOpen' | 'tasksToClose' | 'nominationStatus'>;

export interface TransitionCommit {
  instanceId: string;
  /** The version the transition was computed from; the commit happens only if it is unchanged. */
  expectedVersion: number;
  eventId: string;
  /** The event as history keeps it (secret fields already redacted); it also replaces the inbox copy. */
  event: WorkflowEvent;
  meta: EventMeta;
  snapshot: unknown;
  status: InstanceStatus;
  fromState: string;
  toState: string;
  changed: boolean;
  outbox: OutboxRow[];
  timers: TimerRow[];
  /** XState send ids whose pending timers this transition cancels. */
  cancelSendIds: string[];
  /** Store writes in the same commit (see {@link StoreWrites}). */
  tasksToOpen?: NewTask[];
  tasksToClose?: TaskClosing[];
  nominationStatus?: NominationStatusChange;
}

/** A pending timer a commit cancelled, with the time it was due. */
export interface CancelledTimer {
  timerId: string;
  dueAt: Date;
}

export type CommitResult =
  | { outcome: 'committed'; version: number; cancelledTimers: CancelledTimer[] }
  | { outcome: 'duplicate' }
  | { outcome: 'conflict' };

export type TaskStatus = 'open' | 'done' | 'cancelled' | 'expired';

export interface TaskRecord {
  taskId: string;
  instanceId: string;
  nominationId: string | null;
  /** The step of the procedure the task belongs to, e.g. `unitLeaderReview`. */
  step: string;
  assignee: string;
  status: TaskStatus;
  dueAt: Date | null;
  /**
   * SHA-256 of a link token set as the task was opened (tasks opened by earlier versions, whose
   * mails carry such a link); null otherwise. Mailed links are bound with `tasks.addLink`.
   */
  tokenHash: string | null;
  /** When the task's links stop working (its deadline); null: not before the task closes. */
  tokenExpiresAt: Date | null;
  outcome: string | null;
  createdAt: Date;
  completedAt: Date | null;
}

export interface NewTask {
  taskId: string;
  instanceId: string;
  nominationId?: string | null;
  step: string;
  assignee: string;
  dueAt?: Date | null;
  tokenHash?: string | null;
  tokenExpiresAt?: Date | null;
}

export type NominationStatus = 'submitted' | 'in_review' | 'approved' | 'rejected' | 'withdrawn' | 'expired';

export interface NominationRecord {
  nominationId: string;
  trackingCode: string;
  unitId: string;
  awardTypeId: string;
  period: string;
  nominee: Record<string, unknown>;
  details: Record<string, unknown>;
  status: NominationStatus;
  instanceId: string | null;
  idempotencyKey: string | null;
  requestHash: string | null;
  createdAt: Date;
}

export interface NewNomination {
  nominationId: string;
  /** Client-chosen key of the submitting request; a second nomination with the same key is refused. */
  idempotencyKey?: string | null;
  /** Hash of the request body that created it, to tell a retry from a different request reusing a key. */
  requestHash?: string | null;
  trackingCode: string;
  unitId: string;
  awardTypeId: string;
  period: string;
  nominee: Record<string, unknown>;
  details: Record<string, unknown>;
  instanceId?: string | null;
  /** Files of the dossier, stored in the same transaction as the nomination. */
  attachments?: NewAttachment[];
  /**
   * The caller's key for finding duplicates (the same nominee, award and period), kept with the
   * nomination and indexed for {@link Store.nominations.listDuplicateCandidates}. Opaque to the store.
   */
  duplicateKey?: string | null;
}

/** A file of a dossier (PDF, JPEG, PNG), as the gateway accepted it: type sniffed, size checked. */
export interface NewAttachment {
  attachmentId: string;
  /** Name shown to people; never used as a path. */
  filename: string;
  /** The type its content was recognised as, not merely the one the client declared. */
  contentType: string;
  /** Bytes; equals `content.length`. */
  size: number;
  /** SHA-256 hex of the content. */
  sha256: string;
  content: Uint8Array;
}

/** An attachment without its bytes, for listings. */
export interface AttachmentInfo {
  attachmentId: string;
  nominationId: string;
  filename: string;
  contentType: string;
  size: number;
  sha256: string;
  createdAt: Date;
}

export interface AttachmentRecord extends AttachmentInfo {
  content: Uint8Array;
}

/** Files uploaded with a form that is not submitted yet, held until `expiresAt`. */
export interface NewDraft {
  /** Random and unguessable: whoever holds it can read the draft's files. */
  draftId: string;
  attachments: NewAttachment[];
  expiresAt: Date;
}

export interface DraftRecord {
  draftId: string;
  /** In upload order, with their bytes. */
  attachments: NewAttachment[];
  expiresAt: Date;
  createdAt: Date;
}

/**
 * A posting of a nomination for public comment (công khai, lấy ý kiến), as the procedure made it.
 * Kept in the nomination's `details.disclosures`, oldest first, for the tracking pages.
 */
export interface DisclosureRecord {
  /** Idempotency key: the effect that posted it. */
  disclosureId: string;
  /** The disclosure level of the route, e.g. `provinceDisclosure`. */
  levelId: string;
  /** The nomination's round; a re-posting after resubmission has the next one. */
  round: number;
  postingDays: number;
  /** ISO 8601 instant the posting began. */
  postedAt: string;
  /** ISO 8601 instant the posting ends as published: `postingDays` days after `postedAt`. */
  closesAt: string;
}

/**
 * A council's closed vote, as made public: the counts and the outcome, never a ballot or who
 * cast it (bỏ phiếu kín). Kept in the nomination's `details.tallies`, oldest first.
 */
export interface TallyRecord {
  /** Idempotency key: the effect that recorded it. */
  tallyId: string;
  /** The council level of the route, e.g. `provinceCouncil`. */
  levelId: string;
  round: number;
  yes: number;
  no: number;
  abstain: number;
  /** Members not recused. */
  eligible: number;
  /** All the council's members, recused ones included (absent from tallies recorded before it was kept: then `eligible`). */
  members?: number;
  quorumMet: boolean;
  outcome: 'passed' | 'failed';
  /** ISO 8601 instant it was recorded. */
  recordedAt: string;
}

/** A duplicate look-up: the caller's key, and the award and period it was derived from. */
export interface DuplicateCandidatesQuery {
  duplicateKey: string;
  awardTypeId: string;
  period: string;
}

/** Nominations of one unit for one award and period, in any of `statuses`: what a share rule counts. */
export interface NominationCountQuery {
  unitId: string;
  awardTypeId: string;
  period: string;
  statuses: readonly NominationStatus[];
}

export interface NominationQuery {
  unitId?: string;
  awardTypeId?: string;
  period?: string;
  status?: NominationStatus;
  limit?: number;
}

/** How a unit signs and numbers its decisions, for the decision levels it holds a role in. */
export interface UnitProfile {
  /** Abbreviation of the body in document codes (ký hiệu văn bản), e.g. `SNV`, `UBND`, `TTg`. */
  abbreviation?: string;
  /** What kind of issuing body it is: a province's People's Committee, a ministry, or a unit. */
  issuingBody?: 'province' | 'ministry' | 'unit';
  /** Deciding role held here → who signs, as printed: `{ provinceChairman: 'Chủ tịch UBND tỉnh Bắc Giang' }`. */
  signatories?: Record<string, string>;
  /** Deciding role held here → the abbreviation of its own document code: `{ unitLeader: 'VP' }` (QĐ-VP of the Văn phòng). */
  roleAbbreviations?: Record<string, string>;
}

/** An organisation unit and who acts for it in its procedures. */
export interface UnitRecord {
  unitId: string;
  nameVi: string;
  nameEn: string;
  /**
   * The body above it: a department's province, a province's national bodies. Roles the unit
   * does not hold are looked up along this chain.
   */
  parentId: string | null;
  /**
   * Role → e-mail, or e-mails for a council's members, e.g.
   * `{ unitLeader: 'lanh.dao@…', unitCouncil: ['a@…', 'b@…'] }`.
   */
  approvers: Record<string, string | string[]>;
  /** Absent on units that sign no decisions. */
  profile?: UnitProfile;
}

/**
 * One award a nominee holds (or a disciplinary measure), the basis of eligibility checks.
 * Histories follow the nominee, not the unit's name: `nomineeKey` is `individual:<id>` or
 * `collective:<id>` built from the nominee's identifier (citizen id, staff or unit code).
 */
export interface AwardHistoryEntry {
  nomineeKey: string;
  /** Null for an entry that records only a disciplinary measure. */
  awardTypeId: string | null;
  year: number;
  decisionDate: Date | null;
  /** e.g. `12/QĐ-UBND`; null for history imported from before the system. */
  decisionNumber: string | null;
  disciplined: boolean;
  /** `decision` (issued here) or `import` (recorded by an officer from earlier records). */
  source: 'decision' | 'import';
}

export type DocumentKind = 'decision' | 'certificate';

/** A numbered decision of a competent authority and its documents. */
export interface DecisionRecord {
  /** Idempotency key: the effect that issued it. */
  decisionId: string;
  nominationId: string;
  instanceId: string;
  authority: string;
  issuerCode: string;
  year: number;
  number: number;
  /** `${number}/${issuerCode}`, e.g. `123/QĐ-UBND`. */
  decisionNumber: string;
  awardTypeId: string;
  decisionDate: Date;
  amountVnd: number | null;
  /** Multiplier and base salary the amount was computed from, and their sources. */
  amountBasis: Record<string, unknown>;
}

/** A decision before its number: what `decisions.issue` numbers and records. */
export type DecisionDraft = Omit<DecisionRecord, 'number' | 'decisionNumber'>;

export interface DecisionDocument {
  decisionId: string;
  kind: DocumentKind;
  contentType: string;
  content: Buffer;
}

export interface DecisionNumber {
  /** The register the number was taken from (see {@link NumberRegister}). */
  authority: string;
  year: number;
  number: number;
}

/**
 * The register a decision's number is taken from. Numbers run per issuing body and year
 * (Nghị định 30/2020/NĐ-CP, Điều 15 and Phụ lục I: a body numbers what it issues in order,
 * from 01 each year), so the key names the body and the document code, e.g. `bac-giang QĐ-UBND`, never the
 * signatory's words: two people signing for one body share its numbers.
 */
export interface NumberRegister {
  key: string;
  /**
   * Registers this one continues within a year: its first number of a year comes after the
   * highest they reached that year. Decisions numbered before registers were keyed by body were
   * counted by signatory text; naming the body's signatories here keeps their numbers unrepeated.
   */
  continues?: readonly string[];
}

/** Keyset cursor for listings in creation order: the last row seen (its time and its id). */
export interface PageCursor {
  createdAt: Date;
  /** The event id (inbox) or effect id (outbox) of that row. */
  key: string;
}

/**
 * The inbox's cursor: an event id is unique only within its instance (events of several
 * instances may share one, and their time), so inbox listings are ordered by time, instance
 * and event id, and the cursor names the instance too.
 */
export interface InboxCursor extends PageCursor {
  instanceId: string;
}

/**
 * A criterion of a cluster's agreement (packages/domain `Criterion`): what is scored, its weight
 * in the weighted total, and the scores allowed (`min`, `min + step`, … `max`).
 */
export interface ClusterCriterion {
  criterionId: string;
  nameVi: string;
  nameEn: string;
  weight: number;
  scale: { min: number; max: number; step: number };
}

/** The secret vote for leading units (packages/domain `LeadingUnitVoteRule`). */
export interface ClusterVoteRule {
  /** One award per seat, best first. */
  seatAwards: Array<'co-thi-dua-chinh-phu' | 'bang-khen-thu-tuong'>;
  quorum: number;
  secret: true;
  selfVote: boolean;
  maxRunoffs: number;
  candidatesFromTop?: number;
  /** A seat needs more than half of the members' ballots; absent in agreements recorded before it was kept (most votes win). */
  majority?: boolean;
}

/** One member's signature of the agreement (giao ước thi đua). */
export interface ClusterSignature {
  /** The member unit that signed. */
  memberId: string;
  /** Who signed for it, as recorded (a name or an e-mail); null when the record does not say. */
  signedBy: string | null;
  signedAt: Date;
}

/**
 * The agreement the members sign for the year: its criteria and rules (packages/domain
 * `EmulationAgreement`, without the cluster and year it is stored under) and who signed it when.
 */
export interface ClusterAgreement {
  criteria: ClusterCriterion[];
  ranking: 'competition' | 'dense';
  /** Share of the self-assessment in a member's consolidated score, in [0, 1). */
  selfAssessmentWeight: number;
  vote: ClusterVoteRule;
  /** Where the criteria come from (the signed text), or a note that they are illustrative. */
  source: string;
  /** In signing order; empty until someone signs. */
  signatures: ClusterSignature[];
}

/** The member of the Central Emulation–Commendation Council responsible for the cluster. */
export interface ClusterResponsible {
  name: string;
  titleVi: string;
  titleEn: string;
}

/**
 * An emulation cluster or bloc (Cụm, Khối thi đua) in one year, as an officer or the seed
 * writes it: who the members are, who chairs and deputises, who at the centre is responsible,
 * and the agreement. The cluster's names, kind and rotation order travel with each year, as
 * the cluster agreed them that year.
 */
export interface NewClusterYear {
  clusterId: string;
  year: number;
  /** `cluster` (Cụm: provinces) or `bloc` (Khối: ministries, national bodies). */
  kind: 'cluster' | 'bloc';
  nameVi: string;
  nameEn: string;
  /** Member unit ids. */
  members: string[];
  /** The order the chair rotates in (unit ids; former members may stay listed). */
  rotationOrder: string[];
  /** Member unit ids of the chair (Trưởng cụm) and the deputy (Phó trưởng cụm). */
  chair: string;
  deputy: string;
  responsible: ClusterResponsible | null;
  /** Where the chair and deputy come from: a source read, or the rotation rule applied. */
  rolesSource: string | null;
  /** Null until the year's agreement is recorded. */
  agreement: ClusterAgreement | null;
}

/** How the year's chair and deputy were handed over by the year before's evaluation. */
export interface ClusterHandover {
  /** Idempotency key: the effect that recorded it. */
  byEffectId: string;
  at: Date;
}

export interface ClusterYearRecord extends NewClusterYear {
  /** Null unless {@link Store.clusters.recordHandover} set this year's roles. */
  handover: ClusterHandover | null;
}

/** Next year's chair and deputy, as the year-end evaluation chose them. */
export interface ClusterHandoverRequest {
  clusterId: string;
  /** The year the chair and deputy serve. */
  year: number;
  chair: string;
  deputy: string;
  /** The effect recording it: a repeat of it changes nothing. */
  byEffectId: string;
  /**
   * The members of `year` when the handover creates that year's record (members merged away
   * during the evaluation left out); default: the year before's. Ignored when the record exists.
   */
  members?: string[];
}

/**
 * `recorded`: the roles are set; `exists`: this effect recorded them before, nothing changed;
 * `conflict`: another effect already handed this year over, nothing changed; `notFound`: neither
 * the year nor the year before is recorded, so there is nothing to hand over to.
 */
export type ClusterHandoverOutcome = 'recorded' | 'exists' | 'conflict' | 'notFound';

export interface StoreInfo {
  adapter: 'pglite' | 'postgres' | 'mongodb';
  migrationLevel: number;
  latestMigration: number;
}

export interface Store {
  readonly info: () => Promise<StoreInfo>;
  /** Applies pending versioned migrations; safe to call from several processes at once. */
  migrate(): Promise<void>;
  /** Cheap round trip for readiness checks. */
  ping(): Promise<void>;
  close(): Promise<void>;

  instances: {
    /** Creates the instance with its first history entry, outbox rows, timers and store writes, atomically. */
    create(instance: NewInstance): Promise<'created' | 'exists'>;
    get(instanceId: string): Promise<InstanceRecord | null>;
    /**
     * The instance, whether `eventId` was already applied to it, and the event as the inbox
     * recorded it (`recorded`, null when the inbox never took it), in one read. The recorded
     * event is what the engine applies: a queued job only says which one to apply.
     */
    loadForEvent(instanceId: string, eventId: string): Promise<LoadedForEvent | null>;
    /**
     * Commits a transition atomically: snapshot, version+1, history, inbox mark, outbox rows,
     * new timers, cancelled timers and the store writes (tasks opened and closed, nomination
     * status) — only if the version is still `expectedVersion` and the event id was never
     * applied to the instance.
     */
    commit(transition: TransitionCommit): Promise<CommitResult>;
    /**
     * Instances whose current state is `stateValue` (the dotted string of
     * {@link InstanceRecord.stateValue}, e.g. `disclosure.posted`), in instance id order,
     * strictly after the instance id `after`: at most `limit`. Served by an index, whatever
     * the number of instances in other states.
     */
    listInState(stateValue: string, limit: number, after?: string): Promise<InstanceRecord[]>;
    /** Counts by status, for operators and tests. */
    countByStatus(): Promise<Record<InstanceStatus, number>>;
  };

  history: {
    list(instanceId: string): Promise<HistoryEntry[]>;
    /** The entry an event produced, if it was applied: one entry, however long the instance's history. */
    get(instanceId: string, eventId: string): Promise<HistoryEntry | null>;
    /**
     * When the instance last entered `stateValue` (dotted, as {@link InstanceRecord.stateValue})
     * from another state: the time of the newest entry into it, not of one within it. Null when
     * it never entered it. One entry comes back, however many the instance's history holds.
     */
    lastEntered(instanceId: string, stateValue: string): Promise<Date | null>;
  };

  inbox: {
    /**
     * Records an event for delivery, in one statement: only if the instance exists
     * (`no-instance` otherwise, nothing stored); a repeated (instanceId, eventId) is `exists`
     * and changes nothing.
     */
    add(event: Omit<InboxEvent, 'createdAt'>): Promise<'added' | 'exists' | 'no-instance'>;
    /** Events accepted before `olderThan` and not yet applied, oldest first, after the `after` cursor. */
    listPending(olderThan: Date, limit: number, after?: InboxCursor): Promise<InboxEvent[]>;
    /** Marks a pending event applied: for a redelivered event the history already holds. */
    markApplied(instanceId: string, eventId: string): Promise<void>;
    /** Gives up on a pending event that can never apply; the reason is kept for operators. */
    markFailed(instanceId: string, eventId: string, reason: string): Promise<void>;
    /** Events given up on, oldest first, after the `after` cursor. */
    listFailed(limit: number, after?: InboxCursor): Promise<FailedInboxEvent[]>;
    /**
     * Puts failed events back to pending, their reason cleared, so the reconciler re-drives them
     * on its next pass. Returns how many it put back; pending and applied events are untouched.
     */
    retryFailed(selection: FailedEventSelection): Promise<number>;
  };

  outbox: {
    /** Effects recorded before `olderThan` and not yet done, oldest first, after the `after` cursor. */
    listPending(olderThan: Date, limit: number, after?: PageCursor): Promise<PendingOutboxRow[]>;
    /** The effect and whether it is done, or failed (given up on, and not put back since). */
    get(effectId: string): Promise<(PendingOutboxRow & { done: boolean; failed: boolean }) | null>;
    markDone(effectId: string): Promise<void>;
    /** Gives up on a pending effect after its last attempt; the reason is kept for operators. */
    markFailed(effectId: string, reason: string): Promise<void>;
    /** Effects given up on, oldest first, after the `after` cursor. */
    listFailed(limit: number, after?: PageCursor): Promise<FailedOutboxRow[]>;
    /**
     * Puts failed effects back to pending, their reason cleared, so the reconciler re-drives
     * them on its next pass. Returns how many it put back; pending and done effects are untouched.
     */
    retryFailed(selection: FailedEffectSelection): Promise<number>;
  };

  timers: {
    get(timerId: string): Promise<TimerRecord | null>;
    /**
     * Pending timers due at or before `dueBefore`, earliest first; with `dueAfter`, only those due
     * after it (the timers still to come, however many overdue ones are left).
     */
    listPending(dueBefore: Date, limit: number, dueAfter?: Date): Promise<TimerRecord[]>;
    /**
     * Fires a pending timer: marks it fired and puts its event in the inbox with
     * `eventId = timerId`, atomically. Returns null when it was not pending.
     */
    fire(timerId: string, meta: EventMeta): Promise<InboxEvent | null>;
  };

  tasks: {
    /** Idempotent on `taskId`. */
    create(task: NewTask): Promise<'created' | 'exists'>;
    get(taskId: string): Promise<TaskRecord | null>;
    /** The task a link token's hash opens: one bound with `addLink`, or the task's own `tokenHash`. */
    getByTokenHash(tokenHash: string): Promise<TaskRecord | null>;
    /**
     * Binds a mailed link to a task by its token's SHA-256 (the token is never stored). A task
     * has one link per mail that carries it; binding a hash again changes nothing.
     *
     * Returns false, binding nothing, when the task is closed: a mail about it is moot (a
     * reminder retried after its task was done, say), and its link would open a closed task.
     * A task not stored is bound: an earlier version's `createTask` effect may still be on its way.
     */
    addLink(taskId: string, tokenHash: string): Promise<boolean>;
    listByAssignee(assignee: string, status?: TaskStatus): Promise<TaskRecord[]>;
    listByInstance(instanceId: string): Promise<TaskRecord[]>;
    /** Closes an open task; returns false when it was not open. */
    close(taskId: string, status: Exclude<TaskStatus, 'open'>, outcome: string): Promise<boolean>;
  };

  nominations: {
    create(nomination: NewNomination): Promise<void>;
    get(nominationId: string): Promise<NominationRecord | null>;
    getByIdempotencyKey(idempotencyKey: string): Promise<NominationRecord | null>;
    getByTrackingCode(trackingCode: string): Promise<NominationRecord | null>;
    search(query: NominationQuery): Promise<NominationRecord[]>;
    /** How many nominations match, counted along the search index, however many there are. */
    count(query: NominationCountQuery): Promise<number>;
    /**
     * Nominations that may be duplicates, withdrawn ones aside, oldest first: those stored with
     * the same `duplicateKey`, and those stored without one (before keys were kept) of the same
     * award and period — at most 1000 of each. Served by indexes, whatever the table's size;
     * the caller compares what comes back in full.
     */
    listDuplicateCandidates(query: DuplicateCandidatesQuery): Promise<NominationRecord[]>;
    setStatus(nominationId: string, status: NominationStatus): Promise<void>;
    /**
     * Appends a posting to the nomination's `details.disclosures`. Idempotent on `disclosureId`:
     * a repeat is `exists` and changes nothing; concurrent appends all land. `notFound` when the
     * nomination does not exist.
     */
    appendDisclosure(nominationId: string, disclosure: DisclosureRecord): Promise<'added' | 'exists' | 'notFound'>;
    /** Appends a tally to the nomination's `details.tallies`; idempotent on `tallyId`, as `appendDisclosure`. */
    appendTally(nominationId: string, tally: TallyRecord): Promise<'added' | 'exists' | 'notFound'>;
  };

  units: {
    /** Creates or replaces a unit (seeding, administration). */
    upsert(unit: UnitRecord): Promise<void>;
    get(unitId: string): Promise<UnitRecord | null>;
    list(): Promise<UnitRecord[]>;
  };

  attachments: {
    /** A nomination's files in upload order, without their bytes. */
    listByNomination(nominationId: string): Promise<AttachmentInfo[]>;
    get(attachmentId: string): Promise<AttachmentRecord | null>;
  };

  drafts: {
    /** Creates the draft or replaces it whole (its files included), atomically. */
    save(draft: NewDraft): Promise<void>;
    /** The draft with its files; null when it does not exist or expired before `now`. */
    get(draftId: string, now?: Date): Promise<DraftRecord | null>;
    delete(draftId: string): Promise<void>;
    /** Removes drafts that expired before `now`; returns how many. */
    deleteExpired(now: Date): Promise<number>;
  };

  decisions: {
    /** The next number of a register (see {@link NumberRegister}) for a year: no gaps, no duplicates under concurrency. */
    allocateNumber(register: string, year: number): Promise<DecisionNumber>;
    /**
     * Issues a decision: takes the register's next number for the decision's year and records
     * the decision and the nominee's award-history entry (its decision number filled in) in one
     * transaction, so a number is never taken without its decision — no gaps, no duplicates.
     * Idempotent on `decisionId`: a repeat returns the decision already issued.
     */
    issue(
      draft: DecisionDraft,
      history: Omit<AwardHistoryEntry, 'decisionNumber'> | null,
      register: NumberRegister,
    ): Promise<{ outcome: 'created' | 'exists'; decision: DecisionRecord }>;
    /** Stores a decision's rendered documents; a kind already stored is kept as it is. */
    saveDocuments(documents: DecisionDocument[]): Promise<void>;
    get(decisionId: string): Promise<DecisionRecord | null>;
    listByNomination(nominationId: string): Promise<DecisionRecord[]>;
    getDocument(decisionId: string, kind: DocumentKind): Promise<DecisionDocument | null>;
  };

  awardHistory: {
    /** Records entries (a decision outside `decisions.issue`, seeded data): all of them, or none when one fails. An officer's import uses {@link addUnrecorded}. */
    add(entries: readonly AwardHistoryEntry[]): Promise<void>;
    /**
     * Records the entries their nominee does not hold yet: none of the same award, year and
     * discipline, whatever its source, so an import run again adds nothing; an entry repeated in
     * `entries` counts once. Calls for one nominee at the same time each see what the others
     * recorded. Returns how many entries it recorded: all of those, or none when one fails.
     */
    addUnrecorded(entries: readonly AwardHistoryEntry[]): Promise<number>;
    /** A nominee's entries, oldest year first. */
    listByNominee(nomineeKey: string): Promise<AwardHistoryEntry[]>;
  };

  clusters: {
    /**
     * Creates the year's record or replaces it whole, except its handover: a year handed over
     * stays marked, so a redelivered handover still finds it recorded.
     */
    upsertYear(year: NewClusterYear): Promise<void>;
    getYear(clusterId: string, year: number): Promise<ClusterYearRecord | null>;
    /** Every recorded year of the cluster, oldest first. */
    listYears(clusterId: string): Promise<ClusterYearRecord[]>;
    /**
     * Sets the chair and deputy of `year` and marks it handed over by `byEffectId`, atomically.
     * A year not recorded yet is created from the year before (kind, names, rotation order,
     * responsible; members as given or the year before's; its agreement, unsigned: the members
     * sign it as that year's evaluation starts, unless another is recorded first). Idempotent on
     * `byEffectId`; see {@link ClusterHandoverOutcome} for what else it answers.
     */
    recordHandover(handover: ClusterHandoverRequest): Promise<ClusterHandoverOutcome>;
  };

  /**
   * Operations tooling (`npm run store:check`, `store:export`, `store:import`); nothing the
   * engine or the gateway calls. Rows cross it in the adapter-neutral form of {@link StoreExportRow}.
   */
  admin: {
    /** The database server's own version, e.g. `PostgreSQL 16.4`. */
    serverVersion(): Promise<string>;
    /** Versions of the migrations applied, ascending; empty for a store nobody migrated. */
    appliedMigrations(): Promise<number[]>;
    /** The indexes the store holds beside those its latest migration defines. */
    indexes(): Promise<StoreIndexReport>;
    /** Rows per table, every table of the schema, in export (dependency) order. */
    counts(): Promise<Record<string, number>>;
    /**
     * Every row of every table, parents before children, each table in key order, from one
     * consistent snapshot. While it is iterated an embedded (PGlite) store serves no other call.
     */
    exportAll(): AsyncIterable<StoreExportRow>;
    /**
     * Inserts rows as {@link exportAll} yields them (parents before children), in batches; with
     * `replace`, the store's rows are deleted first. Key generators are moved past the imported
     * keys. On the SQL stores the whole of it (the deletion included) is one transaction: a
     * failed import leaves the store as it was. MongoDB imports into an empty store only (with
     * `replace`, emptied first), a transaction per batch, and a failed import empties it again:
     * nothing half-imported stays, but what `replace` deleted is gone.
     */
    importAll(rows: AsyncIterable<StoreExportRow> | Iterable<StoreExportRow>, options?: StoreImportOptions): Promise<StoreImportResult>;
    /** Deletes every row of every table (migration bookkeeping kept), atomically. */
    clear(): Promise<void>;
  };
}

/**
 * One row of a whole-store copy, adapter-neutral: `table` and the keys of `row` are the
 * snake_case table and column names of the schema (a document store maps them to its
 * collections and fields). Values are JSON: timestamps as ISO-8601 UTC text at the store's
 * full precision, dates as `YYYY-MM-DD`, binary as base64 text, JSON columns as JSON.
 */
export interface StoreExportRow {
  table: string;
  row: Record<string, unknown>;
}

export interface StoreImportOptions {
  /** Rows per write; default 500 (fewer when they carry files). */
  batchSize?: number;
  /** Deletes every row first, as part of the import: a failed import leaves them (SQL stores). */
  replace?: boolean;
}

export interface StoreImportResult {
  /** Rows inserted per table. */
  counts: Record<string, number>;
  /** Batches written. */
  batches: number;
}

/** An index as the store describes it; equal definitions mean equal indexes. */
export interface StoreIndex {
  /** Table (or collection) it belongs to. */
  table: string;
  name: string;
  /** The adapter's own normalised description, e.g. `CREATE INDEX … ON tasks USING btree (assignee, status)`. */
  definition: string;
}

export interface StoreIndexReport {
  /** What the schema at the latest migration defines. */
  expected: StoreIndex[];
  /** What the database holds now. */
  found: StoreIndex[];
}
