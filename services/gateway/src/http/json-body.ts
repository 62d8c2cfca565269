import type { RequestHandler } from 'express';
import { assertSafeJson, charsetProblem, decodeUtf8 } from './body-safety.ts';
import { badRequest, unsupportedMediaType } from './http-errors.ts';
import { limitedRawBody } from './limited-body.ts';

const jsonType = /^application\/(?:[\w.+-]+\+)?json$/i;

/**
 * Reads a JSON body of at most `limitBytes`: refuses other media types (415), larger bodies
 * (413), invalid UTF-8, malformed JSON, prototype or operator keys and NUL characters (400). Leaves the parsed
 * value in `req.body`.
 */
export function jsonBody(limitBytes: number): RequestHandler[] {
  const requireJson: RequestHandler = (req, _res, next) => {
    const mediaType = (req.headers['content-type'] ?? '').split(';')[0]!.trim();
    if (!jsonType.test(mediaType)) {
      return next(
        unsupportedMediaType('json_required', {
          vi: 'Nội dung phải là JSON (Content-Type: application/json).',
          en: 'The body must be JSON (Content-Type: application/json).',
        }),
      );
    }
    next(charsetProblem(req.headers['content-type']));
  };
  const parse: RequestHandler = (req, _res, next) => {
    const raw: unknown = req.body;
    if (!Buffer.isBuffer(raw) || raw.length === 0) {
      return next(badRequest('body_required', { vi: 'Thiếu nội dung yêu cầu.', en: 'The request has no body.' }));
    }
    // Every refusal goes to `next`, never thrown: `optionalJsonBody` calls this from body-parser's
    // callback, outside Express's catch, where a throw would never be answered.
    let value: unknown;
    try {
      const text = decodeUtf8(raw, { vi: 'Nội dung yêu cầu', en: 'The body' });
      try {
        value = JSON.parse(text);
      } catch (error) {
        throw badRequest('invalid_json', {
          vi: 'Nội dung không phải JSON hợp lệ.',
          en: `The body is not valid JSON: ${error instanceof Error ? error.message : String(error)}`,
        });
      }
      assertSafeJson(value);
    } catch (error) {
      return next(error);
    }
    req.body = value;
    next();
  };
  return [requireJson, limitedRawBody({ limit: limitBytes }), parse];
}

/**
 * For a route that takes no body: a request without one goes on; one that sends a body has it
 * read as {@link jsonBody} reads it (a malformed or non-JSON body is refused as there), and the
 * route ignores what it says.
 */
export function optionalJsonBody(limitBytes: number): RequestHandler {
  const [requireJson, raw, parse] = jsonBody(limitBytes) as [RequestHandler, RequestHandler, RequestHandler];
  return (req, res, next) => {
    const length = req.headers['content-length'];
    const hasBody = req.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
    if (!hasBody) return next();
    requireJson(req, res, (error?: unknown) => {
      if (error) return next(error);
      raw(req, res, (rawError?: unknown) => (rawError ? next(rawError) : parse(req, res, next)));
    });
  };
}
