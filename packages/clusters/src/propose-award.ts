/**
 * Carries out one `proposeAward` effect of a concluded evaluation, reading as the story: the
 * chair proposes the leading unit for its award (the deputy, when the chair's own province is
 * elected), so a commendation nomination is opened for the unit — a collective nominee, the year
 * as its period — and its `commendation` procedure starts on the catalogue's cluster-proposal
 * route, resolved as any nomination's (`resolveNominationRoute`, what the gateway uses): the
 * proposer signs, the Central Committee appraises, the authority decides. The members' ballot that elected the unit is the cluster's vote; none is held again.
 *
 * Guarantees (the effect is delivered at least once):
 * - One nomination and one procedure per effect: the procedure's instance id is derived from
 *   the effect id and stored with its nomination in one transaction, so a redelivery (even a
 *   concurrent one) finds it and opens nothing.
 * - A proposal that cannot become a nomination (unknown unit, a route nobody can walk) fails
 *   for good with every reason named, and nothing is stored.
 *
 * The nominee's award history is not checked here, as the gateway does for a submission: the
 * cluster's vote is the basis of this proposal, and the reviewers on the route judge the rest.
 */
import { randomUUID } from 'node:crypto';
import { awardFits, duplicateKeyOf, findAwardType, findStoredDuplicates, resolveNominationRoute, resubmitWindow, type PlannedEffect, type RouteTiming } from '@vinh-danh/domain';
import type { Clock, EffectContext, Engine } from '@vinh-danh/engine';
import type { Store } from '@vinh-danh/store';
import type { ClusterEvaluationContext, CommendationInput, MemberSeat } from '@vinh-danh/workflows';
import { ClusterError, ClusterProposalError } from './cluster-errors.ts';
import { newTrackingCode, proposalInstanceId } from './derived-ids.ts';
import { evaluationContext } from './evaluation-context.ts';

export interface ProposeAwardDeps {
  store: Store;
  engine: Pick<Engine, 'startInstance'>;
  clock: Clock;
  routeTiming: RouteTiming;
}

export interface ProposalResult {
  outcome: 'created' | 'exists';
  /** The commendation procedure of the proposal. */
  instanceId: string;
  nominationId: string | null;
}

/** The procedure every new nomination runs (as the gateway's submissions). */
const commendationDefinitionId = 'commendation';

/**
 * Who signs and posts the proposal of `nomineeId`, and who stands in when the deadline passes,
 * as the evaluated year's seats say (not the directory's): the chair and the deputy, but never
 * the nominee itself — a chair whose own province was elected hands the signature to the
 * deputy, and a nominee who would stand in is passed over for the next member taking part (the
 * chair's first in the members' order). `proposer` is the member whose office submits it
 * (answers a request for changes, may withdraw it): the signer, so never the nominee.
 */
export function proposalRolesOf(
  evaluation: Pick<ClusterEvaluationContext, 'members' | 'chair' | 'deputy'>,
  nomineeId: string,
): Record<'clusterChair' | 'clusterDeputyChair', string> & { proposer: MemberSeat } {
  const seat = (memberId: string) => evaluation.members.find((member) => member.memberId === memberId);
  if (!seat(evaluation.chair) || !seat(evaluation.deputy)) throw new ClusterError(`the chair ${evaluation.chair} or the deputy ${evaluation.deputy} is not one of the cluster's members`);
  const signerId = nomineeId === evaluation.chair ? evaluation.deputy : evaluation.chair;
  const standIn =
    nomineeId !== evaluation.deputy && signerId !== evaluation.deputy
      ? seat(evaluation.deputy)
      : evaluation.members.find((member) => member.status === 'active' && member.memberId !== nomineeId && member.memberId !== signerId);
  if (!standIn) throw new ClusterProposalError(`no member of the cluster but the nominee ${nomineeId} and the signer ${signerId} can stand in for the signature`);
  const proposer = seat(signerId)!;
  return { clusterChair: proposer.head, clusterDeputyChair: standIn.head, proposer };
}

