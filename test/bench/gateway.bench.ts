/**
 * Gateway benchmark (`npm run bench:gateway`): the real gateway service in a child process
 * (`services/gateway/src/main.ts`, production settings) with the real worker service in another,
 * against PostgreSQL (a fresh schema) and Redis, or — loudly — the all-in-one process on PGlite
 * when PostgreSQL does not answer. autocannon on loopback, in this process:
 *
 * 1. throughput: first `GET /healthz` alone on BENCH_CONNECTIONS connections for
 *    BENCH_HEALTHZ_DURATION_S — what the app answers per second on its cheapest route; then
 *    `POST /api/nominations` with valid, varied bodies (each its own Idempotency-Key) on
 *    BENCH_CONNECTIONS connections for BENCH_DURATION_S, with a liveness probe alongside
 *    (`GET /healthz`, 10/s): accepted (202) per second, latency p50/p99, the probe's p99 under
 *    that load, and the ratio healthz/s ÷ accepted/s — what a submission costs over the bare
 *    route (the API's middleware, validation and storage; probes skip the request log).
 *    BENCH_HEALTHZ_MODE=alongside instead floods `GET /healthz` on BENCH_HEALTHZ_CONNECTIONS
 *    during the submissions, which then share the CPU with it;
 * 2. memory: BENCH_SUBMISSIONS submissions (20 000; 100 000 for the target) while the RSS of the
 *    process serving HTTP is sampled from /proc/<pid>/status: its peak (VmHWM over the whole run)
 *    and its growth over the second half (median of the last tenth minus median around the middle).
 *
 * Progress goes to stderr; a summary, then one JSON object as the last line, to stdout.
 * Targets on 2 cores: ≥ 1 000 accepted/s with p99 < 150 ms; RSS flat over 100 000 submissions.
 *
 * Knobs (env): BENCH_MODE (all | throughput | memory), BENCH_DURATION_S (20),
 * BENCH_CONNECTIONS (32), BENCH_HEALTHZ_MODE (before | alongside), BENCH_HEALTHZ_DURATION_S (5),
 * BENCH_HEALTHZ_CONNECTIONS (4, alongside only), BENCH_SUBMISSIONS (20000),
 * BENCH_WARMUP (2000 submissions), BENCH_LOG_LEVEL (gateway's LOG_LEVEL, default info as in
 * production), BENCH_DB_POOL (gateway pool, 10), BENCH_WORKER_CONCURRENCY (16),
 * BENCH_DATABASE_URL, BENCH_REDIS_URL, BENCH_REDIS_AOF=1, BENCH_TIMEOUT_S,
 * BENCH_CPU_PROF_DIR (the gateway runs with --cpu-prof, profile written there on stop).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import type { EventEmitter } from 'node:events';
import { closeSync, openSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { demoUnits } from '@vinh-danh/domain';
import { openRuntime, type Runtime, type WorkflowDefinition } from '@vinh-danh/engine';
import { seedDemoData } from '@vinh-danh/gateway';
import { createLogger } from '@vinh-danh/log';
import { freePort } from '@vinh-danh/queue';
import { definitions } from '@vinh-danh/workflows';
import autocannon from 'autocannon';
import { repoRoot } from '../support/child-process.ts';
import { readCpu, type CpuReading } from './bench-cpu.ts';
import { waitForEffectsDrained } from './bench-phases.ts';
import { openBenchEnvironment, type BenchEnvironment } from './bench-environment.ts';
import { sampleRss, startBenchChild, stopBenchChild, summariseRss, waitForMarker, type BenchChild } from './bench-process.ts';
import { percentile } from './event-driver.ts';
import { benchLifecycle, round } from './bench-lifecycle.ts';

const env = process.env;
const int = (name: string, fallback: number) => (env[name] ? Math.max(1, Math.trunc(Number(env[name]))) : fallback);
const mode = (env.BENCH_MODE ?? 'all') as 'all' | 'throughput' | 'memory';
if (!['all', 'throughput', 'memory'].includes(mode)) throw new Error(`BENCH_MODE must be all, throughput or memory, not ${mode}`);
const healthzMode = (env.BENCH_HEALTHZ_MODE ?? 'before') as 'before' | 'alongside';
if (!['before', 'alongside'].includes(healthzMode)) throw new Error(`BENCH_HEALTHZ_MODE must be before or alongside, not ${healthzMode}`);
/** The liveness probe's pace during the submissions (before mode): what an orchestrator might send, and then some. */
const probeRatePerSec = 10;
const settings = {
  durationS: int('BENCH_DURATION_S', 20),
  connections: int('BENCH_CONNECTIONS', 32),
  healthzConnections: int('BENCH_HEALTHZ_CONNECTIONS', 4),
  healthzDurationS: int('BENCH_HEALTHZ_DURATION_S', 5),
  submissions: int('BENCH_SUBMISSIONS', 20_000),
  warmup: env.BENCH_WARMUP === '0' ? 0 : int('BENCH_WARMUP', 2_000),
  logLevel: env.BENCH_LOG_LEVEL ?? 'info',
  dbPool: int('BENCH_DB_POOL', 10),
  workerConcurrency: int('BENCH_WORKER_CONCURRENCY', 16),
  databaseUrl: env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test',
  redisUrl: env.BENCH_REDIS_URL || undefined,
  redisAppendOnly: env.BENCH_REDIS_AOF === '1',
  cpuProfDir: env.BENCH_CPU_PROF_DIR || undefined,
};
const timeoutMs = int('BENCH_TIMEOUT_S', 600 + settings.durationS + Math.ceil(settings.submissions / 10)) * 1000;
const targets = { acceptedPerSec: 1000, p99Ms: 150, rssGrowthMb: 20 };

