/**
 * Engine benchmark (`npm run bench:engine`): the real worker service in child processes,
 * driven through the sample `nomination-approval` procedure by simulated approvers, against
 * PostgreSQL (or PGlite, loudly) and Redis; then raw BullMQ no-op jobs on the same Redis as a
 * baseline. Progress goes to stderr; the last line on stdout is one JSON object of figures.
 *
 * Before the measured events, BENCH_WARMUP_EVENTS (4000; 0: none) events on instances of their own
 * run the same way: a freshly started worker compiles its hot paths during its first seconds of
 * load, and a service that runs for days is measured in its steady state. The warm-up's own
 * figures are printed and reported (`warmup`) beside the measured ones.
 *
 * Knobs (env): BENCH_EVENTS (20000), BENCH_RATE (events/s offered; unset = max throughput),
 * BENCH_WORKERS, BENCH_CONCURRENCY, BENCH_DB_POOL, BENCH_INFLIGHT, BENCH_RAW_JOBS,
 * BENCH_DATABASE_URL, BENCH_REDIS_URL, BENCH_REDIS_AOF=1, BENCH_TIMEOUT_S, BENCH_CPU_PROF_DIR,
 * BENCH_WORKER_NODE_ARGS (Node options of the worker processes, space-separated, e.g.
 * `--max-semi-space-size=64`).
 */
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import { loadConfig } from '@vinh-danh/config';
import { openRuntime, type Engine, type Runtime, type WorkflowDefinition } from '@vinh-danh/engine';
import { createLogger } from '@vinh-danh/log';
import { createRedisConnection, defaultJobOptions, queueNames } from '@vinh-danh/queue';
import { startWorker, type WorkerProcess } from '@vinh-danh/worker';
import { definitions } from '@vinh-danh/workflows';
import { QueueEvents } from 'bullmq';
import { historyCommitTimes, openBenchEnvironment, seedNominations, type BenchEnvironment } from './bench-environment.ts';
import { sampleRss, startBenchChild, stopBenchChild, summariseRss, waitForMarker, type BenchChild, type Watched } from './bench-process.ts';
import { cpuPerEvent, machineBusyPct, readCpu, type PostgresProbe } from './bench-cpu.ts';
import { driveApprovals, percentile, type BenchInstance } from './event-driver.ts';
import { startInstances, waitForEffectsDrained } from './bench-phases.ts';
import { measureRawBullmq } from './raw-bullmq.ts';
import { benchLifecycle, round } from './bench-lifecycle.ts';

const env = process.env;
const int = (name: string, fallback: number) => (env[name] ? Math.max(1, Math.trunc(Number(env[name]))) : fallback);
/** A count that may be 0; anything but a whole number ≥ 0 stops the bench, naming the variable. */
const count = (name: string, fallback: number) => {
  const text = env[name];
  if (text === undefined || text === '') return fallback;
  if (!/^\d+$/.test(text)) {
    process.stderr.write(`${name} must be a whole number ≥ 0, got ${JSON.stringify(text)}\n`);
    process.exit(2);
  }
  return Number(text);
};
const settings = {
  events: int('BENCH_EVENTS', 20_000),
  warmupEvents: count('BENCH_WARMUP_EVENTS', 4_000),
  rate: env.BENCH_RATE ? Number(env.BENCH_RATE) : undefined,
  workers: int('BENCH_WORKERS', 1),
  concurrency: int('BENCH_CONCURRENCY', 128),
  dbPool: int('BENCH_DB_POOL', 20),
  driverPool: int('BENCH_DRIVER_POOL', 10),
  startConcurrency: int('BENCH_START_CONCURRENCY', 32),
  rawJobs: int('BENCH_RAW_JOBS', 50_000),
  databaseUrl: env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test',
  redisUrl: env.BENCH_REDIS_URL || undefined,
  redisAppendOnly: env.BENCH_REDIS_AOF === '1',
  cpuProfDir: env.BENCH_CPU_PROF_DIR || undefined,
  workerNodeArgs: (env.BENCH_WORKER_NODE_ARGS ?? '').split(' ').filter(Boolean),
};
// Tuned on the 2-core machine (1 worker × 128, pool 20): the store and the queues write in
// groups (one statement, one pipeline per turn), so throughput grows with the events in flight
// until the cores are busy; 256 gets there (64 leaves a third of the machine idle, 512 only
// adds queueing delay and an effect backlog). With BENCH_RATE the cap only bounds memory when
// the offer outruns the system.
const maxInFlight = int('BENCH_INFLIGHT', settings.rate === undefined ? 256 : 20_000);
const timeoutMs = int('BENCH_TIMEOUT_S', 180 + Math.ceil((settings.events + settings.warmupEvents) / 100)) * 1000;

