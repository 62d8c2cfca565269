/**
 * The cluster's secret ballot through the gateway: whatever a member chooses, every page anyone
 * can open — the year page, the record, another voter's ballot, the voter's own used link — is
 * the same, and the stored history keeps the ballot without its choice. Two cluster years are
 * run side by side, identical but for one ballot. Real gateway, Redis, PGlite and workers.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { clusterGatewayForFile, rankedCrossScore, m, sectionOf, type ClusterPages } from '../support/cluster-pages.ts';
import type { GatewayFixture } from '../support/gateway.ts';
import { waitFor } from '../support/wait.ts';

let fixture: GatewayFixture;
let cluster: ClusterPages;
clusterGatewayForFile((started, pages) => {
  fixture = started;
  cluster = pages;
});

/** A page with what tells the two runs apart by construction (cluster id, link tokens, CSRF tokens, times) taken out. */
const normalised = (page: string, clusterId: string) =>
  page
    .replaceAll(clusterId, '<cluster>')
    .replace(/\/tasks\/[A-Za-z0-9_-]{43}/g, '/tasks/<token>')
    .replace(/name="_csrf" value="[^"]*"/g, 'name="_csrf" value="<csrf>"')
    .replace(/\d{2}\/\d{2}\/\d{4},? \d{2}:\d{2}|\d{2}:\d{2} \d{2}\/\d{2}\/\d{4}|\d{1,2} \w{3} \d{4}, \d{2}:\d{2}/g, '<time>');

describe('the secret ballot', () => {
  it('when a member votes, then no page and no stored event tells whom it chose, only that it voted', async () => {
    const runs = [
      { clusterId: 'cum-thu-nghiem-phieu-mot', choice: m.thaiNguyen },
      { clusterId: 'cum-thu-nghiem-phieu-hai', choice: m.bacKan },
    ];
    const seen = [];
    for (const run of runs) {
      const instanceId = await cluster.start(run.clusterId);
      await cluster.runToVoting(instanceId, rankedCrossScore);
      const ballot = await cluster.memberTask(instanceId, 'voting', m.bacGiang);
      const answer = await cluster.accepted(ballot, { choice: run.choice });
      await cluster.contextWhen(instanceId, (context) => context.ballot.voted.includes(m.bacGiang), 'the ballot applied');
      await waitFor(() => fixture.harness.runtime.store.tasks.get(ballot.taskId), (task) => task?.status === 'done', { what: 'the ballot task closed' });
      const usedLink = await fetch(await fixture.taskUrl(ballot.taskId));
      const otherVoter = await cluster.open(await cluster.memberTask(instanceId, 'voting', m.bacKan));
      const again = await cluster.pages.post(await fixture.taskUrl(ballot.taskId), { _csrf: 'whatever', choice: run.choice });
      seen.push({
        run,
        instanceId,
        answer,
        usedLink: { status: usedLink.status, page: await usedLink.text() },
        again: again.status,
        year: (await cluster.get(`/clusters/${run.clusterId}/2022`)).page,
        yearEnglish: (await cluster.get(`/clusters/${run.clusterId}/2022?lang=en`)).page,
        record: (await cluster.get(`/clusters/${run.clusterId}/2022/record`)).page.replace(/<footer[\s\S]*?<\/footer>/, ''),
        otherBallot: otherVoter.page,
        history: await cluster.history(instanceId),
      });
    }
    const [one, two] = seen as [(typeof seen)[number], (typeof seen)[number]];

    // The year page says who has voted, never what, and no running count.
    const ballotSection = sectionOf(one.year, 'ballot');
    assert.match(ballotSection, /Vòng 1 đang mở\. Ứng cử: Tỉnh Bắc Giang, Tỉnh Bắc Kạn, Tỉnh Thái Nguyên\./);
    assert.match(ballotSection, /Đã bỏ phiếu \(1\/3\): Tỉnh Bắc Giang\./);
    assert.doesNotMatch(ballotSection, /class="counts"|: 1</, 'no count while the round is open');

    // Every page is the same whichever member was chosen.
    for (const page of ['year', 'yearEnglish', 'record', 'otherBallot'] as const) {
      assert.equal(normalised(one[page], one.run.clusterId), normalised(two[page], two.run.clusterId), `the ${page} page`);
    }
    assert.equal(normalised(one.answer, one.run.clusterId), normalised(two.answer, two.run.clusterId), "the voter's answer");
    assert.equal(normalised(one.usedLink.page, one.run.clusterId), normalised(two.usedLink.page, two.run.clusterId), "the voter's used link");

    for (const run of seen) {
      // The voter's own pages: counted, and nothing more.
      assert.match(run.answer, /Phiếu bầu của bạn đã được tính\./);
      assert.equal(run.usedLink.status, 200);
      assert.match(run.usedLink.page, /Phiếu bầu của bạn đã được tính\./);
      for (const page of [run.answer, run.usedLink.page]) {
        assert.ok(!/Thái Nguyên|Bắc Kạn|thai-nguyen"|bac-kan"/.test(page), 'no candidate on the voter\'s own pages');
      }
      assert.equal(run.again, 410, 'a used ballot link cannot vote again');
      // Another voter's ballot: the candidates, and neither the voters nor a count.
      assert.match(run.otherBallot, /value="ubnd-tinh-thai-nguyen"/);
      assert.doesNotMatch(run.otherBallot, /Đã bỏ phiếu|Tỉnh Bắc Giang: /);
      // The stored history: the ballot without its choice; the round its task was for.
      const votes = run.history.filter((entry) => entry.eventType === 'vote');
      assert.equal(votes.length, 1);
      assert.deepEqual(Object.keys(votes[0]!.event).sort(), ['by', 'round', 'type']);
      assert.equal(votes[0]!.event.round, 1);
      assert.equal(votes[0]!.event.by, cluster.representative(m.bacGiang));
      assert.ok(!JSON.stringify(run.history).includes(`"choice"`));
    }
  });
});
