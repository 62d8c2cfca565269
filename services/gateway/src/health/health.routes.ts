import { Router } from 'express';
import type { GatewayDeps } from '../gateway-deps.ts';

const checkTimeoutMs = 2_000;

/**
 * Resolves 'ok' or `failed: <reason>`, within a bound so a hung dependency cannot hang the probe.
 * The reason is for the log: a driver's message may name a user, a host or a database.
 */
async function check(probe: () => Promise<unknown>): Promise<string> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      probe(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${checkTimeoutMs} ms`)), checkTimeoutMs);
      }),
    ]);
    return 'ok';
  } catch (error) {
    return `failed: ${error instanceof Error ? error.message : String(error)}`;
  } finally {
    clearTimeout(timer);
  }
}

/**
 * `GET /healthz`: the process is up. `GET /readyz`: the store and Redis answer (503 naming which
 * did not, and a warning in the log with the reason). Mounted ahead of the request log: probes
 * are not logged.
 */
export function healthRoutes(deps: Pick<GatewayDeps, 'runtime' | 'log'>): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.set('Cache-Control', 'no-store').json({ status: 'ok' });
  });
  router.get('/readyz', async (_req, res) => {
    const [store, redis] = await Promise.all([check(() => deps.runtime.store.ping()), check(() => deps.runtime.redis.ping())]);
    const ready = store === 'ok' && redis === 'ok';
    if (!ready) deps.log.warn({ checks: { store, redis } }, 'not ready');
    const shown = (result: string) => (result === 'ok' ? 'ok' : 'failed');
    res
      .status(ready ? 200 : 503)
      .set('Cache-Control', 'no-store')
      .json({ status: ready ? 'ready' : 'not_ready', checks: { store: shown(store), redis: shown(redis) } });
  });
  return router;
}
