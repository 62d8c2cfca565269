import mongoose, { type ClientSession, type Connection, type mongo } from 'mongoose';

export interface MongoConnectionOptions {
  /** `mongodb://…` or `mongodb+srv://…`; its path names the database unless `dbName` is given. */
  url: string;
  /** Database to work in instead of the URL's (tests isolate themselves this way). */
  dbName?: string | undefined;
  /** Connections in the driver's pool; default 10. */
  poolSize?: number | undefined;
}

/**
 * Opens a connection of its own (never the global mongoose one) and checks that the server can
 * run multi-document transactions, which every commit of the store needs, and is recent enough.
 *
 * Indexes and collections are the migrations' business, so Mongoose creates none by itself
 * (`autoIndex`, `autoCreate` off), and calls fail at once instead of queueing while the
 * connection is down (`bufferCommands` off): a closed store rejects its calls.
 */
export async function openMongoConnection(options: MongoConnectionOptions): Promise<Connection> {
  const connection = mongoose.createConnection(options.url, {
    ...(options.dbName ? { dbName: options.dbName } : {}),
    maxPoolSize: options.poolSize ?? 10,
    autoIndex: false,
    autoCreate: false,
    bufferCommands: false,
    // Transactions read majority-committed snapshots from the primary: every write outside one
    // must be majority-committed too, and reads must go to the primary, or a transaction could
    // miss a write the same process just made. Whatever the URL says.
    writeConcern: { w: 'majority' },
    readPreference: 'primary',
  });
  try {
    await connection.asPromise();
    await requireVersion(connection);
    await requireTransactions(connection);
    return connection;
  } catch (error) {
    await connection.close().catch(() => {});
    throw error;
  }
}

/** The driver's database handle; throws when the connection never opened. */
export function database(connection: Connection): mongo.Db {
  const db = connection.db;
  if (!db) throw new Error('the MongoDB connection is not open');
  return db;
}

/**
 * A standalone `mongod` cannot run transactions: say so when the store opens rather than
 * at the first commit.
 */
async function requireTransactions(connection: Connection): Promise<void> {
  const hello = await database(connection).admin().command({ hello: 1 });
  if (typeof hello.setName === 'string' || hello.msg === 'isdbgrid') return;
  throw new Error(
    'MongoDB is running as a standalone server: the store commits in multi-document transactions, ' +
      'which need a replica set (one node is enough: mongod --replSet rs0, then rs.initiate()) or a sharded cluster',
  );
}

/** Snapshot reads (a consistent export) and `$`/`.` in stored JSON field names need MongoDB 5.0. */
const minimumMajorVersion = 5;

async function requireVersion(connection: Connection): Promise<void> {
  const { version } = await database(connection).admin().buildInfo();
  const major = Number.parseInt(String(version), 10);
  if (Number.isFinite(major) && major < minimumMajorVersion) {
    throw new Error(`MongoDB ${String(version)} is too old: the store needs MongoDB ${minimumMajorVersion}.0 or later`);
  }
}

/**
 * Every transaction reads one majority-committed snapshot and commits with majority write
 * concern, so what it read cannot be rolled back under it. Two transactions writing the same
 * document conflict; the loser is retried whole by the driver (`TransientTransactionError`).
 */
const transactionOptions: mongo.TransactionOptions = {
  readConcern: { level: 'snapshot' },
  writeConcern: { w: 'majority' },
  readPreference: 'primary',
};

/**
 * Runs `work` in one multi-document transaction (Mongoose's `connection.transaction`, over the
 * driver's `withTransaction`): all its writes commit together or none does. `work` may run
 * more than once after a transient conflict, so it must start from scratch each time.
 */
export function inTransaction<T>(connection: Connection, work: (session: ClientSession) => Promise<T>): Promise<T> {
  return connection.transaction(work, transactionOptions);
}

/** The options that put an operation in `session`'s transaction, or none outside one. */
export const inSession = (session: ClientSession | null): { session?: ClientSession } => (session ? { session } : {});

/** MongoDB's duplicate key error (a unique index refused a write), from a single or a bulk write. */
export function isDuplicateKey(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code, writeErrors } = error as { code?: unknown; writeErrors?: unknown };
  if (code === 11000 || code === 11001) return true;
  // A bulk write reports one error or a list of them.
  const errors: unknown[] = Array.isArray(writeErrors) ? writeErrors : writeErrors ? [writeErrors] : [];
  return errors.some((writeError) => isDuplicateKey(writeError));
}

/** Attempts at a write that lost an insert race (a duplicate key) before its error is given up. */
const duplicateKeyAttempts = 3;

/**
 * Runs `write` again when it lost an insert race: a concurrent upsert (or a transaction whose
 * upsert the server reports as a duplicate key rather than a write conflict) inserted the same
 * key first. The next attempt finds that document and takes the update path.
 */
export async function retryingDuplicateKey<T>(write: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await write();
    } catch (error) {
      if (!isDuplicateKey(error) || attempt >= duplicateKeyAttempts) throw error;
    }
  }
}

/** Drops a whole database, e.g. a test's; a database that does not exist is no error. */
export async function dropMongoDatabase(url: string, dbName: string): Promise<void> {
  const connection = mongoose.createConnection(url, { dbName, autoIndex: false, autoCreate: false, bufferCommands: false, maxPoolSize: 1 });
  try {
    await connection.asPromise();
    await connection.dropDatabase();
  } finally {
    await connection.close().catch(() => {});
  }
}
