import type { Store } from '../store.port.ts';
import type { SqlDriver } from './sql-driver.ts';

type NoticeMethods = Pick<Store['nominations'], 'appendDisclosure' | 'appendTally'>;

/**
 * Appends `record` to the array `details[field]` unless an element with the same `record[key]`
 * is there. One statement: PostgreSQL re-checks the condition on the row it locked, so
 * concurrent appends to one nomination queue and each lands once.
 */
async function appendOnce(
  driver: SqlDriver,
  nominationId: string,
  field: 'disclosures' | 'tallies',
  key: 'disclosureId' | 'tallyId',
  record: { [name: string]: unknown },
): Promise<'added' | 'exists' | 'notFound'> {
  const { rowCount } = await driver.query(
    `UPDATE nominations
        SET details = jsonb_set(details, ARRAY[$2::text], COALESCE(details -> $2::text, '[]'::jsonb) || jsonb_build_array($3::jsonb))
      WHERE nomination_id = $1
        AND NOT COALESCE(details -> $2::text, '[]'::jsonb) @> jsonb_build_array(jsonb_build_object($4::text, $5::text))`,
    [nominationId, field, JSON.stringify(record), key, String(record[key])],
  );
  if (rowCount > 0) return 'added';
  const { rows } = await driver.query('SELECT 1 FROM nominations WHERE nomination_id = $1', [nominationId]);
  return rows.length > 0 ? 'exists' : 'notFound';
}

/** What the procedure makes public on a nomination: postings for comment and council tallies. */
export function createNominationNoticesRepository(driver: SqlDriver): NoticeMethods {
  return {
    appendDisclosure: (nominationId, disclosure) => appendOnce(driver, nominationId, 'disclosures', 'disclosureId', { ...disclosure }),
    appendTally: (nominationId, tally) => appendOnce(driver, nominationId, 'tallies', 'tallyId', { ...tally }),
  };
}
