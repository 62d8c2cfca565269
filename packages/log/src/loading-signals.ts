/**
 * The first moments of a service process: while its modules load (a couple of seconds under
 * tsx), before {@link runUntilSignalled} installs its handlers, a stop signal would kill it
 * (exit 143, or 130 for Ctrl+C) and look like a crash. An entry point calls
 * {@link exitCleanlyWhileLoading} first, then imports the service: a stop asked for meanwhile
 * exits 0 at once, nothing having started that needs finishing. It imports nothing but Node,
 * so it is in place within the first few hundred milliseconds.
 *
 * [runUntilSignalled]: ./run-until-signalled.ts
 */

/** The signals a service process stops on. */
export const stopSignals = ['SIGTERM', 'SIGINT', 'SIGHUP'] as const;

let loadingHandler: ((signal: NodeJS.Signals) => void) | undefined;

/** A line shaped like the logger's (packages/log/src/logger.ts), which is not loaded yet. */
const logLine = (service: string, fields: Record<string, unknown>, msg: string) =>
  `${JSON.stringify({ level: 30, time: new Date().toISOString(), service, pid: process.pid, ...fields, msg })}\n`;

/** Until {@link endLoading}: says `<service> loading`, and a stop signal exits 0 at once, saying so. */
export function exitCleanlyWhileLoading(service: string): void {
  endLoading();
  loadingHandler = (signal) => {
    process.stdout.write(logLine(service, { signal }, `${service} stopped while loading: nothing had started`), () => process.exit(0));
  };
  for (const signal of stopSignals) process.on(signal, loadingHandler);
  process.stdout.write(logLine(service, {}, `${service} loading`));
}

/** The service's own handlers take over (runUntilSignalled calls this). */
export function endLoading(): void {
  if (!loadingHandler) return;
  for (const signal of stopSignals) process.off(signal, loadingHandler);
  loadingHandler = undefined;
}
