import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { WorkflowDefinition } from '@vinh-danh/engine';
import { workflowJobId } from '@vinh-danh/queue';
import { definitions } from '@vinh-danh/workflows';
import { councilLevel, decisionLevel, inputFor } from '../../workflows/commendation/commendation.test-support.ts';

const member = (index: number) => `unitCouncil.member${index}`;
import { startHarness, type Harness } from '../support/harness.ts';
import { waitFor } from '../support/wait.ts';

describe('secret ballots on the real runtime', () => {
  let harness: Harness;
  before(async () => {
    harness = await startHarness({ definitions: definitions as unknown as WorkflowDefinition[] });
  });
  after(async () => {
    await harness?.close();
  });

  it('when council members vote, then the store keeps who voted and the tally, never which ballot a member cast', async () => {
    const { engine, store } = harness.runtime;
    // Deadlines far beyond the test, so only the votes move the procedure.
    const route = [{ ...councilLevel('unitCouncil', 3), deadlineMs: 600_000 }, decisionLevel('decision', { deadlineMs: 600_000 })];
    const { instanceId } = await engine.startInstance({ definitionId: 'commendation', input: inputFor(route) });
    const ballots = ['yes', 'no', 'yes'] as const;
    for (const [index, ballot] of ballots.entries()) {
      await engine.dispatch({ instanceId, eventId: `vote-${index}`, event: { type: 'vote', by: member(index), ballot }, meta: { actor: member(index), source: 'test' } });
    }
    const history = await waitFor(() => store.history.list(instanceId), (h) => h.filter((e) => e.eventType === 'vote').length === 3, { what: 'votes applied' });
    const instance = await store.instances.get(instanceId);
    assert.equal(instance?.stateValue, 'decision.pending', 'two of three yes passes a two-thirds council');

    const stored = JSON.stringify({ history, snapshot: instance?.snapshot });
    for (const entry of history.filter((e) => e.eventType === 'vote')) {
      assert.equal('ballot' in entry.event, false, 'the history keeps the vote without its choice');
      assert.ok(entry.meta.actor, 'who voted is kept');
    }
    assert.doesNotMatch(stored, /"ballot"/);
    const pending = await store.inbox.listPending(new Date(Date.now() + 60_000), 1000);
    assert.equal(pending.some((event) => event.instanceId === instanceId), false);
    const sitting = (instance?.snapshot as { context: { ballots: Record<string, unknown> } }).context.ballots.unitCouncil;
    assert.deepEqual(sitting, { voted: [member(0), member(1), member(2)], yes: 2, no: 1, abstain: 0 });

    // Nor does Redis, where each vote's completed job stays for an hour.
    for (const index of ballots.keys()) {
      const job = await waitFor(() => harness.runtime.queues.workflow.getJob(workflowJobId(instanceId, `vote-${index}`)), (found) => Boolean(found?.finishedOn), { what: `vote ${index}'s job finished` });
      assert.equal(await job!.getState(), 'completed');
      assert.deepEqual(job!.data.event, { type: 'vote', by: member(index) }, 'the job keeps the vote without its choice');
      assert.doesNotMatch(JSON.stringify({ data: job!.data, returnvalue: job!.returnvalue }), /ballot/);
    }
    // A vote delivered again after it was applied (its first run died before rewriting its job, say): that job too.
    const again = await harness.runtime.queues.workflow.add('vote', { instanceId, eventId: 'vote-1', event: { type: 'vote', by: member(1), ballot: 'no' }, meta: { actor: member(1), source: 'test' } }, { jobId: `again-${instanceId}` });
    const duplicate = await waitFor(() => harness.runtime.queues.workflow.getJob(again.id!), (found) => Boolean(found?.finishedOn), { what: 'the second delivery finished' });
    assert.equal((duplicate!.returnvalue as { outcome: string }).outcome, 'duplicate');
    assert.deepEqual(duplicate!.data.event, { type: 'vote', by: member(1) });
  });

  it('when a vote\'s job fails for good, then the job Redis keeps for days among the failed holds the vote without its choice', async () => {
    const { engine, queues } = harness.runtime;
    const route = [{ ...councilLevel('unitCouncil', 3), deadlineMs: 600_000 }, decisionLevel('decision', { deadlineMs: 600_000 })];
    const { instanceId } = await engine.startInstance({ definitionId: 'commendation', input: inputFor(route) });
    // Queued without passing through dispatch: the inbox never took it, so it fails for good at once.
    const job = await queues.workflow.add(
      'vote',
      { instanceId, eventId: 'vote-lost', event: { type: 'vote', by: member(0), ballot: 'no' }, meta: { actor: member(0), source: 'test' } },
      { jobId: workflowJobId(instanceId, 'vote-lost') },
    );
    const failed = await waitFor(() => queues.workflow.getJob(job.id!), (found) => Boolean(found?.finishedOn), { what: 'the vote\'s job finished' });
    assert.equal(await failed!.getState(), 'failed');
    assert.match(failed!.failedReason, /not in the store's inbox/);
    assert.deepEqual(failed!.data.event, { type: 'vote', by: member(0) }, 'the failed job keeps the vote without its choice');
    assert.doesNotMatch(JSON.stringify({ data: failed!.data, failedReason: failed!.failedReason, stacktrace: failed!.stacktrace }), /ballot/);

    // For an instance this worker cannot read, only the type and who sent it stay.
    const stray = await queues.workflow.add('vote', { instanceId: 'no-such-instance', eventId: 'vote-stray', event: { type: 'vote', by: member(2), ballot: 'yes' }, meta: {} }, { jobId: workflowJobId('no-such-instance', 'vote-stray') });
    const strayFailed = await waitFor(() => queues.workflow.getJob(stray.id!), (found) => Boolean(found?.finishedOn), { what: 'the stray vote finished' });
    assert.equal(await strayFailed!.getState(), 'failed');
    assert.deepEqual(strayFailed!.data.event, { type: 'vote', by: member(2) });

    // An event without a secret fails as it came.
    const other = await queues.workflow.add('comment', { instanceId, eventId: 'comment-lost', event: { type: 'comment', by: member(1), text: 'xin chào' }, meta: {} }, { jobId: workflowJobId(instanceId, 'comment-lost') });
    const otherFailed = await waitFor(() => queues.workflow.getJob(other.id!), (found) => Boolean(found?.finishedOn), { what: 'the other job finished' });
    assert.equal(await otherFailed!.getState(), 'failed');
    assert.deepEqual(otherFailed!.data.event, { type: 'comment', by: member(1), text: 'xin chào' });
  });
});