const { say, undo, cleanup, abort, overall } = benchLifecycle('bench', timeoutMs);
const log = createLogger({ service: 'bench', level: 'warn', destination: process.stderr });
const benchDefinitions = definitions as unknown as WorkflowDefinition[];

/** The bench's PostgreSQL sessions carry this name, so its own backends' CPU can be told apart. */
const applicationNameOf = (bench: BenchEnvironment) => `vd-${bench.queuePrefix}`;
const namedUrl = (bench: BenchEnvironment) => {
  const url = new URL(bench.databaseUrl!);
  url.searchParams.set('application_name', applicationNameOf(bench));
  return url.toString();
};

async function startWorkers(bench: BenchEnvironment): Promise<{ watched: Watched[]; children: BenchChild[]; inProcess?: WorkerProcess }> {
  const workerEnv = {
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    // Production insists on one: it signs the task links of the (dropped) mails.
    TASK_LINK_SECRET: randomBytes(36).toString('base64'),
    DATA_DIR: bench.tmpDir,
    REDIS_URL: bench.redisUrl,
    QUEUE_PREFIX: bench.queuePrefix,
    WORKER_CONCURRENCY: String(settings.concurrency),
    DB_POOL_SIZE: String(settings.dbPool),
    ...(bench.databaseUrl ? { DATABASE_URL: namedUrl(bench), DATABASE_SCHEMA: bench.schema! } : {}),
  };
  if (bench.store === 'pglite') {
    // PGlite is one connection inside one process: the workers must live where the store does.
    const inProcess = await startWorker({ config: loadConfig(workerEnv), log, mailer: { send: async () => {} }, definitions: benchDefinitions });
    undo.push(() => inProcess.stop());
    return { watched: [{ name: 'bench+worker (in-process)', pid: process.pid }], children: [], inProcess };
  }
  const nodeArgs = [...(settings.cpuProfDir ? ['--cpu-prof', '--cpu-prof-dir', settings.cpuProfDir] : []), ...settings.workerNodeArgs];
  const children = Array.from({ length: settings.workers }, (_, i) =>
    startBenchChild(`worker-${i + 1}`, 'test/bench/bench-worker.ts', workerEnv, nodeArgs),
  );
  undo.push(() => Promise.all(children.map((child) => stopBenchChild(child))));
  await Promise.all(children.map((child) => waitForMarker(child, 'WORKER_READY', 60_000)));
  return { watched: children.map((child) => ({ name: child.name, pid: child.child.pid })), children };
}

