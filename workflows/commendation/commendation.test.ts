import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { transition } from 'xstate';
import { commendationMachine as machine, type CommendationEvent } from './index.ts';
import { commendationMachineV1 } from './commendation.machine.ts';
import { eventsFor } from './commendation.route-coverage.ts';
import { maxPendingObjections } from './commendation.context.ts';
import { effectsOf, inputFor, representativeRoutes, resubmitWindowMs, SimulatedInstance } from './commendation.test-support.ts';

const { full, short, simplified } = representativeRoutes;

function assertRefused(run: SimulatedInstance, event: CommendationEvent): void {
  const [next, actions] = transition(machine, run.snapshot, event);
  assert.equal(next, run.snapshot, `${JSON.stringify(event)} was accepted`);
  assert.deepEqual(actions, []);
}

/** The full route up to the disclosure: two reviews forwarded, the 3-member council passed. */
function atDisclosure(machineOfVersion = machine): SimulatedInstance {
  return new SimulatedInstance(inputFor(full), machineOfVersion)
    .send({ type: 'forward', by: 'unitReview.officer' })
    .send({ type: 'forward', by: 'provinceReview.officer' })
    .send({ type: 'vote', by: 'provinceCouncil.member0', ballot: 'yes' })
    .send({ type: 'vote', by: 'provinceCouncil.member1', ballot: 'yes' });
}

