import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { organisation2025, successorOf } from '@vinh-danh/domain';
import { crossScoreAll, effectsOf, input, m, rep, selfAssessAll, seven, sheet, signAll, SimulatedInstance } from './cluster-evaluation.test-support.ts';

/**
 * The 2025 year: the merger took effect on 1 July, mid-year. Chair and deputy by the rotation
 * rule from 2023 (Bắc Kạn / Thái Nguyên → 2024 Thái Nguyên / Hòa Bình → 2025 Hòa Bình / Tuyên
 * Quang) — derived, not reported.
 */
const year2025 = () => input({ year: 2025, chair: m.hoaBinh, deputy: m.tuyenQuang });
const closed = (run: SimulatedInstance) => effectsOf(run.actions, 'closeTask').map(({ taskKey, outcome }) => `${taskKey}:${outcome}`);
const taskKeys = (run: SimulatedInstance) => effectsOf(run.actions, 'createTask').map((task) => task.taskKey);

/** The system sends one `memberMerged` per member the organisation data says ceased into another. */
function mergeOn1July(run: SimulatedInstance): SimulatedInstance {
  for (const member of seven) {
    const successor = successorOf(organisation2025, member, '2025-07-01').unitId;
    if (successor !== member) run.send({ type: 'memberMerged', member, successor });
  }
  return run;
}

