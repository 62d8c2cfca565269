import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { TaskRecord } from '@vinh-danh/store';
import { createTaskLinks } from '@vinh-danh/task-links';
import type { GatewayDeps } from '../gateway-deps.ts';
import { resolveTaskLink } from './task-access.ts';

const taskLinks = createTaskLinks({ publicUrl: 'https://vd.example' });
const now = new Date('2026-03-01T02:00:00Z');

/** resolveTaskLink over an in-memory fake of the store's task lookup: one task, found by its link's hash. */
async function reasonFor(task: Partial<TaskRecord>): Promise<string> {
  const link = taskLinks.newLink();
  const stored: TaskRecord = {
    taskId: 'i-1/step-1', instanceId: 'i-1', nominationId: null, step: 'step', assignee: 'a@x.example', status: 'open',
    dueAt: null, tokenHash: link.tokenHash, tokenExpiresAt: null, outcome: null, createdAt: now, completedAt: null, ...task,
  };
  const runtime = { store: { tasks: { getByTokenHash: async (hash: string) => (hash === link.tokenHash ? stored : null) } } } as unknown as GatewayDeps['runtime'];
  const access = await resolveTaskLink({ taskLinks, runtime, now: () => now }, link.token);
  return access.ok ? 'ok' : access.reason;
}

describe('what a task link opens (in-memory fake task lookup)', () => {
  it('when the task was finished by its holder, closed by the procedure without them, withdrawn or expired, then the link says which', async () => {
    assert.equal(await reasonFor({}), 'ok');
    for (const outcome of ['vote', 'forward', 'sign', 'confirmObjection']) assert.equal(await reasonFor({ status: 'done', outcome }), 'used', outcome);
    for (const outcome of ['closed', 'merged', 'carried', 'reassigned']) assert.equal(await reasonFor({ status: 'done', outcome }), 'closed', outcome);
    assert.equal(await reasonFor({ status: 'cancelled', outcome: 'withdrawn' }), 'withdrawn');
    assert.equal(await reasonFor({ status: 'expired', outcome: 'escalated' }), 'expired');
    assert.equal(await reasonFor({ tokenExpiresAt: new Date(now.getTime() - 1) }), 'expired');
  });
});
