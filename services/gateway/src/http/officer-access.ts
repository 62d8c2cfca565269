import { createHash, timingSafeEqual } from 'node:crypto';
import type { Config } from '@vinh-danh/config';
import type { Logger } from '@vinh-danh/log';
import type { Request, RequestHandler } from 'express';
import { forbidden, HttpError } from './http-errors.ts';

const digest = (text: string) => createHash('sha256').update(text).digest();

/** The name of the token an officers' route was called with; undefined on open routes (not production, no tokens). */
export const tokenOfficer = (req: Request): string | undefined => (req as Request & { officer?: string }).officer;

/** Who called an officers' route: the token's name, or `api` when the routes are open. */
export const officerOf = (req: Request): string => tokenOfficer(req) ?? 'api';

/**
 * Guards the officers' API routes (award-history import, cluster evaluation start). With
 * `OFFICER_API_TOKENS`, a request needs `Authorization: Bearer <token>` of one of them (401
 * otherwise) and acts as that token's name. Without, the routes are open outside production —
 * said once at start — and refused (403) in production, where someone must be accountable.
 */
export function officerOnly(config: Pick<Config, 'officerApiTokens' | 'officerClusters' | 'nodeEnv'>, log: Logger): RequestHandler {
  const tokens = config.officerApiTokens?.map(({ name, token }) => ({ name, digest: digest(token) }));
  // A token revoked from OFFICER_API_TOKENS may linger in OFFICER_CLUSTERS: said, not fatal.
  const unscoped = Object.keys(config.officerClusters ?? {}).filter((name) => !tokens?.some((known) => known.name === name));
  if (unscoped.length > 0) log.warn({ names: unscoped }, `OFFICER_CLUSTERS names officers no token of OFFICER_API_TOKENS has (${unscoped.join(', ')}): they are ignored`);
  if (!tokens) {
    if (config.nodeEnv === 'production') {
      log.warn('OFFICER_API_TOKENS is not set: the officers\' API routes answer 403');
      return (_req, _res, next) =>
        next(
          forbidden('officer_api_disabled', {
            vi: 'API dành cho cán bộ chưa được bật trên máy chủ này (cần OFFICER_API_TOKENS).',
            en: 'The officers\' API is not enabled on this server (OFFICER_API_TOKENS is not set).',
          }),
        );
    }
    log.warn('OFFICER_API_TOKENS is not set: the officers\' API routes are open to anyone (development only)');
    return (_req, _res, next) => next();
  }
  return (req, _res, next) => {
    const given = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '')?.[1];
    // Digests of equal length: the comparison takes the same time whatever the token.
    const found = given === undefined ? undefined : tokens.find((known) => timingSafeEqual(known.digest, digest(given)));
    if (!found) {
      return next(
        new HttpError(
          401,
          'officer_token_required',
          {
            vi: given === undefined ? 'Cần mã truy cập của cán bộ (Authorization: Bearer …).' : 'Mã truy cập của cán bộ không đúng.',
            en: given === undefined ? 'An officer\'s token is required (Authorization: Bearer …).' : 'The officer\'s token is not valid.',
          },
          { headers: { 'WWW-Authenticate': 'Bearer realm="vinh-danh officers"' } },
        ),
      );
    }
    (req as Request & { officer?: string }).officer = found.name;
    req.log = req.log.child({ officer: found.name });
    next();
  };
}

/**
 * Refuses (403 `cluster_not_allowed`) an officer whom `OFFICER_CLUSTERS` does not let act on
 * `clusterId`. Without OFFICER_CLUSTERS, or on open routes (no tokens, not production), every
 * caller may.
 */
export function requireClusterScope(config: Pick<Config, 'officerClusters' | 'officerApiTokens'>, req: Request, clusterId: string): void {
  if (!config.officerClusters || !config.officerApiTokens) return;
  const officer = officerOf(req);
  const allowed = Object.hasOwn(config.officerClusters, officer) ? config.officerClusters[officer]! : [];
  if (allowed.includes('*') || allowed.includes(clusterId)) return;
  throw forbidden('cluster_not_allowed', {
    vi: `Mã truy cập của ${officer} không được phép thao tác với Cụm ${clusterId} (OFFICER_CLUSTERS).`,
    en: `The token of ${officer} may not act on cluster ${clusterId} (OFFICER_CLUSTERS).`,
  });
}