async function main() {
  const bench = await openBenchEnvironment({ ...settings, say });
  undo.push(() => bench.close());
  say(`store: ${bench.store}${bench.schema ? ` (schema ${bench.schema}; ${JSON.stringify(bench.postgresSettings)})` : ''}`);
  say(`redis: ${bench.redisSource}, appendonly=${bench.redisAppendOnly}${settings.redisUrl ? '' : ' (BENCH_REDIS_AOF=1 turns it on)'}; prefix ${bench.queuePrefix}`);
  const instanceCount = Math.ceil(settings.events / 2);
  const warmupCount = Math.ceil(settings.warmupEvents / 2);
  const startCount = warmupCount + instanceCount;

  let runtime: Runtime;
  let workers: Awaited<ReturnType<typeof startWorkers>>;
  if (bench.store === 'postgres') {
    // The driver plays the gateway: its own runtime (store pool, queues) in this process.
    runtime = await openRuntime({
      databaseUrl: namedUrl(bench), dataDir: bench.tmpDir, redisUrl: bench.redisUrl, queuePrefix: bench.queuePrefix,
      dbPoolSize: settings.driverPool, dbSchema: bench.schema, definitions: benchDefinitions, log,
    });
    undo.push(() => runtime.close());
    await seedNominations(bench, startCount);
    workers = await startWorkers(bench);
  } else {
    workers = await startWorkers(bench);
    runtime = workers.inProcess!.runtime;
  }
  const engine: Engine = runtime.engine;
  say(bench.store === 'postgres'
    ? `workers: ${workers.watched.length} process(es) × concurrency ${settings.concurrency}, DB pool ${settings.dbPool} each; driver pool ${settings.driverPool}`
    : `workers: in this process × concurrency ${settings.concurrency} (PGlite); their CPU is counted as the driver's`);
  const sampler = sampleRss(workers.watched);
  undo.push(async () => sampler.stop());

  // QueueEvents reads a stream trimmed to `opts.maxLenEvents` (10 000 by default). Raise it
  // for this run's workflow queue so a busy driver cannot miss completions.
  await runtime.redis.hset(`${bench.queuePrefix}:${queueNames.workflow}:meta`, 'opts.maxLenEvents', 200_000);
  const eventsConnection = createRedisConnection(bench.redisUrl);
  const events = new QueueEvents(queueNames.workflow, { connection: eventsConnection, prefix: bench.queuePrefix });
  undo.push(async () => {
    await events.close();
    await eventsConnection.quit();
  });
  await events.waitUntilReady();

  const started: BenchInstance[] = [];
  const starts = await startInstances(engine, startCount, settings.startConcurrency, started, say);
  const startDrainMs = await waitForEffectsDrained(runtime.queues, say);
  say(`started ${startCount} instances at ${round(starts.perSec)}/s; their effects drained ${round(startDrainMs / 1000)} s later`);
  const warmupInstances = started.slice(0, warmupCount);
  const instances = started.slice(warmupCount);

  const mode = settings.rate === undefined ? `max throughput (≤ ${maxInFlight} in flight)` : `offered ${settings.rate} events/s`;
  const progressReport = () => {
    let lastDone = 0;
    let lastAt = performance.now();
    return ({ done, total, inFlight }: { done: number; total: number; inFlight: number }) => {
      const now = performance.now();
      say(`${done}/${total} events, ${round(((done - lastDone) * 1000) / (now - lastAt), 0)}/s, ${inFlight} in flight, worker RSS ${round(sampler.currentMb())} MB`);
      lastDone = done;
      lastAt = now;
    };
  };
  const lookupCommit = async (instanceId: string, eventId: string) =>
    (await runtime.store.history.list(instanceId)).find((entry) => entry.eventId === eventId)?.at.getTime();
  let warmup: { events: number; p50Ms: number; p99Ms: number; errors: number } | null = null;
  if (warmupCount > 0) {
    say(`warming up: ${warmupCount * 2} events on instances of their own, ${mode}`);
    const warm = await driveApprovals({ engine, instances: warmupInstances, events, rate: settings.rate, maxInFlight, onProgress: progressReport(), lookupCommit });
    await waitForEffectsDrained(runtime.queues, say);
    warmup = { events: warm.events, p50Ms: round(percentile(warm.commitLatenciesMs, 50), 2), p99Ms: round(percentile(warm.commitLatenciesMs, 99), 2), errors: warm.errors + warm.notApplied };
    say(`warm-up done: p50 ${warmup.p50Ms} ms, p99 ${warmup.p99Ms} ms`);
  }

  say(`driving ${instanceCount * 2} events, ${mode}`);
  const postgresProbe: PostgresProbe | undefined = bench.databaseUrl ? { url: bench.databaseUrl, applicationName: applicationNameOf(bench) } : undefined;
  const cpuBefore = await readCpu(workers.watched.map((target) => target.pid), runtime.redis, postgresProbe);
  const phaseStart = sampler.elapsedMs();
  const drive = await driveApprovals({ engine, instances, events, rate: settings.rate, maxInFlight, onProgress: progressReport(), lookupCommit });
  const phaseEnd = sampler.elapsedMs();
  const effectsDrainMs = await waitForEffectsDrained(runtime.queues, say);
  // Up to the drain, so the effects these events caused are paid for too.
  const cpuAfter = await readCpu(workers.watched.map((target) => target.pid), runtime.redis, postgresProbe);
  const cpu = cpuPerEvent(cpuBefore, cpuAfter, drive.events);
  const busyPct = machineBusyPct(cpuBefore, cpuAfter, os.cpus().length);
  sampler.stop();
  const rss = summariseRss(sampler, phaseStart, phaseEnd);
  const counts = await runtime.store.instances.countByStatus();
  const effectsPending = (await runtime.store.outbox.listPending(new Date(Date.now() + 60_000), 10)).length;
  await cleanupWorkers(workers);

  const durationMs = drive.lastCommitAt - drive.firstDispatchAt;
  const eventsPerSec = (drive.events * 1000) / durationMs;
  const commitTimes = await historyCommitTimes(bench);
  const toCommitStart = commitTimes
    ? [...drive.dispatchedAt].flatMap(([key, at]) => (commitTimes.has(key) ? [commitTimes.get(key)! - at] : []))
    : [];

  say(`raw BullMQ: ${settings.rawJobs} no-op jobs through one Worker (concurrency ${settings.concurrency}) in a child process`);
  const raw = await measureRawBullmq({ redis: runtime.redis, redisUrl: bench.redisUrl, prefix: bench.queuePrefix, jobs: settings.rawJobs, concurrency: settings.concurrency, jobOptions: defaultJobOptions.workflow });

  const figures = {
    eventsPerSec: round(eventsPerSec),
    p50Ms: round(percentile(drive.commitLatenciesMs, 50), 2),
    p99Ms: round(percentile(drive.commitLatenciesMs, 99), 2),
    peakRssMb: round(rss.peakMb),
    rawBullmqJobsPerSec: round(raw.jobsPerSec),
    ratio: round(eventsPerSec / raw.jobsPerSec, 3),
    events: drive.events,
    instances: instanceCount,
    warmup,
    mode: settings.rate === undefined ? 'max-throughput' : 'offered-rate',
    offeredRate: settings.rate ?? null,
    maxInFlight,
    maxScheduleLagMs: round(drive.maxScheduleLagMs),
    eventsPerSecInclEffects: round((drive.events * 1000) / (durationMs + effectsDrainMs)),
    effectsDrainAfterLastCommitMs: Math.round(effectsDrainMs),
    p999Ms: round(percentile(drive.commitLatenciesMs, 99.9), 2),
    maxMs: round(percentile(drive.commitLatenciesMs, 100), 2),
    notifiedP50Ms: round(percentile(drive.latenciesMs, 50), 2),
    notifiedP99Ms: round(percentile(drive.latenciesMs, 99), 2),
    notifiedP999Ms: round(percentile(drive.latenciesMs, 99.9), 2),
    commitStartP50Ms: commitTimes ? round(percentile(toCommitStart, 50), 2) : null,
    commitStartP99Ms: commitTimes ? round(percentile(toCommitStart, 99), 2) : null,
    instanceStartsPerSec: round(starts.perSec),
    cpuMsPerEvent: cpu,
    machineBusyPct: busyPct,
    rssGrowthSecondHalfMb: round(rss.growthSecondHalfMb),
    rssSlopeSecondHalfMbPerMin: round(rss.slopeSecondHalfMbPerMin, 2),
    workers: workers.watched.length,
    concurrency: settings.concurrency,
    dbPoolSize: settings.dbPool,
    store: bench.store,
    redisAppendOnly: bench.redisAppendOnly,
    durationS: round(durationMs / 1000, 2),
    instancesStarted: startCount,
    instancesDone: counts.done,
    effectsPending,
    errors: drive.errors,
    notApplied: drive.notApplied,
    recoveredFromStore: drive.recoveredFromStore,
  };
  const ok = drive.errors === 0 && drive.notApplied === 0 && (warmup?.errors ?? 0) === 0 && counts.done === startCount && effectsPending === 0;
  printSummary(figures, drive.firstErrors, ok);
  await cleanup();
  clearTimeout(overall);
  process.stdout.write(`${JSON.stringify(figures)}\n`);
  return ok;
}

