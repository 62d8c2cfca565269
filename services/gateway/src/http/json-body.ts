import express, { type RequestHandler } from 'express';
import { assertSafeJson, decodeUtf8 } from './body-safety.ts';
import { badRequest, unsupportedMediaType } from './http-errors.ts';

const jsonType = /^application\/(?:[\w.+-]+\+)?json$/i;

/**
 * Reads a JSON body of at most `limitBytes`: refuses other media types (415), larger bodies
 * (413), invalid UTF-8, malformed JSON, prototype or operator keys and NUL characters (400). Leaves the parsed
 * value in `req.body`.
 */
export function jsonBody(limitBytes: number): RequestHandler[] {
  const requireJson: RequestHandler = (req, _res, next) => {
    const [mediaType = '', ...parameters] = (req.headers['content-type'] ?? '').split(';').map((part) => part.trim());
    if (!jsonType.test(mediaType)) {
      return next(
        unsupportedMediaType('json_required', {
          vi: 'Nội dung phải là JSON (Content-Type: application/json).',
          en: 'The body must be JSON (Content-Type: application/json).',
        }),
      );
    }
    const charset = parameters.find((parameter) => /^charset=/i.test(parameter))?.slice(8).replace(/"/g, '');
    if (charset && !/^utf-?8$/i.test(charset)) {
      return next(unsupportedMediaType('charset_unsupported', { vi: 'Chỉ chấp nhận UTF-8.', en: `Only UTF-8 is accepted, not ${charset}.` }));
    }
    next();
  };
  const parse: RequestHandler = (req, _res, next) => {
    const raw: unknown = req.body;
    if (!Buffer.isBuffer(raw) || raw.length === 0) {
      return next(badRequest('body_required', { vi: 'Thiếu nội dung yêu cầu.', en: 'The request has no body.' }));
    }
    const text = decodeUtf8(raw, { vi: 'Nội dung yêu cầu', en: 'The body' });
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      return next(
        badRequest('invalid_json', {
          vi: 'Nội dung không phải JSON hợp lệ.',
          en: `The body is not valid JSON: ${error instanceof Error ? error.message : String(error)}`,
        }),
      );
    }
    assertSafeJson(value);
    req.body = value;
    next();
  };
  return [requireJson, express.raw({ type: () => true, limit: limitBytes }), parse];
}
