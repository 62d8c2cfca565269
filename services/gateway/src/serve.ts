/** Started by ./main.ts. */
import { loadConfigOrExit, sharedServiceReasons } from '@vinh-danh/config';
import { createLogger, runUntilSignalled } from '@vinh-danh/log';
import { createTaskLinks } from '@vinh-danh/task-links';
import { startGateway } from './gateway.ts';

const config = loadConfigOrExit(process.env, {
  requires: {
    TASK_LINK_SECRET:
      'the gateway signs its CSRF tokens with it. Set it to at least 32 characters (e.g. `openssl rand -base64 48`), the same value in every gateway process',
  },
  productionRequires: sharedServiceReasons,
});
const log = createLogger({ service: 'gateway', level: config.logLevel });

runUntilSignalled({
  starting: startGateway({
    config,
    log,
    taskLinks: createTaskLinks({ secret: config.taskLinkSecret!, publicUrl: config.publicUrl }),
  }),
  log,
  name: 'gateway',
});
