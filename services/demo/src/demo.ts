/**
 * `npm run demo`: the seed replayed on the whole system. The Northern Midlands and Mountains
 * cluster of 2022 (Bắc Giang chairing, Bắc Kạn deputising, Thái Nguyên, Hòa Bình, Tuyên Quang,
 * Yên Bái, Phú Thọ) evaluates its year: every member signs, assesses itself and scores the
 * others, the chair consolidates, the members elect the leading units by secret ballot; the
 * nominations that follow go through their approvals to a numbered decision, and the chair is
 * handed over for 2023.
 *
 * Everything runs as `npm start` runs it — embedded store in a temporary data dir, a private
 * redis-server unless REDIS_URL is set, workers, gateway, a development mail catcher — and every
 * person is simulated by {@link simulatedPeople}: they act only through the links mailed to them.
 * Statutory days are shortened to {@link DemoOptions.dayMs} so the year passes in minutes.
 */
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startAllInOne, type AllInOne } from '@vinh-danh/all-in-one';
import { clusterEvaluationInstanceId, evaluationContext, startClusterEvaluation } from '@vinh-danh/clusters';
import { loadConfig } from '@vinh-danh/config';
import { northernMidlandsCluster } from '@vinh-danh/domain';
import { createLogger } from '@vinh-danh/log';
import { startMailCapture, type MailCapture } from '@vinh-danh/mail';
import { closeQueues, createQueues, createRedisConnection } from '@vinh-danh/queue';
import type { DecisionRecord, NominationRecord, Store } from '@vinh-danh/store';
import { demoAnswers } from './demo-answers.ts';
import { simulatedPeople, type PersonAction } from './simulated-people.ts';

export interface DemoOptions {
  /** Seeds the simulated people's choices (scores, votes). */
  seed: number;
  /** How long one calendar day of the procedures lasts. */
  dayMs: number;
  /** The whole run stops, as a failure, after this long. */
  timeoutMs: number;
  /** Where progress lines go. */
  print(line: string): void;
  /**
   * Environment for the system (REDIS_URL, QUEUE_PREFIX, LOG_LEVEL…); the rest is chosen for a
   * fresh machine. On a Redis given by REDIS_URL without QUEUE_PREFIX, the run's queues take a
   * prefix of their own, so its workers and another system's never take each other's jobs.
   */
  env?: Record<string, string | undefined>;
  /** Aborted (Ctrl+C), the run stops as a failure, after stopping what it started. */
  signal?: AbortSignal;
}

export interface DemoSummary {
  clusterId: string;
  year: number;
  outcome: string;
  ranking: Array<{ rank: number; memberId: string; total: number }>;
  /** Member id → name, for the tallies. */
  names: Record<string, string>;
  rounds: Array<{ round: number; counts: Record<string, number>; cast: number; eligible: number }>;
  nominations: Array<{ unitId: string; awardTypeId: string; status: string; trackingCode: string }>;
  decisions: Array<{ unitId: string; number: string; authority: string }>;
  handover: { year: number; chair: string; deputy: string } | null;
  mails: number;
  actions: number;
  elapsedMs: number;
}

const CLUSTER_YEAR = 2022;
const FINAL_NOMINATION = new Set<string>(['approved', 'rejected', 'withdrawn', 'expired']);

/** Removes every queue under `prefix` from the Redis at `url`: what a run left there (completed jobs, timers no worker will take). */
async function removeQueues(url: string, prefix: string): Promise<void> {
  const connection = createRedisConnection(url);
  const queues = createQueues({ connection, prefix });
  try {
    await Promise.all(Object.values(queues).map((queue) => queue.obliterate({ force: true })));
  } finally {
    await closeQueues(queues);
    await connection.quit();
  }
}

/** Thrown when the run is stopped from outside (Ctrl+C). */
class DemoStoppedError extends Error {
  override readonly name = 'DemoStoppedError';
  constructor() {
    super('the demo was stopped');
  }
}

/**
 * Polls `read` every `everyMs` until `done` says so, acting on mail between polls; bounded by
 * `deadline`, and ended by `signal`.
 */
