export { createLogger, withScope, withLazyScope, type CreateLoggerOptions, type LogScope, type Logger } from './logger.ts';
export { runUntilSignalled, type RunUntilSignalledOptions } from './run-until-signalled.ts';
