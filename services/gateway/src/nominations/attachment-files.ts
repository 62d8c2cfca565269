import { createHash, randomUUID } from 'node:crypto';
import type { NewAttachment } from '@vinh-danh/store';
import { isCleanText } from '../http/body-safety.ts';
import type { FieldProblem } from '../http/http-errors.ts';
import { both } from '../i18n/i18n.ts';
import { formatBytes } from '../views/layout.ts';

/** The file types a dossier may hold, each recognised by its leading bytes (magic number). */
const fileTypes = [
  { contentType: 'application/pdf', extensions: ['.pdf'], magic: [0x25, 0x50, 0x44, 0x46, 0x2d] }, // %PDF-
  // .jfif, .jpe, .pjp(eg): the other names browsers give a JPEG (Chrome on Windows saves web images as .jfif).
  { contentType: 'image/jpeg', extensions: ['.jpg', '.jpeg', '.jpe', '.jfif', '.pjp', '.pjpeg'], magic: [0xff, 0xd8, 0xff] },
  { contentType: 'image/png', extensions: ['.png'], magic: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
] as const;

export const acceptedExtensions = fileTypes.flatMap((type) => type.extensions);
export const acceptedContentTypes = fileTypes.map((type) => type.contentType);

/** The type the content really is, by its magic number; undefined when it is none we accept. */
export function sniffContentType(content: Uint8Array): string | undefined {
  return fileTypes.find((type) => type.magic.every((byte, index) => content[index] === byte))?.contentType;
}

const typeOfExtension = (filename: string) => {
  const extension = /\.[^.]+$/.exec(filename.toLowerCase())?.[0];
  return fileTypes.find((type) => (type.extensions as readonly string[]).includes(extension ?? ''))?.contentType;
};

/** The declared media type, normalised; octet-stream and blanks claim nothing. */
function declaredTypeOf(declared: string | undefined): string | undefined {
  const type = (declared ?? '').split(';')[0]!.trim().toLowerCase();
  if (!type || type === 'application/octet-stream') return undefined;
  return type === 'image/jpg' || type === 'image/pjpeg' ? 'image/jpeg' : type;
}

/** The name to show: its last path segment, NFC, without control characters. */
export function cleanFilename(filename: string): string {
  return (filename.split(/[\\/]/).pop() ?? '').normalize('NFC').trim();
}

export interface FileToCheck {
  filename: string;
  declaredType: string | undefined;
  content: Uint8Array;
}

export type FileCheck =
  | { ok: true; attachment: NewAttachment }
  | { ok: false; status: 400 | 413 | 415; problem: FieldProblem };

/**
 * Accepts a file only when its bytes are a PDF, JPEG or PNG and both its extension and its
 * declared type (when it declares one) agree with what the bytes are. The stored type is the
 * sniffed one, so a download is always served as what it really is.
 */
/** The message for a file over the size limit, named as typed when it has no clean name. */
export const fileTooLarge = (filename: string, maxBytes: number) => both('error.fileTooLarge', { name: cleanFilename(filename) || filename, max: formatBytes(maxBytes) });

export function checkFile(file: FileToCheck, options: { maxBytes: number; field: string }): FileCheck {
  const { field } = options;
  const filename = cleanFilename(file.filename);
  const shownName = filename || file.filename;
  const fail = (status: 400 | 413 | 415, problem: FieldProblem['message']): FileCheck => ({ ok: false, status, problem: { field, message: problem } });
  if (!filename || filename.length > 255 || !isCleanText(filename)) return fail(400, both('error.fileName', { name: shownName.slice(0, 80) }));
  if (file.content.length === 0) return fail(400, both('error.fileEmpty', { name: filename }));
  if (file.content.length > options.maxBytes) return fail(413, fileTooLarge(filename, options.maxBytes));
  const sniffed = sniffContentType(file.content);
  const byExtension = typeOfExtension(filename);
  const declared = declaredTypeOf(file.declaredType);
  const claimsAccepted = byExtension !== undefined || (declared !== undefined && (acceptedContentTypes as string[]).includes(declared));
  if (!sniffed) {
    return claimsAccepted
      ? fail(415, both('error.fileMismatch', { name: filename, declared: declared ?? byExtension ?? '?' }))
      : fail(415, both('error.fileType', { name: filename }));
  }
  if (byExtension !== sniffed || (declared !== undefined && declared !== sniffed)) {
    return fail(415, both('error.fileMismatch', { name: filename, declared: declared ?? byExtension ?? '?' }));
  }
  return {
    ok: true,
    attachment: {
      attachmentId: randomUUID(),
      filename,
      contentType: sniffed,
      size: file.content.length,
      sha256: createHash('sha256').update(file.content).digest('hex'),
      content: file.content,
    },
  };
}
