import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { commendationDefinition, nominationApprovalDefinition } from '@vinh-danh/workflows';
import { initialTransition, transition, type AnyStateMachine } from 'xstate';
import { initialFrom, restoreSnapshot, transitionFrom } from '../../packages/engine/src/pure-transition.ts';

const DAY = 86_400_000;
const level = (id: string, kind: string, extra: Record<string, unknown> = {}) => ({
  id, kind, nameVi: id, nameEn: id, assignee: `${id}@so-noi-vu.gov.vn`, members: [], deadlineMs: 10 * DAY, reminderBeforeMs: DAY, ...extra,
});
const cases: Array<{ name: string; machine: AnyStateMachine; input: unknown; events: Array<Record<string, unknown>> }> = [
  {
    name: 'nomination-approval',
    machine: nominationApprovalDefinition.machine,
    input: {
      nominationId: 'nom-1',
      submitter: 'don-vi@x.gov.vn',
      approvers: { unitLeader: 'lanh-dao@x.gov.vn', unitLeaderEscalation: 'pho@x.gov.vn', officer: 'can-bo@x.gov.vn', officerEscalation: 'truong@x.gov.vn' },
      timing: { unitLeaderReviewMs: 3 * DAY, officerReviewMs: 3 * DAY, reminderBeforeMs: DAY, escalationWindowMs: 2 * DAY, resubmitWindowMs: 5 * DAY },
    },
    events: [{ type: 'approve', by: 'lanh-dao@x.gov.vn' }, { type: 'requestChanges', by: 'can-bo@x.gov.vn', comment: 'Thiếu minh chứng' }],
  },
  {
    name: 'commendation',
    machine: commendationDefinition.machine,
    input: {
      nominationId: 'nom-2',
      awardTypeId: 'bang-khen-ubnd-tinh',
      submitter: 'don-vi@x.gov.vn',
      simplified: false,
      resubmitWindowMs: 5 * DAY,
      route: [level('unitReview', 'review'), level('decision', 'decision', { authority: 'UBND tỉnh', issuerCode: 'QĐ-UBND' })],
    },
    events: [{ type: 'approve', by: 'unitReview@so-noi-vu.gov.vn' }],
  },
];

/** What a snapshot and its actions say, without the actor references inside them. */
const plain = ([snapshot, actions]: readonly [{ status: string; value: unknown; context: unknown }, ReadonlyArray<{ type: string; params?: unknown }>]) => ({
  status: snapshot.status,
  value: snapshot.value,
  context: snapshot.context,
  actions: actions.map((action) => ({ type: action.type, params: action.params })),
});

describe('pure transitions match xstate', () => {
  for (const { name, machine, input, events } of cases) {
    it(`when ${name} starts and takes events, then initialFrom and transitionFrom give what initialTransition and transition give`, () => {
      const ours = initialFrom(machine, input);
      const theirs = initialTransition(machine, input);
      assert.equal(ours[0].status, 'active');
      assert.deepEqual(plain(ours), plain(theirs));
      assert.deepEqual(machine.getPersistedSnapshot(ours[0]), machine.getPersistedSnapshot(theirs[0]));

      let persisted = machine.getPersistedSnapshot(ours[0]);
      for (const event of events) {
        const next = transitionFrom(machine, restoreSnapshot(machine, persisted), event as never);
        const expected = transition(machine, machine.resolveState(persisted as never), event as never);
        assert.deepEqual(plain(next), plain(expected));
        persisted = machine.getPersistedSnapshot(next[0]);
      }
    });
  }

  it('when the input is bad, then initialFrom gives an error snapshot as initialTransition does, and the next good start is unharmed', () => {
    const { machine, input } = cases[1]!;
    const [bad] = initialFrom(machine, { ...(input as object), route: [] });
    assert.equal(bad.status, 'error');
    assert.match(String((bad as { error?: unknown }).error), /route/);
    assert.equal(initialTransition(machine, { ...(input as object), route: [] })[0].status, 'error');
    assert.equal(initialFrom(machine, input)[0].status, 'active');
  });
});
