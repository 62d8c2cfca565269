/**
 * The seed cluster's year on the product (issue 5): the Northern Midlands and Mountains cluster
 * evaluates 2022 on the real runtime — every member signs, self-assesses and scores the others,
 * the chair consolidates, the secret vote concludes — and the worker turns the outcome into the
 * leading units' nominations with their commendation procedures running, and next year's chair.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  clusterEvaluationInstanceId, ClusterSetupError, ClusterYearNotFoundError, createClusterHandlers, proposalInstanceId, proposalRolesOf, proposeAward, startClusterEvaluation,
} from '@vinh-danh/clusters';
import { defaultRouteTiming, duplicateKeyOf, effectPayloadSchemas, NORTHERN_MIDLANDS_CLUSTER_ID, resolveNominationRoute } from '@vinh-danh/domain';
import type { Runtime } from '@vinh-danh/engine';
import type { CommendationContext } from '@vinh-danh/workflows';
import { testLog, type Harness } from '../support/harness.ts';
import {
  act, certificateBallots, crossScoreAll, m, rep, seedCopy, selfAssessAll, seven, signAll, startClusterHarness, vote, waitForClusterEffectsDone, waitForContext, waitForState,
} from './cluster-runtime.ts';

const clusterId = NORTHERN_MIDLANDS_CLUSTER_ID;
/** Peers' scores: Bắc Kạn best, Thái Nguyên next, the rest level. */
const given: Record<string, number> = { [m.bacKan]: 9, [m.thaiNguyen]: 8.5 };
const scoreOf = (target: string) => given[target] ?? 7;
/** Round 1 decides both seats: Bắc Kạn 4 ballots (the flag), Thái Nguyên 3 (the certificate of merit). */
const decisiveRound = {
  [m.bacGiang]: m.bacKan, [m.bacKan]: m.thaiNguyen, [m.thaiNguyen]: m.bacKan, [m.hoaBinh]: m.bacKan,
  [m.tuyenQuang]: m.bacKan, [m.yenBai]: m.thaiNguyen, [m.phuTho]: m.thaiNguyen,
};

