import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { transition } from 'xstate';
import { clusterEvaluationMachine as machine, redactChoice, type ClusterEvaluationEvent } from './index.ts';
import { crossScoreAll, effectsOf, input, m, rep, selfAssessAll, seven, signAll, SimulatedInstance } from './cluster-evaluation.test-support.ts';

/** Peers' scores: Bắc Kạn best, Thái Nguyên next, the rest level. */
const given: Record<string, number> = { [m.bacKan]: 9, [m.thaiNguyen]: 8.5 };

/** The seed cluster's 2022 evaluation up to the vote: all sign, assess, score; Bắc Giang (chair) consolidates. */
function atVote(start = input()): SimulatedInstance {
  const run = crossScoreAll(selfAssessAll(signAll(new SimulatedInstance(start)), seven), seven, (_scorer, target) => given[target] ?? 7);
  return run.send({ type: 'consolidate', by: rep(m.bacGiang) });
}

function vote(run: SimulatedInstance, choices: Record<string, string>): SimulatedInstance {
  for (const [voter, choice] of Object.entries(choices)) run.send({ type: 'vote', by: rep(voter), choice });
  return run;
}

function assertRefused(run: SimulatedInstance, event: ClusterEvaluationEvent): void {
  const [next, actions] = transition(machine, run.snapshot, event);
  assert.equal(next, run.snapshot, `${JSON.stringify(event)} was accepted`);
  assert.deepEqual(actions, []);
}

/** For the certificate once Bắc Kạn holds the flag: Thái Nguyên by six ballots (its own goes elsewhere). */
const certificateRound = { ...Object.fromEntries([m.bacGiang, m.bacKan, m.hoaBinh, m.tuyenQuang, m.yenBai, m.phuTho].map((voter) => [voter, m.thaiNguyen])), [m.thaiNguyen]: m.hoaBinh };

/** Round 1: Bắc Kạn and Thái Nguyên tie on 3 votes each for the flag: no majority of the seven. */
const tiedRound = {
  [m.bacGiang]: m.bacKan, [m.bacKan]: m.thaiNguyen, [m.thaiNguyen]: m.bacKan, [m.hoaBinh]: m.thaiNguyen,
  [m.tuyenQuang]: m.bacKan, [m.yenBai]: m.thaiNguyen, [m.phuTho]: m.hoaBinh,
};

