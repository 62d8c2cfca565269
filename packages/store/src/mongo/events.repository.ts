import type { Connection, FilterQuery, Model } from 'mongoose';
import type { FailedEffectSelection, InboxCursor, PageCursor, Store } from '../store.port.ts';
import { inTransaction, isDuplicateKey, retryingDuplicateKey } from './mongo-connection.ts';
import { asJson, dateValue, keyText, limitValue } from './mongo-input.ts';
import type { MongoModels } from './mongo-models.ts';
import { toFailedInboxEvent, toFailedOutboxRow, toInboxEvent, toPendingOutboxRow, toTimerRecord, type StoredDocument } from './record-mappers.ts';
import type { InboxDocument } from './runtime.schema.ts';
import { insertedFields, validated } from './validated-document.ts';

/** Kept for operators, as the SQL adapter keeps it. */
const reasonText = (reason: string) => keyText(reason, 'reason').slice(0, 2000);

/**
 * Pages of `model` in keyset order: `createdAt`, then the row's key fields (the inbox's are
 * instance and event: an event id is unique only within its instance). A page holds the rows
 * matching `filter` strictly after the cursor's, as SQL's row comparison takes them, in that order.
 */
function keysetPages<D>(model: Model<D>, keyFields: string[], cursorValues: (after: PageCursor) => string[]) {
  const fields = ['createdAt', ...keyFields];
  const sort = Object.fromEntries(fields.map((field) => [field, 1 as const]));
  const narrowed = (filter: Record<string, unknown>, after: PageCursor | undefined): Record<string, unknown> => {
    if (!after) return filter;
    const values = [dateValue(after.createdAt, 'after.createdAt'), ...cursorValues(after).map((value) => keyText(value, 'after.key'))];
    // (a, b, c) > (x, y, z): a > x, or a = x and b > y, or a = x, b = y and c > z.
    const branches = fields.map((field, i) => ({ ...Object.fromEntries(fields.slice(0, i).map((equal, j) => [equal, values[j]])), [field]: { $gt: values[i] } }));
    return { ...filter, $or: branches };
  };
  return async (filter: Record<string, unknown>, limit: number, after: PageCursor | undefined): Promise<StoredDocument[]> => {
    const rows = limitValue(limit);
    if (rows === 0) return [];
    return model.find(narrowed(filter, after) as FilterQuery<D>).sort(sort).limit(rows).lean<StoredDocument[]>();
  };
}

const failed = { status: 'failed' };

/** Pending rows created before `olderThan`: the same rows, in the same order, as the SQL adapter's. */
const pending = (olderThan: Date) => ({ status: 'pending', createdAt: { $lt: dateValue(olderThan, 'olderThan') } });

/**
 * Puts the failed rows of `model` a selection names back to pending, reason cleared; returns how
 * many (`effectField`: where an effect's id is kept; none for events).
 */
async function putBack<D>(model: Model<D>, selection: FailedEffectSelection, effectField: string | undefined): Promise<number> {
  let filter: Record<string, unknown> = failed;
  if (selection !== 'all') {
    if (!effectField && 'effectIds' in selection) throw new TypeError('failed events are selected all or by instance, not by effect id');
    const [field, ids] = 'instanceIds' in selection ? ['instanceId', selection.instanceIds] : [effectField!, selection.effectIds];
    if (ids.length === 0) return 0;
    filter = { ...failed, [field]: { $in: ids.map((id, index) => keyText(id, `ids[${index}]`)) } };
  }
  return (await model.updateMany(filter as FilterQuery<D>, { $set: { status: 'pending', error: null } })).modifiedCount;
}

