/**
 * Cluster task posts that lose the race with a deadline: the workers hold back while the post is
 * checked and queued, the stored timer fires first, and the answer says the post did not count.
 * Real gateway, Redis, PGlite and workers.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { clusterGatewayForFile, rankedCrossScore, m, sheetFields, trio, type ClusterPages } from '../support/cluster-pages.ts';
import { postLosingToTimer } from '../support/deadline-race.ts';
import type { GatewayFixture } from '../support/gateway.ts';
import { waitFor } from '../support/wait.ts';

let fixture: GatewayFixture;
let cluster: ClusterPages;
clusterGatewayForFile((started, pages) => {
  fixture = started;
  cluster = pages;
});

/** Fires the instance's pending timer of `delay` now, as the timers worker does when it is due. */
async function fireTimer(instanceId: string, delay: string) {
  const { store, engine } = fixture.harness.runtime;
  const timer = (await store.timers.listPending(new Date(Date.now() + 400 * 24 * 3_600_000), 10_000)).find((candidate) => candidate.instanceId === instanceId && candidate.sendId.includes(delay));
  assert.ok(timer, `a pending ${delay} timer`);
  const fired = await store.timers.fire(timer.timerId, { actor: 'system', source: 'timer', via: timer.timerId });
  assert.ok(fired);
  await engine.enqueueEvent(fired);
}

describe('a ballot that races the round\'s deadline', () => {
  it('when the round closes in the instant before a ballot is applied, then the voter is told it was not counted (409), and the tally has no vote of it', async () => {
    const instanceId = await cluster.start('cum-thu-nghiem-phieu-tre');
    await cluster.runToVoting(instanceId, rankedCrossScore);
    const ballot = await cluster.memberTask(instanceId, 'voting', m.bacGiang);
    const { csrf } = await cluster.open(ballot);
    const answer = await postLosingToTimer(fixture, {
      instanceId,
      eventIds: [`decision-${ballot.taskId}`],
      timer: (timer) => timer.sendId.includes('votingDeadline'),
      post: async () => cluster.pages.post(await fixture.taskUrl(ballot.taskId), { _csrf: csrf, choice: m.thaiNguyen }),
    });
    const page = await answer.text();
    assert.equal(answer.status, 409, page.slice(0, 400));
    assert.match(page, /Phiếu của bạn đến sau khi vòng bỏ phiếu đã đóng nên không được tính\./);
    assert.doesNotMatch(page, /Phiếu bầu của bạn đã được tính/);
    assert.ok(!/Thái Nguyên|thai-nguyen"/.test(page), 'no candidate on the page');
    const entry = await fixture.harness.runtime.store.history.get(instanceId, `decision-${ballot.taskId}`);
    assert.equal(entry?.changed, false, 'recorded, and changed nothing');
    const context = await cluster.context(instanceId);
    assert.equal(context.election?.rounds[0]?.cast, 0, 'the closed round counted no ballot');
  });
});

describe('cross-score sheets that race the close of their stage', () => {
  it('when the escalation window closes cross-scoring in the instant before a head\'s sheets are applied, then the head is told they were not counted (409), and the procedure holds them as late', async () => {
    const instanceId = await cluster.start('cum-thu-nghiem-cham-tre');
    for (const member of trio) await cluster.accepted(await cluster.memberTask(instanceId, 'signing', member), { agree: 'yes' });
    for (const member of trio) {
      await cluster.accepted(await cluster.memberTask(instanceId, 'selfAssessment', member), { ...sheetFields('score.', 8), evidence: `bao-cao-${member}.pdf` });
    }
    // Two members score in time; Bắc Giang does not: its deadline passes and its head gets the task.
    for (const scorer of [m.bacKan, m.thaiNguyen]) {
      const targets = trio.filter((target) => target !== scorer);
      await cluster.accepted(await cluster.memberTask(instanceId, 'crossScoring', scorer), Object.assign({}, ...targets.map((target) => sheetFields(`score.${target}.`, rankedCrossScore(scorer, target)))));
    }
    await fireTimer(instanceId, 'crossScoringDeadline');
    const [headTask] = await waitFor(
      async () => (await fixture.harness.runtime.store.tasks.listByInstance(instanceId)).filter((task) => task.status === 'open' && task.step === 'crossScoring'),
      (open) => open.length === 1 && open[0]!.assignee !== cluster.representative(m.bacGiang),
      { what: 'the head of Bắc Giang holds its cross-scoring' },
    );
    const { csrf } = await cluster.open(headTask!);
    const targets = [m.bacKan, m.thaiNguyen];
    const answer = await postLosingToTimer(fixture, {
      instanceId,
      eventIds: targets.map((target) => `decision-${headTask!.taskId}-${target}`),
      timer: (timer) => timer.sendId.includes('escalationWindow'),
      post: async () => cluster.pages.post(await fixture.taskUrl(headTask!.taskId), { _csrf: csrf, ...Object.assign({}, ...targets.map((target) => sheetFields(`score.${target}.`, 7))) }),
    });
    const page = await answer.text();
    assert.equal(answer.status, 409, page.slice(0, 600));
    assert.match(page, /Nội dung này không được tính/);
    assert.doesNotMatch(page, /Đã ghi nhận/);
    const context = await cluster.context(instanceId);
    assert.equal(context.stage, 'consolidation', 'the stage had moved on');
    assert.deepEqual(
      context.lateSubmissions.filter((late) => late.by === headTask!.assignee).map((late) => late.type),
      ['crossScore', 'crossScore'],
      'recorded as late: a change, yet not counted',
    );
  });
});
