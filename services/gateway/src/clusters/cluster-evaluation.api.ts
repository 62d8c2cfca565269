/**
 * `POST /api/clusters/:clusterId/:year/evaluation`: starts a cluster's year-end evaluation from
 * the year the store records (members, roles, agreement). One instance per cluster and year:
 * a repeat answers 200 with the same instance; the first start answers 202. A year the store
 * does not hold is a 404; a year that cannot be evaluated (no agreement, a member nobody acts
 * for) is a 422 naming every problem, and nothing is started.
 */
import { ClusterSetupError, ClusterYearNotFoundError, startClusterEvaluation } from '@vinh-danh/clusters';
import type { Request, Response } from 'express';
import type { GatewayDeps } from '../gateway-deps.ts';
import { HttpError } from '../http/http-errors.ts';
import { officerOf } from '../http/officer-access.ts';
import { parseClusterYearParams } from './cluster-year.params.ts';

export function startClusterEvaluationHandler(deps: Pick<GatewayDeps, 'runtime' | 'publicUrl'>) {
  return async (req: Request, res: Response) => {
    const { clusterId, year } = parseClusterYearParams(req.params);
    try {
      const started = await startClusterEvaluation(deps.runtime, { clusterId, year }, { meta: { actor: officerOf(req), source: 'gateway' } });
      res.status(started.created ? 202 : 200).json({
        clusterId,
        year,
        instanceId: started.instanceId,
        created: started.created,
        yearUrl: `${deps.publicUrl}/clusters/${clusterId}/${year}`,
      });
    } catch (error) {
      if (error instanceof ClusterYearNotFoundError) {
        throw new HttpError(404, 'cluster_year_not_found', { vi: `Cụm ${clusterId} chưa có dữ liệu năm ${year}.`, en: `Cluster ${clusterId} has no record for ${year}.` });
      }
      if (error instanceof ClusterSetupError) {
        const fields = error.problems.map((problem) => ({ field: 'clusterYear', message: { vi: problem, en: problem } }));
        throw new HttpError(422, 'cluster_year_not_ready', { vi: `Chưa thể tổng kết Cụm ${clusterId} năm ${year}.`, en: `Cluster ${clusterId} cannot evaluate ${year} yet.` }, { fields });
      }
      throw error;
    }
  };
}
