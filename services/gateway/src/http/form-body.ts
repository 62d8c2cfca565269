import busboy from 'busboy';
import type { Request, RequestHandler } from 'express';
import { assertNoNul, charsetProblem, decodeUtf8, invalidUtf8, prototypeKeys } from './body-safety.ts';
import { badRequest, HttpError, payloadTooLarge, unsupportedMediaType } from './http-errors.ts';
import { limitedRawBody } from './limited-body.ts';

/** A file from a multipart form, as the client described it; its content is not trusted yet. */
export interface UploadedFile {
  field: string;
  filename: string;
  declaredType: string;
  content: Buffer;
}

/** Fields of an HTML form; a name may repeat (checkboxes). */
export class FormFields {
  /** Values by name, in the order sent: a page reading each of its fields looks each up once. */
  private readonly byName = new Map<string, string[]>();
  constructor(entries: ReadonlyArray<readonly [string, string]>) {
    for (const [name, value] of entries) {
      const values = this.byName.get(name);
      if (values) values.push(value);
      else this.byName.set(name, [value]);
    }
  }
  /** The first value of a field, or undefined. */
  get(name: string): string | undefined {
    return this.byName.get(name)?.[0];
  }
  getAll(name: string): string[] {
    return [...(this.byName.get(name) ?? [])];
  }
}

/**
 * Fields an encoded form may hold. The largest form a page shows (a cluster's cross-scoring, a
 * score per member and criterion) has a few hundred; past this many, a body is refused before
 * the rest is decoded. A multipart form takes at most 100.
 */
export const maxEncodedFields = 5_000;

const tooManyFields = () => payloadTooLarge({ vi: 'Biểu mẫu có quá nhiều trường.', en: 'The form has too many fields.' });

/**
 * A file a multipart form sent over a limit, dropped while the rest was read: larger than the
 * limit (`tooLarge`, with its name), or one past the number of files taken (`tooMany`). The
 * form's handler names it beside the file input and shows the form again, answers kept.
 */
export type DroppedFile = { reason: 'tooLarge'; filename: string } | { reason: 'tooMany' };

export interface ParsedForm {
  fields: FormFields;
  files: UploadedFile[];
  /** Files dropped for a limit (multipart forms that take files); empty otherwise. */
  dropped: DroppedFile[];
}

export interface FormBodyLimits {
  /** Largest text body, and largest single field of a multipart body. */
  maxFieldBytes: number;
  /** Files: none accepted when unset. */
  files?: { maxFileBytes: number; maxFiles: number };
}

/** A size as people read it: kB under a megabyte, else MB to one decimal. */
export const sizeText = (bytes: number) => (bytes < 1024 * 1024 ? `${Math.ceil(bytes / 1024)} kB` : `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`);

/** A hex digit's value; -1 for any other byte (or none). */
function hexValue(byte: number | undefined): number {
  if (byte === undefined) return -1;
  if (byte >= 0x30 && byte <= 0x39) return byte - 0x30;
  const lower = byte | 0x20;
  return lower >= 0x61 && lower <= 0x66 ? lower - 0x61 + 10 : -1;
}

/** Percent-decodes `application/x-www-form-urlencoded` into bytes, then UTF-8 with no replacement. */
function decodeComponent(raw: Buffer, what: string): string {
  // Most names and many values carry no escape: read as they are.
  if (raw.indexOf(0x25) === -1 && raw.indexOf(0x2b) === -1) return fieldText(raw, what);
  const bytes = Buffer.allocUnsafe(raw.length);
  let length = 0;
  for (let i = 0; i < raw.length; i += 1) {
    const byte = raw[i]!;
    if (byte === 0x2b) bytes[length++] = 0x20;
    else if (byte === 0x25) {
      const high = hexValue(raw[i + 1]);
      const low = hexValue(raw[i + 2]);
      if (high < 0 || low < 0) {
        throw badRequest('invalid_form', { vi: `Trường "${what}" bị mã hóa sai.`, en: `The field "${what}" is wrongly percent-encoded.` });
      }
      bytes[length++] = high * 16 + low;
      i += 2;
    } else bytes[length++] = byte;
  }
  return fieldText(bytes.subarray(0, length), what);
}

const fieldLabel = (field: string) => ({ vi: `Trường "${field}"`, en: `The field "${field}"` });

/** A field's name or value as text: UTF-8, and no NUL (no store could keep it). */
function fieldText(bytes: Uint8Array, field: string): string {
  const text = decodeUtf8(bytes, fieldLabel(field));
  assertNoNul(text, field);
  return text;
}

/**
 * A multipart field's value, decoded by the parser in its part's charset: a replacement character
 * stands for bytes that were not valid text in it, refused as in any other field. No form of
 * this service asks for U+FFFD itself.
 */
