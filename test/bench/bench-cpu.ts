/**
 * CPU time spent by each part of the system during a phase: the worker processes, PostgreSQL
 * and Redis (its own INFO). CPU per event is steadier than events/s on a shared machine.
 *
 * PostgreSQL is read three ways: `postgres`, every PostgreSQL process on this machine (from
 * /proc; other databases' sessions count too — the historical figure); and, when the bench
 * names its connections (`application_name`), `postgresBench`, its own backends only, and
 * `postgresShared`, the server's background processes (WAL writer, checkpointer…), which work
 * for every session. `others` is what the rest of the machine used meanwhile (from /proc/stat):
 * large when other work shares the machine, which then slows the run however lean it is.
 */
import { readdirSync, readFileSync } from 'node:fs';
import type { Redis } from 'ioredis';
import pg from 'pg';

/** Clock ticks per second of /proc/<pid>/stat (USER_HZ), 100 on Linux. */
const ticksPerSec = 100;

function processCpuMs(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / ticksPerSec;
  } catch {
    return 0;
  }
}

function postgresCpuMs(): number {
  let total = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/comm`, 'utf8').trim() === 'postgres') total += processCpuMs(Number(entry));
    } catch {
      // gone in the meantime
    }
  }
  return total;
}

/** Busy CPU of the whole machine (all cores), ms, from /proc/stat. */
function machineBusyMs(): number {
  try {
    const [, ...fields] = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0]!.trim().split(/\s+/);
    const values = fields.map(Number);
    const total = values.slice(0, 8).reduce((sum, value) => sum + value, 0);
    const idle = (values[3] ?? 0) + (values[4] ?? 0);
    return ((total - idle) * 1000) / ticksPerSec;
  } catch {
    return 0;
  }
}

async function redisCpuMs(redis: Redis): Promise<number> {
  const info = await redis.info('cpu');
  const field = (name: string) => Number(new RegExp(`${name}:([\\d.]+)`).exec(info)?.[1] ?? 0);
  return (field('used_cpu_sys') + field('used_cpu_user')) * 1000;
}

/** Which PostgreSQL processes are the bench's own backends and which serve everyone. */
export interface PostgresProbe {
  /** `postgres://…` of the server. */
  url: string;
  /** The `application_name` the bench's connections carry. */
  applicationName: string;
}

async function postgresSplit(probe: PostgresProbe): Promise<{ bench: Map<number, number>; shared: Map<number, number> }> {
  const client = new pg.Client({ connectionString: probe.url, connectionTimeoutMillis: 2000 });
  client.on('error', () => {});
  try {
    await client.connect();
    const { rows } = await client.query<{ pid: number; mine: boolean }>(
      `SELECT pid, application_name = $1 AS mine FROM pg_stat_activity
        WHERE application_name = $1 OR backend_type <> 'client backend'`,
      [probe.applicationName],
    );
    const bench = new Map<number, number>();
    const shared = new Map<number, number>();
    for (const row of rows) (row.mine ? bench : shared).set(row.pid, processCpuMs(row.pid));
    return { bench, shared };
  } finally {
    await client.end().catch(() => {});
  }
}

export interface CpuReading {
  workers: number;
  driver: number;
  postgres: number;
  redis: number;
}

/** CPU per event of each part; the PostgreSQL split and `others` only with a {@link PostgresProbe}. */
export interface CpuFigures extends CpuReading {
  /** The bench's own backends. */
  postgresBench?: number;
  /** The server's background processes. */
  postgresShared?: number;
  /** Everything else on the machine. */
  others?: number;
}

/** A reading as taken: per-process figures, so processes that came or went between two readings count right. */
export interface RawCpuReading extends CpuReading {
  at: number;
  machine: number;
  postgresPids?: { bench: Map<number, number>; shared: Map<number, number> };
}

export async function readCpu(
  workerPids: readonly (number | undefined)[],
  redis: Redis,
  postgres?: PostgresProbe,
): Promise<RawCpuReading> {
  return {
    at: performance.now(),
    machine: machineBusyMs(),
    workers: workerPids.reduce<number>((sum, pid) => sum + (pid === undefined || pid === process.pid ? 0 : processCpuMs(pid)), 0),
    driver: process.cpuUsage().user / 1000 + process.cpuUsage().system / 1000,
    postgres: postgresCpuMs(),
    redis: await redisCpuMs(redis),
    ...(postgres ? { postgresPids: await postgresSplit(postgres).catch(() => undefined) } : {}),
  };
}

/** CPU used by the processes of `after` since `before` (a process new since then counts whole). */
const perPidDelta = (before: Map<number, number> | undefined, after: Map<number, number>) =>
  [...after].reduce((sum, [pid, ms]) => sum + Math.max(0, ms - (before?.get(pid) ?? 0)), 0);

/** CPU ms per event of each part between two readings. */
export function cpuPerEvent(before: CpuReading, after: CpuReading, events: number): CpuFigures {
  const per = (ms: number) => Math.round((ms / Math.max(1, events)) * 1000) / 1000;
  const delta = (key: 'workers' | 'driver' | 'postgres' | 'redis') => after[key] - before[key];
  const result: CpuFigures = { workers: per(delta('workers')), driver: per(delta('driver')), postgres: per(delta('postgres')), redis: per(delta('redis')) };
  const rawBefore = before as Partial<RawCpuReading>;
  const rawAfter = after as Partial<RawCpuReading>;
  if (rawBefore.postgresPids && rawAfter.postgresPids) {
    const bench = perPidDelta(rawBefore.postgresPids.bench, rawAfter.postgresPids.bench);
    const shared = perPidDelta(rawBefore.postgresPids.shared, rawAfter.postgresPids.shared);
    result.postgresBench = per(bench);
    result.postgresShared = per(shared);
    if (rawBefore.machine !== undefined && rawAfter.machine !== undefined) {
      const ours = delta('workers') + delta('driver') + delta('redis') + bench + shared;
      result.others = per(Math.max(0, rawAfter.machine - rawBefore.machine - ours));
    }
  }
  return result;
}

/** Share of the machine's CPU (all cores) busy between two readings, 0–100. */
export function machineBusyPct(before: RawCpuReading, after: RawCpuReading, cores: number): number {
  const elapsed = after.at - before.at;
  return elapsed > 0 ? Math.round(((after.machine - before.machine) / (elapsed * cores)) * 1000) / 10 : 0;
}
