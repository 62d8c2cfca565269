import { randomBytes } from 'node:crypto';
import type { NewAttachment } from '@vinh-danh/store';
import type { Request, Response } from 'express';
import type { GatewayDeps } from '../gateway-deps.ts';
import { formOf, type ParsedForm } from '../http/form-body.ts';
import { badRequest, forbidden, HttpError, notFound, type FieldProblem } from '../http/http-errors.ts';
import { both, langOf, t } from '../i18n/i18n.ts';
import { checkFile, fileTooLarge } from '../nominations/attachment-files.ts';
import { sortDossier } from '../nominations/dossier.ts';
import { parseNominationRequest } from '../nominations/nomination.schema.ts';
import { prepareNomination } from '../nominations/prepare-nomination.ts';
import { canonicalJson, sha256Hex, submitNomination, trackingCodePattern, trackingUrlOf, type SubmitDeps } from '../nominations/submit-nomination.ts';
import { messagePage } from '../views/layout.ts';
import { emptyValues, requestFromValues, valuesFrom, type FormValues } from './form-fields.ts';
import { confirmationPage, fileItemField, formPage, reviewPage } from './form.views.ts';

/** How long uploaded files wait for the form to be confirmed. */
export const draftLifetimeMs = 2 * 60 * 60 * 1000;
const draftIdPattern = /^[A-Za-z0-9_-]{43}$/;
const newDraftId = () => randomBytes(32).toString('base64url');
const keyOfDraft = (draftId: string) => `form:${draftId}`;

function requireCsrf(deps: GatewayDeps, req: Request, form: ParsedForm): void {
  if (!deps.csrf.verifyForm(req, form.fields.get('_csrf'))) {
    throw forbidden('csrf_invalid', both('csrf.message'));
  }
}

interface GatheredFiles {
  files: NewAttachment[];
  problems: FieldProblem[];
  /** 413 or 415 when a file broke a limit or a type rule. */
  status?: number;
}

/** The draft's files the form keeps (`keep`), and, when the draft has expired, the problem that asks for them again. */
function keptFromDraft(draft: { attachments: NewAttachment[] } | null, keep: ReadonlySet<string>): { keptFiles: NewAttachment[]; lost: FieldProblem[] } {
  const keptFiles = (draft?.attachments ?? []).filter((file) => keep.has(file.attachmentId));
  return { keptFiles, lost: keep.size > 0 && !draft ? [{ field: 'attachments', message: both('error.draftExpired') }] : [] };
}

/** The files of this post: those kept from the draft plus the new uploads, each checked. */
async function gatherFiles(deps: GatewayDeps, form: ParsedForm, draftId: string | undefined): Promise<GatheredFiles> {
  const problems: FieldProblem[] = [];
  let status: number | undefined;
  const keep = new Set(form.fields.getAll('keep'));
  const draft = draftId ? await deps.runtime.store.drafts.get(draftId, deps.now()) : null;
  const { keptFiles: kept, lost } = keptFromDraft(draft, keep);
  problems.push(...lost);
  const uploaded: NewAttachment[] = [];
  // Files the body reader dropped for a limit: named here, the form shown again with the answers.
  for (const file of form.dropped) {
    problems.push({
      field: 'attachments',
      message: file.reason === 'tooLarge' ? fileTooLarge(file.filename, deps.config.maxUploadBytes) : both('error.tooManyFiles', { max: deps.config.maxAttachments }),
    });
    status ??= 413;
  }
  for (const file of form.files.filter((entry) => entry.field === 'attachments')) {
    const checked = checkFile(
      { filename: file.filename, declaredType: file.declaredType, content: file.content },
      { maxBytes: deps.config.maxUploadBytes, field: 'attachments' },
    );
    if (checked.ok) uploaded.push(checked.attachment);
    else {
      problems.push(checked.problem);
      status ??= checked.status;
    }
  }
  const files = [...kept, ...uploaded];
  if (files.length > deps.config.maxAttachments) {
    problems.push({ field: 'attachments', message: both('error.tooManyFiles', { max: deps.config.maxAttachments }) });
    status ??= 413;
  }
  return { files: files.slice(0, deps.config.maxAttachments), problems, status };
}

/** The dossier item chosen for each of `files` (on the answers page, carried through the form), by attachment id; blank: none. */
function chosenItems(form: ParsedForm, files: readonly { attachmentId: string }[]): Map<string, string> {
  const chosen = new Map<string, string>();
  for (const { attachmentId } of files) {
    const item = form.fields.get(fileItemField(attachmentId))?.trim();
    if (item) chosen.set(attachmentId, item);
  }
  return chosen;
}

