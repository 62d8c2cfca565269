import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { isEffectType } from '@vinh-danh/domain';
import { transition } from 'xstate';
import { clusterEvaluationMachine as machine, type ClusterEvaluationEvent } from './index.ts';
import { head, input, m, rep, sheet, SimulatedInstance, type Action } from './cluster-evaluation.test-support.ts';

const four: string[] = [m.bacGiang, m.bacKan, m.thaiNguyen, m.hoaBinh];
const start = () => input({ members: input().members.filter((member) => four.includes(member.memberId)), rotationOrder: four });
const people = new Set(four.flatMap((member) => [rep(member), head(member)]));

/**
 * Paths in `value` that could say who voted for whom: a key naming a choice, or a
 * map from a member or its person to a member id (`{ 'ban-tdkt@…': 'ubnd-tinh-…' }`). Counts per
 * candidate map members to numbers, which is a tally, not a ballot.
 */
function ballotLeaks(value: unknown, path = '$'): string[] {
  if (Array.isArray(value)) return value.flatMap((item, index) => ballotLeaks(item, `${path}[${index}]`));
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([key, item]) => [
    ...(/^choices?$/i.test(key) ? [`${path}.${key}`] : []),
    ...((four.includes(key) || people.has(key)) && typeof item === 'string' && four.includes(item) ? [`${path}.${key}`] : []),
    ...ballotLeaks(item, `${path}.${key}`),
  ]);
}

const pick = fc.nat();
const stepArbitrary = fc.oneof(
  { arbitrary: fc.record({ type: fc.constant('sign' as const), who: pick, asHead: fc.boolean() }), weight: 4 },
  { arbitrary: fc.record({ type: fc.constant('selfAssess' as const), who: pick, score: fc.constantFrom(6, 8, 9, 11) }), weight: 4 },
  { arbitrary: fc.record({ type: fc.constant('crossScore' as const), who: pick, target: pick, score: fc.constantFrom(5, 7, 9, -1) }), weight: 10 },
  { arbitrary: fc.record({ type: fc.constant('vote' as const), who: pick, target: pick }), weight: 10 },
  // Mostly the chair, so runs get past the chair's decisions into the vote; sometimes the deputy or someone else.
  { arbitrary: fc.record({ type: fc.constantFrom('consolidate' as const, 'proceedWithoutSigning' as const), who: fc.constantFrom('chair', 'chair', 'chair', 'deputy', 'other') }), weight: 5 },
  { arbitrary: fc.record({ type: fc.constant('memberMerged' as const), who: pick, into: fc.constantFrom('member', 'outside') }), weight: 1 },
  { arbitrary: fc.record({ type: fc.constant('timer' as const), who: pick }), weight: 2 },
);
type Step = typeof stepArbitrary extends fc.Arbitrary<infer T> ? T : never;

function toEvent(run: SimulatedInstance, step: Exclude<Step, { type: 'timer' }>): ClusterEvaluationEvent {
  const { context } = run.snapshot;
  const member = four[(typeof step.who === 'number' ? step.who : 0) % four.length]!;
  const candidates = context.election?.pending[0]?.candidates ?? four;
  switch (step.type) {
    case 'sign':
      return { type: 'sign', by: step.asHead ? head(member) : rep(member) };
    case 'selfAssess':
      return { type: 'selfAssess', by: rep(member), scores: sheet(step.score), evidence: ['bao-cao.pdf'] };
    case 'crossScore':
      return { type: 'crossScore', by: rep(member), member: four[step.target % four.length]!, scores: sheet(step.score) };
    case 'vote':
      return { type: 'vote', by: rep(member), choice: candidates[step.target % candidates.length]! };
    case 'memberMerged':
      return { type: 'memberMerged', member, successor: step.into === 'member' ? four[(step.who + 1) % four.length]! : 'ubnd-tinh-bac-ninh' };
    default: {
      const by = rep(step.who === 'chair' ? context.chair : step.who === 'deputy' ? context.deputy : m.hoaBinh);
      return step.type === 'consolidate' ? { type: 'consolidate', by } : { type: 'proceedWithoutSigning', by, reason: 'Quá hạn' };
    }
  }
}

