export { createLogger, withScope, type CreateLoggerOptions, type LogScope, type Logger } from './logger.ts';
