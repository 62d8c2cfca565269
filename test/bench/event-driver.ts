/**
 * Simulated approvers for the engine benchmark. Each nomination-approval instance gets two
 * events, in order: `approve` by its unit leader, then — only once that one has committed —
 * `approve` by its officer. Closed loop (at most `maxInFlight` events between dispatch and
 * commit) for maximum throughput, or open loop at `rate` events/s for latency under load.
 *
 * Latency of an event = from the `engine.dispatch()` call to its commit: the moment the worker
 * saw the commit statement finish (`committedAt` in the job's result, by the wall clock, which
 * the driver's dispatch time is taken by too). The driver also times the workflow job's
 * `completed` notification on BullMQ QueueEvents, which tells it to send the instance's next
 * event: that comes after the commit, the post-commit relay of effects, BullMQ's ack and the
 * stream read. The bench adds a lower bound from each history row's `at` (the commit
 * statement's start, by the database's clock).
 */
import type { Engine } from '@vinh-danh/engine';
import { toJobId } from '@vinh-danh/queue';
import type { QueueEvents } from 'bullmq';

export interface BenchInstance {
  instanceId: string;
  unitLeader: string;
  officer: string;
}

export const approveSteps = [
  { eventId: 'approve-unitLeader', approver: 'unitLeader' },
  { eventId: 'approve-officer', approver: 'officer' },
] as const;

export interface DriveProgress {
  done: number;
  total: number;
  inFlight: number;
}

export interface DriveOptions {
  engine: Engine;
  instances: readonly BenchInstance[];
  /** QueueEvents of the `workflow` queue, already running. */
  events: QueueEvents;
  /** Offered load, events/s; unset: closed loop. */
  rate: number | undefined;
  maxInFlight: number;
  onProgress(progress: DriveProgress): void;
  /** Commit time (ms since epoch) of an event, from the store: for a notification the stream did not deliver. */
  lookupCommit(instanceId: string, eventId: string): Promise<number | undefined>;
}

export interface DriveResult {
  events: number;
  /** dispatch → commit (`committedAt` of the job's result), ms, one per event applied. */
  commitLatenciesMs: number[];
  /** dispatch → completed notification, ms, one per event settled normally. */
  latenciesMs: number[];
  /** `instanceId.eventId` → dispatch time, ms since epoch. */
  dispatchedAt: Map<string, number>;
  firstDispatchAt: number;
  lastCommitAt: number;
  errors: number;
  firstErrors: string[];
  /** Events whose result was not a changing `applied` (would mean the procedure misbehaved). */
  notApplied: number;
  /** Completions found in the store after the event stream stayed silent. */
  recoveredFromStore: number;
  /** Open loop: how late a dispatch left, worst case (driver or in-flight cap behind the schedule). */
  maxScheduleLagMs: number;
}

const nowMs = () => performance.timeOrigin + performance.now();
const stallMs = 15_000;

