import type { Logger } from '@vinh-danh/log';
import type { InboxCursor, PageCursor, Store } from '@vinh-danh/store';
import type { Engine } from './engine.ts';
import { settlesWithin } from './settles-within.ts';

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
  /** Rows that could not be re-driven this pass (each logged); the next pass tries them again. */
  failed: number;
}

export interface Reconciler {
  /** One full pass; also run at start. */
  runOnce(): Promise<ReconcileReport>;
  start(): void;
  /**
   * Starts no more passes and ends the running one after its current batch. With `withinMs`,
   * stops waiting for it after that long (a pass held by a Redis or store that does not answer)
   * and answers `timedOut`: what it left is re-driven by the next process's pass.
   */
  stop(options?: { withinMs?: number }): Promise<'stopped' | 'timedOut'>;
}

/** Passes per kind in one run, so a run always ends even while new work keeps arriving. */
const maxBatchesPerRun = 50;

/**
 * Re-drives work from the store, the source of truth, onto Redis: pending inbox events,
 * pending outbox effects, overdue timers (fired straight from the store) and timers due
 * within the look-ahead (their delayed jobs added). Every step is idempotent: job ids are
 * the event, effect and timer ids, so work still in Redis is not duplicated. After a Redis
 * that lost all its data, one pass restores all work in flight, up to 50 batches of each kind;
 * beyond that, the next passes carry on where it stopped.
 *
 * Pending events and effects are read in the order they were written, and a pass that stops at
 * its limit leaves its place for the next one, which goes on from there and starts again from
 * the oldest once it has reached the newest: a backlog of old rows whose jobs are alive but slow
 * (mail backing off while SMTP is down) never keeps a pass from reaching newer rows whose jobs
 * were lost.
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
  /** Set by `stop` while a pass runs: it ends after its current batch. */
  let stopping = false;
  /** Where the next pass goes on reading pending events and effects; unset, from the oldest. */
  let eventCursor: InboxCursor | undefined;
  let effectCursor: PageCursor | undefined;

  /**
   * Runs `work` for each row on its own, so one row that cannot be re-driven (a poison job, a
   * store error on one timer) holds back neither the rest of its batch nor the later steps of
   * the pass: all at once, or `inTurn`, one after the other in their order. Returns the ids of
   * those that failed (logged once for the batch); they stay pending for the next pass.
   */
  async function eachSettled<T>(what: string, idOf: (row: T) => string, rows: readonly T[], work: (row: T) => Promise<unknown>, inTurn = false): Promise<string[]> {
    let results: PromiseSettledResult<unknown>[];
    if (inTurn) {
      results = [];
      for (const row of rows) results.push(...(await Promise.allSettled([work(row)])));
    } else {
      results = await Promise.allSettled(rows.map(work));
    }
    const failures = results.flatMap((result, index) => (result.status === 'rejected' ? [{ id: idOf(rows[index]!), error: result.reason as unknown }] : []));
    if (failures.length > 0) {
      log.error(
        { err: failures[0]!.error, failed: failures.length, ids: failures.slice(0, 10).map((failure) => failure.id) },
        `reconciler could not re-drive ${failures.length} ${what}; the next pass tries again`,
      );
    }
    return failures.map((failure) => failure.id);
  }

  /** `relay` of a batch at once; when that fails, of each row on its own, so only the bad ones are left. */
  async function relaySettled<T>(what: string, idOf: (row: T) => string, rows: readonly T[], relay: (rows: readonly T[]) => Promise<void>): Promise<number> {
    try {
      await relay(rows);
      return 0;
    } catch {
      return (await eachSettled(what, idOf, rows, (row) => relay([row]))).length;
    }
  }

  /**
   * Lists and handles batches until a short one (the listing's end: `onEnd`), the pass's limit or
   * a stop.
   */
  async function drain<T>(list: (limit: number) => Promise<T[]>, handle: (rows: T[]) => Promise<void>, onEnd?: () => void): Promise<number> {
    let total = 0;
    for (let batch = 0; batch < maxBatchesPerRun && !stopping; batch += 1) {
      const rows = await list(batchSize);
      if (rows.length > 0) await handle(rows);
      total += rows.length;
      if (rows.length < batchSize) {
        onEnd?.();
        break;
      }
    }
    return total;
  }

  /** A step of the pass; one that fails (its listing, say) is logged and the pass goes on to the next. */
  async function step(what: string, work: () => Promise<number>): Promise<number> {
    try {
      return await work();
    } catch (error) {
      log.error({ err: error }, `reconciler could not re-drive ${what} this pass`);
      return 0;
    }
  }

  async function pass(): Promise<ReconcileReport> {
    const now = engine.clock.now();
    const staleBefore = new Date(now - staleMs);
    let failed = 0;
    const events = await step('pending events', () =>
      drain(
        (limit) => store.inbox.listPending(staleBefore, limit, eventCursor),
        async (rows) => {
          failed += (await eachSettled('events', (event) => `${event.instanceId}/${event.eventId}`, rows, (event) => engine.enqueueEvent(event, { retryFailed: true }))).length;
          const last = rows[rows.length - 1]!;
          eventCursor = { createdAt: last.createdAt, instanceId: last.instanceId, key: last.eventId };
        },
        () => (eventCursor = undefined),
      ),
    );
    const effects = await step('pending effects', () =>
      drain(
        (limit) => store.outbox.listPending(staleBefore, limit, effectCursor),
        async (rows) => {
          failed += await relaySettled('effects', (row) => row.effectId, rows, (batch) => engine.relay(batch, [], [], { retryFailed: true }));
          const last = rows[rows.length - 1]!;
          effectCursor = { createdAt: last.createdAt, key: last.effectId };
        },
        () => (effectCursor = undefined),
      ),
    );
    // Fired timers leave the listing; one that failed may stay in it, so the drain asks for as
    // many more as have failed and leaves those out by id. In due order, one at a time, so an
    // instance's overdue timers reach its queue in the order they fell due.
    const failedTimers = new Set<string>();
    const timersFired = await step('due timers', () =>
      drain(
        async (limit) => (await store.timers.listPending(new Date(now), limit + failedTimers.size)).filter((timer) => !failedTimers.has(timer.timerId)).slice(0, limit),
        async (rows) => {
          const fire = async (timer: (typeof rows)[number]) => {
            const fired = await store.timers.fire(timer.timerId, { actor: 'system', source: 'reconciler', via: timer.timerId });
            if (fired) await engine.enqueueEvent(fired);
          };
          for (const timerId of await eachSettled('timers', (timer) => timer.timerId, rows, fire, true)) failedTimers.add(timerId);
        },
      ),
    );
    failed += failedTimers.size;
    const timersRequeued = await step('upcoming timers', async () => {
      // Only those still to come: overdue ones the step above left (more than a pass fires, or
      // failing) must not fill the listing.
      const upcoming = await store.timers.listPending(new Date(now + lookAheadMs), batchSize * maxBatchesPerRun, new Date(now));
      if (upcoming.length > 0) failed += await relaySettled('upcoming timers', (row) => row.timerId, upcoming, (batch) => engine.relay([], batch));
      return upcoming.length;
    });
    const report = { events, effects, timersFired, timersRequeued, failed };
    if (events + effects + timersFired + failed > 0) log.info(report, 'reconciler re-drove work from the store');
    return report;
  }

  return {
    runOnce() {
      // One pass at a time; a caller during a pass waits for it.
      running ??= pass().finally(() => {
        running = undefined;
        stopping = false;
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
    async stop(stopOptions = {}) {
      const current = timer;
      timer = undefined;
      if (current) clearTimeout(current);
      const pass = running;
      if (!pass) return 'stopped';
      stopping = true;
      if (stopOptions.withinMs === undefined) {
        await pass.catch(() => {});
        return 'stopped';
      }
      return (await settlesWithin(pass, stopOptions.withinMs)) ? 'stopped' : 'timedOut';
    },
  };
}
