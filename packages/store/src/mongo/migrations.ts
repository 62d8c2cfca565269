import type { Connection, mongo } from 'mongoose';
import type { MigrationDocument } from './bookkeeping.schema.ts';
import { collections, type CollectionName } from './collections.ts';
import { database, isDuplicateKey } from './mongo-connection.ts';

/** An index a migration creates; `serves` names the query it is there for. */
export interface IndexSpec {
  collection: CollectionName;
  /** Named after the SQL index or constraint it stands for, so `store:check` reads alike on both. */
  name: string;
  key: Record<string, 1 | -1>;
  unique?: true;
  partialFilterExpression?: Record<string, unknown>;
  serves: string;
}

export interface MongoMigration {
  /** The same versions, with the same names, as the SQL migrations: one migration story. */
  version: number;
  name: string;
  /** Created when missing: a transaction writes only to collections that exist. */
  collections: CollectionName[];
  indexes: IndexSpec[];
  /** Indexes of earlier migrations this one replaces: dropped (one already gone is fine). */
  dropIndexes?: Array<{ collection: string; name: string }>;
  /** Changes to existing documents; must be safe to run again. */
  apply?(db: mongo.Db): Promise<void>;
}

const pending = { status: { $eq: 'pending' } };
const failed = { status: { $eq: 'failed' } };
const present = (field: string) => ({ [field]: { $type: 'string' } });
/** Nominations stored without a duplicate key (an explicit null). */
export const unkeyed = { duplicateKey: { $type: 'null' } };

/**
 * Versioned migrations, applied in order at start. Never edit a released one: add the next.
 * Every step is idempotent (a collection or an identical index that exists is left alone), so
 * processes starting at once may run the same migration together and agree.
 */
