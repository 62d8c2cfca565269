import { Schema } from 'mongoose';
import { collections } from './collections.ts';
import { field, schemaOptions } from './schema-fields.ts';

/** Documents the store keeps for itself: applied migrations and key generators. */

/** The migration runner's bookkeeping: one document per applied version. */
export interface MigrationDocument {
  /** The migration version. */
  _id: number;
  name: string;
  appliedAt: Date;
}

export const migrationSchema = new Schema<MigrationDocument>(
  {
    _id: field.integer('_id'),
    name: field.text('name'),
    appliedAt: field.timestamp('appliedAt'),
  },
  schemaOptions(collections.migrations),
);

/** A key generator: `value` is the last key handed out. */
export interface SequenceDocument {
  /** The sequence name, e.g. `award_history.entry_id`. */
  _id: string;
  value: number;
}

export const sequenceSchema = new Schema<SequenceDocument>(
  {
    _id: field.text('_id'),
    value: field.integer('value'),
  },
  schemaOptions(collections.sequences),
);
