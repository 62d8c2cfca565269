/**
 * What every benchmark does around its run: progress lines on stderr under its tag, a list of
 * steps to undo (newest first) run once at the end, on Ctrl-C and on the overall timeout, and
 * an abort that exits 1 even if a cleanup step hangs.
 */

export function benchLifecycle(tag: string, timeoutMs: number) {
  const say = (line: string) => process.stderr.write(`[${tag}] ${line}\n`);
  // Everything to undo, newest first; also run by the overall timeout and on Ctrl-C.
  const undo: Array<() => Promise<unknown>> = [];
  let cleaning: Promise<void> | undefined;
  const cleanup = () =>
    (cleaning ??= (async () => {
      for (const step of undo.reverse()) await step().catch((error: unknown) => say(`cleanup: ${String(error)}`));
    })());
  const abort = (why: string) => {
    say(`ABORT: ${why}`);
    // Bounded even if a cleanup step hangs: children are SIGKILLed within 15 s by then.
    setTimeout(() => process.exit(1), 60_000).unref();
    void cleanup().finally(() => process.exit(1));
  };
  const overall = setTimeout(() => abort(`overall timeout of ${timeoutMs / 1000} s reached (BENCH_TIMEOUT_S)`), timeoutMs);
  process.once('SIGINT', () => abort('interrupted'));
  return { say, undo, cleanup, abort, overall };
}

export const round = (value: number, digits = 1) => Math.round(value * 10 ** digits) / 10 ** digits;
