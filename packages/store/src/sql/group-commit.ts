/**
 * Group commit of transitions: the commits that reach the store in one turn of the event loop
 * travel as one statement (one round trip, one transaction, one WAL flush), each still taking
 * effect only if its instance's version is unchanged and its event new. Alone, a commit costs
 * what it did as its own statement.
 *
 * A statement holds at most one commit per key (instance, nomination…), and a commit whose key
 * is in a statement still running waits for it: a second commit of one key leaves only after
 * the first one's statement has finished, so it sees that one's writes exactly as it would
 * have one after the other. Should a statement fail (a deadlock with another writer, a constraint one commit
 * breaks), each of its commits runs again as its own statement, so one bad commit fails alone.
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
}

interface Pending<T, R> {
  item: T;
  resolve(value: R): void;
  reject(error: unknown): void;
}

export type GroupCommit<T, R> = (item: T) => Promise<R>;

export function createGroupCommit<T, R>(options: GroupCommitOptions<T, R>): GroupCommit<T, R> {
  const maxBatch = options.maxBatch ?? 100;
  const maxInFlight = options.maxInFlight ?? 2;
  let waiting: Array<Pending<T, R>> = [];
  let inFlight = 0;
  /** Keys of the statements running now. */
  const busy = new Map<string, number>();
  let scheduled = false;

  const settle = (batch: Array<Pending<T, R>>, results: R[]) => {
    batch.forEach((pending, index) => pending.resolve(results[index]!));
  };

  /** Each commit of a failed statement alone: the one that broke it fails, the others commit. */
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

  const take = (): Array<Pending<T, R>> => {
    const batch: Array<Pending<T, R>> = [];
    const rest: Array<Pending<T, R>> = [];
    const used = new Set<string>(busy.keys());
    for (const pending of waiting) {
      const keys = options.keysOf(pending.item);
      if (batch.length >= maxBatch || keys.some((key) => used.has(key))) {
        // Later items with the same keys stay behind this one too, so their order is kept.
        for (const key of keys) used.add(key);
        rest.push(pending);
        continue;
      }
      for (const key of keys) used.add(key);
      batch.push(pending);
    }
    waiting = rest;
    return batch;
  };

  const flush = () => {
    scheduled = false;
    while (inFlight < maxInFlight && waiting.length > 0) {
      const batch = take();
      // Every waiting commit shares a key with a running statement: the first to finish reschedules.
      if (batch.length === 0) return;
      const keys = batch.flatMap((pending) => options.keysOf(pending.item));
      for (const key of keys) busy.set(key, (busy.get(key) ?? 0) + 1);
      inFlight += 1;
      options
        .run(batch.map((pending) => pending.item))
        .then(
          (results) => settle(batch, results),
          (error: unknown) => (batch.length === 1 ? batch[0]!.reject(error) : runAlone(batch)),
        )
        .finally(() => {
          for (const key of keys) {
            const count = busy.get(key)! - 1;
            if (count === 0) busy.delete(key);
            else busy.set(key, count);
          }
          inFlight -= 1;
          schedule();
        });
    }
  };

  const schedule = () => {
    if (scheduled || waiting.length === 0 || inFlight >= maxInFlight) return;
    scheduled = true;
    // The end of this turn: commits made in it (one per job that finished its work) travel together.
    setImmediate(flush);
  };

  return (item) =>
    new Promise<R>((resolve, reject) => {
      waiting.push({ item, resolve, reject });
      schedule();
    });
}
