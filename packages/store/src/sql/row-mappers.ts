import { toAwardHistoryEntry, toDecisionRecord, toNewAttachment, type StoredRow } from '../records/record-mappers.ts';

/**
 * What the SQL drivers return differently from other stores: `date` and `bytea` columns. Rows
 * are otherwise in the store's neutral form already and go straight to the mappers of
 * `records/record-mappers.ts`.
 */

/** `date` columns come back as Date at local midnight (pg) or as text (PGlite); both mean midnight UTC of that day. */
export const toDay = (value: unknown): Date | null => {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return new Date(Date.UTC(value.getFullYear(), value.getMonth(), value.getDate()));
  return new Date(`${String(value).slice(0, 10)}T00:00:00Z`);
};

/** pg returns a Buffer, PGlite a Uint8Array: both are Uint8Array, copied so callers own it. */
export const toBytes = (value: unknown): Uint8Array => new Uint8Array(value as Uint8Array);

export const toDecision = (row: StoredRow) => toDecisionRecord(row, toDay);
export const toAwardHistory = (row: StoredRow) => toAwardHistoryEntry(row, toDay);
/** A draft's file as it was uploaded (`draft_attachments`). */
export const toDraftFile = (row: StoredRow) => toNewAttachment(row, toBytes);
