/** The consumer stopped iterating: the producer's `put` rejects with this and it should unwind. */
export class HandoffClosedError extends Error {
  override readonly name = 'HandoffClosedError';
  constructor() {
    super('the consumer stopped reading');
  }
}

export interface Handoff<T> {
  /** Offers one value; resolves once the consumer took it, rejects with {@link HandoffClosedError} once it stopped. */
  put(value: T): Promise<void>;
  /** The producer is done: iteration ends after the last value. */
  end(): void;
  /** The producer failed: iteration throws `error` after the values already taken. */
  fail(error: unknown): void;
  /** The values, one at a time; leaving the loop early closes the handoff. */
  values(): AsyncGenerator<T>;
}

/**
 * Passes values from a producer running inside a callback (a database transaction) to an
 * async-iterating consumer, one at a time, so the producer never runs ahead of the consumer
 * and a consumer that stops early makes the producer unwind (and its transaction roll back).
 */
export function createHandoff<T>(): Handoff<T> {
  let offered: { value: T; taken: () => void; refused: (error: Error) => void } | undefined;
  let finished = false;
  let failure: { error: unknown } | undefined;
  let closed = false;
  let wake: (() => void) | undefined;
  const notify = () => {
    wake?.();
    wake = undefined;
  };

  return {
    put(value) {
      if (closed) return Promise.reject(new HandoffClosedError());
      return new Promise<void>((taken, refused) => {
        offered = { value, taken, refused };
        notify();
      });
    },
    end() {
      finished = true;
      notify();
    },
    fail(error) {
      failure = { error };
      notify();
    },
    async *values() {
      try {
        for (;;) {
          if (offered) {
            const { value, taken } = offered;
            offered = undefined;
            taken();
            yield value;
          } else if (failure) {
            throw failure.error;
          } else if (finished) {
            return;
          } else {
            await new Promise<void>((resolve) => (wake = resolve));
          }
        }
      } finally {
        closed = true;
        offered?.refused(new HandoffClosedError());
        offered = undefined;
      }
    },
  };
}