describe('the seed cluster’s 2022 year end on the real runtime', () => {
  let harness: Harness;
  let runtime: Runtime;
  before(async () => {
    harness = await startClusterHarness();
    runtime = harness.runtime;
  });
  after(async () => {
    await harness?.close();
  });

  it('when the seed is written, then 2022 has the seven with Bắc Giang chairing and Bắc Kạn deputising, and 2023 the agreement the seven signed', async () => {
    const years = await runtime.store.clusters.listYears(clusterId);
    assert.deepEqual(years.map((year) => year.year), [2022, 2023]);
    const [y2022, y2023] = years;
    assert.deepEqual([y2022!.members, y2022!.chair, y2022!.deputy], [seven, m.bacGiang, m.bacKan]);
    assert.equal(y2022!.responsible?.name, 'Lương Quốc Đoàn');
    assert.deepEqual(y2022!.agreement?.signatures, []);
    assert.deepEqual(y2023!.agreement?.signatures.map((signature) => [signature.memberId, signature.signedAt.toISOString()]), seven.map((member) => [member, '2023-03-09T17:00:00.000Z']));
    assert.deepEqual(y2023!.agreement?.criteria.map((criterion) => [criterion.criterionId, criterion.weight]), [['phat-trien-kt-xh', 5], ['phong-trao-thi-dua', 2], ['cong-tac-khen-thuong', 2], ['hoat-dong-cum', 1]]);
    assert.deepEqual([y2023!.chair, y2023!.deputy, y2023!.handover], [m.bacKan, m.thaiNguyen, null]);
  });

  it('when 2022 is evaluated to the end, then the leading units’ nominations run their commendation procedure and 2023’s roles are handed over', async () => {
    const started = await startClusterEvaluation(runtime, { clusterId, year: 2022 });
    const instanceId = clusterEvaluationInstanceId(clusterId, 2022);
    assert.deepEqual(started, { instanceId, created: true, state: 'signing.open' });
    assert.deepEqual(await startClusterEvaluation(runtime, { clusterId, year: 2022 }), { instanceId, created: false, state: 'signing.open' }, 'starting twice starts once');
    const signingTasks = await runtime.store.tasks.listByInstance(instanceId);
    assert.deepEqual(signingTasks.map((task) => [task.step, task.assignee, task.status]).sort(), seven.map((member) => ['signing', rep(member), 'open']).sort());

    await signAll(runtime, instanceId, seven);
    await waitForState(runtime, instanceId, 'selfAssessment.open');
    await selfAssessAll(runtime, instanceId, seven);
    await waitForState(runtime, instanceId, 'crossScoring.open');
    await crossScoreAll(runtime, instanceId, seven, scoreOf);
    await waitForState(runtime, instanceId, 'consolidation.chair');
    await act(runtime, instanceId, 'consolidate', { type: 'consolidate', by: rep(m.bacGiang) });
    const voting = await waitForState(runtime, instanceId, 'voting');
    assert.deepEqual(voting.context.ranking.slice(0, 2), [{ memberId: m.bacKan, total: 90, rank: 1 }, { memberId: m.thaiNguyen, total: 84.5, rank: 2 }]);
    await vote(runtime, instanceId, 1, decisiveRound);
    // Four of seven for Bắc Kạn: the flag; the certificate is the next round's.
    await waitForContext(runtime, instanceId, (context) => context.election?.placements.length === 1, 'the flag placed');
    await vote(runtime, instanceId, 2, certificateBallots(seven));
    const concluded = await waitForState(runtime, instanceId, 'concluded');

    const output = concluded.output!;
    assert.equal(concluded.instance.status, 'done');
    assert.deepEqual([output.status, output.nextChair, output.nextDeputy], ['concluded', m.bacKan, m.thaiNguyen]);
    assert.deepEqual(output.leadingUnits.map((seat) => [seat.unitId, seat.awardTypeId, seat.decidedBy]), [[m.bacKan, 'co-thi-dua-chinh-phu', 'vote'], [m.thaiNguyen, 'bang-khen-thu-tuong', 'vote']]);
    const ballots = (await runtime.store.history.list(instanceId)).filter((entry) => entry.eventType === 'vote');
    assert.equal(ballots.length, 14, 'seven ballots in each of the two rounds');
    assert.ok(ballots.every((entry) => !('choice' in entry.event)), 'the store keeps who voted, never for whom');

    const effects = await waitForClusterEffectsDone(runtime, instanceId);
    assert.deepEqual(effects.map((row) => row.type).sort(), ['handOverChair', 'proposeAward', 'proposeAward']);
    for (const row of effects.filter((candidate) => candidate.type === 'proposeAward')) {
      const params = effectPayloadSchemas.proposeAward.parse(row.payload);
      const procedure = await runtime.store.instances.get(proposalInstanceId(row.effectId));
      assert.ok(procedure, `a commendation procedure for ${params.unitId}`);
      assert.deepEqual([procedure.definitionId, procedure.status], ['commendation', 'active']);
      const nomination = await runtime.store.nominations.get(procedure.nominationId!);
      const unit = await runtime.store.units.get(params.unitId);
      assert.deepEqual(
        [nomination?.unitId, nomination?.awardTypeId, nomination?.period, nomination?.nominee, nomination?.instanceId],
        [params.unitId, params.awardTypeId, '2022', { kind: 'collective', name: unit?.nameVi, identifier: params.unitId }, procedure.instanceId],
      );
      assert.deepEqual(nomination?.details.cluster, { clusterId, year: 2022, position: params.position, evaluationInstanceId: instanceId, proposalEffectId: row.effectId });
      // The route is the catalogue's cluster-proposal route, resolved as a submission's is, with the
      // evaluated year's signers (never the nominee: Bắc Kạn, the deputy, is elected, so Thái Nguyên stands in).
      const seats = ((await runtime.store.instances.get(instanceId))!.snapshot as { context: Parameters<typeof proposalRolesOf>[0] }).context;
      const { proposer: _proposer, ...roles } = proposalRolesOf(seats, params.unitId);
      const expected = await resolveNominationRoute(
        { unitId: params.unitId, awardTypeId: params.awardTypeId, simplified: false, clusterProposal: true, now: new Date(), timing: defaultRouteTiming },
        async (unitId) => {
          const found = await runtime.store.units.get(unitId);
          return found && unitId === params.unitId ? { ...found, approvers: { ...found.approvers, ...roles } } : found;
        },
      );
      if (params.unitId === m.bacKan) assert.equal(roles.clusterDeputyChair, 'chu-tich@ubnd.thainguyen.example', 'the elected deputy does not stand in for its own proposal');
      assert.ok(expected.ok);
      const commendation = (procedure.snapshot as { context: CommendationContext }).context;
      assert.deepEqual(commendation.route, expected.route);
      assert.equal(commendation.submitter, rep(m.bacGiang), 'the chair of 2022 proposes');
      const firstLevel = expected.route[0]!;
      assert.equal(firstLevel.id, 'clusterSubmission', 'the ballot was the cluster\'s vote: the chair signs next');
      const tasks = await runtime.store.tasks.listByInstance(procedure.instanceId);
      assert.equal(firstLevel.assignee, 'chu-tich@ubnd.bacgiang.example', 'the head of the 2022 chair, Bắc Giang, signs');
      assert.deepEqual(tasks.map((task) => task.assignee), [firstLevel.assignee], `the proposal of ${params.unitId} waits for the chair's signature alone`);
    }
    const flag = await runtime.store.nominations.search({ awardTypeId: 'co-thi-dua-chinh-phu', period: '2022' });
    assert.deepEqual(flag.map((nomination) => nomination.unitId), [m.bacKan]);
    const merit = await runtime.store.nominations.search({ awardTypeId: 'bang-khen-thu-tuong', period: '2022' });
    assert.deepEqual(merit.map((nomination) => nomination.unitId), [m.thaiNguyen]);

    const handover = effects.find((row) => row.type === 'handOverChair')!;
    const y2023 = await runtime.store.clusters.getYear(clusterId, 2023);
    assert.deepEqual([y2023?.chair, y2023?.deputy, y2023?.handover?.byEffectId], [m.bacKan, m.thaiNguyen, handover.effectId]);
    assert.equal(y2023?.agreement?.signatures.length, 7, 'the seeded 2023 agreement stays as signed');

    // A redelivered effect changes nothing: the same procedure, no second nomination, the handover once.
    const handlers = createClusterHandlers({ store: runtime.store, engine: runtime.engine, log: testLog });
    for (const row of effects) await handlers[row.type]!(row.payload, { effectId: row.effectId, instanceId, log: testLog });
    const repeated = await Promise.all(
      effects
        .filter((row) => row.type === 'proposeAward')
        .map((row) => proposeAward(
          { store: runtime.store, engine: runtime.engine, clock: runtime.engine.clock, routeTiming: defaultRouteTiming },
          effectPayloadSchemas.proposeAward.parse(row.payload),
          { effectId: row.effectId, instanceId, log: testLog },
        )),
    );
    assert.deepEqual(repeated.map((result) => result.outcome), ['exists', 'exists']);
    const nominations2022 = [...(await runtime.store.nominations.search({ period: '2022' }))];
    assert.equal(nominations2022.length, 2);
    assert.deepEqual(await runtime.store.clusters.getYear(clusterId, 2023), y2023);
  });

  it('when 2023 is evaluated, then nobody is asked to sign the agreement the seven signed in March: it starts at self-assessment', async () => {
    const started = await startClusterEvaluation(runtime, { clusterId, year: 2023 });
    assert.deepEqual([started.created, started.state], [true, 'selfAssessment.open']);
    const tasks = await runtime.store.tasks.listByInstance(started.instanceId);
    assert.deepEqual(tasks.map((task) => task.step).sort(), Array(7).fill('selfAssessment'));
    const instance = await runtime.store.instances.get(started.instanceId);
    assert.equal((instance?.snapshot as { context: { signatures: string[] } }).context.signatures.length, 7);

    // A leading unit of 2023 is proposed by 2023's chair (Bắc Kạn, handed over), not the directory's 2022 one (Bắc Giang).
    const seats = (instance?.snapshot as { context: { chair: string; members: Array<{ memberId: string; head: string }> } }).context;
    assert.equal(seats.chair, m.bacKan);
    const headOf = (memberId: string) => seats.members.find((seat) => seat.memberId === memberId)!.head;
    const proposal = await proposeAward(
      { store: runtime.store, engine: runtime.engine, clock: runtime.engine.clock, routeTiming: defaultRouteTiming },
      { clusterId, year: 2023, unitId: m.thaiNguyen, awardTypeId: 'co-thi-dua-chinh-phu', position: 1, nominationId: null },
      { effectId: `${started.instanceId}.test.proposal`, instanceId: started.instanceId, log: testLog },
    );
    const procedure = await runtime.store.instances.get(proposal.instanceId);
    const route = (procedure?.snapshot as { context: CommendationContext }).context.route;
    const level = (id: string) => route.find((entry) => entry.id === id)!;
    assert.equal(level('clusterSubmission').assignee, headOf(m.bacKan), "2023's chair signs the proposal");
    assert.deepEqual(route.map((entry) => entry.id), ['clusterSubmission', 'clusterDisclosure', 'centralReview', 'decision'], 'the ballot was the vote: none again, and no province appraises itself');
    assert.notEqual(headOf(m.bacKan), headOf(m.bacGiang));
    assert.ok(!level('clusterSubmission').assignee.includes('bacgiang'));
  });

  it('when the unit already has a nomination for the award and year, then a cluster proposal of it is still filed, with that one flagged to its reviewers as a duplicate', async () => {
    const [filed] = await runtime.store.nominations.search({ awardTypeId: 'co-thi-dua-chinh-phu', period: '2023' });
    assert.equal(filed?.unitId, m.thaiNguyen, "the 2023 proposal above");
    const again = await proposeAward(
      { store: runtime.store, engine: runtime.engine, clock: runtime.engine.clock, routeTiming: defaultRouteTiming },
      { clusterId, year: 2023, unitId: m.thaiNguyen, awardTypeId: 'co-thi-dua-chinh-phu', position: 0, nominationId: null },
      { effectId: `${clusterEvaluationInstanceId(clusterId, 2023)}.test.proposal-again`, instanceId: clusterEvaluationInstanceId(clusterId, 2023), log: testLog },
    );
    assert.equal(again.outcome, 'created');
    const stored = await runtime.store.nominations.get(again.nominationId!);
    assert.deepEqual((stored?.details.duplicates as Array<{ nominationId: string; unitId: string }>).map(({ nominationId, unitId }) => [nominationId, unitId]), [[filed!.nominationId, m.thaiNguyen]]);
    // Stored with its duplicate key: a nomination filed after it finds it in turn.
    const candidates = await runtime.store.nominations.listDuplicateCandidates({ duplicateKey: duplicateKeyOf({ awardTypeId: 'co-thi-dua-chinh-phu', period: '2023', nominee: { kind: 'collective', name: stored!.nominee.name as string } }), awardTypeId: 'co-thi-dua-chinh-phu', period: '2023' });
    assert.ok(candidates.some((candidate) => candidate.nominationId === again.nominationId));
  });

  it('when a year is not recorded, or its members are not all in the directory and it has no agreement, then starting is refused naming why and stores nothing', async () => {
    await assert.rejects(() => startClusterEvaluation(runtime, { clusterId, year: 2031 }), (error: unknown) => error instanceof ClusterYearNotFoundError && error.status === 404);
    const broken = 'cum-thieu-du-lieu';
    await seedCopy(runtime, broken);
    const year = (await runtime.store.clusters.getYear(broken, 2022))!;
    await runtime.store.clusters.upsertYear({ ...year, members: [...year.members, 'ubnd-tinh-ha-giang'], rotationOrder: [...year.rotationOrder, 'ubnd-tinh-ha-giang'], agreement: null });
    await assert.rejects(
      () => startClusterEvaluation(runtime, { clusterId: broken, year: 2022 }),
      (error: unknown) =>
        error instanceof ClusterSetupError && error.status === 422 &&
        /no agreement \(giao ước thi đua\) is recorded for 2022; member ubnd-tinh-ha-giang is not in the unit directory/.test(error.message),
    );
    assert.equal(await runtime.store.instances.get(clusterEvaluationInstanceId(broken, 2022)), null);
  });
});
