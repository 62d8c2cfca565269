import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { StoreExportRow } from '@vinh-danh/store';
import { z } from 'zod';
import { TransferFileError } from './ops-errors.ts';

/**
 * The store export file: NDJSON, UTF-8, one JSON object per line.
 *
 *   line 1      the header (below)
 *   lines 2…    `{"table":"…","row":{…}}`, parents before children, as `Store.admin.exportAll` yields them
 *
 * `checksum` is the SHA-256 of every byte after the header line, so a truncated, edited or
 * mixed-up file is refused before anything is written to the target.
 */
export const exportFormat = 'vinh-danh/store-export';
export const exportFormatVersion = 1;

export const exportHeaderSchema = z.object({
  format: z.literal(exportFormat),
  formatVersion: z.literal(exportFormatVersion),
  /** Adapter the rows came from: `pglite`, `postgres` or `mongodb`. */
  sourceAdapter: z.string().min(1),
  sourceServerVersion: z.string(),
  /** Migration level of the source; the target must be at the same one. */
  migrationLevel: z.number().int().nonnegative(),
  exportedAt: z.string(),
  /** Rows per table, in the order they follow. */
  counts: z.record(z.string(), z.number().int().nonnegative()),
  rows: z.number().int().nonnegative(),
  checksum: z.string().regex(/^sha256:[0-9a-f]{64}$/, 'must be sha256:<64 hex digits>'),
});

export type ExportHeader = z.infer<typeof exportHeaderSchema>;

const bodyLineSchema = z.object({ table: z.string().min(1), row: z.record(z.string(), z.unknown()) }).strict();

/** The text of one body line, newline included: what the checksum covers. */
export const bodyLine = (row: StoreExportRow): string => `${JSON.stringify({ table: row.table, row: row.row })}\n`;

/** The lines of a file without their line ends, numbered from 1. */
export async function* readLines(path: string): AsyncGenerator<{ line: string; number: number }> {
  const input = createReadStream(path, { encoding: 'utf8' });
  const lines = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY });
  let number = 0;
  try {
    for await (const line of lines) yield { line, number: ++number };
  } catch (error) {
    throw new TransferFileError(`cannot read ${path}: ${error instanceof Error ? error.message : String(error)}`, 1, { cause: error });
  } finally {
    lines.close();
    input.destroy();
  }
}

/** Parses and checks the header line. */
export function parseHeader(line: string | undefined, path: string): ExportHeader {
  if (line === undefined) throw new TransferFileError(`${path} is empty: not a store export`);
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    throw new TransferFileError(`${path}: the first line is not JSON, so this is not a store export`);
  }
  const parsed = exportHeaderSchema.safeParse(value);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => `${issue.path.join('.') || 'header'}: ${issue.message}`).join('; ');
    throw new TransferFileError(`${path}: not a store export of format ${exportFormat} v${exportFormatVersion} (${issues})`);
  }
  return parsed.data;
}

/** Parses one body line into a row. */
export function parseBodyLine(line: string, number: number, path: string): StoreExportRow {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    throw new TransferFileError(`${path}:${number}: not a JSON line`);
  }
  const parsed = bodyLineSchema.safeParse(value);
  if (!parsed.success) throw new TransferFileError(`${path}:${number}: expected {"table": "…", "row": {…}}`);
  return parsed.data;
}
