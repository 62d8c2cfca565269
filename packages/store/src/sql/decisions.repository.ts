import type { AwardHistoryEntry, DecisionRecord, NumberRegister, Store } from '../store.port.ts';
import { toAwardHistory, toDecision } from './row-mappers.ts';
import { createKeyBatcher, groupRows } from './key-batcher.ts';
import { pgErrorCode, pgErrorCodes, type SqlDriver, type SqlExecutor } from './sql-driver.ts';
import { idList } from './sql-params.ts';

const isoDay = (value: Date | null) => (value ? value.toISOString().slice(0, 10) : null);

async function insertHistory(executor: SqlExecutor, entry: AwardHistoryEntry) {
  await executor.query(
    `INSERT INTO award_history (nominee_key, award_type_id, year, decision_date, decision_number, disciplined, source)
     VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [entry.nomineeKey, entry.awardTypeId, entry.year, isoDay(entry.decisionDate), entry.decisionNumber, entry.disciplined, entry.source],
  );
}

/**
 * Takes the next number of a register for a year. The upsert holds the counter's row lock to the
 * end of the caller's transaction: concurrent callers queue, and a rolled-back one gives its
 * number back. A register's first number of a year follows the highest of those it continues.
 * (`decision_counters.authority` holds the register's key.)
 */
async function takeNumber(executor: SqlExecutor, register: NumberRegister, year: number): Promise<number> {
  const { rows } = await executor.query<{ last_number: number }>(
    `INSERT INTO decision_counters (authority, year, last_number)
     VALUES ($1, $2, 1 + COALESCE((SELECT max(last_number) FROM decision_counters WHERE year = $2 AND authority = ANY($3::text[])), 0))
     ON CONFLICT (authority, year) DO UPDATE SET last_number = decision_counters.last_number + 1
     RETURNING last_number`,
    [register.key, year, (register.continues ?? []).filter((key) => key !== register.key)],
  );
  return Number(rows[0]!.last_number);
}

export function createDecisionsRepository(driver: SqlDriver): Store['decisions'] {
  /** One attempt at `issue`, in one transaction. */
  const issueOnce: Store['decisions']['issue'] = (draft, history, register) =>
    driver.transaction(async (tx) => {
      const existing = await tx.query('SELECT * FROM decisions WHERE decision_id = $1', [draft.decisionId]);
      if (existing.rows[0]) return { outcome: 'exists' as const, decision: toDecision(existing.rows[0]) };
      const number = await takeNumber(tx, register, draft.year);
      const decision: DecisionRecord = { ...draft, number, decisionNumber: `${number}/${draft.issuerCode}` };
      await tx.query(
        `INSERT INTO decisions (decision_id, nomination_id, instance_id, authority, issuer_code, year, number,
                                decision_number, award_type_id, decision_date, amount_vnd, amount_basis, register)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12::jsonb, $13)`,
        [
          decision.decisionId,
          decision.nominationId,
          decision.instanceId,
          decision.authority,
          decision.issuerCode,
          decision.year,
          decision.number,
          decision.decisionNumber,
          decision.awardTypeId,
          isoDay(decision.decisionDate),
          decision.amountVnd,
          JSON.stringify(decision.amountBasis),
          register.key,
        ],
      );
      if (history) await insertHistory(tx, { ...history, decisionNumber: decision.decisionNumber });
      return { outcome: 'created' as const, decision };
    });

  return {
    async allocateNumber(register, year) {
      return { authority: register, year, number: await takeNumber(driver, { key: register }, year) };
    },
    async issue(draft, history, register) {
      try {
        return await issueOnce(draft, history, register);
      } catch (error) {
        // The same decision issued at once elsewhere committed first: ours rolled back, with
        // its number, on the primary key. It is a repeat, and gets the decision already issued.
        if (pgErrorCode(error) !== pgErrorCodes.uniqueViolation) throw error;
        const { rows } = await driver.query('SELECT * FROM decisions WHERE decision_id = $1', [draft.decisionId]);
        if (!rows[0]) throw error;
        return { outcome: 'exists' as const, decision: toDecision(rows[0]) };
      }
    },
    async saveDocuments(documents) {
      // All of them or none: a decision is never left with one document of a rendering and the
      // other of the next.
      await driver.transaction(async (tx) => {
        for (const document of documents) {
          await tx.query(
            `INSERT INTO decision_documents (decision_id, kind, content_type, content) VALUES ($1, $2, $3, $4)
             ON CONFLICT (decision_id, kind) DO NOTHING`,
            [document.decisionId, document.kind, document.contentType, document.content],
          );
        }
      });
    },
    async get(decisionId) {
      const { rows } = await driver.query('SELECT * FROM decisions WHERE decision_id = $1', [decisionId]);
      return rows[0] ? toDecision(rows[0]) : null;
    },
    async listByNomination(nominationId) {
      const { rows } = await driver.query('SELECT * FROM decisions WHERE nomination_id = $1 ORDER BY created_at, decision_id', [
        nominationId,
      ]);
      return rows.map(toDecision);
    },
    async getDocument(decisionId, kind) {
      const { rows } = await driver.query('SELECT * FROM decision_documents WHERE decision_id = $1 AND kind = $2', [decisionId, kind]);
      const row = rows[0];
      if (!row) return null;
      const content = row.content instanceof Uint8Array ? Buffer.from(row.content) : Buffer.from(String(row.content));
      return { decisionId, kind, contentType: String(row.content_type), content };
    },
  };
}

export function createAwardHistoryRepository(driver: SqlDriver): Store['awardHistory'] {
  // Read by every submission's eligibility check: concurrent submissions share one statement.
  const listBatched = createKeyBatcher<string, Array<Record<string, unknown>>>({
    missing: [],
    async run(nomineeKeys) {
      const { rows } = await driver.query(`SELECT * FROM award_history WHERE nominee_key = ANY (${idList(1)}) ORDER BY year, entry_id`, [
        nomineeKeys,
      ]);
      return groupRows(rows, (row) => String(row.nominee_key));
    },
  });
  return {
    async add(entries) {
      if (entries.length === 0) return;
      await driver.transaction(async (tx) => {
        for (const entry of entries) await insertHistory(tx, entry);
      });
    },
    async addUnrecorded(entries) {
      if (entries.length === 0) return 0;
      return driver.transaction(async (tx) => {
        // One call per nominee at a time, in key order (no deadlock between two nominees' calls):
        // each statement after the lock reads what the call before it committed.
        for (const key of [...new Set(entries.map((entry) => entry.nomineeKey))].sort()) {
          await tx.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [`award_history ${key}`]);
        }
        let recorded = 0;
        for (const entry of entries) {
          const { rowCount } = await tx.query(
            `INSERT INTO award_history (nominee_key, award_type_id, year, decision_date, decision_number, disciplined, source)
             SELECT $1::text, $2::text, $3::integer, $4::date, $5::text, $6::boolean, $7::text
              WHERE NOT EXISTS (
                SELECT 1 FROM award_history
                 WHERE nominee_key = $1 AND award_type_id IS NOT DISTINCT FROM $2::text AND year = $3 AND disciplined = $6)`,
            [entry.nomineeKey, entry.awardTypeId, entry.year, isoDay(entry.decisionDate), entry.decisionNumber, entry.disciplined, entry.source],
          );
          recorded += rowCount;
        }
        return recorded;
      });
    },
    async listByNominee(nomineeKey) {
      return (await listBatched(nomineeKey)).map(toAwardHistory);
    },
  };
}
