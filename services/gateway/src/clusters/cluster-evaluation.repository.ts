/**
 * A cluster's year-end evaluation as the engine keeps it: the cluster-evaluation instance's
 * stored snapshot, under the id packages/clusters derives from the cluster and the year, read
 * through the store port. The context is the machine's own record of who signed, scored and
 * voted; ballots exist there only as counts, and the pages show those only for closed rounds.
 */
import { clusterEvaluationInstanceId } from '@vinh-danh/clusters';
import type { InstanceRecord, Store } from '@vinh-danh/store';
import { clusterEvaluationDefinition, type ClusterEvaluationContext, type ClusterEvaluationOutput } from '@vinh-danh/workflows';

export interface ClusterYearEvaluation {
  instance: InstanceRecord;
  context: ClusterEvaluationContext;
  /** Set once the evaluation reached a final state (concluded or expired). */
  output: ClusterEvaluationOutput | null;
}

/** The cluster year an instance holds; null for an instance of another procedure (or one that failed to start). */
export function evaluationOf(instance: InstanceRecord): ClusterYearEvaluation | null {
  if (instance.definitionId !== clusterEvaluationDefinition.id) return null;
  const snapshot = instance.snapshot as { context?: ClusterEvaluationContext; output?: ClusterEvaluationOutput } | null;
  if (!snapshot?.context || !Array.isArray(snapshot.context.members)) return null;
  return { instance, context: snapshot.context, output: snapshot.output ?? null };
}

/** The evaluation of `clusterId` in `year`, or null when none was started. */
export async function loadClusterYearEvaluation(store: Pick<Store, 'instances'>, clusterId: string, year: number): Promise<ClusterYearEvaluation | null> {
  const instance = await store.instances.get(clusterEvaluationInstanceId(clusterId, year));
  return instance ? evaluationOf(instance) : null;
}
