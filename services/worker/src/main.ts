import { loadConfigOrExit } from '@vinh-danh/config';
import { createLogger } from '@vinh-danh/log';
import { createLogMailer } from './log-mailer.ts';
import { startWorker } from './worker.ts';

const config = loadConfigOrExit();
const log = createLogger({ service: 'worker', level: config.logLevel });

try {
  const worker = await startWorker({ config, log, mailer: createLogMailer(log) });
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'stopping: finishing jobs in flight');
    worker.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        log.error({ err: error }, 'unclean stop');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
} catch (error) {
  log.fatal({ err: error }, 'worker failed to start');
  process.exitCode = 1;
}
