/**
 * Starts a cluster's year-end evaluation (workflows/cluster-evaluation) from what the store
 * holds: the cluster's record of the year (members, chair, deputy, rotation order, agreement and
 * who signed it already) and, for each member, who acts for it (`memberContacts`, from the unit
 * directory).
 *
 * Guarantees: one instance per cluster and year (its id is derived from both), so starting
 * twice starts once — the second call reads nothing else and answers `created: false`; a year
 * that cannot be evaluated is refused before anything is stored, every problem named.
 */
import type { Engine } from '@vinh-danh/engine';
import type { EventMeta, Store } from '@vinh-danh/store';
import { clusterEvaluationDefinition, type ClusterEvaluationDeadlines, type ClusterEvaluationInput } from '@vinh-danh/workflows';
import { ClusterSetupError, ClusterYearNotFoundError } from './cluster-errors.ts';
import { emulationAgreementOf } from './cluster-year-record.ts';
import { clusterEvaluationInstanceId } from './derived-ids.ts';
import { memberContacts } from './member-contacts.ts';

export interface StartClusterEvaluationRequest {
  clusterId: string;
  year: number;
}

export interface StartClusterEvaluationOptions {
  /** Overrides of the machine's default deadlines (`defaultClusterEvaluationDeadlines`). */
  deadlines?: Partial<ClusterEvaluationDeadlines>;
  /** Fewest signatories with which the chair may proceed without the others (≥ 2). Default 2. */
  minimumSignatories?: number;
  /** Who started it, for the history; default the system. */
  meta?: EventMeta;
}

/** Instance ids carry the cluster id; timer and job ids built on them must stay within the queues' 200 characters. */
const MAX_CLUSTER_ID_LENGTH = 80;

/** The machine's input for the cluster's `year`, or every reason it cannot be built. */
async function inputFor(store: Pick<Store, 'clusters' | 'units'>, request: StartClusterEvaluationRequest, options: StartClusterEvaluationOptions): Promise<ClusterEvaluationInput> {
  const { clusterId, year } = request;
  const record = await store.clusters.getYear(clusterId, year);
  if (!record) throw new ClusterYearNotFoundError(clusterId, year);
  const problems: string[] = [];
  if (clusterId.length > MAX_CLUSTER_ID_LENGTH) problems.push(`the cluster id is longer than ${MAX_CLUSTER_ID_LENGTH} characters`);
  const agreement = emulationAgreementOf(record);
  if (!agreement) problems.push(`no agreement (giao ước thi đua) is recorded for ${year}`);
  const contacts = await memberContacts(store.units, record.members);
  if (!contacts.ok) problems.push(...contacts.problems);
  if (!agreement || !contacts.ok || problems.length > 0) throw new ClusterSetupError(clusterId, year, problems);
  return {
    clusterId,
    clusterNameVi: record.nameVi,
    year,
    members: contacts.members,
    chair: record.chair,
    deputy: record.deputy,
    rotationOrder: [...record.rotationOrder],
    criteria: [...agreement.criteria],
    rules: {
      ranking: agreement.ranking,
      selfAssessmentWeight: agreement.selfAssessmentWeight,
      vote: agreement.vote,
      minimumSignatories: options.minimumSignatories ?? 2,
    },
    ...(options.deadlines ? { deadlines: options.deadlines } : {}),
    // Signed at the meeting that adopted the agreement: those members are not asked again.
    signedAlready: [...new Set((record.agreement?.signatures ?? []).map((signature) => signature.memberId))].filter((memberId) => record.members.includes(memberId)),
  };
}

/**
 * Starts the evaluation of `clusterId`'s `year` (see the module comment). Throws
 * {@link ClusterYearNotFoundError} (404) or {@link ClusterSetupError} (422); the engine's
 * `InvalidInstanceInputError` (400) when the machine refuses the record (e.g. a chair who is not
 * a member), naming every bad field.
 */
export async function startClusterEvaluation(
  runtime: { store: Pick<Store, 'clusters' | 'units' | 'instances'>; engine: Pick<Engine, 'startInstance'> },
  request: StartClusterEvaluationRequest,
  options: StartClusterEvaluationOptions = {},
): Promise<{ instanceId: string; created: boolean; state: string }> {
  const instanceId = clusterEvaluationInstanceId(request.clusterId, request.year);
  const running = await runtime.store.instances.get(instanceId);
  if (running) return { instanceId, created: false, state: running.stateValue };
  const input = await inputFor(runtime.store, request, options);
  return runtime.engine.startInstance({
    definitionId: clusterEvaluationDefinition.id,
    instanceId,
    input,
    meta: options.meta ?? { actor: 'system', source: 'cluster-evaluation', via: instanceId },
  });
}
