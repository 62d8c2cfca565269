/**
 * The MongoDB migrations and the index definitions `store:check` compares, with no MongoDB
 * server: the SQL side, where compared, is an embedded PGlite database.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { migrations as sqlMigrations } from '../sql/migrations.ts';
import { createPgliteDriver } from '../sql/pglite-driver.ts';
import { createSqlStore } from '../sql/sql-store.ts';
import type { Store, StoreIndex } from '../store.port.ts';
import { collections } from './collections.ts';
import { latestMongoMigration, liveIndexSpecs, mongoMigrations, type IndexSpec } from './migrations.ts';
import { catalog } from './mongo-catalog.ts';
import { canonicalFilter, expectedIndexes, indexDefinition } from './mongo-indexes.ts';

const allSpecs = liveIndexSpecs();
const specWith = (collection: string, key: Record<string, 1 | -1>): IndexSpec | undefined =>
  allSpecs.find((spec) => spec.collection === collection && JSON.stringify(spec.key) === JSON.stringify(key));

describe('MongoDB migrations', () => {
  it('when the migrations are listed, then their versions ascend from 1 without gaps or repeats', () => {
    const versions = mongoMigrations.map((migration) => migration.version);
    assert.deepEqual(versions, Array.from({ length: versions.length }, (_, index) => index + 1));
    assert.equal(latestMongoMigration, versions.at(-1));
  });

  it('when compared with the SQL migrations, then they have the same versions and names: one migration story', () => {
    assert.deepEqual(
      mongoMigrations.map(({ version, name }) => ({ version, name })),
      sqlMigrations.map(({ version, name }) => ({ version, name })),
    );
  });

  it('when a migration indexes a collection, then that migration or an earlier one creates it, and each index says what it serves', () => {
    const created = new Set<string>();
    for (const migration of mongoMigrations) {
      for (const name of migration.collections) created.add(name);
      for (const spec of migration.indexes) {
        assert.ok(created.has(spec.collection), `${spec.name}: ${spec.collection} exists by version ${migration.version}`);
        assert.ok(spec.serves.length > 10, `${spec.name} names the query it serves`);
      }
    }
    assert.deepEqual([...created].sort(), [...catalog.map((table) => table.name), collections.sequences].sort(), 'every exported collection, and the sequences');
  });

  it('when the issue\'s list of indexes is checked, then each is defined, unique where it must be', () => {
    assert.equal(specWith('history', { instanceId: 1, eventId: 1 })?.unique, true, 'unique event ids per instance');
    assert.equal(specWith('inbox', { instanceId: 1, eventId: 1 })?.unique, true, 'one inbox entry per event and instance');
    assert.equal(specWith('tasks', { tokenHash: 1 })?.unique, true, 'unique token hashes');
    assert.deepEqual(specWith('tasks', { tokenHash: 1 })?.partialFilterExpression, { tokenHash: { $type: 'string' } }, 'tasks without a link do not clash');
    assert.equal(specWith('decisions', { register: 1, year: 1, number: 1 })?.unique, true, 'unique decision numbers per register and year');
    assert.equal(specWith('decisions', { authority: 1, year: 1, number: 1 }), undefined, 'two bodies whose signatories print alike each number from 1');
    assert.equal(specWith('decision_counters', { authority: 1, year: 1 })?.unique, true, 'one counter per authority and year');
    assert.ok(specWith('tasks', { assignee: 1, status: 1 }), 'tasks by assignee and state');
    assert.ok(specWith('nominations', { unitId: 1, awardTypeId: 1, period: 1, status: 1 }), 'nominations by unit / award / year / state');
  });

  it('when a collection is keyed by several fields, then a unique index on them serves its export order', () => {
    for (const table of catalog.filter((candidate) => JSON.stringify(candidate.keyOrder) !== '{"_id":1}')) {
      const spec = specWith(table.name, table.keyOrder);
      assert.equal(spec?.unique, true, `${table.name} ${JSON.stringify(table.keyOrder)}`);
    }
  });
});

describe('index definitions', () => {
  let sqlIndexes: StoreIndex[] = [];
  let sqlStore: Store | undefined;
  before(async () => {
    sqlStore = createSqlStore(await createPgliteDriver({ dataDir: 'memory://' }));
    await sqlStore.migrate();
    sqlIndexes = (await sqlStore.admin.indexes()).expected;
  });
  after(() => sqlStore?.close());

  it('when the SQL schema\'s indexes are listed, then MongoDB has each under the same name, or its primary key is `_id`', () => {
    const mongoNames = new Set(expectedIndexes().map((index) => `${index.table}.${index.name}`));
    const keyedById = new Set<string>(catalog.filter((table) => JSON.stringify(table.keyOrder) === '{"_id":1}').map((table) => table.name));
    for (const index of sqlIndexes) {
      const servedByNaturalId = index.name === `${index.table}_pkey` && (keyedById.has(index.table) || index.table === collections.migrations);
      assert.ok(servedByNaturalId || mongoNames.has(`${index.table}.${index.name}`), `${index.table}.${index.name}: ${index.definition}`);
    }
    const sqlNames = new Set(sqlIndexes.map((index) => `${index.table}.${index.name}`));
    for (const spec of allSpecs) assert.ok(sqlNames.has(`${spec.collection}.${spec.name}`), `${spec.collection}.${spec.name} stands for an SQL index`);
  });

  it('when expected indexes are listed, then every collection the migrations make has its `_id_` index beside the specs', () => {
    const expected = expectedIndexes();
    const made = [collections.migrations, ...mongoMigrations.flatMap((migration) => migration.collections)];
    for (const collection of made) {
      assert.ok(expected.some((index) => index.table === collection && index.name === '_id_' && index.definition === `index on ${collection} {"_id":1}`), collection);
    }
    assert.equal(expected.length, made.length + allSpecs.length);
  });

  it('when the server describes an index as it was created, then its definition equals the expected one', () => {
    const spec = specWith('tasks', { tokenHash: 1 })!;
    // What `listIndexes` answers for it: the creation spec plus the index version.
    const listed = { v: 2, key: { tokenHash: 1 }, name: 'tasks_token_hash_key', unique: true, partialFilterExpression: { tokenHash: { $type: 'string' } } };
    assert.equal(indexDefinition('tasks', listed), indexDefinition('tasks', spec));
    assert.equal(indexDefinition('tasks', spec), 'unique index on tasks {"tokenHash":1} where {"tokenHash":{"$type":"string"}}');
  });

  it('when an index differs in its key order, uniqueness or filter, then its definition differs', () => {
    const base = { name: 'x', key: { assignee: 1, status: 1 } };
    const definition = indexDefinition('tasks', base);
    assert.notEqual(indexDefinition('tasks', { ...base, key: { status: 1, assignee: 1 } }), definition);
    assert.notEqual(indexDefinition('tasks', { ...base, unique: true }), definition);
    assert.notEqual(indexDefinition('tasks', { ...base, partialFilterExpression: { status: 'open' } }), definition);
    assert.notEqual(indexDefinition('tasks', { ...base, sparse: true }), definition);
  });

  it('when a filter is written with or without `$eq`, or in another field order, then it reads the same', () => {
    assert.deepEqual(canonicalFilter({ status: 'pending', a: { $gt: 1 } }), canonicalFilter({ a: { $gt: 1 }, status: { $eq: 'pending' } }));
    assert.deepEqual(canonicalFilter({ status: 'pending' }), { status: { $eq: 'pending' } });
    assert.deepEqual(canonicalFilter({ tokenHash: { $type: 2 } }), canonicalFilter({ tokenHash: { $type: 'string' } }));
  });
});
