import { toClusterYearRecord } from '../records/record-mappers.ts';
import type { ClusterHandoverOutcome, NewClusterYear, Store } from '../store.port.ts';
import type { SqlDriver, SqlExecutor } from './sql-driver.ts';

const json = (value: unknown) => JSON.stringify(value);
/** SQL NULL for a missing value: `JSON.stringify(null)` would store a JSON `null` instead. */
const jsonOrNull = (value: unknown) => (value === null || value === undefined ? null : JSON.stringify(value));

const upsertSql = `
  INSERT INTO cluster_years (cluster_id, year, kind, name_vi, name_en, members, rotation_order, chair, deputy, responsible,
                             roles_source, agreement)
  VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7::jsonb, $8, $9, $10::jsonb, $11, $12::jsonb)
  ON CONFLICT (cluster_id, year) DO UPDATE
    SET kind = EXCLUDED.kind, name_vi = EXCLUDED.name_vi, name_en = EXCLUDED.name_en, members = EXCLUDED.members,
        rotation_order = EXCLUDED.rotation_order, chair = EXCLUDED.chair, deputy = EXCLUDED.deputy,
        responsible = EXCLUDED.responsible, roles_source = EXCLUDED.roles_source, agreement = EXCLUDED.agreement,
        updated_at = now()`;

/** A year not recorded yet, carried from the year before: its agreement unsigned, no roles source; handed over at once. */
const carryForwardSql = `
  INSERT INTO cluster_years (cluster_id, year, kind, name_vi, name_en, members, rotation_order, chair, deputy, responsible,
                             roles_source, agreement, handover_effect_id, handed_over_at)
  SELECT cluster_id, $2, kind, name_vi, name_en, coalesce($6::jsonb, members), rotation_order, $3, $4, responsible,
         NULL, CASE WHEN agreement IS NULL THEN NULL ELSE jsonb_set(agreement, '{signatures}', '[]'::jsonb) END, $5, now()
    FROM cluster_years
   WHERE cluster_id = $1 AND year = $2 - 1
  ON CONFLICT (cluster_id, year) DO NOTHING`;

async function lockedHandover(tx: SqlExecutor, clusterId: string, year: number): Promise<{ effectId: string | null } | null> {
  const { rows } = await tx.query<{ handover_effect_id: string | null }>(
    'SELECT handover_effect_id FROM cluster_years WHERE cluster_id = $1 AND year = $2 FOR UPDATE',
    [clusterId, year],
  );
  return rows[0] ? { effectId: rows[0].handover_effect_id } : null;
}

export function createClustersRepository(driver: SqlDriver): Store['clusters'] {
  return {
    async upsertYear(year: NewClusterYear) {
      await driver.query(upsertSql, [
        year.clusterId,
        year.year,
        year.kind,
        year.nameVi,
        year.nameEn,
        json(year.members),
        json(year.rotationOrder),
        year.chair,
        year.deputy,
        jsonOrNull(year.responsible),
        year.rolesSource,
        jsonOrNull(year.agreement),
      ]);
    },
    async getYear(clusterId, year) {
      const { rows } = await driver.query('SELECT * FROM cluster_years WHERE cluster_id = $1 AND year = $2', [clusterId, year]);
      return rows[0] ? toClusterYearRecord(rows[0]) : null;
    },
    async listYears(clusterId) {
      const { rows } = await driver.query('SELECT * FROM cluster_years WHERE cluster_id = $1 ORDER BY year', [clusterId]);
      return rows.map(toClusterYearRecord);
    },
    recordHandover(handover) {
      const { clusterId, year, chair, deputy, byEffectId } = handover;
      return driver.transaction(async (tx): Promise<ClusterHandoverOutcome> => {
        // Locked, so two deliveries of handovers for one year decide one after the other.
        let existing = await lockedHandover(tx, clusterId, year);
        if (!existing) {
          const members = handover.members ? json(handover.members) : null;
          const { rowCount } = await tx.query(carryForwardSql, [clusterId, year, chair, deputy, byEffectId, members]);
          if (rowCount > 0) return 'recorded';
          // Either there is no year before, or another delivery created the year meanwhile (it is committed now).
          existing = await lockedHandover(tx, clusterId, year);
          if (!existing) return 'notFound';
        }
        if (existing.effectId === byEffectId) return 'exists';
        if (existing.effectId !== null) return 'conflict';
        await tx.query(
          `UPDATE cluster_years SET chair = $3, deputy = $4, handover_effect_id = $5, handed_over_at = now(), updated_at = now()
            WHERE cluster_id = $1 AND year = $2`,
          [clusterId, year, chair, deputy, byEffectId],
        );
        return 'recorded';
      });
    },
  };
}
