/**
 * `npm start`: the whole system in one process for a fresh machine (see all-in-one.ts).
 * Prints where to reach it; stops gracefully on SIGTERM / SIGINT and exits 0.
 */
import path from 'node:path';
import { loadConfigOrExit, withoutPassword } from '@vinh-danh/config';
import { createLogger, runUntilSignalled } from '@vinh-danh/log';
import { allInOneSmtpReason, startAllInOne, type AllInOne } from './all-in-one.ts';

const config = loadConfigOrExit(process.env, { productionRequires: { SMTP_URL: allInOneSmtpReason } });
const log = createLogger({ service: 'all-in-one', level: config.logLevel });

function banner(system: AllInOne): string {
  const { urls } = system;
  const { databaseUrl, dataDir } = system.config;
  const inMemory = dataDir.startsWith('memory://');
  const storeLine = databaseUrl
    ? 'database at DATABASE_URL'
    : inMemory
      ? 'PGlite in memory (nothing is kept after exit)'
      : `PGlite in ${path.resolve(dataDir, 'pglite')}`;
  const lines = [
    '',
    'Vinh Danh is running (all in one process).',
    `  Home:      ${urls.base}/`,
    `  Form:      ${urls.form}`,
    ...(urls.devMail ? [`  Dev mail:  ${urls.devMail}`] : []),
    `  Cluster:   ${urls.cluster}`,
    `  Health:    ${urls.health}`,
    `  Ready:     ${urls.ready}`,
    `  Store:     ${storeLine}`,
    `  Redis:     ${withoutPassword(system.redisUrl)}${system.privateRedis ? (inMemory ? ' (private redis-server, nothing kept)' : ' (private redis-server, AOF in the data dir)') : ''}`,
    'Press Ctrl+C to stop.',
    '',
  ];
  return `${lines.join('\n')}\n`;
}

runUntilSignalled({
  starting: startAllInOne({ config, log }),
  log,
  name: 'all-in-one',
  onStarted: (system) => process.stdout.write(banner(system)),
});
