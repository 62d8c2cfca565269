/**
 * The scheduling the store's batchers share (key-batcher.ts, group-commit.ts). Calls made in
 * one turn of the event loop leave together at its end; at most `maxInFlight` statements run at
 * once, and calls made meanwhile wait and leave together as the next batch once one finishes.
 */
export interface StatementPumpOptions<B> {
  maxInFlight: number;
  /** Whether any call waits. */
  hasWaiting(): boolean;
  /** The next batch to send, taken off the waiting calls; undefined: none may leave now. */
  take(): B | undefined;
  /** Runs one batch's statement and settles its callers; never rejects. */
  send(batch: B): Promise<void>;
}

/** Returns `schedule`, to call whenever a call starts waiting. */
export function createStatementPump<B>(options: StatementPumpOptions<B>): () => void {
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
        schedule();
      });
    }
  };

  const schedule = () => {
    if (scheduled || inFlight >= options.maxInFlight || !options.hasWaiting()) return;
    scheduled = true;
    // The end of this turn: the calls made in it (one per job that just finished its I/O) travel together.
    setImmediate(flush);
  };

  return schedule;
}
