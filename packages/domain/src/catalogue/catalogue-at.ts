/**
 * The whole catalogue as in force on one date: what a decision of that date is routed, checked
 * and priced by. Each part comes from its own effective-dated list, so a new base salary or
 * decree applies from its date and a past date still shows what applied then.
 */
import { awardTypes, type NomineeKind } from '../award-types.ts';
import { routeVersions, type RouteTable } from './award-routes.ts';
import { baseSalaryVnd, rewardRounding, type RewardRounding } from './base-salary.ts';
import { dossierVersions, type DossierTable } from './dossier-items.ts';
import { inForce, type EffectiveDated } from './effective-dated.ts';
import { eligibilityVersions, type EligibilityTable } from './eligibility-rules.ts';
import { multipliersFor } from './reward-multipliers.ts';

export interface CatalogueVersion {
  /** The date asked for, `YYYY-MM-DD`. */
  at: string;
  /** Each part is the entry in force on `at`, with its source, or undefined when none is. */
  baseSalaryVnd?: EffectiveDated<number>;
  rewardRounding?: EffectiveDated<RewardRounding>;
  routes?: EffectiveDated<RouteTable>;
  dossiers?: EffectiveDated<DossierTable>;
  eligibility?: EffectiveDated<EligibilityTable>;
  /** Reward multipliers in force, per award id and nominee kind; absent where none is. */
  multipliers: Record<string, Partial<Record<NomineeKind, EffectiveDated<number>>>>;
}

/** The catalogue in force on `date` (`YYYY-MM-DD`; throws `InvalidCatalogueDateError` otherwise). */
export function catalogueAt(date: string): CatalogueVersion {
  const multipliers: CatalogueVersion['multipliers'] = {};
  for (const { id } of awardTypes) {
    const byKind: Partial<Record<NomineeKind, EffectiveDated<number>>> = {};
    for (const kind of ['individual', 'collective'] as const) {
      const entry = inForce(multipliersFor(id, kind) ?? [], date);
      if (entry) byKind[kind] = entry;
    }
    multipliers[id] = byKind;
  }
  const version: CatalogueVersion = { at: date, multipliers };
  const parts = {
    baseSalaryVnd: inForce(baseSalaryVnd, date),
    rewardRounding: inForce(rewardRounding, date),
    routes: inForce(routeVersions, date),
    dossiers: inForce(dossierVersions, date),
    eligibility: inForce(eligibilityVersions, date),
  };
  // Leave out what is not in force rather than storing `undefined` keys.
  for (const [key, entry] of Object.entries(parts)) if (entry) Object.assign(version, { [key]: entry });
  return version;
}
