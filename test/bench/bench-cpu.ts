/**
 * CPU time spent by each part of the system during a phase: the worker processes, every
 * PostgreSQL process on this machine (from /proc; other databases' sessions count too) and
 * Redis (its own INFO). CPU per event is steadier than events/s on a shared machine.
 */
import { readdirSync, readFileSync } from 'node:fs';
import type { Redis } from 'ioredis';

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

async function redisCpuMs(redis: Redis): Promise<number> {
  const info = await redis.info('cpu');
  const field = (name: string) => Number(new RegExp(`${name}:([\\d.]+)`).exec(info)?.[1] ?? 0);
  return (field('used_cpu_sys') + field('used_cpu_user')) * 1000;
}

export interface CpuReading {
  workers: number;
  driver: number;
  postgres: number;
  redis: number;
}

export async function readCpu(workerPids: readonly (number | undefined)[], redis: Redis): Promise<CpuReading> {
  return {
    workers: workerPids.reduce<number>((sum, pid) => sum + (pid === undefined || pid === process.pid ? 0 : processCpuMs(pid)), 0),
    driver: process.cpuUsage().user / 1000 + process.cpuUsage().system / 1000,
    postgres: postgresCpuMs(),
    redis: await redisCpuMs(redis),
  };
}

/** CPU ms per event of each part between two readings. */
export function cpuPerEvent(before: CpuReading, after: CpuReading, events: number): CpuReading {
  const per = (key: keyof CpuReading) => Math.round(((after[key] - before[key]) / Math.max(1, events)) * 1000) / 1000;
  return { workers: per('workers'), driver: per('driver'), postgres: per('postgres'), redis: per('redis') };
}