async function renderForm(
  deps: GatewayDeps,
  req: Request,
  res: Response,
  options: { values: FormValues; problems: FieldProblem[]; draftId?: string; keptFiles: NewAttachment[]; fileItems?: ReadonlyMap<string, string>; blank?: boolean },
) {
  res.type('html').send(
    formPage({
      lang: langOf(res),
      ...options,
      // Units that propose have a head of their own; the national bodies above them only act on nominations.
      units: (await deps.runtime.store.units.list()).filter((unit) => Object.hasOwn(unit.approvers, 'unitLeader')),
      csrfToken: deps.csrf.forForm(req, res),
      limits: { maxFiles: deps.config.maxAttachments, maxFileBytes: deps.config.maxUploadBytes },
    }),
  );
}

async function saveDraft(deps: GatewayDeps, draftId: string, files: NewAttachment[]) {
  const now = deps.now();
  await deps.runtime.store.drafts.save({ draftId, attachments: files, expiresAt: new Date(now.getTime() + draftLifetimeMs) });
  // Abandoned drafts go with the next save; no timer needed.
  await deps.runtime.store.drafts.deleteExpired(now);
}

/** A draft id to keep using: the posted one, unless it is malformed or already submitted. */
async function usableDraftId(deps: GatewayDeps, posted: string | undefined): Promise<string | undefined> {
  if (!posted || !draftIdPattern.test(posted)) return undefined;
  const submitted = await deps.runtime.store.nominations.getByIdempotencyKey(keyOfDraft(posted));
  return submitted ? undefined : posted;
}

const submitDeps = (deps: GatewayDeps): SubmitDeps => ({
  store: deps.runtime.store,
  engine: deps.runtime.engine,
  publicUrl: deps.publicUrl,
  routeTiming: deps.routeTiming,
  now: deps.now,
});

