/**
 * Model-based coverage of the commendation machine over one resolved route: enumerate every
 * reachable state with @xstate/graph, replay every allowed event from each through xstate's
 * microsteps, and record which state nodes and which declared transitions (guarded alternatives
 * and eventless ones included) were taken. The catalogue's routes can be checked one by one with
 * {@link assertRouteCoverage}; the model test checks the union over representative routes.
 */
import assert from 'node:assert/strict';
import type { ResolvedLevel } from '@vinh-danh/domain';
import { adjacencyMapToArray, getAdjacencyMap, getStateNodes } from '@xstate/graph';
import { getInitialMicrosteps, getMicrosteps, getNextTransitions, transition, type AnyTransitionDefinition, type StateValue } from 'xstate';
import { currentLevel, pendingObjectionsOf, repeatedObjectionsOf } from './commendation.context.ts';
import { commendationMachine as machine, type CommendationEvent } from './index.ts';
import { inputFor, type Snapshot } from './commendation.test-support.ts';

/** Ids of the state nodes active in `value`, e.g. `commendation.review.pending`. */
export function stateIds(value: StateValue, parentId: string = machine.id): string[] {
  if (typeof value === 'string') return [`${parentId}.${value}`];
  return Object.entries(value).flatMap(([key, child]) => [
    `${parentId}.${key}`,
    ...(child === undefined ? [] : stateIds(child, `${parentId}.${key}`)),
  ]);
}

/** Each person event sent by the one allowed to send it, the worker's answer, and every armed timer. */
export function eventsFor(snapshot: Snapshot): CommendationEvent[] {
  const { context } = snapshot;
  const assignee = context.currentAssignee ?? '';
  const level = currentLevel(context);
  const timerEvents = getNextTransitions(snapshot)
    .map((t) => t.eventType)
    .filter((type) => type.startsWith('xstate.after.'))
    .map((type) => ({ type }) as unknown as CommendationEvent);
  return [
    { type: 'forward', by: assignee },
    { type: 'requestChanges', by: assignee, comment: 'Bổ sung minh chứng' },
    { type: 'reject', by: assignee, comment: 'Chưa đủ tiêu chuẩn' },
    { type: 'resubmit', by: context.submitter },
    { type: 'withdraw', by: context.submitter },
    ...level.members.flatMap((by): CommendationEvent[] => [
      { type: 'vote', by, ballot: 'yes' },
      { type: 'vote', by, ballot: 'no' },
      { type: 'vote', by, ballot: 'abstain' },
      { type: 'recuse', by, reason: 'Có quan hệ gia đình với người được đề nghị' },
    ]),
    { type: 'object', by: 'citizen@example.vn', objection: 'Thành tích chưa đúng thực tế' },
    { type: 'confirmObjection', by: 'citizen@example.vn', objection: 'Thành tích chưa đúng thực tế' },
    // The scheduler's: a waiting objection's confirmation window ends, or a repeated one's.
    ...pendingObjectionsOf(context).map(({ taskKey }): CommendationEvent => ({ type: 'objectionLapsed', taskKey })),
    ...repeatedObjectionsOf(context).map((taskKey): CommendationEvent => ({ type: 'objectionLapsed', taskKey })),
    { type: 'decide', by: assignee, approve: true },
    { type: 'decide', by: assignee, approve: false, comment: 'Chưa đủ điều kiện' },
    { type: 'decisionIssued', decisionNumber: '123/QĐ-UBND', amountVnd: 3_510_000 },
    ...timerEvents,
  ];
}

/**
 * Rounds and objections grow without bound, so states are told apart by what drives behaviour:
 * the state value, the level, the current council's ballots and recusals, who waits to confirm an
 * objection, and whether a repeated objection's lapse is due.
 */
function serializeState(snapshot: Snapshot): string {
  const { context } = snapshot;
  const levelId = currentLevel(context).id;
  return JSON.stringify([
    snapshot.value,
    context.levelIndex,
    context.ballots[levelId] ?? {},
    Object.keys(context.recused[levelId] ?? {}).sort(),
    pendingObjectionsOf(context).map(({ by }) => by),
    repeatedObjectionsOf(context).length > 0,
  ]);
}

/** Every transition the machine declares: per event (after-timers included) and eventless. */
export function declaredTransitions(): AnyTransitionDefinition[] {
  return [machine.root, ...getStateNodes(machine.root)].flatMap((node) => [...[...node.transitions.values()].flat(), ...(node.always ?? [])]);
}

export function describeTransition(t: AnyTransitionDefinition): string {
  const targets = t.target?.map((node) => node.id).join(',') ?? '(self)';
  return `${t.source.id} ${t.eventType || '(always)'} → ${targets}`;
}

export interface RouteExploration {
  /** State node ids active in some microstep, transient states (`level`, `council.counting`) included. */
  reachedStates: Set<string>;
  takenTransitions: Set<AnyTransitionDefinition>;
  /** For each level index, the state node ids seen while working on it. */
  statesByLevel: Map<number, Set<string>>;
}

