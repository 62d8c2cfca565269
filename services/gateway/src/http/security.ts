import type { RequestHandler } from 'express';
import type { Logger } from '@vinh-danh/log';
import { ipKeyGenerator, rateLimit } from 'express-rate-limit';
import helmet from 'helmet';
import { sizeText, type ParsedForm } from './form-body.ts';
import { forbidden, HttpError } from './http-errors.ts';
import { sharedRateLimitStore, type SharedCounters } from './shared-limits.ts';

/** Security headers: a CSP that allows no inline script or style, no framing, same-origin referrers. */
export function securityHeaders(options: { https: boolean }): RequestHandler {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        baseUri: ["'none'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        imgSrc: ["'self'", 'data:'],
        objectSrc: ["'none'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        ...(options.https ? { upgradeInsecureRequests: [] } : {}),
      },
    },
    // Same-origin pages get the referrer (and browsers then send a real Origin on form posts);
    // other sites never see a task link's URL.
    referrerPolicy: { policy: 'same-origin' },
    strictTransportSecurity: options.https,
  });
}

/**
 * The development inbox shows captured mail (inline styles, a sandboxed iframe); it gets a
 * looser style policy, still without scripts.
 */
export const devMailHeaders: RequestHandler = (_req, res, next) => {
  res.setHeader(
    'Content-Security-Policy',
    "default-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'self'; img-src 'self' data:; object-src 'none'; script-src 'none'; style-src 'self' 'unsafe-inline'",
  );
  next();
};

/** The limiter's checks a client's headers set off (an X-Forwarded-For header while TRUST_PROXY is off, say). */
const clientTriggeredChecks = new Set(['ERR_ERL_UNEXPECTED_X_FORWARDED_FOR', 'ERR_ERL_FORWARDED_HEADER', 'ERR_ERL_INVALID_IP_ADDRESS']);

/**
 * The limiter's log. Its checks any client can set off with its headers are advice to the
 * operator, once per limiter: warnings, not errors. Every other error (a store that fails, a
 * check that finds a bug in the setup) stays an error.
 */
function limiterLogger(log: Logger): { error: (error: unknown, message?: string) => void; warn: (error: unknown, message?: string) => void } {
  const isSettingCheck = (error: unknown) => clientTriggeredChecks.has(String((error as { code?: unknown } | null)?.code));
  return {
    error: (error, message) => (isSettingCheck(error) ? log.warn({ err: error }, message ?? 'rate limiter setting check') : log.error({ err: error }, message ?? 'rate limiter error')),
    warn: (error, message) => log.warn({ err: error }, message ?? 'rate limiter setting check'),
  };
}

const hourMs = 3_600_000;

/**
 * A per-client limit of requests per window (a minute, an hour); over it, a 429 through the
 * error middleware. The client is the peer address, or behind proxies the one `TRUST_PROXY` lets
 * Express read from X-Forwarded-For; the limiter's warnings about that setting go to the log.
 * The limiter `name` counts in `counters`, shared by every gateway process; when they do not
 * answer (Redis down) the request goes through and the log says so.
 */
function windowLimit(
  limit: number,
  window: { ms: number; vi: string; en: string },
  what: { vi: string; en: string },
  shared: { name: string; counters: SharedCounters; log: Logger; countRefused?: boolean },
): RequestHandler {
  const store = sharedRateLimitStore(shared.counters, `rate:${shared.name}`);
  // Where this limiter leaves what it counted on the request (the client's key among it).
  const infoProperty = `rateLimit:${shared.name}`;
  const limiter = rateLimit({
    windowMs: window.ms,
    limit,
    requestPropertyName: infoProperty,
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    logger: limiterLogger(shared.log),
    store,
    passOnStoreError: true,
    handler: (_req, _res, next) =>
      next(
        new HttpError(429, 'rate_limited', {
          vi: `Quá nhiều yêu cầu ${what.vi} trong ${window.vi}; vui lòng thử lại sau.`,
          en: `Too many ${what.en} requests in ${window.en}; try again later.`,
        }),
      ),
  });
  if (shared.countRefused !== false) return limiter;
  // `countRefused: false`: a request let through and then answered 4xx/5xx is taken off the count
  // once its answer is sent (within the window it was counted in). One whose client left before
  // the answer stays counted, its work may have gone on (the limiter's own `skipFailedRequests`
  // would take it back, so hanging up would dodge the limit); so do the limiter's own 429s, which
  // only add to a window already spent.
  return (req, res, next) =>
    limiter(req, res, (error?: unknown) => {
      const info = (req as unknown as Record<string, { key?: string; resetTime?: Date } | undefined>)[infoProperty];
      const key = info?.key;
      if (error === undefined && key !== undefined) {
        res.once('finish', () => {
          if (res.statusCode < 400 || (info?.resetTime && Date.now() >= info.resetTime.getTime())) return;
          void Promise.resolve(store.decrement(key)).catch((failure: unknown) => shared.log.warn({ err: failure, limiter: shared.name }, 'a refused request could not be taken off its rate limit'));
        });
      }
      next(error as Parameters<typeof next>[0]);
    });
}