const { say, undo, cleanup, abort, overall } = benchLifecycle('bench:gateway', timeoutMs);
const log = createLogger({ service: 'bench', level: 'warn', destination: process.stderr });

// ---------------------------------------------------------------------------------------------
// The process serving HTTP: the gateway (PostgreSQL) or the all-in-one (PGlite fallback).

interface Server {
  name: string;
  child: ChildProcess;
  base: string;
  logFile: string;
  exited: Promise<number | null>;
}

/** Starts a TypeScript entry with its output going to a file (a pipe would cost this process CPU at info level). */
function startServer(name: string, entry: string, childEnv: Record<string, string>, tmpDir: string, port: number): Server {
  const logFile = path.join(tmpDir, `${name}.log`);
  const fd = openSync(logFile, 'a');
  const nodeArgs = settings.cpuProfDir ? ['--cpu-prof', '--cpu-prof-dir', settings.cpuProfDir] : [];
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', path.join(repoRoot, entry)], {
    cwd: repoRoot,
    env: { PATH: env.PATH ?? '', HOME: env.HOME ?? '', ...childEnv },
    stdio: ['ignore', fd, fd],
  });
  closeSync(fd);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { name, child, base: `http://127.0.0.1:${port}`, logFile, exited };
}

const tail = (file: string, bytes = 4000) => {
  try {
    return readFileSync(file, 'utf8').slice(-bytes);
  } catch {
    return '';
  }
};

