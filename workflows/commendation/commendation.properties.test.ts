import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { membersYetToAct, pendingObjectionsOf } from './commendation.context.ts';
import { ballotTaskKey } from './commendation.effects.ts';
import type { CommendationEvent } from './index.ts';
import { councilLevel, inputFor, representativeRoutes, reviewLevel, decisionLevel, SimulatedInstance, type Action } from './commendation.test-support.ts';

const routes = {
  ...representativeRoutes,
  bigCouncil: [reviewLevel('unitReview'), councilLevel('provinceCouncil', 7), decisionLevel('decision')],
};

const isBallotTask = (taskKey: string) => taskKey.includes('-ballot-');
const isObjectionTask = (taskKey: string) => taskKey.includes('-objection-');

/**
 * Paths in `value` that could carry an individual ballot: a `yes` / `no` / `abstain` string, or
 * a key naming ballots. Tallies are numbers under `yes` / `no` / `abstain` keys, which is fine.
 */
function ballotLeaks(value: unknown, path = '$'): string[] {
  if (value === 'yes' || value === 'no' || value === 'abstain') return [path];
  if (Array.isArray(value)) return value.flatMap((item, index) => ballotLeaks(item, `${path}[${index}]`));
  if (typeof value === 'object' && value !== null) {
    return Object.entries(value).flatMap(([key, item]) => [
      ...(/ballot/i.test(key) ? [`${path}.${key}`] : []),
      ...ballotLeaks(item, `${path}.${key}`),
    ]);
  }
  return [];
}

const person = fc.constantFrom('assignee', 'submitter', 'member', 'outsider');
/** Mostly the person the step is meant for, so runs get deep into the route; sometimes anyone. */
const mostly = (role: 'assignee' | 'member') => fc.oneof({ arbitrary: fc.constant(role), weight: 4 }, { arbitrary: person, weight: 1 });
const ballot = fc.constantFrom('yes' as const, 'no' as const, 'abstain' as const);
// Weighted towards steps that move forward; ending steps (withdraw, reject, timers) are rarer.
const stepArbitrary = fc.oneof(
  { arbitrary: fc.record({ type: fc.constant('forward' as const), by: mostly('assignee'), pick: fc.nat() }), weight: 6 },
  { arbitrary: fc.record({ type: fc.constant('vote' as const), by: mostly('member'), pick: fc.nat(), ballot }), weight: 8 },
  { arbitrary: fc.record({ type: fc.constant('decide' as const), by: mostly('assignee'), pick: fc.nat(), approve: fc.boolean() }), weight: 2 },
  {
    arbitrary: fc.record({ type: fc.constant('decisionIssued' as const), pick: fc.nat(), decisionNumber: fc.constantFrom('', '7/QĐ-TTg', '7/QĐ-TTg'), amountVnd: fc.constantFrom(-5, 3_510_000) }),
    weight: 2,
  },
  { arbitrary: fc.record({ type: fc.constant('recuse' as const), by: mostly('member'), pick: fc.nat(), reason: fc.constantFrom('', 'Xung đột lợi ích') }), weight: 1 },
  { arbitrary: fc.record({ type: fc.constant('object' as const), by: person, pick: fc.nat(), objection: fc.constantFrom('', 'Chưa đúng thực tế') }), weight: 1 },
  { arbitrary: fc.record({ type: fc.constant('confirmObjection' as const), by: person, pick: fc.nat(), objection: fc.constantFrom('', 'Chưa đúng thực tế') }), weight: 1 },
  { arbitrary: fc.record({ type: fc.constant('requestChanges' as const), by: mostly('assignee'), pick: fc.nat(), comment: fc.constantFrom('', ' ', 'Sai mẫu') }), weight: 1 },
  { arbitrary: fc.record({ type: fc.constantFrom('reject' as const, 'resubmit' as const, 'withdraw' as const), by: person, pick: fc.nat() }), weight: 1 },
  { arbitrary: fc.record({ type: fc.constant('timer' as const), pick: fc.nat() }), weight: 1 },
);
type Step = typeof stepArbitrary extends fc.Arbitrary<infer T> ? T : never;