export function driveApprovals(options: DriveOptions): Promise<DriveResult> {
  const { engine, instances, rate, maxInFlight } = options;
  const total = instances.length * approveSteps.length;
  const pending = new Map<string, { index: number; step: number; at: number; wallAt: number; key: string }>();
  const seconds: number[] = [];
  let secondsHead = 0;
  let nextFirst = 0;
  let done = 0;
  let lastCompletionWall = nowMs();
  const result: DriveResult = {
    events: 0, commitLatenciesMs: [], latenciesMs: [], dispatchedAt: new Map(), firstDispatchAt: 0, lastCommitAt: 0,
    errors: 0, firstErrors: [], notApplied: 0, recoveredFromStore: 0, maxScheduleLagMs: 0,
  };

  return new Promise<DriveResult>((resolve) => {
    const hasReady = () => secondsHead < seconds.length || nextFirst < instances.length;
    const recordError = (message: string) => {
      result.errors += 1;
      if (result.firstErrors.length < 10) result.firstErrors.push(message);
    };
    const finishOne = () => {
      done += 1;
      lastCompletionWall = nowMs();
      if (done === total) stop();
      else if (rate === undefined) pump();
    };

    const dispatchNext = () => {
      // Second events first: they finish instances, keeping the set of live instances small.
      const [index, step] = secondsHead < seconds.length ? [seconds[secondsHead++]!, 1] : [nextFirst++, 0];
      const instance = instances[index]!;
      const { eventId, approver } = approveSteps[step]!;
      const key = `${instance.instanceId}.${eventId}`;
      const at = nowMs();
      if (result.firstDispatchAt === 0) result.firstDispatchAt = at;
      result.dispatchedAt.set(key, at);
      const jobId = toJobId(key);
      // Registered before the call: the job may complete before dispatch() returns.
      // The worker's commit time is by its wall clock: the dispatch time it is set against is too.
      pending.set(jobId, { index, step, at, wallAt: Date.now(), key });
      const by = instance[approver];
      engine.dispatch({ instanceId: instance.instanceId, eventId, event: { type: 'approve', by }, meta: { actor: by, source: 'bench' } }).then(
        (outcome) => outcome === 'accepted' || recordError(`${key}: dispatch said ${outcome}`),
        (error: unknown) => {
          if (!pending.delete(jobId)) return;
          recordError(`${key}: dispatch failed: ${String(error)}`);
          finishOne();
        },
      );
    };

    const settle = (jobId: string, commitAt: number, returnvalue: unknown, recovered: boolean) => {
      const entry = pending.get(jobId);
      if (!entry) return;
      pending.delete(jobId);
      const value = typeof returnvalue === 'string' ? safeParse(returnvalue) : returnvalue;
      if (!recovered) result.latenciesMs.push(commitAt - entry.at);
      else result.recoveredFromStore += 1;
      result.lastCommitAt = Math.max(result.lastCommitAt, commitAt);
      result.events += 1;
      const applied = !recovered && typeof value === 'object' && value !== null && (value as { outcome?: string }).outcome === 'applied';
      if (!recovered && (!applied || (value as { changed?: boolean }).changed !== true)) result.notApplied += 1;
      const committedAt = applied ? (value as { committedAt?: unknown }).committedAt : undefined;
      if (typeof committedAt === 'number') result.commitLatenciesMs.push(committedAt - entry.wallAt);
      if (entry.step === 0) seconds.push(entry.index);
      finishOne();
    };

    const onCompleted = ({ jobId, returnvalue }: { jobId: string; returnvalue: unknown }) => settle(jobId, nowMs(), returnvalue, false);
    const onFailed = ({ jobId, failedReason }: { jobId: string; failedReason: string }) => {
      if (!pending.delete(jobId)) return;
      recordError(`${jobId}: job failed: ${failedReason}`);
      finishOne();
    };
    options.events.on('completed', onCompleted);
    options.events.on('failed', onFailed);

    const pump = () => {
      while (pending.size < maxInFlight && hasReady()) dispatchNext();
    };

    // Open loop: slot k is due at startedAt + k / rate; a slot with nothing ready is dropped.
    let slot = 0;
    const startedAt = nowMs();
    const pace = () => {
      const due = Math.floor(((nowMs() - startedAt) * rate!) / 1000);
      while (slot < due) {
        if (!hasReady()) {
          slot = due;
          break;
        }
        if (pending.size >= maxInFlight) break;
        result.maxScheduleLagMs = Math.max(result.maxScheduleLagMs, nowMs() - (startedAt + (slot * 1000) / rate!));
        slot += 1;
        dispatchNext();
      }
    };
    const pacer = rate === undefined ? undefined : setInterval(pace, 1);

    const progress = setInterval(() => options.onProgress({ done, total, inFlight: pending.size }), 2000);
    // The event stream is trimmed; should it ever drop a completion, the store still knows.
    const watchdog = setInterval(() => {
      if (nowMs() - lastCompletionWall < stallMs || pending.size === 0) return;
      for (const [jobId, entry] of [...pending].slice(0, 1000)) {
        const { instanceId } = instances[entry.index]!;
        options.lookupCommit(instanceId, approveSteps[entry.step]!.eventId).then(
          (commitAt) => commitAt !== undefined && settle(jobId, commitAt, undefined, true),
          () => {},
        );
      }
    }, stallMs / 3);

    function stop() {
      if (pacer) clearInterval(pacer);
      clearInterval(progress);
      clearInterval(watchdog);
      options.events.off('completed', onCompleted);
      options.events.off('failed', onFailed);
      options.onProgress({ done, total, inFlight: pending.size });
      resolve(result);
    }

    if (total === 0) stop();
    else if (rate === undefined) pump();
  });
}

function safeParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** The p-th percentile (0–100) of unsorted values, nearest rank. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = Float64Array.from(values).sort();
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}