async function cleanupWorkers(workers: Awaited<ReturnType<typeof startWorkers>>) {
  if (workers.inProcess) return; // stopped by cleanup, after the raw measurement
  await Promise.all(workers.children.map((child) => stopBenchChild(child)));
}

function printSummary(f: Record<string, unknown>, firstErrors: string[], ok: boolean) {
  const lines = [
    `Vinh Danh engine benchmark — ${f.events} events on ${f.instances} nomination-approval instances, ${f.mode}${f.offeredRate ? ` ${f.offeredRate}/s` : ''}`,
    `  store ${f.store}, redis appendonly=${f.redisAppendOnly}, ${f.workers} worker process(es) × concurrency ${f.concurrency}, pool ${f.dbPoolSize}`,
    `  throughput     ${f.eventsPerSec} events/s (to commit; ${f.eventsPerSecInclEffects}/s until effects drained), ${f.instanceStartsPerSec} starts/s`,
    ...(f.warmup ? [`  warm-up        ${(f.warmup as { events: number }).events} events first (not measured): p50 ${(f.warmup as { p50Ms: number }).p50Ms} ms, p99 ${(f.warmup as { p99Ms: number }).p99Ms} ms`] : []),
    `  latency        p50 ${f.p50Ms} ms, p99 ${f.p99Ms} ms, p99.9 ${f.p999Ms} ms, max ${f.maxMs} ms (dispatch → commit, as the worker saw it finish)`,
    `                 p50 ${f.notifiedP50Ms} ms, p99 ${f.notifiedP99Ms} ms, p99.9 ${f.notifiedP999Ms} ms (dispatch → the driver told of the job's completion: after the relay and BullMQ's ack)`,
    `                 p50 ${f.commitStartP50Ms} ms, p99 ${f.commitStartP99Ms} ms (dispatch → commit statement start, history.at)`,
    `  worker RSS     peak ${f.peakRssMb} MB, second half ${Number(f.rssGrowthSecondHalfMb) >= 0 ? '+' : ''}${f.rssGrowthSecondHalfMb} MB (slope ${f.rssSlopeSecondHalfMbPerMin} MB/min)`,
    `  CPU per event  ${Object.entries(f.cpuMsPerEvent as Record<string, number>).map(([part, ms]) => `${part} ${ms} ms`).join(', ')} (incl. its effects)`,
    `  machine        ${f.machineBusyPct}% busy while driving (all cores; "others" above is CPU outside this run)`,
    `  raw BullMQ     ${f.rawBullmqJobsPerSec} no-op jobs/s → ratio ${f.ratio}`,
    `  checks         ${f.instancesDone}/${f.instancesStarted} instances done, ${f.effectsPending} effects pending, ${f.errors} errors, ${f.notApplied} not applied, ${f.recoveredFromStore} completions recovered from the store${ok ? '' : '  ← FAILED'}`,
    ...firstErrors.map((error) => `    ${error}`),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

main().then(
  (ok) => process.exit(ok ? 0 : 1),
  (error: unknown) => abort(error instanceof Error ? (error.stack ?? error.message) : String(error)),
);
