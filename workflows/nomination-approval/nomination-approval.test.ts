import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { adjacencyMapToArray, getAdjacencyMap, getShortestPaths, getStateNodes } from '@xstate/graph';
import fc from 'fast-check';
import { getNextTransitions, transition, type StateValue } from 'xstate';
import {
  defaultNominationApprovalTiming,
  nominationApprovalMachine as machine,
  type NominationApprovalEvent,
} from './index.ts';
import { effectsOf, input, SimulatedInstance, type Snapshot, timing } from './nomination-approval.test-support.ts';

/** Ids of the state nodes active in `value`, e.g. `nominationApproval.officerReview.pending`. */
function stateIds(value: StateValue, parentId: string = machine.id): string[] {
  if (typeof value === 'string') return [`${parentId}.${value}`];
  return Object.entries(value).flatMap(([key, child]) => [
    `${parentId}.${key}`,
    ...(child === undefined ? [] : stateIds(child, `${parentId}.${key}`)),
  ]);
}

/** Each person event sent by the one person allowed to, plus every timer the state has armed. */
function eventsFor(snapshot: Snapshot): NominationApprovalEvent[] {
  const { currentAssignee, submitter } = snapshot.context;
  // Timers are not person events; the engine sends them back as the raised `xstate.after.*` event.
  const timerEvents = getNextTransitions(snapshot)
    .map((t) => t.eventType)
    .filter((type) => type.startsWith('xstate.after.'))
    .map((type) => ({ type }) as unknown as NominationApprovalEvent);
  return [
    { type: 'approve', by: currentAssignee },
    { type: 'reject', by: currentAssignee, comment: 'Chưa đủ tiêu chuẩn' },
    { type: 'requestChanges', by: currentAssignee, comment: 'Bổ sung minh chứng' },
    { type: 'resubmit', by: submitter },
    { type: 'withdraw', by: submitter },
    ...timerEvents,
  ];
}

// Rounds grow without bound, so the graph is over state values; context is checked by the scenarios.
const traversal = { input, events: eventsFor, serializeState: (s: Snapshot) => JSON.stringify(s.value) };

describe('nomination approval: model coverage', () => {
  it('when traversed with every allowed event, then every state node is reached', () => {
    const reached = new Set(getShortestPaths(machine, traversal).flatMap((path) => stateIds(path.state.value)));
    const declared = new Set(getStateNodes(machine.root).map((node) => node.id));
    assert.deepEqual([...reached].sort(), [...declared].sort());
  });

  it('when traversed with every allowed event, then every declared transition is taken', () => {
    const declared = new Set(
      [machine.root, ...getStateNodes(machine.root)].flatMap((node) =>
        [...node.transitions.keys()].map((eventType) => `${node.id} ${eventType}`),
      ),
    );
    const taken = new Set<string>();
    for (const { state, event } of adjacencyMapToArray(getAdjacencyMap(machine, traversal))) {
      const [next, actions] = transition(machine, state, event);
      if (next === state && actions.length === 0) continue; // refused by a guard
      const candidates = getNextTransitions(state).filter((t) => t.eventType === event.type);
      // Attribution assumes one handler per event per configuration; extend it if that changes.
      assert.equal(candidates.length, 1, `ambiguous handler for ${event.type} in ${JSON.stringify(state.value)}`);
      taken.add(`${candidates[0]!.source.id} ${event.type}`);
    }
    assert.deepEqual([...taken].sort(), [...declared].sort());
  });
});

