import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ConfigError, type Config } from '@vinh-danh/config';
import { routeTimingWith, type RouteTiming } from '@vinh-danh/domain';
import { openRuntime, type Runtime, type WorkflowDefinition } from '@vinh-danh/engine';
import type { Logger } from '@vinh-danh/log';
import { createRedisConnection, waitForRedis } from '@vinh-danh/queue';
import type { TaskLinks } from '@vinh-danh/task-links';
import { definitions } from '@vinh-danh/workflows';
import type { Express, Router } from 'express';
import { createApp } from './app.ts';
import { createCsrf } from './http/csrf.ts';
import { createSharedCounters } from './http/shared-limits.ts';

export interface StartGatewayOptions {
  config: Config;
  log: Logger;
  /** Derives and checks task-link tokens; built from `TASK_LINK_SECRET`. */
  taskLinks: TaskLinks;
  /**
   * A runtime to use (the all-in-one start passes its own: PGlite allows one process). When
   * absent the gateway opens one from the config and closes it on stop.
   */
  runtime?: Runtime;
  /** Mounted at `/dev/mail` when given (the all-in-one's mail catcher). */
  devMailRouter?: Router;
  /**
   * Overrides of the route timing (packages/domain `defaultRouteTiming`: a working day is a
   * calendar day × 7/5). Tests shorten it so a disclosure period passes in seconds.
   */
  routeTiming?: Partial<RouteTiming>;
  /**
   * How long a stop lets requests in progress finish, in ms; default {@link defaultDrainMs}.
   * Past it the connections still open (a client that stalls mid-body, say) are closed.
   */
  drainMs?: number;
}

/** Default {@link StartGatewayOptions.drainMs}: within Kubernetes' 30 s grace, with room for the runtime to close. */
export const defaultDrainMs = 10_000;

export interface Gateway {
  /** Where it listens, e.g. `http://127.0.0.1:3000`. */
  url: string;
  port: number;
  app: Express;
  runtime: Runtime;
  /**
   * Stops taking connections, lets requests in progress finish for up to `drainMs` (then closes
   * what is still open), and closes the runtime if the gateway opened it.
   */
  stop(): Promise<void>;
}

/**
 * The public URL: `PUBLIC_URL` as configured; when it is only the default derived from a
 * `PORT=0` (tests), the port really taken.
 */
function effectivePublicUrl(config: Config, port: number): string {
  return config.port === 0 && config.publicUrl === 'http://localhost:0' ? `http://localhost:${port}` : config.publicUrl;
}

/** Starts the gateway: web form, JSON API, tracking and task pages, health probes. */
export async function startGateway(options: StartGatewayOptions): Promise<Gateway> {
  const { config, log } = options;
  const routeTiming = routeTimingWith(options.routeTiming);
  const runtime =
    options.runtime ??
    (await openRuntime({
      databaseUrl: config.databaseUrl,
      dataDir: config.dataDir,
      redisUrl: config.redisUrl,
      queuePrefix: config.queuePrefix,
      dbPoolSize: config.dbPoolSize,
      dbSchema: config.databaseSchema,
      definitions: definitions as unknown as WorkflowDefinition[],
      log,
      timerHorizonMs: 2 * config.reconcileIntervalMs,
      calendar: config.workingCalendar,
    }));
  const closeRuntime = options.runtime ? async () => {} : () => runtime.close();
  const server = createServer();
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(config.port, config.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    await closeRuntime();
    // Say which setting the address came from: a bare ENOTFOUND or EADDRINUSE names neither.
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EADDRNOTAVAIL') throw new ConfigError([`HOST: cannot listen on "${config.host}" (${code}): not an address of this machine`]);
    if (code === 'EADDRINUSE') throw new ConfigError([`PORT: ${config.port} on ${config.host} is already in use by another process`]);
    if (code === 'EACCES') throw new ConfigError([`PORT: ${config.port} needs privileges this process lacks; use a port above 1023`]);
    throw error;
  }
  const { port } = server.address() as AddressInfo;
  const publicUrl = effectivePublicUrl(config, port);
  // The limits' own connection, which refuses a command at once while Redis is away (the queues'
  // connection holds commands until it is back): a request is not held, nor a count queued in memory.
  const limitsRedis = createRedisConnection(runtime.redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 1 });
  limitsRedis.on('error', () => {});
  // Ready before the first request (the runtime reached this Redis already); past 5 s the limits count once it is.
  await waitForRedis(limitsRedis, runtime.redisUrl, 5_000, { loadingTimeoutMs: 0 }).catch((error: unknown) =>
    log.warn({ err: error }, 'the rate limits\' Redis connection is not ready; requests go uncounted until it is'),
  );
  const app = createApp(
    {
      config,
      log,
      runtime,
      taskLinks: options.taskLinks,
      csrf: createCsrf(options.taskLinks, { secureCookies: publicUrl.startsWith('https:') }),
      publicUrl,
      now: () => new Date(runtime.engine.clock.now()),
      routeTiming,
      limits: createSharedCounters(limitsRedis, { prefix: runtime.queuePrefix }),
    },
    { devMailRouter: options.devMailRouter },
  );
  server.on('request', app);
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  const url = `http://${host === '0.0.0.0' || host === '[::]' ? '127.0.0.1' : host}:${port}`;
  log.info({ url, publicUrl }, 'gateway listening');
  let stopped: Promise<void> | undefined;
  return {
    url,
    port,
    app,
    runtime,
    stop() {
      stopped ??= (async () => {
        const drainMs = options.drainMs ?? defaultDrainMs;
        let deadline: NodeJS.Timeout | undefined;
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeIdleConnections();
          deadline = setTimeout(() => {
            log.warn({ drainMs }, 'requests still in progress after the drain time: their connections are closed');
            server.closeAllConnections();
          }, drainMs);
        });
        clearTimeout(deadline);
        limitsRedis.disconnect();
        await closeRuntime();
        log.info('gateway stopped');
      })();
      return stopped;
    },
  };
}
