import { pino, type DestinationStream, type Logger, type LoggerOptions } from 'pino';

export type { Logger };

/** Ids that every line logged in a scope carries. */
export interface LogScope {
  requestId?: string;
  jobId?: string;
  instanceId?: string;
  queue?: string;
}

export interface CreateLoggerOptions {
  /** Service name put on every line, e.g. `worker`. */
  service: string;
  /** Pino level; `silent` turns logging off. Default `info`. */
  level?: LoggerOptions['level'];
  /** Where lines go; default stdout. */
  destination?: DestinationStream;
}

/** Paths whose values never reach a log line. */
const redactPaths = [
  'token',
  '*.token',
  '*.*.token',
  'password',
  '*.password',
  'authorization',
  '*.authorization',
  'req.headers.authorization',
  'req.headers.cookie',
  'databaseUrl',
  'redisUrl',
  'smtpUrl',
];

export function createLogger(options: CreateLoggerOptions): Logger {
  return pino(
    {
      level: options.level ?? 'info',
      base: { service: options.service },
      redact: { paths: redactPaths, censor: '[redacted]' },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    options.destination,
  );
}

/** A child logger that binds the given ids into every line. */
export function withScope(log: Logger, scope: LogScope): Logger {
  const bindings = Object.fromEntries(Object.entries(scope).filter(([, value]) => value !== undefined));
  return log.child(bindings);
}