/** Turns a generated step into an event, naming a real person for each role. */
function toEvent(run: SimulatedInstance, step: Exclude<Step, { type: 'timer' }>): CommendationEvent {
  if (step.type === 'decisionIssued') return { type: 'decisionIssued', decisionNumber: step.decisionNumber, amountVnd: step.amountVnd };
  const { context } = run.snapshot;
  const members = context.route[context.levelIndex]!.members;
  const by = {
    assignee: context.currentAssignee ?? 'nobody',
    submitter: context.submitter,
    member: members.length > 0 ? members[step.pick % members.length]! : 'nobody',
    outsider: 'outsider@example.vn',
  }[step.by];
  const { pick: _pick, ...event } = step;
  return { ...event, by } as CommendationEvent;
}

describe('commendation: properties', () => {
  it('when a payload names a ballot, then the leak detector finds it (and ignores tallies)', () => {
    assert.deepEqual(ballotLeaks({ data: { votes: { 'a@b.vn': 'no' } } }), ['$.data.votes.a@b.vn']);
    assert.deepEqual(ballotLeaks({ ballots: 3 }), ['$.ballots']);
    assert.deepEqual(ballotLeaks({ yes: 5, no: 0, abstain: 1, outcome: 'passed' }), []);
  });

  for (const [name, route] of Object.entries(routes)) {
    it(`when any sequence of events drives the ${name} route, then tasks stay consistent and no ballot leaves the instance`, () => {
      fc.assert(
        fc.property(fc.array(stepArbitrary, { minLength: 10, maxLength: 80, size: 'max' }), (steps) => {
          const run = new SimulatedInstance(inputFor(route));
          const open = new Set<string>();
          const created = new Set<string>();
          const check = (actions: readonly Action[]) => {
            for (const { type, params } of actions) {
              assert.deepEqual(ballotLeaks(params), [], `${type} carries a ballot: ${JSON.stringify(params)}`);
              if (type === 'createTask') {
                const { taskKey } = params as { taskKey: string };
                assert.ok(!created.has(taskKey), `${taskKey} created twice`);
                open.add(taskKey);
                created.add(taskKey);
              } else if (type === 'closeTask') {
                const { taskKey } = params as { taskKey: string };
                assert.ok(open.delete(taskKey), `${taskKey} closed but not open`);
              }
            }
            const openTasks = [...open].filter((key) => !isBallotTask(key) && !isObjectionTask(key));
            const openBallots = [...open].filter(isBallotTask);
            const openConfirmations = [...open].filter(isObjectionTask);
            assert.ok(openTasks.length <= 1, `several tasks open: ${openTasks.join(', ')}`);
            const { snapshot } = run;
            if (snapshot.status === 'done') {
              assert.deepEqual([...open], [], 'tasks left open in a final state');
              assert.deepEqual(ballotLeaks(snapshot.output), []);
              return;
            }
            assert.deepEqual(openTasks, snapshot.context.currentTaskKey === null ? [] : [snapshot.context.currentTaskKey]);
            const expectedBallots = snapshot.matches('council')
              ? membersYetToAct(snapshot.context).map(({ index }) => ballotTaskKey(snapshot.context, index))
              : [];
            assert.deepEqual(openBallots.sort(), expectedBallots.sort(), 'ballot tasks open outside their sitting');
            const expectedConfirmations = snapshot.matches('disclosure') ? pendingObjectionsOf(snapshot.context).map(({ taskKey }) => taskKey) : [];
            assert.deepEqual(openConfirmations.sort(), expectedConfirmations.sort(), 'objection confirmations open outside their posting');
          };
          check(run.actions);
          for (const step of steps) {
            if (step.type === 'timer') {
              const pending = run.pendingTimerIds();
              if (pending.length === 0) continue; // nothing armed, nothing for the scheduler to send
              run.fireId(pending[step.pick % pending.length]!);
            } else {
              run.send(toEvent(run, step));
            }
            // The engine persists between events, so every step goes through a JSON round trip.
            run.persistAndRestore();
            check(run.actions);
          }
        }),
        { numRuns: 150 },
      );
    });
  }
});
