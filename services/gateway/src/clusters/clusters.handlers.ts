import type { Request, Response } from 'express';
import type { GatewayDeps } from '../gateway-deps.ts';
import { notFound } from '../http/http-errors.ts';
import { langOf } from '../i18n/i18n.ts';
import { ctBoth } from './cluster-messages.ts';
import { clusterRecordPage } from './cluster-record.views.ts';
import { parseClusterYearParams } from './cluster-year.params.ts';
import { loadClusterYearEvaluation, type ClusterYearEvaluation } from './cluster-evaluation.repository.ts';
import { clusterYearPage } from './cluster-year.views.ts';

export function clusterHandlers(deps: Pick<GatewayDeps, 'runtime'>) {
  /** The evaluation the path names: 400 for a malformed path, 404 for a cluster year nobody started. */
  async function clusterYearFor(req: Request): Promise<ClusterYearEvaluation> {
    const { clusterId, year } = parseClusterYearParams(req.params);
    const record = await loadClusterYearEvaluation(deps.runtime.store, clusterId, year);
    if (!record) throw notFound(ctBoth('year.notFound'));
    return record;
  }

  return {
    /** `GET /clusters/:clusterId/:year`: the year at a glance. */
    async year(req: Request, res: Response) {
      const record = await clusterYearFor(req);
      res.set('Cache-Control', 'no-store').type('html').send(clusterYearPage(record, langOf(res)));
    },

    /** `GET /clusters/:clusterId/:year/record`: the printable record of the meeting. */
    async record(req: Request, res: Response) {
      const record = await clusterYearFor(req);
      res.set('Cache-Control', 'no-store').type('html').send(clusterRecordPage(record, langOf(res)));
    },
  };
}
