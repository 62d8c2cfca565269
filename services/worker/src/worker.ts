import { ConfigError, productionRequirement, workerSmtpReason, type Config } from '@vinh-danh/config';
import { createClusterHandlers } from '@vinh-danh/clusters';
import { createDecisionHandlers } from '@vinh-danh/decisions';
import { routeTimingWith, type RouteTiming } from '@vinh-danh/domain';
import {
  createDefaultEffectHandlers,
  messageIdDomainOf,
  createReconciler,
  createWorkers,
  openRuntime,
  type EffectHandlers,
  type Mailer,
  type MailRenderer,
  type Reconciler,
  type Runtime,
  type WorkflowDefinition,
  type Workers,
} from '@vinh-danh/engine';
import type { Logger } from '@vinh-danh/log';
import { createMailRenderer, createSmtpMailer } from '@vinh-danh/mail';
import { createTaskLinks, type TaskLinks } from '@vinh-danh/task-links';
import { definitions as allDefinitions } from '@vinh-danh/workflows';
import { createLogMailer } from './log-mailer.ts';

export interface StartWorkerOptions {
  config: Config;
  log: Logger;
  /** Where mail goes. Default: SMTP at `config.smtpUrl` when set, else the log. */
  mailer?: Mailer;
  /** Renders each mail. Default: the bilingual templates of @vinh-danh/mail. */
  renderMail?: MailRenderer;
  /** Makes the task links mails carry. Default: links to `config.publicUrl`. */
  taskLinks?: TaskLinks;
  /**
   * A runtime opened by the caller (the all-in-one process shares one with the gateway).
   * It is used as it is and left open on stop: whoever opened it closes it. The caller opens
   * it with `timerHorizonMs` = 2 × `config.reconcileIntervalMs`. Default: one opened from
   * `config` and closed on stop.
   */
  runtime?: Runtime;
  /** Default: every procedure in workflows/. Unused when `runtime` is given (its registry holds them). */
  definitions?: readonly WorkflowDefinition[];
  /** Extra or replacement effect handlers. */
  handlers?: EffectHandlers;
  /** How long the procedures' days last for the nominations the worker files itself (a cluster's leading units). Default: real days. */
  routeTiming?: Partial<RouteTiming>;
}

export interface WorkerProcess {
  runtime: Runtime;
  workers: Workers;
  reconciler: Reconciler;
  /**
   * Stops taking jobs, lets jobs in flight finish (for `WORKER_DRAIN_TIMEOUT_MS` at most: those
   * still running then are retried elsewhere once their locks lapse), then closes every
   * connection it opened.
   */
  stop(): Promise<void>;
}

/** The mail port from the config: SMTP when `smtpUrl` is set, else (outside production) mail is only logged. */
function mailerFor(config: Config, log: Logger): Mailer & { close?: () => void } {
  if (!config.smtpUrl) {
    log.warn('SMTP_URL is not set: mail is written to the log, not sent');
    return createLogMailer(log);
  }
  return createSmtpMailer({ smtpUrl: config.smtpUrl, from: config.mailFrom });
}

/** The worker: every queue, the reconciler (one pass at start, then periodic). */
export async function startWorker(options: StartWorkerOptions): Promise<WorkerProcess> {
  const { config, log } = options;
  if (!options.mailer && config.nodeEnv === 'production' && !config.smtpUrl) {
    throw new ConfigError([productionRequirement('SMTP_URL', workerSmtpReason)]);
  }
  const ownsRuntime = !options.runtime;
  // Links are random tokens bound in the store: the worker needs no secret to make them.
  const taskLinks = options.taskLinks ?? createTaskLinks({ publicUrl: config.publicUrl });
  const runtime = options.runtime ?? (await openRuntime({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    redisUrl: config.redisUrl,
    queuePrefix: config.queuePrefix,
    dbPoolSize: config.dbPoolSize,
    dbSchema: config.databaseSchema,
    definitions: options.definitions ?? (allDefinitions as unknown as WorkflowDefinition[]),
    log,
    // At least the reconciler's interval, so its look-ahead schedules every later timer in time.
    timerHorizonMs: 2 * config.reconcileIntervalMs,
    calendar: config.workingCalendar,
  }));
  // A mailer passed in belongs to the caller; the one made here is closed on stop.
  const ownMailer = options.mailer ? undefined : mailerFor(config, log);
  const mailer = options.mailer ?? ownMailer!;
  const closeMailer = () => ownMailer?.close?.();
  // Created Workers take jobs at once: a start that fails after them closes them first.
  let closeWorkers: (() => Promise<void>) | undefined;
  try {
    const renderMail = options.renderMail ?? createMailRenderer({ taskLinks, publicUrl: config.publicUrl, store: runtime.store });
    const handlers = {
      ...createDefaultEffectHandlers({
        store: runtime.store,
        mailer,
        renderMail,
        messageIdDomain: messageIdDomainOf(config.mailFrom),
      }),
      // issueDecision, publishDisclosure, recordTally.
      ...createDecisionHandlers({ store: runtime.store, engine: runtime.engine, log }),
      // proposeAward, handOverChair (the cluster's year-end evaluation).
      ...createClusterHandlers({ store: runtime.store, engine: runtime.engine, log, routeTiming: routeTimingWith(options.routeTiming) }),
      ...options.handlers,
    };
    const workers = createWorkers({
      engine: runtime.engine,
      store: runtime.store,
      handlers,
      log,
      connection: runtime.redis,
      prefix: runtime.queuePrefix,
      concurrency: config.workerConcurrency,
    });
    closeWorkers = async () => void (await workers.close());
    await workers.ready();
    const reconciler = createReconciler({
      store: runtime.store,
      engine: runtime.engine,
      log,
      intervalMs: config.reconcileIntervalMs,
      staleMs: config.outboxStaleMs,
    });
    reconciler.start();
    log.info({ concurrency: config.workerConcurrency, bullmqWorkers: workers.perQueue, prefix: runtime.queuePrefix }, 'worker started');
    return {
      runtime,
      workers,
      reconciler,
      async stop() {
        const withinMs = config.workerDrainTimeoutMs;
        // At once, under one timeout: the workers stop taking jobs while a reconciler pass ends,
        // and neither a pass nor a job held by a Redis that does not answer holds the stop.
        const [reconciled, drained] = await Promise.all([reconciler.stop({ withinMs }), workers.close({ withinMs })]);
        if (reconciled === 'timedOut') {
          log.warn({ withinMs }, 'a reconciler pass still running after WORKER_DRAIN_TIMEOUT_MS (Redis or the store not answering): stopping without it; the next pass re-drives what it left');
        }
        if (drained === 'timedOut') {
          log.warn({ withinMs }, 'jobs still in flight after WORKER_DRAIN_TIMEOUT_MS: stopping without them; they are retried once their locks lapse');
        }
        closeMailer();
        if (ownsRuntime) await runtime.close();
        log.info('worker stopped');
      },
    };
  } catch (error) {
    await closeWorkers?.().catch((closing: unknown) => log.warn({ err: closing }, 'workers did not close cleanly after a failed start'));
    closeMailer();
    if (ownsRuntime) await runtime.close();
    throw error;
  }
}