export const mongoMigrations: readonly MongoMigration[] = [
  {
    version: 1,
    name: 'workflow runtime',
    collections: [collections.instances, collections.history, collections.inbox, collections.outbox, collections.timers, collections.tasks, collections.nominations, collections.decisionCounters],
    indexes: [
      { collection: 'instances', name: 'instances_status_idx', key: { status: 1 }, serves: 'countByStatus, operators\' views' },
      { collection: 'history', name: 'history_pkey', key: { instanceId: 1, version: 1 }, unique: true, serves: 'history.list in version order, history.lastEntered newest first; one entry per version' },
      { collection: 'history', name: 'history_instance_id_event_id_key', key: { instanceId: 1, eventId: 1 }, unique: true, serves: 'an event is applied to an instance at most once: commit, loadForEvent; history.get' },
      { collection: 'inbox', name: 'inbox_pkey', key: { instanceId: 1, eventId: 1 }, unique: true, serves: 'inbox.add is idempotent; commit marks the event applied' },
      { collection: 'inbox', name: 'inbox_pending_idx', key: { createdAt: 1, eventId: 1 }, partialFilterExpression: pending, serves: 'reconciler: events accepted but not applied, oldest first, by keyset' },
      { collection: 'outbox', name: 'outbox_pending_idx', key: { createdAt: 1, _id: 1 }, partialFilterExpression: pending, serves: 'reconciler: effects not yet carried out, oldest first, by keyset' },
      { collection: 'timers', name: 'timers_pending_due_idx', key: { dueAt: 1 }, partialFilterExpression: pending, serves: 'reconciler: pending timers by due time' },
      { collection: 'timers', name: 'timers_pending_send_idx', key: { instanceId: 1, sendId: 1 }, partialFilterExpression: pending, serves: "commit: cancel an instance's pending timers by XState send id" },
      { collection: 'tasks', name: 'tasks_token_hash_key', key: { tokenHash: 1 }, unique: true, partialFilterExpression: present('tokenHash'), serves: 'a task link finds its task; tasks without a link do not clash' },
      { collection: 'tasks', name: 'tasks_assignee_idx', key: { assignee: 1, status: 1 }, serves: "an approver's task list, by state" },
      { collection: 'tasks', name: 'tasks_instance_idx', key: { instanceId: 1 }, serves: "a nomination's tasks on its pages" },
      { collection: 'nominations', name: 'nominations_tracking_code_key', key: { trackingCode: 1 }, unique: true, serves: 'the tracking page finds a nomination by its code' },
      { collection: 'nominations', name: 'nominations_search_idx', key: { unitId: 1, awardTypeId: 1, period: 1, status: 1 }, serves: 'search by unit / award / period (year) / state' },
      { collection: 'nominations', name: 'nominations_award_period_idx', key: { awardTypeId: 1, period: 1 }, serves: 'search by award and period without a unit' },
      { collection: 'decision_counters', name: 'decision_counters_pkey', key: { authority: 1, year: 1 }, unique: true, serves: 'one counter per authority and year' },
    ],
  },
  {
    version: 2,
    name: 'units and idempotent submissions',
    collections: [collections.units],
    indexes: [
      { collection: 'nominations', name: 'nominations_idempotency_key_idx', key: { idempotencyKey: 1 }, unique: true, partialFilterExpression: present('idempotencyKey'), serves: 'a retried submission with the same Idempotency-Key finds the first one' },
    ],
  },
  {
    version: 3,
    name: 'attachments and form drafts',
    collections: [collections.attachments, collections.drafts, collections.draftAttachments],
    indexes: [
      { collection: 'attachments', name: 'attachments_nomination_idx', key: { nominationId: 1, position: 1 }, serves: "a nomination's files on its pages, in upload order" },
      { collection: 'drafts', name: 'drafts_expires_idx', key: { expiresAt: 1 }, serves: 'clean-up of abandoned drafts' },
      { collection: 'draft_attachments', name: 'draft_attachments_pkey', key: { draftId: 1, attachmentId: 1 }, unique: true, serves: "a draft's files; one file per id in a draft" },
    ],
  },
  {
    version: 4,
    name: 'decisions and award history',
    collections: [collections.decisions, collections.decisionDocuments, collections.awardHistory, collections.sequences],
    indexes: [
      { collection: 'decisions', name: 'decisions_authority_year_number_key', key: { authority: 1, year: 1, number: 1 }, unique: true, serves: 'one number per authority and year, never two decisions with it' },
      { collection: 'decisions', name: 'decisions_nomination_idx', key: { nominationId: 1 }, serves: "a nomination's decisions on its pages" },
      { collection: 'decision_documents', name: 'decision_documents_pkey', key: { decisionId: 1, kind: 1 }, unique: true, serves: "a decision's documents, one per kind" },
      { collection: 'award_history', name: 'award_history_nominee_idx', key: { nomineeKey: 1, year: 1 }, serves: "eligibility: a nominee's history, oldest year first" },
    ],
  },
  {
    version: 5,
    name: 'unit profiles',
    collections: [],
    indexes: [],
    // How a unit signs and numbers decisions: { abbreviation, issuingBody, signatories }; {} when it signs none.
    async apply(db) {
      await db.collection(collections.units).updateMany({ profile: { $exists: false } }, { $set: { profile: {} } });
    },
  },
  {
    version: 6,
    name: 'nomination duplicate keys',
    collections: [],
    indexes: [
      { collection: 'nominations', name: 'nominations_duplicate_key_idx', key: { duplicateKey: 1 }, partialFilterExpression: present('duplicateKey'), serves: 'duplicate check at submission: the nominations with the same key' },
      // A partial index cannot select missing fields, so documents without a key hold an explicit null.
      { collection: 'nominations', name: 'nominations_unkeyed_idx', key: { awardTypeId: 1, period: 1, createdAt: 1 }, partialFilterExpression: unkeyed, serves: 'duplicate check at submission: nominations stored without a key, by award and period, oldest first' },
    ],
    // The submitter's normalised nominee, award and period (the gateway derives it); null on older documents.
    async apply(db) {
      await db.collection(collections.nominations).updateMany({ duplicateKey: { $exists: false } }, { $set: { duplicateKey: null } });
    },
  },
  {
    version: 7,
    name: 'emulation clusters',
    collections: [collections.clusterYears],
    indexes: [
      { collection: 'cluster_years', name: 'cluster_years_pkey', key: { clusterId: 1, year: 1 }, unique: true, serves: 'one record per cluster and year: getYear, listYears by year, recordHandover' },
    ],
  },
  {
    version: 8,
    name: 'task link tokens, timers by send id',
    // Task links are keyed by the token's hash (`_id`): a mailed link finds its task.
    collections: [collections.taskLinks],
    indexes: [
      { collection: 'timers', name: 'timers_send_idx', key: { instanceId: 1, sendId: 1 }, serves: "commit: cancel an instance's timers by XState send id, pending or fired but not yet applied" },
    ],
    // The pending-only index it replaces, as in SQL.
    dropIndexes: [{ collection: 'timers', name: 'timers_pending_send_idx' }],
  },
  {
    version: 9,
    name: 'failed work for operators, inbox in instance order',
    collections: [],
    indexes: [
      { collection: 'inbox', name: 'inbox_failed_idx', key: { createdAt: 1, instanceId: 1, eventId: 1 }, partialFilterExpression: failed, serves: 'operators: events given up on, oldest first, by keyset (store:failed, store:retry)' },
      { collection: 'inbox', name: 'inbox_pending_order_idx', key: { createdAt: 1, instanceId: 1, eventId: 1 }, partialFilterExpression: pending, serves: 'reconciler: events accepted but not applied, oldest first, by keyset of time, instance and event' },
      { collection: 'outbox', name: 'outbox_failed_idx', key: { createdAt: 1, _id: 1 }, partialFilterExpression: failed, serves: 'operators: effects given up on, oldest first, by keyset (store:failed, store:retry)' },
    ],
    // Ordered by time and event alone, it let a page skip events of several instances sharing both.
    dropIndexes: [{ collection: 'inbox', name: 'inbox_pending_idx' }],
  },
  {
    version: 10,
    name: 'instances by state',
    collections: [],
    indexes: [
      { collection: 'instances', name: 'instances_state_idx', key: { stateValue: 1, _id: 1 }, serves: 'listInState: the instances in one state, by id (the public disclosures: disclosure.posted)' },
    ],
  },
  {
    version: 11,
    name: 'decision numbers per register',
    collections: [],
    // Numbers are unique per register (issuing body and document code) and year, as in SQL. Only
    // decisions with a register: one an earlier version writes during a rolling upgrade has none.
    indexes: [
      { collection: 'decisions', name: 'decisions_register_year_number_key', key: { register: 1, year: 1, number: 1 }, unique: true, partialFilterExpression: present('register'), serves: 'one number per register and year, never two decisions with it' },
    ],
    // Per signatory text, two bodies whose signatories print alike could not both number from 1.
    dropIndexes: [{ collection: 'decisions', name: 'decisions_authority_year_number_key' }],
    // Decisions numbered before registers were numbered per signatory text, which keys them as before.
    async apply(db) {
      await db.collection(collections.decisions).updateMany({ register: null }, [{ $set: { register: '$authority' } }]);
    },
  },
];

