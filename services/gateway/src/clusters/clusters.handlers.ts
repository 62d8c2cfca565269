import type { Request, Response } from 'express';
import type { GatewayDeps } from '../gateway-deps.ts';
import { notFound } from '../http/http-errors.ts';
import { langOf } from '../i18n/i18n.ts';
import { agreementRecordPage } from './cluster-agreement-record.views.ts';
import { loadClusterYearEvaluation, type ClusterYearEvaluation } from './cluster-evaluation.repository.ts';
import { ctBoth } from './cluster-messages.ts';
import { clusterRecordPage } from './cluster-record.views.ts';
import { loadStoredClusterYear, type StoredClusterYear } from './cluster-stored-year.repository.ts';
import { storedYearPage } from './cluster-stored-year.views.ts';
import { parseClusterYearParams } from './cluster-year.params.ts';
import { clusterYearPage } from './cluster-year.views.ts';

/** What there is to show of a cluster year: its evaluation once started, and what the store records (either may be missing, not both). */
type ClusterYearView =
  | { evaluation: ClusterYearEvaluation; stored: StoredClusterYear | null }
  | { evaluation: null; stored: StoredClusterYear };

export function clusterHandlers(deps: Pick<GatewayDeps, 'runtime'>) {
  /** The year the path names: 400 for a malformed path, 404 when neither an evaluation nor the store's record of it exists. */
  async function clusterYearFor(req: Request): Promise<ClusterYearView> {
    const { clusterId, year } = parseClusterYearParams(req.params);
    const { store } = deps.runtime;
    const [evaluation, stored] = await Promise.all([loadClusterYearEvaluation(store, clusterId, year), loadStoredClusterYear(store, clusterId, year)]);
    if (evaluation) return { evaluation, stored };
    if (stored) return { evaluation, stored };
    throw notFound(ctBoth('year.notFound'));
  }

  return {
    /** `GET /clusters/:clusterId/:year`: the year at a glance; before the evaluation, what the store records. */
    async year(req: Request, res: Response) {
      const view = await clusterYearFor(req);
      const lang = langOf(res);
      const page = view.evaluation ? clusterYearPage(view.evaluation, lang, view.stored) : storedYearPage(view.stored, lang);
      res.set('Cache-Control', 'no-store').type('html').send(page);
    },

    /** `GET /clusters/:clusterId/:year/record`: the printable record of the meeting; before the evaluation, the signed agreement. */
    async record(req: Request, res: Response) {
      const view = await clusterYearFor(req);
      const lang = langOf(res);
      const page = view.evaluation ? clusterRecordPage(view.evaluation, lang) : agreementRecordPage(view.stored, lang);
      res.set('Cache-Control', 'no-store').type('html').send(page);
    },
  };
}
