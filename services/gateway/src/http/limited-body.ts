import type { Request, RequestHandler } from 'express';
import type { Transform } from 'node:stream';
import zlib from 'node:zlib';

/**
 * A body reader's refusal, shaped as body-parser's (`type`, `status`, and `limit` or `encoding`),
 * so the error middleware words it the same way whichever reader refused.
 */
class BodyReadError extends Error {
  readonly expose = true;
  constructor(
    message: string,
    readonly status: number,
    readonly type: string,
    details: { limit?: number; encoding?: string } = {},
  ) {
    super(message);
    Object.assign(this, details);
  }
}

/** Whether the request says it carries a body (a length, or chunks): as body-parser decides it. */
const hasBody = (req: Request) => req.headers['transfer-encoding'] !== undefined || !Number.isNaN(Number.parseInt(req.headers['content-length'] ?? '', 10));

/** The stream the body's bytes come out of, inflated as its Content-Encoding says. */
function decodedStream(req: Request): Request | Transform {
  const encoding = (req.headers['content-encoding'] ?? 'identity').trim().toLowerCase();
  const inflate =
    encoding === 'gzip' || encoding === 'x-gzip' ? zlib.createGunzip()
    : encoding === 'deflate' ? zlib.createInflate()
    : encoding === 'br' ? zlib.createBrotliDecompress()
    : undefined;
  if (encoding === 'identity') return req;
  if (!inflate) throw new BodyReadError(`content encoding "${encoding}" unsupported`, 415, 'encoding.unsupported', { encoding });
  req.pipe(inflate);
  return inflate;
}

/**
 * Reads the whole body into a Buffer, at most `limit` bytes once inflated. Refuses as soon as the
 * count passes the limit (or a declared length does), and stops reading there: the caller
 * answers and closes the connection rather than reading the rest to discard it.
 */
function readLimited(req: Request, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    let source: Request | Transform;
    try {
      source = decodedStream(req);
    } catch (error) {
      return reject(error);
    }
    const tooLarge = () => new BodyReadError('request entity too large', 413, 'entity.too.large', { limit });
    const declared = Number.parseInt(req.headers['content-length'] ?? '', 10);
    if (source === req && declared > limit) return reject(tooLarge());
    const chunks: Buffer[] = [];
    let received = 0;
    let settled = false;
    const finish = (error: unknown, body?: Buffer) => {
      if (settled) return;
      settled = true;
      source.off('data', onData).off('end', onEnd).off('error', onError);
      req.off('aborted', onAborted).off('close', onClose);
      if (source !== req) {
        req.unpipe(source as Transform);
        source.destroy();
      }
      if (error) reject(error);
      else resolve(body!);
    };
    const onData = (chunk: Buffer) => {
      received += chunk.length;
      if (received > limit) return finish(tooLarge());
      chunks.push(chunk);
    };
    const onEnd = () => finish(null, Buffer.concat(chunks, received));
    // An inflating stream's error: the body does not decompress (400, as body-parser marks it).
    const onError = (error: Error) => finish(Object.assign(error, { status: 400 }));
    const onAborted = () => finish(new BodyReadError('request aborted', 400, 'request.aborted'));
    const onClose = () => {
      if (!req.complete) onAborted();
    };
    source.on('data', onData).on('end', onEnd).on('error', onError);
    req.on('aborted', onAborted).on('close', onClose);
  });
}

/**
 * Middleware, first in the app: an answer given while the request's body is still arriving
 * (refused over its limit, or before it was read: a task link that opens nothing) closes the
 * connection after it. Node would otherwise read the rest, however long, to discard it and keep
 * the connection. A request without a body keeps its connection.
 */
export const closeWhenBodyUnread: RequestHandler = (req, res, next) => {
  if (!hasBody(req)) return next();
  const writeHead = res.writeHead;
  res.writeHead = function (this: typeof res, ...args: Parameters<typeof res.writeHead>) {
    if (!req.complete) this.setHeader('Connection', 'close');
    return writeHead.apply(this, args);
  } as typeof res.writeHead;
  next();
};

/**
 * Middleware: the body of a request `accepts` takes, as a Buffer in `req.body` (none: left
 * undefined), at most `limit` bytes once inflated (gzip, deflate, br). A refusal goes to `next`
 * while the rest of the body may still be arriving; {@link closeWhenBodyUnread} then closes the
 * connection after the answer. (body-parser read such a body to its end before answering: a
 * client sending chunks without end held the request, and a worker's attention, as long as it
 * liked.)
 */
export function limitedRawBody(options: { limit: number; accepts?: (req: Request) => boolean }): RequestHandler {
  return (req, _res, next) => {
    if (req.readableEnded || !hasBody(req) || (options.accepts && !options.accepts(req))) return next();
    readLimited(req, options.limit).then(
      (body) => {
        req.body = body;
        next();
      },
      (error: unknown) => next(error),
    );
  };
}
