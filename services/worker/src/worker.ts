import type { Config } from '@vinh-danh/config';
import {
  createDefaultEffectHandlers,
  createReconciler,
  createWorkers,
  openRuntime,
  type EffectHandlers,
  type Mailer,
  type Reconciler,
  type Runtime,
  type WorkflowDefinition,
  type Workers,
} from '@vinh-danh/engine';
import type { Logger } from '@vinh-danh/log';
import { definitions as allDefinitions } from '@vinh-danh/workflows';

export interface StartWorkerOptions {
  config: Config;
  log: Logger;
  /** Where mail goes. */
  mailer: Mailer;
  /** Default: every procedure in workflows/. */
  definitions?: readonly WorkflowDefinition[];
  /** Extra or replacement effect handlers. */
  handlers?: EffectHandlers;
}

export interface WorkerProcess {
  runtime: Runtime;
  workers: Workers;
  reconciler: Reconciler;
  /** Stops taking jobs, lets jobs in flight finish, then closes every connection. */
  stop(): Promise<void>;
}

/** The worker: every queue, the reconciler (one pass at start, then periodic). */
export async function startWorker(options: StartWorkerOptions): Promise<WorkerProcess> {
  const { config, log } = options;
  const runtime = await openRuntime({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    redisUrl: config.redisUrl,
    queuePrefix: config.queuePrefix,
    dbPoolSize: config.dbPoolSize,
    dbSchema: config.databaseSchema,
    definitions: options.definitions ?? (allDefinitions as unknown as WorkflowDefinition[]),
    log,
  });
  try {
    const handlers = { ...createDefaultEffectHandlers({ store: runtime.store, mailer: options.mailer }), ...options.handlers };
    const workers = createWorkers({
      engine: runtime.engine,
      store: runtime.store,
      handlers,
      log,
      connection: runtime.redis,
      prefix: runtime.queuePrefix,
      concurrency: config.workerConcurrency,
    });
    await workers.ready();
    const reconciler = createReconciler({
      store: runtime.store,
      engine: runtime.engine,
      log,
      intervalMs: config.reconcileIntervalMs,
      staleMs: config.outboxStaleMs,
    });
    reconciler.start();
    log.info({ concurrency: config.workerConcurrency, prefix: runtime.queuePrefix }, 'worker started');
    return {
      runtime,
      workers,
      reconciler,
      async stop() {
        await reconciler.stop();
        await workers.close();
        await runtime.close();
        log.info('worker stopped');
      },
    };
  } catch (error) {
    await runtime.close();
    throw error;
  }
}
