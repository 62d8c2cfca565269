import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { awardFits, findAwardType, type AwardType } from '@vinh-danh/domain';
import type { Engine } from '@vinh-danh/engine';
import type { NewAttachment, NominationRecord, Store, UnitRecord } from '@vinh-danh/store';
import { HttpError, type FieldProblem } from '../http/http-errors.ts';
import { both } from '../i18n/i18n.ts';
import { summarize, type NominationRequest } from './nomination.schema.ts';

export const definitionId = 'nomination-approval';

/** The roles the nomination-approval procedure needs a person for, in the order it uses them. */
export const approverRoles = ['unitLeader', 'unitLeaderEscalation', 'officer', 'officerEscalation'] as const;

export interface SubmitDeps {
  store: Store;
  engine: Engine;
  /** Public base URL of the gateway, for the tracking link. */
  publicUrl: string;
}

export interface Submission {
  request: Omit<NominationRequest, 'attachments'>;
  /** Files already checked (type sniffed, size within limits). */
  attachments: NewAttachment[];
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

// Crockford's base32 without I, L, O, U: nothing to misread when a code is read out or typed.
const codeAlphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
export const trackingCodePattern = /^VD-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/;

/** `VD-XXXX-XXXX-XXXX`: 60 random bits, so a code cannot be guessed to find someone's nomination. */
export function newTrackingCode(): string {
  const chars = Array.from(randomBytes(12), (byte) => codeAlphabet[byte & 31]).join('');
  return `VD-${chars.slice(0, 4)}-${chars.slice(4, 8)}-${chars.slice(8, 12)}`;
}

export const trackingUrlOf = (publicUrl: string, trackingCode: string) => `${publicUrl}/track/${trackingCode}`;

const receiptOf = (publicUrl: string, nomination: Pick<NominationRecord, 'nominationId' | 'trackingCode'>): SubmissionReceipt => ({
  nominationId: nomination.nominationId,
  trackingCode: nomination.trackingCode,
  trackingUrl: trackingUrlOf(publicUrl, nomination.trackingCode),
  status: 'submitted',
});

/**
 * Checks what the request refers to: the unit exists and has a person for every role of the
 * procedure, the award is in the catalogue and fits the nominee. Problems are 422s naming the field.
 */
export async function checkReferences(
  store: Store,
  request: Pick<NominationRequest, 'unitId' | 'awardTypeId' | 'nominee'>,
): Promise<{ ok: true; unit: UnitRecord; awardType: AwardType } | { ok: false; problems: FieldProblem[] }> {
  const problems: FieldProblem[] = [];
  const unit = await store.units.get(request.unitId);
  const awardType = findAwardType(request.awardTypeId);
  if (!unit) problems.push({ field: 'unitId', message: both('error.unknownUnit') });
  else {
    const missing = approverRoles.filter((role) => !unit.approvers[role]);
    if (missing.length) problems.push({ field: 'unitId', message: both('error.unitWithoutApprovers', { roles: missing.join(', ') }) });
  }
  if (!awardType) problems.push({ field: 'awardTypeId', message: both('error.unknownAwardType') });
  else if (!awardFits(awardType, request.nominee.kind)) {
    problems.push({
      field: 'awardTypeId',
      message: {
        vi: both('error.awardNotForKind', { award: awardType.nameVi, kind: both(`award.for.${awardType.kind}`).vi }).vi,
        en: both('error.awardNotForKind', { award: awardType.nameEn, kind: both(`award.for.${awardType.kind}`).en }).en,
      },
    });
  }
  return unit && awardType && problems.length === 0 ? { ok: true, unit, awardType } : { ok: false, problems };
}

export const unprocessable = (problems: FieldProblem[]) =>
  new HttpError(422, 'unprocessable', { vi: problems.map((entry) => entry.message.vi).join(' '), en: summarize(problems) }, { fields: problems });

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

/**
 * Stores the nomination, its files and its approval procedure in one transaction and starts
 * the procedure. A retry with the same idempotency key and body returns the first receipt and
 * creates nothing; concurrent retries race on the key's unique index and all get that receipt.
 */
export async function submitNomination(deps: SubmitDeps, submission: Submission): Promise<{ receipt: SubmissionReceipt; replayed: boolean }> {
  const replay = await earlier(deps, submission);
  if (replay) return { receipt: replay, replayed: true };
  const references = await checkReferences(deps.store, submission.request);
  if (!references.ok) throw unprocessable(references.problems);
  const { request } = submission;
  const approvers = Object.fromEntries(approverRoles.map((role) => [role, references.unit.approvers[role]!]));
  const nominationId = randomUUID();
  const trackingCode = newTrackingCode();
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
        details: { achievementSummary: request.achievementSummary, contact: request.contact, source: submission.source },
        idempotencyKey: submission.idempotencyKey,
        requestHash: submission.requestHash,
        attachments: submission.attachments,
      },
      input: { nominationId, submitter: request.contact.email, approvers },
      meta: { actor: request.contact.email, source: submission.source, via: submission.requestId },
    });
  } catch (error) {
    // A concurrent retry with the same key committed first: the unique index refused ours.
    const winner = await earlier(deps, submission);
    if (winner) return { receipt: winner, replayed: true };
    throw error;
  }
  return { receipt: receiptOf(deps.publicUrl, { nominationId, trackingCode }), replayed: false };
}
