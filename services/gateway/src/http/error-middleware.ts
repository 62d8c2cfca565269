import type { ErrorRequestHandler, Express, Request, RequestHandler } from 'express';
import { InstanceNotFoundError, InvalidInstanceInputError } from '@vinh-danh/engine';
import { langOf, t, type Lang, type MessageKey } from '../i18n/i18n.ts';
import { messagePage } from '../views/layout.ts';
import { badRequest, HttpError, notFound, payloadTooLarge, unsupportedMediaType } from './http-errors.ts';
import { redactUrl } from './request-logging.ts';

/**
 * Errors of the body readers (raw-body / body-parser) carry a `type`; a compressed body that
 * does not inflate brings zlib's error instead.
 */
function fromBodyReader(error: { type?: unknown; limit?: unknown; status?: unknown; code?: unknown; errno?: unknown; encoding?: unknown }): HttpError | undefined {
  switch (error.type) {
    case 'entity.too.large':
      return payloadTooLarge({
        vi: `Dữ liệu gửi lên lớn hơn giới hạn ${String(error.limit)} byte.`,
        en: `The body is larger than the limit of ${String(error.limit)} bytes.`,
      });
    case 'encoding.unsupported':
      return unsupportedMediaType('content_encoding_unsupported', {
        vi: `Không hỗ trợ Content-Encoding "${String(error.encoding)}"; hãy gửi không nén, hoặc gzip, deflate, br.`,
        en: `Content-Encoding "${String(error.encoding)}" is not supported; send the body uncompressed, or as gzip, deflate or br.`,
      });
    case 'charset.unsupported':
      return unsupportedMediaType('encoding_unsupported', { vi: 'Chỉ chấp nhận dữ liệu UTF-8.', en: 'Only UTF-8 bodies are accepted.' });
    case 'request.aborted':
    case 'request.size.invalid':
    case 'entity.parse.failed':
    case 'entity.verify.failed':
      return badRequest('invalid_body', { vi: 'Dữ liệu gửi lên không đọc được.', en: 'The body could not be read.' });
    default:
      // zlib's errors from inflating the body (Z_DATA_ERROR, a brotli format error…), which the
      // body reader marks 400; a system error (ECONNREFUSED…) has an errno but no such status.
      if (error.status === 400 && typeof error.errno === 'number' && typeof error.code === 'string') {
        return badRequest('invalid_body', {
          vi: 'Dữ liệu gửi lên không giải nén được theo Content-Encoding của nó.',
          en: 'The body could not be read: it does not decompress as its Content-Encoding says.',
        });
      }
      return undefined;
  }
}

export function toHttpError(error: unknown): HttpError {
  if (error instanceof HttpError) return error;
  if (error instanceof InstanceNotFoundError) return notFound();
  if (error instanceof InvalidInstanceInputError) {
    return new HttpError(422, 'unprocessable', { vi: 'Không thể bắt đầu quy trình với dữ liệu này.', en: error.message });
  }
  // The router decodes path parameters: a malformed escape (`/tasks/%E4%ZZ`) is the client's mistake.
  if (error instanceof URIError) {
    return badRequest('invalid_path', { vi: 'Địa chỉ có ký tự mã hóa sai (%…).', en: 'The address holds a wrongly percent-encoded character (%…).' });
  }
  if (typeof error === 'object' && error !== null) {
    const mapped = fromBodyReader(error as { type?: unknown });
    if (mapped) return mapped;
  }
  return new HttpError(500, 'internal_error', {
    vi: 'Đã có lỗi xảy ra phía máy chủ; không có gì bị thay đổi nếu chưa có xác nhận. Vui lòng thử lại.',
    en: 'Something went wrong on the server. Please try again.',
  }, { cause: error });
}

const titledStatuses = new Set([400, 401, 403, 404, 405, 410, 413, 415, 422, 429, 500, 503]);

/** The heading of an error page: what the status means, in words. */
export function statusTitle(status: number, lang: Lang): string {
  const shown = titledStatuses.has(status) ? status : status >= 500 ? 500 : 400;
  return t(lang, `status.${shown}` as MessageKey);
}

/** JSON for the API and for clients that ask for it; a page for browsers. */
const wantsJson = (req: Request) => req.path.startsWith('/api/') || req.accepts(['html', 'json']) === 'json';

/** What the router's stack holds, as far as finding a path's methods needs (Express 5's `router`). */
interface StackLayer {
  match(path: string): { path: string } | false;
  route?: { methods: Record<string, boolean> };
  handle?: { stack?: StackLayer[] };
}

/** The methods some route of `stack` answers for `path` (GET brings HEAD), upper-case. */
function methodsFor(stack: readonly StackLayer[], path: string, into = new Set<string>()): Set<string> {
  for (const layer of stack) {
    const matched = layer.match(path);
    if (!matched) continue;
    if (layer.route) {
      for (const [method, on] of Object.entries(layer.route.methods)) if (on && method !== '_all') into.add(method.toUpperCase());
    } else if (layer.handle?.stack) {
      methodsFor(layer.handle.stack, path.slice(matched.path.length) || '/', into);
    }
  }
  if (into.has('GET')) into.add('HEAD');
  return into;
}

/**
 * Any request no route answered: a 405 naming the allowed methods when the path exists for
 * other methods (`DELETE /api/nominations`), else a 404.
 */
export function routeNotFound(app: Express): RequestHandler {
  const stack = (app.router as unknown as { stack: StackLayer[] }).stack;
  return (req, _res, next) => {
    const allowed = [...methodsFor(stack, req.path)].sort();
    if (allowed.length === 0 || allowed.includes(req.method)) return next(notFound());
    // The message is logged: a task link's token must not be in it.
    const path = redactUrl(req.path);
    next(
      new HttpError(
        405,
        'method_not_allowed',
        { vi: `${path} không nhận phương thức ${req.method}; chỉ nhận ${allowed.join(', ')}.`, en: `${path} does not take ${req.method}; it takes ${allowed.join(', ')}.` },
        { headers: { Allow: allowed.join(', ') } },
      ),
    );
  };
}

/**
 * The one error middleware: renders every error as the status it stands for, a stable code
 * and a message naming what was wrong. Unexpected errors are logged and answered with a
 * generic 500 — never a stack trace.
 */
export const errorMiddleware: ErrorRequestHandler = (error, req, res, next) => {
  const httpError = toHttpError(error);
  if (httpError.status >= 500) req.log.error({ err: error }, 'request failed');
  else req.log.warn({ code: httpError.code, status: httpError.status }, httpError.message);
  if (res.headersSent) return next(error);
  res.status(httpError.status).set(httpError.headers).set('Cache-Control', 'no-store');
  const requestId = String(req.id ?? '');
  if (wantsJson(req)) {
    res.json({
      error: httpError.code,
      message: httpError.text.en,
      ...(httpError.fields.length ? { fields: httpError.fields.map((field) => ({ field: field.field, message: field.message.en })) } : {}),
      requestId,
    });
    return;
  }
  const lang = langOf(res);
  const title = statusTitle(httpError.status, lang);
  res.type('html').send(
    messagePage({
      lang,
      title,
      paragraphs: [
        httpError.text[lang],
        ...httpError.fields.map((field) => `${field.field}: ${field.message[lang]}`),
        t(lang, 'status.back'),
        t(lang, 'status.requestId', { id: requestId }),
      ],
      links: [{ href: '/', text: t(lang, 'site.home') }],
    }),
  );
};
