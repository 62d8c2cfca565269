import { Router } from 'express';
import type { GatewayDeps } from '../gateway-deps.ts';
import { formBody } from '../http/form-body.ts';
import { perMinuteLimit, sameOriginOnly } from '../http/security.ts';
import { taskHandlers } from './tasks.handlers.ts';

/** Task pages reached from e-mailed links; the token in the path is the only credential. */
export function taskRoutes(deps: GatewayDeps): Router {
  const router = Router();
  const handlers = taskHandlers(deps);
  const tokenLimit = perMinuteLimit(deps.config.tokenRateLimitPerMin, { vi: 'mở liên kết xử lý', en: 'task link' }, { name: 'task-link', counters: deps.limits, log: deps.log });
  router.get('/tasks/:token', tokenLimit, handlers.view);
  router.post('/tasks/:token', tokenLimit, sameOriginOnly(deps.publicUrl), ...formBody({ maxFieldBytes: 32 * 1024 }), handlers.act);
  router.get('/tasks/:token/attachments/:attachmentId', tokenLimit, handlers.download);
  return router;
}
