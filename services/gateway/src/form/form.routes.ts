import { Router } from 'express';
import type { GatewayDeps } from '../gateway-deps.ts';
import { formBody } from '../http/form-body.ts';
import { hourlyUploadBudget, perMinuteLimit, sameOriginOnly } from '../http/security.ts';
import { formHandlers } from './form.handlers.ts';

/** Text fields of the form are at most 5,000 characters; 100 kB leaves room for every field in UTF-8. */
export const formFieldLimitBytes = 100 * 1024;

/** The web form: fill in → check your answers → confirm → tracking code. */
export function formRoutes(deps: GatewayDeps): Router {
  const router = Router();
  const handlers = formHandlers(deps);
  const submitLimit = perMinuteLimit(deps.config.submitRateLimitPerMin, { vi: 'gửi hồ sơ', en: 'submission' }, { name: 'form-submission', counters: deps.limits, log: deps.log });
  const guard = [submitLimit, sameOriginOnly(deps.publicUrl)];
  const withFiles = formBody({
    maxFieldBytes: formFieldLimitBytes,
    files: { maxFileBytes: deps.config.maxUploadBytes, maxFiles: deps.config.maxAttachments },
  });
  router.get('/nominations/new', handlers.newForm);
  router.post('/nominations/review', ...guard, ...withFiles, hourlyUploadBudget(deps.config.maxUploadBytesPerHour, { counters: deps.limits, log: deps.log }), handlers.review);
  router.post('/nominations/confirm', ...guard, ...formBody({ maxFieldBytes: formFieldLimitBytes }), handlers.confirm);
  router.get('/nominations/submitted/:trackingCode', handlers.submitted);
  return router;
}
