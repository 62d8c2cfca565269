/**
 * Routes as the commendation machine reads them: RouteLevel[] per award, effective-dated, and
 * {@link routeFor} to pick one. Built from award-route-specs.ts (which levels), route-levels.ts
 * (who acts) and route-deadlines.ts (how long), so the three change independently.
 */
import { findAwardType, type DecidingAuthority } from '../award-types.ts';
import type { RouteLevel } from '../procedure-route.ts';
import { awardRouteSpecs, type AwardRouteSpec, type LevelSpec } from './award-route-specs.ts';
import { CatalogueNotInForceError, NotProposedByClustersError, SimplifiedProcedureNotAllowedError, UnknownAwardTypeError } from './catalogue-errors.ts';
import { latestVersion, requireInForce, type EffectiveDated } from './effective-dated.ts';
import { routeDeadlines2024, type RouteDeadlines, type RouteDeadlineSet } from './route-deadlines.ts';
import { DECISION_LEVEL_ID, decisionTemplates, levelTemplates } from './route-levels.ts';

export interface AwardRoutes {
  standard: readonly RouteLevel[];
  /** Present only where the simplified procedure (thủ tục đơn giản) is allowed. */
  simplified?: readonly RouteLevel[];
  /** Present only for the awards a cluster proposes its elected leading members for. */
  clusterProposal?: readonly RouteLevel[];
}

export type RouteTable = Readonly<Record<string, AwardRoutes>>;

function buildLevel(spec: LevelSpec, deadlines: RouteDeadlines, awardTypeId: string): RouteLevel {
  const id = typeof spec === 'string' ? spec : spec.council;
  const level: RouteLevel = { id, ...levelTemplates[id], deadlineWorkingDays: deadlines.byAward?.[awardTypeId]?.[id] ?? deadlines.steps[id] };
  if (typeof spec !== 'string') level.vote = spec.vote;
  if (level.kind === 'disclosure') level.postingDays = deadlines.disclosurePostingDays;
  return Object.freeze(level);
}

function buildRoute(specs: readonly LevelSpec[], authority: DecidingAuthority, deadlines: RouteDeadlines, awardTypeId: string): readonly RouteLevel[] {
  const decision: RouteLevel = { id: DECISION_LEVEL_ID, ...decisionTemplates[authority], deadlineWorkingDays: deadlines.decision[authority] };
  return Object.freeze([...specs.map((spec) => buildLevel(spec, deadlines, awardTypeId)), Object.freeze(decision)]);
}

/**
 * Per-award limits that name an award without a route, or a level none of the routes they apply
 * to has: the standard set's apply to the standard and cluster-proposal routes, the simplified
 * set's to the simplified route.
 */
function strayAwardLimits(specs: Readonly<Record<string, AwardRouteSpec>>, set: RouteDeadlineSet): string[] {
  const routesOf = (spec: AwardRouteSpec, kind: 'standard' | 'simplified') => (kind === 'standard' ? [spec.standard, spec.clusterProposal ?? []] : [spec.simplified ?? []]);
  const levelsOf = (spec: AwardRouteSpec, kind: 'standard' | 'simplified') =>
    new Set(routesOf(spec, kind).flat().map((level) => (typeof level === 'string' ? level : level.council)));
  return (['standard', 'simplified'] as const).flatMap((kind) =>
    Object.entries(set[kind].byAward ?? {}).flatMap(([awardTypeId, limits]) => {
      const spec = Object.hasOwn(specs, awardTypeId) ? specs[awardTypeId] : undefined;
      if (!spec) return [`${kind}.byAward.${awardTypeId}`];
      const levels = levelsOf(spec, kind);
      return Object.keys(limits).filter((levelId) => !levels.has(levelId as never)).map((levelId) => `${kind}.byAward.${awardTypeId}.${levelId}`);
    }),
  );
}

