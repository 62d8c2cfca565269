/**
 * What the effects of a year-end evaluation read back from the instance that emitted them: its
 * context (the members with the people acting for them and what became of them, this year's
 * chair). Read from the store, where the commit that emitted the effect put it.
 */
import type { Store } from '@vinh-danh/store';
import { clusterEvaluationDefinition, type ClusterEvaluationContext } from '@vinh-danh/workflows';
import { ClusterError } from './cluster-errors.ts';

/** The context of the cluster-evaluation instance `instanceId`; a permanent {@link ClusterError} when it is not one. */
export async function evaluationContext(store: Pick<Store, 'instances'>, instanceId: string): Promise<ClusterEvaluationContext> {
  const instance = await store.instances.get(instanceId);
  if (!instance || instance.definitionId !== clusterEvaluationDefinition.id) {
    throw new ClusterError(`instance ${instanceId} is not a ${clusterEvaluationDefinition.id} instance${instance ? ` (it runs ${instance.definitionId})` : ' the store holds'}`);
  }
  const context = (instance.snapshot as { context?: ClusterEvaluationContext } | null)?.context;
  if (!context || !Array.isArray(context.members)) throw new ClusterError(`instance ${instanceId} has no cluster-evaluation context`);
  return context;
}