describe('nomination approval: scenarios', () => {
  it('when started, then the unit leader gets a task, a mail and two timers', () => {
    const run = new SimulatedInstance();
    assert.deepEqual(run.snapshot.value, { unitLeaderReview: 'pending' });
    assert.deepEqual(effectsOf(run.actions, 'setNominationStatus'), [{ status: 'in_review' }]);
    assert.deepEqual(effectsOf(run.actions, 'createTask'), [
      { taskKey: 'unitLeaderReview-1', step: 'unitLeaderReview', assignee: 'leader', dueInMs: timing.unitLeaderReviewMs },
    ]);
    assert.deepEqual(effectsOf(run.actions, 'sendMail'), [
      { template: 'task', to: 'leader', taskKey: 'unitLeaderReview-1', data: { step: 'unitLeaderReview' } },
    ]);
    assert.deepEqual(run.timerDelays(), {
      unitLeaderReminder: timing.unitLeaderReviewMs - timing.reminderBeforeMs,
      unitLeaderDeadline: timing.unitLeaderReviewMs,
    });
  });

  it('when no timing is given, then the statutory defaults apply', () => {
    const run = new SimulatedInstance({ ...input, timing: undefined });
    assert.deepEqual(run.snapshot.context.timing, defaultNominationApprovalTiming);
    assert.equal(run.timerDelays()['unitLeaderDeadline'], 5 * 24 * 60 * 60 * 1000);
  });

  it('when both reviewers approve, then it ends approved with one close per task', () => {
    const run = new SimulatedInstance().send({ type: 'approve', by: 'leader' });
    assert.deepEqual(effectsOf(run.actions, 'closeTask'), [{ taskKey: 'unitLeaderReview-1', outcome: 'approve' }]);
    assert.deepEqual(run.cancelledTimers(), ['unitLeaderReminder', 'unitLeaderDeadline']);
    assert.deepEqual(effectsOf(run.actions, 'createTask'), [
      { taskKey: 'officerReview-1', step: 'officerReview', assignee: 'officer', dueInMs: timing.officerReviewMs },
    ]);
    assert.deepEqual(run.timerDelays(), {
      officerReminder: timing.officerReviewMs - timing.reminderBeforeMs,
      officerDeadline: timing.officerReviewMs,
    });

    run.send({ type: 'approve', by: 'officer', comment: 'Đồng ý' });
    assert.equal(run.snapshot.status, 'done');
    assert.deepEqual(run.snapshot.output, { status: 'approved', nominationId: 'nom-1', round: 1 });
    assert.equal(run.snapshot.context.lastComment, 'Đồng ý');
    assert.deepEqual(effectsOf(run.actions, 'closeTask'), [{ taskKey: 'officerReview-1', outcome: 'approve' }]);
    assert.deepEqual(effectsOf(run.actions, 'setNominationStatus'), [{ status: 'approved' }]);
    assert.deepEqual(effectsOf(run.actions, 'sendMail'), [
      { template: 'outcome', to: 'submitter', data: { outcome: 'approved' } },
    ]);
  });

  it('when someone other than the assignee decides, then the snapshot is unchanged', () => {
    const run = new SimulatedInstance();
    const before = run.snapshot;
    for (const by of ['officer', 'deputy', 'submitter']) {
      const [next, actions] = transition(machine, before, { type: 'approve', by });
      assert.equal(next, before);
      assert.deepEqual(actions, []);
    }
  });

  it('when the reminder fires, then the assignee is reminded and the task stays open', () => {
    const run = new SimulatedInstance().fire('unitLeaderReminder');
    assert.deepEqual(run.snapshot.value, { unitLeaderReview: 'pending' });
    assert.deepEqual(run.effects(), [
      { type: 'sendMail', params: { template: 'reminder', to: 'leader', taskKey: 'unitLeaderReview-1', data: { step: 'unitLeaderReview' } } },
    ]);
  });

  it('when the deadline passes, then the task escalates and only the escalation person can decide', () => {
    const run = new SimulatedInstance().fire('unitLeaderDeadline');
    assert.deepEqual(run.snapshot.value, { unitLeaderReview: 'escalated' });
    assert.deepEqual(run.effects(), [
      { type: 'closeTask', params: { taskKey: 'unitLeaderReview-1', outcome: 'escalated' } },
      {
        type: 'createTask',
        params: { taskKey: 'unitLeaderReview-1-escalated', step: 'unitLeaderReview', assignee: 'deputy', dueInMs: timing.escalationWindowMs },
      },
      {
        type: 'sendMail',
        params: { template: 'escalation', to: 'deputy', taskKey: 'unitLeaderReview-1-escalated', data: { step: 'unitLeaderReview', originalAssignee: 'leader' } },
      },
      { type: 'sendMail', params: { template: 'escalation', to: 'leader', data: { step: 'unitLeaderReview', escalatedTo: 'deputy' } } },
    ]);
    assert.deepEqual(run.timerDelays(), { escalationWindow: timing.escalationWindowMs });

    assert.equal(transition(machine, run.snapshot, { type: 'approve', by: 'leader' })[0], run.snapshot);
    run.send({ type: 'approve', by: 'deputy' });
    assert.deepEqual(effectsOf(run.actions, 'closeTask'), [{ taskKey: 'unitLeaderReview-1-escalated', outcome: 'approve' }]);
    assert.deepEqual(run.snapshot.value, { officerReview: 'pending' });
  });

  it('when the escalation window passes too, then it ends expired', () => {
    const run = new SimulatedInstance().send({ type: 'approve', by: 'leader' }).fire('officerDeadline').fire('escalationWindow');
    assert.deepEqual(run.snapshot.output, { status: 'expired', nominationId: 'nom-1', round: 1 });
    assert.deepEqual(run.effects(), [
      { type: 'closeTask', params: { taskKey: 'officerReview-1-escalated', outcome: 'expired' } },
      { type: 'setNominationStatus', params: { status: 'expired' } },
      { type: 'sendMail', params: { template: 'outcome', to: 'submitter', data: { outcome: 'expired' } } },
    ]);
  });

  it('when changes are requested and the submitter resubmits, then round 2 starts with new task keys', () => {
    const run = new SimulatedInstance().send({ type: 'approve', by: 'leader' });
    assert.equal(transition(machine, run.snapshot, { type: 'requestChanges', by: 'officer', comment: '  ' })[0], run.snapshot);

    run.send({ type: 'requestChanges', by: 'officer', comment: 'Bổ sung minh chứng' });
    assert.equal(run.snapshot.value, 'changesRequested');
    assert.deepEqual(run.effects(), [
      { type: 'closeTask', params: { taskKey: 'officerReview-1', outcome: 'requestChanges' } },
      { type: 'createTask', params: { taskKey: 'resubmit-1', step: 'resubmit', assignee: 'submitter', dueInMs: timing.resubmitWindowMs } },
      {
        type: 'sendMail',
        params: { template: 'changesRequested', to: 'submitter', taskKey: 'resubmit-1', data: { comment: 'Bổ sung minh chứng', round: 1 } },
      },
    ]);
    assert.deepEqual(run.timerDelays(), { resubmitWindow: timing.resubmitWindowMs });
    assert.equal(transition(machine, run.snapshot, { type: 'resubmit', by: 'leader' })[0], run.snapshot);

    run.send({ type: 'resubmit', by: 'submitter' });
    assert.deepEqual(run.snapshot.value, { unitLeaderReview: 'pending' });
    assert.equal(run.snapshot.context.round, 2);
    assert.deepEqual(effectsOf(run.actions, 'closeTask'), [{ taskKey: 'resubmit-1', outcome: 'resubmit' }]);
    assert.deepEqual(effectsOf(run.actions, 'createTask'), [
      { taskKey: 'unitLeaderReview-2', step: 'unitLeaderReview', assignee: 'leader', dueInMs: timing.unitLeaderReviewMs },
    ]);
    run.send({ type: 'approve', by: 'leader' }).send({ type: 'reject', by: 'officer' });
    assert.deepEqual(run.snapshot.output, { status: 'rejected', nominationId: 'nom-1', round: 2 });
  });

  it('when the submitter does not resubmit in time, then it ends expired', () => {
    const run = new SimulatedInstance().send({ type: 'requestChanges', by: 'leader', comment: 'Sai mẫu' }).fire('resubmitWindow');
    assert.deepEqual(run.snapshot.output, { status: 'expired', nominationId: 'nom-1', round: 1 });
    assert.deepEqual(effectsOf(run.actions, 'closeTask'), [{ taskKey: 'resubmit-1', outcome: 'expired' }]);
  });

  it('when the submitter withdraws from any non-final state, then the open task closes as withdrawn', () => {
    const starts: Array<[string, (run: SimulatedInstance) => SimulatedInstance]> = [
      ['unitLeaderReview-1', (run) => run],
      ['unitLeaderReview-1-escalated', (run) => run.fire('unitLeaderDeadline')],
      ['officerReview-1', (run) => run.send({ type: 'approve', by: 'leader' })],
      ['officerReview-1-escalated', (run) => run.send({ type: 'approve', by: 'leader' }).fire('officerDeadline')],
      ['resubmit-1', (run) => run.send({ type: 'requestChanges', by: 'leader', comment: 'Sai mẫu' })],
    ];
    for (const [openTaskKey, reach] of starts) {
      const run = reach(new SimulatedInstance());
      assert.equal(transition(machine, run.snapshot, { type: 'withdraw', by: 'leader' })[0], run.snapshot);
      run.send({ type: 'withdraw', by: 'submitter' });
      assert.deepEqual(run.snapshot.output, { status: 'withdrawn', nominationId: 'nom-1', round: 1 });
      assert.deepEqual(effectsOf(run.actions, 'closeTask'), [{ taskKey: openTaskKey, outcome: 'withdrawn' }]);
      assert.deepEqual(effectsOf(run.actions, 'setNominationStatus'), [{ status: 'withdrawn' }]);
    }
  });

  it('when the procedure is final, then further events change nothing', () => {
    const run = new SimulatedInstance().send({ type: 'reject', by: 'leader' });
    for (const event of eventsFor(run.snapshot)) {
      const [next, actions] = transition(machine, run.snapshot, event);
      assert.equal(next, run.snapshot);
      assert.deepEqual(actions, []);
    }
  });

  it('when persisted mid-procedure as JSON and restored, then it continues exactly as the original', () => {
    const run = new SimulatedInstance().send({ type: 'approve', by: 'leader' }).fire('officerDeadline');
    const persisted = machine.getPersistedSnapshot(run.snapshot);
    const { context } = run.snapshot;
    assert.deepEqual(JSON.parse(JSON.stringify(context)), context, 'context is plain JSON');
    const restored = machine.resolveState(JSON.parse(JSON.stringify(persisted)));
    assert.deepEqual(restored.value, run.snapshot.value);
    assert.deepEqual(restored.context, run.snapshot.context);

    const event: NominationApprovalEvent = { type: 'approve', by: 'chief' };
    const [fromOriginal, originalActions] = transition(machine, run.snapshot, event);
    const [fromRestored, restoredActions] = transition(machine, restored, event);
    assert.deepEqual(fromRestored.output, fromOriginal.output);
    assert.deepEqual(effectsOf(restoredActions, 'closeTask'), effectsOf(originalActions, 'closeTask'));
    assert.deepEqual(effectsOf(restoredActions, 'sendMail'), effectsOf(originalActions, 'sendMail'));
  });

  it('when the timing is inconsistent, then the instance starts in error instead of arming wrong timers', () => {
    const run = new SimulatedInstance({ ...input, timing: { ...timing, reminderBeforeMs: timing.unitLeaderReviewMs } });
    assert.equal(run.snapshot.status, 'error');
    assert.ok(run.snapshot.error instanceof RangeError);
    assert.deepEqual(run.effects(), []);
  });
});

