import { randomBytes } from 'node:crypto';
import { seedClusterYears, seedNorthernMidlandsCluster } from '@vinh-danh/clusters';
import { ConfigError, productionRequirement, type Config } from '@vinh-danh/config';
import { northernMidlandsCluster, type RouteTiming } from '@vinh-danh/domain';
import { openRuntime, type Runtime, type WorkflowDefinition } from '@vinh-danh/engine';
import { seedDemoData, startGateway } from '@vinh-danh/gateway';
import type { Logger } from '@vinh-danh/log';
import { createDevMailRouter, startMailCapture, type MailCapture } from '@vinh-danh/mail';
import { freePort } from '@vinh-danh/queue';
import { createTaskLinks } from '@vinh-danh/task-links';
import { startWorker } from '@vinh-danh/worker';
import { definitions } from '@vinh-danh/workflows';
import { loadOrCreateTaskLinkSecret } from './task-link-secret.ts';

export interface StartAllInOneOptions {
  config: Config;
  log: Logger;
  /**
   * How long the procedures' days last, for the gateway's submissions and the worker's own
   * nominations (a demo or training system shortens them). Default: real days.
   */
  routeTiming?: Partial<RouteTiming>;
}

/** Where to reach the running system. */
export interface AllInOneUrls {
  /** Base URL of the gateway, as e-mailed links use it; its home page. */
  base: string;
  /** The nomination form. */
  form: string;
  /** The development inbox; null when mail goes to a real SMTP server (SMTP_URL set). */
  devMail: string | null;
  /** The seeded emulation cluster's latest year: its agreement, members and scores. */
  cluster: string;
  health: string;
  ready: string;
}

export interface AllInOne {
  urls: AllInOneUrls;
  config: Config;
  runtime: Runtime;
  /** The Redis in use; `privateRedis` when this process started it (REDIS_URL unset). */
  redisUrl: string;
  privateRedis: boolean;
  /** Stops taking requests and jobs, lets work in flight finish, then closes everything it opened. */
  stop(): Promise<void>;
}

/**
 * Everything in one process, for a fresh machine with nothing configured: the embedded store
 * (PGlite allows one process), a private redis-server unless REDIS_URL is set, the workers and
 * the reconciler, a development SMTP catcher with its web inbox unless SMTP_URL is set, and
 * the gateway; demo units and the seed's emulation cluster are seeded. Production runs `gateway` and `worker` apart instead.
 */
/** Why the all-in-one process needs SMTP_URL in production. */
export const allInOneSmtpReason =
  'without it mail would go to the development capture, whose inbox at /dev/mail shows every task link to anyone';

export async function startAllInOne(options: StartAllInOneOptions): Promise<AllInOne> {
  const { log } = options;
  let config = options.config;
  // The development inbox serves every mailed task link to whoever opens /dev/mail: never in production.
  if (config.nodeEnv === 'production' && !config.smtpUrl) {
    throw new ConfigError([productionRequirement('SMTP_URL', allInOneSmtpReason)]);
  }
  const closers: Array<() => Promise<unknown>> = [];
  const closeAll = async () => {
    for (const close of closers.splice(0).reverse()) {
      await close().catch((error: unknown) => log.error({ err: error }, 'error while stopping'));
    }
  };

  try {
    // Links in mail must name the real port, so a port of 0 is chosen here rather than at listen.
    if (config.port === 0 && config.publicUrl === 'http://localhost:0') {
      const port = await freePort();
      config = { ...config, port, publicUrl: `http://localhost:${port}` };
    }
    let taskLinkSecret = config.taskLinkSecret;
    if (!taskLinkSecret) {
      // An in-memory store forgets its tasks on exit, so their links need not outlive it either.
      const inMemory = config.dataDir.startsWith('memory://');
      taskLinkSecret = inMemory ? randomBytes(48).toString('base64url') : loadOrCreateTaskLinkSecret(config.dataDir);
      config = { ...config, taskLinkSecret };
      log.info(inMemory ? 'task-link secret generated for this run (TASK_LINK_SECRET is not set)' : 'task-link secret kept in the data dir (TASK_LINK_SECRET is not set)');
    }
    const taskLinks = createTaskLinks({ secret: taskLinkSecret, publicUrl: config.publicUrl });

    const runtime = await openRuntime({
      databaseUrl: config.databaseUrl,
      dataDir: config.dataDir,
      redisUrl: config.redisUrl,
      queuePrefix: config.queuePrefix,
      dbPoolSize: config.dbPoolSize,
      dbSchema: config.databaseSchema,
      definitions: definitions as unknown as WorkflowDefinition[],
      log,
      // The gateway and the worker share this runtime.
      timerHorizonMs: 2 * config.reconcileIntervalMs,
      calendar: config.workingCalendar,
    });
    closers.push(() => runtime.close());
    await seedDemoData(runtime.store);
    // The emulation cluster of the news report, its 2022 and signed 2023 agreements: the cluster pages have a year to show.
    await seedNorthernMidlandsCluster(runtime.store);

    let capture: MailCapture | undefined;
    if (!config.smtpUrl) {
      capture = await startMailCapture();
      closers.push(() => capture!.stop());
      config = { ...config, smtpUrl: capture.smtpUrl };
      log.info({ port: capture.port }, 'development mail capture listening (SMTP_URL is not set)');
    }

    const worker = await startWorker({ config, log, runtime, taskLinks, ...(options.routeTiming ? { routeTiming: options.routeTiming } : {}) });
    closers.push(() => worker.stop());

    const gateway = await startGateway({
      config,
      log,
      ...(options.routeTiming ? { routeTiming: options.routeTiming } : {}),
      taskLinks,
      runtime,
      devMailRouter: capture ? createDevMailRouter(capture) : undefined,
    });
    closers.push(() => gateway.stop());

    const base = config.publicUrl;
    return {
      urls: {
        base,
        form: `${base}/nominations/new`,
        devMail: capture ? `${base}/dev/mail` : null,
        cluster: `${base}/clusters/${northernMidlandsCluster.clusterId}/${Math.max(...seedClusterYears)}`,
        health: `${base}/healthz`,
        ready: `${base}/readyz`,
      },
      config,
      runtime,
      redisUrl: runtime.redisUrl,
      privateRedis: !config.redisUrl,
      stop: closeAll,
    };
  } catch (error) {
    await closeAll();
    throw error;
  }
}
