import { readFileSync } from 'node:fs';
import express, { type Express, type Router } from 'express';
import { apiRoutes } from './api/api.routes.ts';
import { clusterRoutes } from './clusters/clusters.routes.ts';
import { disclosureRoutes } from './disclosures/disclosures.routes.ts';
import { formRoutes } from './form/form.routes.ts';
import type { GatewayDeps } from './gateway-deps.ts';
import { healthRoutes } from './health/health.routes.ts';
import { errorMiddleware, routeNotFound } from './http/error-middleware.ts';
import { requestLogging } from './http/request-logging.ts';
import { devMailHeaders, securityHeaders } from './http/security.ts';
import { language } from './i18n/i18n.ts';
import { taskRoutes } from './tasks/tasks.routes.ts';
import { trackingRoutes } from './tracking/tracking.routes.ts';
import { closeWhenBodyUnread } from './http/limited-body.ts';

const stylesheet = readFileSync(new URL('./assets/app.css', import.meta.url));

/** The gateway's Express app: middleware in order, one router per feature, one error middleware last. */
export function createApp(deps: GatewayDeps, options: { devMailRouter?: Router } = {}): Express {
  const https = deps.publicUrl.startsWith('https:');
  const app = express();
  app.disable('x-powered-by');
  // Who the client is (rate limits, req.ip) and which scheme it used, behind the proxies TRUST_PROXY names.
  app.set('trust proxy', deps.config.trustProxy);
  // Probes first: orchestrators ask every few seconds, and a busy gateway must answer them
  // cheaply; their lines would drown the log. /readyz logs its own failures. Their JSON answers
  // carry no X-Request-Id and none of the page security headers, which they do not need.
  app.use(closeWhenBodyUnread);
  app.use(healthRoutes(deps));
  app.use(requestLogging(deps.log));
  app.use(securityHeaders({ https }));
  app.use(language({ secureCookies: https }));
  app.get('/assets/app.css', (_req, res) => {
    res.set('Cache-Control', 'public, max-age=3600').type('text/css').send(stylesheet);
  });
  app.use(apiRoutes(deps));
  app.use(formRoutes(deps));
  app.use(trackingRoutes(deps));
  app.use(taskRoutes(deps));
  app.use(disclosureRoutes(deps));
  app.use(clusterRoutes(deps));
  if (options.devMailRouter) app.use('/dev/mail', devMailHeaders, options.devMailRouter);
  app.use(routeNotFound(app));
  app.use(errorMiddleware);
  return app;
}
