import { randomUUID } from 'node:crypto';
import { Router, type Request, type Response } from 'express';
import { maxPendingObjections } from '@vinh-danh/workflows';
import { z } from 'zod';
import type { GatewayDeps } from '../gateway-deps.ts';
import { isCleanText, typedText } from '../http/body-safety.ts';
import { formBody, formOf } from '../http/form-body.ts';
import { forbidden, HttpError, type FieldProblem } from '../http/http-errors.ts';
import { both, langOf } from '../i18n/i18n.ts';
import { perHourLimit, perMinuteLimit, sameOriginOnly } from '../http/security.ts';
import { disclosurePage, disclosuresPage, objectionReceivedPage, type ObjectionFormValues } from './disclosures.views.ts';
import { createPostedListing, findPostedListed, objectionLimits, type PostedNomination } from './posted-nominations.ts';

const disclosureIdPattern = /^[A-Za-z0-9_-]{22}$/;

/** Checks an objection: a name, an e-mail to answer to, and the objection itself. */
function readObjection(values: ObjectionFormValues): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const text = (field: keyof ObjectionFormValues, max: number) => {
    const value = typedText(values[field]);
    if (!value) problems.push({ field, message: both('error.required') });
    else if (value.length > max) problems.push({ field, message: both('error.tooLong', { max }) });
    else if (!isCleanText(value)) problems.push({ field, message: both('error.badCharacters') });
  };
  text('objectorName', objectionLimits.name);
  text('objection', objectionLimits.objection);
  if (!z.email().safeParse(values.objectorEmail.trim()).success || values.objectorEmail.trim().length > objectionLimits.email) {
    problems.push({ field: 'objectorEmail', message: both('error.invalidEmail') });
  }
  return problems;
}

const emptyValues = (): ObjectionFormValues => ({ objectorName: '', objectorEmail: '', objection: '' });

/**
 * Public disclosure (công khai, lấy ý kiến): the nominations now posted for comment, and an
 * objection form for each. An objection is dispatched as the procedure's `object` event: the
 * procedure mails its writer a link to confirm it (a task page), and only a confirmed objection
 * sends the dossier back to the review before the posting. The objector is not shown publicly.
 */
export function disclosureRoutes(deps: GatewayDeps): Router {
  const router = Router();
  const objectionLimit = perMinuteLimit(deps.config.submitRateLimitPerMin, { vi: 'gửi ý kiến', en: 'objection' }, { name: 'objection', counters: deps.limits, log: deps.log });
  // A few an hour is plenty for a person; filling the posting's waiting objections with made-up
  // addresses then takes many clients for many hours. Only objections taken count: a form sent
  // back for a mistake, or a post from another site, uses up nothing.
  const objectionHourly = perHourLimit(deps.config.objectionsPerHour, { vi: 'gửi ý kiến', en: 'objection' }, { name: 'objection-hourly', counters: deps.limits, log: deps.log, countRefused: false });
  const postings = createPostedListing(deps.runtime.store, { log: deps.log });

  async function posted(req: Request): Promise<PostedNomination> {
    const disclosureId = String(req.params.disclosureId);
    const entry = disclosureIdPattern.test(disclosureId) ? await findPostedListed(deps.runtime.store, postings, disclosureId) : undefined;
    if (!entry) throw new HttpError(404, 'not_posted', both('disclosure.notPosted'));
    return entry;
  }

  function render(req: Request, res: Response, entry: PostedNomination, values = emptyValues(), problems: FieldProblem[] = []) {
    res.set('Cache-Control', 'no-store').type('html').send(disclosurePage({ lang: langOf(res), entry, csrfToken: deps.csrf.forForm(req, res), values, problems }));
  }

  router.get('/disclosures', async (_req, res) => {
    res.set('Cache-Control', 'no-store').type('html').send(disclosuresPage(langOf(res), await postings()));
  });
  router.get('/disclosures/:disclosureId', async (req, res) => {
    render(req, res, await posted(req));
  });
  router.post('/disclosures/:disclosureId/objections', objectionLimit, objectionHourly, sameOriginOnly(deps.publicUrl), ...formBody({ maxFieldBytes: 16 * 1024 }), async (req, res) => {
    const form = formOf(req);
    if (!deps.csrf.verifyForm(req, form.fields.get('_csrf'))) throw forbidden('csrf_invalid', both('csrf.message'));
    const entry = await posted(req);
    const values: ObjectionFormValues = {
      objectorName: form.fields.get('objectorName') ?? '',
      objectorEmail: form.fields.get('objectorEmail') ?? '',
      objection: form.fields.get('objection') ?? '',
    };
    const problems = readObjection(values);
    if (problems.length) {
      res.status(400);
      return render(req, res, entry, values, problems);
    }
    const by = values.objectorEmail.trim().toLowerCase();
    // The procedure refuses this too, silently: the writer is told here. Every address alike, one
    // whose objection already waits too: a different answer would tell who objected.
    if (entry.waitingObjections >= maxPendingObjections) {
      res.status(409);
      return render(req, res, entry, values, [{ field: 'objection', message: both('disclosure.tooManyWaiting') }]);
    }
    // Dispatched from an address whose objection already waits too: the procedure takes no
    // second one from it (no second link), but records it as it records any, so the history the
    // nominating unit reads cannot tell whether an address it tried had objected.
    await deps.runtime.engine.dispatch({
      instanceId: entry.instanceId,
      eventId: `objection-${randomUUID()}`,
      event: { type: 'object', by, name: typedText(values.objectorName), objection: typedText(values.objection) },
      meta: { actor: by, source: 'disclosure', via: String(req.id) },
    });
    // The same words for a new objection and for one from an address already waiting (its own
    // deadline would tell them apart): the window in days, and the posting's end.
    res.set('Cache-Control', 'no-store').type('html').send(objectionReceivedPage(langOf(res), by, entry.postedUntil, entry.objectionsOutlastPosting));
  });
  return router;
}