async function until<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  step: () => Promise<unknown>,
  limits: { deadline: number; signal?: AbortSignal | undefined },
  what: string,
  everyMs = 150,
): Promise<T> {
  for (;;) {
    if (limits.signal?.aborted) throw new DemoStoppedError();
    await step();
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > limits.deadline) throw new Error(`the demo stopped waiting for ${what}`);
    // Cut short by the signal: the next turn throws.
    await sleep(everyMs, undefined, { signal: limits.signal }).catch(() => {});
  }
}


/** What a person did, as one progress line. */
function describe(action: PersonAction, startedAt: number): string {
  const choice = action.posted.decision ?? action.posted.choice ?? Object.entries(action.posted).map(([key, value]) => `${key}=${value}`).slice(0, 3).join(' ');
  // The subject's Vietnamese half, without the product's tag and the cluster's name (printed above).
  const subject = action.subject.replace(/^\[[^\]]*\]\s*/, '').split(' / ')[0]!.replace(/^Cụm thi đua.*? \d{4}: /, '');
  const outcome = action.status === 410 ? ' (too late: the task had closed)' : action.status >= 400 ? ` (refused: ${action.status})` : '';
  const answer = choice.length > 90 ? `${choice.slice(0, 89)}…` : choice;
  return `  ${((Date.now() - startedAt) / 1000).toFixed(1).padStart(6)} s  ${action.to.padEnd(34)} ${subject.slice(0, 60)} → ${answer || 'sent'}${outcome}`;
}

async function proposalsOf(store: Store, year: number): Promise<NominationRecord[]> {
  const found = await store.nominations.search({ period: String(year), limit: 100 });
  return found.filter((nomination) => (nomination.details as { source?: unknown }).source === 'cluster');
}

