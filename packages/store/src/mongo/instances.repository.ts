import type { Connection } from 'mongoose';
import type { CancelledTimer, CommitResult, InstanceStatus, NewInstance, Store, TransitionCommit } from '../store.port.ts';
import { instanceDocument, outboxDocument, timerDocument } from './document-builders.ts';
import { inTransaction, isDuplicateKey } from './mongo-connection.ts';
import { asJson, integerValue, keyText, keyTexts, limitValue } from './mongo-input.ts';
import type { MongoModels } from './mongo-models.ts';
import { insertNomination } from './nominations.repository.ts';
import { toHistoryEntry, toInboxEvent, toInstanceRecord, type StoredDocument } from './record-mappers.ts';
import { date } from '../records/record-mappers.ts';
import { applyStoreWrites } from './store-writes.ts';
import { insertedFields, validated } from './validated-document.ts';

/**
 * Instances and their history. Every write of a transition — the instance document (its
 * version compared and incremented), the history entry, the inbox mark, cancelled and new
 * timers, outbox rows and the store writes — happens in one multi-document transaction, so
 * it is all stored or none of it is.
 */
export function createInstancesRepository(connection: Connection, models: MongoModels): Store['instances'] {
  return {
    async create(instance: NewInstance) {
      const now = new Date();
      const document = validated(models.instances, instanceDocument(instance, now));
      const instanceId = document._id;
      const { eventId, event, meta } = instance.startEvent;
      const createOnce = () => inTransaction(connection, async (session) => {
        // Inserted only when the id is new: an existing instance is left as it is, and nothing else is written.
        const upsert = await models.instances.updateOne(
          { _id: instanceId },
          { $setOnInsert: insertedFields(document, []) },
          { session, upsert: true },
        );
        if (upsert.upsertedCount === 0) return false;
        await models.history.insertMany(
          [{ instanceId, version: 1, eventId: keyText(eventId, 'eventId'), eventType: event.type, event: asJson(event), meta: asJson(meta), fromState: null, toState: instance.stateValue, changed: true, at: now }],
          { session },
        );
        if (instance.outbox.length > 0) await models.outbox.insertMany(instance.outbox.map((row) => outboxDocument(row, instanceId, now)), { session });
        if (instance.timers.length > 0) await models.timers.insertMany(instance.timers.map((row) => timerDocument(row, instanceId, now)), { session });
        // The nomination first, so a status change for it finds it.
        if (instance.nomination) await insertNomination(models, session, { ...instance.nomination, instanceId }, now);
        await applyStoreWrites(models, session, instanceId, instance, now);
        return true;
      });
      try {
        return (await createOnce()) ? 'created' : 'exists';
      } catch (error) {
        // The same instance created at once elsewhere, reported as a duplicate key: ours wrote
        // nothing, and the instance exists. Any other clash (a tracking code) is an error.
        if (isDuplicateKey(error) && (await models.instances.exists({ _id: instanceId }))) return 'exists';
        throw error;
      }
    },

    async get(instanceId) {
      const document = await models.instances.findOne({ _id: keyText(instanceId, 'instanceId') }).lean<StoredDocument>();
      return document ? toInstanceRecord(document) : null;
    },

    async loadForEvent(instanceId, eventId) {
      const id = keyText(instanceId, 'instanceId');
      const event = keyText(eventId, 'eventId');
      // One round trip: the instance with, beside it, the history entry and the inbox entry of that event if there are.
      const [document] = await models.instances.aggregate<StoredDocument & { appliedEntries: unknown[]; inboxEntries: StoredDocument[] }>([
        { $match: { _id: id } },
        {
          $lookup: {
            from: models.history.collection.collectionName,
            pipeline: [{ $match: { instanceId: id, eventId: event } }, { $limit: 1 }, { $project: { _id: 1 } }],
            as: 'appliedEntries',
          },
        },
        {
          $lookup: {
            from: models.inbox.collection.collectionName,
            pipeline: [{ $match: { instanceId: id, eventId: event } }, { $limit: 1 }],
            as: 'inboxEntries',
          },
        },
      ]);
      if (!document) return null;
      const [inboxEntry] = document.inboxEntries;
      const recorded = inboxEntry ? toInboxEvent(inboxEntry) : null;
      return {
        instance: toInstanceRecord(document),
        applied: document.appliedEntries.length > 0,
        recorded: recorded && { event: recorded.event, meta: recorded.meta },
        failed: inboxEntry?.status === 'failed',
      };
    },

    async commit(transition: TransitionCommit): Promise<CommitResult> {
      const instanceId = keyText(transition.instanceId, 'instanceId');
      const eventId = keyText(transition.eventId, 'eventId');
      const expectedVersion = integerValue(transition.expectedVersion, 'expectedVersion');
      const sendIds = keyTexts(transition.cancelSendIds, 'cancelSendIds');
      const event = asJson<TransitionCommit['event']>(transition.event);
      const now = new Date();
      const committed = await inTransaction(connection, async (session) => {
        // Applied at most once: an event the history holds is not applied again, at any version.
        if (await models.history.exists({ instanceId, eventId }).session(session)) return null;
        // Optimistic concurrency: only the version the transition was computed from is updated.
        // A concurrent commit of the same document makes one of the two transactions retry,
        // and the retry finds the version moved.
        const updated = await models.instances
          .findOneAndUpdate(
            { _id: instanceId, version: expectedVersion },
            {
              $set: { snapshot: asJson(transition.snapshot), status: transition.status, stateValue: transition.toState, updatedAt: now },
              $inc: { version: 1 },
            },
            { session, new: true, projection: { version: 1 }, runValidators: true, context: 'query' },
          )
          .lean<StoredDocument>();
        if (!updated) return null;
        const version = Number(updated.version);
        await models.history.insertMany(
          [{ instanceId, version, eventId, eventType: event.type, event, meta: asJson(transition.meta), fromState: transition.fromState, toState: transition.toState, changed: transition.changed, at: now }],
          { session },
        );
        // The event as the history keeps it: secret fields redacted from the inbox copy too.
        await models.inbox.updateOne({ instanceId, eventId }, { $set: { status: 'applied', appliedAt: now, event } }, { session });
        // Cancelled before the new timers go in, so a timer this commit schedules survives it.
        let cancelled: CancelledTimer[] = [];
        if (sendIds.length > 0) {
          const pending = await models.timers
            .find({ instanceId, status: 'pending', sendId: { $in: sendIds } }, { _id: 1, dueAt: 1 })
            .session(session)
            .lean<StoredDocument[]>();
          // A timer that fired but whose event was not applied (not the event applied now: it
          // waits in the inbox, or was given up on and may be put back): left `fired`, that event
          // would act on a later entry of the state that set it. A timer's event id is its id.
          const firedTimers = await models.timers
            .find({ instanceId, status: 'fired', sendId: { $in: sendIds }, _id: { $ne: eventId } }, { _id: 1, dueAt: 1 })
            .session(session)
            .lean<StoredDocument[]>();
          const applied = firedTimers.length
            ? await models.inbox
                .find({ instanceId, eventId: { $in: firedTimers.map((timer) => String(timer._id)) }, status: 'applied' }, { eventId: 1 })
                .session(session)
                .lean<StoredDocument[]>()
            : [];
          const appliedIds = new Set(applied.map((entry) => String(entry.eventId)));
          const fired = firedTimers.filter((timer) => !appliedIds.has(String(timer._id)));
          const hit = [...pending, ...fired];
          if (hit.length > 0) {
            await models.timers.updateMany(
              { _id: { $in: hit.map((timer) => String(timer._id)) }, status: { $in: ['pending', 'fired'] } },
              { $set: { status: 'cancelled' } },
              { session },
            );
          }
          cancelled = hit.map((timer) => ({ timerId: String(timer._id), dueAt: new Date(timer.dueAt as Date) }));
        }
        if (transition.outbox.length > 0) await models.outbox.insertMany(transition.outbox.map((row) => outboxDocument(row, instanceId, now)), { session });
        if (transition.timers.length > 0) await models.timers.insertMany(transition.timers.map((row) => timerDocument(row, instanceId, now)), { session });
        await applyStoreWrites(models, session, instanceId, transition, now);
        return { version, cancelled };
      });
      if (committed) return { outcome: 'committed', version: committed.version, cancelledTimers: committed.cancelled };
      // Not committed: a duplicate if the event is in the history by now, otherwise the version moved.
      return (await models.history.exists({ instanceId, eventId })) ? { outcome: 'duplicate' } : { outcome: 'conflict' };
    },

    async listInState(stateValue, limit, after) {
      const rows = limitValue(limit);
      // MongoDB reads a limit of 0 as none.
      if (rows === 0) return [];
      const filter = {
        stateValue: keyText(stateValue, 'stateValue'),
        ...(after === undefined ? {} : { _id: { $gt: keyText(after, 'after') } }),
      };
      const documents = await models.instances.find(filter).sort({ _id: 1 }).limit(rows).lean<StoredDocument[]>();
      return documents.map(toInstanceRecord);
    },

    async countByStatus() {
      const counts: Record<InstanceStatus, number> = { active: 0, done: 0, error: 0, stopped: 0 };
      const groups = await models.instances.aggregate<{ _id: InstanceStatus; n: number }>([{ $group: { _id: '$status', n: { $sum: 1 } } }]);
      for (const group of groups) counts[group._id] = Number(group.n);
      return counts;
    },
  };
}

export function createHistoryRepository(models: MongoModels): Store['history'] {
  return {
    async list(instanceId) {
      const entries = await models.history.find({ instanceId: keyText(instanceId, 'instanceId') }).sort({ version: 1 }).lean<StoredDocument[]>();
      return entries.map(toHistoryEntry);
    },
    async get(instanceId, eventId) {
      // Along the unique { instanceId, eventId } index.
      const entry = await models.history.findOne({ instanceId: keyText(instanceId, 'instanceId'), eventId: keyText(eventId, 'eventId') }).lean<StoredDocument>();
      return entry ? toHistoryEntry(entry) : null;
    },
    async lastEntered(instanceId, stateValue) {
      // Newest first along the { instanceId, version } index: stops at the entry into the state.
      const state = keyText(stateValue, 'stateValue');
      const entry = await models.history
        .findOne({ instanceId: keyText(instanceId, 'instanceId'), toState: state, fromState: { $ne: state } })
        .sort({ version: -1 })
        .select({ at: 1 })
        .lean<{ at: unknown }>();
      return entry ? date(entry.at) : null;
    },
  };
}