describe('cluster evaluation: properties', () => {
  it('when a payload pairs a voter with a choice, then the leak detector finds it (and ignores tallies)', () => {
    assert.deepEqual(ballotLeaks({ data: { [rep(m.bacKan)]: m.thaiNguyen } }), [`$.data.${rep(m.bacKan)}`]);
    assert.deepEqual(ballotLeaks({ choice: m.bacKan }), ['$.choice']);
    assert.deepEqual(ballotLeaks({ counts: { [m.bacKan]: 3 }, voted: [m.bacGiang] }), []);
  });

  it('when any sequence of events drives a four-member cluster, then tasks stay consistent and no ballot leaves the instance', () => {
    fc.assert(
      fc.property(fc.array(stepArbitrary, { minLength: 10, maxLength: 150, size: 'max' }), (steps) => {
        const run = new SimulatedInstance(start());
        const open = new Set<string>();
        const created = new Set<string>();
        const check = (actions: readonly Action[]) => {
          for (const { type, params } of actions) {
            // The engine makes an outbox row of every other action type: only effects may come out.
            assert.ok(type.startsWith('xstate.') || isEffectType(type), `${type} would reach the outbox`);
            if (type === 'xstate.assign') continue;
            assert.deepEqual(ballotLeaks(params), [], `${type} carries a ballot: ${JSON.stringify(params)}`);
            const { taskKey } = (params ?? {}) as { taskKey?: string };
            if (type === 'createTask') {
              assert.ok(!created.has(taskKey!), `${taskKey} created twice`);
              open.add(taskKey!);
              created.add(taskKey!);
            } else if (type === 'closeTask') {
              assert.ok(open.delete(taskKey!), `${taskKey} closed but not open`);
            }
          }
          const { snapshot } = run;
          assert.deepEqual(ballotLeaks(snapshot.context), [], 'the context pairs a voter with a choice');
          if (snapshot.status === 'done') {
            assert.deepEqual([...open], [], 'tasks left open in a final state');
            assert.deepEqual(ballotLeaks(snapshot.output), []);
            return;
          }
          assert.deepEqual([...open].sort(), snapshot.context.openTasks.map((task) => task.taskKey).sort(), 'context.openTasks is what is open');
        };
        check(run.actions);
        for (const step of steps) {
          if (run.snapshot.status === 'done') break;
          if (step.type === 'timer') {
            const pending = run.pendingTimerIds();
            if (pending.length === 0) continue;
            run.fireId(pending[step.who % pending.length]!);
          } else {
            const event = toEvent(run, step);
            if (event.type === 'vote') {
              // Secret: a ballot that does not close the round emits the same effects whatever it chose.
              const [, mine] = transition(machine, run.snapshot, event);
              const voter = four.find((member) => rep(member) === event.by);
              const other = run.snapshot.context.election?.pending[0]?.candidates.find((candidate) => candidate !== event.choice && candidate !== voter);
              const [, theirs] = other ? transition(machine, run.snapshot, { ...event, choice: other }) : [undefined, mine];
              // What the engine reads of an action: its type and params (the executable action also carries xstate's own info).
              const visible = (actions: readonly Action[]) => actions.filter((action) => !action.type.startsWith('xstate.')).map(({ type, params }) => ({ type, params }));
              const closesRound = run.snapshot.context.ballot.voted.length + 1 === run.snapshot.context.ballot.voters.length;
              if (!closesRound && visible(mine).length > 0 && visible(theirs).length > 0) assert.deepEqual(visible(mine), visible(theirs));
            }
            run.send(event);
          }
          run.persistAndRestore();
          check(run.actions);
        }
      }),
      {
        numRuns: 120,
        // Found by this property: the chair merges, the role passes on and comes back; the reopened task must get a new key.
        examples: [[[
          { type: 'timer', who: 0 }, { type: 'timer', who: 0 }, { type: 'timer', who: 0 }, { type: 'timer', who: 877687707 },
          { type: 'memberMerged', who: 1440537355, into: 'member' }, { type: 'memberMerged', who: 0, into: 'member' },
          { type: 'memberMerged', who: 279007934, into: 'member' }, { type: 'consolidate', who: 'chair' }, { type: 'vote', who: 0, target: 0 },
          { type: 'timer', who: 0 }, { type: 'crossScore', who: 0, target: 0, score: 5 }, { type: 'vote', who: 0, target: 0 },
          { type: 'consolidate', who: 'chair' },
        ]]],
        includeErrorInReport: true, interruptAfterTimeLimit: 60_000, markInterruptAsFailure: true },
    );
  });
});
