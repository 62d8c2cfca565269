import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Logger } from '@vinh-danh/log';
import type { RequestHandler } from 'express';
import type { LevelWithSilent } from 'pino';
import { pinoHttp } from 'pino-http';

/**
 * Task-link tokens are bearer secrets, and a tracking code opens its nomination's contact,
 * nominee and documents: no logged URL carries either (`/tasks/<token>`, `/track/<code>`,
 * `/track?code=<code>`, `/nominations/submitted/<code>`).
 */
export const redactUrl = (url: string) =>
  url
    .replace(/\/tasks\/[^/?#]*/gi, '/tasks/[redacted]')
    .replace(/\/(track|nominations\/submitted)\/[^/?#]*/gi, '/$1/[redacted]')
    .replace(/([?&]code=)[^&#]*/gi, '$1[redacted]');

const acceptedRequestId = /^[A-Za-z0-9._-]{1,100}$/;

/**
 * One line per request with method, redacted URL, status and time (`request completed`, or
 * `request aborted` as a warning when the client left first); `req.log` carries the
 * request id (also sent back as `X-Request-Id`) on every line logged while handling it.
 * Headers are not logged: cookies and referrers can carry secrets.
 */
export function requestLogging(log: Logger): RequestHandler {
  return pinoHttp({
    logger: log,
    genReqId(req, res) {
      const given = req.headers['x-request-id'];
      const id = typeof given === 'string' && acceptedRequestId.test(given) ? given : randomUUID();
      res.setHeader('X-Request-Id', id);
      return id;
    },
    quietReqLogger: true,
    customAttributeKeys: { reqId: 'requestId' },
    wrapSerializers: false,
    serializers: {
      req: (req: IncomingMessage & { id?: unknown; originalUrl?: string }) => ({
        method: req.method,
        url: redactUrl(req.originalUrl ?? req.url ?? ''),
      }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
    // A client that left before the answer was sent, or while still sending its body, is worth
    // a warning: pino-http says "request aborted" on the same condition.
    customLogLevel: (req, res, error): LevelWithSilent =>
      error || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 || req.readableAborted || !res.writableEnded ? 'warn' : 'info',
  }) as unknown as RequestHandler;
}
