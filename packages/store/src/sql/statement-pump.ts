/**
 * The scheduling the store's batchers share (key-batcher.ts, group-commit.ts). A call waits
 * {@link lingerMs} for others, and the calls made meanwhile leave together; at most
 * `maxInFlight` statements run at once, and calls made meanwhile wait and leave together as the
 * next batch as soon as one finishes (they have gathered already: no linger then).
 */

/**
 * How long a batch gathers before it leaves. Under heavy load batches fill while statements are
 * in flight; under moderate load (a job or a request now and then, each a turn of its own) this
 * short wait is what lets them share a statement: a few milliseconds of latency buy a PostgreSQL
 * round trip, commit and WAL flush fewer per call. Measured on 2 cores at 1,000 engine events/s
 * (`BENCH_RATE=1000 npm run bench:engine`): with 1 ms the machine was 89–91 % busy and p99
 * dispatch → commit 99–142 ms; with 3 ms 82 % and 39–44 ms (5 ms: 77 %, 60 ms); at full load
 * the throughput stays the same (2,200 events/s).
 */
export const lingerMs = 3;
export interface StatementPumpOptions<B> {
  maxInFlight: number;
  /** How long a batch gathers when nothing held it back; default {@link lingerMs}. */
  lingerMs?: number;
  /** Whether any call waits. */
  hasWaiting(): boolean;
  /** The next batch to send, taken off the waiting calls; undefined: none may leave now. */
  take(): B | undefined;
  /** Runs one batch's statement and settles its callers; never rejects. */
  send(batch: B): Promise<void>;
}

/** Returns `schedule`, to call whenever a call starts waiting. */
export function createStatementPump<B>(options: StatementPumpOptions<B>): () => void {
  const linger = options.lingerMs ?? lingerMs;
  let inFlight = 0;
  let scheduled = false;

  const flush = () => {
    scheduled = false;
    while (inFlight < options.maxInFlight && options.hasWaiting()) {
      const batch = options.take();
      if (batch === undefined) return;
      inFlight += 1;
      options.send(batch).finally(() => {
        inFlight -= 1;
        // What waited for this statement has gathered already: it leaves at the end of this turn.
        schedule(0);
      });
    }
  };

  const schedule = (wait = linger) => {
    if (scheduled || inFlight >= options.maxInFlight || !options.hasWaiting()) return;
    scheduled = true;
    // The calls made until then (one per job or request that just finished its I/O) travel together.
    if (wait > 0) setTimeout(flush, wait);
    else setImmediate(flush);
  };

  return () => schedule();
}
