/**
 * The route of one nomination as its commendation procedure starts with it: the catalogue's
 * levels for the award, in force on the day it is proposed, with people from the directory for
 * the proposing unit and the bodies above it. Shared by every way a nomination comes in — the
 * gateway's form and API, and a cluster's proposal of its leading units — so all resolve alike.
 */
import { CatalogueError } from './catalogue/catalogue-errors.ts';
import { routeFor } from './catalogue/award-routes.ts';
import { unitChain, type DirectoryUnit } from './directory.ts';
import type { ResolvedLevel } from './procedure-route.ts';
import { resolveRoute, type RouteProblem } from './resolve-route.ts';
import type { RouteTiming } from './route-timing.ts';
import { dayKeyOf } from './working-calendar.ts';

export interface NominationRouteRequest {
  /** The proposing unit; its chain is read through `getUnit`. */
  unitId: string;
  awardTypeId: string;
  simplified: boolean;
  /** A cluster's proposal of a leading member its ballot elected (the catalogue's `clusterProposal` route). */
  clusterProposal?: boolean;
  /** When it is proposed: the route in force on this day (in Vietnam) is the one taken. */
  now: Date;
  timing: RouteTiming;
}

/**
 * The route, or why there is none: `noRoute` when the catalogue has no route for the award
 * that day (or not the simplified one), `roleUnresolvable` with every role nobody holds.
 */
export type NominationRoute =
  | { ok: true; route: ResolvedLevel[] }
  | { ok: false; reason: 'noRoute'; error: CatalogueError }
  | { ok: false; reason: 'roleUnresolvable'; problems: RouteProblem[] };

/**
 * The day a route must be in force on: the day of Vietnam's calendar `now` falls on, as decisions
 * are dated (a route taking effect on 1 July applies from midnight in Vietnam, not 07:00).
 */
export const routeDay = (now: Date) => dayKeyOf(now.getTime());

/**
 * Resolves a nomination's route (see the module comment). Reads units through `getUnit` only.
 * A refusal is a value; it throws what `getUnit` throws, and a `RangeError` when the proposing
 * unit is not in the directory at all (callers check the unit exists first).
 */
export async function resolveNominationRoute(
  request: NominationRouteRequest,
  getUnit: (unitId: string) => Promise<DirectoryUnit | null>,
): Promise<NominationRoute> {
  let levels;
  try {
    levels = routeFor(request.awardTypeId, { simplified: request.simplified, clusterProposal: request.clusterProposal === true, at: routeDay(request.now) });
  } catch (error) {
    if (!(error instanceof CatalogueError)) throw error;
    return { ok: false, reason: 'noRoute', error };
  }
  const chain = await unitChain(request.unitId, getUnit);
  const resolution = resolveRoute({ awardTypeId: request.awardTypeId, levels, chain, timing: request.timing });
  return resolution.ok ? resolution : { ok: false, reason: 'roleUnresolvable', problems: resolution.problems };
}
