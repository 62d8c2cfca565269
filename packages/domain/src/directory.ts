/**
 * The directory: who holds each role of a route for a proposing unit. A role is looked up on
 * the unit, then on each body above it (department → province → the national bodies, the order
 * a dossier climbs), and the first holder wins. The unit's own roles (`unitLeader`,
 * `unitCouncil`, `unitOffice`, `unitDeputyLeader` …) are never inherited: a department's council
 * is not its province's, so a unit without one must be given one, not silently borrow it.
 */

/** How a body signs and numbers decisions (the store's `UnitProfile`). */
export interface DirectoryProfile {
  /** Abbreviation in document codes (ký hiệu văn bản), e.g. `SNV`, `UBND`. */
  abbreviation?: string;
  issuingBody?: 'province' | 'ministry' | 'unit';
  /** Deciding role held here → who signs, as printed on the decision. */
  signatories?: Readonly<Record<string, string>>;
  /**
   * Deciding role held here → the abbreviation its decisions are coded and numbered under, where
   * it is not the body's: the Văn phòng of a People's Committee, whose Chánh Văn phòng decides as
   * the unit's leader, issues `QĐ-VP`, in a register of its own, not the Committee's `QĐ-UBND`.
   */
  roleAbbreviations?: Readonly<Record<string, string>>;
}

/** A unit as the directory reads it (the store's `UnitRecord`, without depending on the store). */
export interface DirectoryUnit {
  unitId: string;
  nameVi: string;
  nameEn: string;
  parentId: string | null;
  /** Role → e-mail, or the e-mails of a council's members (the chair first). */
  approvers: Readonly<Record<string, string | readonly string[]>>;
  profile?: DirectoryProfile;
}

/** Whether a role belongs to the proposing unit itself and is never looked up above it. */
export const isUnitScopedRole = (role: string): boolean => /^unit[A-Z]/.test(role);

/** Where a role was found: the body holding it and the people, in the order listed. */
export interface RoleHolder {
  unit: DirectoryUnit;
  people: string[];
}

const people = (value: string | readonly string[] | undefined): string[] =>
  (typeof value === 'string' ? [value] : Array.isArray(value) ? [...(value as readonly string[])] : [])
    .map((entry) => (typeof entry === 'string' ? entry.trim() : ''))
    .filter((entry) => entry !== '');

/**
 * The holder of `role` for the first unit of `chain` (the proposing unit, then the bodies
 * above it in order), or null when nobody along the chain holds it.
 */
export function findRole(chain: readonly DirectoryUnit[], role: string): RoleHolder | null {
  const searched = isUnitScopedRole(role) ? chain.slice(0, 1) : chain;
  for (const unit of searched) {
    // `Object.hasOwn`: a role named like an Object.prototype key is never "held".
    const holders = Object.hasOwn(unit.approvers, role) ? people(unit.approvers[role]) : [];
    if (holders.length > 0) return { unit, people: holders };
  }
  return null;
}

/**
 * The unit and the bodies above it, nearest first, read through `getUnit`. Stops at a unit
 * without a parent, at a parent that does not exist, at a cycle, or after `maxDepth` units.
 */
export async function unitChain<T extends DirectoryUnit>(
  unitId: string,
  getUnit: (unitId: string) => Promise<T | null>,
  maxDepth = 12,
): Promise<T[]> {
  const chain: T[] = [];
  const seen = new Set<string>();
  let next: string | null = unitId;
  while (next !== null && !seen.has(next) && chain.length < maxDepth) {
    seen.add(next);
    const unit: T | null = await getUnit(next);
    if (!unit) break;
    chain.push(unit);
    next = unit.parentId;
  }
  return chain;
}