function partText(value: string, field: string): string {
  if (value.includes('\uFFFD')) {
    throw invalidUtf8(fieldLabel(field));
  }
  assertNoNul(value, field);
  return value;
}

/** Refuses prototype-like names, also inside bracket or dot notation (`a[__proto__]`, `constructor.x`). */
function checkName(name: string): void {
  assertNoNul(name, 'a field name');
  if (name.split(/[[\].]+/).some((segment) => prototypeKeys.has(segment) || segment.startsWith('$'))) {
    throw badRequest('forbidden_key', { vi: `Tên trường "${name}" không được chấp nhận.`, en: `The field name "${name}" is not accepted.` });
  }
}

function parseUrlencoded(body: Buffer): ParsedForm {
  const entries: Array<[string, string]> = [];
  let start = 0;
  while (start <= body.length) {
    let end = body.indexOf(0x26, start);
    if (end === -1) end = body.length;
    const pair = body.subarray(start, end);
    start = end + 1;
    if (pair.length === 0) continue;
    if (entries.length === maxEncodedFields) throw tooManyFields();
    const eq = pair.indexOf(0x3d);
    const name = decodeComponent(eq === -1 ? pair : pair.subarray(0, eq), 'name');
    checkName(name);
    entries.push([name, eq === -1 ? '' : decodeComponent(pair.subarray(eq + 1), name)]);
  }
  return { fields: new FormFields(entries), files: [], dropped: [] };
}

/**
 * Reads a multipart body, at most `maxBytes` of it: a body past that (one sent chunked declares
 * no length to refuse it by) is answered 413 at once, its connection closed after the answer
 * (`onOverflow`), and the rest is not parsed.
 */
function readMultipart(req: Request, limits: FormBodyLimits, maxBytes: number, onOverflow: () => void): Promise<ParsedForm> {
  const fileLimits = limits.files ?? { maxFileBytes: 0, maxFiles: 0 };
  return new Promise((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      parser = busboy({
        headers: req.headers,
        // A part's own charset (`Content-Type: text/plain; charset=…`) is honoured; without one, UTF-8.
        // Bytes that are not valid in it arrive as U+FFFD, which `partText` refuses.
        defCharset: 'utf8',
        defParamCharset: 'utf8',
        limits: {
          // busboy says `limit` once a file reaches its fileSize: one byte more, so a file of exactly
          // the limit (which the form allows) is taken whole.
          fileSize: fileLimits.maxFileBytes + 1,
          files: fileLimits.maxFiles,
          fields: 100,
          fieldSize: limits.maxFieldBytes,
          parts: 100 + fileLimits.maxFiles,
        },
      });
    } catch (error) {
      reject(badRequest('invalid_multipart', { vi: 'Biểu mẫu gửi lên không hợp lệ.', en: 'The multipart body is malformed.' }, { cause: error }));
      return;
    }
    const entries: Array<[string, string]> = [];
    const files: UploadedFile[] = [];
    const dropped: DroppedFile[] = [];
    // The first problem wins; the parser still reads the body to its end, so the client gets our answer.
    let failure: HttpError | undefined;
    const fail = (error: unknown) => {
      failure ??= error instanceof HttpError ? error : badRequest('invalid_multipart', { vi: 'Biểu mẫu gửi lên không hợp lệ.', en: 'The multipart body is malformed.' }, { cause: error });
    };
    parser.on('field', (name, value, info) => {
      try {
        checkName(name);
        if (info.nameTruncated || info.valueTruncated) {
          throw payloadTooLarge({ vi: `Trường "${name}" quá dài.`, en: `The field "${name}" is longer than ${limits.maxFieldBytes} bytes.` });
        }
        // A charset the parser cannot decode leaves no text at all.
        if (typeof value !== 'string') {
          throw unsupportedMediaType('charset_unsupported', {
            vi: `Trường "${name}" dùng bảng mã không đọc được; hãy gửi UTF-8.`,
            en: `The field "${name}" is in a charset that cannot be read; send UTF-8.`,
          });
        }
        entries.push([name, partText(value, name)]);
      } catch (error) {
        fail(error);
      }
    });
    parser.on('file', (name, stream, info) => {
      const chunks: Buffer[] = [];
      let tooLarge = false;
      stream.on('data', (chunk: Buffer) => {
        if (!tooLarge) chunks.push(chunk);
      });
      // Dropped, the rest of the form read on: what the person typed is shown again with the problem.
      stream.on('limit', () => {
        tooLarge = true;
        chunks.length = 0;
        dropped.push({ reason: 'tooLarge', filename: info.filename ?? '' });
      });
      // A body that ends inside the file: busboy fails its stream as well as the form; unheard, that error would end the process.
      stream.on('error', fail);
      stream.on('end', () => {
        if (tooLarge) return;
        const content = Buffer.concat(chunks);
        // A file input left empty still sends a part with no name and no bytes.
        if (!info.filename && content.length === 0) return;
        files.push({ field: name, filename: info.filename ?? '', declaredType: info.mimeType, content });
      });
    });
    parser.on('filesLimit', () => {
      if (fileLimits.maxFiles === 0) fail(unsupportedMediaType('files_not_accepted', { vi: 'Biểu mẫu này không nhận tệp.', en: 'This form takes no files.' }));
      else dropped.push({ reason: 'tooMany' });
    });
    const tooMany = () => fail(tooManyFields());
    parser.on('fieldsLimit', tooMany);
    parser.on('partsLimit', tooMany);
    let received = 0;
    const count = (chunk: Buffer) => {
      received += chunk.length;
      if (received <= maxBytes) return;
      req.off('data', count);
      req.unpipe(parser);
      parser.destroy();
      // What still comes is dropped unread until the connection closes after the answer.
      req.resume();
      onOverflow();
      reject(bodyTooLarge(maxBytes));
    };
    req.on('data', count);
    parser.on('error', (error) => {
      fail(error);
      req.unpipe(parser);
      req.resume();
      req.once('end', () => reject(failure));
    });
    parser.on('close', () => (failure ? reject(failure) : resolve({ fields: new FormFields(entries), files, dropped })));
    req.pipe(parser);
  });
}

