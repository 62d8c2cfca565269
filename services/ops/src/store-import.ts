import { createHash } from 'node:crypto';
import type { Store, StoreExportRow } from '@vinh-danh/store';
import { ImportCountMismatchError, ImportRefusedError, TransferFileError } from './ops-errors.ts';
import { parseBodyLine, parseHeader, readLines, type ExportHeader } from './transfer-format.ts';

export interface ImportOptions {
  /** Replace whatever the target holds (it is emptied first); without it a non-empty target is refused. */
  force?: boolean;
  /** The file's header, when the caller verified it already (before opening the store). */
  verified?: ExportHeader;
  /** Rows per transaction; the store's default when unset. */
  batchSize?: number;
}

export interface ImportSummary {
  header: ExportHeader;
  /** Rows the target held before, per table; non-zero only with `force`. */
  replaced: Record<string, number>;
  batches: number;
}

const total = (counts: Record<string, number>) => Object.values(counts).reduce((sum, count) => sum + count, 0);

/**
 * Reads the whole file once without writing anything: the header, then every body line
 * parsed, counted and hashed. A file that does not match its header is refused here, before
 * the target is touched.
 */
export async function verifyExportFile(path: string): Promise<ExportHeader> {
  let header: ExportHeader | undefined;
  const hash = createHash('sha256');
  const counts: Record<string, number> = {};
  let rows = 0;
  for await (const { line, number } of readLines(path)) {
    if (!header) {
      header = parseHeader(line, path);
      continue;
    }
    const { table } = parseBodyLine(line, number, path);
    if (!(table in header.counts)) throw new TransferFileError(`${path}:${number}: table "${table}" is not in the header's counts`);
    counts[table] = (counts[table] ?? 0) + 1;
    rows += 1;
    hash.update(`${line}\n`);
  }
  if (!header) throw new TransferFileError(`${path} is empty: not a store export`);
  const checksum = `sha256:${hash.digest('hex')}`;
  if (checksum !== header.checksum) {
    throw new TransferFileError(`${path}: checksum mismatch (header ${header.checksum}, content ${checksum}): the file is damaged or was edited`);
  }
  const wrong = Object.entries(header.counts).filter(([table, count]) => (counts[table] ?? 0) !== count);
  if (wrong.length > 0 || rows !== header.rows) {
    const detail = wrong.map(([table, count]) => `${table}: header ${count}, file ${counts[table] ?? 0}`).join('; ');
    throw new TransferFileError(`${path}: rows do not match the header (${detail || `header ${header.rows} rows, file ${rows}`})`);
  }
  return header;
}

async function* bodyRows(path: string): AsyncGenerator<StoreExportRow> {
  let first = true;
  for await (const { line, number } of readLines(path)) {
    if (first) {
      first = false;
      continue;
    }
    yield parseBodyLine(line, number, path);
  }
}

/**
 * Imports a store export file into `store`: verified first, then refused when the target's
 * migration level differs from the file's or (without `force`) the target holds any row (a
 * target nobody migrated yet is migrated first, when this version migrates to the file's level,
 * and only then: a refused import changes nothing),
 * then written (with `force`, replacing what the target held; a failure leaves it as it was
 * on the SQL stores, see `Store.admin.importAll`), then counted: the target must hold exactly
 * the rows the file declares.
 */
export async function importStore(store: Store, path: string, options: ImportOptions = {}): Promise<ImportSummary> {
  const header = options.verified ?? (await verifyExportFile(path));
  let info = await store.info();
  if (info.migrationLevel === 0 && header.migrationLevel === info.latestMigration) {
    await store.migrate();
    info = await store.info();
  }
  if (info.migrationLevel !== header.migrationLevel) {
    const target = info.migrationLevel === 0 ? `the target is a new store, which this version migrates to level ${info.latestMigration}` : `the target is at ${info.migrationLevel}`;
    throw new ImportRefusedError(
      `${path} was exported at migration level ${header.migrationLevel}; ${target}. ` +
        'Bring both to the same level (the gateway and the worker migrate at start) and export again.',
    );
  }
  const before = await store.admin.counts();
  const unknown = Object.keys(header.counts).filter((table) => !(table in before) && (header.counts[table] ?? 0) > 0);
  if (unknown.length > 0) throw new ImportRefusedError(`the target has no table(s) ${unknown.join(', ')} that ${path} holds rows of`);
  const replaced = Object.fromEntries(Object.entries(before).filter(([, count]) => count > 0));
  if (total(before) > 0) {
    if (!options.force) {
      const held = Object.entries(replaced).map(([table, count]) => `${table} ${count}`).join(', ');
      throw new ImportRefusedError(`the target is not empty (${held}): import into an empty store, or pass --force to replace its data`);
    }
  }
  const result = await store.admin.importAll(bodyRows(path), {
    ...(options.batchSize ? { batchSize: options.batchSize } : {}),
    ...(total(before) > 0 ? { replace: true } : {}),
  });
  const after = await store.admin.counts();
  const wrong = Object.keys({ ...after, ...header.counts }).filter((table) => (after[table] ?? 0) !== (header.counts[table] ?? 0));
  if (wrong.length > 0) {
    const detail = wrong.map((table) => `${table}: expected ${header.counts[table] ?? 0}, found ${after[table] ?? 0}`).join('; ');
    throw new ImportCountMismatchError(`after the import the target does not hold what ${path} declares (${detail})`);
  }
  return { header, replaced, batches: result.batches };
}