describe('commendation: review and route', () => {
  it('when started, then the first level’s officer gets a task, a mail and two timers', () => {
    const run = new SimulatedInstance(inputFor(full));
    assert.deepEqual(run.snapshot.value, { review: 'pending' });
    assert.deepEqual(run.effects(), [
      { type: 'setNominationStatus', params: { status: 'in_review' } },
      { type: 'createTask', params: { taskKey: 'unitReview-1', step: 'unitReview', assignee: 'unitReview.officer', dueInMs: 1000 } },
      {
        type: 'sendMail',
        params: {
          template: 'task', to: 'unitReview.officer', taskKey: 'unitReview-1',
          data: { step: 'unitReview', levelKind: 'review', levelNameVi: 'Cấp unitReview', levelNameEn: 'Level unitReview', round: 1, simplified: false },
        },
      },
    ]);
    assert.deepEqual(run.timerDelays(), { levelReminder: 900, levelDeadline: 1000 });
  });

  it('when a review forwards, then the next level opens and only the current officer may act', () => {
    const run = new SimulatedInstance(inputFor(full));
    assertRefused(run, { type: 'forward', by: 'provinceReview.officer' });
    assertRefused(run, { type: 'requestChanges', by: 'unitReview.officer', comment: ' ' });
    assertRefused(run, { type: 'requestChanges', by: 'unitReview.officer', comment: '\u200b\u2060' });
    run.send({ type: 'forward', by: 'unitReview.officer', comment: 'Đủ hồ sơ' });
    assert.deepEqual(effectsOf(run.actions, 'closeTask'), [{ taskKey: 'unitReview-1', outcome: 'forward' }]);
    assert.deepEqual(effectsOf(run.actions, 'createTask').map((task) => task.taskKey), ['provinceReview-1']);
    assert.equal(run.snapshot.context.levelIndex, 1);
    assert.equal(run.snapshot.context.lastComment, 'Đủ hồ sơ');
  });

  it('when the deadline passes, then the task escalates; when the window passes too, it expires', () => {
    const run = new SimulatedInstance(inputFor(full)).fire('levelDeadline');
    assert.deepEqual(run.snapshot.value, { review: 'escalated' });
    assert.deepEqual(effectsOf(run.actions, 'closeTask'), [{ taskKey: 'unitReview-1', outcome: 'escalated' }]);
    assert.deepEqual(effectsOf(run.actions, 'sendMail').map((mail) => [mail.template, mail.to, mail.taskKey ?? null]), [
      ['escalation', 'unitReview.deputy', 'unitReview-1-escalated'],
      ['escalation', 'unitReview.officer', null],
    ]);
    assertRefused(run, { type: 'forward', by: 'unitReview.officer' });
    run.fire('escalationWindow');
    assert.equal(run.snapshot.output?.status, 'expired');
    assert.deepEqual(effectsOf(run.actions, 'closeTask'), [{ taskKey: 'unitReview-1-escalated', outcome: 'expired' }]);
  });

  it('when a reminder goes out, then its mail says whether the deadline passes the task on or ends the procedure', () => {
    const escalates = new SimulatedInstance(inputFor(full)).fire('levelReminder');
    const [toHolder] = effectsOf(escalates.actions, 'sendMail');
    assert.equal(toHolder?.template, 'reminder');
    assert.equal(toHolder?.data?.['atDeadline'], undefined);
    const lapses = new SimulatedInstance(inputFor(simplified, { simplified: true })).fire('levelReminder');
    const [toLoneHolder] = effectsOf(lapses.actions, 'sendMail');
    assert.equal(toLoneHolder?.template, 'reminder');
    assert.equal(toLoneHolder?.data?.['atDeadline'], 'expires');
  });

  it('when a level without an escalation assignee misses its deadline, then the procedure expires', () => {
    const run = new SimulatedInstance(inputFor(simplified, { simplified: true })).fire('levelDeadline');
    assert.deepEqual(run.snapshot.output, {
      status: 'expired', nominationId: 'nom-1', awardTypeId: 'bang-khen-thu-tuong', round: 1, simplified: true,
      levelId: 'unitReview', reason: null, decisionNumber: null, amountVnd: null, tallies: [],
    });
    assert.deepEqual(effectsOf(run.actions, 'closeTask'), [{ taskKey: 'unitReview-1', outcome: 'expired' }]);
    assert.equal(effectsOf(run.actions, 'sendMail')[0]?.data?.['simplified'], true);
  });

  it('when a later review requests changes and the submitter resubmits, then round 2 starts at the first level and the council sits again', () => {
    const run = atDisclosure().fire('postingPeriod');
    assert.equal(run.snapshot.context.currentTaskKey, 'centralReview-1');
    run.send({ type: 'requestChanges', by: 'centralReview.officer', comment: 'Bổ sung minh chứng' });
    assert.equal(run.snapshot.value, 'changesRequested');
    assert.deepEqual(run.effects().slice(1), [
      { type: 'createTask', params: { taskKey: 'resubmit-1', step: 'resubmit', assignee: 'submitter', dueInMs: resubmitWindowMs } },
      {
        type: 'sendMail',
        params: {
          template: 'changesRequested', to: 'submitter', taskKey: 'resubmit-1',
          data: { step: 'centralReview', levelKind: 'review', levelNameVi: 'Cấp centralReview', levelNameEn: 'Level centralReview', round: 1, simplified: false, comment: 'Bổ sung minh chứng' },
        },
      },
    ]);
    assertRefused(run, { type: 'resubmit', by: 'centralReview.officer' });
    run.send({ type: 'resubmit', by: 'submitter' });
    assert.deepEqual(effectsOf(run.actions, 'createTask').map((task) => task.taskKey), ['unitReview-2']);
    run.send({ type: 'forward', by: 'unitReview.officer' }).send({ type: 'forward', by: 'provinceReview.officer' });
    assert.deepEqual(effectsOf(run.actions, 'createTask').map((task) => task.taskKey), [0, 1, 2].map((index) => `provinceCouncil-2-ballot-${index}`));
    assert.deepEqual(run.snapshot.context.ballots, { provinceCouncil: { voted: [], yes: 0, no: 0, abstain: 0 } });
  });

  it('when the submitter does not resubmit in time, then it ends expired', () => {
    const run = new SimulatedInstance(inputFor(short)).send({ type: 'requestChanges', by: 'unitReview.officer', comment: 'Sai mẫu' });
    run.fire('resubmitWindow');
    assert.equal(run.snapshot.output?.status, 'expired');
    assert.deepEqual(effectsOf(run.actions, 'closeTask'), [{ taskKey: 'resubmit-1', outcome: 'expired' }]);
  });

  it('when a review rejects, then it ends rejected with reason rejected', () => {
    const run = new SimulatedInstance(inputFor(short)).send({ type: 'reject', by: 'unitReview.officer' });
    assert.deepEqual([run.snapshot.output?.status, run.snapshot.output?.reason], ['rejected', 'rejected']);
  });
});