/** Runs the demo; the summary of what happened. Stops everything it started, also on failure. */
export async function runDemo(options: DemoOptions): Promise<DemoSummary> {
  const { print } = options;
  const startedAt = Date.now();
  const deadline = startedAt + options.timeoutMs;
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'vinh-danh-demo-'));
  const env = options.env ?? {};
  // On a Redis given without QUEUE_PREFIX, the run's queues live under a prefix of its own, removed at the end.
  const ownPrefix = `vinhdanh-demo-${randomBytes(4).toString('hex')}`;
  const queuePrefix = env.QUEUE_PREFIX || (env.REDIS_URL ? ownPrefix : undefined);
  let capture: MailCapture | undefined;
  let system: AllInOne | undefined;
  try {
    capture = await startMailCapture({ maxMessages: 100_000 });
    const config = loadConfig({
      NODE_ENV: 'development',
      // Progress is printed by the demo; the system's own log only when something fails.
      LOG_LEVEL: env.LOG_LEVEL ?? 'error',
      PORT: '0',
      DATA_DIR: dataDir,
      SMTP_URL: capture.smtpUrl,
      ...(env.REDIS_URL ? { REDIS_URL: env.REDIS_URL } : {}),
      ...(queuePrefix ? { QUEUE_PREFIX: queuePrefix } : {}),
      SUBMIT_RATE_LIMIT_PER_MIN: '100000',
      TOKEN_RATE_LIMIT_PER_MIN: '100000',
    });
    const log = createLogger({ service: 'demo', level: config.logLevel });
    print(`Starting the system (data in ${dataDir}; ${config.redisUrl ? `Redis at REDIS_URL, queues prefixed ${config.queuePrefix}` : 'a private redis-server'}; one day lasts ${options.dayMs} ms)…`);
    const routeTiming = { calendarDayMs: options.dayMs, workingDayMs: (options.dayMs * 7) / 5 };
    system = await startAllInOne({ config, log, routeTiming });
    if (options.signal?.aborted) throw new DemoStoppedError();
    const { store } = system.runtime;
    print(`Gateway at ${system.urls.base}; mail caught for the demo.`);

    // The all-in-one start seeded the cluster and its agreements (seedClusterYears).
    print(`${northernMidlandsCluster.nameVi} at ${system.urls.cluster}.`);

    const people = simulatedPeople({
      base: system.urls.base,
      mails: () => capture!.messages(),
      answersFor: (to) => demoAnswers(to, options.seed),
      onAction: (action) => print(describe(action, startedAt)),
    });
    const act = () => people.actOnNewMail();

    const clusterId = northernMidlandsCluster.clusterId;
    const day = options.dayMs;
    const { instanceId } = await startClusterEvaluation(system.runtime, { clusterId, year: CLUSTER_YEAR }, {
      deadlines: { signingMs: 30 * day, selfAssessmentMs: 30 * day, crossScoringMs: 30 * day, chairActionMs: 15 * day, votingMs: 15 * day, escalationWindowMs: 10 * day, reminderBeforeMs: 2 * day },
    });
    print(`Year-end evaluation of ${CLUSTER_YEAR} started (${instanceId}); the members act on their mail:`);

    const evaluation = await until(
      () => store.instances.get(clusterEvaluationInstanceId(clusterId, CLUSTER_YEAR)),
      (instance) => instance !== null && instance.status !== 'active',
      act,
      { deadline, signal: options.signal },
      'the evaluation to end',
    );
    const context = await evaluationContext(store, evaluation!.instanceId);
    const nameOf = (memberId: string) => context.members.find((seat) => seat.memberId === memberId)?.nameVi ?? memberId;
    const outcome = String(evaluation!.stateValue);
    print(`Evaluation ${outcome}. Leading units: ${(context.election?.placements ?? []).map((placement) => nameOf(placement.unitId)).join(', ') || 'none'}.`);

    const expected = (context.election?.placements ?? []).length;
    print(expected > 0 ? `Following the ${expected} nomination(s) through their approvals:` : 'No nomination follows.');
    // Where each nomination stands, printed whenever that changes.
    let lastStanding = '';
    const standing = async (found: NominationRecord[]) => {
      const states = await Promise.all(found.map(async (nomination) => {
        const instance = nomination.instanceId ? await store.instances.get(nomination.instanceId) : null;
        return `${nameOf(nomination.unitId)} (${nomination.awardTypeId}): ${nomination.status}${instance ? ` at ${JSON.stringify(instance.stateValue)}` : ''}`;
      }));
      const line = states.join('; ');
      if (line !== lastStanding) print(`  … ${line}`);
      lastStanding = line;
    };
    const nominations = await until(
      async () => {
        const found = await proposalsOf(store, CLUSTER_YEAR);
        await standing(found);
        return found;
      },
      (found) => found.length >= expected && found.every((nomination) => FINAL_NOMINATION.has(nomination.status)),
      act,
      { deadline, signal: options.signal },
      'the nominations to be decided',
    );
    const decisions: DecisionRecord[] = (await Promise.all(nominations.map((nomination) => store.decisions.listByNomination(nomination.nominationId)))).flat();
    const nextYear = await store.clusters.getYear(clusterId, CLUSTER_YEAR + 1);

    return {
      clusterId,
      year: CLUSTER_YEAR,
      outcome,
      ranking: context.ranking.map(({ rank, memberId, total }) => ({ rank, memberId, total })),
      names: Object.fromEntries(context.members.map((seat) => [seat.memberId, seat.nameVi])),
      rounds: (context.election?.rounds ?? []).map(({ round, counts, cast, eligible }) => ({ round, counts: { ...counts }, cast, eligible })),
      nominations: nominations.map(({ unitId, awardTypeId, status, trackingCode }) => ({ unitId, awardTypeId, status, trackingCode })),
      decisions: decisions.map((decision) => ({
        unitId: nominations.find((nomination) => nomination.nominationId === decision.nominationId)?.unitId ?? '',
        number: decision.decisionNumber,
        authority: decision.authority,
      })),
      handover: nextYear?.handover ? { year: CLUSTER_YEAR + 1, chair: nextYear.chair, deputy: nextYear.deputy } : null,
      mails: capture.messages().length,
      actions: people.handled.size,
      elapsedMs: Date.now() - startedAt,
    };
  } finally {
    await system?.stop();
    // Only a system that started has queues to remove: one that could not reach Redis has none,
    // and a connection to that Redis would wait for it for ever.
    if (system && queuePrefix === ownPrefix) await removeQueues(env.REDIS_URL!, ownPrefix).catch((error: unknown) => print(`could not remove the demo's queues (${ownPrefix}): ${String(error)}`));
    await capture?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
