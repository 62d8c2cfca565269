import { Schema } from 'mongoose';
import type { DocumentKind } from '../store.port.ts';
import { collections } from './collections.ts';
import { field, schemaOptions } from './schema-fields.ts';

/** Documents of decisions: their counters, the decisions and their files, and award history. */

export const documentKinds: readonly DocumentKind[] = ['decision', 'certificate'];
export const awardHistorySources = ['decision', 'import'] as const;

/** Keyed by (authority, year), unique: the last number taken. */
export interface DecisionCounterDocument {
  authority: string;
  year: number;
  lastNumber: number;
}

export const decisionCounterSchema = new Schema<DecisionCounterDocument>(
  {
    authority: field.text('authority'),
    year: field.integer('year'),
    lastNumber: field.integer('lastNumber'),
  },
  schemaOptions(collections.decisionCounters),
);

export interface DecisionDocument {
  /** The decision id. */
  _id: string;
  nominationId: string;
  instanceId: string;
  authority: string;
  issuerCode: string;
  year: number;
  /** Unique per (register, year). */
  number: number;
  decisionNumber: string;
  awardTypeId: string;
  decisionDate: Date;
  amountVnd: number | null;
  amountBasis: Record<string, unknown>;
  createdAt: Date;
  /** The register (issuing body and document code) the number was taken from; null only on one an earlier version wrote during a rolling upgrade. */
  register: string | null;
}

export const decisionSchema = new Schema<DecisionDocument>(
  {
    _id: field.text('_id'),
    nominationId: field.text('nominationId'),
    instanceId: field.text('instanceId'),
    authority: field.text('authority'),
    issuerCode: field.text('issuerCode'),
    year: field.integer('year'),
    number: field.integer('number'),
    decisionNumber: field.text('decisionNumber'),
    awardTypeId: field.text('awardTypeId'),
    decisionDate: field.day('decisionDate'),
    amountVnd: field.nullableInteger(),
    amountBasis: field.json('amountBasis'),
    createdAt: field.timestamp('createdAt'),
    register: field.nullableText(),
  },
  schemaOptions(collections.decisions),
);

/** Keyed by (decisionId, kind), unique. */
export interface DecisionFileDocument {
  decisionId: string;
  kind: DocumentKind;
  contentType: string;
  content: Buffer;
}

export const decisionFileSchema = new Schema<DecisionFileDocument>(
  {
    decisionId: field.text('decisionId'),
    kind: field.oneOf('kind', documentKinds),
    contentType: field.text('contentType'),
    content: field.bytes('content'),
  },
  schemaOptions(collections.decisionDocuments),
);

export interface AwardHistoryDocument {
  /** The entry id, from the `award_history.entry_id` sequence. */
  _id: number;
  nomineeKey: string;
  awardTypeId: string | null;
  year: number;
  decisionDate: Date | null;
  decisionNumber: string | null;
  disciplined: boolean;
  source: (typeof awardHistorySources)[number];
  createdAt: Date;
}

export const awardHistorySchema = new Schema<AwardHistoryDocument>(
  {
    _id: field.integer('_id'),
    nomineeKey: field.text('nomineeKey'),
    awardTypeId: field.nullableText(),
    year: field.integer('year'),
    decisionDate: field.nullableDay(),
    decisionNumber: field.nullableText(),
    disciplined: field.boolean('disciplined'),
    source: field.oneOf('source', awardHistorySources),
    createdAt: field.timestamp('createdAt'),
  },
  schemaOptions(collections.awardHistory),
);
