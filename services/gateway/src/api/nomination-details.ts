import { roleOfTask, type NominationProgress } from '../nominations/nomination-progress.ts';
import { isBallotTaskId, levelOfTask, levelStatusOf, taskKindOf } from '../nominations/procedure-view.ts';
import { trackingUrlOf } from '../nominations/submit-nomination.ts';
import { publicEligibility } from '../nominations/eligibility.ts';

/** URL of a decision document of a nomination, on its public tracking page. */
export const documentUrlOf = (publicUrl: string, trackingCode: string, kind: 'decision' | 'certificate') =>
  `${publicUrl}/track/${trackingCode}/documents/${kind}`;

/** The procedure's route, tallies, objections and decision, for the API (no people, no ballots). */
function procedureOf(progress: NominationProgress, publicUrl: string) {
  const view = progress.procedure;
  if (!view) return null;
  const decision = progress.decisions.at(-1);
  const openDue = progress.openTasks.map((task) => task.dueAt?.getTime() ?? 0).filter((due) => due > 0);
  return {
    definitionId: 'commendation',
    round: view.round,
    route: view.route.map((level) => ({
      levelId: level.id,
      kind: level.kind,
      nameVi: level.nameVi,
      nameEn: level.nameEn,
      status: levelStatusOf(view, level),
    })),
    currentLevel: view.currentLevel
      ? {
          levelId: view.currentLevel.id,
          kind: view.currentLevel.kind,
          nameVi: view.currentLevel.nameVi,
          nameEn: view.currentLevel.nameEn,
          dueAt: view.postedUntil?.toISOString() ?? (openDue.length ? new Date(Math.min(...openDue)).toISOString() : null),
        }
      : null,
    tallies: view.tallies.map(({ levelId, round, yes, no, abstain, eligible, members, quorumMet, outcome }) => ({ levelId, round, yes, no, abstain, eligible, members: members ?? null, quorumMet, outcome })),
    objections: view.objections.map(({ levelId, round, objection }) => ({ levelId, round, objection })),
    openObjection: view.openObjection,
    rejection: view.rejection,
    decision: view.decision
      ? {
          decisionNumber: view.decision.decisionNumber,
          amountVnd: view.decision.amountVnd,
          authority: decision?.authority ?? null,
          decisionDate: decision ? decision.decisionDate.toISOString().slice(0, 10) : null,
          documents: {
            decision: documentUrlOf(publicUrl, progress.nomination.trackingCode, 'decision'),
            certificate: documentUrlOf(publicUrl, progress.nomination.trackingCode, 'certificate'),
          },
        }
      : null,
  };
}

/** Events of the public's objections: filing one (`object`), confirming it (`confirmObjection`), its lapse unconfirmed (`objectionLapsed`). */
const objectionEvents = new Set(['object', 'confirmObjection', 'objectionLapsed']);

/** A council member's act on a ballot: voting, or standing aside. */
const ballotEvents = new Set(['vote', 'recuse']);

type HistoryEntry = NominationProgress['history'][number];

/** Whether an entry came through a ballot's task, or names one. */
const namesBallot = (entry: HistoryEntry) =>
  [entry.event.taskId, entry.meta.via].some((taskId) => typeof taskId === 'string' && isBallotTaskId(taskId));

/**
 * An event as the API shows it: anyone holding the nomination's id reads this, the nominating
 * unit among them.
 * - Of the public's objections, only that one was filed, confirmed or lapsed: a person raising an
 *   objection is owed that discretion; what a filed objection says counts only once its writer
 *   confirms it, and then `procedure.objections` gives it. The reviewer looking into it is sent
 *   the objection by the procedure.
 * - Of a council's ballots, only that a member voted or stood aside (bỏ phiếu kín): not who, nor
 *   the ballot's task (its id and the event's, made of it), which would name the member. The
 *   vote that closes a sitting moves the procedure on, so who cast it would tell their ballot.
 *   Nor does a refused ballot link name its ballot: a member who posts their ballot twice, or
 *   opens the link of a ballot closed unused, would be named as having voted, or not.
 */
