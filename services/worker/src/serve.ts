/** Started by ./main.ts. */
import { loadConfigOrExit, sharedServiceReasons, workerSmtpReason } from '@vinh-danh/config';
import { createLogger, runUntilSignalled } from '@vinh-danh/log';
import { startWorker } from './worker.ts';

const config = loadConfigOrExit(process.env, { productionRequires: { SMTP_URL: workerSmtpReason, ...sharedServiceReasons } });
const log = createLogger({ service: 'worker', level: config.logLevel });

// Mail goes over SMTP when SMTP_URL is set, else to the log; each task mail carries a link of its own.
runUntilSignalled({ starting: startWorker({ config, log }), log, name: 'worker' });
