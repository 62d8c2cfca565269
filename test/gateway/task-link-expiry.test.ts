/**
 * A task link whose task's deadline really passed: the procedure's own timer expires the task
 * and hands the step to the person above; the old link then refuses, and the new one works.
 * Real gateway, Redis, PGlite and workers; a working day of 400 ms, so the link is opened well
 * before its deadline even on a busy machine.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startGatewayFixture, type GatewayFixture } from '../support/gateway.ts';
import { taskLinkSession } from '../support/task-link-session.ts';
import { waitFor } from '../support/wait.ts';

/** Deadlines of a few seconds; the escalated step then has days, so it stays open. */
const routeTiming = { workingDayMs: 400, calendarDayMs: 400, escalationWorkingDays: 200_000 };

let fixture: GatewayFixture;
const { store, submitted, linkOf, openPage, post, history } = taskLinkSession(() => fixture);
before(async () => {
  fixture = await startGatewayFixture({}, { routeTiming });
});
after(async () => {
  await fixture?.close();
});

describe('a task link past its deadline', () => {
  it('when the deadline passes, then the task expires, its link answers 410 to a view and a decision, nothing moves, and the escalated task opens', async () => {
    const { instanceId } = await submitted();
    const task = await fixture.openTask(instanceId, 'unitSubmission');
    const link = await linkOf(task);
    const opened = await openPage(task);
    assert.equal(opened.response.status, 200, 'opened before its deadline');
    const { csrf } = opened;
    const expired = await waitFor(() => store().tasks.get(task.taskId), (stored) => stored?.status === 'expired', {
      what: 'the task expired by its deadline',
      timeoutMs: 30_000,
    });
    assert.equal(expired?.outcome, 'escalated');
    const escalated = await waitFor(
      async () => (await store().tasks.listByInstance(instanceId)).find((candidate) => candidate.status === 'open' && candidate.taskId !== task.taskId),
      Boolean,
      { what: 'the escalated task' },
    );
    const instance = await store().instances.get(instanceId);
    const entries = (await history(instanceId)).length;

    const view = await fetch(link);
    assert.equal(view.status, 410);
    assert.match(await view.text(), /Liên kết này đã hết hạn/);
    const act = await post(link, { _csrf: csrf, decision: 'forward', comment: '' });
    assert.equal(act.status, 410);
    const refusals = await waitFor(
      async () => (await history(instanceId)).slice(entries).filter((entry) => entry.eventType === 'link.refused'),
      (list) => list.length === 2,
      { what: 'both refusals recorded' },
    );
    assert.ok(refusals.every((entry) => entry.changed === false && (entry.event as { reason?: string }).reason === 'expired'));
    const after = await store().instances.get(instanceId);
    assert.equal(after?.stateValue, instance?.stateValue, 'the procedure did not move');
    assert.equal((await history(instanceId)).length, entries + 2, 'only the two refusals were added');

    const fresh = await openPage(escalated!);
    assert.equal(fresh.response.status, 200, 'a link to the escalated task opens its page (the link its mail carries is checked by the mail-scanner test)');
  });
});
