import { createHash, randomUUID } from 'node:crypto';
import { newTrackingCode, resubmitWindow, trackingCodePattern } from '@vinh-danh/domain';
import type { Engine } from '@vinh-danh/engine';
import type { NewAttachment, NominationRecord } from '@vinh-danh/store';
import type { CommendationInput } from '@vinh-danh/workflows';
import { HttpError, type FieldProblem } from '../http/http-errors.ts';
import { both } from '../i18n/i18n.ts';
import { sortDossier } from './dossier.ts';
import { duplicateKeyOf } from './duplicates.ts';
import { summarize, type NominationRequest } from './nomination.schema.ts';
import { prepareNomination, type PrepareDeps, type Refusal } from './prepare-nomination.ts';

/**
 * Every new nomination runs the commendation procedure, whatever the award: the route it walks
 * is resolved per nomination. Instances started on `nomination-approval` before stay on it.
 */
export const definitionId = 'commendation';

export interface SubmitDeps extends PrepareDeps {
  engine: Engine;
  /** Public base URL of the gateway, for the tracking link. */
  publicUrl: string;
}

export interface Submission {
  request: Omit<NominationRequest, 'attachments'>;
  /** Files already checked (type sniffed, size within limits). */
  attachments: NewAttachment[];
  /** For each file, in order: the dossier item it is given as, and where a problem with it is named. */
  fileItems?: ReadonlyArray<{ item?: string | undefined; field: string }>;
  /** Client's key for retries (API header, or the form draft); null: every call creates. */
  idempotencyKey: string | null;
  /** SHA-256 of the canonical request: a retry must carry the same. */
  requestHash: string;
  source: 'api' | 'form';
  requestId: string;
}

/** What the submitter is told; identical for a retry of the same request. */
export interface SubmissionReceipt {
  nominationId: string;
  trackingCode: string;
  trackingUrl: string;
  /** The state the submission was accepted in; the current state is at `GET /api/nominations/:id`. */
  status: 'submitted';
}

/** JSON with object keys sorted at every level, so equal requests hash equally. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).filter(([, item]) => item !== undefined);
    entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export const sha256Hex = (text: string | Uint8Array) => createHash('sha256').update(text).digest('hex');

export { newTrackingCode, trackingCodePattern };

export const trackingUrlOf = (publicUrl: string, trackingCode: string) => `${publicUrl}/track/${trackingCode}`;

const receiptOf = (publicUrl: string, nomination: Pick<NominationRecord, 'nominationId' | 'trackingCode'>): SubmissionReceipt => ({
  nominationId: nomination.nominationId,
  trackingCode: nomination.trackingCode,
  trackingUrl: trackingUrlOf(publicUrl, nomination.trackingCode),
  status: 'submitted',
});

/** A 422 for a refused submission: its stable code, every field at fault named. */
export const unprocessable = (refusal: Refusal | FieldProblem[]) => {
  const { code, problems } = Array.isArray(refusal) ? { code: 'unprocessable', problems: refusal } : refusal;
  return new HttpError(422, code, { vi: problems.map((entry) => entry.message.vi).join(' '), en: summarize(problems) }, { fields: problems });
};

function idempotencyConflict(key: string): HttpError {
  const message = both('draft.conflict');
  return new HttpError(
    422,
    'idempotency_key_conflict',
    {
      vi: `Khóa Idempotency-Key "${key}" đã được dùng cho một yêu cầu có nội dung khác. ${message.vi}`,
      en: `The Idempotency-Key "${key}" was already used with a different request body; use a new key for a new nomination.`,
    },
    { fields: [{ field: 'Idempotency-Key', message: { vi: 'Khóa đã dùng cho nội dung khác.', en: 'Already used with a different body.' } }] },
  );
}

