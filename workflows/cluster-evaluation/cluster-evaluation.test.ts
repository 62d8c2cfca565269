import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { initialTransition, transition } from 'xstate';
import { clusterEvaluationMachine as machine, type ClusterEvaluationEvent } from './index.ts';
import { crossScoreAll, deadlines, effectsOf, head, input, m, rep, selfAssessAll, seven, sheet, signAll, SimulatedInstance } from './cluster-evaluation.test-support.ts';

function assertRefused(run: SimulatedInstance, event: ClusterEvaluationEvent): void {
  const [next, actions] = transition(machine, run.snapshot, event);
  assert.equal(next, run.snapshot, `${JSON.stringify(event)} was accepted`);
  assert.deepEqual(actions, []);
}

const taskKeys = (run: SimulatedInstance) => effectsOf(run.actions, 'createTask').map((task) => task.taskKey);
const closed = (run: SimulatedInstance) => effectsOf(run.actions, 'closeTask').map(({ taskKey, outcome }) => `${taskKey}:${outcome}`);
const allButYenBai = seven.filter((member) => member !== m.yenBai);

/** Signing done without Yên Bái: it never signed, the chair Bắc Giang proceeded without it. */
function withoutYenBai(): SimulatedInstance {
  return signAll(new SimulatedInstance(), allButYenBai)
    .fire('signingDeadline')
    .fire('escalationWindow')
    .send({ type: 'proceedWithoutSigning', by: rep(m.bacGiang), reason: 'Tỉnh Yên Bái chưa ký sau khi đã nhắc và báo Chủ tịch UBND tỉnh' });
}

