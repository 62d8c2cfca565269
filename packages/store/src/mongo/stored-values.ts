import { date } from '../records/record-mappers.ts';

/** Values whose form in a document read back differs from what the port hands out: days and bytes. */

/** A calendar day as the store keeps it (midnight UTC); null stays null. */
export function storedDay(value: unknown): Date | null {
  if (value === null || value === undefined) return null;
  const at = date(value);
  return new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate()));
}

/**
 * Binary content as a fresh `Uint8Array` the caller owns. The driver returns BSON `Binary`
 * (its bytes are `buffer` up to `position`); a Buffer is accepted too.
 */
export function storedBytes(value: unknown): Uint8Array {
  if (value instanceof Uint8Array) return new Uint8Array(value);
  if (typeof value === 'object' && value !== null && (value as { _bsontype?: unknown })._bsontype === 'Binary') {
    const { buffer, position } = value as { buffer: Uint8Array; position: number };
    return new Uint8Array(buffer.subarray(0, position));
  }
  throw new TypeError(`expected binary content, found ${typeof value}`);
}
