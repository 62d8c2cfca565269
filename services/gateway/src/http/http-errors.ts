/** A message in both languages of the gateway; the JSON API answers in English. */
export interface Localized {
  vi: string;
  en: string;
}

/** One bad field of a request, named by its path in the JSON body (`nominee.name`). */
export interface FieldProblem {
  field: string;
  message: Localized;
}

export interface HttpErrorOptions {
  fields?: FieldProblem[];
  headers?: Record<string, string>;
  cause?: unknown;
}

/**
 * An error with an HTTP status, a stable machine-readable `code` and a message people can act
 * on. The one error middleware renders it as JSON or as a page; it never shows a stack trace.
 */
export class HttpError extends Error {
  override readonly name: string = 'HttpError';
  readonly fields: FieldProblem[];
  readonly headers: Record<string, string>;
  constructor(
    readonly status: number,
    readonly code: string,
    readonly text: Localized,
    options: HttpErrorOptions = {},
  ) {
    super(text.en, { cause: options.cause });
    this.fields = options.fields ?? [];
    this.headers = options.headers ?? {};
  }
}

export const badRequest = (code: string, text: Localized, options?: HttpErrorOptions) => new HttpError(400, code, text, options);

export const forbidden = (code: string, text: Localized) => new HttpError(403, code, text);

export const notFound = (text: Localized = { vi: 'Không tìm thấy trang này.', en: 'There is no such page.' }) =>
  new HttpError(404, 'not_found', text);

export const payloadTooLarge = (text: Localized) => new HttpError(413, 'payload_too_large', text);

export const unsupportedMediaType = (code: string, text: Localized) => new HttpError(415, code, text);