/** The earlier result for this key, or a 422 when the key came with another body; null when unused. */
async function earlier(deps: SubmitDeps, submission: Submission): Promise<SubmissionReceipt | null> {
  if (!submission.idempotencyKey) return null;
  const existing = await deps.store.nominations.getByIdempotencyKey(submission.idempotencyKey);
  if (!existing) return null;
  if (existing.requestHash !== submission.requestHash) throw idempotencyConflict(submission.idempotencyKey);
  return receiptOf(deps.publicUrl, existing);
}

type SubmissionOutcome = { receipt: SubmissionReceipt; replayed: boolean };

/** The first receipt when this call retries a stored submission (a 422 when its body differs); else `failure` is thrown. */
async function replayOr(deps: SubmitDeps, submission: Submission, failure: unknown): Promise<SubmissionOutcome> {
  const replay = await earlier(deps, submission);
  if (replay) return { receipt: replay, replayed: true };
  throw failure;
}

/**
 * Checks the nomination (`prepareNomination`: references, simplified procedure, route, eligibility;
 * then its files' dossier items, `sortDossier`; a refusal is a 422 and stores nothing), then stores it, its files and its commendation procedure
 * in one transaction and starts the procedure, with the eligibility record and any duplicate flag
 * in its details and an officer's override in the start event's `audit`. A retry with the same
 * idempotency key and body returns the first receipt and creates nothing (with another body, a
 * 422 `idempotency_key_conflict`); concurrent retries race on the key's unique index and all get
 * that receipt. Nearly every call carries a new key, and the index refuses a second nomination
 * with it, so the first receipt is looked up only when something fails: a refusal, an error or
 * a refused insert may each be a retry's, whose answer is that receipt.
 */
export async function submitNomination(deps: SubmitDeps, submission: Submission): Promise<SubmissionOutcome> {
  let checked: Awaited<ReturnType<typeof prepareNomination>>;
  try {
    checked = await prepareNomination(deps, submission.request);
  } catch (error) {
    return replayOr(deps, submission, error);
  }
  if (!checked.ok) return replayOr(deps, submission, unprocessable(checked.refusal));
  const { prepared } = checked;
  const { request } = submission;
  const dossier = sortDossier(
    prepared.awardType.id,
    prepared.simplified,
    prepared.route,
    submission.attachments.map((file, index) => ({
      attachmentId: file.attachmentId, filename: file.filename, item: submission.fileItems?.[index]?.item, field: submission.fileItems?.[index]?.field ?? 'attachments',
    })),
    deps.now(),
  );
  if (!dossier.ok) return replayOr(deps, submission, unprocessable(dossier.problems));
  const nominationId = randomUUID();
  const trackingCode = newTrackingCode();
  const { eligibility } = prepared;
  const audit = eligibility.override ? { eligibilityOverride: { ...eligibility.override, failures: eligibility.failures } } : undefined;
  try {
    await deps.engine.startInstance({
      definitionId,
      instanceId: randomUUID(),
      nomination: {
        nominationId,
        trackingCode,
        unitId: request.unitId,
        awardTypeId: request.awardTypeId,
        period: request.period,
        nominee: { ...request.nominee },
        details: {
          achievementSummary: request.achievementSummary,
          contact: request.contact,
          source: submission.source,
          simplified: prepared.simplified,
          eligibility,
          duplicates: prepared.duplicates,
          dossier: dossier.record,
        },
        idempotencyKey: submission.idempotencyKey,
        requestHash: submission.requestHash,
        attachments: submission.attachments,
        duplicateKey: duplicateKeyOf(request),
      },
      input: {
        nominationId,
        awardTypeId: request.awardTypeId,
        submitter: request.contact.email,
        route: prepared.route,
        simplified: prepared.simplified,
        ...resubmitWindow(deps.routeTiming),
      } satisfies CommendationInput,
      meta: { actor: request.contact.email, source: submission.source, via: submission.requestId, ...(audit ? { audit } : {}) },
    });
  } catch (error) {
    // A retry, or a concurrent one that committed first: the key's unique index refused ours.
    return replayOr(deps, submission, error);
  }
  return { receipt: receiptOf(deps.publicUrl, { nominationId, trackingCode }), replayed: false };
}