/** Whether `t`'s guard (a named one, or none) lets `event` through in `before`; undefined when that cannot be told here. */
function guardPasses(t: AnyTransitionDefinition, before: Snapshot, event: CommendationEvent): boolean | undefined {
  if (!t.guard) return true;
  const name = typeof t.guard === 'string' ? t.guard : (t.guard as { type?: unknown }).type;
  const guards = machine.implementations.guards as Record<string, (args: { context: unknown; event: unknown }, params: unknown) => boolean>;
  const guard = typeof name === 'string' ? guards[name] : undefined;
  return guard ? guard({ context: before.context, event }, undefined) : undefined;
}

/** The transition of `candidates` that led from `before` to `after` in one microstep (on `event`, for the first). */
function attribute(candidates: AnyTransitionDefinition[], before: Snapshot, after: Snapshot, event?: CommendationEvent): AnyTransitionDefinition {
  const active = new Set(stateIds(after.value));
  const matching = candidates.filter((t) =>
    t.target && t.target.length > 0
      ? t.target.every((node) => active.has(node.id))
      : JSON.stringify(after.value) === JSON.stringify(before.value),
  );
  // Alternatives under one event with one target (two self-transitions): the first whose named
  // guard lets the event through is the one taken, as xstate picks it.
  if (matching.length > 1 && event) {
    const verdicts = matching.map((t) => guardPasses(t, before, event));
    if (verdicts.every((verdict) => verdict !== undefined)) {
      const taken = matching[verdicts.indexOf(true)];
      assert.ok(taken, `none of ${matching.map(describeTransition).join(' | ')} lets ${event.type} through`);
      return taken;
    }
  }
  assert.equal(matching.length, 1, `cannot tell which of ${candidates.map(describeTransition).join(' | ')} was taken`);
  return matching[0]!;
}

/** Walks every reachable state of `route` with every allowed event; see {@link RouteExploration}. */
export function exploreRoute(route: ResolvedLevel[]): RouteExploration {
  const input = inputFor(route);
  const exploration: RouteExploration = { reachedStates: new Set(), takenTransitions: new Set(), statesByLevel: new Map() };
  const see = (snapshot: Snapshot) => {
    const ids = stateIds(snapshot.value);
    const byLevel = exploration.statesByLevel.get(snapshot.context.levelIndex) ?? new Set<string>();
    for (const id of ids) {
      exploration.reachedStates.add(id);
      byLevel.add(id);
    }
    exploration.statesByLevel.set(snapshot.context.levelIndex, byLevel);
  };
  const initial = getInitialMicrosteps(machine, input);
  initial.forEach(([snapshot], index) => {
    see(snapshot);
    if (index > 0) {
      const before = initial[index - 1]![0];
      const candidates = getNextTransitions(before).filter((t) => t.eventType === '');
      exploration.takenTransitions.add(attribute(candidates, before, snapshot));
    }
  });

  const adjacency = adjacencyMapToArray(getAdjacencyMap(machine, { input, events: eventsFor, serializeState }));
  for (const { state, event } of adjacency) {
    const [next, actions] = transition(machine, state, event);
    if (next === state && actions.length === 0) continue; // refused by a guard
    let before = state;
    getMicrosteps(machine, state, event).forEach(([after], index) => {
      const eventType = index === 0 ? event.type : '';
      const candidates = getNextTransitions(before).filter((t) => t.eventType === eventType);
      exploration.takenTransitions.add(attribute(candidates, before, after, index === 0 ? event : undefined));
      see(after);
      before = after;
    });
  }
  return exploration;
}

/** State ids (relative to `commendation.`) each level kind must reach; escalation only where the route has one. */
function expectedStatesOf(level: ResolvedLevel): string[] {
  const escalated = level.escalationAssignee !== undefined;
  switch (level.kind) {
    case 'review':
      return ['review', 'review.pending', ...(escalated ? ['review.escalated'] : [])];
    case 'council':
      return ['council', 'council.voting', 'council.counting'];
    case 'disclosure':
      return ['disclosure', 'disclosure.posted', 'disclosure.closing'];
    case 'decision':
      return ['decision', 'decision.pending', ...(escalated ? ['decision.escalated'] : []), 'decision.issuing'];
  }
}

/**
 * Asserts that `route` can be walked in full: every level is worked on in every state its kind
 * has (escalation where the level has an escalation assignee), and every outcome is reachable —
 * `decided`, `rejected`, `withdrawn`, `expired`, and `changesRequested` when a review can ask.
 * Returns the exploration, so callers can also check transitions over several routes.
 */
export function assertRouteCoverage(route: ResolvedLevel[]): RouteExploration {
  const exploration = exploreRoute(route);
  const finals = ['decided', 'rejected', 'withdrawn', 'expired', ...(route.some((level) => level.kind === 'review') ? ['changesRequested'] : [])];
  for (const state of finals) {
    assert.ok(exploration.reachedStates.has(`commendation.${state}`), `route ${route.map((level) => level.id).join(' → ')}: ${state} is unreachable`);
  }
  route.forEach((level, index) => {
    const seen = exploration.statesByLevel.get(index) ?? new Set<string>();
    const missing = expectedStatesOf(level).filter((state) => !seen.has(`commendation.${state}`));
    assert.deepEqual(missing, [], `level ${index} (${level.id}) never reached ${missing.join(', ')}`);
  });
  return exploration;
}
