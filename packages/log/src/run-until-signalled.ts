import type { Logger } from 'pino';

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
 * Runs a service process: SIGTERM and SIGINT are handled from the first moment (a stop asked
 * for during start-up waits for it, then stops), a graceful stop exits 0, an unclean stop or a
 * failed start exits 1.
 */
export function runUntilSignalled<T extends { stop(): Promise<void> }>(options: RunUntilSignalledOptions<T>): void {
  const { starting, log, name } = options;
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
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
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
  starting.then(
    (service) => {
      if (!stopping) options.onStarted?.(service);
    },
    (error: unknown) => {
      log.fatal({ err: error }, `${name} failed to start`);
      process.exit(1);
    },
  );
}
