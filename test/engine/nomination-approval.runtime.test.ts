import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { WorkflowDefinition } from '@vinh-danh/engine';
import { definitions } from '@vinh-danh/workflows';
import { approvers, startApproval, submitter } from '../support/approval-runs.ts';
import { startHarness, type Harness } from '../support/harness.ts';
import { waitFor } from '../support/wait.ts';


describe('the nomination-approval procedure on the real runtime (mails to an in-memory mailer)', () => {
  let harness: Harness;
  before(async () => {
    harness = await startHarness({ definitions: definitions as unknown as WorkflowDefinition[] });
  });
  after(async () => {
    await harness?.close();
  });

  const start = (timing: Record<string, number>) => startApproval(harness.runtime.engine, timing);
  const stateOf = async (instanceId: string) => (await harness.runtime.store.instances.get(instanceId))?.stateValue;
  const tasksOf = (instanceId: string) => harness.runtime.store.tasks.listByInstance(instanceId);
  const mailsTo = (to: string, instanceId: string) => harness.mailer.sent.filter((mail) => mail.to === to && mail.messageId.includes(instanceId));

  it('when both approvers approve, then tasks open and close in turn, mails go out, and the nomination is approved', async () => {
    const { engine, store } = harness.runtime;
    const { instanceId, nominationId } = await start({});
    const first = await waitFor(() => tasksOf(instanceId), (tasks) => tasks.length === 1, { what: 'unit leader task' });
    assert.equal(first[0]?.assignee, approvers.unitLeader);
    assert.equal(first[0]?.status, 'open');
    assert.ok(first[0]?.dueAt && first[0].dueAt.getTime() > Date.now() + 4 * 24 * 3600 * 1000, 'statutory deadline days ahead');
    await waitFor(async () => mailsTo(approvers.unitLeader, instanceId), (mails) => mails.length === 1, { what: 'task mail' });

    await engine.dispatch({ instanceId, eventId: 'a1', event: { type: 'approve', by: approvers.unitLeader }, meta: { actor: approvers.unitLeader, source: 'test' } });
    const both = await waitFor(() => tasksOf(instanceId), (tasks) => tasks.length === 2 && tasks[0]?.status === 'done', { what: 'officer task' });
    assert.equal(both[0]?.outcome, 'approve');
    assert.equal(both[1]?.assignee, approvers.officer);
    assert.equal(await stateOf(instanceId), 'officerReview.pending');
    assert.equal((await store.nominations.get(nominationId))?.status, 'in_review');

    await engine.dispatch({ instanceId, eventId: 'a2', event: { type: 'approve', by: approvers.officer } });
    await waitFor(async () => (await store.nominations.get(nominationId))?.status, (status) => status === 'approved', { what: 'approved' });
    assert.equal(await stateOf(instanceId), 'approved');
    assert.equal((await store.instances.get(instanceId))?.status, 'done');
    assert.ok((await tasksOf(instanceId)).every((task) => task.status === 'done'));
    await waitFor(async () => mailsTo(submitter, instanceId), (mails) => mails.length === 1, { what: 'outcome mail' });
    const history = await store.history.list(instanceId);
    assert.deepEqual(history.map((entry) => entry.toState), ['unitLeaderReview.pending', 'officerReview.pending', 'approved']);
    assert.equal(history[1]?.meta.actor, approvers.unitLeader);
  });

  it('when an approve comes from someone who does not hold the task, then nothing changes and the attempt is recorded', async () => {
    const { engine, store } = harness.runtime;
    const { instanceId } = await start({});
    await engine.dispatch({ instanceId, eventId: 'x', event: { type: 'approve', by: 'someone.else@example.vn' } });
    const history = await waitFor(() => store.history.list(instanceId), (h) => h.length === 2, { what: 'attempt recorded' });
    assert.equal(history[1]?.changed, false);
    assert.equal(await stateOf(instanceId), 'unitLeaderReview.pending');
  });

  it('when the unit leader lets the deadline pass, then a reminder goes out, the task escalates, and the escalation approver can act', async () => {
    const { engine, store } = harness.runtime;
    const { instanceId } = await start({ unitLeaderReviewMs: 800, reminderBeforeMs: 400, escalationWindowMs: 60_000 });
    await waitFor(() => stateOf(instanceId), (state) => state === 'unitLeaderReview.escalated', { what: 'escalated', timeoutMs: 10_000 });
    const tasks = await waitFor(() => tasksOf(instanceId), (t) => t.length === 2 && t[0]?.status === 'expired', { what: 'escalation task' });
    assert.equal(tasks[0]?.outcome, 'escalated');
    assert.equal(tasks[1]?.assignee, approvers.unitLeaderEscalation);
    const leaderMails = await waitFor(async () => mailsTo(approvers.unitLeader, instanceId), (m) => m.length >= 3, { what: 'task, reminder, escalation notice' });
    assert.equal(leaderMails.length, 3);
    await waitFor(async () => mailsTo(approvers.unitLeaderEscalation, instanceId), (m) => m.length === 1, { what: 'escalation mail' });
    const timers = (await store.history.list(instanceId)).filter((entry) => entry.meta.source === 'timer');
    assert.equal(timers.length, 2, 'reminder and deadline fired as timers');

    await engine.dispatch({ instanceId, eventId: 'esc', event: { type: 'approve', by: approvers.unitLeaderEscalation } });
    await waitFor(() => stateOf(instanceId), (state) => state === 'officerReview.pending', { what: 'moved on after escalation' });
  });

  it('when nobody acts through the deadline and the escalation window, then the nomination expires', async () => {
    const { store } = harness.runtime;
    const { instanceId, nominationId } = await start({ unitLeaderReviewMs: 400, reminderBeforeMs: 200, escalationWindowMs: 400 });
    await waitFor(() => stateOf(instanceId), (state) => state === 'expired', { what: 'expired', timeoutMs: 10_000 });
    await waitFor(async () => (await store.nominations.get(nominationId))?.status, (status) => status === 'expired');
    const tasks = await waitFor(() => tasksOf(instanceId), (t) => t.every((task) => task.status !== 'open'), { what: 'tasks closed' });
    assert.equal(tasks.length, 2);
  });

  it('when the officer requests changes and the submitter resubmits, then the procedure starts a second round', async () => {
    const { engine } = harness.runtime;
    const { instanceId } = await start({});
    await engine.dispatch({ instanceId, eventId: 'a1', event: { type: 'approve', by: approvers.unitLeader } });
    await waitFor(() => stateOf(instanceId), (state) => state === 'officerReview.pending');
    await engine.dispatch({ instanceId, eventId: 'rc', event: { type: 'requestChanges', by: approvers.officer, comment: 'Bổ sung biên bản họp hội đồng' } });
    await waitFor(() => stateOf(instanceId), (state) => state === 'changesRequested');
    const mail = await waitFor(async () => mailsTo(submitter, instanceId), (m) => m.length === 1, { what: 'changes mail' });
    assert.match(mail[0]!.text, /Bổ sung biên bản họp hội đồng/);
    await engine.dispatch({ instanceId, eventId: 'rs', event: { type: 'resubmit', by: submitter } });
    await waitFor(() => stateOf(instanceId), (state) => state === 'unitLeaderReview.pending');
    const tasks = await waitFor(() => tasksOf(instanceId), (t) => t.some((task) => task.taskId.endsWith('unitLeaderReview-2')), { what: 'round 2 task' });
    assert.equal(tasks.filter((task) => task.status === 'open').length, 1);
  });
});
