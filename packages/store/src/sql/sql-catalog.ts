import type { SqlExecutor } from './sql-driver.ts';

/** A column as the export and import need it. */
export interface CatalogColumn {
  name: string;
  /** `bytea`: travels as base64 in export rows and as a binary parameter on import. */
  binary: boolean;
  /** Text-like: ordered with `COLLATE "C"` so every server lists rows alike. */
  text: boolean;
  /** Filled from a sequence (`bigserial`): the sequence is moved past imported keys. */
  serial: boolean;
}

export interface CatalogTable {
  name: string;
  /** In table order. */
  columns: CatalogColumn[];
  /** Primary-key columns in key order: the order rows are exported in. */
  primaryKey: string[];
}

/** Bookkeeping of the migration runner: never exported, never cleared. */
export const migrationsTable = 'schema_migrations';

/** Identifiers come from the catalog; quoting keeps any of them a single name. */
export const quoteIdent = (name: string) => `"${name.replaceAll('"', '""')}"`;

/**
 * The tables of the store's schema (the current schema: `DATABASE_SCHEMA` or the server's
 * default), parents before children by foreign key, ties by name, so every adapter and run
 * sees the same order.
 */
export async function readCatalog(executor: SqlExecutor): Promise<CatalogTable[]> {
  const { rows: columnRows } = await executor.query<{ table_name: string; column_name: string; data_type: string; column_default: string | null }>(
    `SELECT c.table_name, c.column_name, c.data_type, c.column_default
       FROM information_schema.columns c
       JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
      WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE' AND c.table_name <> '${migrationsTable}'
      ORDER BY c.table_name, c.ordinal_position`,
  );
  const { rows: keyRows } = await executor.query<{ table_name: string; column_name: string }>(
    `SELECT cl.relname AS table_name, a.attname AS column_name
       FROM pg_index i
       JOIN pg_class cl ON cl.oid = i.indrelid
       JOIN pg_namespace n ON n.oid = cl.relnamespace
       CROSS JOIN LATERAL unnest(i.indkey::int2[]) WITH ORDINALITY AS k(attnum, position)
       JOIN pg_attribute a ON a.attrelid = cl.oid AND a.attnum = k.attnum
      WHERE i.indisprimary AND n.nspname = current_schema()
      ORDER BY cl.relname, k.position`,
  );
  const { rows: foreignKeys } = await executor.query<{ child: string; parent: string }>(
    `SELECT child.relname AS child, parent.relname AS parent
       FROM pg_constraint k
       JOIN pg_class child ON child.oid = k.conrelid
       JOIN pg_class parent ON parent.oid = k.confrelid
       JOIN pg_namespace n ON n.oid = child.relnamespace
      WHERE k.contype = 'f' AND n.nspname = current_schema()`,
  );

  const tables = new Map<string, CatalogTable>();
  for (const row of columnRows) {
    let table = tables.get(row.table_name);
    if (!table) tables.set(row.table_name, (table = { name: row.table_name, columns: [], primaryKey: [] }));
    table.columns.push({
      name: row.column_name,
      binary: row.data_type === 'bytea',
      text: row.data_type === 'text' || row.data_type === 'character varying' || row.data_type === 'character',
      serial: row.column_default?.startsWith('nextval(') ?? false,
    });
  }
  for (const row of keyRows) tables.get(row.table_name)?.primaryKey.push(row.column_name);
  for (const table of tables.values()) {
    // A table without a primary key is still listed in a stable order: by all of its columns.
    if (table.primaryKey.length === 0) table.primaryKey = table.columns.filter((column) => !column.binary).map((column) => column.name);
  }
  return dependencyOrder([...tables.values()], foreignKeys);
}

/** Kahn's algorithm with ties broken by name; a cycle (none in our schema) keeps the remainder by name. */
function dependencyOrder(tables: CatalogTable[], foreignKeys: Array<{ child: string; parent: string }>): CatalogTable[] {
  const byName = new Map(tables.map((table) => [table.name, table]));
  const parentsOf = new Map(tables.map((table) => [table.name, new Set<string>()]));
  for (const { child, parent } of foreignKeys) {
    if (child !== parent && byName.has(parent)) parentsOf.get(child)?.add(parent);
  }
  const ordered: CatalogTable[] = [];
  const placed = new Set<string>();
  while (ordered.length < tables.length) {
    const ready = [...byName.keys()]
      .filter((name) => !placed.has(name) && [...parentsOf.get(name)!].every((parent) => placed.has(parent)))
      .sort();
    const next = ready[0] ?? [...byName.keys()].filter((name) => !placed.has(name)).sort()[0]!;
    placed.add(next);
    ordered.push(byName.get(next)!);
  }
  return ordered;
}
