/**
 * A worker process for chaos tests: the real worker service with the test machines
 * registered beside the product's procedures. Configured by the same env vars as production.
 */
import { loadConfigOrExit } from '@vinh-danh/config';
import { createLogger } from '@vinh-danh/log';
import { createLogMailer, startWorker } from '@vinh-danh/worker';
import { definitions } from '@vinh-danh/workflows';
import type { WorkflowDefinition } from '@vinh-danh/engine';
import { testDefinitions } from './test-machines.ts';

const config = loadConfigOrExit();
const log = createLogger({ service: 'worker-child', level: config.logLevel });
const worker = await startWorker({
  config,
  log,
  mailer: createLogMailer(log),
  definitions: [...(definitions as unknown as WorkflowDefinition[]), ...testDefinitions],
});
process.stdout.write('WORKER_READY\n');
process.on('SIGTERM', () => {
  worker.stop().then(() => process.exit(0), () => process.exit(1));
});