describe('cluster evaluation: signing the agreement (giao ước thi đua)', () => {
  it('when started, then each of the seven representatives gets a signing task and a mail, with a reminder and a deadline', () => {
    const run = new SimulatedInstance();
    assert.deepEqual(run.snapshot.value, { signing: 'open' });
    assert.deepEqual(taskKeys(run), seven.map((member) => `sign-${member}`));
    assert.deepEqual(effectsOf(run.actions, 'createTask')[0], { taskKey: 'sign-ubnd-tinh-bac-giang', step: 'signing', assignee: 'ban-tdkt@bacgiang.example', dueInMs: 1000 });
    assert.deepEqual(effectsOf(run.actions, 'sendMail')[1], {
      template: 'task', to: 'ban-tdkt@backan.example', taskKey: 'sign-ubnd-tinh-bac-kan',
      data: { step: 'signing', clusterId: 'cum-trung-du-mien-nui-phia-bac', clusterNameVi: 'Cụm thi đua các tỉnh Trung du và miền núi phía Bắc', year: 2022, memberId: m.bacKan, memberNameVi: 'Tỉnh Bắc Kạn' },
    });
    assert.deepEqual(run.timerDelays(), { signingReminder: 900, signingDeadline: 1000 });
  });

  it('when all seven sign, then each task closes and self-assessment opens for the seven', () => {
    const run = signAll(new SimulatedInstance(), seven.slice(0, 6));
    assert.deepEqual(closed(run), [`sign-${m.yenBai}:sign`]);
    assertRefused(run, { type: 'sign', by: rep(m.bacGiang) });
    assertRefused(run, { type: 'sign', by: 'someone@else.example' });
    run.send({ type: 'sign', by: head(m.phuTho) }); // the head may sign for the member
    assert.deepEqual(run.snapshot.value, { selfAssessment: 'open' });
    assert.deepEqual(closed(run), [`sign-${m.phuTho}:sign`]);
    assert.deepEqual(taskKeys(run), seven.map((member) => `self-${member}`));
    assert.deepEqual(run.snapshot.context.signatures, seven);
  });

  it('when members signed the agreement before the evaluation, then only the others are asked; when all had, it starts at self-assessment', () => {
    const partly = new SimulatedInstance(input({ signedAlready: allButYenBai }));
    assert.deepEqual(partly.snapshot.value, { signing: 'open' });
    assert.deepEqual(taskKeys(partly), [`sign-${m.yenBai}`]);
    assertRefused(partly, { type: 'sign', by: rep(m.bacGiang) });
    partly.send({ type: 'sign', by: rep(m.yenBai) });
    assert.deepEqual(partly.snapshot.value, { selfAssessment: 'open' });

    const all = new SimulatedInstance(input({ signedAlready: seven }));
    assert.deepEqual(all.snapshot.value, { selfAssessment: 'open' });
    assert.ok(!taskKeys(all).some((key) => key.startsWith('sign-')), 'no signing task opened');
    assert.deepEqual(taskKeys(all), seven.map((member) => `self-${member}`));
    assert.deepEqual(all.snapshot.context.signatures, seven);

    const stranger = new SimulatedInstance(input({ signedAlready: ['ubnd-tinh-ha-giang'] })).snapshot;
    assert.equal(stranger.status, 'error');
    assert.match((stranger.error as Error).message, /signedAlready/);
  });

  it('when Yên Bái never signs, then it is reminded, its head is asked, then the chair decides and proceeds without it', () => {
    const run = signAll(new SimulatedInstance(), allButYenBai).fire('signingReminder');
    assert.deepEqual(effectsOf(run.actions, 'sendMail').map((mail) => [mail.template, mail.to]), [['reminder', rep(m.yenBai)]]);

    run.fire('signingDeadline');
    assert.deepEqual(run.snapshot.value, { signing: 'escalated' });
    assert.deepEqual(closed(run), [`sign-${m.yenBai}:escalated`]);
    assert.deepEqual(taskKeys(run), [`sign-${m.yenBai}-head`]);
    assert.deepEqual(effectsOf(run.actions, 'sendMail').map((mail) => [mail.template, mail.to, mail.taskKey ?? null]), [
      ['escalation', head(m.yenBai), `sign-${m.yenBai}-head`],
      ['escalation', rep(m.yenBai), null],
    ]);
    assertRefused(run, { type: 'proceedWithoutSigning', by: rep(m.bacGiang), reason: 'Quá hạn' });

    run.fire('escalationWindow');
    assert.deepEqual(run.snapshot.value, { signing: { chairDecides: 'chair' } });
    assert.deepEqual(closed(run), [`sign-${m.yenBai}-head:expired`]);
    assert.deepEqual(effectsOf(run.actions, 'createTask'), [{ taskKey: `proceed-${m.bacGiang}`, step: 'proceedWithoutSigning', assignee: rep(m.bacGiang), dueInMs: 500 }]);
    assert.deepEqual(effectsOf(run.actions, 'sendMail')[0]?.data?.['missing'], [m.yenBai]);
    assertRefused(run, { type: 'proceedWithoutSigning', by: rep(m.bacKan), reason: 'Quá hạn' }); // the deputy, before the chair's deadline
    assertRefused(run, { type: 'proceedWithoutSigning', by: rep(m.bacGiang), reason: '  ' });

    run.send({ type: 'proceedWithoutSigning', by: rep(m.bacGiang), reason: 'Tỉnh Yên Bái chưa ký sau khi đã nhắc' });
    assert.deepEqual(run.snapshot.value, { selfAssessment: 'open' });
    assert.deepEqual(closed(run), [`proceed-${m.bacGiang}:proceedWithoutSigning`]);
    assert.deepEqual(run.snapshot.context.waiver, { memberIds: [m.yenBai], by: rep(m.bacGiang), reason: 'Tỉnh Yên Bái chưa ký sau khi đã nhắc' });
    assert.deepEqual(taskKeys(run), allButYenBai.map((member) => `self-${member}`), 'a member that never signed is outside the agreement');
  });

  it('when Yên Bái signs after the chair proceeded, then the signature is refused and recorded as late', () => {
    const run = withoutYenBai().send({ type: 'sign', by: rep(m.yenBai) });
    assert.deepEqual(run.effects(), []);
    assert.deepEqual(run.snapshot.context.lateSubmissions, [{ type: 'sign', by: rep(m.yenBai), memberId: m.yenBai, stage: 'selfAssessment' }]);
    assert.deepEqual(run.snapshot.context.signatures.includes(m.yenBai), false);
  });

  it('when the chair misses the decision, then the deputy may take it; when the deputy does not either, the evaluation expires and the chair still passes on', () => {
    const run = signAll(new SimulatedInstance(), allButYenBai).fire('signingDeadline').fire('escalationWindow').fire('chairReminder');
    assert.deepEqual(effectsOf(run.actions, 'sendMail').map((mail) => [mail.template, mail.to]), [['reminder', rep(m.bacGiang)]]);
    run.fire('chairDeadline');
    assert.deepEqual(run.snapshot.value, { signing: { chairDecides: 'deputy' } });
    assert.deepEqual(taskKeys(run), [`proceed-${m.bacKan}-deputy`]);
    const signedLate = run.clone().send({ type: 'sign', by: rep(m.yenBai) }); // still welcome while undecided
    assert.deepEqual(signedLate.snapshot.value, { selfAssessment: 'open' });
    assert.deepEqual(closed(signedLate), [`proceed-${m.bacKan}-deputy:sign`]);

    run.fire('escalationWindow');
    assert.equal(run.snapshot.status, 'done');
    assert.deepEqual({ status: run.snapshot.output?.status, stage: run.snapshot.output?.stage, nextChair: run.snapshot.output?.nextChair }, { status: 'expired', stage: 'signing', nextChair: m.bacKan });
    assert.deepEqual(effectsOf(run.actions, 'sendMail').map((mail) => mail.template), Array(7).fill('outcome'));
    // Expired, the year still ends: no award is proposed, and the chair passes on, so the next year can be evaluated.
    assert.deepEqual(effectsOf(run.actions, 'proposeAward'), []);
    assert.deepEqual(effectsOf(run.actions, 'handOverChair'), [{ clusterId: 'cum-trung-du-mien-nui-phia-bac', year: 2023, chair: m.bacKan, deputy: run.snapshot.output?.nextDeputy }]);
    assert.ok(run.snapshot.output?.nextDeputy && run.snapshot.output.nextDeputy !== m.bacKan);
  });
});

