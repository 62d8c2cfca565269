/**
 * Model-based coverage of every award in the catalogue: each award's route (and its simplified
 * and cluster-proposal routes where the award has them), resolved as the gateway resolves it, is explored with
 * @xstate/graph from every reachable state with every allowed event; every level reaches each of
 * its states and every outcome (decided, rejected, withdrawn, expired, changes requested) is
 * reachable. The representative-route model test checks the machine's every node and transition.
 */
import { describe, it } from 'node:test';
import { allowsSimplified, awardRoutes, awardTypes, routeFor } from '@vinh-danh/domain';
import { assertRouteCoverage } from './commendation.route-coverage.ts';
import { resolveRouteForTest } from './commendation.test-support.ts';

describe('commendation: every award’s route, model-based', () => {
  for (const award of awardTypes) {
    for (const simplified of allowsSimplified(award.id) ? [false, true] : [false]) {
      it(`when the ${simplified ? 'simplified ' : ''}route of ${award.id} is walked with every allowed event, then every level and every outcome is reached`, () => {
        assertRouteCoverage(resolveRouteForTest(routeFor(award.id, { simplified }), { councilSize: 3 }));
      });
    }
    if (awardRoutes(award.id).clusterProposal) {
      it(`when the cluster-proposal route of ${award.id} is walked with every allowed event, then every level and every outcome is reached`, () => {
        assertRouteCoverage(resolveRouteForTest(routeFor(award.id, { clusterProposal: true }), { councilSize: 3 }));
      });
    }
  }
});
