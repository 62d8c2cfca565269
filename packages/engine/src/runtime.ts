import type { Logger } from '@vinh-danh/log';
import { closeQueues, createQueues, createRedisConnection, maxRedisRestartsPerMinute, startRedisServer, waitForRedis, type Queues, type RedisServerHandle } from '@vinh-danh/queue';
import { createStore, type Store } from '@vinh-danh/store';
import type { WorkingCalendar } from '@vinh-danh/domain';
import type { Redis } from 'ioredis';
import { createDefinitionRegistry, type DefinitionRegistry, type WorkflowDefinition } from './definition-registry.ts';
import { createEngine, type Clock, type Engine } from './engine.ts';
import { settlesWithin } from './settles-within.ts';

export interface OpenRuntimeOptions {
  /** `postgres://…`, or unset for embedded PGlite under `dataDir`. */
  databaseUrl?: string | undefined;
  dataDir: string;
  /** Unset: a private `redis-server` is started with its files under `dataDir`. */
  redisUrl?: string | undefined;
  queuePrefix: string;
  dbPoolSize?: number;
  /** PostgreSQL schema (tests isolate themselves with one). */
  dbSchema?: string;
  definitions: readonly WorkflowDefinition[];
  log: Logger;
  clock?: Clock;
  /**
   * Timers due within this long get a BullMQ delayed job at commit; the reconciler's
   * look-ahead schedules later ones. At least RECONCILE_INTERVAL_MS; services pass 2 × it.
   * Default 30 s (2 × the default interval).
   */
  timerHorizonMs?: number | undefined;
  /** Where deadlines in working days are counted; unset, they count in milliseconds (see CreateEngineOptions.calendar). */
  calendar?: WorkingCalendar | undefined;
  /** How long Redis may take to answer at start before the runtime gives up (RedisUnreachableError); default 10 s. */
  redisConnectTimeoutMs?: number;
}

/** Everything a process needs to run workflows: store, Redis, queues, engine. */
export interface Runtime {
  store: Store;
  redis: Redis;
  redisUrl: string;
  queues: Queues;
  registry: DefinitionRegistry;
  engine: Engine;
  queuePrefix: string;
  /** Closes in reverse order of opening; stops the private redis-server if one was started. */
  close(): Promise<void>;
}

/**
 * How long closing waits for Redis to answer (the queues' close, QUIT) before it drops the
 * connection: a Redis that stalls must not hold a stopping process.
 */
const redisCloseWaitMs = 2_000;

/**
 * How long closing waits for the store's connections: a query still running (a job left behind
 * by the drain timeout, waiting on a lock) holds its connection, and must not hold the stop.
 */
const storeCloseWaitMs = 5_000;

export async function openRuntime(options: OpenRuntimeOptions): Promise<Runtime> {
  const closers: Array<() => Promise<unknown>> = [];
  const close = async () => {
    for (const closer of closers.reverse()) await closer().catch(() => {});
    closers.length = 0;
  };
  try {
    let redisUrl = options.redisUrl;
    let server: RedisServerHandle | undefined;
    if (!redisUrl) {
      server = await startRedisServer({
        dataDir: options.dataDir,
        onStaleStopped: (pid) => options.log.warn({ pid }, 'stopped a private redis-server an earlier process left running in the data dir'),
        onUnexpectedExit: ({ restarted, logTail, ...exit }) =>
          options.log.error(
            { ...exit, restarted, redisLogTail: logTail },
            restarted
              ? 'the private redis-server stopped unexpectedly; started it again on the same port (its append-only file and the store bring the work back)'
              : `the private redis-server stopped unexpectedly ${maxRedisRestartsPerMinute + 1} times within a minute; it is not started again: see DATA_DIR/redis/redis.log, then restart this process`,
          ),
      });
      closers.push(() => server!.stop());
      redisUrl = server.url;
      options.log.info({ port: server.port }, 'started a private redis-server (REDIS_URL is not set)');
    }
    const store = await createStore({
      databaseUrl: options.databaseUrl,
      dataDir: options.dataDir,
      poolSize: options.dbPoolSize,
      schema: options.dbSchema,
    });
    closers.push(async () => {
      if (!(await settlesWithin(store.close(), storeCloseWaitMs))) {
        options.log.warn({ waitedMs: storeCloseWaitMs }, 'the store did not close in time (a query still running): stopping without waiting for it');
      }
    });
    const redis = createRedisConnection(redisUrl);
    // quit() waits for a connection that never came, or for a Redis that does not answer: then the client is just dropped.
    closers.push(async () => {
      if (redis.status !== 'ready' || !(await settlesWithin(redis.quit(), redisCloseWaitMs))) redis.disconnect();
    });
    await waitForRedis(redis, redisUrl, options.redisConnectTimeoutMs, {
      onLoading: () => options.log.info('Redis answers but is still loading its data; waiting for it'),
    });
    const queues = createQueues({ connection: redis, prefix: options.queuePrefix });
    closers.push(() => settlesWithin(closeQueues(queues), redisCloseWaitMs));
    const registry = createDefinitionRegistry(options.definitions);
    const engine = createEngine({
      store,
      queues,
      registry,
      log: options.log,
      clock: options.clock,
      timerHorizonMs: options.timerHorizonMs,
      ...(options.calendar ? { calendar: options.calendar } : {}),
    });
    return { store, redis, redisUrl, queues, registry, engine, queuePrefix: options.queuePrefix, close };
  } catch (error) {
    await close();
    throw error;
  }
}