export function formHandlers(deps: GatewayDeps) {
  return {
    /** `GET /nominations/new` */
    async newForm(req: Request, res: Response) {
      await renderForm(deps, req, res, { values: { ...emptyValues(), nomineeKind: 'individual' }, problems: [], keptFiles: [], blank: true });
    },

    /** `POST /nominations/review`: validate, hold the files in a draft, show the answers to confirm. */
    async review(req: Request, res: Response) {
      const form = formOf(req);
      requireCsrf(deps, req, form);
      const values = valuesFrom(form.fields);
      const parsed = parseNominationRequest(requestFromValues(values), { now: deps.now(), maxAttachments: deps.config.maxAttachments });
      const problems = parsed.ok ? [] : [...parsed.problems];
      let status = problems.length ? 400 : 200;
      const draftId = (await usableDraftId(deps, form.fields.get('draftId'))) ?? newDraftId();
      const gathered = await gatherFiles(deps, form, draftId);
      problems.push(...gathered.problems);
      if (status === 200 && gathered.problems.length) status = gathered.status ?? 400;
      const checked = parsed.ok ? await prepareNomination(submitDeps(deps), parsed.request) : undefined;
      if (checked && !checked.ok) {
        problems.push(...checked.refusal.problems);
        if (status === 200) status = 422;
      }
      // The award's dossier, for the choice of item per file (none in force for it: said at the award).
      const dossier = checked?.ok ? sortDossier(checked.prepared.awardType.id, checked.prepared.simplified, checked.prepared.route, [], deps.now()) : undefined;
      if (dossier && !dossier.ok) {
        problems.push(...dossier.problems);
        if (status === 200) status = 422;
      }
      const fileItems = chosenItems(form, gathered.files);
      if (gathered.files.length || problems.length === 0) await saveDraft(deps, draftId, gathered.files);
      if (problems.length || !checked?.ok || !dossier?.ok) {
        res.status(status === 200 ? 400 : status);
        await renderForm(deps, req, res, { values, problems, draftId: gathered.files.length ? draftId : undefined, keptFiles: gathered.files, fileItems });
        return;
      }
      res.type('html').send(
        reviewPage({
          lang: langOf(res),
          values,
          unit: checked.prepared.unit,
          awardType: checked.prepared.awardType,
          duplicate: checked.prepared.duplicates.length > 0,
          dossier: dossier.record.items,
          files: gathered.files,
          fileItems,
          csrfToken: deps.csrf.forForm(req, res),
          draftId,
        }),
      );
    },

    /** `POST /nominations/confirm`: submit the reviewed answers with the draft's files, once. */
    async confirm(req: Request, res: Response) {
      const form = formOf(req);
      requireCsrf(deps, req, form);
      const lang = langOf(res);
      const values = valuesFrom(form.fields);
      const draftId = form.fields.get('draftId') ?? '';
      if (!draftIdPattern.test(draftId)) {
        throw badRequest('invalid_draft', { vi: 'Thiếu hoặc sai mã bản nháp.', en: 'The draft id is missing or malformed.' });
      }
      const keep = new Set(form.fields.getAll('keep'));
      /**
       * The form again with these problems (none: an edit), the draft's chosen files kept; files
       * the draft no longer holds (it expired) are named, to be attached again.
       */
      const backToForm = async (problems: FieldProblem[]) => {
        const draft = await deps.runtime.store.drafts.get(draftId, deps.now());
        const { keptFiles, lost } = keptFromDraft(draft, keep);
        await renderForm(deps, req, res, { values, problems: [...problems, ...lost], draftId: draft ? draftId : undefined, keptFiles, fileItems: chosenItems(form, keptFiles) });
      };
      if (form.fields.get('action') === 'edit') return backToForm([]);
      const parsed = parseNominationRequest(requestFromValues(values), { now: deps.now(), maxAttachments: deps.config.maxAttachments });
      if (!parsed.ok) {
        res.status(400);
        return backToForm(parsed.problems);
      }
      const { attachments: _none, ...request } = parsed.request;
      // The items chosen for the files are part of what is sent: a confirm with other choices is another request.
      const itemsChosen = Object.fromEntries(chosenItems(form, [...keep].map((attachmentId) => ({ attachmentId }))));
      const requestHash = sha256Hex(canonicalJson(Object.keys(itemsChosen).length ? { ...request, dossierItems: itemsChosen } : request));
      const idempotencyKey = keyOfDraft(draftId);
      const submittedPage = (trackingCode: string) => res.redirect(303, `/nominations/submitted/${trackingCode}`);
      const draft = await deps.runtime.store.drafts.get(draftId, deps.now());
      if (!draft) {
        // A double click: the first post submitted and removed the draft.
        const earlier = await deps.runtime.store.nominations.getByIdempotencyKey(idempotencyKey);
        if (earlier?.requestHash === requestHash) return submittedPage(earlier.trackingCode);
        if (earlier) {
          res.status(422).type('html');
          res.send(messagePage({ lang, title: t(lang, 'draft.conflictTitle'), paragraphs: [t(lang, 'draft.conflict')], links: [{ href: '/nominations/new', text: t(lang, 'form.title') }] }));
          return;
        }
        // Expired while the review page stood open: the answers are all here. Its files are not:
        // the form comes back filled in, asking for them again. Without files, it is sent as it is.
        if (keep.size > 0) {
          res.status(410);
          return backToForm([]);
        }
      }
      const { keptFiles } = keptFromDraft(draft, keep);
      // The item each file is given as, chosen on the answers page; blank: none.
      const fileItems = keptFiles.map((file) => ({ item: itemsChosen[file.attachmentId], field: 'attachments' }));
      let receipt;
      try {
        ({ receipt } = await submitNomination(
          submitDeps(deps),
          { request, attachments: keptFiles, fileItems, idempotencyKey, requestHash, source: 'form', requestId: String(req.id) },
        ));
      } catch (error) {
        if (error instanceof HttpError && error.code === 'idempotency_key_conflict') throw new HttpError(422, error.code, both('draft.conflict'));
        // Checked again at confirmation (the history or the directory may have changed since the review): show why at the fields.
        if (error instanceof HttpError && error.status === 422 && error.fields.length) {
          res.status(422);
          await renderForm(deps, req, res, { values, problems: error.fields, draftId, keptFiles, fileItems: chosenItems(form, keptFiles) });
          return;
        }
        throw error;
      }
      if (draft) await deps.runtime.store.drafts.delete(draftId);
      submittedPage(receipt.trackingCode);
    },

    /** `GET /nominations/submitted/:trackingCode`: the confirmation with the tracking code. */
    async submitted(req: Request, res: Response) {
      const trackingCode = String(req.params.trackingCode).toUpperCase();
      const nomination = trackingCodePattern.test(trackingCode) ? await deps.runtime.store.nominations.getByTrackingCode(trackingCode) : null;
      if (!nomination) throw notFound(both('track.notFound'));
      const contact = (nomination.details as { contact?: { email?: string } }).contact;
      res.type('html').send(
        confirmationPage({
          lang: langOf(res),
          trackingCode,
          trackingUrl: trackingUrlOf(deps.publicUrl, trackingCode),
          email: contact?.email ?? '',
        }),
      );
    },
  };
}

