import { loadConfigOrExit } from '@vinh-danh/config';
import { createLogger } from '@vinh-danh/log';
import { startWorker } from './worker.ts';

const config = loadConfigOrExit();
const log = createLogger({ service: 'worker', level: config.logLevel });

// Signals are handled from the first moment: a stop asked for during start-up waits for it, then stops.
// Mail goes over SMTP when SMTP_URL is set, else to the log; task links need TASK_LINK_SECRET.
const starting = startWorker({ config, log });
let stopping = false;
const shutdown = (signal: string) => {
  if (stopping) return;
  stopping = true;
  log.info({ signal }, 'stopping: finishing jobs in flight');
  starting
    .then((worker) => worker.stop())
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

starting.catch((error: unknown) => {
  log.fatal({ err: error }, 'worker failed to start');
  process.exit(1);
});
