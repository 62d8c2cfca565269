import type { Logger } from 'pino';
import { endLoading, stopSignals } from './loading-signals.ts';

export interface RunUntilSignalledOptions<T extends { stop(): Promise<void> }> {
  /** The service starting up. */
  starting: Promise<T>;
  log: Logger;
  /** Name used in the failure line, e.g. `worker`. */
  name: string;
  /** Called once the service is up, unless a stop was asked for first. */
  onStarted?: (service: T) => void;
}

/**
 * A signal this long after the first stops the process at once. Sooner, it is the same stop
 * asked for twice: `npm run` forwards the Ctrl+C the terminal also sends to its child.
 */
export const forceStopAfterMs = 2_000;

/**
 * Runs a service process: SIGTERM, SIGINT and SIGHUP are handled from the moment it is called (a
 * stop asked for during start-up waits for it, then stops; before, while modules load, see
 * loading-signals.ts), a graceful stop exits 0, an unclean stop or a
 * failed start exits 1. A second signal, {@link forceStopAfterMs} or more after the first, exits
 * 1 at once (a stop that waits on a Redis gone away, say): work in flight is left to the store,
 * whose reconciler re-drives it.
 */
export function runUntilSignalled<T extends { stop(): Promise<void> }>(options: RunUntilSignalledOptions<T>): void {
  const { starting, log, name } = options;
  let stoppingSince: number | undefined;
  const shutdown = (signal: string) => {
    if (stoppingSince !== undefined) {
      if (Date.now() - stoppingSince < forceStopAfterMs) return;
      log.warn({ signal }, 'stopping now, without waiting: work in flight is left to the reconciler');
      process.exit(1);
    }
    stoppingSince = Date.now();
    log.info({ signal }, 'stopping: finishing work in flight');
    starting
      .then((service) => service.stop())
      .then(
        () => process.exit(0),
        (error: unknown) => {
          log.error({ err: error }, 'unclean stop');
          process.exit(1);
        },
      );
  };
  // SIGHUP, its terminal closed: stopped as gracefully (a private redis-server, in a group of its own, with it).
  endLoading();
  for (const signal of stopSignals) process.on(signal, () => shutdown(signal));
  log.info({ pid: process.pid }, `${name} starting`);
  starting.then(
    (service) => {
      if (stoppingSince === undefined) options.onStarted?.(service);
    },
    (error: unknown) => {
      log.fatal({ err: error }, `${name} failed to start`);
      process.exit(1);
    },
  );
}
