import { createStatementPump } from './statement-pump.ts';

/**
 * Coalesces single-key calls into one statement over many keys ("group commit"). A call made
 * while fewer than `maxInFlight` batches are running goes out after the pump's linger
 * (statement-pump.ts, 3 ms), together with the calls made meanwhile; calls made while
 * the limit is reached wait and leave together as the next batch. Alone, a call costs what it
 * did, the linger (3 ms) later; under load, N calls cost one round trip and, for writes, one WAL
 * flush.
 *
 * Each caller's promise settles when the statement carrying its key has finished, so a caller
 * that awaited it knows its write is committed, exactly as with its own statement. A failed
 * statement rejects every caller in its batch; each retries as it would have alone.
 */
export interface KeyBatcherOptions<K, R> {
  /** Runs one statement for `keys` (distinct) and returns each key's result; a key missing from the map gets `missing`. */
  run(keys: K[]): Promise<Map<K, R>>;
  /** What a key the statement returned nothing for resolves to. */
  missing: R;
  /** Keys per statement; default 200. */
  maxBatch?: number;
  /** Statements in flight at once; default 2. */
  maxInFlight?: number;
  /** How long a batch gathers; default the pump's (statement-pump.ts). */
  lingerMs?: number;
}

export type KeyBatcher<K, R> = (key: K) => Promise<R>;

/** Rows grouped by `keyOf`, each group in the rows' order: what a batch of list reads hands back. */
export function groupRows<T>(rows: readonly T[], keyOf: (row: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const key = keyOf(row);
    const group = groups.get(key);
    if (group) group.push(row);
    else groups.set(key, [row]);
  }
  return groups;
}

/** One text key for a pair of ids (an instance and an event, a token hash and a task): ids cannot hold a NUL, so it splits back apart. */
export const pairKey = (first: string, second: string) => `${first}\u0000${second}`;

/** The two ids of a {@link pairKey}. */
export const splitPairKey = (key: string) => key.split('\u0000') as [first: string, second: string];

interface Waiter<R> {
  resolve(value: R): void;
  reject(error: unknown): void;
}

export function createKeyBatcher<K, R>(options: KeyBatcherOptions<K, R>): KeyBatcher<K, R> {
  const maxBatch = options.maxBatch ?? 200;
  const waiting = new Map<K, Array<Waiter<R>>>();

  const schedule = createStatementPump<Map<K, Array<Waiter<R>>>>({
    maxInFlight: options.maxInFlight ?? 2,
    lingerMs: options.lingerMs,
    hasWaiting: () => waiting.size > 0,
    take() {
      const batch = new Map<K, Array<Waiter<R>>>();
      for (const [key, waiters] of waiting) {
        if (batch.size >= maxBatch) break;
        batch.set(key, waiters);
      }
      for (const key of batch.keys()) waiting.delete(key);
      return batch;
    },
    send: (batch) =>
      options.run([...batch.keys()]).then(
        (results) => {
          for (const [key, waiters] of batch) for (const waiter of waiters) waiter.resolve(results.has(key) ? results.get(key)! : options.missing);
        },
        (error: unknown) => {
          for (const waiters of batch.values()) for (const waiter of waiters) waiter.reject(error);
        },
      ),
  });

  return (key) =>
    new Promise<R>((resolve, reject) => {
      const waiters = waiting.get(key);
      if (waiters) waiters.push({ resolve, reject });
      else waiting.set(key, [{ resolve, reject }]);
      schedule();
    });
}
