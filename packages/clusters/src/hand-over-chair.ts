/**
 * Carries out one `handOverChair` effect of a concluded evaluation: next year's chair (Trưởng
 * cụm) and deputy (Phó trưởng cụm) are recorded on the cluster's record of that year
 * (`store.clusters.recordHandover`, idempotent on the effect id). A year not recorded yet is
 * carried from the evaluated one, its members those still in the cluster — a member merged into
 * another unit during the evaluation is left out — and its agreement unsigned, for the members to
 * sign as that year's evaluation starts.
 */
import type { EffectContext } from '@vinh-danh/engine';
import type { PlannedEffect } from '@vinh-danh/domain';
import type { ClusterHandoverOutcome, Store } from '@vinh-danh/store';
import { ClusterHandoverError } from './cluster-errors.ts';
import { evaluationContext } from './evaluation-context.ts';

/** Records the handover; `recorded` or `exists` (a redelivery). Fails for good otherwise, saying why. */
export async function handOverChair(store: Store, params: PlannedEffect<'handOverChair'>, context: EffectContext): Promise<ClusterHandoverOutcome> {
  const evaluation = await evaluationContext(store, context.instanceId);
  if (evaluation.clusterId !== params.clusterId || evaluation.year + 1 !== params.year) {
    throw new ClusterHandoverError(`handover of ${params.clusterId} ${params.year} came from the evaluation of ${evaluation.clusterId} ${evaluation.year}`);
  }
  const members = evaluation.members.filter((seat) => seat.status !== 'merged').map((seat) => seat.memberId);
  const { clusterId, year, chair, deputy } = params;
  const outcome = await store.clusters.recordHandover({ clusterId, year, chair, deputy, byEffectId: context.effectId, members });
  if (outcome === 'notFound') throw new ClusterHandoverError(`cluster ${clusterId} has no record of ${year} or ${year - 1} to hand the chair over on`);
  if (outcome === 'conflict') {
    const recorded = await store.clusters.getYear(clusterId, year);
    throw new ClusterHandoverError(
      `cluster ${clusterId} ${year} was already handed over by ${recorded?.handover?.byEffectId ?? 'another effect'} (chair ${recorded?.chair}, deputy ${recorded?.deputy}); ${chair} / ${deputy} not recorded`,
    );
  }
  context.log.info({ clusterId, year, chair, deputy, outcome }, 'cluster chair handed over');
  return outcome;
}