describe('commendation: disclosure', () => {
  it('when the council passes, then the list is posted for the period and, with no objection, the next level opens', () => {
    const run = atDisclosure();
    assert.deepEqual(run.snapshot.value, { disclosure: 'posted' });
    assert.deepEqual(effectsOf(run.actions, 'publishDisclosure'), [{ levelId: 'disclosure', postingDays: 10, round: 1 }]);
    assert.deepEqual(run.timerDelays(), { postingPeriod: 3000 });
    run.fire('postingPeriod');
    assert.deepEqual(run.snapshot.value, { review: 'pending' });
    assert.equal(run.snapshot.context.currentAssignee, 'centralReview.officer');
  });

  it('when someone objects, then their objection waits: a confirmation task and mail go to the address they gave, and the posting goes on', () => {
    const run = atDisclosure();
    assertRefused(run, { type: 'object', by: 'citizen', objection: '   ' });
    assertRefused(run, { type: 'object', by: '  ', objection: 'Thành tích chưa đúng thực tế' });
    run.send({ type: 'object', by: 'citizen', objection: 'Thành tích chưa đúng thực tế' });
    assert.deepEqual(run.snapshot.value, { disclosure: 'posted' });
    assert.deepEqual(run.snapshot.context.objections, []);
    assert.deepEqual(run.snapshot.context.pendingObjections, [{ taskKey: 'disclosure-1-objection-0', by: 'citizen' }], 'its text stays in the history');
    // Two of the posting's ten days (3000 ms here) to confirm it.
    assert.deepEqual(run.effects(), [
      { type: 'createTask', params: { taskKey: 'disclosure-1-objection-0', step: 'disclosure', assignee: 'citizen', dueInMs: 600 } },
      {
        type: 'sendMail',
        params: {
          template: 'task', to: 'citizen', taskKey: 'disclosure-1-objection-0',
          // Not the text: whoever filed it chose the address too. The posting waits for it (version 2).
          data: { step: 'disclosure', levelKind: 'disclosure', levelNameVi: 'Cấp disclosure', levelNameEn: 'Level disclosure', round: 1, simplified: false, outlastsPosting: true },
        },
      },
    ]);
    assert.deepEqual(run.timerDelays(), { 'disclosure-1-objection-0': 600 }, 'its confirmation window');
    assert.deepEqual(run.cancelledTimers(), [], 'the posting period runs on');
    // One waits per address: a second from it sends no second link, but lapses as a new one
    // would, so the history cannot tell the two apart. Nobody else confirms it, nor its writer without its text.
    run.send({ type: 'object', by: 'citizen', objection: 'Lần nữa' });
    assert.deepEqual(run.snapshot.context.pendingObjections, [{ taskKey: 'disclosure-1-objection-0', by: 'citizen' }]);
    assert.deepEqual(run.snapshot.context.repeatedObjections, ['disclosure-1-objection-1']);
    assert.deepEqual(run.effects(), [], 'no task, no mail');
    assert.deepEqual(run.timerDelays(), { 'disclosure-1-objection-1': 600 }, 'the window a new one would have');
    run.fireId('disclosure-1-objection-1');
    assert.deepEqual(run.snapshot.context.repeatedObjections, []);
    assert.deepEqual(run.effects(), []);
    assert.deepEqual(run.snapshot.context.pendingObjections, [{ taskKey: 'disclosure-1-objection-0', by: 'citizen' }], 'the first still waits');
    assertRefused(run, { type: 'confirmObjection', by: 'someone-else', objection: 'Thành tích chưa đúng thực tế' });
    assertRefused(run, { type: 'confirmObjection', by: 'citizen', objection: ' ' });
  });

  it('when the writer confirms an objection, then it returns to the latest review before it with the objection in the task mail, and the other waiting ones close', () => {
    const run = atDisclosure()
      .send({ type: 'object', by: 'citizen', objection: 'Thành tích chưa đúng thực tế' })
      .send({ type: 'object', by: 'neighbour', objection: 'Không đúng' })
      .send({ type: 'object', by: 'neighbour', objection: 'Không đúng, lần nữa' });
    run.send({ type: 'confirmObjection', by: 'citizen', objection: 'Thành tích chưa đúng thực tế' });
    assert.deepEqual(run.snapshot.value, { review: 'pending' });
    assert.deepEqual(run.snapshot.context.objections, [{ levelId: 'disclosure', by: 'citizen', objection: 'Thành tích chưa đúng thực tế', round: 1 }]);
    assert.deepEqual(run.snapshot.context.pendingObjections, []);
    assert.deepEqual(run.snapshot.context.repeatedObjections, []);
    assert.equal(run.snapshot.context.round, 1);
    assert.deepEqual(run.cancelledTimers(), ['postingPeriod', 'disclosure-1-objection-0', 'disclosure-1-objection-1', 'disclosure-1-objection-2'], 'the repeated one\'s lapse goes too');
    assert.deepEqual(effectsOf(run.actions, 'closeTask'), [
      { taskKey: 'disclosure-1-objection-0', outcome: 'confirmObjection' },
      { taskKey: 'disclosure-1-objection-1', outcome: 'closed' },
    ]);
    const [mail] = effectsOf(run.actions, 'sendMail');
    assert.deepEqual(mail, {
      template: 'task', to: 'provinceReview.officer', taskKey: 'provinceReview-1.1',
      data: {
        step: 'provinceReview', levelKind: 'review', levelNameVi: 'Cấp provinceReview', levelNameEn: 'Level provinceReview',
        round: 1, simplified: false, objection: 'Thành tích chưa đúng thực tế',
      },
    });
    // The escalated task carries it too; forwarding clears it and the council sits under new keys.
    run.fire('levelDeadline');
    assert.equal(effectsOf(run.actions, 'sendMail')[0]?.data?.['objection'], 'Thành tích chưa đúng thực tế');
    run.send({ type: 'forward', by: 'provinceReview.deputy' });
    assert.equal(run.snapshot.context.openObjection, null);
    assert.deepEqual(effectsOf(run.actions, 'createTask')[0]?.taskKey, 'provinceCouncil-1.1-ballot-0');
    // Posted again: the new posting's objections get keys of their own.
    run.send({ type: 'vote', by: 'provinceCouncil.member0', ballot: 'yes' }).send({ type: 'vote', by: 'provinceCouncil.member1', ballot: 'yes' });
    run.send({ type: 'object', by: 'citizen', objection: 'Vẫn chưa đúng' });
    assert.deepEqual(effectsOf(run.actions, 'createTask')[0]?.taskKey, 'disclosure-1.1-objection-0');
  });

  it('when the posting ends with objections unconfirmed, then it takes no more and waits: once each has lapsed (its task expired), the next level opens', () => {
    const run = atDisclosure()
      .send({ type: 'object', by: 'citizen', objection: 'Thành tích chưa đúng thực tế' })
      .send({ type: 'object', by: 'neighbour', objection: 'Không đúng' })
      .send({ type: 'object', by: 'neighbour', objection: 'Không đúng, lần nữa' });
    run.fire('postingPeriod');
    assert.deepEqual(run.snapshot.value, { disclosure: 'closing' });
    assert.deepEqual(effectsOf(run.actions, 'closeTask'), [], 'their windows run on');
    assert.deepEqual(run.pendingTimerIds().filter((id) => id.includes('objection')).sort(), ['disclosure-1-objection-0', 'disclosure-1-objection-1', 'disclosure-1-objection-2']);
    assertRefused(run, { type: 'object', by: 'latecomer', objection: 'Sau khi hết hạn' });
    run.fireId('disclosure-1-objection-0');
    assert.deepEqual(run.snapshot.value, { disclosure: 'closing' }, 'one still waits');
    assert.deepEqual(effectsOf(run.actions, 'closeTask'), [{ taskKey: 'disclosure-1-objection-0', outcome: 'expired' }]);
    run.fireId('disclosure-1-objection-1');
    assert.deepEqual(effectsOf(run.actions, 'closeTask'), [{ taskKey: 'disclosure-1-objection-1', outcome: 'expired' }]);
    assert.deepEqual(run.snapshot.value, { disclosure: 'closing' }, 'the repeated one still waits for its lapse, as a new one would');
    run.fireId('disclosure-1-objection-2');
    assert.deepEqual(run.snapshot.value, { review: 'pending' });
    assert.equal(run.snapshot.context.currentAssignee, 'centralReview.officer');
    assert.deepEqual([run.snapshot.context.pendingObjections, run.snapshot.context.repeatedObjections, run.snapshot.context.objections], [[], [], []]);
    assert.deepEqual(run.pendingTimerIds().filter((id) => id.includes('objection')), []);
    assertRefused(run, { type: 'confirmObjection', by: 'citizen', objection: 'Thành tích chưa đúng thực tế' });
  });

  it('when only a repeated objection still waits at the end of the posting (the one it repeats lapsed), then the posting waits for its lapse too, as it would for a new one', () => {
    const run = atDisclosure().send({ type: 'object', by: 'citizen', objection: 'Thành tích chưa đúng thực tế' });
    run.fireId('disclosure-1-objection-0');
    assert.deepEqual(run.snapshot.context.pendingObjections, []);
    run.send({ type: 'object', by: 'citizen', objection: 'Lần nữa' });
    assert.deepEqual(run.snapshot.context.pendingObjections, [{ taskKey: 'disclosure-1-objection-1', by: 'citizen' }], 'a new one: the first lapsed');
    run.send({ type: 'object', by: 'citizen', objection: 'Lần ba' });
    assert.deepEqual(run.snapshot.context.repeatedObjections, ['disclosure-1-objection-2']);
    run.fireId('disclosure-1-objection-1');
    run.fire('postingPeriod');
    assert.deepEqual(run.snapshot.value, { disclosure: 'closing' }, 'the repeated one\'s lapse is waited for');
    run.fireId('disclosure-1-objection-2');
    assert.deepEqual(run.snapshot.value, { review: 'pending' });
  });

  it('when an instance of version 1 reaches the end of its posting with objections waiting, then they lapse at once, as version 1 did', () => {
    const run = atDisclosure(commendationMachineV1).send({ type: 'object', by: 'citizen', objection: 'Thành tích chưa đúng thực tế' });
    assert.equal(effectsOf(run.actions, 'sendMail')[0]?.data?.['outlastsPosting'], undefined, 'its mail says the link dies with the posting');
    run.fire('postingPeriod');
    assert.deepEqual(run.snapshot.value, { review: 'pending' });
    assert.deepEqual(effectsOf(run.actions, 'closeTask'), [{ taskKey: 'disclosure-1-objection-0', outcome: 'expired' }]);
    assert.deepEqual(run.snapshot.context.pendingObjections, []);
    assert.deepEqual(run.pendingTimerIds().filter((id) => id.includes('objection')), []);
  });

  it('when an objection filed in time is confirmed after the posting ended, within its window, then it returns the dossier to review', () => {
    const run = atDisclosure().send({ type: 'object', by: 'citizen', objection: 'Thành tích chưa đúng thực tế' });
    run.fire('postingPeriod');
    assert.deepEqual(run.snapshot.value, { disclosure: 'closing' });
    run.send({ type: 'confirmObjection', by: 'citizen', objection: 'Thành tích chưa đúng thực tế' });
    assert.deepEqual(run.snapshot.value, { review: 'pending' });
    assert.deepEqual(run.snapshot.context.objections, [{ levelId: 'disclosure', by: 'citizen', objection: 'Thành tích chưa đúng thực tế', round: 1 }]);
    assert.equal(run.snapshot.context.currentAssignee, 'provinceReview.officer', 'the latest review before the posting');
    assert.deepEqual(effectsOf(run.actions, 'closeTask'), [{ taskKey: 'disclosure-1-objection-0', outcome: 'confirmObjection' }]);
    assert.deepEqual(run.pendingTimerIds().filter((id) => id.includes('objection')), []);
  });

  it('when an objection is not confirmed within its window, then it lapses while the posting goes on, and its writer may file again', () => {
    const run = atDisclosure().send({ type: 'object', by: 'citizen', objection: 'Thành tích chưa đúng thực tế' });
    run.fireId('disclosure-1-objection-0');
    assert.deepEqual(run.snapshot.value, { disclosure: 'posted' });
    assert.deepEqual(effectsOf(run.actions, 'closeTask'), [{ taskKey: 'disclosure-1-objection-0', outcome: 'expired' }]);
    assert.deepEqual(run.snapshot.context.pendingObjections, []);
    assertRefused(run, { type: 'confirmObjection', by: 'citizen', objection: 'Thành tích chưa đúng thực tế' });
    assertRefused(run, { type: 'objectionLapsed', taskKey: 'disclosure-1-objection-0' });
    run.send({ type: 'object', by: 'citizen', objection: 'Thành tích chưa đúng thực tế' });
    assert.deepEqual(run.snapshot.context.pendingObjections, [{ taskKey: 'disclosure-1-objection-1', by: 'citizen' }], 'a task key of its own');
    run.send({ type: 'confirmObjection', by: 'citizen', objection: 'Thành tích chưa đúng thực tế' });
    assert.deepEqual(run.snapshot.value, { review: 'pending' });
  });

  it('when the submitter withdraws during the posting, then the waiting confirmations close as withdrawn and are not kept', () => {
    const run = atDisclosure().send({ type: 'object', by: 'citizen', objection: 'Thành tích chưa đúng thực tế' });
    run.send({ type: 'withdraw', by: 'submitter' });
    assert.equal(run.snapshot.output?.status, 'withdrawn');
    assert.deepEqual(effectsOf(run.actions, 'closeTask'), [{ taskKey: 'disclosure-1-objection-0', outcome: 'withdrawn' }]);
    assert.deepEqual(run.snapshot.context.pendingObjections, [], 'the writer\'s address and words are not kept');
  });

  it(`when ${maxPendingObjections} objections wait, then another is refused until some lapse or the posting ends`, () => {
    const run = atDisclosure();
    for (let index = 0; index < maxPendingObjections; index += 1) run.send({ type: 'object', by: `citizen-${index}`, objection: 'Chưa đúng' });
    assert.equal(run.snapshot.context.pendingObjections?.length, maxPendingObjections);
    assertRefused(run, { type: 'object', by: 'one-more', objection: 'Chưa đúng' });
    assertRefused(run, { type: 'object', by: 'citizen-7', objection: 'Lần nữa' });
  });

  it('when a route posts twice in a row, then it is refused: the second posting would not show where it began', () => {
    const disclosure = full.find((level) => level.kind === 'disclosure')!;
    const twice = full.flatMap((level) => (level === disclosure ? [level, { ...level, id: `${level.id}Again` }] : [level]));
    const run = new SimulatedInstance(inputFor(twice));
    assert.equal(run.snapshot.status, 'error');
    assert.match(String(run.snapshot.error), /route\[\d+\]\.kind \(right after another disclosure/);
  });

  it('when a snapshot persisted before objections were confirmed is posted, then an objection is filed on it as on a new one', () => {
    const run = atDisclosure();
    const { pendingObjections: _absent, ...older } = run.snapshot.context;
    const restored = machine.resolveState({ value: run.snapshot.value, context: older });
    const [next, actions] = transition(machine, restored, { type: 'object', by: 'citizen', objection: 'Chưa đúng' });
    assert.deepEqual(next.context.pendingObjections?.map(({ by }) => by), ['citizen']);
    assert.deepEqual(
      actions.filter(({ type }) => type === 'createTask').map(({ params }) => (params as { taskKey: string }).taskKey),
      ['disclosure-1-objection-0'],
    );
  });
});

describe('commendation: decision', () => {
  const atDecision = () => new SimulatedInstance(inputFor(short)).send({ type: 'forward', by: 'unitReview.officer' });

  it('when the authority approves, then issueDecision is asked for and decisionIssued ends it decided', () => {
    const run = atDecision();
    assert.deepEqual(effectsOf(run.actions, 'sendMail')[0]?.data?.['authority'], 'UBND tỉnh Bắc Giang');
    assertRefused(run, { type: 'decide', by: 'unitReview.officer', approve: true });
    assertRefused(run, { type: 'decide', by: 'decision.officer', approve: 'yes' as unknown as boolean });

    run.send({ type: 'decide', by: 'decision.officer', approve: true, comment: 'Đồng ý' });
    assert.deepEqual(run.snapshot.value, { decision: 'issuing' });
    assert.deepEqual(run.effects(), [
      { type: 'closeTask', params: { taskKey: 'decision-1', outcome: 'decide' } },
      { type: 'issueDecision', params: { levelId: 'decision', authority: 'UBND tỉnh Bắc Giang', issuerCode: 'QĐ-UBND', awardTypeId: 'bang-khen-thu-tuong' } },
    ]);
    assertRefused(run, { type: 'withdraw', by: 'submitter' });
    assertRefused(run, { type: 'decide', by: 'decision.officer', approve: false });
    assertRefused(run, { type: 'decisionIssued', decisionNumber: ' ', amountVnd: 3_510_000 });
    assertRefused(run, { type: 'decisionIssued', decisionNumber: '12/QĐ-UBND', amountVnd: -1 });

    run.send({ type: 'decisionIssued', decisionNumber: '12/QĐ-UBND', amountVnd: 3_510_000 });
    assert.deepEqual(run.snapshot.output, {
      status: 'decided', nominationId: 'nom-1', awardTypeId: 'bang-khen-thu-tuong', round: 1, simplified: false,
      levelId: 'decision', reason: null, decisionNumber: '12/QĐ-UBND', amountVnd: 3_510_000, tallies: [],
    });
    assert.deepEqual(run.effects(), [
      { type: 'setNominationStatus', params: { status: 'approved' } },
      {
        type: 'sendMail',
        params: {
          template: 'outcome', to: 'submitter',
          data: { outcome: 'decided', levelId: 'decision', round: 1, simplified: false, decisionNumber: '12/QĐ-UBND', amountVnd: 3_510_000 },
        },
      },
    ]);
  });

  it('when the route names the issuing unit, then issueDecision carries it (its register numbers the decision); a blank one is refused at start', () => {
    const withUnit = short.map((level) => (level.kind === 'decision' ? { ...level, issuingUnitId: 'bac-giang' } : level));
    const run = new SimulatedInstance(inputFor(withUnit)).send({ type: 'forward', by: 'unitReview.officer' });
    run.send({ type: 'decide', by: 'decision.officer', approve: true });
    assert.deepEqual(effectsOf(run.actions, 'issueDecision'), [
      { levelId: 'decision', authority: 'UBND tỉnh Bắc Giang', issuerCode: 'QĐ-UBND', issuingUnitId: 'bac-giang', awardTypeId: 'bang-khen-thu-tuong' },
    ]);
    const blank = short.map((level) => (level.kind === 'decision' ? { ...level, issuingUnitId: ' ' } : level));
    const refused = new SimulatedInstance(inputFor(blank)).snapshot;
    assert.equal(refused.status, 'error');
    assert.match((refused.error as Error).message, /route\[1\]\.issuingUnitId/);
  });

  it('when the authority declines, then it ends rejected with reason declined', () => {
    const run = atDecision().send({ type: 'decide', by: 'decision.officer', approve: false, comment: 'Chưa đủ điều kiện' });
    assert.deepEqual([run.snapshot.output?.status, run.snapshot.output?.reason], ['rejected', 'declined']);
    assert.deepEqual(effectsOf(run.actions, 'issueDecision'), []);
  });

  it('when the decision deadline passes, then the escalation assignee decides', () => {
    const run = atDecision().fire('levelDeadline').send({ type: 'decide', by: 'decision.deputy', approve: true });
    assert.deepEqual(effectsOf(run.actions, 'closeTask'), [{ taskKey: 'decision-1-escalated', outcome: 'decide' }]);
    assert.deepEqual(run.snapshot.value, { decision: 'issuing' });
  });

  it('when the decision carries no amount from the catalogue (null), then it ends decided with amountVnd null', () => {
    const run = atDecision().send({ type: 'decide', by: 'decision.officer', approve: true });
    assertRefused(run, { type: 'decisionIssued', decisionNumber: '3/QĐ-CTN', amountVnd: 1.5 });
    assertRefused(run, { type: 'decisionIssued', decisionNumber: '3/QĐ-CTN' } as unknown as CommendationEvent);
    run.send({ type: 'decisionIssued', decisionNumber: '3/QĐ-CTN', amountVnd: null });
    assert.deepEqual([run.snapshot.output?.status, run.snapshot.output?.decisionNumber, run.snapshot.output?.amountVnd], ['decided', '3/QĐ-CTN', null]);
  });
});

describe('commendation: withdrawal, finality and bad input', () => {
  it('when the submitter withdraws from any state with an open task or posting, then that ends it withdrawn', () => {
    const starts: Array<[string[], () => SimulatedInstance]> = [
      [['unitReview-1'], () => new SimulatedInstance(inputFor(full))],
      [['unitReview-1-escalated'], () => new SimulatedInstance(inputFor(full)).fire('levelDeadline')],
      [[], atDisclosure],
      [['resubmit-1'], () => new SimulatedInstance(inputFor(short)).send({ type: 'requestChanges', by: 'unitReview.officer', comment: 'Sai mẫu' })],
      [['decision-1'], () => new SimulatedInstance(inputFor(short)).send({ type: 'forward', by: 'unitReview.officer' })],
      [['decision-1-escalated'], () => new SimulatedInstance(inputFor(short)).send({ type: 'forward', by: 'unitReview.officer' }).fire('levelDeadline')],
    ];
    for (const [openTaskKeys, reach] of starts) {
      const run = reach();
      assertRefused(run, { type: 'withdraw', by: 'unitReview.officer' });
      run.send({ type: 'withdraw', by: 'submitter' });
      assert.equal(run.snapshot.output?.status, 'withdrawn');
      assert.deepEqual(effectsOf(run.actions, 'closeTask'), openTaskKeys.map((taskKey) => ({ taskKey, outcome: 'withdrawn' })));
      assert.deepEqual(effectsOf(run.actions, 'setNominationStatus'), [{ status: 'withdrawn' }]);
    }
  });

  it('when the procedure is final, then further events change nothing', () => {
    const run = new SimulatedInstance(inputFor(short)).send({ type: 'reject', by: 'unitReview.officer' });
    for (const event of eventsFor(run.snapshot)) assertRefused(run, event);
  });

  it('when the route is malformed, then the instance starts in error naming every bad field', () => {
    const [review, decision] = short as [(typeof short)[0], (typeof short)[0]];
    const bad = [
      { ...review, id: 'unit-review', reminderBeforeMs: review.deadlineMs },
      { ...decision, kind: 'review' as const },
    ];
    const run = new SimulatedInstance(inputFor(bad, { resubmitWindowMs: 0 }));
    assert.equal(run.snapshot.status, 'error');
    assert.ok(run.snapshot.error instanceof RangeError);
    assert.match(run.snapshot.error.message, /resubmitWindowMs, route\[0\]\.id, route\[0\]\.reminderBeforeMs, route\[1\]\.kind \(the last level must decide\)/);
    assert.deepEqual(run.effects(), []);
    assert.equal(new SimulatedInstance(inputFor([])).snapshot.status, 'error');
  });
});