describe('cluster evaluation: a member merged mid-year', () => {
  it('when the 2025 merger reaches the cluster, then merged-in members carry over, the others leave, and the chair passes on', () => {
    const run = signAll(new SimulatedInstance(year2025()));
    selfAssessAll(run, [m.bacKan], () => 9); // Bắc Kạn had handed in before 1 July
    run.send({ type: 'memberMerged', member: m.bacGiang, successor: 'ubnd-tinh-bac-ninh' });
    assert.deepEqual(closed(run), [`self-${m.bacGiang}:merged`]);

    run.send({ type: 'memberMerged', member: m.bacKan, successor: m.thaiNguyen });
    // Thái Nguyên had not assessed itself: Bắc Kạn's assessment is now Thái Nguyên's, and its task is fulfilled.
    assert.deepEqual(closed(run), [`self-${m.thaiNguyen}:carried`]);
    assert.deepEqual(run.snapshot.context.selfAssessments[m.thaiNguyen]?.scores, sheet(9));

    run.send({ type: 'memberMerged', member: m.hoaBinh, successor: m.phuTho }).send({ type: 'memberMerged', member: m.yenBai, successor: 'ubnd-tinh-lao-cai' });
    const { context } = run.snapshot;
    assert.deepEqual([context.chair, context.deputy], [m.phuTho, m.tuyenQuang], 'Hòa Bình’s chair passes to Phú Thọ, which took it in');
    assert.deepEqual(context.members.filter((seat) => seat.status === 'active').map((seat) => seat.memberId), [m.thaiNguyen, m.tuyenQuang, m.phuTho]);
    assert.deepEqual(context.merges.map(({ memberId, rule }) => [memberId, rule]), [
      [m.bacGiang, 'leftEvaluation'], [m.bacKan, 'carriedToSuccessor'], [m.hoaBinh, 'carriedToSuccessor'], [m.yenBai, 'leftEvaluation'],
    ]);
    assert.deepEqual(context.openTasks.map((task) => task.taskKey), [`self-${m.tuyenQuang}`, `self-${m.phuTho}`]);

    // The three that remain finish the year.
    selfAssessAll(run, [m.tuyenQuang, m.phuTho], () => 8);
    assert.deepEqual(taskKeys(run), [m.thaiNguyen, m.tuyenQuang, m.phuTho].map((member) => `cross-${member}`));
    crossScoreAll(run, [m.thaiNguyen, m.tuyenQuang, m.phuTho], (_scorer, target) => (target === m.thaiNguyen ? 9 : 8));
    assert.deepEqual(taskKeys(run), [`consolidate-${m.phuTho}`], 'the new chair consolidates');
    run.send({ type: 'consolidate', by: rep(m.phuTho) });
    // Two of the three members elect Thái Nguyên for the flag, then Phú Thọ for the certificate.
    run.send({ type: 'vote', by: rep(m.thaiNguyen), choice: m.phuTho })
      .send({ type: 'vote', by: rep(m.tuyenQuang), choice: m.thaiNguyen })
      .send({ type: 'vote', by: rep(m.phuTho), choice: m.thaiNguyen });
    assert.deepEqual(run.snapshot.context.election?.pending, [{ start: 1, end: 2, candidates: [m.tuyenQuang, m.phuTho].sort(), runoffs: 0 }]);
    run.send({ type: 'vote', by: rep(m.thaiNguyen), choice: m.phuTho })
      .send({ type: 'vote', by: rep(m.tuyenQuang), choice: m.phuTho })
      .send({ type: 'vote', by: rep(m.phuTho), choice: m.tuyenQuang });
    assert.equal(run.snapshot.status, 'done');
    assert.deepEqual(effectsOf(run.actions, 'proposeAward').map(({ unitId, awardTypeId, year }) => [unitId, awardTypeId, year]), [
      [m.thaiNguyen, 'co-thi-dua-chinh-phu', 2025], [m.phuTho, 'bang-khen-thu-tuong', 2025],
    ]);
    assert.deepEqual(effectsOf(run.actions, 'handOverChair'), [{ clusterId: 'cum-trung-du-mien-nui-phia-bac', year: 2026, chair: m.tuyenQuang, deputy: m.thaiNguyen }]);
    assert.deepEqual(effectsOf(run.actions, 'sendMail').map((mail) => mail.to), [m.thaiNguyen, m.tuyenQuang, m.phuTho].map(rep), 'merged members get no outcome mail');
  });

  it('when a signatory merges away before the others sign, then its signature counts for its successor alone: the chair may not proceed on it as two', () => {
    const run = new SimulatedInstance(year2025());
    run.send({ type: 'sign', by: rep(m.bacKan) });
    run.send({ type: 'memberMerged', member: m.bacKan, successor: m.thaiNguyen });
    assert.deepEqual(run.snapshot.context.signatures, [m.bacKan, m.thaiNguyen], 'carried to Thái Nguyên');
    run.fire('signingDeadline').fire('escalationWindow');
    const before = run.snapshot;
    run.send({ type: 'proceedWithoutSigning', by: rep(m.hoaBinh), reason: 'Quá hạn ký giao ước' });
    assert.equal(run.snapshot, before, 'one member taking part signed: below the minimum of two');
    run.send({ type: 'sign', by: rep(m.tuyenQuang) });
    run.send({ type: 'proceedWithoutSigning', by: rep(m.hoaBinh), reason: 'Quá hạn ký giao ước' });
    assert.deepEqual(run.snapshot.value, { selfAssessment: 'open' }, 'two members taking part signed');
  });

  it('when the system sends the 1 July mergers from the organisation data, then the same four apply', () => {
    const run = mergeOn1July(signAll(new SimulatedInstance(year2025())));
    assert.deepEqual(run.snapshot.context.merges.map(({ memberId, successorId }) => [memberId, successorId]), [
      [m.bacGiang, 'ubnd-tinh-bac-ninh'], [m.bacKan, m.thaiNguyen], [m.hoaBinh, m.phuTho], [m.yenBai, 'ubnd-tinh-lao-cai'],
    ]);
  });

  it('when cross-scores were given before the merger, then the successor inherits what it lacks and its own stand', () => {
    const run = selfAssessAll(signAll(new SimulatedInstance(year2025())), seven);
    run.send({ type: 'crossScore', by: rep(m.bacKan), member: m.phuTho, scores: sheet(6) });
    run.send({ type: 'crossScore', by: rep(m.bacKan), member: m.yenBai, scores: sheet(6) });
    run.send({ type: 'crossScore', by: rep(m.thaiNguyen), member: m.yenBai, scores: sheet(9) });
    run.send({ type: 'crossScore', by: rep(m.hoaBinh), member: m.bacKan, scores: sheet(5) });
    run.send({ type: 'memberMerged', member: m.bacKan, successor: m.thaiNguyen });
    const sheets = run.snapshot.context.crossScores;
    assert.deepEqual(sheets[m.thaiNguyen]?.[m.phuTho], sheet(6), 'given by Bắc Kạn, lacking for Thái Nguyên: inherited');
    assert.deepEqual(sheets[m.thaiNguyen]?.[m.yenBai], sheet(9), 'Thái Nguyên’s own stands');
    assert.deepEqual(sheets[m.hoaBinh]?.[m.thaiNguyen], sheet(5), 'received by Bắc Kạn: now about Thái Nguyên');
    assert.deepEqual(sheets[m.bacKan]?.[m.phuTho], sheet(6), 'the record of what Bắc Kạn gave is kept');
  });

  it('when the last member yet to sign merges into a member, then signing completes', () => {
    const run = signAll(new SimulatedInstance(), seven.filter((member) => member !== m.bacKan));
    run.send({ type: 'memberMerged', member: m.bacKan, successor: m.thaiNguyen });
    assert.deepEqual(run.snapshot.value, { selfAssessment: 'open' });
    assert.deepEqual(closed(run), [`sign-${m.bacKan}:merged`]);
    assert.equal(taskKeys(run).length, 6);
  });

  it('when the chair merges away while consolidation waits on it, then its task moves to the deputy, who now chairs', () => {
    const run = crossScoreAll(selfAssessAll(signAll(new SimulatedInstance()), seven), seven, () => 7);
    assert.deepEqual(run.snapshot.context.openTasks.map((task) => task.taskKey), [`consolidate-${m.bacGiang}`]);
    run.send({ type: 'memberMerged', member: m.bacGiang, successor: 'ubnd-tinh-bac-ninh' });
    assert.deepEqual(closed(run), [`consolidate-${m.bacGiang}:merged`]);
    assert.deepEqual(effectsOf(run.actions, 'createTask'), [{ taskKey: `consolidate-${m.bacKan}-r1`, step: 'consolidation', assignee: rep(m.bacKan), dueInMs: 500 }]);
    assert.deepEqual([run.snapshot.context.chair, run.snapshot.context.deputy], [m.bacKan, m.thaiNguyen]);
    run.send({ type: 'consolidate', by: rep(m.bacKan) });
    assert.equal(run.snapshot.value, 'voting');
    assert.equal(run.snapshot.context.ranking.length, 6, 'Bắc Giang is not ranked');
  });

  it('when a merger names an unknown member, itself, or one already merged, then it is ignored', () => {
    const run = new SimulatedInstance().send({ type: 'memberMerged', member: m.bacKan, successor: m.thaiNguyen });
    for (const event of [
      { type: 'memberMerged' as const, member: 'ubnd-tinh-ha-giang', successor: m.tuyenQuang },
      { type: 'memberMerged' as const, member: m.phuTho, successor: m.phuTho },
      { type: 'memberMerged' as const, member: m.bacKan, successor: m.thaiNguyen },
    ]) {
      const before = run.snapshot;
      run.send(event);
      assert.equal(run.snapshot, before, JSON.stringify(event));
    }
  });
});
