import { Router } from 'express';
import { evidenceLimits } from '../clusters/cluster-task-forms.ts';
import type { GatewayDeps } from '../gateway-deps.ts';
import { formBody } from '../http/form-body.ts';
import { perMinuteLimit, sameOriginOnly } from '../http/security.ts';
import { taskHandlers } from './tasks.handlers.ts';

/**
 * The largest body a task page's form may need: a cluster member's self-assessment with all the
 * evidence its page accepts (a character is at most 3 bytes of UTF-8, each sent as 3 characters
 * percent-encoded; a line break as 6), and room for the score sheets. Under a smaller limit a form
 * the page accepts was refused at the door with a bare 413, and what the member typed was lost.
 */
export const taskFormLimitBytes = evidenceLimits.items * (evidenceLimits.itemLength * 9 + 6) + 64 * 1024;

/** Task pages reached from e-mailed links; the token in the path is the only credential. */
export function taskRoutes(deps: GatewayDeps): Router {
  const router = Router();
  const handlers = taskHandlers(deps);
  const tokenLimit = perMinuteLimit(deps.config.tokenRateLimitPerMin, { vi: 'mở liên kết xử lý', en: 'task link' }, { name: 'task-link', counters: deps.limits, log: deps.log });
  router.get('/tasks/:token', tokenLimit, handlers.view);
  // The link is checked before the form is read: a refused one costs no reading of what it carries.
  router.post('/tasks/:token', tokenLimit, sameOriginOnly(deps.publicUrl), handlers.admit, ...formBody({ maxFieldBytes: taskFormLimitBytes }), handlers.act);
  router.get('/tasks/:token/attachments/:attachmentId', tokenLimit, handlers.download);
  return router;
}