const person = fc.constantFrom('currentAssignee', 'leader', 'deputy', 'officer', 'chief', 'submitter');
const stepArbitrary = fc.oneof(
  fc.record({ type: fc.constantFrom('approve' as const, 'reject' as const), by: person }),
  fc.record({ type: fc.constant('requestChanges' as const), by: person, comment: fc.constantFrom('', ' ', 'Sai mẫu') }),
  fc.record({ type: fc.constantFrom('resubmit' as const, 'withdraw' as const), by: person }),
  fc.record({ type: fc.constant('timer' as const), pick: fc.nat() }),
);

describe('nomination approval: properties', () => {
  it('when any sequence of events arrives, then exactly one task is open until the end and none after', () => {
    fc.assert(
      fc.property(fc.array(stepArbitrary, { maxLength: 40 }), (steps) => {
        const run = new SimulatedInstance();
        const open = new Set<string>();
        const created = new Set<string>();
        const check = () => {
          for (const { type, params } of run.effects()) {
            if (type === 'createTask') {
              const { taskKey } = params as { taskKey: string };
              assert.equal(open.size, 0, `${taskKey} opened while ${[...open].join()} is open`);
              assert.ok(!created.has(taskKey), `${taskKey} created twice`);
              open.add(taskKey);
              created.add(taskKey);
            } else if (type === 'closeTask') {
              const { taskKey } = params as { taskKey: string };
              assert.ok(open.delete(taskKey), `${taskKey} closed but not open`);
            }
          }
          const expected = run.snapshot.status === 'done' ? [] : [run.snapshot.context.currentTaskKey];
          assert.deepEqual([...open], expected);
        };
        check();
        for (const step of steps) {
          if (step.type === 'timer') {
            const pending = run.pendingTimerIds();
            if (pending.length === 0) continue; // nothing armed, nothing for the scheduler to send
            run.fireId(pending[step.pick % pending.length]!);
          } else {
            const by = step.by === 'currentAssignee' ? run.snapshot.context.currentAssignee : step.by;
            run.send({ ...step, by } as NominationApprovalEvent);
          }
          // The engine persists between events, so every step goes through a JSON round trip.
          run.persistAndRestore();
          check();
        }
      }),
      { numRuns: 300 },
    );
  });
});
