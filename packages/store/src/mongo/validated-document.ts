import type { Model } from 'mongoose';

/**
 * The document as its schema casts it, or the schema's `ValidationError`. Inserts validate by
 * themselves; a document written by an upsert (`$setOnInsert`) is checked with this first,
 * since Mongoose does not validate updates unless asked.
 */
export function validated<T>(model: Model<T>, document: T): T {
  const hydrated = new model(document);
  const error = hydrated.validateSync();
  if (error) throw error;
  return hydrated.toObject() as T;
}

/**
 * The fields an upsert sets when it inserts: all but `_id` and those its filter already fixes
 * (the server takes them from the filter's equalities), so the update never names a field twice.
 */
export function insertedFields<T extends object>(document: T, filterKeys: ReadonlyArray<string>): Partial<T> {
  const fields: Record<string, unknown> = { ...(document as Record<string, unknown>) };
  for (const key of ['_id', ...filterKeys]) delete fields[key];
  return fields as Partial<T>;
}