/**
 * Builds the table for every award in `specs`; throws if a spec names an award not in
 * `awardTypes`, or a per-award limit names an award or a level no route has (a RangeError).
 */
export function buildRouteTable(specs: Readonly<Record<string, AwardRouteSpec>>, deadlines: RouteDeadlineSet): RouteTable {
  const stray = strayAwardLimits(specs, deadlines);
  if (stray.length > 0) throw new RangeError(`Time limits for no route's level: ${stray.join(', ')}`);
  const table: Record<string, AwardRoutes> = {};
  for (const [awardTypeId, spec] of Object.entries(specs)) {
    const awardType = findAwardType(awardTypeId);
    if (!awardType) throw new UnknownAwardTypeError(awardTypeId);
    const routes: AwardRoutes = { standard: buildRoute(spec.standard, awardType.decidingAuthority, deadlines.standard, awardTypeId) };
    if (spec.simplified) routes.simplified = buildRoute(spec.simplified, awardType.decidingAuthority, deadlines.simplified, awardTypeId);
    if (spec.clusterProposal) routes.clusterProposal = buildRoute(spec.clusterProposal, awardType.decidingAuthority, deadlines.standard, awardTypeId);
    table[awardTypeId] = Object.freeze(routes);
  }
  return Object.freeze(table);
}

export const routeVersions: readonly EffectiveDated<RouteTable>[] = Object.freeze([
  {
    from: '2024-01-01',
    value: buildRouteTable(awardRouteSpecs, routeDeadlines2024),
    source: 'Luật Thi đua, khen thưởng 06/2022/QH15; Nghị định 98/2023/NĐ-CP; Thông tư 01/2024/TT-BNV',
  },
]);

export interface RouteOptions {
  /** The simplified procedure for an ad-hoc (đột xuất) achievement. Default false. */
  simplified?: boolean;
  /** An emulation cluster's proposal of a leading member its ballot elected. Default false. */
  clusterProposal?: boolean;
  /** `YYYY-MM-DD` the route must be in force on (the submission date); default: the latest version. */
  at?: string;
}

/** The routes of one award in the version for `at` (or the latest). Throws for an unknown id. */
export function awardRoutes(awardTypeId: string, at?: string): AwardRoutes {
  if (!findAwardType(awardTypeId)) throw new UnknownAwardTypeError(awardTypeId);
  const version = at === undefined ? latestVersion(routeVersions) : requireInForce(routeVersions, at, 'routes');
  const routes = Object.hasOwn(version.value, awardTypeId) ? version.value[awardTypeId] : undefined;
  if (!routes) throw new CatalogueNotInForceError(`route for "${awardTypeId}"`, at ?? version.from);
  return routes;
}

/** Whether the award may be proposed by the simplified procedure. */
export function allowsSimplified(awardTypeId: string, at?: string): boolean {
  return awardRoutes(awardTypeId, at).simplified !== undefined;
}

/**
 * The levels a nomination for `awardTypeId` climbs, the last being the decision by the award's
 * deciding authority. Returns fresh objects the caller may keep or change.
 * Throws {@link UnknownAwardTypeError}, {@link SimplifiedProcedureNotAllowedError} when
 * `simplified` is asked for an award that does not allow it, {@link NotProposedByClustersError}
 * when `clusterProposal` is asked for an award clusters do not propose, {@link CatalogueNotInForceError}
 * when no route is in force on `at`.
 */
export function routeFor(awardTypeId: string, options: RouteOptions = {}): RouteLevel[] {
  const routes = awardRoutes(awardTypeId, options.at);
  const levels = options.clusterProposal ? routes.clusterProposal : options.simplified ? routes.simplified : routes.standard;
  if (!levels) throw options.clusterProposal ? new NotProposedByClustersError(awardTypeId) : new SimplifiedProcedureNotAllowedError(awardTypeId);
  return levels.map((level) => ({ ...level, ...(level.vote ? { vote: { ...level.vote } } : {}) }));
}
