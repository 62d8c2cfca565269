/**
 * Who signs a leading member's proposal (pure: an evaluation's seats in, roles out): the chair,
 * the deputy standing in, and never the nominee itself.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { proposalRolesOf } from './propose-award.ts';

const seat = (memberId: string, status: 'active' | 'merged' = 'active') => ({ memberId, head: `chu-tich@${memberId}.example`, status });
const evaluation = {
  chair: 'bac-giang',
  deputy: 'bac-kan',
  members: [seat('bac-giang'), seat('bac-kan'), seat('yen-bai', 'merged'), seat('thai-nguyen'), seat('phu-tho')],
} as unknown as Parameters<typeof proposalRolesOf>[0];

describe('who signs a cluster proposal', () => {
  it('when another member is elected, then the chair signs and posts it and the deputy stands in', () => {
    const roles = proposalRolesOf(evaluation, 'thai-nguyen');
    assert.deepEqual([roles.clusterChair, roles.clusterDeputyChair, roles.proposer.memberId], ['chu-tich@bac-giang.example', 'chu-tich@bac-kan.example', 'bac-giang']);
  });

  it("when the chair's own province is elected, then the deputy signs and submits it (its office answers for it, not the nominee's) and the next member taking part stands in", () => {
    const roles = proposalRolesOf(evaluation, 'bac-giang');
    assert.deepEqual([roles.clusterChair, roles.clusterDeputyChair], ['chu-tich@bac-kan.example', 'chu-tich@thai-nguyen.example'], 'a merged member is passed over');
    assert.equal(roles.proposer.memberId, 'bac-kan');
  });

  it("when the deputy's province is elected, then the chair signs and the next member taking part stands in", () => {
    const roles = proposalRolesOf(evaluation, 'bac-kan');
    assert.deepEqual([roles.clusterChair, roles.clusterDeputyChair], ['chu-tich@bac-giang.example', 'chu-tich@thai-nguyen.example']);
  });
});
