import { findDuplicateNominations, type NominationForDuplicates } from '@vinh-danh/domain';
import type { NominationRecord, NominationStatus, Store } from '@vinh-danh/store';
import type { NominationRequest } from './nomination.schema.ts';

/** Another unit's nomination of the same nominee for the same award and period. */
export interface DuplicateFlag {
  nominationId: string;
  trackingCode: string;
  unitId: string;
  status: NominationStatus;
}

/** Nominations of one award and period looked at; far above a province's yearly count for one award. */
const searchLimit = 1000;

function forDuplicates(nomination: NominationRecord): NominationForDuplicates {
  const nominee = nomination.nominee as { kind?: string; name?: string; identifier?: string };
  return {
    nominationId: nomination.nominationId,
    unitId: nomination.unitId,
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
 * Other units' nominations of this nominee for this award and period (names compared without
 * diacritics, identifiers when both have one), withdrawn ones aside. They do not refuse the
 * submission: reviewers decide, so the flag is stored with it and shown to them.
 */
export async function findDuplicates(
  store: Pick<Store, 'nominations'>,
  facts: Pick<NominationRequest, 'unitId' | 'awardTypeId' | 'period' | 'nominee'>,
): Promise<DuplicateFlag[]> {
  const existing = (await store.nominations.search({ awardTypeId: facts.awardTypeId, period: facts.period, limit: searchLimit })).filter(
    (nomination) => nomination.status !== 'withdrawn',
  );
  const candidate: NominationForDuplicates = {
    nominationId: '',
    unitId: facts.unitId,
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
