import type { Request, Response } from 'express';
import type { NewAttachment } from '@vinh-danh/store';
import type { GatewayDeps } from '../gateway-deps.ts';
import { badRequest, HttpError, notFound, type FieldProblem } from '../http/http-errors.ts';
import { both } from '../i18n/i18n.ts';
import { checkFile } from '../nominations/attachment-files.ts';
import { loadProgress } from '../nominations/nomination-progress.ts';
import { parseNominationRequest, summarize, type NominationRequest } from '../nominations/nomination.schema.ts';
import { canonicalJson, sha256Hex, submitNomination, type SubmitDeps } from '../nominations/submit-nomination.ts';
import { createUnitDirectory } from '../nominations/unit-directory.ts';
import { nominationDetails } from './nomination-details.ts';

const idempotencyKeyPattern = /^[\x21-\x7e]{1,200}$/;
const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const base64Pattern = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Keys of this prefix are the web form's (one per draft); an API client's key never names a draft. */
const formKeyPrefix = 'form:';

function idempotencyKeyOf(req: Request): string | null {
  if ((req.headersDistinct['idempotency-key']?.length ?? 0) > 1) {
    throw badRequest('invalid_idempotency_key', {
      vi: 'Chỉ gửi tiêu đề Idempotency-Key một lần.',
      en: 'The Idempotency-Key header was sent more than once; send it once.',
    });
  }
  const key = req.get('Idempotency-Key');
  if (key === undefined) return null;
  if (key.startsWith(formKeyPrefix)) {
    throw badRequest('invalid_idempotency_key', {
      vi: `Idempotency-Key không được bắt đầu bằng "${formKeyPrefix}": tiền tố này dành cho biểu mẫu web.`,
      en: `The Idempotency-Key must not begin with "${formKeyPrefix}": that prefix is the web form's.`,
    });
  }
  if (!idempotencyKeyPattern.test(key)) {
    throw badRequest('invalid_idempotency_key', {
      vi: 'Idempotency-Key phải gồm 1–200 ký tự ASCII in được.',
      en: 'The Idempotency-Key header must be 1–200 printable ASCII characters.',
    });
  }
  return key;
}

/** Decodes and checks the JSON attachments; the first failure decides the status (400, 413 or 415). */
function attachmentsOf(request: NominationRequest, maxBytes: number): NewAttachment[] {
  const accepted: NewAttachment[] = [];
  const problems: Array<{ status: number; problem: FieldProblem }> = [];
  (request.attachments ?? []).forEach((file, index) => {
    const field = `attachments.${index}`;
    if (!base64Pattern.test(file.contentBase64)) {
      problems.push({ status: 400, problem: { field: `${field}.contentBase64`, message: both('error.badBase64') } });
      return;
    }
    const checked = checkFile(
      { filename: file.filename, declaredType: file.contentType, content: Buffer.from(file.contentBase64, 'base64') },
      { maxBytes, field },
    );
    if (checked.ok) accepted.push(checked.attachment);
    else problems.push({ status: checked.status, problem: checked.problem });
  });
  if (problems.length) {
    const fields = problems.map((entry) => entry.problem);
    throw new HttpError(problems[0]!.status, 'invalid_attachment', { vi: fields.map((field) => field.message.vi).join(' '), en: summarize(fields) }, { fields });
  }
  return accepted;
}

/** `POST /api/nominations` */
export function createNominationHandler(deps: GatewayDeps) {
  const store = deps.runtime.store;
  const submitDeps: SubmitDeps = {
    store,
    units: createUnitDirectory(store.units),
    engine: deps.runtime.engine,
    publicUrl: deps.publicUrl,
    routeTiming: deps.routeTiming,
    now: deps.now,
  };
  return async (req: Request, res: Response) => {
    const idempotencyKey = idempotencyKeyOf(req);
    const parsed = parseNominationRequest(req.body, { now: deps.now(), maxAttachments: deps.config.maxAttachments });
    if (!parsed.ok) {
      throw badRequest(
        'validation_failed',
        { vi: parsed.problems.map((entry) => `${entry.field}: ${entry.message.vi}`).join(' '), en: summarize(parsed.problems) },
        { fields: parsed.problems },
      );
    }
    const { attachments: _files, ...request } = parsed.request;
    const attachments = attachmentsOf(parsed.request, deps.config.maxUploadBytes);
    const { receipt, replayed } = await submitNomination(
      submitDeps,
      {
        request,
        attachments,
        fileItems: (parsed.request.attachments ?? []).map((file, index) => ({ item: file.item, field: `attachments.${index}.item` })),
        idempotencyKey,
        requestHash: sha256Hex(canonicalJson(req.body)),
        source: 'api',
        requestId: String(req.id),
      },
    );
    if (replayed) res.set('Idempotent-Replayed', 'true');
    res.status(202).location(`/api/nominations/${receipt.nominationId}`).json(receipt);
  };
}

/** `GET /api/nominations/:nominationId`: state, flags, open tasks (never a token or its hash), procedure, full history. */
export function getNominationHandler(deps: GatewayDeps) {
  return async (req: Request, res: Response) => {
    const nominationId = String(req.params.nominationId);
    const nomination = uuidPattern.test(nominationId) ? await deps.runtime.store.nominations.get(nominationId) : null;
    if (!nomination) throw notFound({ vi: 'Không có hồ sơ với mã này.', en: `There is no nomination ${nominationId}.` });
    const progress = await loadProgress(deps.runtime.store, nomination);
    res.set('Cache-Control', 'no-store').json(nominationDetails(progress, deps.publicUrl));
  };
}
