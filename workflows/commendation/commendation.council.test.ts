import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Ballot } from '@vinh-danh/domain';
import { transition } from 'xstate';
import { commendationMachine as machine, type CommendationEvent } from './index.ts';
import { councilLevel, decisionLevel, effectsOf, inputFor, reviewLevel, SimulatedInstance } from './commendation.test-support.ts';

/** Unit review → a 7-member provincial council voting two thirds of members, openly → decision. */
const route = [reviewLevel('unitReview'), councilLevel('provinceCouncil', 7), decisionLevel('decision')];
const member = (index: number) => `provinceCouncil.member${index}`;
const ballotKey = (index: number, stage = '1') => `provinceCouncil-${stage}-ballot-${index}`;

function atCouncil(): SimulatedInstance {
  return new SimulatedInstance(inputFor(route)).send({ type: 'forward', by: 'unitReview.officer' });
}

function vote(run: SimulatedInstance, ...ballots: Ballot[]): SimulatedInstance {
  ballots.forEach((ballot, index) => run.send({ type: 'vote', by: member(index), ballot }));
  return run;
}

function assertRefused(run: SimulatedInstance, event: CommendationEvent): void {
  const [next, actions] = transition(machine, run.snapshot, event);
  assert.equal(next, run.snapshot, `${JSON.stringify(event)} was accepted`);
  assert.deepEqual(actions, []);
}