/** Carries out one `proposeAward` effect; see the module comment. */
export async function proposeAward(deps: ProposeAwardDeps, params: PlannedEffect<'proposeAward'>, context: EffectContext): Promise<ProposalResult> {
  const { store } = deps;
  const instanceId = proposalInstanceId(context.effectId);
  const proposed = await store.instances.get(instanceId);
  if (proposed) return { outcome: 'exists', instanceId, nominationId: proposed.nominationId };

  const evaluation = await evaluationContext(store, context.instanceId);
  if (evaluation.clusterId !== params.clusterId || evaluation.year !== params.year) {
    throw new ClusterError(`proposal for ${params.clusterId} ${params.year} came from the evaluation of ${evaluation.clusterId} ${evaluation.year}`);
  }
  const awardType = findAwardType(params.awardTypeId);
  if (!awardType || !awardFits(awardType, 'collective')) throw new ClusterProposalError(`award "${params.awardTypeId}" is not in the catalogue for a collective`);
  const unit = await store.units.get(params.unitId);
  if (!unit) throw new ClusterProposalError(`leading unit ${params.unitId} is not in the unit directory`);

  const now = new Date(deps.clock.now());
  // The cluster's roles are the evaluated year's: its chair signs and posts the proposal (its
  // deputy stands in), whoever the directory lists (roles change hands every year, the directory
  // does not), and never the nominee itself (proposalRolesOf): then the deputy proposes.
  const { proposer, ...roles } = proposalRolesOf(evaluation, unit.unitId);
  const proposerRole = proposer.memberId === evaluation.chair ? 'Trưởng Cụm' : 'Phó Trưởng Cụm';
  const asProposed = { ...unit, approvers: { ...unit.approvers, ...roles } };
  const route = await resolveNominationRoute(
    { unitId: unit.unitId, awardTypeId: awardType.id, simplified: false, clusterProposal: true, now, timing: deps.routeTiming },
    (unitId) => (unitId === unit.unitId ? Promise.resolve(asProposed) : store.units.get(unitId)),
  );
  if (!route.ok) {
    const reasons = route.reason === 'noRoute' ? [route.error.message] : route.problems.map((problem) => problem.messageEn);
    throw new ClusterProposalError(`no route for ${awardType.id} proposed for ${unit.unitId}: ${reasons.join('; ')}`, route.reason === 'noRoute' ? route.error : undefined);
  }

  const nominationId = randomUUID();
  // As for a nomination submitted through the gateway: one of this unit for this award and year
  // already filed (by the province itself, say) does not stop the proposal, but its reviewers
  // are told, and the two do not both go on to a decision unseen.
  const facts = { awardTypeId: awardType.id, period: String(params.year), nominee: { kind: 'collective' as const, name: unit.nameVi, identifier: unit.unitId } };
  const duplicates = (await findStoredDuplicates((query) => store.nominations.listDuplicateCandidates(query), facts)).map(
    ({ nominationId: id, trackingCode, unitId, status }) => ({ nominationId: id, trackingCode, unitId, status }),
  );
  const basis = { clusterId: params.clusterId, year: params.year, position: params.position, evaluationInstanceId: context.instanceId, proposalEffectId: context.effectId };
  const started = await deps.engine.startInstance({
    definitionId: commendationDefinitionId,
    instanceId,
    nomination: {
      nominationId,
      trackingCode: newTrackingCode(),
      unitId: unit.unitId,
      awardTypeId: awardType.id,
      period: facts.period,
      nominee: { ...facts.nominee },
      duplicateKey: duplicateKeyOf(facts),
      details: {
        achievementSummary: `Đơn vị dẫn đầu ${evaluation.clusterNameVi} năm ${params.year}, được Cụm suy tôn bằng bỏ phiếu kín và ${proposerRole} đề nghị tặng ${awardType.nameVi}.`,
        contact: { name: `${proposerRole}: ${proposer.nameVi}`, email: proposer.representative },
        source: 'cluster',
        simplified: false,
        cluster: basis,
        duplicates,
      },
    },
    input: {
      nominationId,
      awardTypeId: awardType.id,
      submitter: proposer.representative,
      route: route.route,
      simplified: false,
      ...resubmitWindow(deps.routeTiming),
    } satisfies CommendationInput,
    meta: { actor: 'system', source: 'cluster-proposal', via: context.effectId, audit: { clusterProposal: basis } },
  });
  if (!started.created) {
    // A concurrent delivery of this effect stored it first.
    return { outcome: 'exists', instanceId, nominationId: (await store.instances.get(instanceId))?.nominationId ?? null };
  }
  context.log.info({ ...basis, unitId: unit.unitId, awardTypeId: awardType.id, nominationId, commendationInstanceId: instanceId }, 'leading unit proposed for an award');
  return { outcome: 'created', instanceId, nominationId };
}
