/**
 * Child processes of the engine benchmark and their memory: start a TypeScript entry under
 * tsx (with extra node flags such as `--cpu-prof`), wait for its ready marker, stop it for
 * sure, and sample its resident set size from /proc.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../support/child-process.ts';

export interface BenchChild {
  name: string;
  child: ChildProcess;
  /** The last 64 KB the child printed, for error messages. */
  output(): string;
  exited: Promise<number | null>;
}

const outputCap = 64 * 1024;

/** Starts `node [nodeArgs] --import tsx <entry>` with exactly `env` (plus PATH and HOME). */
export function startBenchChild(name: string, entry: string, env: Record<string, string>, nodeArgs: string[] = []): BenchChild {
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', path.join(repoRoot, entry)], {
    cwd: repoRoot,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const append = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-outputCap);
  };
  child.stdout!.on('data', append);
  child.stderr!.on('data', append);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { name, child, output: () => output, exited };
}

/** Resolves when the child prints `marker`; rejects when it exits first or `timeoutMs` passes. */
export function waitForMarker(running: BenchChild, marker: string, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const check = () => {
      if (running.output().includes(marker)) finish();
    };
    const onExit = () => finish(new Error(`${running.name} exited before printing ${marker}:\n${running.output()}`));
    const timer = setTimeout(() => finish(new Error(`${running.name}: no ${marker} within ${timeoutMs} ms:\n${running.output()}`)), timeoutMs);
    const finish = (error?: Error) => {
      clearTimeout(timer);
      running.child.stdout!.off('data', check);
      running.child.stderr!.off('data', check);
      running.child.off('exit', onExit);
      if (error) reject(error);
      else resolve();
    };
    running.child.stdout!.on('data', check);
    running.child.stderr!.on('data', check);
    running.child.once('exit', onExit);
    check();
  });
}

/** SIGTERM, then SIGKILL if it has not exited within `graceMs`. */
export async function stopBenchChild(running: BenchChild, graceMs = 15_000): Promise<void> {
  if (running.child.exitCode !== null || running.child.signalCode !== null) return;
  running.child.kill('SIGTERM');
  const killer = setTimeout(() => running.child.kill('SIGKILL'), graceMs);
  await running.exited;
  clearTimeout(killer);
}

/** VmRSS of a process in MB, or undefined when it is gone. */
export function readRssMb(pid: number): number | undefined {
  try {
    const match = /VmRSS:\s+(\d+)\s+kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

export interface RssSample {
  /** ms since the sampler started. */
  at: number;
  mb: number;
}

/** A process whose memory is watched: a child, or the bench process itself (PGlite fallback). */
export interface Watched {
  name: string;
  pid: number | undefined;
}

export interface RssSampler {
  samples: Map<string, RssSample[]>;
  /** ms since the sampler started: the clock of every sample's `at`. */
  elapsedMs(): number;
  /** Current RSS of every child, summed. */
  currentMb(): number;
  stop(): void;
}

/** Samples every process's RSS each `intervalMs` until stopped. */
export function sampleRss(watched: readonly Watched[], intervalMs = 250): RssSampler {
  const samples = new Map<string, RssSample[]>(watched.map((target) => [target.name, []]));
  const startedAt = performance.now();
  const last = new Map<string, number>();
  const tick = () => {
    const at = performance.now() - startedAt;
    for (const target of watched) {
      const mb = target.pid === undefined ? undefined : readRssMb(target.pid);
      if (mb === undefined) continue;
      samples.get(target.name)!.push({ at, mb });
      last.set(target.name, mb);
    }
  };
  tick();
  const timer = setInterval(tick, intervalMs);
  return {
    samples,
    elapsedMs: () => performance.now() - startedAt,
    currentMb: () => [...last.values()].reduce((sum, mb) => sum + mb, 0),
    stop: () => clearInterval(timer),
  };
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length === 0 ? 0 : sorted[Math.floor(sorted.length / 2)]!;
};

export interface RssSummary {
  peakMb: number;
  /** Median RSS of the last tenth of the window minus the median around its middle. */
  growthSecondHalfMb: number;
  /** Least-squares slope over the second half, MB per minute. */
  slopeSecondHalfMbPerMin: number;
}

/** Peak and second-half growth of one child's samples within [fromMs, toMs]; growth is the worst child's. */
export function summariseRss(sampler: RssSampler, fromMs: number, toMs: number): RssSummary {
  let peakMb = 0;
  let growthSecondHalfMb = Number.NEGATIVE_INFINITY;
  let slopeSecondHalfMbPerMin = Number.NEGATIVE_INFINITY;
  const span = toMs - fromMs;
  for (const series of sampler.samples.values()) {
    for (const sample of series) peakMb = Math.max(peakMb, sample.mb);
    const inWindow = (from: number, to: number) => series.filter((s) => s.at >= fromMs + span * from && s.at <= fromMs + span * to);
    const middle = inWindow(0.45, 0.55).map((s) => s.mb);
    const end = inWindow(0.9, 1).map((s) => s.mb);
    if (middle.length > 0 && end.length > 0) growthSecondHalfMb = Math.max(growthSecondHalfMb, median(end) - median(middle));
    const half = inWindow(0.5, 1);
    if (half.length >= 2) {
      const meanT = half.reduce((sum, s) => sum + s.at, 0) / half.length;
      const meanM = half.reduce((sum, s) => sum + s.mb, 0) / half.length;
      const cov = half.reduce((sum, s) => sum + (s.at - meanT) * (s.mb - meanM), 0);
      const varT = half.reduce((sum, s) => sum + (s.at - meanT) ** 2, 0);
      if (varT > 0) slopeSecondHalfMbPerMin = Math.max(slopeSecondHalfMbPerMin, (cov / varT) * 60_000);
    }
  }
  const finite = (value: number) => (Number.isFinite(value) ? value : 0);
  return { peakMb, growthSecondHalfMb: finite(growthSecondHalfMb), slopeSecondHalfMbPerMin: finite(slopeSecondHalfMbPerMin) };
}