function publicEventOf(entry: HistoryEntry): { eventId: string | null; event: Record<string, unknown>; actor: string | null; via: string | null; changed: boolean | null } {
  if (ballotEvents.has(entry.eventType)) return { eventId: null, event: { type: entry.eventType }, actor: null, via: null, changed: entry.changed };
  if (entry.eventType === 'link.refused' && namesBallot(entry)) {
    const { reason, attempt } = entry.event;
    return { eventId: null, event: { type: entry.eventType, reason, attempt }, actor: null, via: null, changed: entry.changed };
  }
  const via = entry.meta.via ?? null;
  // Whether a filed objection changed the procedure is not shown: one from an address whose
  // objection already waits is repeated (no link), one past the posting's limit refused, and the
  // nominating unit could try addresses to learn who objected.
  if (objectionEvents.has(entry.eventType)) return { eventId: entry.eventId, event: { type: entry.eventType }, actor: null, via, changed: entry.eventType === 'object' ? null : entry.changed };
  return { eventId: entry.eventId, event: entry.event, actor: entry.meta.actor ?? null, via, changed: entry.changed };
}

/** `GET /api/nominations/:id`: state, flags, open tasks (never a token or its hash), procedure, full history. */
export function nominationDetails(progress: NominationProgress, publicUrl: string) {
  const { nomination } = progress;
  const details = nomination.details as {
    achievementSummary?: string;
    contact?: unknown;
    simplified?: boolean;
    eligibility?: { override?: unknown; disciplinary?: unknown } & Record<string, unknown>;
    duplicates?: Array<{ unitId?: unknown; status?: unknown }>;
    dossier?: unknown;
  };
  // Which unit, never the other nomination's id or tracking code: those open its contact and its
  // nominee's identifier, and anyone who names the same nominee would be handed them. Reviewers
  // see the codes on their task pages.
  const duplicates = (details.duplicates ?? []).map(({ unitId, status }) => ({ unitId, status }));
  return {
    nominationId: nomination.nominationId,
    trackingCode: nomination.trackingCode,
    trackingUrl: trackingUrlOf(publicUrl, nomination.trackingCode),
    status: nomination.status,
    state: progress.instance?.stateValue ?? null,
    instanceStatus: progress.instance?.status ?? null,
    definitionId: progress.instance?.definitionId ?? null,
    unit: progress.unit ? { unitId: progress.unit.unitId, nameVi: progress.unit.nameVi, nameEn: progress.unit.nameEn } : { unitId: nomination.unitId },
    awardType: progress.awardType ?? { id: nomination.awardTypeId },
    period: nomination.period,
    nominee: nomination.nominee,
    simplified: details.simplified === true,
    achievementSummary: details.achievementSummary ?? null,
    contact: details.contact ?? null,
    submittedAt: nomination.createdAt.toISOString(),
    // Prominent on purpose: reviewers must see the same nominee is already proposed.
    flags: { duplicate: duplicates.length > 0, eligibilityOverridden: Boolean(details.eligibility?.override) },
    duplicates,
    eligibility: details.eligibility ? publicEligibility(details.eligibility) : null,
    // Nominations stored before dossiers were sorted have none.
    dossier: details.dossier ?? null,
    attachments: progress.attachments.map(({ attachmentId, filename, contentType, size, sha256 }) => ({ attachmentId, filename, contentType, size, sha256 })),
    openTasks: progress.openTasks.map((task) => {
      const level = progress.procedure ? levelOfTask(progress.procedure, task) : undefined;
      const kind = progress.procedure ? (taskKindOf(progress.procedure, task) ?? null) : null;
      // A ballot still open names no member: polled, who had yet to vote would tell who just did.
      const ballot = kind === 'ballot';
      return {
        taskId: ballot ? null : task.taskId,
        step: task.step,
        kind,
        role: progress.procedure ? (level?.id ?? task.step) : (roleOfTask(task) ?? null),
        assignee: ballot ? null : task.assignee,
        dueAt: task.dueAt?.toISOString() ?? null,
      };
    }),
    procedure: procedureOf(progress, publicUrl),
    history: progress.history.map((entry) => ({
      version: entry.version,
      at: entry.at.toISOString(),
      type: entry.eventType,
      ...publicEventOf(entry),
      source: entry.meta.source ?? null,
      ...(entry.meta.audit ? { audit: entry.meta.audit } : {}),
      fromState: entry.fromState,
      toState: entry.toState,
    })),
  };
}
