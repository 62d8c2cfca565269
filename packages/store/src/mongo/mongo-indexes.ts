import type { Connection } from 'mongoose';
import type { StoreIndex, StoreIndexReport } from '../store.port.ts';
import { collections } from './collections.ts';
import { liveIndexSpecs, mongoMigrations } from './migrations.ts';
import { database } from './mongo-connection.ts';

/** An index as `listIndexes` describes it (the fields that change what it does). */
export interface IndexDescription {
  name: string;
  key: Record<string, unknown>;
  unique?: boolean;
  sparse?: boolean;
  partialFilterExpression?: Record<string, unknown>;
  expireAfterSeconds?: number;
  collation?: Record<string, unknown>;
  hidden?: boolean;
}

const isOperatorObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && Object.keys(value).length > 0 && Object.keys(value).every((key) => key.startsWith('$'));

/** BSON type numbers of `$type` by their aliases, so `{ $type: 2 }` and `{ $type: 'string' }` read alike. */
const bsonTypeAliases: Record<number, string> = { 1: 'double', 2: 'string', 3: 'object', 4: 'array', 5: 'binData', 7: 'objectId', 8: 'bool', 9: 'date', 10: 'null', 16: 'int', 18: 'long' };
const typeAlias = (type: unknown): unknown => (typeof type === 'number' ? (bsonTypeAliases[type] ?? type) : type);

/**
 * A filter in one spelling: `{ field: value }` as `{ field: { $eq: value } }`, `$type` by alias,
 * fields and operators in name order, so the same filter compares equal however it was written.
 */
export function canonicalFilter(filter: Record<string, unknown>): Record<string, unknown> {
  const canonical: Record<string, unknown> = {};
  for (const field of Object.keys(filter).sort()) {
    const condition = filter[field];
    if (field === '$and' || field === '$or') {
      canonical[field] = Array.isArray(condition) ? condition.map((part) => canonicalFilter(part as Record<string, unknown>)) : condition;
    } else if (isOperatorObject(condition)) {
      canonical[field] = Object.fromEntries(
        Object.keys(condition)
          .sort()
          .map((operator) => [operator, operator === '$type' ? typeAlias(condition[operator]) : condition[operator]]),
      );
    } else {
      canonical[field] = { $eq: condition };
    }
  }
  return canonical;
}

/**
 * The normalised definition `store:check` compares, e.g.
 * `unique index on tasks {"tokenHash":1} where {"tokenHash":{"$type":"string"}}`. Key order is
 * kept (it is the index); numbers of the key pattern are rendered as plain numbers.
 */
export function indexDefinition(collection: string, index: IndexDescription): string {
  const key = Object.fromEntries(Object.entries(index.key).map(([field, direction]) => [field, typeof direction === 'string' ? direction : Number(direction)]));
  return [
    `${index.unique ? 'unique ' : ''}index on ${collection} ${JSON.stringify(key)}`,
    index.partialFilterExpression ? `where ${JSON.stringify(canonicalFilter(index.partialFilterExpression))}` : '',
    index.sparse ? 'sparse' : '',
    index.expireAfterSeconds !== undefined ? `expire after ${index.expireAfterSeconds}s` : '',
    index.collation ? `collation ${JSON.stringify(index.collation)}` : '',
    index.hidden ? 'hidden' : '',
  ]
    .filter(Boolean)
    .join(' ');
}

const byTableAndName = (a: StoreIndex, b: StoreIndex) => (a.table === b.table ? (a.name < b.name ? -1 : a.name > b.name ? 1 : 0) : a.table < b.table ? -1 : 1);

/** What the migrations define: their indexes and the `_id_` index of every collection they make. */
export function expectedIndexes(): StoreIndex[] {
  const made = [collections.migrations, ...mongoMigrations.flatMap((migration) => migration.collections)];
  const expected: StoreIndex[] = made.map((collection) => ({ table: collection, name: '_id_', definition: indexDefinition(collection, { name: '_id_', key: { _id: 1 } }) }));
  for (const spec of liveIndexSpecs()) {
    expected.push({ table: spec.collection, name: spec.name, definition: indexDefinition(spec.collection, spec) });
  }
  return expected.sort(byTableAndName);
}

/** What the database holds: every index of every collection (`listIndexes`). */
export async function foundIndexes(connection: Connection): Promise<StoreIndex[]> {
  const db = database(connection);
  const found: StoreIndex[] = [];
  const names = (await db.listCollections({}, { nameOnly: true }).toArray())
    .filter((info) => (info.type === undefined || info.type === 'collection') && !info.name.startsWith('system.'))
    .map((info) => info.name);
  for (const collection of names) {
    for (const index of (await db.collection(collection).listIndexes().toArray()) as IndexDescription[]) {
      found.push({ table: collection, name: index.name, definition: indexDefinition(collection, index) });
    }
  }
  return found.sort(byTableAndName);
}

/** `Store.admin.indexes` for MongoDB. */
export async function indexReport(connection: Connection): Promise<StoreIndexReport> {
  return { expected: expectedIndexes(), found: await foundIndexes(connection) };
}
