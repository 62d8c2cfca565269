/**
 * The year end when it does not go to plan, on the real runtime: a member that never signs, a
 * tied vote, a member merged into another province mid-year, a score off the agreement's scale,
 * a cross-score after the deadline. Each test evaluates the seed's 2022 under a cluster id of its
 * own; missed deadlines are reached by firing the stored timer (see `fireTimer`).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { proposalInstanceId, startClusterEvaluation } from '@vinh-danh/clusters';
import { effectPayloadSchemas, successorOf, organisation2025 } from '@vinh-danh/domain';
import type { Runtime } from '@vinh-danh/engine';
import type { Harness } from '../support/harness.ts';
import { waitFor } from '../support/wait.ts';
import { evaluationOf } from '../../services/gateway/src/clusters/cluster-evaluation.repository.ts';
import { clusterYearPage } from '../../services/gateway/src/clusters/cluster-year.views.ts';
import {
  act, certificateBallots, crossScoreAll, fireTimer, head, m, rep, seedCopy, selfAssessAll, seven, sheet, signAll, startClusterHarness, vote,
  waitForClusterEffectsDone, waitForContext, waitForState,
} from './cluster-runtime.ts';

/** Peers' scores: Bắc Kạn best, Thái Nguyên next, the rest level. */
const given: Record<string, number> = { [m.bacKan]: 9, [m.thaiNguyen]: 8.5 };
const scoreOf = (target: string) => given[target] ?? 7;
const without = (member: string) => seven.filter((candidate) => candidate !== member);