/** {@link windowLimit} per minute. */
export function perMinuteLimit(limit: number, what: { vi: string; en: string }, shared: { name: string; counters: SharedCounters; log: Logger }): RequestHandler {
  return windowLimit(limit, { ms: 60_000, vi: 'một phút', en: 'a minute' }, what, shared);
}

/** {@link windowLimit} per hour; with `countRefused: false` only the requests answered 2xx or 3xx count, those whose client left before the answer, and the limiter's own 429s. */
export function perHourLimit(limit: number, what: { vi: string; en: string }, shared: { name: string; counters: SharedCounters; log: Logger; countRefused?: boolean }): RequestHandler {
  return windowLimit(limit, { ms: hourMs, vi: 'một giờ', en: 'an hour' }, what, shared);
}

/**
 * Refuses a state-changing request whose Origin (or, without one, Referer) names another site.
 * Browsers send Origin on form posts; a request with neither still needs its CSRF token.
 */
export function sameOriginOnly(publicUrl: string): RequestHandler {
  const publicOrigin = new URL(publicUrl).origin;
  return (req, _res, next) => {
    const origin = req.headers.origin ?? (req.headers.referer ? safeOrigin(req.headers.referer) : undefined);
    if (origin === undefined) return next();
    const own = `${req.protocol}://${req.get('host')}`;
    if (origin === publicOrigin || origin === own) return next();
    next(forbidden('cross_origin', { vi: 'Yêu cầu được gửi từ một trang web khác.', en: 'The request came from another site.' }));
  };
}

function safeOrigin(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return 'null';
  }
}


/**
 * A per-client budget of uploaded bytes per hour, after a multipart form was read: files wait
 * in drafts until confirmed or expired, so the request rate alone does not bound what a client
 * can make the store hold. Over it, a 429 (with Retry-After) and the files are not kept. Each
 * client's hour starts with its first upload; counted in `counters`, shared by every gateway
 * process. When they do not answer (Redis down) the upload goes through and the log says so.
 */
export function hourlyUploadBudget(bytesPerHour: number, shared: { counters: SharedCounters; log: Pick<Logger, 'warn'>; windowMs?: number }): RequestHandler {
  const windowMs = shared.windowMs ?? hourMs;
  return (req, _res, next) => {
    const files = (req.body as ParsedForm | undefined)?.files ?? [];
    const bytes = files.reduce((sum, file) => sum + file.content.length, 0);
    if (bytes === 0) return next();
    // A client as the request limits count it: an IPv6 address by its /56, which one subscriber holds whole.
    const client = ipKeyGenerator(req.ip ?? req.socket.remoteAddress ?? 'unknown', 56);
    shared.counters.addWithin(`upload-bytes:${client}`, bytes, bytesPerHour, windowMs).then(
      ({ added, total, msLeft }) => {
        if (added) return next();
        // No window runs when this upload alone is over the budget: it waits a whole window.
        const retryAfterS = Math.max(1, Math.ceil((msLeft > 0 ? msLeft : windowMs) / 1000));
        next(
          new HttpError(
            429,
            'upload_budget_exceeded',
            {
              vi: `Bạn đã tải lên ${sizeText(total)} trong một giờ; giới hạn là ${sizeText(bytesPerHour)} mỗi giờ. Vui lòng thử lại sau ${Math.ceil(retryAfterS / 60)} phút.`,
              en: `You have uploaded ${sizeText(total)} within the hour; the limit is ${sizeText(bytesPerHour)} per hour. Try again in ${Math.ceil(retryAfterS / 60)} minutes.`,
            },
            { headers: { 'Retry-After': String(retryAfterS) } },
          ),
        );
      },
      (error: unknown) => {
        shared.log.warn({ err: error }, 'the upload budget could not be read; the upload goes through uncounted');
        next();
      },
    );
  };
}
