import type { Store } from '../store.port.ts';
import { taskDocument } from './document-builders.ts';
import { isDuplicateKey } from './mongo-connection.ts';
import { keyText } from './mongo-input.ts';
import type { MongoModels } from './mongo-models.ts';
import { toTaskRecord, type StoredDocument } from './record-mappers.ts';
import { insertedFields, validated } from './validated-document.ts';

export function createTasksRepository(models: MongoModels): Store['tasks'] {
  const findOne = async (filter: Record<string, string>) => {
    const document = await models.tasks.findOne(filter).lean<StoredDocument>();
    return document ? toTaskRecord(document) : null;
  };
  const list = async (filter: Record<string, string>) => {
    const documents = await models.tasks.find(filter).sort({ createdAt: 1, _id: 1 }).lean<StoredDocument[]>();
    return documents.map(toTaskRecord);
  };
  return {
    async create(task) {
      const document = validated(models.tasks, taskDocument(task, keyText(task.instanceId, 'instanceId'), new Date()));
      try {
        // Idempotent on the task id: inserted only when the id is new. A token hash another task
        // holds is refused by its unique index, as in SQL.
        const { upsertedCount } = await models.tasks.updateOne(
          { _id: document._id },
          { $setOnInsert: insertedFields(document, []) },
          { upsert: true },
        );
        return upsertedCount > 0 ? 'created' : 'exists';
      } catch (error) {
        // Two creates of one new id at once: the loser's insert hits the primary key. Any other
        // duplicate (the token hash) is an error.
        if (isDuplicateKey(error) && (await models.tasks.exists({ _id: document._id }))) return 'exists';
        throw error;
      }
    },
    get: async (taskId) => findOne({ _id: keyText(taskId, 'taskId') }),
    async getByTokenHash(tokenHash) {
      const hash = keyText(tokenHash, 'tokenHash');
      const link = await models.taskLinks.findById(hash, { taskId: 1 }).lean<StoredDocument>();
      return link ? findOne({ _id: String(link.taskId) }) : findOne({ tokenHash: hash });
    },
    async addLink(taskId, tokenHash) {
      const id = keyText(taskId, 'taskId');
      const document = validated(models.taskLinks, { _id: keyText(tokenHash, 'tokenHash'), taskId: id, createdAt: new Date() });
      // A closed task gets no more links (see the port); one not stored yet does.
      const task = await models.tasks.findById(id, { status: 1 }).lean<StoredDocument>();
      if (task && task.status !== 'open') return false;
      // Idempotent on the hash: a second binding of it changes nothing.
      await models.taskLinks.updateOne({ _id: document._id }, { $setOnInsert: insertedFields(document, []) }, { upsert: true }).catch((error: unknown) => {
        if (!isDuplicateKey(error)) throw error;
      });
      return true;
    },
    async listByAssignee(assignee, status) {
      const filter: Record<string, string> = { assignee: keyText(assignee, 'assignee') };
      if (status !== undefined && status !== null) filter.status = keyText(status, 'status');
      return list(filter);
    },
    listByInstance: async (instanceId) => list({ instanceId: keyText(instanceId, 'instanceId') }),
    async close(taskId, status, outcome) {
      const { matchedCount } = await models.tasks.updateOne(
        { _id: keyText(taskId, 'taskId'), status: 'open' },
        { $set: { status: keyText(status, 'status'), outcome: keyText(outcome, 'outcome'), completedAt: new Date() } },
        { runValidators: true, context: 'query' },
      );
      return matchedCount > 0;
    },
  };
}
