import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, type WriteStream } from 'node:fs';
import { constants } from 'node:fs';
import { copyFile, link, lstat, open, rm } from 'node:fs/promises';
import { once } from 'node:events';
import { finished, pipeline } from 'node:stream/promises';
import type { Store } from '@vinh-danh/store';
import { TransferFileError } from './ops-errors.ts';
import { bodyLine, exportFormat, exportFormatVersion, type ExportHeader } from './transfer-format.ts';

export interface ExportSummary {
  path: string;
  header: ExportHeader;
}

/** A new file (never an existing one), opened before the first write so a bad path fails at once. */
async function create(file: string): Promise<WriteStream> {
  // The owner's alone: an export holds nominees' identifiers, contacts, dossiers and tracking codes.
  const handle = await open(file, 'wx', 0o600);
  return handle.createWriteStream();
}

async function write(stream: WriteStream, text: string): Promise<void> {
  // once() rejects when the stream errors while we wait for it to drain.
  if (!stream.write(text)) await once(stream, 'drain');
}

async function finish(stream: WriteStream): Promise<void> {
  if (stream.errored) throw stream.errored;
  stream.end();
  await finished(stream);
}

/** File systems without hard links (FAT and exFAT drives, many SMB shares) answer `link` with one of these. */
const noHardLinks = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS', 'EXDEV']);

/**
 * Puts the finished file at `outPath` unless something is there: a hard link (atomic, and it
 * fails on a path that appeared meanwhile instead of replacing it, as a rename would), or where
 * the file system has none a copy that refuses an existing target, removed again if it fails.
 */
async function placeWithoutReplacing(from: string, outPath: string, taken: () => Error): Promise<void> {
  try {
    await link(from, outPath);
    return;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? '';
    if (code === 'EEXIST') throw taken();
    if (!noHardLinks.has(code)) throw error;
  }
  try {
    await copyFile(from, outPath, constants.COPYFILE_EXCL);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw taken();
    await rm(outPath, { force: true });
    throw error;
  }
}

/**
 * Writes every row of `store` to `outPath` as a store export file (see transfer-format.ts).
 *
 * The rows stream into a temporary file while their counts and checksum are taken; the header
 * is then written in front of them and the whole is linked into place, so `outPath` holds a
 * complete export or nothing. An `outPath` that exists already (an earlier export, a device) is
 * never replaced: refused before the export starts, and again, atomically, at the end.
 */
export async function exportStore(store: Store, outPath: string, now: Date = new Date()): Promise<ExportSummary> {
  const taken = () => new TransferFileError(`${outPath} exists already: the export never replaces a file; remove it or give another --out`, 1);
  const present = await lstat(outPath).then(
    () => true,
    (error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return false;
      throw new TransferFileError(`cannot write ${outPath}: ${error.message}`, 1, { cause: error });
    },
  );
  if (present) throw taken();
  const [info, sourceServerVersion] = await Promise.all([store.info(), store.admin.serverVersion()]);
  const tag = randomBytes(4).toString('hex');
  const bodyPath = `${outPath}.${tag}.body.tmp`;
  const wholePath = `${outPath}.${tag}.tmp`;
  try {
    const body = await create(bodyPath);
    const hash = createHash('sha256');
    const counts: Record<string, number> = Object.fromEntries(Object.keys(await store.admin.counts()).map((table) => [table, 0]));
    let rows = 0;
    try {
      for await (const row of store.admin.exportAll()) {
        const line = bodyLine(row);
        hash.update(line);
        counts[row.table] = (counts[row.table] ?? 0) + 1;
        rows += 1;
        await write(body, line);
      }
    } finally {
      await finish(body);
    }
    const header: ExportHeader = {
      format: exportFormat,
      formatVersion: exportFormatVersion,
      sourceAdapter: info.adapter,
      sourceServerVersion,
      migrationLevel: info.migrationLevel,
      exportedAt: now.toISOString(),
      counts,
      rows,
      checksum: `sha256:${hash.digest('hex')}`,
    };
    const whole = await create(wholePath);
    await write(whole, `${JSON.stringify(header)}\n`);
    await pipeline(createReadStream(bodyPath), whole);
    await placeWithoutReplacing(wholePath, outPath, taken);
    return { path: outPath, header };
  } catch (error) {
    if (error instanceof TransferFileError) throw error;
    // File-system failures (they name a path) are the operator's to fix; anything else is the store's.
    if (error instanceof Error && 'syscall' in error && 'path' in error) {
      throw new TransferFileError(`cannot write ${outPath}: ${error.message}`, 1, { cause: error });
    }
    throw error;
  } finally {
    await rm(bodyPath, { force: true });
    await rm(wholePath, { force: true });
  }
}
