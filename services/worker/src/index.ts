export { startWorker, type StartWorkerOptions, type WorkerProcess } from './worker.ts';
export { createLogMailer } from './log-mailer.ts';
