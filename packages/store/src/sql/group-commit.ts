import { createStatementPump } from './statement-pump.ts';

/**
 * Group commit: the writes (transition commits, new instances, inbox events) that reach the
 * store within the pump's linger (statement-pump.ts, 3 ms) travel as one statement (one
 * round trip, one transaction, one WAL flush), each still taking effect only on its own
 * conditions. Alone, a write costs what it did as its own statement, the linger (3 ms) later.
 *
 * A statement holds at most one write per key (instance, nomination…), and a write whose key
 * is in a statement still running waits for it: a second write of one key leaves only after
 * the first one's statement has finished, so it sees that one's effects exactly as it would
 * have one after the other. Should a statement fail (a deadlock with another writer, a
 * constraint one write breaks), each of its writes runs again as its own statement, so one bad
 * write fails alone.
 */
export interface GroupCommitOptions<T, R> {
  /** Runs one statement for `items` (no two sharing a key) and returns one result per item, in order. */
  run(items: T[]): Promise<R[]>;
  /** Keys no two items of one statement may share. */
  keysOf(item: T): readonly string[];
  /** Items per statement; default 100. */
  maxBatch?: number;
  /** Statements in flight at once; default 2. */
  maxInFlight?: number;
  /** How long a batch gathers; default the pump's (statement-pump.ts). */
  lingerMs?: number;
}

interface Pending<T, R> {
  item: T;
  keys: readonly string[];
  resolve(value: R): void;
  reject(error: unknown): void;
}

export type GroupCommit<T, R> = (item: T) => Promise<R>;

export function createGroupCommit<T, R>(options: GroupCommitOptions<T, R>): GroupCommit<T, R> {
  const maxBatch = options.maxBatch ?? 100;
  let waiting: Array<Pending<T, R>> = [];
  /** Keys of the statements running now. */
  const busy = new Map<string, number>();

  /** Each write of a failed statement alone: the one that broke it fails, the others commit. */
  const runAlone = async (batch: Array<Pending<T, R>>) => {
    for (const pending of batch) {
      try {
        const [result] = await options.run([pending.item]);
        pending.resolve(result!);
      } catch (error) {
        pending.reject(error);
      }
    }
  };

  const take = (): Array<Pending<T, R>> | undefined => {
    const batch: Array<Pending<T, R>> = [];
    const rest: Array<Pending<T, R>> = [];
    const used = new Set<string>(busy.keys());
    for (const pending of waiting) {
      const clash = batch.length >= maxBatch || pending.keys.some((key) => used.has(key));
      // A write left behind keeps later ones with its keys behind it too, so their order is kept.
      for (const key of pending.keys) used.add(key);
      (clash ? rest : batch).push(pending);
    }
    waiting = rest;
    // Empty: every waiting write shares a key with a running statement, whose end reschedules.
    return batch.length > 0 ? batch : undefined;
  };

  const send = (batch: Array<Pending<T, R>>) => {
    const keys = batch.flatMap((pending) => pending.keys);
    for (const key of keys) busy.set(key, (busy.get(key) ?? 0) + 1);
    return options
      .run(batch.map((pending) => pending.item))
      .then(
        (results) => batch.forEach((pending, index) => pending.resolve(results[index]!)),
        (error: unknown) => (batch.length === 1 ? batch[0]!.reject(error) : runAlone(batch)),
      )
      .finally(() => {
        for (const key of keys) {
          const count = busy.get(key)! - 1;
          if (count === 0) busy.delete(key);
          else busy.set(key, count);
        }
      });
  };

  const schedule = createStatementPump({ maxInFlight: options.maxInFlight ?? 2, lingerMs: options.lingerMs, hasWaiting: () => waiting.length > 0, take, send });

  return (item) =>
    new Promise<R>((resolve, reject) => {
      waiting.push({ item, keys: options.keysOf(item), resolve, reject });
      schedule();
    });
}