const bodyTooLarge = (maxBytes: number) =>
  payloadTooLarge({ vi: `Dữ liệu gửi lên vượt quá ${sizeText(maxBytes)}.`, en: `The body is larger than ${sizeText(maxBytes)}.` });

const mediaTypeOf = (req: Request) => (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();

/**
 * Reads an HTML form posted as `application/x-www-form-urlencoded` or `multipart/form-data`
 * into `req.body` as a {@link ParsedForm}. Invalid UTF-8, NUL characters, prototype-like field names, bodies
 * and fields over the limits are refused with a 4xx naming what was wrong; files over the limits are
 * dropped and listed in `dropped`, for the form's handler to name beside its file input.
 */
export function formBody(limits: FormBodyLimits): RequestHandler[] {
  const textBody = limitedRawBody({ limit: limits.maxFieldBytes, accepts: (req) => mediaTypeOf(req) === 'application/x-www-form-urlencoded' });
  const maxMultipartBytes = limits.maxFieldBytes * 2 + (limits.files ? limits.files.maxFiles * (limits.files.maxFileBytes + 4096) : 0);
  // A form in another charset would be misread, and a compressed multipart body is not
  // inflated (a text body is, by its reader): both are refused before anything is read.
  const acceptable: RequestHandler = (req, _res, next) => {
    const type = mediaTypeOf(req);
    if (type === 'application/x-www-form-urlencoded') return next(charsetProblem(req.headers['content-type']));
    const encoding = (req.headers['content-encoding'] ?? 'identity').trim().toLowerCase();
    if (type === 'multipart/form-data' && encoding !== 'identity') {
      return next(
        unsupportedMediaType('content_encoding_unsupported', {
          vi: `Biểu mẫu có tệp không nhận Content-Encoding "${encoding}"; hãy gửi không nén.`,
          en: `A multipart form is not accepted with Content-Encoding "${encoding}"; send it uncompressed.`,
        }),
      );
    }
    next();
  };
  const parse: RequestHandler = (req, res, next) => {
    const type = mediaTypeOf(req);
    if (type === 'application/x-www-form-urlencoded') {
      try {
        req.body = parseUrlencoded(Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0));
        return next();
      } catch (error) {
        return next(error);
      }
    }
    if (type === 'multipart/form-data') {
      const declared = Number(req.headers['content-length'] ?? 0);
      if (declared > maxMultipartBytes) return next(bodyTooLarge(maxMultipartBytes));
      readMultipart(req, limits, maxMultipartBytes, () => res.setHeader('Connection', 'close')).then(
        (form) => {
          req.body = form;
          next();
        },
        next,
      );
      return;
    }
    next(
      unsupportedMediaType('form_required', {
        vi: 'Biểu mẫu phải được gửi dưới dạng application/x-www-form-urlencoded hoặc multipart/form-data.',
        en: 'The form must be sent as application/x-www-form-urlencoded or multipart/form-data.',
      }),
    );
  };
  return [acceptable, textBody, parse];
}

/** The form that {@link formBody} parsed. */
export const formOf = (req: Request): ParsedForm => req.body as ParsedForm;
