import { findDuplicateNominations, normaliseName, type NominationForDuplicates } from '@vinh-danh/domain';
import type { NominationRecord, NominationStatus, Store } from '@vinh-danh/store';
import type { NominationRequest } from './nomination.schema.ts';

/** A nomination of the same nominee for the same award and period, by another unit or the same one. */
export interface DuplicateFlag {
  nominationId: string;
  trackingCode: string;
  unitId: string;
  status: NominationStatus;
}

type DuplicateFacts = Pick<NominationRequest, 'awardTypeId' | 'period' | 'nominee'>;

/**
 * The key a nomination is stored with so its possible duplicates are one index look-up away:
 * award, period, nominee kind and name compared without diacritics, case or spacing (what
 * `findDuplicateNominations` requires to be equal; identifiers are compared afterwards, since
 * a name without one still matches). Changing it orphans the keys already stored.
 */
export const duplicateKeyOf = (facts: Pick<NominationRequest, 'awardTypeId' | 'period' | 'nominee'>) =>
  `${facts.awardTypeId}|${facts.period}|${facts.nominee.kind}|${normaliseName(facts.nominee.name)}`;

function forDuplicates(nomination: NominationRecord): NominationForDuplicates {
  const nominee = nomination.nominee as { kind?: string; name?: string; identifier?: string };
  return {
    nominationId: nomination.nominationId,
    awardTypeId: nomination.awardTypeId,
    period: Number(nomination.period),
    nominee: {
      kind: nominee.kind === 'collective' ? 'collective' : 'individual',
      name: String(nominee.name ?? ''),
      ...(typeof nominee.identifier === 'string' ? { identifier: nominee.identifier } : {}),
    },
  };
}

/**
 * Nominations of this nominee for this award and period, by any unit (names compared without
 * diacritics, identifiers when both have one), withdrawn ones aside. They do not refuse the
 * submission: reviewers decide, so the flag is stored with it and shown to them. The store
 * hands back only the nominations with this one's {@link duplicateKeyOf} (and any stored before
 * keys were kept); each is then compared in full.
 */
export async function findDuplicates(store: Pick<Store, 'nominations'>, facts: DuplicateFacts): Promise<DuplicateFlag[]> {
  const existing = await store.nominations.listDuplicateCandidates({
    duplicateKey: duplicateKeyOf(facts),
    awardTypeId: facts.awardTypeId,
    period: facts.period,
  });
  if (existing.length === 0) return [];
  const candidate: NominationForDuplicates = {
    nominationId: '',
    awardTypeId: facts.awardTypeId,
    period: Number(facts.period),
    nominee: { kind: facts.nominee.kind, name: facts.nominee.name, identifier: facts.nominee.identifier },
  };
  const byId = new Map(existing.map((nomination) => [nomination.nominationId, nomination]));
  return findDuplicateNominations(candidate, existing.map(forDuplicates)).map((match) => {
    const nomination = byId.get(match.nominationId)!;
    return { nominationId: nomination.nominationId, trackingCode: nomination.trackingCode, unitId: nomination.unitId, status: nomination.status };
  });
}
