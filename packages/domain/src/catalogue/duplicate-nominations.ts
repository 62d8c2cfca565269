/**
 * Duplicate nominations: the same person or collective proposed for the same award and period
 * twice: by two units (a person moved, or both a department and its parent proposed them), or by
 * one unit again (entered twice by two officers, say, which would end in two decisions). Names are
 * compared without Vietnamese diacritics, case or spacing, so "Nguyễn Văn Đức" and
 * "nguyen van  duc" match; an identifier, when both sides have one, must match as well, so
 * namesakes with different identifiers are not duplicates.
 */
import type { NomineeKind } from '../award-types.ts';

export interface NominationForDuplicates {
  nominationId: string;
  awardTypeId: string;
  /** The emulation year. */
  period: number;
  nominee: {
    kind: NomineeKind;
    /** Full name of the person, or name of the collective. */
    name: string;
    /** Citizen identity number (CCCD) of a person, or the collective's unit code, when known. */
    identifier?: string;
  };
}

/**
 * A name for comparison: Unicode-decomposed, diacritics dropped, đ/Đ read as d, lower case,
 * punctuation as space, whitespace collapsed.
 */
export function normaliseName(name: string): string {
  return name
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** An identifier for comparison: letters and digits only, upper case. */
export function normaliseIdentifier(identifier: string): string {
  return identifier.normalize('NFKC').replace(/[^\p{L}\p{N}]/gu, '').toUpperCase();
}

function sameNominee(a: NominationForDuplicates['nominee'], b: NominationForDuplicates['nominee']): boolean {
  if (a.kind !== b.kind || normaliseName(a.name) !== normaliseName(b.name)) return false;
  const idA = a.identifier ? normaliseIdentifier(a.identifier) : '';
  const idB = b.identifier ? normaliseIdentifier(b.identifier) : '';
  return idA === '' || idB === '' || idA === idB;
}

/**
 * The existing nominations for the same nominee, award and period, from any unit (the
 * candidate's own too), in the order given. The candidate itself (same `nominationId`) is never
 * returned. A match on name alone (one side has no identifier) is returned too: reviewers decide.
 */
export function findDuplicateNominations<T extends NominationForDuplicates>(candidate: NominationForDuplicates, existing: readonly T[]): T[] {
  return existing.filter(
    (other) =>
      other.nominationId !== candidate.nominationId &&
      other.awardTypeId === candidate.awardTypeId &&
      other.period === candidate.period &&
      sameNominee(other.nominee, candidate.nominee),
  );
}

/** What a new nomination is checked for duplicates by: award, period (the year), nominee. */
export interface DuplicateFacts {
  awardTypeId: string;
  period: string;
  nominee: { kind: NomineeKind; name: string; identifier?: string | undefined };
}

/**
 * The key a nomination is stored with so its possible duplicates are one index look-up away:
 * award, period, nominee kind and name compared without diacritics, case or spacing (what
 * {@link findDuplicateNominations} requires to be equal; identifiers are compared afterwards, since
 * a name without one still matches). Changing it orphans the keys already stored.
 */
export const duplicateKeyOf = (facts: DuplicateFacts) => `${facts.awardTypeId}|${facts.period}|${facts.nominee.kind}|${normaliseName(facts.nominee.name)}`;

/** A stored nomination, as much of it as a duplicate check reads. */
export interface StoredNominationForDuplicates {
  nominationId: string;
  awardTypeId: string;
  period: string;
  nominee: unknown;
}

function forDuplicates(nomination: StoredNominationForDuplicates): NominationForDuplicates {
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
 * Stored nominations of this nominee for this award and period, by any unit (names compared
 * without diacritics, identifiers when both have one). `listCandidates` is the store's look-up
 * of those stored with this {@link duplicateKeyOf} (and any stored before keys were kept); each
 * is then compared in full.
 */
export async function findStoredDuplicates<T extends StoredNominationForDuplicates>(
  listCandidates: (query: { duplicateKey: string; awardTypeId: string; period: string }) => Promise<T[]>,
  facts: DuplicateFacts,
): Promise<T[]> {
  const existing = await listCandidates({ duplicateKey: duplicateKeyOf(facts), awardTypeId: facts.awardTypeId, period: facts.period });
  if (existing.length === 0) return [];
  const candidate: NominationForDuplicates = {
    nominationId: '',
    awardTypeId: facts.awardTypeId,
    period: Number(facts.period),
    nominee: { kind: facts.nominee.kind, name: facts.nominee.name, ...(facts.nominee.identifier ? { identifier: facts.nominee.identifier } : {}) },
  };
  const byId = new Map(existing.map((nomination) => [nomination.nominationId, nomination]));
  return findDuplicateNominations(candidate, existing.map(forDuplicates)).map((match) => byId.get(match.nominationId)!);
}
