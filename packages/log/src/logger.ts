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
  // A database driver's error carries the statement's parameters: citizen ids, addresses.
  'err.params',
  'err.parameters',
  'err.cause.params',
  'err.cause.parameters',
  // A Redis error carries the failed command's arguments: a refused AUTH's are the password,
  // a script's a job's data.
  'command.args',
  '*.command.args',
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

const noop = () => {};

/**
 * {@link withScope}, made on first use: for scopes that mostly log nothing (a job that
 * succeeds), so they do not pay for a child logger — its bindings serialised, its levels and
 * redaction set up — each time. A call at a level that is off is a no-op and makes nothing.
 */
export function withLazyScope(log: Logger, scope: LogScope): Logger {
  let scoped: Logger | undefined;
  const real = () => (scoped ??= withScope(log, scope));
  return new Proxy({} as Logger, {
    get(_target, property) {
      if (!scoped && typeof property === 'string' && property in log.levels.values && !log.isLevelEnabled(property)) return noop;
      const value = Reflect.get(real(), property) as unknown;
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(real()) : value;
    },
    set(_target, property, value) {
      return Reflect.set(real(), property, value);
    },
    has(_target, property) {
      return Reflect.has(real(), property);
    },
  });
}
