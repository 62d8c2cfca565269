/**
 * Task links that must not act: mail scanners, missing or foreign CSRF tokens, forged, used and
 * expired links. Real gateway, Redis, PGlite and workers.
 */
import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { startGatewayFixture, type GatewayFixture } from '../support/gateway.ts';
import { taskLinkSession } from '../support/task-link-session.ts';
import { waitFor } from '../support/wait.ts';
import { taskFormLimitBytes } from '../../services/gateway/src/tasks/tasks.routes.ts';

let fixture: GatewayFixture;
const { usedTokens, store, submitted, linkOf, openPage, post, history, assertUnchanged } = taskLinkSession(() => fixture);
before(async () => {
  fixture = await startGatewayFixture();
});
after(async () => {
  await fixture?.close();
});

describe('task links that must not act', () => {
  it('when a mail scanner fetches a task link again and again, then nothing changes', async () => {
    const { instanceId } = await submitted();
    const task = await fixture.openTask(instanceId, 'unitSubmission');
    for (let i = 0; i < 5; i += 1) assert.equal((await fetch(await linkOf(task))).status, 200);
    assert.equal((await fetch(await linkOf(task), { method: 'HEAD' })).status, 200);
    await assertUnchanged(instanceId, 1);
    assert.equal((await store().tasks.get(task.taskId))?.status, 'open');
  });

  it('when a decision is posted without a CSRF token, with a wrong one, or from another site, then 403 and nothing changes', async () => {
    const { instanceId } = await submitted();
    const task = await fixture.openTask(instanceId, 'unitSubmission');
    const { csrf } = await openPage(task);
    for (const fields of [{ decision: 'approve' }, { _csrf: 'x'.repeat(43), decision: 'approve' }, { _csrf: '', decision: 'approve' }] as Array<Record<string, string>>) {
      const response = await post(await linkOf(task), fields);
      assert.equal(response.status, 403);
      assert.match(await response.text(), /tải lại trang/);
    }
    const crossSite = await post(await linkOf(task), { _csrf: csrf, decision: 'approve' }, { origin: 'https://evil.example' });
    assert.equal(crossSite.status, 403);
    const crossReferer = await post(await linkOf(task), { _csrf: csrf, decision: 'approve' }, { referer: 'https://evil.example/page' });
    assert.equal(crossReferer.status, 403);
    await assertUnchanged(instanceId, 1);
  });

  it("when another task's CSRF token is posted with this task's link, then 403 and nothing changes", async () => {
    const a = await submitted();
    const b = await submitted();
    const taskA = await fixture.openTask(a.instanceId, 'unitSubmission');
    const taskB = await fixture.openTask(b.instanceId, 'unitSubmission');
    const { csrf: csrfOfB } = await openPage(taskB);
    const response = await post(await linkOf(taskA), { _csrf: csrfOfB, decision: 'reject' });
    assert.equal(response.status, 403);
    await assertUnchanged(a.instanceId, 1);
    await assertUnchanged(b.instanceId, 1);
  });

  it('when a decision is posted over its size limit, with a field that is not UTF-8, or with an operator-shaped field name, then 413 or 400 and nothing changes', async () => {
    const { instanceId } = await submitted();
    const task = await fixture.openTask(instanceId, 'unitSubmission');
    const { csrf } = await openPage(task);
    const link = await linkOf(task);
    const big = await post(link, { _csrf: csrf, decision: 'approve', comment: 'x'.repeat(taskFormLimitBytes) });
    assert.equal(big.status, 413);
    // Within the body limit (which fits the largest task form), a comment over its own limit is named.
    const long = await post(link, { _csrf: csrf, decision: 'approve', comment: 'x'.repeat(40 * 1024) });
    assert.equal(long.status, 400);
    assert.match(await long.text(), /id="comment-error"/);
    const notUtf8 = await fetch(link, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `_csrf=${encodeURIComponent(csrf)}&decision=approve&comment=%C3%28`,
    });
    assert.equal(notUtf8.status, 400);
    assert.match(await notUtf8.text(), /UTF-8/);
    const operator = await fetch(link, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `_csrf=${encodeURIComponent(csrf)}&decision[$ne]=reject`,
    });
    assert.equal(operator.status, 400);
    await assertUnchanged(instanceId, 1);
    assert.equal((await store().tasks.get(task.taskId))?.status, 'open');
  });

  it('when a forged or malformed token is used, then 404, nothing changes anywhere in the store, and each attempt is a warning in the log', async () => {
    const forged = randomBytes(32).toString('base64url');
    const before = await fixture.counts();
    const linesBefore = fixture.logLines.length;
    const tokens = [forged, 'abc', `${forged}x`, '..%2F..%2Fetc'];
    for (const token of tokens) {
      const page = await fetch(`${fixture.url}/tasks/${token}`);
      assert.equal(page.status, 404, token);
      assert.match(await page.text(), /Không tìm thấy liên kết/);
      assert.equal((await post(`${fixture.url}/tasks/${token}`, { _csrf: 'x', decision: 'approve' })).status, 404);
    }
    assert.deepEqual(await fixture.counts(), before);
    const warnings = fixture.logLines
      .slice(linesBefore)
      .map((line) => JSON.parse(line) as { level: number; req?: { url?: string; method?: string }; res?: { statusCode?: number } })
      .filter((line) => line.level === 40 && line.res?.statusCode === 404 && line.req?.url?.startsWith('/tasks/'));
    assert.equal(warnings.length, tokens.length * 2, 'one warning per refused request (the token itself redacted, as the last test checks)');
  });

  it('when a used link is opened or posted to, then 410 says so, nothing changes, and the history records the refusals', async () => {
    const { instanceId } = await submitted();
    const task = await fixture.openTask(instanceId, 'unitSubmission');
    const { csrf } = await openPage(task);
    assert.equal((await post(await linkOf(task), { _csrf: csrf, decision: 'forward' })).status, 200);
    await waitFor(() => store().tasks.get(task.taskId), (stored) => stored?.status === 'done', { what: 'the task closed' });
    await fixture.openTask(instanceId, 'provinceReview');
    const stateBefore = (await store().instances.get(instanceId))!.stateValue;

    for (let i = 0; i < 3; i += 1) {
      const view = await fetch(await linkOf(task));
      assert.equal(view.status, 410);
      assert.match(await view.text(), /Liên kết này đã được sử dụng/);
    }
    const act = await post(await linkOf(task), { _csrf: csrf, decision: 'reject' });
    assert.equal(act.status, 410);
    for (let i = 0; i < 2; i += 1) {
      assert.equal((await fetch(`${await linkOf(task)}/attachments/${randomUUID()}`)).status, 410);
    }
    const refusals = await waitFor(
      async () => (await history(instanceId)).filter((entry) => entry.eventType === 'link.refused'),
      (list) => list.length === 3,
      { what: 'three refusals recorded (the views share one, the downloads another)' },
    );
    assert.deepEqual(refusals.map((entry) => [entry.event.reason, entry.event.attempt, entry.changed, entry.meta.via]), [
      ['used', 'view', false, task.taskId],
      ['used', 'act', false, task.taskId],
      ['used', 'download', false, task.taskId],
    ]);
    assert.equal((await store().instances.get(instanceId))!.stateValue, stateBefore);
  });

  it('when an expired link is opened or posted to, then 410 says so, nothing changes, and the history records it', async () => {
    const { instanceId, nominationId } = await submitted();
    await fixture.openTask(instanceId, 'unitSubmission');
    const taskId = `${instanceId}/unitLeaderReview-expired-link`;
    await store().tasks.create({
      taskId,
      instanceId,
      nominationId,
      step: 'unitSubmission',
      assignee: 'giam-doc@sonoivu.bacgiang.example',
      tokenExpiresAt: new Date(Date.now() - 60_000),
    });
    const task = (await store().tasks.get(taskId))!;
    const view = await fetch(await linkOf(task));
    assert.equal(view.status, 410);
    assert.match(await view.text(), /Liên kết này đã hết hạn/);
    const act = await post(await linkOf(task), { _csrf: 'whatever', decision: 'approve' });
    assert.equal(act.status, 410);
    const refusals = await waitFor(
      async () => (await history(instanceId)).filter((entry) => entry.eventType === 'link.refused'),
      (list) => list.length === 2,
      { what: 'refusals recorded' },
    );
    assert.ok(refusals.every((entry) => entry.event.reason === 'expired' && !entry.changed));
    assert.equal((await store().instances.get(instanceId))!.stateValue, 'review.pending');
    assert.equal((await store().tasks.get(taskId))?.status, 'open');
  });
});

describe('the logs', () => {
  it('when task links were used throughout, then no log line carries a task token', () => {
    assert.ok(usedTokens.size > 5);
    const logged = fixture.logLines.join('\n');
    assert.match(logged, /\/tasks\/\[redacted\]/);
    for (const token of usedTokens) assert.ok(!logged.includes(token), 'a token reached the log');
  });
});
