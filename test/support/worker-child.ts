/**
 * A worker process for chaos tests: the real worker service with the test machines
 * registered beside the product's procedures. Configured by the same env vars as production,
 * and stopped by signals through the same path as the production entry point.
 */
import { loadConfigOrExit } from '@vinh-danh/config';
import { createLogger, runUntilSignalled } from '@vinh-danh/log';
import { createLogMailer, startWorker } from '@vinh-danh/worker';
import { definitions } from '@vinh-danh/workflows';
import type { WorkflowDefinition } from '@vinh-danh/engine';
import { testDefinitions } from './test-machines.ts';

const config = loadConfigOrExit();
const log = createLogger({ service: 'worker-child', level: config.logLevel });
// Stopped on SIGTERM / SIGINT exactly as services/worker/src/main.ts is.
runUntilSignalled({
  starting: startWorker({
    config,
    log,
    mailer: createLogMailer(log),
    definitions: [...(definitions as unknown as WorkflowDefinition[]), ...testDefinitions],
  }),
  log,
  name: 'worker',
  onStarted: () => process.stdout.write('WORKER_READY\n'),
});
