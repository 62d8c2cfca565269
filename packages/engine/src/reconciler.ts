import type { Logger } from '@vinh-danh/log';
import type { InboxCursor, PageCursor, Store } from '@vinh-danh/store';
import type { Engine } from './engine.ts';

export interface ReconcilerOptions {
  store: Store;
  engine: Engine;
  log: Logger;
  /** How often to run; default 15 s. */
  intervalMs?: number;
  /** Inbox events and outbox rows pending longer than this are queued again; default 30 s. */
  staleMs?: number;
  /** Rows handled per batch; default 500. */
  batchSize?: number;
}

export interface ReconcileReport {
  events: number;
  effects: number;
  timersFired: number;
  timersRequeued: number;
}

export interface Reconciler {
  /** One full pass; also run at start. */
  runOnce(): Promise<ReconcileReport>;
  start(): void;
  stop(): Promise<void>;
}

/** Passes per kind in one run, so a run always ends even while new work keeps arriving. */
const maxBatchesPerRun = 50;

/**
 * Re-drives work from the store, the source of truth, onto Redis: pending inbox events,
 * pending outbox effects, overdue timers (fired straight from the store) and timers due
 * within the look-ahead (their delayed jobs added). Every step is idempotent: job ids are
 * the event, effect and timer ids, so work still in Redis is not duplicated. After a Redis
 * that lost all its data, one pass restores all work in flight.
 *
 * Timers and the look-ahead: a commit gives a delayed job only to timers due within the
 * engine's horizon (`engine.timerHorizonMs`); later ones live in the store alone until a pass
 * finds them due within the look-ahead, 2 × the interval. Passes start at most an interval plus
 * a pass apart, so every such timer is seen by a pass before it is due as long as the horizon
 * is at least the interval (services wire it to 2 × the interval); should one still be missed,
 * the next pass fires it from the store as overdue.
 */
export function createReconciler(options: ReconcilerOptions): Reconciler {
  const { store, engine, log } = options;
  const intervalMs = options.intervalMs ?? 15_000;
  const staleMs = options.staleMs ?? 30_000;
  const batchSize = options.batchSize ?? 500;
  const lookAheadMs = 2 * intervalMs;
  if (engine.timerHorizonMs < intervalMs) {
    log.warn(
      { timerHorizonMs: engine.timerHorizonMs, intervalMs },
      'the engine schedules timers at commit over a shorter horizon than the reconciler interval: some may fire up to a pass late',
    );
  }
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<ReconcileReport> | undefined;

  async function drain<T>(list: (limit: number) => Promise<T[]>, handle: (rows: T[]) => Promise<void>): Promise<number> {
    let total = 0;
    for (let batch = 0; batch < maxBatchesPerRun; batch += 1) {
      const rows = await list(batchSize);
      if (rows.length === 0) break;
      await handle(rows);
      total += rows.length;
      if (rows.length < batchSize) break;
    }
    return total;
  }

  async function pass(): Promise<ReconcileReport> {
    const now = engine.clock.now();
    const staleBefore = new Date(now - staleMs);
    let eventCursor: InboxCursor | undefined;
    const events = await drain(
      (limit) => store.inbox.listPending(staleBefore, limit, eventCursor),
      async (rows) => {
        await Promise.all(rows.map((event) => engine.enqueueEvent(event, { retryFailed: true })));
        const last = rows[rows.length - 1]!;
        eventCursor = { createdAt: last.createdAt, instanceId: last.instanceId, key: last.eventId };
      },
    );
    let effectCursor: PageCursor | undefined;
    const effects = await drain(
      (limit) => store.outbox.listPending(staleBefore, limit, effectCursor),
      async (rows) => {
        await engine.relay(rows, [], [], { retryFailed: true });
        const last = rows[rows.length - 1]!;
        effectCursor = { createdAt: last.createdAt, key: last.effectId };
      },
    );
    const timersFired = await drain(
      (limit) => store.timers.listPending(new Date(now), limit),
      async (rows) => {
        for (const timer of rows) {
          const fired = await store.timers.fire(timer.timerId, { actor: 'system', source: 'reconciler', via: timer.timerId });
          if (fired) await engine.enqueueEvent(fired);
        }
      },
    );
    const upcoming = (await store.timers.listPending(new Date(now + lookAheadMs), batchSize * maxBatchesPerRun)).filter(
      (timer) => timer.dueAt.getTime() > now,
    );
    if (upcoming.length > 0) await engine.relay([], upcoming);
    const report = { events, effects, timersFired, timersRequeued: upcoming.length };
    if (events + effects + timersFired > 0) log.info(report, 'reconciler re-drove work from the store');
    return report;
  }

  return {
    runOnce() {
      // One pass at a time; a caller during a pass waits for it.
      running ??= pass().finally(() => {
        running = undefined;
      });
      return running;
    },
    start() {
      if (timer) return;
      const tick = () => {
        this.runOnce()
          .catch((error: unknown) => log.error({ err: error }, 'reconciler pass failed'))
          .finally(() => {
            if (timer) timer = setTimeout(tick, intervalMs);
          });
      };
      timer = setTimeout(tick, 0);
    },
    async stop() {
      const current = timer;
      timer = undefined;
      if (current) clearTimeout(current);
      await running?.catch(() => {});
    },
  };
}
