import pg from 'pg';
import { pgErrorCode, type SqlDriver, type SqlExecutor } from './sql-driver.ts';

// int8 (counts) as numbers: our counters stay far below 2^53.
pg.types.setTypeParser(20, (value) => Number.parseInt(value, 10));

export interface PgDriverOptions {
  /** `postgres://…` connection string. */
  connectionString: string;
  /** Pool size; default 10. */
  poolSize?: number;
  /** Schema to work in (created if missing); default the server's search_path. */
  schema?: string;
  /**
   * How long opening a connection may take, ms; default 10 000. A server that accepts the TCP
   * connection but never answers (a partition, a hung proxy) then fails the query instead of
   * holding it, and a process's start, for good. Waiting for a busy pool's free connection is
   * not bounded by it.
   */
  connectTimeoutMs?: number;
}

/** Distinct statement texts that get a name; past this, statements run unnamed. */
const maxNamedStatements = 500;

/** Runs of a statement after which its plan is first made again; each later time, ten times as many. */
const firstReplanAfterRuns = 100;
/** The last replanning; later, PostgreSQL's own (after an ANALYZE of a table it reads) is enough. */
const lastReplanAtRuns = 1_000_000;

/** PostgreSQL's refusal of a prepared statement whose table changed shape (SQLSTATE 0A000). */
const isCachedPlanChanged = (error: unknown) =>
  pgErrorCode(error) === '0A000' && error instanceof Error && error.message.includes('cached plan must not change result type');

/**
 * Names every parameterised statement after its text, so each pooled connection parses and
 * plans it once and then only binds and executes it. Planning our larger statements (the
 * commit CTE) costs PostgreSQL more than running them. Should a migration from another
 * process change a table under a prepared `SELECT *`, PostgreSQL refuses the old statement
 * (having done nothing): the names move to a new generation and the query runs again,
 * prepared afresh. Inside a transaction the refusal has already aborted it, so the error
 * goes to the caller, whose retry then finds fresh names.
 *
 * A prepared plan is chosen for the tables as they were when it was made: one made while a
 * table was nearly empty scans it whole, and would go on doing so long after it has grown
 * (until an ANALYZE happens to replace it). So a statement gets a new name, and each connection
 * plans it afresh, after 100 runs, then after 1 000, 10 000 and so on: a plan is remade each
 * time its statement has run ten times as often as when it was made, i.e. roughly as often as
 * the data it reads has grown tenfold, at the cost of one more PREPARE per connection each time.
 * The old statements stay prepared on their connections (a few per statement text): it stops
 * after the millionth run, by when autoanalyze has long taken over keeping plans current.
 */
function createStatementNames() {
  let generation = 0;
  let serial = 0;
  let names = new Map<string, { name: string; runs: number; replanAt: number }>();
  const nameOf = (text: string) => {
    let entry = names.get(text);
    if (entry === undefined) {
      if (names.size >= maxNamedStatements) return undefined;
      entry = { name: `vd${generation}_${serial++}`, runs: 0, replanAt: firstReplanAfterRuns };
      names.set(text, entry);
    }
    entry.runs += 1;
    if (entry.runs >= entry.replanAt && entry.replanAt <= lastReplanAtRuns) {
      entry.name = `vd${generation}_${serial++}`;
      entry.replanAt *= 10;
    }
    return entry.name;
  };
  return {
    async run(
      submit: (config: pg.QueryConfig) => Promise<pg.QueryResult>,
      text: string,
      params: unknown[] | undefined,
      canRetry: boolean,
    ): Promise<{ rows: never[]; rowCount: number }> {
      // Statements without parameters (DDL, SET, scripts) are rare and stay unnamed.
      const name = params && params.length > 0 ? nameOf(text) : undefined;
      try {
        const result = await submit({ text, values: params, ...(name ? { name } : {}) });
        return { rows: result.rows as never[], rowCount: result.rowCount ?? 0 };
      } catch (error) {
        if (!name || !isCachedPlanChanged(error)) throw error;
        if (names.get(text)?.name === name) {
          generation += 1;
          names = new Map();
        }
        if (!canRetry) throw error;
        const result = await submit({ text, values: params });
        return { rows: result.rows as never[], rowCount: result.rowCount ?? 0 };
      }
    },
  };
}

/** A driver over a `pg` connection pool, for PostgreSQL servers. */
export function createPgDriver(options: PgDriverOptions): SqlDriver {
  const schema = options.schema;
  if (schema !== undefined && !/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`invalid schema name "${schema}"`);
  const connectTimeoutMs = options.connectTimeoutMs ?? 10_000;
  // The timeout bounds opening a connection only. Set on the pool, it would also fail every query
  // that waits for a busy pool's next free connection longer than that (a burst, a lock wait).
  class TimedClient extends pg.Client {
    constructor(config?: string | pg.ClientConfig) {
      super({ ...(typeof config === 'string' ? { connectionString: config } : config), connectionTimeoutMillis: connectTimeoutMs });
    }
  }
  const pool = new pg.Pool({
    Client: TimedClient,
    connectionString: options.connectionString,
    max: options.poolSize ?? 10,
    // A connection whose peer vanished is noticed by the OS instead of waited on for ever.
    keepAlive: true,
    // Set per connection at start-up, before any query of ours runs on it.
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
  });
  // An idle client losing its connection must not crash the process; the next query reconnects.
  pool.on('error', () => {});

  const statements = createStatementNames();
  const run: SqlExecutor['query'] = (text, params) => statements.run((config) => pool.query(config), text, params, true);

  return {
    adapter: 'postgres',
    query: run,
    async exec(script) {
      await pool.query(script);
    },
    async transaction(work) {
      const client = await pool.connect();
      const tx: SqlExecutor = {
        query: (text, params) => statements.run((config) => client.query(config), text, params, false),
        async exec(script) {
          await client.query(script);
        },
      };
      try {
        await client.query('BEGIN');
        const value = await work(tx);
        await client.query('COMMIT');
        return value;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => {});
        throw error;
      } finally {
        client.release();
      }
    },
    async close() {
      await pool.end();
    },
  };
}
