import { badRequest } from '../http/http-errors.ts';
import { ctBoth } from './cluster-messages.ts';

/** Cluster ids are unit-id-like: lowercase words joined by `-` (e.g. `cum-trung-du-mien-nui-phia-bac`). */
const clusterIdPattern = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const yearPattern = /^\d{4}$/;

export interface ClusterYearParams {
  clusterId: string;
  year: number;
}

/** The cluster and year of `/clusters/:clusterId/:year`; a malformed one is a 400 naming what is expected. */
export function parseClusterYearParams(params: Record<string, unknown>): ClusterYearParams {
  const clusterId = String(params.clusterId ?? '');
  const yearText = String(params.year ?? '');
  const year = Number(yearText);
  if (clusterId.length > 100 || !clusterIdPattern.test(clusterId) || !yearPattern.test(yearText) || year < 2000 || year > 2100) {
    throw badRequest('invalid_cluster_year', ctBoth('year.badParams'));
  }
  return { clusterId, year };
}
