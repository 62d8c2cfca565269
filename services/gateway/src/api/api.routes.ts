import { Router } from 'express';
import type { GatewayDeps } from '../gateway-deps.ts';
import { jsonBody, optionalJsonBody } from '../http/json-body.ts';
import { officerOnly } from '../http/officer-access.ts';
import { perMinuteLimit, sameOriginOnly } from '../http/security.ts';
import { createNominationHandler, getNominationHandler } from './api.handlers.ts';
import { importAwardHistoryHandler } from './award-history.handlers.ts';
import { recordMergerHandler, startClusterEvaluationHandler } from '../clusters/cluster-evaluation.api.ts';
import { openApiDocument } from './openapi.document.ts';

/** JSON bodies are small: files travel as base64 only for short documents; bigger ones use the form. */
export const jsonLimitBytes = 100 * 1024;

/** The JSON API; every route here is described in `GET /api/openapi.json` (a test keeps them in step). */
export function apiRoutes(deps: GatewayDeps): Router {
  const router = Router();
  const submitLimit = perMinuteLimit(deps.config.submitRateLimitPerMin, { vi: 'gửi hồ sơ', en: 'submission' }, { name: 'api-submission', counters: deps.limits, log: deps.log });
  // API clients send no Origin; a browser does, and one on another site must not act through a
  // visitor's browser (a bodiless POST needs no CORS preflight to get here).
  const sameSite = sameOriginOnly(deps.publicUrl);
  router.post('/api/nominations', sameSite, submitLimit, ...jsonBody(jsonLimitBytes), createNominationHandler(deps));
  router.get('/api/nominations/:nominationId', getNominationHandler(deps));
  // Officers' import of earlier awards, for eligibility checks; see the OpenAPI description.
  const officer = officerOnly(deps.config, deps.log);
  router.post('/api/award-history', sameSite, submitLimit, officer, ...jsonBody(jsonLimitBytes), importAwardHistoryHandler(deps));
  // A cluster's chair or responsible officer starts the year-end evaluation; see the OpenAPI description.
  router.post('/api/clusters/:clusterId/:year/evaluation', sameSite, submitLimit, officer, optionalJsonBody(jsonLimitBytes), startClusterEvaluationHandler(deps));
  // The organisation data records a member's merger into another unit; see the OpenAPI description.
  router.post('/api/clusters/:clusterId/:year/evaluation/mergers', sameSite, submitLimit, officer, ...jsonBody(jsonLimitBytes), recordMergerHandler(deps));
  const document = openApiDocument({ serverUrl: deps.publicUrl, config: deps.config });
  router.get('/api/openapi.json', (_req, res) => {
    res.json(document);
  });
  return router;
}