/** The index specs the latest migration leaves in place: every one made, less those a later one dropped. */
export function liveIndexSpecs(): IndexSpec[] {
  const dropped = new Set(mongoMigrations.flatMap((migration) => migration.dropIndexes ?? []).map((index) => `${index.collection}.${index.name}`));
  return mongoMigrations.flatMap((migration) => migration.indexes).filter((spec) => !dropped.has(`${spec.collection}.${spec.name}`));
}

export const latestMongoMigration = Math.max(...mongoMigrations.map((migration) => migration.version));

/** MongoDB's error codes the runner tolerates. */
const namespaceExists = 48;
const indexNotFound = 27;
const indexBuildAlreadyInProgress = 276;

const errorCode = (error: unknown): unknown => (typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined);

async function ensureCollection(db: mongo.Db, name: string): Promise<void> {
  try {
    await db.createCollection(name);
  } catch (error) {
    // Made by another process starting at the same time, or by an earlier run.
    if (errorCode(error) !== namespaceExists) throw error;
  }
}

/** Creates the indexes; one already there with the same definition is a no-op for the server. */
async function ensureIndexes(db: mongo.Db, collection: string, specs: IndexSpec[]): Promise<void> {
  const descriptions = specs.map(({ key, name, unique, partialFilterExpression }) => ({
    key,
    name,
    ...(unique ? { unique } : {}),
    ...(partialFilterExpression ? { partialFilterExpression } : {}),
  }));
  for (let attempt = 1; ; attempt += 1) {
    try {
      await db.collection(collection).createIndexes(descriptions);
      return;
    } catch (error) {
      // The server makes a duplicate request wait for a build in progress; should one still be
      // refused as in progress, it is retried until that build is over, then it is a no-op.
      if (errorCode(error) !== indexBuildAlreadyInProgress || attempt >= 100) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

const bookkeeping = (db: mongo.Db) => db.collection<MigrationDocument>(collections.migrations);

/** Applies pending migrations in order; safe to run from several processes at once. */
export async function runMongoMigrations(connection: Connection): Promise<void> {
  const db = database(connection);
  await ensureCollection(db, collections.migrations);
  const applied = new Set(await appliedMongoMigrations(connection));
  for (const migration of mongoMigrations) {
    if (applied.has(migration.version)) continue;
    for (const name of migration.collections) await ensureCollection(db, name);
    const byCollection = new Map<string, IndexSpec[]>();
    for (const spec of migration.indexes) byCollection.set(spec.collection, [...(byCollection.get(spec.collection) ?? []), spec]);
    for (const [collection, specs] of byCollection) await ensureIndexes(db, collection, specs);
    for (const { collection, name } of migration.dropIndexes ?? []) {
      await db.collection(collection).dropIndex(name).catch((error: unknown) => {
        // Already gone: dropped by another process starting at the same time, or never made.
        if (errorCode(error) !== indexNotFound) throw error;
      });
    }
    await migration.apply?.(db);
    try {
      await bookkeeping(db).updateOne(
        { _id: migration.version },
        { $setOnInsert: { name: migration.name, appliedAt: new Date() } },
        { upsert: true },
      );
    } catch (error) {
      // Recorded by another process at the same moment.
      if (!isDuplicateKey(error)) throw error;
    }
  }
}

/** Versions applied to the database, ascending; empty when nobody migrated it yet. */
export async function appliedMongoMigrations(connection: Connection): Promise<number[]> {
  const documents = await bookkeeping(database(connection)).find({}, { projection: { _id: 1 } }).sort({ _id: 1 }).toArray();
  return documents.map((document) => Number(document._id)).filter((version) => Number.isInteger(version));
}

/** The highest version applied; 0 for a database nobody migrated (not an error: `info()` answers before `migrate()`). */
export async function mongoMigrationLevel(connection: Connection): Promise<number> {
  const versions = await appliedMongoMigrations(connection);
  return versions.length > 0 ? Math.max(...versions) : 0;
}
