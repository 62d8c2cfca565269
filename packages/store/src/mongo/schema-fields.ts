import { Schema } from 'mongoose';

/** Where a rule reads the value it checks: a document, or a query when update validators run. */
interface ValueSource {
  get?(path: string): unknown;
}

/**
 * `NOT NULL` as the SQL schema means it: the value must be present and not null, while an
 * empty string or empty bytes are values (Mongoose's own `required` refuses both).
 */
function notNull(path: string): [(this: unknown) => boolean, string] {
  return [
    function requiredWhenMissing(this: unknown) {
      const source = this as ValueSource | null | undefined;
      return typeof source?.get === 'function' ? source.get(path) == null : false;
    },
    `${path} must not be null`,
  ];
}

const wholeNumber = {
  validator: (value: unknown) => value === null || value === undefined || Number.isSafeInteger(value),
  message: '{PATH} must be a whole number',
};

/** Field definitions mirroring the column types of the SQL schema. */
export const field = {
  text: (path: string) => ({ type: String, required: notNull(path) }),
  nullableText: () => ({ type: String, default: null }),
  oneOf: (path: string, values: readonly string[]) => ({ type: String, required: notNull(path), enum: [...values] }),
  integer: (path: string) => ({ type: Number, required: notNull(path), validate: wholeNumber }),
  nullableInteger: () => ({ type: Number, default: null, validate: wholeNumber }),
  boolean: (path: string) => ({ type: Boolean, required: notNull(path) }),
  timestamp: (path: string) => ({ type: Date, required: notNull(path) }),
  nullableTimestamp: () => ({ type: Date, default: null }),
  /** A calendar day, kept as midnight UTC of that day. */
  day: (path: string) => ({ type: Date, required: notNull(path) }),
  nullableDay: () => ({ type: Date, default: null }),
  /** Plain JSON (snapshots, events, payloads), stored as a sub-document. */
  json: (path: string) => ({ type: Schema.Types.Mixed, required: notNull(path) }),
  nullableJson: () => ({ type: Schema.Types.Mixed, default: null }),
  bytes: (path: string) => ({ type: Buffer, required: notNull(path) }),
};

/**
 * Options every collection's schema shares: no `__v` (the instance version is the store's own
 * concurrency token), empty objects kept (`details: {}` must read back as `{}`), and an
 * unknown field is an error rather than silently dropped.
 */
export function schemaOptions(collection: string) {
  return { collection, versionKey: false, minimize: false, id: false, strict: 'throw' } as const;
}
