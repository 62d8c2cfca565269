import { readFileSync } from 'node:fs';
import { Router } from 'express';
import type { GatewayDeps } from '../gateway-deps.ts';
import { clusterHandlers } from './clusters.handlers.ts';

const stylesheet = readFileSync(new URL('./clusters.css', import.meta.url));

/** The pages of the emulation clusters' years; their task pages are served by the task routes. */
export function clusterRoutes(deps: Pick<GatewayDeps, 'runtime'>): Router {
  const router = Router();
  const handlers = clusterHandlers(deps);
  router.get('/assets/clusters.css', (_req, res) => {
    res.set('Cache-Control', 'public, max-age=3600').type('text/css').send(stylesheet);
  });
  router.get('/clusters/:clusterId/:year', handlers.year);
  router.get('/clusters/:clusterId/:year/record', handlers.record);
  return router;
}
