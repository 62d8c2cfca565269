import type { ClientSession } from 'mongoose';
import type { StoreWrites, TaskClosing } from '../store.port.ts';
import { taskDocument } from './document-builders.ts';
import { keyText } from './mongo-input.ts';
import type { MongoModels } from './mongo-models.ts';
import { insertedFields, validated } from './validated-document.ts';

/** One closing per task id, the first one: what closing them one after the other would leave. */
export function firstClosings(closings: readonly TaskClosing[] = []): TaskClosing[] {
  const seen = new Set<string>();
  return closings.filter((closing) => !seen.has(closing.taskId) && seen.add(closing.taskId));
}

/**
 * The store writes of a transition (see `StoreWrites` in the port), inside the caller's
 * transaction, so they commit with it or not at all:
 * - closings reach tasks that were open before this commit;
 * - openings insert a task unless one with its id exists (an upsert that only sets on insert),
 *   already closed when this commit also closes it — as the SQL adapter's single statement does;
 * - the nomination's status is set if the nomination exists.
 * Tasks belong to `instanceId` (the commit's), whatever instance id a task names.
 */
export async function applyStoreWrites(
  models: MongoModels,
  session: ClientSession,
  instanceId: string,
  writes: StoreWrites,
  now: Date,
): Promise<void> {
  const closings = firstClosings(writes.tasksToClose).map((closing) => ({ ...closing, taskId: keyText(closing.taskId, 'taskId') }));
  if (closings.length > 0) {
    await models.tasks.bulkWrite(
      closings.map((closing) => ({
        updateOne: {
          filter: { _id: closing.taskId, status: 'open' },
          update: { $set: { status: closing.status, outcome: closing.outcome, completedAt: now } },
        },
      })),
      { session, ordered: true },
    );
  }
  const closingOf = new Map(closings.map((closing) => [closing.taskId, closing]));
  const openings = (writes.tasksToOpen ?? []).map((task) => {
    const document = validated(models.tasks, taskDocument(task, instanceId, now, closingOf.get(keyText(task.taskId, 'taskId'))));
    return { updateOne: { filter: { _id: document._id }, update: { $setOnInsert: insertedFields(document, []) }, upsert: true } };
  });
  if (openings.length > 0) await models.tasks.bulkWrite(openings, { session, ordered: true });
  if (writes.nominationStatus) {
    await models.nominations.updateOne(
      { _id: keyText(writes.nominationStatus.nominationId, 'nominationId') },
      { $set: { status: keyText(writes.nominationStatus.status, 'status') } },
      { session, runValidators: true, context: 'query' },
    );
  }
}
