import { loadConfigOrExit } from '@vinh-danh/config';
import { createLogger } from '@vinh-danh/log';
import { createTaskLinks } from '@vinh-danh/task-links';
import { startGateway } from './gateway.ts';

const config = loadConfigOrExit();
if (!config.taskLinkSecret) {
  process.stderr.write(
    'TASK_LINK_SECRET is not set: the gateway derives and checks task links with it. Set it to at least 32 characters (e.g. `openssl rand -base64 48`), the same value as the worker.\n',
  );
  process.exit(1);
}
const log = createLogger({ service: 'gateway', level: config.logLevel });

try {
  const gateway = await startGateway({
    config,
    log,
    taskLinks: createTaskLinks({ secret: config.taskLinkSecret, publicUrl: config.publicUrl }),
  });
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'stopping: finishing requests in flight');
    gateway.stop().then(
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
  log.fatal({ err: error }, 'gateway failed to start');
  process.exitCode = 1;
}
