import pg from 'pg';
import type { SqlDriver, SqlExecutor } from './sql-driver.ts';

// int8 (counts) as numbers: our counters stay far below 2^53.
pg.types.setTypeParser(20, (value) => Number.parseInt(value, 10));

export interface PgDriverOptions {
  /** `postgres://…` connection string. */
  connectionString: string;
  /** Pool size; default 10. */
  poolSize?: number;
  /** Schema to work in (created if missing); default the server's search_path. */
  schema?: string;
}

/** A driver over a `pg` connection pool, for PostgreSQL servers. */
export function createPgDriver(options: PgDriverOptions): SqlDriver {
  const schema = options.schema;
  if (schema !== undefined && !/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`invalid schema name "${schema}"`);
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.poolSize ?? 10,
    // Set per connection at start-up, before any query of ours runs on it.
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
  });
  // An idle client losing its connection must not crash the process; the next query reconnects.
  pool.on('error', () => {});

  const run: SqlExecutor['query'] = async (text, params) => {
    const result = await pool.query(text, params as unknown[]);
    return { rows: result.rows, rowCount: result.rowCount ?? 0 };
  };

  return {
    adapter: 'postgres',
    query: run,
    async exec(script) {
      await pool.query(script);
    },
    async transaction(work) {
      const client = await pool.connect();
      const tx: SqlExecutor = {
        async query(text, params) {
          const result = await client.query(text, params as unknown[]);
          return { rows: result.rows, rowCount: result.rowCount ?? 0 };
        },
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
