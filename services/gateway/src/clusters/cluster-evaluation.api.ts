/**
 * `POST /api/clusters/:clusterId/:year/evaluation`: starts a cluster's year-end evaluation from
 * the year the store records (members, roles, agreement). One instance per cluster and year:
 * a repeat answers 200 with the same instance; the first start answers 202. A year the store
 * does not hold is a 404; a year that cannot be evaluated (no agreement, a member nobody acts
 * for) is a 422 naming every problem, and nothing is started.
 */
import { clusterEvaluationInstanceId, ClusterSetupError, ClusterYearNotFoundError, startClusterEvaluation } from '@vinh-danh/clusters';
import type { ClusterEvaluationContext } from '@vinh-danh/workflows';
import type { Request, Response } from 'express';
import { z } from 'zod';
import type { GatewayDeps } from '../gateway-deps.ts';
import { HttpError, type FieldProblem } from '../http/http-errors.ts';
import { officerOf, requireClusterScope } from '../http/officer-access.ts';
import { parseClusterYearParams } from './cluster-year.params.ts';

export function startClusterEvaluationHandler(deps: Pick<GatewayDeps, 'runtime' | 'publicUrl' | 'config'>) {
  return async (req: Request, res: Response) => {
    const { clusterId, year } = parseClusterYearParams(req.params);
    requireClusterScope(deps.config, req, clusterId);
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

const unitIdText = z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'a unit id: lower-case words joined by "-"').max(100);
const mergerBody = z.strictObject({ member: unitIdText, successor: unitIdText });

/**
 * `POST /api/clusters/:clusterId/:year/evaluation/mergers` `{ member, successor }`: the
 * organisation data records that a member ceased into another unit mid-year (a provincial
 * merger); the evaluation applies its rule (see workflows/cluster-evaluation merge): the member's
 * sheets pass to a successor taking part, or it leaves the evaluation, or, during the vote, it is
 * recorded only. A member merges once: a repeat answers 200 and changes nothing. The member must
 * be a seat not merged yet, the successor a seat or a unit of the directory (422 otherwise); an
 * evaluation not started is a 404, one that has ended a 409.
 */
export function recordMergerHandler(deps: Pick<GatewayDeps, 'runtime' | 'config'>) {
  return async (req: Request, res: Response) => {
    const { clusterId, year } = parseClusterYearParams(req.params);
    requireClusterScope(deps.config, req, clusterId);
    const parsed = mergerBody.safeParse(req.body);
    if (!parsed.success) {
      const fields = parsed.error.issues.map((issue) => ({ field: issue.path.join('.') || 'body', message: { vi: issue.message, en: issue.message } }));
      throw new HttpError(400, 'invalid_body', { vi: 'Nội dung không hợp lệ: cần { member, successor }.', en: 'The body must be { member, successor }.' }, { fields });
    }
    const { member, successor } = parsed.data;
    const instanceId = clusterEvaluationInstanceId(clusterId, year);
    const instance = await deps.runtime.store.instances.get(instanceId);
    if (!instance) {
      throw new HttpError(404, 'cluster_evaluation_not_found', { vi: `Cụm ${clusterId} chưa bắt đầu tổng kết năm ${year}.`, en: `Cluster ${clusterId} has not started evaluating ${year}.` });
    }
    if (instance.status !== 'active') {
      throw new HttpError(409, 'cluster_evaluation_ended', { vi: `Tổng kết năm ${year} của Cụm ${clusterId} đã kết thúc.`, en: `The ${year} evaluation of cluster ${clusterId} has ended.` });
    }
    const context = (instance.snapshot as { context: ClusterEvaluationContext }).context;
    const seat = (unitId: string) => context.members.find((entry) => entry.memberId === unitId);
    const problems: FieldProblem[] = [];
    if (member === successor) problems.push({ field: 'successor', message: { vi: 'Đơn vị kế thừa phải khác đơn vị sáp nhập.', en: 'The successor must differ from the member.' } });
    const merging = seat(member);
    if (!merging) problems.push({ field: 'member', message: { vi: `${member} không là thành viên của Cụm năm ${year}.`, en: `${member} is not a member of the cluster in ${year}.` } });
    else if (merging.status === 'merged' && !context.merges.some((merge) => merge.memberId === member && merge.successorId === successor)) {
      problems.push({ field: 'member', message: { vi: `${member} đã sáp nhập vào đơn vị khác.`, en: `${member} has already merged into another unit.` } });
    }
    if (!seat(successor) && !(await deps.runtime.store.units.get(successor))) {
      problems.push({ field: 'successor', message: { vi: `${successor} không là thành viên của Cụm, cũng không có trong danh mục đơn vị.`, en: `${successor} is neither a member of the cluster nor a unit of the directory.` } });
    }
    if (problems.length > 0) throw new HttpError(422, 'merger_not_applicable', { vi: 'Không thể ghi nhận việc sáp nhập.', en: 'The merger cannot be recorded.' }, { fields: problems });
    const eventId = `merger-${member}`;
    const outcome = await deps.runtime.engine.dispatch({
      instanceId,
      eventId,
      event: { type: 'memberMerged', member, successor },
      meta: { actor: officerOf(req), source: 'gateway', via: String(req.id) },
    });
    if (outcome === 'duplicate') {
      // A merger of this member recorded before: this one repeats it only if it names the same
      // successor (another request may have recorded one while this one was being checked).
      const recorded = (await deps.runtime.store.instances.loadForEvent(instanceId, eventId))?.recorded?.event as { successor?: unknown } | undefined;
      if (recorded && recorded.successor !== successor) {
        throw new HttpError(422, 'merger_not_applicable', { vi: 'Không thể ghi nhận việc sáp nhập.', en: 'The merger cannot be recorded.' }, {
          fields: [{ field: 'member', message: { vi: `${member} đã sáp nhập vào ${String(recorded.successor)}.`, en: `${member} has already merged into ${String(recorded.successor)}.` } }],
        });
      }
    }
    res.status(outcome === 'accepted' ? 202 : 200).json({ clusterId, year, instanceId, member, successor, accepted: outcome === 'accepted' });
  };
}