describe('commendation: council', () => {
  it('when the council sits, then every member gets a ballot task and mail, and the chair none', () => {
    const run = atCouncil();
    assert.deepEqual(run.snapshot.value, { council: 'voting' });
    assert.deepEqual(
      effectsOf(run.actions, 'createTask'),
      Array.from({ length: 7 }, (_, index) => ({ taskKey: ballotKey(index), step: 'provinceCouncil', assignee: member(index), dueInMs: 2000 })),
    );
    const mails = effectsOf(run.actions, 'sendMail');
    assert.deepEqual(mails.map((mail) => mail.to), Array.from({ length: 7 }, (_, index) => member(index)));
    assert.deepEqual(mails[0]!.data, {
      step: 'provinceCouncil', levelKind: 'council', levelNameVi: 'Cấp provinceCouncil', levelNameEn: 'Level provinceCouncil',
      round: 1, simplified: false, secret: false,
    });
    assert.deepEqual(run.timerDelays(), { levelReminder: 1900, levelDeadline: 2000 });
    assert.equal(run.snapshot.context.currentTaskKey, null);
  });

  it('when a secret council has the ballots to fail or to pass, then it goes on voting until every member has voted: no ballot is known to be the one that decided it', () => {
    const secretRoute = [reviewLevel('unitReview'), councilLevel('provinceCouncil', 7, { quorum: 0.9, passShare: 0.9, of: 'members', secret: true }), decisionLevel('decision')];
    const atSecret = () => new SimulatedInstance(inputFor(secretRoute)).send({ type: 'forward', by: 'unitReview.officer' });
    // Under 90% of seven, the first no already makes a pass impossible: it must not show.
    const failing = vote(atSecret(), 'yes', 'yes', 'yes', 'no');
    assert.deepEqual(failing.snapshot.value, { council: 'voting' });
    assert.deepEqual(effectsOf(failing.actions, 'recordTally'), []);
    failing.send({ type: 'vote', by: member(4), ballot: 'yes' }).send({ type: 'vote', by: member(5), ballot: 'no' });
    assert.deepEqual(failing.snapshot.value, { council: 'voting' });
    failing.send({ type: 'vote', by: member(6), ballot: 'yes' });
    assert.equal(failing.snapshot.value, 'rejected');
    assert.deepEqual(effectsOf(failing.actions, 'recordTally'), [
      { levelId: 'provinceCouncil', round: 1, yes: 5, no: 2, abstain: 0, eligible: 7, quorumMet: true, outcome: 'failed' },
    ]);
    // Seven yes pass it, on the seventh ballot, not on the sixth (90% of seven).
    const passing = vote(atSecret(), 'yes', 'yes', 'yes', 'yes', 'yes', 'yes');
    assert.deepEqual(passing.snapshot.value, { council: 'voting' });
    passing.send({ type: 'vote', by: member(6), ballot: 'yes' });
    assert.deepEqual(passing.snapshot.value, { decision: 'pending' });
  });

  it('when 5 of 7 vote yes, then the vote closes early as passed and the rest of the ballots close', () => {
    const run = vote(atCouncil(), 'yes', 'yes', 'yes', 'yes');
    assert.deepEqual(run.snapshot.value, { council: 'voting' });
    assert.deepEqual(run.effects(), [{ type: 'closeTask', params: { taskKey: ballotKey(3), outcome: 'vote' } }]);

    run.send({ type: 'vote', by: member(4), ballot: 'yes' });
    assert.deepEqual(run.snapshot.value, { decision: 'pending' });
    assert.deepEqual(effectsOf(run.actions, 'closeTask'), [
      { taskKey: ballotKey(4), outcome: 'vote' },
      { taskKey: ballotKey(5), outcome: 'closed' },
      { taskKey: ballotKey(6), outcome: 'closed' },
    ]);
    assert.deepEqual(effectsOf(run.actions, 'recordTally'), [
      { levelId: 'provinceCouncil', round: 1, yes: 5, no: 0, abstain: 0, eligible: 7, quorumMet: true, outcome: 'passed' },
    ]);
    assert.deepEqual(run.cancelledTimers(), ['levelReminder', 'levelDeadline']);
    assert.equal(effectsOf(run.actions, 'createTask')[0]?.taskKey, 'decision-1');
  });

  it('when 3 of 7 vote no, then the vote closes early as failed and the nomination is rejected', () => {
    const run = vote(atCouncil(), 'no', 'no', 'no');
    assert.equal(run.snapshot.status, 'done');
    assert.deepEqual(effectsOf(run.actions, 'closeTask').map((close) => close.outcome), ['vote', 'closed', 'closed', 'closed', 'closed']);
    const tally = { levelId: 'provinceCouncil', round: 1, yes: 0, no: 3, abstain: 0, eligible: 7, quorumMet: false, outcome: 'failed' };
    // The effect goes without `members` (older workers refuse a field they do not know); the procedure's own record has them.
    assert.deepEqual(effectsOf(run.actions, 'recordTally'), [tally]);
    assert.deepEqual(run.snapshot.output, {
      status: 'rejected', nominationId: 'nom-1', awardTypeId: 'bang-khen-thu-tuong', round: 1, simplified: false,
      levelId: 'provinceCouncil', reason: 'voteFailed', decisionNumber: null, amountVnd: null, tallies: [{ ...tally, members: 7 }],
    });
    assert.deepEqual(effectsOf(run.actions, 'setNominationStatus'), [{ status: 'rejected' }]);
    assert.deepEqual(effectsOf(run.actions, 'sendMail')[0]?.data, {
      outcome: 'rejected', levelId: 'provinceCouncil', round: 1, simplified: false, reason: 'voteFailed',
      tally: { yes: 0, no: 3, abstain: 0, eligible: 7, members: 7 },
    });
  });

  it('when a member votes again, or a stranger or the chair votes, then nothing changes', () => {
    const run = vote(atCouncil(), 'yes');
    assertRefused(run, { type: 'vote', by: member(0), ballot: 'no' });
    assertRefused(run, { type: 'vote', by: 'provinceCouncil.chair', ballot: 'yes' });
    assertRefused(run, { type: 'vote', by: 'submitter', ballot: 'yes' });
    assertRefused(run, { type: 'vote', by: member(1), ballot: 'maybe' as Ballot });
    assertRefused(run, { type: 'recuse', by: member(0), reason: 'Đã bỏ phiếu rồi' });
  });

  it('when a member recuses, then their ballot closes, they cannot vote, and the share of all members still counts them', () => {
    const run = atCouncil();
    assertRefused(run, { type: 'recuse', by: member(6), reason: '  ' });
    run.send({ type: 'recuse', by: member(6), reason: 'Là người thân của người được đề nghị' });
    assert.deepEqual(run.effects(), [{ type: 'closeTask', params: { taskKey: ballotKey(6), outcome: 'recuse' } }]);
    assert.deepEqual(run.snapshot.context.recused, { provinceCouncil: { [member(6)]: 'Là người thân của người được đề nghị' } });
    assertRefused(run, { type: 'vote', by: member(6), ballot: 'yes' });

    // Two-thirds of all seven members: ⌈2/3 × 7⌉ = 5 yes, the member who stood aside included in the seven.
    vote(run, 'yes', 'yes', 'yes', 'yes');
    assert.deepEqual(run.snapshot.value, { council: 'voting' }, '4 yes of 7 members are not two-thirds');
    run.send({ type: 'vote', by: member(4), ballot: 'yes' });
    assert.deepEqual(run.snapshot.value, { decision: 'pending' });
    assert.deepEqual(run.snapshot.context.tallies.at(-1), {
      levelId: 'provinceCouncil', round: 1, yes: 5, no: 0, abstain: 0, eligible: 6, members: 7, quorumMet: true, outcome: 'passed',
    });
    assert.deepEqual(effectsOf(run.actions, 'recordTally')[0], {
      levelId: 'provinceCouncil', round: 1, yes: 5, no: 0, abstain: 0, eligible: 6, quorumMet: true, outcome: 'passed',
    });
    assert.deepEqual(effectsOf(run.actions, 'closeTask').map((close) => close.taskKey), [ballotKey(4), ballotKey(5)]);
  });

  it('when the reminder fires, then only members yet to act are reminded', () => {
    const run = vote(atCouncil(), 'yes', 'no').send({ type: 'recuse', by: member(2), reason: 'Xung đột lợi ích' });
    run.fire('levelReminder');
    assert.deepEqual(run.snapshot.value, { council: 'voting' });
    assert.deepEqual(
      effectsOf(run.actions, 'sendMail').map((mail) => [mail.template, mail.to, mail.taskKey]),
      [3, 4, 5, 6].map((index) => ['reminder', member(index), ballotKey(index)]),
    );
  });

  it('when the deadline passes without a quorum, then the vote fails as noQuorum and open ballots expire', () => {
    const run = vote(atCouncil(), 'yes', 'yes', 'abstain').fire('levelDeadline');
    assert.equal(run.snapshot.status, 'done');
    assert.deepEqual(effectsOf(run.actions, 'closeTask'), [3, 4, 5, 6].map((index) => ({ taskKey: ballotKey(index), outcome: 'expired' })));
    assert.deepEqual(effectsOf(run.actions, 'recordTally'), [
      { levelId: 'provinceCouncil', round: 1, yes: 2, no: 0, abstain: 1, eligible: 7, quorumMet: false, outcome: 'failed' },
    ]);
    assert.equal(run.snapshot.output?.reason, 'noQuorum');
    assert.equal(run.snapshot.context.rejection?.reason, 'noQuorum');
  });

  it('when the deadline passes with a quorum but too few yes, then the vote fails as voteFailed', () => {
    const run = vote(atCouncil(), 'yes', 'yes', 'yes', 'yes', 'abstain', 'no').fire('levelDeadline');
    assert.equal(run.snapshot.output?.reason, 'voteFailed');
    assert.deepEqual(effectsOf(run.actions, 'closeTask'), [{ taskKey: ballotKey(6), outcome: 'expired' }]);
  });

  it('when a "more than half" council ties, then the vote fails; the rule reaches the procedure intact', () => {
    const moreThanHalf = { quorum: 2 / 3, passShare: 0.5, threshold: 'moreThan', of: 'votesCast', secret: false } as const;
    const tie = [reviewLevel('unitReview'), councilLevel('provinceCouncil', 4, moreThanHalf), decisionLevel('decision')];
    const run = new SimulatedInstance(inputFor(tie)).send({ type: 'forward', by: 'unitReview.officer' });
    assert.equal(run.snapshot.context.route[1]!.vote?.threshold, 'moreThan');
    vote(run, 'yes', 'yes', 'no', 'no');
    assert.equal(run.snapshot.output?.reason, 'voteFailed');
    assert.deepEqual(effectsOf(run.actions, 'recordTally').map((tally) => [tally.yes, tally.no, tally.outcome]), [[2, 2, 'failed']]);
  });

  it('when the submitter withdraws mid-vote, then every open ballot closes as withdrawn and no tally is recorded', () => {
    const run = vote(atCouncil(), 'yes', 'no').send({ type: 'withdraw', by: 'submitter' });
    assert.equal(run.snapshot.output?.status, 'withdrawn');
    assert.deepEqual(effectsOf(run.actions, 'closeTask'), [2, 3, 4, 5, 6].map((index) => ({ taskKey: ballotKey(index), outcome: 'withdrawn' })));
    assert.deepEqual(effectsOf(run.actions, 'recordTally'), []);
  });

  it('when persisted mid-vote as JSON and restored, then it continues exactly as the original', () => {
    const run = vote(atCouncil(), 'yes', 'yes', 'yes', 'no');
    const { context } = run.snapshot;
    assert.deepEqual(JSON.parse(JSON.stringify(context)), context, 'context is plain JSON');
    const restored = machine.resolveState(JSON.parse(JSON.stringify(machine.getPersistedSnapshot(run.snapshot))));
    assert.deepEqual(restored.value, run.snapshot.value);
    assert.deepEqual(restored.context, context);

    for (const event of [
      { type: 'vote', by: member(4), ballot: 'yes' },
      { type: 'vote', by: member(3), ballot: 'yes' }, // a re-vote stays refused after the round trip
    ] as CommendationEvent[]) {
      const [fromOriginal, originalActions] = transition(machine, run.snapshot, event);
      const [fromRestored, restoredActions] = transition(machine, restored, event);
      assert.deepEqual(fromRestored.value, fromOriginal.value);
      assert.deepEqual(fromRestored.context, fromOriginal.context);
      assert.deepEqual(
        restoredActions.map(({ type, params }) => ({ type, params })),
        originalActions.map(({ type, params }) => ({ type, params })),
      );
    }
  });
});
