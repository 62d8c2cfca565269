import { date, toAttachmentInfo } from '../records/record-mappers.ts';
import type { NewAttachment, Store } from '../store.port.ts';
import { toBytes, toDraftFile } from './row-mappers.ts';
import type { SqlDriver, SqlExecutor } from './sql-driver.ts';

const infoColumns = 'attachment_id, nomination_id, filename, content_type, size, sha256, created_at';

/** Inserts a nomination's files; called inside the transaction that inserts the nomination. */
export async function insertAttachments(executor: SqlExecutor, nominationId: string, attachments: readonly NewAttachment[]): Promise<void> {
  // One row per statement: bytea travels as a binary parameter, never inside JSON.
  for (const [position, file] of attachments.entries()) {
    await executor.query(
      `INSERT INTO attachments (attachment_id, nomination_id, position, filename, content_type, size, sha256, content)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [file.attachmentId, nominationId, position, file.filename, file.contentType, file.size, file.sha256, file.content],
    );
  }
}

export function createAttachmentsRepository(driver: SqlDriver): Store['attachments'] {
  return {
    async listByNomination(nominationId) {
      const { rows } = await driver.query(
        `SELECT ${infoColumns} FROM attachments WHERE nomination_id = $1 ORDER BY position`,
        [nominationId],
      );
      return rows.map(toAttachmentInfo);
    },
    async get(attachmentId) {
      const { rows } = await driver.query(`SELECT ${infoColumns}, content FROM attachments WHERE attachment_id = $1`, [
        attachmentId,
      ]);
      const row = rows[0];
      return row ? { ...toAttachmentInfo(row), content: toBytes(row.content) } : null;
    },
  };
}

export function createDraftsRepository(driver: SqlDriver): Store['drafts'] {
  return {
    async save(draft) {
      await driver.transaction(async (tx) => {
        await tx.query(
          `INSERT INTO drafts (draft_id, expires_at) VALUES ($1, $2)
           ON CONFLICT (draft_id) DO UPDATE SET expires_at = EXCLUDED.expires_at`,
          [draft.draftId, draft.expiresAt.toISOString()],
        );
        await tx.query('DELETE FROM draft_attachments WHERE draft_id = $1', [draft.draftId]);
        for (const [position, file] of draft.attachments.entries()) {
          await tx.query(
            `INSERT INTO draft_attachments (draft_id, attachment_id, position, filename, content_type, size, sha256, content)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
            [draft.draftId, file.attachmentId, position, file.filename, file.contentType, file.size, file.sha256, file.content],
          );
        }
      });
    },
    async get(draftId, now = new Date()) {
      const { rows } = await driver.query('SELECT * FROM drafts WHERE draft_id = $1 AND expires_at > $2', [
        draftId,
        now.toISOString(),
      ]);
      const draft = rows[0];
      if (!draft) return null;
      const files = await driver.query('SELECT * FROM draft_attachments WHERE draft_id = $1 ORDER BY position', [draftId]);
      return {
        draftId,
        attachments: files.rows.map(toDraftFile),
        expiresAt: date(draft.expires_at),
        createdAt: date(draft.created_at),
      };
    },
    async delete(draftId) {
      await driver.query('DELETE FROM drafts WHERE draft_id = $1', [draftId]);
    },
    async deleteExpired(now) {
      const { rowCount } = await driver.query('DELETE FROM drafts WHERE expires_at <= $1', [now.toISOString()]);
      return rowCount;
    },
  };
}
