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
