import { randomUUID } from 'node:crypto';
import type { Logger } from '@vinh-danh/log';
import type { TaskRecord } from '@vinh-danh/store';
import type { GatewayDeps } from '../gateway-deps.ts';

/**
 * Why a task link cannot be used: unknown or malformed (`forged`), task finished by its holder
 * (`used`), closed before its holder acted (`closed`: a council's vote settled without their
 * ballot, another objection confirmed first, a cluster member merged away or its task passed
 * on), its nomination withdrawn (`withdrawn`), past its
 * time (`expired`).
 */
export type LinkRefusal = 'forged' | 'used' | 'closed' | 'withdrawn' | 'expired';

/**
 * Outcomes of a task closed by the procedure, not by its holder: its step settled without them
 * (`closed`), its member merged away (`merged`) or its work carried over from the unit merged
 * into it (`carried`), or the task passed to someone else (`reassigned`).
 */
const closedWithoutHolder = new Set(['closed', 'merged', 'carried', 'reassigned']);

export type TaskAccess =
  | { ok: true; task: TaskRecord; tokenHash: string }
  | { ok: false; reason: LinkRefusal; task: TaskRecord | null };

/**
 * Finds the task a link token opens. The store holds only the token's hash, bound to the one
 * task (and so the one approver) whose mail carried it: a token can only ever act on that task.
 */
export async function resolveTaskLink(deps: Pick<GatewayDeps, 'taskLinks' | 'runtime' | 'now'>, token: string): Promise<TaskAccess> {
  if (!deps.taskLinks.isWellFormed(token)) return { ok: false, reason: 'forged', task: null };
  const tokenHash = deps.taskLinks.hashToken(token);
  const task = await deps.runtime.store.tasks.getByTokenHash(tokenHash);
  if (!task) return { ok: false, reason: 'forged', task: null };
  if (task.status === 'expired') return { ok: false, reason: 'expired', task };
  if (task.status === 'cancelled') return { ok: false, reason: 'withdrawn', task };
  if (task.status === 'done' && closedWithoutHolder.has(task.outcome ?? '')) return { ok: false, reason: 'closed', task };
  if (task.status !== 'open') return { ok: false, reason: 'used', task };
  if (task.tokenExpiresAt && task.tokenExpiresAt.getTime() <= deps.now().getTime()) return { ok: false, reason: 'expired', task };
  return { ok: true, task, tokenHash };
}

/**
 * Leaves a refused use of a known task's link in the nomination's history. The machine ignores
 * the event (the engine records it with `changed: false`), so nothing about the procedure moves.
 * Views share one event id per task and reason, so a mail scanner opening a stale link again
 * and again adds one entry; each refused attempt to act adds its own.
 */
export async function recordRefusal(
  deps: Pick<GatewayDeps, 'runtime'>,
  log: Logger,
  access: Extract<TaskAccess, { ok: false }>,
  attempt: 'view' | 'act' | 'download',
): Promise<void> {
  const task = access.task;
  if (!task || access.reason === 'forged') return;
  // Fetches (a page, a file: mail scanners repeat them) are recorded once per task and reason; each post is recorded.
  const eventId = attempt === 'act' ? `link-refused.act.${access.reason}.${randomUUID()}` : `link-refused.${attempt}.${access.reason}.${task.taskId}`;
  try {
    await deps.runtime.engine.dispatch({
      instanceId: task.instanceId,
      eventId,
      event: { type: 'link.refused', reason: access.reason, taskId: task.taskId, attempt },
      meta: { source: 'task-link', via: task.taskId },
    });
  } catch (error) {
    // The refusal page matters more than its audit line; the failure is logged for operators.
    log.warn({ err: error, taskId: task.taskId }, 'could not record a refused task link');
  }
}
