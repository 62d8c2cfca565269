import { badRequest, unsupportedMediaType, type HttpError } from './http-errors.ts';

/** Typed text as kept: NFC, trimmed, and empty when nothing in it shows (the procedures judge it the same way). */
export { typedText } from '@vinh-danh/domain';

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** The 415 for a `Content-Type` whose `charset` is not UTF-8 (none or an empty one is read as UTF-8); undefined when it is fine. */
export function charsetProblem(contentType: string | undefined): HttpError | undefined {
  const charset = (contentType ?? '')
    .split(';')
    .slice(1)
    .map((parameter) => parameter.trim())
    .find((parameter) => /^charset=/i.test(parameter))
    ?.slice(8)
    .replace(/"/g, '');
  if (!charset || /^utf-?8$/i.test(charset)) return undefined;
  return unsupportedMediaType('charset_unsupported', { vi: `Chỉ chấp nhận UTF-8, không nhận ${charset}.`, en: `Only UTF-8 is accepted, not ${charset}.` });
}

/** The 400 for text that is not valid UTF-8; `what` names it, e.g. `The field "name"`. */
export const invalidUtf8 = (what: { vi: string; en: string }) =>
  badRequest('invalid_utf8', { vi: `${what.vi} không phải văn bản UTF-8 hợp lệ.`, en: `${what.en} is not valid UTF-8.` });

/** Decodes bytes as UTF-8, refusing invalid sequences instead of replacing them. */
export function decodeUtf8(bytes: Uint8Array, what: { vi: string; en: string }): string {
  try {
    return utf8.decode(bytes);
  } catch {
    throw invalidUtf8(what);
  }
}

/** Keys that could reach an object's prototype when merged naively; refused anywhere in a body. */
export const prototypeKeys: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

const maxDepth = 20;

const hasNul = (text: string) => text.includes('\u0000');

const nulRefused = (where: string) =>
  badRequest('bad_characters', {
    vi: `${where}: có ký tự NUL (\\u0000), không thể lưu; hãy gửi văn bản thường.`,
    en: `${where}: contains a NUL character (\\u0000), which cannot be stored; send plain text.`,
  });

/** Refuses text holding a NUL character: no store can keep one, so it never reaches a store. */
export function assertNoNul(text: string, where: string): void {
  if (hasNul(text)) throw nulRefused(where);
}

/**
 * Refuses keys that look like prototype pollution (`__proto__`, `constructor`, `prototype`)
 * or MongoDB query operators (`$gt`, `$where`…), and NUL characters in keys or text, anywhere
 * in a parsed JSON body, naming where. Such keys never mean anything in our API, and whichever
 * store sits behind it must never see them. Each route's schema checks its fields' text further.
 */
export function assertSafeJson(value: unknown, path: string[] = []): void {
  if (path.length > maxDepth) {
    throw badRequest('too_deep', { vi: 'Dữ liệu lồng nhau quá sâu.', en: `The body nests deeper than ${maxDepth} levels.` });
  }
  // Named only when something is refused: every string and key of every body passes here.
  const where = () => (path.length ? path.join('.') : '(body)');
  if (typeof value === 'string') {
    if (hasNul(value)) throw nulRefused(where());
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((item, index) => assertSafeJson(item, [...path, String(index)]));
    return;
  }
  if (typeof value !== 'object' || value === null) return;
  for (const key of Object.keys(value)) {
    if (prototypeKeys.has(key)) {
      throw badRequest('forbidden_key', {
        vi: `Khóa "${key}" (tại ${where()}) không được chấp nhận.`,
        en: `The key "${key}" (at ${where()}) is not accepted.`,
      });
    }
    if (key.startsWith('$')) {
      throw badRequest('operator_not_allowed', {
        vi: `${where()}: không chấp nhận toán tử truy vấn như "${key}"; hãy gửi giá trị văn bản.`,
        en: `${where()}: query operators such as "${key}" are not accepted; send a plain value.`,
      });
    }
    if (hasNul(key)) throw nulRefused(`${where()} (a key)`);
    assertSafeJson((value as Record<string, unknown>)[key], [...path, key]);
  }
}

/**
 * Control characters other than tab and line breaks, bidirectional overrides and isolates (which
 * would show a name or a code reversed in a mail's subject), and unpaired UTF-16 surrogates.
 */
const unsafeCharacters = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\u202A-\u202E\u2066-\u2069]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Whether text is fit to store and show: no control characters, no bidi overrides, no broken surrogates. */
export function isCleanText(text: string): boolean {
  return !unsafeCharacters.test(text);
}