describe('the cluster’s year end when it does not go to plan', () => {
  let harness: Harness;
  let runtime: Runtime;
  before(async () => {
    harness = await startClusterHarness();
    runtime = harness.runtime;
  });
  after(async () => {
    await harness?.close();
  });

  async function start(clusterId: string): Promise<string> {
    await seedCopy(runtime, clusterId);
    const { instanceId, created } = await startClusterEvaluation(runtime, { clusterId, year: 2022 });
    assert.equal(created, true);
    return instanceId;
  }

  const openTasks = async (instanceId: string) =>
    (await runtime.store.tasks.listByInstance(instanceId)).filter((task) => task.status === 'open').map((task) => `${task.taskId.slice(instanceId.length + 1)}→${task.assignee}`).sort();

  /** Members sign, self-assess and score each other; the chair consolidates. */
  async function toVote(instanceId: string, members: readonly string[] = seven): Promise<void> {
    await signAll(runtime, instanceId, members);
    await waitForState(runtime, instanceId, 'selfAssessment.open');
    await selfAssessAll(runtime, instanceId, members);
    await waitForState(runtime, instanceId, 'crossScoring.open');
    await crossScoreAll(runtime, instanceId, members, scoreOf);
    await waitForState(runtime, instanceId, 'consolidation.chair');
    await act(runtime, instanceId, 'consolidate', { type: 'consolidate', by: rep(m.bacGiang) });
    await waitForState(runtime, instanceId, 'voting');
  }

  it('when Yên Bái never signs, then its head is asked after the deadline, the chair proceeds without it, and the year concludes with the six', async () => {
    const clusterId = 'cum-khong-ky';
    const instanceId = await start(clusterId);
    const six = without(m.yenBai);
    await signAll(runtime, instanceId, six);
    await waitForContext(runtime, instanceId, (context) => context.signatures.length === 6, 'six signatures');

    await fireTimer(runtime, instanceId, 'signingDeadline');
    await waitForState(runtime, instanceId, 'signing.escalated');
    assert.deepEqual(await openTasks(instanceId), [`sign-${m.yenBai}-head→${head(m.yenBai)}`]);
    assert.equal((await runtime.store.tasks.get(`${instanceId}/sign-${m.yenBai}`))?.outcome, 'escalated');
    await waitFor(async () => harness.mailer.sent.filter((mail) => mail.to === head(m.yenBai) && /escalation/.test(mail.subject)).length, (count) => count === 1, {
      what: 'the escalation mail to Yên Bái’s head',
    });

    await fireTimer(runtime, instanceId, 'escalationWindow');
    await waitForState(runtime, instanceId, 'signing.chairDecides.chair');
    assert.deepEqual(await openTasks(instanceId), [`proceed-${m.bacGiang}→${rep(m.bacGiang)}`]);
    await act(runtime, instanceId, 'not-the-chair', { type: 'proceedWithoutSigning', by: rep(m.bacKan), reason: 'Quá hạn' });
    await act(runtime, instanceId, 'proceed', { type: 'proceedWithoutSigning', by: rep(m.bacGiang), reason: 'Tỉnh Yên Bái chưa ký sau khi đã nhắc và báo Chủ tịch UBND tỉnh' });
    const proceeded = await waitForState(runtime, instanceId, 'selfAssessment.open');
    assert.deepEqual(proceeded.context.waiver, { memberIds: [m.yenBai], by: rep(m.bacGiang), reason: 'Tỉnh Yên Bái chưa ký sau khi đã nhắc và báo Chủ tịch UBND tỉnh' });
    const refused = (await runtime.store.history.list(instanceId)).find((entry) => entry.eventId === 'not-the-chair');
    assert.equal(refused?.changed, false, 'the deputy may not decide while the chair’s task is open');
    assert.deepEqual(await openTasks(instanceId), six.map((member) => `self-${member}→${rep(member)}`).sort(), 'a member that never signed is outside the agreement');

    await act(runtime, instanceId, 'late-sign', { type: 'sign', by: rep(m.yenBai) });
    await waitForContext(runtime, instanceId, (context) => context.lateSubmissions.length === 1, 'the late signature recorded');
    await selfAssessAll(runtime, instanceId, six);
    await waitForState(runtime, instanceId, 'crossScoring.open');
    await crossScoreAll(runtime, instanceId, six, scoreOf);
    await waitForState(runtime, instanceId, 'consolidation.chair');
    await act(runtime, instanceId, 'consolidate', { type: 'consolidate', by: rep(m.bacGiang) });
    const voting = await waitForState(runtime, instanceId, 'voting');
    assert.deepEqual(voting.context.ballot.voters, six);
    await vote(runtime, instanceId, 1, {
      [m.bacGiang]: m.bacKan, [m.bacKan]: m.thaiNguyen, [m.thaiNguyen]: m.bacKan, [m.hoaBinh]: m.bacKan, [m.tuyenQuang]: m.bacKan, [m.phuTho]: m.thaiNguyen,
    });
    // Four of the six members taking part: the flag; then the certificate's round.
    await waitForContext(runtime, instanceId, (context) => context.election?.placements.length === 1, 'the flag placed');
    await vote(runtime, instanceId, 2, certificateBallots(six));
    const concluded = await waitForState(runtime, instanceId, 'concluded');
    const output = concluded.output!;
    assert.deepEqual(output.notSigned, [m.yenBai]);
    assert.deepEqual(output.lateSubmissions, [{ type: 'sign', by: rep(m.yenBai), memberId: m.yenBai, stage: 'selfAssessment' }]);
    assert.equal(output.ranking.some((entry) => entry.memberId === m.yenBai), false);
    assert.deepEqual(output.leadingUnits.map((seat) => seat.unitId), [m.bacKan, m.thaiNguyen]);
    await waitForClusterEffectsDone(runtime, instanceId);
    assert.deepEqual((await runtime.store.clusters.getYear(clusterId, 2023))?.members, seven, 'a member that did not sign stays in the cluster');
  });

  it('when no unit has a majority for the flag, then a runoff between the leading two decides, the certificate is voted next, and the winners are proposed', async () => {
    const clusterId = 'cum-bo-phieu-lai';
    const instanceId = await start(clusterId);
    await toVote(instanceId);
    // Bắc Kạn and Thái Nguyên 3 ballots each, Hòa Bình 1: the flag's seat is tied.
    await vote(runtime, instanceId, 1, {
      [m.bacGiang]: m.bacKan, [m.bacKan]: m.thaiNguyen, [m.thaiNguyen]: m.bacKan, [m.hoaBinh]: m.thaiNguyen,
      [m.tuyenQuang]: m.bacKan, [m.yenBai]: m.thaiNguyen, [m.phuTho]: m.hoaBinh,
    });
    const runoff = await waitForContext(runtime, instanceId, (context) => context.election?.rounds.length === 1, 'round 1 closed');
    const [first] = runoff.context.election!.rounds;
    assert.deepEqual([first!.outcome, first!.counts[m.bacKan], first!.counts[m.thaiNguyen], first!.counts[m.hoaBinh]], ['runoff', 3, 3, 1]);
    assert.deepEqual(runoff.context.election!.pending[0]?.candidates, [m.bacKan, m.thaiNguyen]);
    assert.deepEqual(runoff.instance.stateValue, 'voting');
    assert.deepEqual(await openTasks(instanceId), seven.map((member) => `vote-2-${member}→${rep(member)}`).sort());

    await act(runtime, instanceId, 'no-longer-a-candidate', { type: 'vote', by: rep(m.phuTho), choice: m.hoaBinh });
    await vote(runtime, instanceId, 2, {
      [m.bacGiang]: m.bacKan, [m.bacKan]: m.thaiNguyen, [m.thaiNguyen]: m.bacKan, [m.hoaBinh]: m.bacKan,
      [m.tuyenQuang]: m.bacKan, [m.yenBai]: m.thaiNguyen, [m.phuTho]: m.bacKan,
    });
    await waitForContext(runtime, instanceId, (context) => context.election?.rounds.length === 2, 'round 2 closed');
    await vote(runtime, instanceId, 3, certificateBallots(seven));
    const concluded = await waitForState(runtime, instanceId, 'concluded');
    const output = concluded.output!;
    assert.deepEqual(output.votes.map((round) => [round.round, round.outcome, round.cast]), [[1, 'runoff', 7], [2, 'decided', 7], [3, 'decided', 7]]);
    assert.deepEqual(output.votes[1]!.counts, { [m.bacKan]: 5, [m.thaiNguyen]: 2 });
    assert.deepEqual(output.leadingUnits.map((seat) => [seat.unitId, seat.awardTypeId, seat.round]), [[m.bacKan, 'co-thi-dua-chinh-phu', 2], [m.thaiNguyen, 'bang-khen-thu-tuong', 3]]);
    const refused = (await runtime.store.history.list(instanceId)).find((entry) => entry.eventId === 'no-longer-a-candidate');
    assert.equal(refused?.changed, false, 'a ballot for a unit out of the runoff is refused');

    const proposals = (await waitForClusterEffectsDone(runtime, instanceId)).filter((row) => row.type === 'proposeAward');
    const proposed = await Promise.all(proposals.map(async (row) => {
      const params = effectPayloadSchemas.proposeAward.parse(row.payload);
      const nomination = await runtime.store.nominations.get((await runtime.store.instances.get(proposalInstanceId(row.effectId)))!.nominationId!);
      return [params.unitId, nomination?.awardTypeId, nomination?.unitId];
    }));
    assert.deepEqual(proposed.sort(), [[m.bacKan, 'co-thi-dua-chinh-phu', m.bacKan], [m.thaiNguyen, 'bang-khen-thu-tuong', m.thaiNguyen]]);
  });

  it('when Hòa Bình merges into Phú Thọ during cross-scoring, then its sheets pass to Phú Thọ, it is not ranked or proposed, and it leaves the cluster for 2023', async () => {
    const clusterId = 'cum-sap-nhap';
    const instanceId = await start(clusterId);
    await signAll(runtime, instanceId, seven);
    await waitForState(runtime, instanceId, 'selfAssessment.open');
    await selfAssessAll(runtime, instanceId, seven);
    await waitForState(runtime, instanceId, 'crossScoring.open');
    // Hòa Bình scores two peers before the merger.
    await crossScoreAll(runtime, instanceId, [m.hoaBinh], scoreOf, [m.bacKan, m.thaiNguyen]);
    await waitForContext(runtime, instanceId, (context) => Object.keys(context.crossScores[m.hoaBinh] ?? {}).length === 2, 'Hòa Bình’s two sheets');

    // The organisation data records the 2025 merger: Hòa Bình's successor is Phú Thọ; the system tells the evaluation.
    const successor = successorOf(organisation2025, m.hoaBinh, '2025-07-01').unitId;
    assert.equal(successor, m.phuTho);
    await act(runtime, instanceId, 'merge-hoa-binh', { type: 'memberMerged', member: m.hoaBinh, successor });
    const merged = await waitForContext(runtime, instanceId, (context) => context.merges.length === 1, 'the merger applied');
    assert.deepEqual(merged.context.merges, [{ memberId: m.hoaBinh, successorId: m.phuTho, rule: 'carriedToSuccessor', stage: 'crossScoring' }]);
    assert.equal((await runtime.store.tasks.get(`${instanceId}/cross-${m.hoaBinh}`))?.outcome, 'merged');
    assert.deepEqual(merged.context.crossScores[m.phuTho]?.[m.bacKan], sheet(9), 'Phú Thọ inherits the sheets Hòa Bình gave');

    const six = without(m.hoaBinh);
    await crossScoreAll(runtime, instanceId, six, scoreOf);
    await waitForState(runtime, instanceId, 'consolidation.chair');
    await act(runtime, instanceId, 'consolidate', { type: 'consolidate', by: rep(m.bacGiang) });
    const voting = await waitForState(runtime, instanceId, 'voting');
    assert.deepEqual(voting.context.ballot.voters, six);
    assert.equal(voting.context.ranking.some((entry) => entry.memberId === m.hoaBinh), false);
    // The year page counts the sheets each member received as the ranking does: from the six
    // taking part, Hòa Bình's passed to Phú Thọ and not counted twice.
    const instance = (await runtime.store.instances.get(instanceId))!;
    const page = clusterYearPage(evaluationOf(instance)!, 'en');
    for (const member of six) {
      const row = new RegExp(`<tr id="member-${member}">.*?</tr>`).exec(page)?.[0] ?? '';
      assert.match(row, /<td class="num">5\/5<\/td>/, `${member} received one sheet from each of the five others: ${row}`);
    }
    await vote(runtime, instanceId, 1, {
      [m.bacGiang]: m.bacKan, [m.bacKan]: m.thaiNguyen, [m.thaiNguyen]: m.bacKan, [m.tuyenQuang]: m.bacKan, [m.yenBai]: m.thaiNguyen, [m.phuTho]: m.bacKan,
    });
    await waitForContext(runtime, instanceId, (context) => context.election?.placements.length === 1, 'the flag placed');
    await vote(runtime, instanceId, 2, certificateBallots(six));
    const concluded = await waitForState(runtime, instanceId, 'concluded');
    assert.deepEqual([concluded.output!.nextChair, concluded.output!.nextDeputy], [m.bacKan, m.thaiNguyen]);
    const effects = await waitForClusterEffectsDone(runtime, instanceId);
    const proposed = effects.filter((row) => row.type === 'proposeAward').map((row) => effectPayloadSchemas.proposeAward.parse(row.payload).unitId);
    assert.deepEqual(proposed.sort(), [m.bacKan, m.thaiNguyen]);

    // 2023 was not recorded for this cluster: the handover carries it from 2022 without Hòa Bình,
    // with 2022's agreement unsigned.
    const y2022 = (await runtime.store.clusters.getYear(clusterId, 2022))!;
    const y2023 = await runtime.store.clusters.getYear(clusterId, 2023);
    assert.deepEqual([y2023?.members, y2023?.chair, y2023?.deputy, y2023?.agreement], [six, m.bacKan, m.thaiNguyen, { ...y2022.agreement!, signatures: [] }]);
    assert.equal(y2023?.handover?.byEffectId, effects.find((row) => row.type === 'handOverChair')?.effectId);
    // So 2023 can be evaluated: it begins by asking the six to sign, Bắc Kạn chairing.
    const next = await startClusterEvaluation(runtime, { clusterId, year: 2023 });
    assert.equal(next.state, 'signing.open');
    const signers = (await runtime.store.tasks.listByInstance(next.instanceId)).filter((task) => task.status === 'open' && task.step === 'signing');
    assert.equal(signers.length, six.length);
  });

  it('when a score is outside the agreement’s scale, then the sheet is refused with a message naming the criterion and range, recorded, and a corrected one is taken', async () => {
    const instanceId = await start('cum-thang-diem');
    await signAll(runtime, instanceId, seven);
    await waitForState(runtime, instanceId, 'selfAssessment.open');
    await act(runtime, instanceId, 'self-out-of-scale', { type: 'selfAssess', by: rep(m.bacKan), scores: { ...sheet(9), 'hoat-dong-cum': 11 }, evidence: ['QĐ 123/QĐ-UBND'] });
    const refused = await waitForContext(runtime, instanceId, (context) => context.refusals.length === 1, 'the refusal recorded');
    assert.deepEqual(refused.context.refusals, [{
      stage: 'selfAssessment', type: 'selfAssess', by: rep(m.bacKan), memberId: m.bacKan, target: null,
      problems: [{ criterionId: 'hoat-dong-cum', message: 'Criterion "Tham gia hoạt động của Cụm thi đua" (hoat-dong-cum): 11 is outside the allowed range 0–10 in steps of 1' }],
    }]);
    assert.equal(Object.hasOwn(refused.context.selfAssessments, m.bacKan), false);
    assert.equal((await runtime.store.tasks.get(`${instanceId}/self-${m.bacKan}`))?.status, 'open', 'the task stays open for a corrected sheet');
    const entry = (await runtime.store.history.list(instanceId)).find((candidate) => candidate.eventId === 'self-out-of-scale');
    assert.deepEqual([entry?.changed, entry?.meta.actor], [true, rep(m.bacKan)], 'the refused submission is in the history');

    await selfAssessAll(runtime, instanceId, seven);
    await waitForState(runtime, instanceId, 'crossScoring.open');
    await act(runtime, instanceId, 'cross-out-of-scale', { type: 'crossScore', by: rep(m.thaiNguyen), member: m.bacKan, scores: { ...sheet(8), 'phat-trien-kt-xh': 10.5 } });
    const crossRefused = await waitForContext(runtime, instanceId, (context) => context.refusals.length === 2, 'the cross-score refusal recorded');
    assert.deepEqual(crossRefused.context.refusals[1], {
      stage: 'crossScoring', type: 'crossScore', by: rep(m.thaiNguyen), memberId: m.thaiNguyen, target: m.bacKan,
      problems: [{ criterionId: 'phat-trien-kt-xh', message: 'Criterion "Thực hiện các chỉ tiêu phát triển kinh tế – xã hội" (phat-trien-kt-xh): 10.5 is outside the allowed range 0–10 in steps of 0.5' }],
    });
    assert.equal(crossRefused.context.crossScores[m.thaiNguyen]?.[m.bacKan], undefined);
    assert.equal(crossRefused.context.selfAssessments[m.bacKan]?.scores['hoat-dong-cum'], 8, 'the corrected self-assessment was taken');
  });

  it('when a member cross-scores after the deadline and the escalation window, then the sheet is refused as late and recorded, and the ranking goes on without it', async () => {
    const instanceId = await start('cum-tre-han');
    await signAll(runtime, instanceId, seven);
    await waitForState(runtime, instanceId, 'selfAssessment.open');
    await selfAssessAll(runtime, instanceId, seven);
    await waitForState(runtime, instanceId, 'crossScoring.open');
    // Everyone scores everyone, except Yên Bái, who leaves Phú Thọ unscored.
    await crossScoreAll(runtime, instanceId, without(m.yenBai), scoreOf, seven);
    await crossScoreAll(runtime, instanceId, [m.yenBai], scoreOf, without(m.phuTho));
    await waitForContext(runtime, instanceId, (context) => Object.values(context.crossScores).reduce((sum, sheets) => sum + Object.keys(sheets).length, 0) === 41, '41 of 42 sheets');

    await fireTimer(runtime, instanceId, 'crossScoringDeadline');
    await waitForState(runtime, instanceId, 'crossScoring.escalated');
    assert.deepEqual(await openTasks(instanceId), [`cross-${m.yenBai}-head→${head(m.yenBai)}`]);
    await fireTimer(runtime, instanceId, 'escalationWindow');
    await waitForState(runtime, instanceId, 'consolidation.chair');

    await act(runtime, instanceId, 'late-cross', { type: 'crossScore', by: rep(m.yenBai), member: m.phuTho, scores: sheet(7) });
    const late = await waitForContext(runtime, instanceId, (context) => context.lateSubmissions.length === 1, 'the late sheet recorded');
    assert.deepEqual(late.context.lateSubmissions, [{ type: 'crossScore', by: rep(m.yenBai), memberId: m.yenBai, stage: 'consolidation' }]);
    assert.equal(late.context.crossScores[m.yenBai]?.[m.phuTho], undefined, 'the late sheet counts for nothing');
    assert.equal(late.instance.stateValue, 'consolidation.chair');

    await act(runtime, instanceId, 'consolidate', { type: 'consolidate', by: rep(m.bacGiang) });
    const voting = await waitForState(runtime, instanceId, 'voting');
    const peerSheets = Object.fromEntries(voting.context.scores.map((score) => [score.memberId, score.peerSheets]));
    assert.deepEqual(peerSheets, { ...Object.fromEntries(seven.map((member) => [member, 6])), [m.phuTho]: 5 }, 'Phú Thọ is ranked on the five sheets it got in time');
    assert.deepEqual(voting.context.ranking[0], { memberId: m.bacKan, total: 90, rank: 1 });
  });
});
