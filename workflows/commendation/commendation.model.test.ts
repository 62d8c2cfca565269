import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { getStateNodes } from '@xstate/graph';
import { commendationMachine as machine } from './index.ts';
import { assertRouteCoverage, declaredTransitions, describeTransition, type RouteExploration } from './commendation.route-coverage.ts';
import { representativeRoutes } from './commendation.test-support.ts';

describe('commendation: model coverage', () => {
  const explorations = new Map<string, RouteExploration>();

  for (const [name, route] of Object.entries(representativeRoutes)) {
    it(`when the ${name} route is walked with every allowed event, then every level and every outcome is reached`, () => {
      explorations.set(name, assertRouteCoverage(route));
    });
  }

  it('when the representative routes are walked, then together they reach every state node', () => {
    assert.equal(explorations.size, Object.keys(representativeRoutes).length, 'the route tests ran first');
    const reached = new Set([...explorations.values()].flatMap((exploration) => [...exploration.reachedStates]));
    const declared = getStateNodes(machine.root).map((node) => node.id);
    assert.deepEqual(declared.filter((id) => !reached.has(id)), []);
  });

  it('when the representative routes are walked, then together they take every declared transition', () => {
    const taken = new Set([...explorations.values()].flatMap((exploration) => [...exploration.takenTransitions]));
    const untaken = declaredTransitions().filter((t) => !taken.has(t)).map(describeTransition);
    assert.deepEqual(untaken, []);
  });
});