describe('cluster evaluation: the secret vote for leading units', () => {
  it('when the vote opens, then each member gets a ballot task naming the candidates, and the ballot is secret', () => {
    const run = atVote();
    assert.deepEqual(run.snapshot.value, 'voting');
    assert.deepEqual(effectsOf(run.actions, 'createTask').map((task) => task.taskKey), seven.map((member) => `vote-1-${member}`));
    const data = effectsOf(run.actions, 'sendMail')[0]!.data!;
    assert.deepEqual([data['round'], data['secret'], data['candidates']], [1, true, [...seven].sort()]);
    assert.deepEqual(run.timerDelays(), { votingReminder: 700, votingDeadline: 800 });
  });

  it('when a ballot is cast, then only its task closes — nothing says for whom; bad ballots are refused', () => {
    const run = atVote();
    assertRefused(run, { type: 'vote', by: rep(m.bacKan), choice: m.bacKan }); // not for itself
    assertRefused(run, { type: 'vote', by: rep(m.bacKan), choice: 'ubnd-tinh-bac-ninh' }); // not a candidate
    assertRefused(run, { type: 'vote', by: 'citizen@example.vn', choice: m.bacKan });
    run.send({ type: 'vote', by: rep(m.bacGiang), choice: m.bacKan });
    assert.deepEqual(run.effects(), [{ type: 'closeTask', params: { taskKey: `vote-1-${m.bacGiang}`, outcome: 'vote' } }]);
    assert.deepEqual(run.snapshot.context.ballot, { voters: seven, voted: [m.bacGiang], counts: { [m.bacKan]: 1 } });
    assertRefused(run, { type: 'vote', by: rep(m.bacGiang), choice: m.thaiNguyen }); // once per round
    assert.deepEqual(redactChoice({ type: 'vote', by: rep(m.bacGiang), choice: m.bacKan }), { type: 'vote', by: rep(m.bacGiang) });
  });

  it('when a ballot of round 1 arrives after the runoff opened, then it is refused, not counted in round 2; a ballot naming round 2 counts there', () => {
    // Phú Thọ has not voted when the deadline closes round 1 as a tie; its round-1 ballot comes after.
    const run = vote(atVote(), Object.fromEntries(Object.entries(tiedRound).filter(([voter]) => voter !== m.phuTho)));
    run.send({ type: 'xstate.after.votingDeadline.clusterEvaluation.voting' } as unknown as ClusterEvaluationEvent);
    const roundsNow = run.snapshot.context.election?.rounds.length;
    assert.equal(roundsNow, 1, 'round 1 closed at its deadline');
    assert.deepEqual(run.snapshot.context.election?.pending[0]?.candidates, [m.bacKan, m.thaiNguyen]);
    assertRefused(run, { type: 'vote', by: rep(m.phuTho), choice: m.bacKan, round: 1 });
    run.send({ type: 'vote', by: rep(m.phuTho), choice: m.bacKan, round: 2 });
    assert.deepEqual(run.snapshot.context.ballot.voted, [m.phuTho]);
  });

  it('when no unit has a majority for the flag, then a runoff between the leading two elects it, the certificate is voted next, and the outcome is proposed', () => {
    const run = vote(atVote(), tiedRound);
    assert.deepEqual(run.snapshot.value, 'voting');
    assert.deepEqual(run.snapshot.context.election?.rounds[0]?.counts, { ...Object.fromEntries(seven.map((member) => [member, 0])), [m.bacKan]: 3, [m.thaiNguyen]: 3, [m.hoaBinh]: 1 });
    assert.deepEqual(effectsOf(run.actions, 'createTask').map((task) => task.taskKey), seven.map((member) => `vote-2-${member}`));
    assert.deepEqual(effectsOf(run.actions, 'sendMail')[0]?.data?.['candidates'], [m.bacKan, m.thaiNguyen]);
    assertRefused(run, { type: 'vote', by: rep(m.phuTho), choice: m.hoaBinh }); // no longer a candidate

    vote(run, { ...tiedRound, [m.hoaBinh]: m.bacKan, [m.phuTho]: m.bacKan, [m.yenBai]: m.thaiNguyen });
    assert.deepEqual(run.snapshot.context.election?.placements.map(({ unitId, position }) => [unitId, position]), [[m.bacKan, 0]], 'five of seven');
    assert.deepEqual(effectsOf(run.actions, 'sendMail')[0]?.data?.['candidates'], seven.filter((member) => member !== m.bacKan).sort(), 'every other member stands for the certificate');
    vote(run, certificateRound);
    assert.equal(run.snapshot.status, 'done');
    assert.deepEqual(effectsOf(run.actions, 'proposeAward'), [
      { awardTypeId: 'co-thi-dua-chinh-phu', unitId: m.bacKan, clusterId: 'cum-trung-du-mien-nui-phia-bac', year: 2022, position: 0 },
      { awardTypeId: 'bang-khen-thu-tuong', unitId: m.thaiNguyen, clusterId: 'cum-trung-du-mien-nui-phia-bac', year: 2022, position: 1 },
    ]);
    assert.deepEqual(effectsOf(run.actions, 'handOverChair'), [{ clusterId: 'cum-trung-du-mien-nui-phia-bac', year: 2023, chair: m.bacKan, deputy: m.thaiNguyen }]);
    const output = run.snapshot.output!;
    assert.deepEqual([output.status, output.nextChair, output.nextDeputy], ['concluded', m.bacKan, m.thaiNguyen]);
    assert.deepEqual(output.leadingUnits.map(({ unitId, round }) => [unitId, round]), [[m.bacKan, 2], [m.thaiNguyen, 3]]);
    assert.deepEqual(output.votes.map(({ outcome, cast, eligible }) => [outcome, cast, eligible]), [['runoff', 7, 7], ['decided', 7, 7], ['decided', 7, 7]]);
    assert.deepEqual(output.ranking[0], { memberId: m.bacKan, total: 90, rank: 1 });
    const mails = effectsOf(run.actions, 'sendMail');
    assert.deepEqual(mails.map((mail) => [mail.template, mail.to]), seven.map((member) => ['outcome', rep(member)]));
    assert.deepEqual(mails[0]!.data!['leadingUnits'], [
      { unitId: m.bacKan, awardTypeId: 'co-thi-dua-chinh-phu', nameVi: 'Tỉnh Bắc Kạn', awardNameVi: 'Cờ thi đua của Chính phủ' },
      { unitId: m.thaiNguyen, awardTypeId: 'bang-khen-thu-tuong', nameVi: 'Tỉnh Thái Nguyên', awardNameVi: 'Bằng khen của Thủ tướng Chính phủ' },
    ]);
    const tallies = mails[0]!.data!['tallies'] as Array<{ round: number; cast: number; candidates: Array<{ nameVi: string; votes: number }> }>;
    assert.deepEqual(tallies.map((tally) => [tally.round, tally.cast, tally.candidates.reduce((sum, candidate) => sum + candidate.votes, 0) > 0]), [[1, 7, true], [2, 7, true], [3, 7, true]]);
    assert.equal(mails[0]!.data!['nextChairNameVi'], 'Tỉnh Bắc Kạn');
  });

  it('when the deadline closes a round with enough ballots, then it counts; the missing ballots close as expired', () => {
    // Four of the seven members for Bắc Kạn: a majority of the members, though two never voted.
    const run = vote(atVote(), { [m.bacGiang]: m.bacKan, [m.bacKan]: m.thaiNguyen, [m.thaiNguyen]: m.bacKan, [m.hoaBinh]: m.bacKan, [m.tuyenQuang]: m.bacKan });
    run.fire('votingReminder');
    assert.deepEqual(effectsOf(run.actions, 'sendMail').map((mail) => [mail.template, mail.to]), [['reminder', rep(m.yenBai)], ['reminder', rep(m.phuTho)]]);
    run.fire('votingDeadline');
    assert.deepEqual(effectsOf(run.actions, 'closeTask'), [
      { taskKey: `vote-1-${m.yenBai}`, outcome: 'expired' },
      { taskKey: `vote-1-${m.phuTho}`, outcome: 'expired' },
    ]);
    assert.deepEqual(run.snapshot.context.election?.placements.map(({ unitId }) => unitId), [m.bacKan]);
    vote(run, certificateRound);
    assert.deepEqual(run.snapshot.output?.leadingUnits.map(({ unitId }) => unitId), [m.bacKan, m.thaiNguyen]);
  });

  it('when too few vote before the deadline, then no seat is filled and no award is proposed', () => {
    const run = vote(atVote(), { [m.bacGiang]: m.bacKan, [m.bacKan]: m.thaiNguyen, [m.thaiNguyen]: m.bacKan, [m.hoaBinh]: m.bacKan }).fire('votingDeadline');
    assert.deepEqual(run.snapshot.output?.unfilledSeats, [{ positions: [0, 1], tiedUnits: [], reason: 'noQuorum' }]);
    assert.deepEqual(effectsOf(run.actions, 'proposeAward'), []);
    assert.deepEqual(effectsOf(run.actions, 'handOverChair').length, 1, 'the rotation goes on');
  });

  it('when the runoffs end without a majority, then the seats stay open, reported, and no award is proposed: the ranking does not decide', () => {
    // Phú Thọ stays away, so six ballots can split 3–3 and the deadline closes each round.
    const evenSplit = { [m.bacGiang]: m.bacKan, [m.bacKan]: m.thaiNguyen, [m.thaiNguyen]: m.bacKan, [m.hoaBinh]: m.thaiNguyen, [m.tuyenQuang]: m.bacKan, [m.yenBai]: m.thaiNguyen };
    const run = vote(atVote(), tiedRound);
    vote(run, evenSplit).fire('votingDeadline');
    assert.deepEqual(run.snapshot.context.election?.pending[0], { start: 0, end: 2, candidates: [m.bacKan, m.thaiNguyen], runoffs: 2 });
    vote(run, evenSplit).fire('votingDeadline');
    assert.equal(run.snapshot.status, 'done');
    assert.deepEqual(run.snapshot.output?.leadingUnits, []);
    assert.deepEqual(run.snapshot.output?.unfilledSeats, [{ positions: [0, 1], tiedUnits: [], reason: 'noMajority' }]);
    assert.deepEqual(effectsOf(run.actions, 'proposeAward'), []);
    assert.deepEqual(run.snapshot.output?.votes.map(({ outcome }) => outcome), ['runoff', 'runoff', 'decided']);
  });

  it('when a member merges during the vote, then the roster stays as it opened and the merger is recorded', () => {
    const run = atVote().send({ type: 'memberMerged', member: m.bacGiang, successor: 'ubnd-tinh-bac-ninh' });
    assert.deepEqual(run.effects(), []);
    assert.deepEqual(run.snapshot.context.merges, [{ memberId: m.bacGiang, successorId: 'ubnd-tinh-bac-ninh', rule: 'recordedOnly', stage: 'voting' }]);
    run.send({ type: 'vote', by: rep(m.bacGiang), choice: m.bacKan });
    assert.deepEqual(run.snapshot.context.ballot.voted, [m.bacGiang]);
    vote(run, { ...tiedRound, [m.phuTho]: m.bacKan });
    vote(run, certificateRound);
    assert.deepEqual(run.snapshot.output?.leadingUnits.map(({ unitId }) => unitId), [m.bacKan, m.thaiNguyen]);
    // The chair's role passed to the deputy Bắc Kạn for the rest of the year, Thái Nguyên deputising; they rotate on.
    assert.deepEqual([run.snapshot.output?.nextChair, run.snapshot.output?.nextDeputy], [m.thaiNguyen, m.hoaBinh]);
  });
});