async function waitReady(server: Server, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exited = false;
  void server.exited.then(() => (exited = true));
  for (;;) {
    if (exited) throw new Error(`${server.name} exited while starting:\n${tail(server.logFile)}`);
    try {
      if ((await fetch(`${server.base}/readyz`)).status === 200) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`${server.name} not ready within ${timeoutMs} ms:\n${tail(server.logFile)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function stopServer(server: Server, graceMs = 20_000): Promise<void> {
  if (server.child.exitCode !== null || server.child.signalCode !== null) return;
  server.child.kill('SIGTERM');
  const killer = setTimeout(() => server.child.kill('SIGKILL'), graceMs);
  await server.exited;
  clearTimeout(killer);
}

/** CPU time (user + system) of one process so far, in ms; 0 when it is gone. */
function processCpuMs(pid: number | undefined): number {
  if (pid === undefined) return 0;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return 0;
  }
}

interface CpuSplit extends CpuReading {
  gateway: number;
}

/** CPU so far of the gateway, the worker, every PostgreSQL process, Redis and this process (the load generator). */
async function readCpuSplit(gatewayPid: number, workerPid: number | undefined, runtime: Runtime | undefined): Promise<CpuSplit | undefined> {
  if (!runtime) return undefined;
  return { ...(await readCpu([workerPid], runtime.redis)), gateway: processCpuMs(gatewayPid) };
}

/** CPU ms per accepted submission of each part between two readings. */
function cpuPerSubmission(before: CpuSplit | undefined, after: CpuSplit | undefined, accepted: number) {
  if (!before || !after) return null;
  const per = (key: keyof CpuSplit) => Math.round(((after[key] - before[key]) / Math.max(1, accepted)) * 100) / 100;
  return { gateway: per('gateway'), worker: per('workers'), postgres: per('postgres'), redis: per('redis'), loadGenerator: per('driver') };
}

/** VmHWM (peak RSS since start) of a process in MB. */
function peakRssMb(pid: number): number | undefined {
  try {
    const match = /VmHWM:\s+(\d+)\s+kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

// ---------------------------------------------------------------------------------------------
// Valid, varied submissions.

const familyNames = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Huỳnh', 'Phan', 'Vũ', 'Võ', 'Đặng', 'Bùi', 'Đỗ', 'Hồ', 'Ngô', 'Dương', 'Lý'];
const middleNames = ['Văn', 'Thị', 'Hữu', 'Đức', 'Minh', 'Thanh', 'Ngọc', 'Quang', 'Thu', 'Xuân'];
const givenNames = ['An', 'Bình', 'Chi', 'Dũng', 'Giang', 'Hà', 'Hải', 'Hoa', 'Hùng', 'Lan', 'Linh', 'Long', 'Mai', 'Nam', 'Phương', 'Quân', 'Sơn', 'Tâm', 'Thảo', 'Trang', 'Tuấn', 'Yến'];
const positions = ['Chuyên viên Phòng Tổ chức – Biên chế', 'Giáo viên Trường THPT Ngô Sĩ Liên', 'Trưởng phòng Kế hoạch – Tài chính', 'Kế toán viên', 'Cán bộ địa chính xã', undefined];
const achievements = [
  'Hoàn thành xuất sắc nhiệm vụ được giao; chủ trì số hóa hồ sơ thi đua của đơn vị.',
  'Có sáng kiến cải tiến quy trình tiếp nhận hồ sơ, rút thời gian xử lý từ 20 xuống 7 ngày, được áp dụng toàn tỉnh.',
  'Tham gia phòng chống thiên tai, cứu hộ người dân vùng lũ; hoàn thành tốt nhiệm vụ chuyên môn trong năm.',
  'Đạt danh hiệu giáo viên dạy giỏi cấp tỉnh; hướng dẫn 5 học sinh đạt giải học sinh giỏi quốc gia.',
];
/** Awards a person can be nominated for without an award history (no prior title needed). */
const candidateAwards = ['giay-khen', 'lao-dong-tien-tien', 'bang-khen-bo-nganh-tinh'];
const year = new Date().getUTCFullYear();
const runId = randomBytes(4).toString('hex');

interface Combination {
  unitId: string;
  awardTypeId: string;
}

/** The JSON body of the `index`-th submission: a different person, unit, award, text each time. */
function submissionBody(index: number, combinations: readonly Combination[]): Buffer {
  const pick = <T>(list: readonly T[], salt: number) => list[(index * 7 + salt) % list.length]!;
  const combination = combinations[index % combinations.length]!;
  const position = pick(positions, 3);
  const body = {
    nominee: {
      kind: 'individual',
      name: `${pick(familyNames, 0)} ${pick(middleNames, 1)} ${pick(givenNames, 2)}`,
      ...(position ? { position } : {}),
      // A person of their own: a 12-digit citizen id unique to this run and submission.
      identifier: `0${String(parseInt(runId.slice(0, 4), 16) % 1000).padStart(3, '0')}${String(index).padStart(8, '0')}`,
    },
    unitId: combination.unitId,
    awardTypeId: combination.awardTypeId,
    period: String(year - (index % 2)),
    achievementSummary: `${pick(achievements, 4)} (hồ sơ số ${index})`,
    contact: { name: `${pick(familyNames, 5)} ${pick(givenNames, 6)}`, email: `nguoi-nop-${index % 997}@don-vi.bacgiang.example` },
  };
  return Buffer.from(JSON.stringify(body));
}

const submissionHeaders = (index: number) => ({ 'content-type': 'application/json', 'idempotency-key': `bench-${runId}-${index}` });

/** Which unit × award combinations this gateway accepts (routes need people at every level of the unit). */
async function acceptedCombinations(base: string): Promise<Combination[]> {
  const accepted: Combination[] = [];
  let probe = 900_000_000;
  for (const unit of demoUnits) {
    for (const awardTypeId of candidateAwards) {
      const combination = { unitId: unit.unitId, awardTypeId };
      probe += 1;
      const response = await fetch(`${base}/api/nominations`, { method: 'POST', headers: submissionHeaders(probe), body: submissionBody(probe, [combination]) });
      if (response.status === 202) accepted.push(combination);
      else say(`not used: ${unit.unitId} × ${awardTypeId} → ${response.status} ${(await response.text()).slice(0, 300)}`);
    }
  }
  if (accepted.length === 0) throw new Error('the gateway accepted no unit × award combination: see the refusals above');
  return accepted;
}

// ---------------------------------------------------------------------------------------------
// Load.

interface LoadResult {
  accepted: number;
  refused: Map<number, number>;
  firstRefusals: string[];
  errors: number;
  latenciesMs: number[];
  durationS: number;
  healthz?: { ok: number; other: number; perSec: number; p99Ms: number };
}

/** What a run of `GET /healthz` gave: answers, failures, answers per second and p99. */
function healthzFigures(result: autocannon.Result): { ok: number; other: number; perSec: number; p99Ms: number } {
  const ok = Number(result.statusCodeStats?.['200']?.count ?? result['2xx']);
  return { ok, other: result.non2xx + result.errors, perSec: ok / result.duration, p99Ms: result.latency.p99 };
}

/** `GET /healthz` alone on `connections` for `durationS` seconds. */
async function healthzAlone(base: string, connections: number, durationS: number) {
  return healthzFigures(await autocannon({ url: `${base}/healthz`, connections, duration: durationS, timeout: 30 }));
}

/**
 * Submissions through autocannon: `durationS` seconds, or `amount` requests; `GET /healthz`
 * alongside when asked: on `connections` as fast as it answers, or paced at `overallRate`.
 */
async function load(base: string, combinations: readonly Combination[], options: { durationS?: number; amount?: number; healthz?: { connections: number; overallRate?: number }; keepLatencies?: boolean; onProgress?: (done: number) => void; firstIndex: number }): Promise<LoadResult> {
  let next = options.firstIndex;
  const result: LoadResult = { accepted: 0, refused: new Map(), firstRefusals: [], errors: 0, latenciesMs: [], durationS: 0 };
  const startedAt = performance.now();
  // Without a callback autocannon returns its tracker (an EventEmitter) made thenable; the types know only the promise.
  const submissions = autocannon({
    url: base,
    connections: settings.connections,
    ...(options.amount ? { amount: options.amount } : { duration: options.durationS! }),
    timeout: 30,
    requests: [
      {
        method: 'POST',
        path: '/api/nominations',
        setupRequest: (request) => {
          const index = next++;
          return { ...request, headers: submissionHeaders(index), body: submissionBody(index, combinations) as unknown as string };
        },
      },
    ],
  }) as unknown as Promise<autocannon.Result> & EventEmitter;
  let done = 0;
  submissions.on('response', (_client: unknown, statusCode: number, _bytes: number, responseTime: number) => {
    done += 1;
    if (statusCode === 202) result.accepted += 1;
    else result.refused.set(statusCode, (result.refused.get(statusCode) ?? 0) + 1);
    if (options.keepLatencies) result.latenciesMs.push(responseTime);
  });
  submissions.on('reqError', () => (result.errors += 1));
  const progress = options.onProgress ? setInterval(() => options.onProgress!(done), 5_000) : undefined;

  let healthz: Promise<autocannon.Result> | undefined;
  if (options.healthz) {
    healthz = autocannon({
      url: `${base}/healthz`,
      connections: options.healthz.connections,
      ...(options.healthz.overallRate ? { overallRate: options.healthz.overallRate } : {}),
      duration: options.durationS!,
      timeout: 30,
    });
  }
  const [submitted, health] = await Promise.all([submissions, healthz]);
  clearInterval(progress);
  result.durationS = (performance.now() - startedAt) / 1000;
  if (health) result.healthz = healthzFigures(health);
  result.durationS = Math.min(result.durationS, submitted.duration || result.durationS);
  return result;
}

/** A few refused bodies, to say why; fetched apart from the load so the load stays clean. */
async function explainRefusal(base: string, combinations: readonly Combination[]): Promise<string> {
  const index = 800_000_000 + Math.floor(Math.random() * 1000);
  const response = await fetch(`${base}/api/nominations`, { method: 'POST', headers: submissionHeaders(index), body: submissionBody(index, combinations) });
  return `${response.status} ${(await response.text()).slice(0, 300)}`;
}

// ---------------------------------------------------------------------------------------------

async function main(): Promise<boolean> {
  const bench: BenchEnvironment = await openBenchEnvironment({ ...settings, say });
  undo.push(() => bench.close());
  say(`store: ${bench.store}${bench.schema ? ` (schema ${bench.schema}; ${JSON.stringify(bench.postgresSettings)})` : ''}`);
  say(`redis: ${bench.redisSource}, appendonly=${bench.redisAppendOnly}; prefix ${bench.queuePrefix}`);
  const port = await freePort();
  const secret = randomBytes(36).toString('base64');
  const common = {
    NODE_ENV: 'production',
    TASK_LINK_SECRET: secret,
    DATA_DIR: bench.tmpDir,
    REDIS_URL: bench.redisUrl,
    QUEUE_PREFIX: bench.queuePrefix,
    PORT: String(port),
    HOST: '127.0.0.1',
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    SUBMIT_RATE_LIMIT_PER_MIN: '100000000',
    TOKEN_RATE_LIMIT_PER_MIN: '100000000',
    WORKER_CONCURRENCY: String(settings.workerConcurrency),
    ...(bench.databaseUrl ? { DATABASE_URL: bench.databaseUrl, DATABASE_SCHEMA: bench.schema! } : {}),
  };

  let runtime: Runtime | undefined;
  let server: Server;
  let worker: BenchChild | undefined;
  if (bench.store === 'postgres') {
    // Schema and demo units first, from this process; it also watches the queues drain.
    runtime = await openRuntime({
      databaseUrl: bench.databaseUrl, dataDir: bench.tmpDir, redisUrl: bench.redisUrl, queuePrefix: bench.queuePrefix,
      dbPoolSize: 2, dbSchema: bench.schema, definitions: definitions as unknown as WorkflowDefinition[], log,
    });
    undo.push(() => runtime!.close());
    await seedDemoData(runtime.store);
    server = startServer('gateway', 'services/gateway/src/main.ts', { ...common, LOG_LEVEL: settings.logLevel, DB_POOL_SIZE: String(settings.dbPool) }, bench.tmpDir, port);
    undo.push(() => stopServer(server));
    await waitReady(server, 60_000);
    worker = startBenchChild('worker', 'test/bench/bench-worker.ts', { ...common, LOG_LEVEL: 'warn', DB_POOL_SIZE: String(settings.dbPool) });
    undo.push(() => stopBenchChild(worker!));
    await waitForMarker(worker, 'WORKER_READY', 60_000);
    say(`gateway pid ${server.child.pid} (LOG_LEVEL=${settings.logLevel}, pool ${settings.dbPool}) + worker pid ${worker.child.pid} (concurrency ${settings.workerConcurrency}; mail dropped)`);
  } else {
    const bar = '!'.repeat(100);
    say(`${bar}\n!! PGlite: the gateway, the workers and the store share ONE process (services/all-in-one): its RSS and\n!! its CPU include the workers'. NOT comparable with the PostgreSQL targets.\n${bar}`);
    server = startServer('all-in-one', 'services/all-in-one/src/main.ts', { ...common, NODE_ENV: 'development', LOG_LEVEL: settings.logLevel }, bench.tmpDir, port);
    undo.push(() => stopServer(server));
    await waitReady(server, 120_000);
    say(`all-in-one pid ${server.child.pid} serves HTTP (and runs the workers)`);
  }
  const pid = server.child.pid!;
  const base = server.base;

  // Other work on the machine takes cores from the system measured: say so next to the figures.
  const loadAtStart = os.loadavg()[0]!;
  if (loadAtStart > os.availableParallelism() * 0.5) {
    say(`!! the machine is busy before the load: load average ${round(loadAtStart, 2)} on ${os.availableParallelism()} cores; the figures include that contention`);
  }
  const combinations = await acceptedCombinations(base);
  say(`submitting over ${combinations.length} unit × award combinations; ${settings.connections} connections`);
  let nextIndex = 0;
  if (settings.warmup > 0) {
    const warm = await load(base, combinations, { amount: settings.warmup, firstIndex: nextIndex });
    nextIndex += settings.warmup + settings.connections;
    say(`warm-up: ${warm.accepted}/${settings.warmup} accepted in ${round(warm.durationS)} s`);
  }

  let throughput: LoadResult | undefined;
  let healthzBaseline: Awaited<ReturnType<typeof healthzAlone>> | undefined;
  let throughputRss: ReturnType<typeof summariseRss> | undefined;
  let throughputCpu: ReturnType<typeof cpuPerSubmission> = null;
  if (mode !== 'memory') {
    if (healthzMode === 'before') {
      // Alone means alone: the worker first finishes what the warm-up gave it.
      if (runtime) await waitForEffectsDrained(runtime.queues, say);
      say(`healthz: ${settings.healthzDurationS} s of GET /healthz alone on ${settings.connections} connections`);
      healthzBaseline = await healthzAlone(base, settings.connections, settings.healthzDurationS);
      say(`healthz: ${round(healthzBaseline.perSec)}/s`);
    }
    say(
      healthzMode === 'before'
        ? `throughput: ${settings.durationS} s of submissions, a GET /healthz probe ${probeRatePerSec}/s alongside`
        : `throughput: ${settings.durationS} s of submissions + GET /healthz on ${settings.healthzConnections} connections`,
    );
    const sampler = sampleRss([{ name: server.name, pid }]);
    const from = sampler.elapsedMs();
    const cpuBefore = await readCpuSplit(pid, worker?.child.pid, runtime);
    throughput = await load(base, combinations, {
      durationS: settings.durationS,
      healthz: healthzMode === 'before' ? { connections: 1, overallRate: probeRatePerSec } : { connections: settings.healthzConnections },
      keepLatencies: true,
      firstIndex: nextIndex,
    });
    throughputCpu = cpuPerSubmission(cpuBefore, await readCpuSplit(pid, worker?.child.pid, runtime), throughput.accepted);
    nextIndex += throughput.accepted + [...throughput.refused.values()].reduce((a, b) => a + b, 0) + settings.connections * 2;
    throughputRss = summariseRss(sampler, from, sampler.elapsedMs());
    sampler.stop();
    say(`throughput: ${throughput.accepted} accepted in ${round(throughput.durationS)} s, healthz ${throughput.healthz?.ok}`);
  }

  let memory: LoadResult | undefined;
  let memoryRss: ReturnType<typeof summariseRss> | undefined;
  let memoryStartMb: number | undefined;
  let memoryCpu: ReturnType<typeof cpuPerSubmission> = null;
  if (mode !== 'throughput') {
    say(`memory: ${settings.submissions} submissions while sampling the RSS of pid ${pid}`);
    const sampler = sampleRss([{ name: server.name, pid }], 200);
    const from = sampler.elapsedMs();
    memoryStartMb = sampler.currentMb();
    const cpuBefore = await readCpuSplit(pid, worker?.child.pid, runtime);
    let lastDone = 0;
    let lastAt = performance.now();
    memory = await load(base, combinations, {
      amount: settings.submissions,
      firstIndex: nextIndex,
      onProgress: (done) => {
        const now = performance.now();
        say(`${done}/${settings.submissions} submissions, ${round(((done - lastDone) * 1000) / (now - lastAt), 0)}/s, RSS ${round(sampler.currentMb())} MB`);
        lastDone = done;
        lastAt = now;
      },
    });
    memoryCpu = cpuPerSubmission(cpuBefore, await readCpuSplit(pid, worker?.child.pid, runtime), memory.accepted);
    memoryRss = summariseRss(sampler, from, sampler.elapsedMs());
    sampler.stop();
  }
  const peakMb = peakRssMb(pid) ?? 0;
  const refused = [throughput, memory].flatMap((result) => (result ? [...result.refused.entries()] : []));
  const refusedCount = refused.reduce((sum, [, count]) => sum + count, 0);
  const refusalSample = refusedCount > 0 ? await explainRefusal(base, combinations) : null;

  // The worker's share: how long the effects these submissions caused take to drain after the load.
  let drainMs: number | null = null;
  if (runtime) {
    const drained = await Promise.race([
      waitForEffectsDrained(runtime.queues, say),
      new Promise<null>((resolve) => setTimeout(() => resolve(null), 120_000).unref()),
    ]);
    drainMs = drained === null ? null : Math.round(drained);
  }
  const gatewayLogBytes = tail(server.logFile, 1e9).length;
  await stopServer(server);
  if (worker) await stopBenchChild(worker);

  const acceptedPerSec = throughput ? throughput.accepted / throughput.durationS : 0;
  // The ratio's healthz: alone before the submissions, or the flood alongside them.
  const healthz = healthzMode === 'before' ? healthzBaseline : throughput?.healthz;
  const figures = {
    acceptedPerSec: round(acceptedPerSec),
    p50Ms: throughput ? round(percentile(throughput.latenciesMs, 50), 2) : null,
    p99Ms: throughput ? round(percentile(throughput.latenciesMs, 99), 2) : null,
    healthzPerSec: healthz ? round(healthz.perSec) : null,
    ratio: healthz && acceptedPerSec > 0 ? round(healthz.perSec / acceptedPerSec, 2) : null,
    peakRssMb: round(peakMb),
    rssGrowthSecondHalfMb: memoryRss ? round(memoryRss.growthSecondHalfMb) : null,
    rssSlopeSecondHalfMbPerMin: memoryRss ? round(memoryRss.slopeSecondHalfMbPerMin, 2) : null,
    rssAtMemoryStartMb: memoryStartMb !== undefined ? round(memoryStartMb) : null,
    memorySubmissions: memory ? settings.submissions : 0,
    memoryAcceptedPerSec: memory ? round(memory.accepted / memory.durationS) : null,
    memoryCpuMsPerAccepted: memoryCpu,
    p999Ms: throughput ? round(percentile(throughput.latenciesMs, 99.9), 2) : null,
    maxMs: throughput ? round(percentile(throughput.latenciesMs, 100), 2) : null,
    healthzP99Ms: healthz ? healthz.p99Ms : null,
    healthzMode,
    probeUnderLoadP99Ms: healthzMode === 'before' && throughput?.healthz ? throughput.healthz.p99Ms : null,
    probeUnderLoadFailures: healthzMode === 'before' && throughput?.healthz ? throughput.healthz.other : null,
    throughputPeakRssMb: throughputRss ? round(throughputRss.peakMb) : null,
    cpuMsPerAccepted: throughputCpu,
    accepted: (throughput?.accepted ?? 0) + (memory?.accepted ?? 0),
    refused: Object.fromEntries(refused.reduce((map, [status, count]) => map.set(status, (map.get(status) ?? 0) + count), new Map<number, number>())),
    requestErrors: (throughput?.errors ?? 0) + (memory?.errors ?? 0),
    effectsDrainAfterLoadMs: drainMs,
    durationS: throughput ? round(throughput.durationS, 2) : null,
    connections: settings.connections,
    healthzConnections: healthzMode === 'before' ? settings.connections : settings.healthzConnections,
    combinations: combinations.length,
    serving: bench.store === 'postgres' ? 'gateway process (workers in another process)' : 'all-in-one process (gateway + workers, PGlite)',
    store: bench.store,
    gatewayLogLevel: settings.logLevel,
    gatewayLogMb: round(gatewayLogBytes / 1024 / 1024),
    dbPoolSize: settings.dbPool,
    cores: os.availableParallelism(),
    loadAvg1mAtStart: round(loadAtStart, 2),
    loadAvg1mAtEnd: round(os.loadavg()[0]!, 2),
    mode,
  };
  const meets = {
    throughput: throughput ? figures.acceptedPerSec >= targets.acceptedPerSec && (figures.p99Ms ?? Infinity) < targets.p99Ms : null,
    memory: memoryRss ? memoryRss.growthSecondHalfMb <= targets.rssGrowthMb : null,
  };
  const ok = refusedCount === 0 && figures.requestErrors === 0;
  const lines = [
    `Vinh Danh gateway benchmark — ${figures.serving}, store ${figures.store}, LOG_LEVEL=${figures.gatewayLogLevel}, ${figures.cores} cores (load average ${figures.loadAvg1mAtStart} before, ${figures.loadAvg1mAtEnd} after)`,
    ...(throughput
      ? [
          `  submissions    ${figures.acceptedPerSec} accepted/s over ${figures.durationS} s on ${figures.connections} connections (target ≥ ${targets.acceptedPerSec})`,
          `  latency        p50 ${figures.p50Ms} ms, p99 ${figures.p99Ms} ms (target < ${targets.p99Ms}), p99.9 ${figures.p999Ms} ms, max ${figures.maxMs} ms`,
          healthzMode === 'before'
            ? `  healthz        ${figures.healthzPerSec}/s alone on ${figures.healthzConnections} connections first (p99 ${figures.healthzP99Ms} ms) → ratio ${figures.ratio}; a probe ${probeRatePerSec}/s during the submissions: p99 ${figures.probeUnderLoadP99Ms} ms, ${figures.probeUnderLoadFailures} failed`
            : `  healthz        ${figures.healthzPerSec}/s alongside on ${figures.healthzConnections} connections (p99 ${figures.healthzP99Ms} ms) → ratio ${figures.ratio}`,
          ...(figures.cpuMsPerAccepted
            ? [`  CPU per accepted ${Object.entries(figures.cpuMsPerAccepted).map(([part, ms]) => `${part} ${ms} ms`).join(', ')} (healthz traffic during the submissions included; the worker's backlog too)`]
            : []),
          `  → throughput target ${meets.throughput ? 'MET' : 'NOT MET'}`,
        ]
      : []),
    ...(memory
      ? [
          `  memory         ${figures.memorySubmissions} submissions at ${figures.memoryAcceptedPerSec}/s: RSS ${figures.rssAtMemoryStartMb} MB at start, second half ${Number(figures.rssGrowthSecondHalfMb) >= 0 ? '+' : ''}${figures.rssGrowthSecondHalfMb} MB (slope ${figures.rssSlopeSecondHalfMbPerMin} MB/min)`,
          ...(figures.memoryCpuMsPerAccepted
            ? [`  CPU per accepted ${Object.entries(figures.memoryCpuMsPerAccepted).map(([part, ms]) => `${part} ${ms} ms`).join(', ')} (submissions only)`]
            : []),
          `  → memory ${meets.memory ? `flat (≤ ${targets.rssGrowthMb} MB growth)` : 'NOT flat'}`,
        ]
      : []),
    `  peak RSS       ${figures.peakRssMb} MB (VmHWM of pid ${pid})`,
    `  worker         effects drained ${drainMs === null ? 'not within 120 s (or not measured)' : `${round(drainMs / 1000)} s`} after the load`,
    `  checks         ${figures.accepted} accepted, refused ${JSON.stringify(figures.refused)}, ${figures.requestErrors} request errors${ok ? '' : '  ← FAILED'}`,
    ...(refusalSample ? [`    e.g. ${refusalSample}`] : []),
  ];
  await cleanup();
  clearTimeout(overall);
  process.stdout.write(`${lines.join('\n')}\n${JSON.stringify({ ...figures, targetsMet: meets })}\n`);
  return ok;
}

main().then(
  (ok) => process.exit(ok ? 0 : 1),
  (error: unknown) => abort(error instanceof Error ? (error.stack ?? error.message) : String(error)),
);
