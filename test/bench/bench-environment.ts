/**
 * The infrastructure of one benchmark run: a fresh PostgreSQL schema (or embedded PGlite when
 * PostgreSQL does not answer), a Redis (a private `redis-server`, or BENCH_REDIS_URL), a fresh
 * queue prefix and a temp dir; `close()` removes all of it.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startRedisServer, type RedisServerHandle } from '@vinh-danh/queue';
import { Redis } from 'ioredis';
import pg from 'pg';

export interface BenchEnvironment {
  store: 'postgres' | 'pglite';
  /** Unset for PGlite. */
  databaseUrl: string | undefined;
  schema: string | undefined;
  redisUrl: string;
  /** Where Redis came from, for the report. */
  redisSource: 'private redis-server' | 'BENCH_REDIS_URL';
  /** Redis `appendonly` as the server reports it. */
  redisAppendOnly: string;
  queuePrefix: string;
  tmpDir: string;
  /** PostgreSQL durability settings, for the report. */
  postgresSettings: Record<string, string>;
  close(): Promise<void>;
}

export interface BenchEnvironmentOptions {
  databaseUrl: string;
  redisUrl: string | undefined;
  /** AOF of the private redis-server; production keeps it on. */
  redisAppendOnly: boolean;
  say(line: string): void;
}

async function postgresError(url: string): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return undefined;
  } catch (error) {
    return String(error);
  } finally {
    await client.end().catch(() => {});
  }
}

async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Deletes every key under the prefix: a shared Redis is left as it was found. */
async function deletePrefix(redisUrl: string, prefix: string): Promise<void> {
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length > 0) await redis.unlink(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

export async function openBenchEnvironment(options: BenchEnvironmentOptions): Promise<BenchEnvironment> {
  const suffix = randomBytes(4).toString('hex');
  const tmpDir = mkdtempSync(path.join(os.tmpdir(), 'vd-bench-'));
  const queuePrefix = `vdbench-${suffix}`;
  const cleanups: Array<() => Promise<unknown>> = [async () => rmSync(tmpDir, { recursive: true, force: true })];
  const close = async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch((error: unknown) => options.say(`cleanup step failed: ${String(error)}`));
    cleanups.length = 0;
  };
  try {
    const unreachable = await postgresError(options.databaseUrl);
    let store: BenchEnvironment['store'] = 'postgres';
    let schema: string | undefined = `bench_${suffix}`;
    let postgresSettings: Record<string, string> = {};
    if (unreachable) {
      store = 'pglite';
      schema = undefined;
      const bar = '!'.repeat(100);
      options.say(`${bar}\n!! PostgreSQL at ${options.databaseUrl} is UNREACHABLE (${unreachable}).\n` +
        `!! FALLING BACK TO EMBEDDED PGlite: one connection in one process, so the workers run IN THE BENCH PROCESS.\n` +
        `!! These figures are NOT comparable with the PostgreSQL targets.\n${bar}`);
    } else {
      const url = options.databaseUrl;
      cleanups.push(() => withClient(url, (client) => client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`)));
      postgresSettings = await withClient(url, async (client) => {
        const { rows } = await client.query<{ name: string; setting: string }>(
          `SELECT name, setting FROM pg_settings WHERE name IN ('fsync', 'synchronous_commit', 'max_connections', 'shared_buffers')`,
        );
        return Object.fromEntries(rows.map((row) => [row.name, row.setting]));
      });
    }

    let redisUrl = options.redisUrl;
    let redisSource: BenchEnvironment['redisSource'] = 'BENCH_REDIS_URL';
    if (redisUrl) {
      const url = redisUrl;
      cleanups.push(() => deletePrefix(url, queuePrefix));
    } else {
      const server: RedisServerHandle = await startRedisServer({ dataDir: tmpDir, appendOnly: options.redisAppendOnly });
      cleanups.push(() => server.stop());
      redisUrl = server.url;
      redisSource = 'private redis-server';
    }
    const probe = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
    const appendOnly = await probe.config('GET', 'appendonly').finally(() => probe.disconnect());
    return {
      store,
      databaseUrl: store === 'postgres' ? options.databaseUrl : undefined,
      schema,
      redisUrl,
      redisSource,
      redisAppendOnly: String((appendOnly as string[])[1] ?? 'unknown'),
      queuePrefix,
      tmpDir,
      postgresSettings,
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

/** Inserts `count` nominations `nom-1 … nom-count` in one statement, so status effects update real rows. */
export async function seedNominations(env: BenchEnvironment, count: number): Promise<void> {
  if (env.store !== 'postgres' || !env.databaseUrl) return;
  await withClient(env.databaseUrl, (client) =>
    client.query(
      `INSERT INTO ${env.schema}.nominations (nomination_id, tracking_code, unit_id, award_type_id, period, nominee, details)
       SELECT 'nom-' || i, 'BENCH-' || i, 'unit-' || (i % 50), 'bang-khen', '2025', '{"name":"bench"}'::jsonb, '{}'::jsonb
         FROM generate_series(1, $1::int) AS i`,
      [count],
    ),
  );
}

/** Commit times (history `at`, ms since epoch) of the bench's approve events, keyed `instanceId.eventId`. */
export async function historyCommitTimes(env: BenchEnvironment): Promise<Map<string, number> | undefined> {
  if (env.store !== 'postgres' || !env.databaseUrl) return undefined;
  return withClient(env.databaseUrl, async (client) => {
    const { rows } = await client.query<{ key: string; at_ms: number }>(
      `SELECT instance_id || '.' || event_id AS key, extract(epoch FROM at) * 1000 AS at_ms
         FROM ${env.schema}.history WHERE event_id LIKE 'approve-%'`,
    );
    return new Map(rows.map((row) => [row.key, Number(row.at_ms)]));
  });
}
