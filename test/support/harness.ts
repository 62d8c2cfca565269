import { randomBytes } from 'node:crypto';
import { createDecisionHandlers } from '@vinh-danh/decisions';
import {
  createDefaultEffectHandlers,
  createMemoryMailer,
  createReconciler,
  createWorkers,
  openRuntime,
  type EffectHandlers,
  type Reconciler,
  type Runtime,
  type WorkflowDefinition,
  type Workers,
  type Clock,
} from '@vinh-danh/engine';
import type { WorkingCalendar } from '@vinh-danh/domain';
import { createLogger, type Logger } from '@vinh-danh/log';
import { postgresUnreachable } from '@vinh-danh/store/testing';
import pg from 'pg';
import { freshPrefix, testRedisUrl } from './redis.ts';

export type StoreKind = 'pglite' | 'postgres';

export const testPostgresUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export const testLog = createLogger({ service: 'test', level: (process.env.TEST_LOG_LEVEL as 'silent') ?? 'silent' });

export interface Harness {
  runtime: Runtime;
  mailer: ReturnType<typeof createMemoryMailer>;
  /** Starts one more set of workers on the same queues (a second worker process, in effect). */
  addWorkers(concurrency?: number): Promise<Workers>;
  reconciler: Reconciler;
  dbSchema: string | undefined;
  close(): Promise<void>;
}

export interface HarnessOptions {
  store?: StoreKind;
  definitions: readonly WorkflowDefinition[];
  redisUrl?: string;
  /** Worker sets to start now; default 1. */
  workers?: number;
  concurrency?: number;
  reconcileIntervalMs?: number;
  staleMs?: number;
  /** The engine's timer horizon (timers due later wait in the store for the reconciler); default the engine's. */
  timerHorizonMs?: number;
  /**
   * Handlers merged over the worker's (the defaults and the decision handlers, as
   * services/worker wires them), e.g. decision handlers with an injected clock.
   */
  extraHandlers?: (runtime: Runtime) => EffectHandlers;
  /** The workers' logger; default the silent test logger. */
  workerLog?: Logger;
  /** The engine's working calendar; default none (deadlines count in milliseconds). */
  calendar?: WorkingCalendar;
  /** The engine's clock; default the wall clock. */
  clock?: Clock;
}

/**
 * A real runtime (real Redis, real store) with in-process workers and a fresh queue prefix and
 * schema; mails go to an in-memory mailer (the SMTP path has its own tests, test/mail).
 */
export async function startHarness(options: HarnessOptions): Promise<Harness> {
  const kind = options.store ?? 'pglite';
  const dbSchema = kind === 'postgres' ? `t_${randomBytes(6).toString('hex')}` : undefined;
  const runtime = await openRuntime({
    databaseUrl: kind === 'postgres' ? testPostgresUrl : undefined,
    dataDir: 'memory://',
    dbSchema,
    redisUrl: options.redisUrl ?? (await testRedisUrl()),
    queuePrefix: freshPrefix('h'),
    definitions: options.definitions,
    log: testLog,
    timerHorizonMs: options.timerHorizonMs,
    calendar: options.calendar,
    ...(options.clock ? { clock: options.clock } : {}),
  });
  const mailer = createMemoryMailer();
  const handlers = {
    ...createDefaultEffectHandlers({ store: runtime.store, mailer }),
    ...createDecisionHandlers({ store: runtime.store, engine: runtime.engine, log: testLog }),
    ...options.extraHandlers?.(runtime),
  };
  const workerSets: Workers[] = [];
  const addWorkers = async (concurrency = options.concurrency ?? 8) => {
    const workers = createWorkers({
      engine: runtime.engine,
      store: runtime.store,
      handlers,
      log: options.workerLog ?? testLog,
      connection: runtime.redis,
      prefix: runtime.queuePrefix,
      concurrency,
    });
    await workers.ready();
    workerSets.push(workers);
    return workers;
  };
  for (let i = 0; i < (options.workers ?? 1); i += 1) await addWorkers();
  const reconciler = createReconciler({
    store: runtime.store,
    engine: runtime.engine,
    log: testLog,
    intervalMs: options.reconcileIntervalMs ?? 60_000,
    staleMs: options.staleMs ?? 30_000,
  });
  return {
    runtime,
    mailer,
    addWorkers,
    reconciler,
    dbSchema,
    async close() {
      await reconciler.stop();
      await Promise.all(workerSets.map((workers) => workers.close()));
      await obliterate(runtime);
      await runtime.close();
      if (dbSchema) await dropSchema(dbSchema);
    },
  };
}

async function obliterate(runtime: Runtime) {
  await Promise.all(Object.values(runtime.queues).map((queue) => queue.obliterate({ force: true }).catch(() => {})));
}

export async function dropSchema(schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: testPostgresUrl });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  } finally {
    await client.end();
  }
}

/** Whether the PostgreSQL the tests use answers; suites that need it say so plainly when it does not. */
export async function postgresReachable(): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: testPostgresUrl, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return undefined;
  } catch (error) {
    return postgresUnreachable(`PostgreSQL at ${testPostgresUrl} is unreachable (${String(error)}): PostgreSQL runtime tests skipped`);
  } finally {
    await client.end().catch(() => {});
  }
}
