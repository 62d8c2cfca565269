import { duplicateKeyOf, findStoredDuplicates, type DuplicateFacts } from '@vinh-danh/domain';
import type { NominationStatus, Store } from '@vinh-danh/store';

export { duplicateKeyOf };

/** A nomination of the same nominee for the same award and period, by another unit or the same one. */
export interface DuplicateFlag {
  nominationId: string;
  trackingCode: string;
  unitId: string;
  status: NominationStatus;
}

/**
 * Nominations of this nominee for this award and period, by any unit (names compared without
 * diacritics, identifiers when both have one), withdrawn ones aside. They do not refuse the
 * submission: reviewers decide, so the flag is stored with it and shown to them.
 */
export async function findDuplicates(store: Pick<Store, 'nominations'>, facts: DuplicateFacts): Promise<DuplicateFlag[]> {
  const found = await findStoredDuplicates((query) => store.nominations.listDuplicateCandidates(query), facts);
  return found.map(({ nominationId, trackingCode, unitId, status }) => ({ nominationId, trackingCode, unitId, status }));
}
