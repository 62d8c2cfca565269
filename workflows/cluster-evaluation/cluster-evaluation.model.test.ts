import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { adjacencyMapToArray, getAdjacencyMap, getStateNodes } from '@xstate/graph';
import { getNextTransitions, transition, type AnyTransitionDefinition, type StateValue } from 'xstate';
import { clusterEvaluationMachine as machine, type ClusterEvaluationEvent } from './index.ts';
import { input, m, rep, sheet, type Snapshot } from './cluster-evaluation.test-support.ts';

/** Three members, the fewest a cluster may have: small enough to walk every state, big enough for every rule. */
const trio: string[] = [m.bacGiang, m.bacKan, m.thaiNguyen];
const start = input({ members: input().members.filter((member) => trio.includes(member.memberId)), rotationOrder: trio });

function stateIds(value: StateValue, parentId: string = machine.id): string[] {
  if (typeof value === 'string') return [`${parentId}.${value}`];
  return Object.entries(value).flatMap(([key, child]) => [`${parentId}.${key}`, ...(child === undefined ? [] : stateIds(child, `${parentId}.${key}`))]);
}

/** Each person event from the one who may send it (and a few who may not), the system's mergers, and every armed timer. */
function eventsFor(snapshot: Snapshot): ClusterEvaluationEvent[] {
  const { context } = snapshot;
  const timers = getNextTransitions(snapshot)
    .map((t) => t.eventType)
    .filter((type) => type.startsWith('xstate.after.'))
    .map((type) => ({ type }) as unknown as ClusterEvaluationEvent);
  const candidates = context.election?.pending[0]?.candidates ?? [];
  return [
    ...trio.flatMap((member): ClusterEvaluationEvent[] => [
      { type: 'sign', by: rep(member) },
      { type: 'selfAssess', by: rep(member), scores: sheet(member === m.bacKan ? 9 : 7), evidence: ['bao-cao.pdf'] },
      ...trio.filter((target) => target !== member).map((target): ClusterEvaluationEvent => ({ type: 'crossScore', by: rep(member), member: target, scores: sheet(target === m.bacKan ? 9 : 7) })),
      ...candidates.map((choice): ClusterEvaluationEvent => ({ type: 'vote', by: rep(member), choice })),
    ]),
    { type: 'selfAssess', by: rep(m.thaiNguyen), scores: { ...sheet(7), 'hoat-dong-cum': 11 }, evidence: ['bao-cao.pdf'] },
    { type: 'crossScore', by: rep(m.thaiNguyen), member: m.bacGiang, scores: { ...sheet(7), 'phat-trien-kt-xh': -1 } },
    { type: 'proceedWithoutSigning', by: rep(context.chair), reason: 'Quá hạn ký giao ước' },
    { type: 'proceedWithoutSigning', by: rep(context.deputy), reason: 'Quá hạn ký giao ước' },
    { type: 'consolidate', by: rep(context.chair) },
    { type: 'consolidate', by: rep(context.deputy) },
    // Mergers: carried to a member, the chair leaving for a province outside the cluster, and — once
    // those happened — the last one leaving too, so the walk also meets a cluster merged away.
    ...(context.merges.length === 0
      ? ([
          { type: 'memberMerged', member: m.thaiNguyen, successor: m.bacKan },
          { type: 'memberMerged', member: m.bacGiang, successor: 'ubnd-tinh-bac-ninh' },
        ] satisfies ClusterEvaluationEvent[])
      : context.merges.length === 1 && context.merges[0]!.memberId === m.thaiNguyen
        ? ([{ type: 'memberMerged', member: m.bacGiang, successor: 'ubnd-tinh-bac-ninh' }] satisfies ClusterEvaluationEvent[])
        : context.merges.length === 2
          ? ([{ type: 'memberMerged', member: m.bacKan, successor: 'ubnd-tinh-thai-nguyen-moi' }] satisfies ClusterEvaluationEvent[])
          : []),
    ...timers,
  ];
}

/**
 * States told apart coarsely — how many signatures, sheets and ballots, not which — so the walk
 * stays small; the events offered from each state still include whichever submission is missing.
 * Refusals and late submissions only grow the record, so they are left out.
 */
function serializeState(snapshot: Snapshot): string {
  const { context: c } = snapshot;
  const sheets = Object.values(c.crossScores).reduce((sum, given) => sum + Object.keys(given).length, 0);
  return JSON.stringify([
    snapshot.value, c.merges.length, c.members.map((seat) => seat.status), c.chair, c.deputy, c.signatures.length, Object.keys(c.selfAssessments).length, sheets,
    c.ballot.voted.length, Object.values(c.ballot.counts).sort(), c.election?.rounds.length ?? -1, c.election?.pending.map((contest) => contest.candidates) ?? [],
  ]);
}

/** Every transition the machine declares, per event and timer (the machine has no eventless ones). */
function declaredTransitions(): AnyTransitionDefinition[] {
  return [machine.root, ...getStateNodes(machine.root)].flatMap((node) => [...node.transitions.values()].flat());
}
const describeTransition = (t: AnyTransitionDefinition) => `${t.source.id} ${t.eventType} → ${t.target?.map((node) => node.id).join(',') ?? '(self)'}`;

describe('cluster evaluation: model coverage', () => {
  const reached = new Set<string>();
  const taken = new Set<AnyTransitionDefinition>();

  it('when a three-member cluster is walked with every allowed event, then every state node is reached', () => {
    const adjacency = adjacencyMapToArray(getAdjacencyMap(machine, { input: start, events: eventsFor, serializeState }));
    for (const { state, event } of adjacency) {
      for (const id of stateIds(state.value)) reached.add(id);
      // The transitions xstate selects for this event here (guards evaluated), attributed exactly.
      for (const t of machine.getTransitionData(state, event)) taken.add(t);
      const [next] = transition(machine, state, event);
      for (const id of stateIds(next.value)) reached.add(id);
    }
    assert.ok(adjacency.length > 100, `walked ${adjacency.length} steps`);
    assert.deepEqual(getStateNodes(machine.root).map((node) => node.id).filter((id) => !reached.has(id)), []);
  });

  it('when the walk is over, then every declared transition — each guarded alternative — was taken', () => {
    assert.ok(taken.size > 0, 'the walk ran first');
    assert.deepEqual(declaredTransitions().filter((t) => !taken.has(t)).map(describeTransition), []);
  });
});
