import type { Connection } from 'mongoose';
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
 * Keyset order of a listing: `createdAt`, then the row's key fields (the inbox's are instance and
 * event: an event id is unique only within its instance). `after` narrows `filter` to the rows
 * strictly after the cursor's, as SQL's row comparison does, and `sort` lists them in that order.
 */
function keyset(keyFields: string[], cursorValues: (after: PageCursor) => string[]) {
  const fields = ['createdAt', ...keyFields];
  return {
    sort: Object.fromEntries(fields.map((field) => [field, 1 as const])),
    after(filter: Record<string, unknown>, after: PageCursor | undefined): Record<string, unknown> {
      if (!after) return filter;
      const values = [dateValue(after.createdAt, 'after.createdAt'), ...cursorValues(after).map((value) => keyText(value, 'after.key'))];
      // (a, b, c) > (x, y, z): a > x, or a = x and b > y, or a = x, b = y and c > z.
      const branches = fields.map((field, i) => ({ ...Object.fromEntries(fields.slice(0, i).map((equal, j) => [equal, values[j]])), [field]: { $gt: values[i] } }));
      return { ...filter, $or: branches };
    },
  };
}

const inboxOrder = keyset(['instanceId', 'eventId'], (after) => [(after as InboxCursor).instanceId, after.key]);
const outboxOrder = keyset(['_id'], (after) => [after.key]);

/** Pending rows created before `olderThan`: the same rows, in the same order, as the SQL adapter's. */
const pending = (olderThan: Date) => ({ status: 'pending', createdAt: { $lt: dateValue(olderThan, 'olderThan') } });

/** The failed rows a selection names (`effectField`: where an effect's id is kept; none for events); null: none. */
function retryFilter(selection: FailedEffectSelection, effectField: string | undefined): Record<string, unknown> | null {
  if (selection === 'all') return { status: 'failed' };
  if (!effectField && 'effectIds' in selection) throw new TypeError('failed events are selected all or by instance, not by effect id');
  const [field, ids] = 'instanceIds' in selection ? ['instanceId', selection.instanceIds] : [effectField!, selection.effectIds];
  if (ids.length === 0) return null;
  return { status: 'failed', [field]: { $in: ids.map((id, index) => keyText(id, `ids[${index}]`)) } };
}

export function createInboxRepository(models: MongoModels): Store['inbox'] {
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
      const rows = limitValue(limit);
      if (rows === 0) return [];
      const documents = await models.inbox
        .find(inboxOrder.after(pending(olderThan), after))
        .sort(inboxOrder.sort)
        .limit(rows)
        .lean<StoredDocument[]>();
      return documents.map(toInboxEvent);
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
      const rows = limitValue(limit);
      if (rows === 0) return [];
      const documents = await models.inbox.find(inboxOrder.after({ status: 'failed' }, after)).sort(inboxOrder.sort).limit(rows).lean<StoredDocument[]>();
      return documents.map(toFailedInboxEvent);
    },
    async retryFailed(selection) {
      const filter = retryFilter(selection, undefined);
      if (!filter) return 0;
      return (await models.inbox.updateMany(filter, { $set: { status: 'pending', error: null } })).modifiedCount;
    },
  };
}

export function createOutboxRepository(models: MongoModels): Store['outbox'] {
  return {
    async listPending(olderThan, limit, after) {
      const rows = limitValue(limit);
      if (rows === 0) return [];
      const documents = await models.outbox
        .find(outboxOrder.after(pending(olderThan), after))
        .sort(outboxOrder.sort)
        .limit(rows)
        .lean<StoredDocument[]>();
      return documents.map(toPendingOutboxRow);
    },
    async get(effectId) {
      const document = await models.outbox.findOne({ _id: keyText(effectId, 'effectId') }).lean<StoredDocument>();
      return document ? { ...toPendingOutboxRow(document), done: document.status === 'done' } : null;
    },
    async markDone(effectId) {
      await models.outbox.updateOne({ _id: keyText(effectId, 'effectId'), status: 'pending' }, { $set: { status: 'done', doneAt: new Date() } });
    },
    async markFailed(effectId, reason) {
      await models.outbox.updateOne({ _id: keyText(effectId, 'effectId'), status: 'pending' }, { $set: { status: 'failed', error: reasonText(reason) } });
    },
    async listFailed(limit, after) {
      const rows = limitValue(limit);
      if (rows === 0) return [];
      const documents = await models.outbox.find(outboxOrder.after({ status: 'failed' }, after)).sort(outboxOrder.sort).limit(rows).lean<StoredDocument[]>();
      return documents.map(toFailedOutboxRow);
    },
    async retryFailed(selection) {
      const filter = retryFilter(selection, '_id');
      if (!filter) return 0;
      return (await models.outbox.updateMany(filter, { $set: { status: 'pending', error: null } })).modifiedCount;
    },
  };
}

export function createTimersRepository(connection: Connection, models: MongoModels): Store['timers'] {
  return {
    async get(timerId) {
      const document = await models.timers.findOne({ _id: keyText(timerId, 'timerId') }).lean<StoredDocument>();
      return document ? toTimerRecord(document) : null;
    },
    async listPending(dueBefore, limit) {
      const rows = limitValue(limit);
      if (rows === 0) return [];
      const documents = await models.timers
        .find({ status: 'pending', dueAt: { $lte: dateValue(dueBefore, 'dueBefore') } })
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
