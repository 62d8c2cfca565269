/**
 * What a decision needs to know of the nominee, read from the nomination as the gateway stored
 * it (`nominee: { kind, name, position?, identifier? }`), and the key of their award history.
 */
import { normaliseIdentifier, normaliseName, type NomineeKind } from '@vinh-danh/domain';
import type { NominationRecord } from '@vinh-danh/store';
import { InvalidNomineeError } from './decision-errors.ts';

export interface NomineeFacts {
  kind: NomineeKind;
  /** Full name of the person or name of the collective, as submitted (NFC). */
  name: string;
  /** Citizen identity number, staff code or unit code, when the nomination carries one. */
  identifier: string | null;
  position: string | null;
}

const text = (value: unknown): string | null => (typeof value === 'string' && value.trim() !== '' ? value.normalize('NFC').trim() : null);

/** The nominee of `nomination`; throws {@link InvalidNomineeError} when the kind or the name is missing. */
export function nomineeFacts(nomination: Pick<NominationRecord, 'nominationId' | 'nominee'>): NomineeFacts {
  const { nominee } = nomination;
  const kind = nominee.kind;
  if (kind !== 'individual' && kind !== 'collective') throw new InvalidNomineeError(nomination.nominationId, 'kind');
  // `fullName` is how early records named the person.
  const name = text(nominee.name) ?? text(nominee.fullName);
  if (!name) throw new InvalidNomineeError(nomination.nominationId, 'name');
  return { kind, name, identifier: text(nominee.identifier), position: text(nominee.position) };
}

/**
 * The award-history key of a nominee: `individual:<identifier>` / `collective:<identifier>`,
 * the identifier normalised (letters and digits, upper case), so histories follow the person
 * or collective whatever unit proposes them.
 *
 * Fallback, for nominations that carry no identifier (the form does not ask for one yet):
 * `<kind>:name:<normalised name>|<unitId>` — the name without diacritics or case, scoped to the
 * proposing unit so namesakes elsewhere do not share a history. Such a history does not follow
 * a person who moves unit; an officer can merge it once the identifier is known.
 */
export function nomineeKey(facts: NomineeFacts, unitId: string): string {
  const identifier = facts.identifier ? normaliseIdentifier(facts.identifier) : '';
  if (identifier !== '') return `${facts.kind}:${identifier}`;
  return `${facts.kind}:name:${normaliseName(facts.name)}|${unitId}`;
}
