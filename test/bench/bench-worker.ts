/**
 * The worker process of the engine benchmark: the real worker service (`startWorker`: engine,
 * BullMQ workers on every queue, default effect handlers, reconciler), configured by the same
 * environment variables as production. Only the mailer differs: mail is dropped, not logged,
 * so a benchmark measures the engine rather than log volume.
 */
import { loadConfigOrExit } from '@vinh-danh/config';
import type { Mailer } from '@vinh-danh/engine';
import { createLogger } from '@vinh-danh/log';
import { startWorker } from '@vinh-danh/worker';

const config = loadConfigOrExit();
const log = createLogger({ service: 'bench-worker', level: config.logLevel });
const noopMailer: Mailer = { send: async () => {} };

const worker = await startWorker({ config, log, mailer: noopMailer });
process.stdout.write('WORKER_READY\n');

let stopping = false;
process.on('SIGTERM', () => {
  if (stopping) return;
  stopping = true;
  // process.exit (not a kill) so `node --cpu-prof` gets to write its profile.
  worker.stop().then(
    () => process.exit(0),
    () => process.exit(1),
  );
});