describe('cluster evaluation: self-assessment and cross-scoring', () => {
  it('when a score is outside the scale, then the sheet is refused with a message naming the criterion and range', () => {
    const run = withoutYenBai().send({ type: 'selfAssess', by: rep(m.bacKan), scores: { ...sheet(9), 'hoat-dong-cum': 11 }, evidence: ['QĐ 123/QĐ-UBND'] });
    assert.deepEqual(run.effects(), [], 'no task closes');
    assert.deepEqual(run.snapshot.context.refusals, [{
      stage: 'selfAssessment', type: 'selfAssess', by: rep(m.bacKan), memberId: m.bacKan, target: null,
      problems: [{ criterionId: 'hoat-dong-cum', message: 'Criterion "Tham gia hoạt động của Cụm thi đua" (hoat-dong-cum): 11 is outside the allowed range 0–10 in steps of 1' }],
    }]);
    run.send({ type: 'selfAssess', by: rep(m.bacKan), scores: sheet(9), evidence: [] });
    assert.match(run.snapshot.context.refusals[1]!.problems[0]!.message, /Evidence must list/);
    run.send({ type: 'selfAssess', by: rep(m.bacKan), scores: sheet(9), evidence: ['\u200b', '\ufeff\u2060'] });
    assert.match(run.snapshot.context.refusals[2]!.problems[0]!.message, /Evidence must list/, 'references in which nothing shows are blank');
    run.send({ type: 'selfAssess', by: rep(m.bacKan), scores: sheet(9), evidence: ['https://backan.example/bao-cao-2022.pdf'] });
    assert.deepEqual(closed(run), [`self-${m.bacKan}:selfAssess`]);
    assert.deepEqual(run.snapshot.context.selfAssessments[m.bacKan]?.scores, sheet(9));
    assertRefused(run, { type: 'selfAssess', by: rep(m.bacKan), scores: sheet(10), evidence: ['again'] });
  });

  it('when the six self-assess, then cross-scoring opens; each task closes once its member has scored the five others', () => {
    const run = selfAssessAll(withoutYenBai(), allButYenBai);
    assert.deepEqual(run.snapshot.value, { crossScoring: 'open' });
    assert.deepEqual(effectsOf(run.actions, 'sendMail')[0]?.data?.['toScore'], allButYenBai.filter((member) => member !== m.bacGiang));
    assertRefused(run, { type: 'crossScore', by: rep(m.bacGiang), member: m.bacGiang, scores: sheet(9) }); // nobody scores itself
    assertRefused(run, { type: 'crossScore', by: rep(m.bacGiang), member: m.yenBai, scores: sheet(9) }); // outside the agreement
    for (const target of allButYenBai.slice(1, 5)) run.send({ type: 'crossScore', by: rep(m.bacGiang), member: target, scores: sheet(7) });
    assert.deepEqual(run.effects(), []);
    run.send({ type: 'crossScore', by: rep(m.bacGiang), member: m.phuTho, scores: { ...sheet(7), 'phat-trien-kt-xh': 7.3 } });
    assert.match(run.snapshot.context.refusals.at(-1)!.problems[0]!.message, /7.3 is not on the scale 0–10 in steps of 0.5/);
    run.send({ type: 'crossScore', by: rep(m.bacGiang), member: m.phuTho, scores: sheet(7) });
    assert.deepEqual(closed(run), [`cross-${m.bacGiang}:crossScore`]);
  });

  it('when a member misses the cross-scoring deadline, then its head is asked; after the window a late sheet is refused and recorded', () => {
    const run = selfAssessAll(withoutYenBai(), allButYenBai);
    crossScoreAll(run, allButYenBai.filter((member) => member !== m.phuTho), () => 7, allButYenBai);
    run.fire('crossScoringDeadline');
    assert.deepEqual(taskKeys(run), [`cross-${m.phuTho}-head`]);
    run.send({ type: 'crossScore', by: head(m.phuTho), member: m.bacGiang, scores: sheet(6) }); // the head scores for it
    run.fire('escalationWindow');
    assert.deepEqual(run.snapshot.value, { consolidation: 'chair' });
    assert.deepEqual(closed(run), [`cross-${m.phuTho}-head:expired`]);

    run.send({ type: 'crossScore', by: rep(m.phuTho), member: m.bacKan, scores: sheet(10) });
    assert.deepEqual(run.effects(), []);
    assert.deepEqual(run.snapshot.context.lateSubmissions, [{ type: 'crossScore', by: rep(m.phuTho), memberId: m.phuTho, stage: 'consolidation' }]);
    assert.equal(run.snapshot.context.crossScores[m.phuTho]?.[m.bacKan], undefined);
  });

  it('when the chair consolidates, then the ranking comes from the peers’ sheets; only the chair (or the deputy after escalation) may', () => {
    const run = selfAssessAll(withoutYenBai(), allButYenBai);
    const given: Record<string, number> = { [m.bacKan]: 9, [m.thaiNguyen]: 8.5, [m.phuTho]: 8.5 };
    crossScoreAll(run, allButYenBai, (_scorer, target) => given[target] ?? 7);
    assertRefused(run, { type: 'consolidate', by: rep(m.bacKan) });
    run.send({ type: 'consolidate', by: head(m.bacGiang) });
    assert.deepEqual(run.snapshot.value, 'voting');
    assert.deepEqual(run.snapshot.context.ranking.map(({ memberId, total, rank }) => [memberId, total, rank]), [
      // 8.5 on the three half-point criteria and 8 on cluster work: 5×8.5 + 2×8.5 + 2×8.5 + 8 = 84.5.
      [m.bacKan, 90, 1], [m.phuTho, 84.5, 2], [m.thaiNguyen, 84.5, 2], [m.bacGiang, 70, 4], [m.hoaBinh, 70, 4], [m.tuyenQuang, 70, 4],
    ]);
  });

  it('when the chair consolidates with the meeting\'s choice of next year\'s chair and deputy, then the year hands over to them, not by the rotation; a choice off the members, of one member for both, or of one role alone is refused', () => {
    const run = selfAssessAll(withoutYenBai(), allButYenBai);
    crossScoreAll(run, allButYenBai, () => 8);
    assertRefused(run, { type: 'consolidate', by: rep(m.bacGiang), nextChair: m.phuTho, nextDeputy: m.phuTho });
    assertRefused(run, { type: 'consolidate', by: rep(m.bacGiang), nextChair: 'ubnd-tinh-atlantis', nextDeputy: m.phuTho });
    assertRefused(run, { type: 'consolidate', by: rep(m.bacGiang), nextChair: m.phuTho });
    run.send({ type: 'consolidate', by: rep(m.bacGiang), nextChair: m.phuTho, nextDeputy: m.hoaBinh });
    assert.deepEqual(run.snapshot.value, 'voting');
    assert.deepEqual(run.snapshot.context.chosenRoles, { chair: m.phuTho, deputy: m.hoaBinh });
    // Nobody votes: the rounds close empty until the election ends, and the year hands over.
    for (let round = 0; round < 20 && run.snapshot.status !== 'done'; round += 1) run.fire('votingDeadline');
    assert.equal(run.snapshot.status, 'done');
    assert.deepEqual(effectsOf(run.actions, 'handOverChair'), [{ clusterId: 'cum-trung-du-mien-nui-phia-bac', year: 2023, chair: m.phuTho, deputy: m.hoaBinh }]);
    assert.deepEqual([run.snapshot.output?.nextChair, run.snapshot.output?.nextDeputy], [m.phuTho, m.hoaBinh]);
  });

  it('when a member the meeting chose merges away before the year ends, then its successor takes the chosen seat; a successor already holding the other seat leaves both to the rotation', () => {
    const chosen = () => {
      const run = selfAssessAll(withoutYenBai(), allButYenBai);
      crossScoreAll(run, allButYenBai, () => 8);
      return run.send({ type: 'consolidate', by: rep(m.bacGiang), nextChair: m.bacKan, nextDeputy: m.hoaBinh });
    };
    const endYear = (run: SimulatedInstance) => {
      for (let round = 0; round < 20 && run.snapshot.status !== 'done'; round += 1) run.fire('votingDeadline');
      return effectsOf(run.actions, 'handOverChair').map(({ chair, deputy }) => ({ chair, deputy }));
    };
    // Bắc Kạn merges into Thái Nguyên (2025): Thái Nguyên chairs as chosen for Bắc Kạn.
    const toSuccessor = chosen().send({ type: 'memberMerged', member: m.bacKan, successor: m.thaiNguyen });
    assert.deepEqual(endYear(toSuccessor), [{ chair: m.thaiNguyen, deputy: m.hoaBinh }]);
    // Hòa Bình merges into Bắc Kạn, the chosen chair: one member cannot hold both, the rotation decides.
    const collides = chosen().send({ type: 'memberMerged', member: m.hoaBinh, successor: m.bacKan });
    const [roles] = endYear(collides);
    assert.ok(roles && roles.chair !== roles.deputy, 'two different members');
    assert.notDeepEqual(roles, { chair: m.bacKan, deputy: m.bacKan });
  });

  it('when the input is inconsistent, then the instance does not start and every bad field is named', () => {
    const [snapshot] = initialTransition(machine, input({ chair: 'ubnd-tinh-atlantis', deputy: m.bacGiang, deadlines: { ...deadlines, reminderBeforeMs: 600 } }));
    assert.equal(snapshot.status, 'error');
    assert.match(String((snapshot.error as Error).message), /chair, .*reminderBeforeMs/);
  });

  it('when the snapshot is persisted mid-run, then it restores and goes on the same', () => {
    const run = selfAssessAll(withoutYenBai(), allButYenBai.slice(0, 3)).persistAndRestore();
    selfAssessAll(run, allButYenBai.slice(3));
    assert.deepEqual(run.snapshot.value, { crossScoring: 'open' });
  });
});