export function createInboxRepository(models: MongoModels): Store['inbox'] {
  const page = keysetPages(models.inbox, ['instanceId', 'eventId'], (after) => [(after as InboxCursor).instanceId, after.key]);
  return {
    async add(event) {
      const instanceId = keyText(event.instanceId, 'instanceId');
      const eventId = keyText(event.eventId, 'eventId');
      // Instances are never deleted, so once seen it stays there for the insert below.
      if (!(await models.instances.exists({ _id: instanceId }))) return 'no-instance';
      const document: InboxDocument = validated(models.inbox, {
        instanceId,
        eventId,
        event: asJson(event.event),
        meta: asJson(event.meta),
        status: 'pending',
        createdAt: new Date(),
        appliedAt: null,
        error: null,
      });
      try {
        // A repeated (instanceId, eventId) finds the first one and changes nothing.
        const { upsertedCount } = await models.inbox.updateOne(
          { instanceId, eventId },
          { $setOnInsert: insertedFields(document, ['instanceId', 'eventId']) },
          { upsert: true },
        );
        return upsertedCount > 0 ? 'added' : 'exists';
      } catch (error) {
        // The same event added twice at once: the loser's insert hits the unique index.
        if (isDuplicateKey(error)) return 'exists';
        throw error;
      }
    },
    async listPending(olderThan, limit, after) {
      return (await page(pending(olderThan), limit, after)).map(toInboxEvent);
    },
    async markApplied(instanceId, eventId) {
      await models.inbox.updateOne(
        { instanceId: keyText(instanceId, 'instanceId'), eventId: keyText(eventId, 'eventId'), status: 'pending' },
        { $set: { status: 'applied', appliedAt: new Date() } },
      );
    },
    async markFailed(instanceId, eventId, reason) {
      await models.inbox.updateOne(
        { instanceId: keyText(instanceId, 'instanceId'), eventId: keyText(eventId, 'eventId'), status: 'pending' },
        { $set: { status: 'failed', error: reasonText(reason) } },
      );
    },
    async listFailed(limit, after) {
      return (await page(failed, limit, after)).map(toFailedInboxEvent);
    },
    async retryFailed(selection) {
      return putBack(models.inbox, selection, undefined);
    },
  };
}

export function createOutboxRepository(models: MongoModels): Store['outbox'] {
  const page = keysetPages(models.outbox, ['_id'], (after) => [after.key]);
  return {
    async listPending(olderThan, limit, after) {
      return (await page(pending(olderThan), limit, after)).map(toPendingOutboxRow);
    },
    async get(effectId) {
      const document = await models.outbox.findOne({ _id: keyText(effectId, 'effectId') }).lean<StoredDocument>();
      return document ? { ...toPendingOutboxRow(document), done: document.status === 'done', failed: document.status === 'failed' } : null;
    },
    async markDone(effectId) {
      await models.outbox.updateOne({ _id: keyText(effectId, 'effectId'), status: 'pending' }, { $set: { status: 'done', doneAt: new Date() } });
    },
    async markFailed(effectId, reason) {
      await models.outbox.updateOne({ _id: keyText(effectId, 'effectId'), status: 'pending' }, { $set: { status: 'failed', error: reasonText(reason) } });
    },
    async listFailed(limit, after) {
      return (await page(failed, limit, after)).map(toFailedOutboxRow);
    },
    async retryFailed(selection) {
      return putBack(models.outbox, selection, '_id');
    },
  };
}

export function createTimersRepository(connection: Connection, models: MongoModels): Store['timers'] {
  return {
    async get(timerId) {
      const document = await models.timers.findOne({ _id: keyText(timerId, 'timerId') }).lean<StoredDocument>();
      return document ? toTimerRecord(document) : null;
    },
    async listPending(dueBefore, limit, dueAfter) {
      const rows = limitValue(limit);
      if (rows === 0) return [];
      const due = { $lte: dateValue(dueBefore, 'dueBefore'), ...(dueAfter === undefined ? {} : { $gt: dateValue(dueAfter, 'dueAfter') }) };
      const documents = await models.timers
        .find({ status: 'pending', dueAt: due })
        .sort({ dueAt: 1 })
        .limit(rows)
        .lean<StoredDocument[]>();
      return documents.map(toTimerRecord);
    },
    async fire(timerId, meta) {
      const id = keyText(timerId, 'timerId');
      const storedMeta = asJson<Record<string, unknown>>(meta);
      const now = new Date();
      // One transaction: the timer leaves `pending` and its event enters the inbox together.
      // Two fires at once both write the timer; one transaction retries and finds it fired. An
      // inbox entry for the same event added meanwhile makes the next attempt find it there.
      return retryingDuplicateKey(() => inTransaction(connection, async (session) => {
        const timer = await models.timers
          .findOneAndUpdate({ _id: id, status: 'pending' }, { $set: { status: 'fired', firedAt: now } }, { session, new: true })
          .lean<StoredDocument>();
        if (!timer) return null;
        const instanceId = String(timer.instanceId);
        await models.inbox.updateOne(
          { instanceId, eventId: id },
          { $setOnInsert: { event: timer.event, meta: storedMeta, status: 'pending', createdAt: now, appliedAt: null, error: null } },
          { session, upsert: true },
        );
        return toInboxEvent({ instanceId, eventId: id, event: timer.event, meta: storedMeta, createdAt: now });
      }));
    },
  };
}
