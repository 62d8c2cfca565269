import { randomUUID } from 'node:crypto';
import type { Logger } from '@vinh-danh/log';
import type { RequestHandler } from 'express';

declare module 'http' {
  interface IncomingMessage {
    /** The request id: the caller's `X-Request-Id` when acceptable, else a new UUID. */
    id: string;
    /** Logs with the request id bound (`requestId`). */
    log: Logger;
  }
}

/** Task-link tokens are bearer secrets: no logged URL carries one. */
export const redactUrl = (url: string) => url.replace(/\/tasks\/[^/?#]*/g, '/tasks/[redacted]');

const acceptedRequestId = /^[A-Za-z0-9._-]{1,100}$/;

const levelFor = (statusCode: number) => (statusCode >= 500 ? 'error' : statusCode >= 400 ? 'warn' : 'info');

/**
 * One line per request with its id, method, redacted URL, status and time in ms: `request
 * completed`, or `request aborted` (warn) when the client left before the answer was sent.
 * `req.id` is the request id, also sent back as `X-Request-Id`; `req.log` carries it on every
 * line logged while handling the request (made on first use: most requests log nothing else).
 * Headers are not logged: cookies and referrers can carry secrets.
 */
export function requestLogging(log: Logger): RequestHandler {
  return (req, res, next) => {
    const given = req.headers['x-request-id'];
    const id = typeof given === 'string' && acceptedRequestId.test(given) ? given : randomUUID();
    res.setHeader('X-Request-Id', id);
    req.id = id;
    let scoped: Logger | undefined;
    Object.defineProperty(req, 'log', {
      configurable: true,
      enumerable: false,
      get: () => (scoped ??= log.child({ requestId: id })),
    });
    const startedAt = performance.now();
    const done = () => {
      res.off('finish', done);
      res.off('close', done);
      const completed = res.writableFinished;
      const line = {
        requestId: id,
        req: { method: req.method, url: redactUrl(req.originalUrl ?? req.url ?? '') },
        res: { statusCode: res.statusCode },
        responseTime: Math.round(performance.now() - startedAt),
      };
      if (completed) log[levelFor(res.statusCode)](line, 'request completed');
      else log.warn(line, 'request aborted');
    };
    res.on('finish', done);
    res.on('close', done);
    next();
  };
}
