/** The collections' schemas, validated in memory (`validateSync`), with no server. */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import mongoose, { Error as MongooseError } from 'mongoose';
import { newInstance, newNomination, newTask, outboxRow, timerRow } from '../testing/store-fixtures.ts';
import { sampleFile } from '../testing/populate-store.ts';
import { draftAttachmentDocument, instanceDocument, nominationDocument, outboxDocument, taskDocument, timerDocument } from './document-builders.ts';
import { createModels } from './mongo-models.ts';

const connection = mongoose.createConnection();
after(() => connection.close());
const models = createModels(connection);
const now = new Date('2025-03-01T02:00:00.000Z');

/** The paths the schema refused, in name order. */
function refusedPaths(document: { validateSync(): MongooseError.ValidationError | null }): string[] {
  const error = document.validateSync();
  return error ? Object.keys(error.errors).sort() : [];
}

describe('collection schemas', () => {
  it('when documents are built from valid port inputs, then each validates', () => {
    const instance = newInstance({ nominationId: 'n-1' });
    const built = [
      new models.instances(instanceDocument(instance, now)),
      new models.outbox(outboxDocument(outboxRow(instance.instanceId), instance.instanceId, now)),
      new models.timers(timerDocument(timerRow(instance.instanceId, 'deadline'), instance.instanceId, now)),
      new models.tasks(taskDocument(newTask(instance.instanceId), instance.instanceId, now)),
      new models.nominations(nominationDocument(newNomination(), now)),
      new models.draftAttachments(draftAttachmentDocument('draft-1', sampleFile(), 0)),
    ];
    for (const document of built) assert.deepEqual(refusedPaths(document), [], document.collection.collectionName);
  });

  it('when a required field is missing or null, then validation names it, as NOT NULL would', () => {
    const document = new models.instances({ ...instanceDocument(newInstance(), now), snapshot: null, stateValue: undefined });
    assert.deepEqual(refusedPaths(document), ['snapshot', 'stateValue']);
    const bare = new models.history({});
    assert.deepEqual(refusedPaths(bare), ['at', 'changed', 'event', 'eventId', 'eventType', 'instanceId', 'meta', 'toState', 'version']);
  });

  it('when a required text is empty or a file has no bytes, then it is a value and validates (unlike Mongoose\'s own `required`)', () => {
    const emptyFile = draftAttachmentDocument('draft-1', sampleFile(new Uint8Array()), 0);
    assert.equal(emptyFile.content.length, 0);
    assert.deepEqual(refusedPaths(new models.draftAttachments({ ...emptyFile, filename: '' })), []);
  });

  it('when a status is outside its set, then it is refused', () => {
    const task = new models.tasks({ ...taskDocument(newTask('i-1'), 'i-1', now), status: 'archived' });
    assert.deepEqual(refusedPaths(task), ['status']);
    const nomination = new models.nominations({ ...nominationDocument(newNomination(), now), status: 'lost' });
    assert.deepEqual(refusedPaths(nomination), ['status']);
  });

  it('when a version or a position is not a whole number, then it is refused', () => {
    assert.deepEqual(refusedPaths(new models.instances({ ...instanceDocument(newInstance(), now), version: 1.5 })), ['version']);
    assert.deepEqual(refusedPaths(new models.draftAttachments({ ...draftAttachmentDocument('d', sampleFile(), 0), position: 0.5 })), ['position']);
  });

  it('when a document carries a field its schema does not know, then building it throws instead of dropping the field', () => {
    assert.throws(() => new models.units({ _id: 'u-1', nameVi: 'x', nameEn: 'x', parentId: null, approvers: {}, createdAt: now, updatedAt: now, profile: {}, colour: 'red' }), MongooseError.StrictModeError);
  });

  it('when JSON fields are empty objects, then they are kept, not minimised away', () => {
    const nomination = new models.nominations({ ...nominationDocument(newNomination({ details: {}, nominee: {} }), now) });
    assert.deepEqual(refusedPaths(nomination), []);
    const stored = nomination.toObject();
    assert.deepEqual(stored.details, {});
    assert.deepEqual(stored.nominee, {});
  });

  it('when optional fields are left out, then they are stored as null, like a nullable column', () => {
    const task = new models.tasks({ _id: 't-1', instanceId: 'i-1', step: 'unitLeaderReview', assignee: 'a@b.vn', status: 'open', createdAt: now });
    assert.deepEqual(refusedPaths(task), []);
    const stored = task.toObject();
    for (const path of ['nominationId', 'dueAt', 'tokenHash', 'tokenExpiresAt', 'outcome', 'completedAt'] as const) assert.equal(stored[path], null, path);
  });

  it('when an id is an operator object, then the schema refuses to cast it', () => {
    const document = new models.tasks({ ...taskDocument(newTask('i-1'), 'i-1', now), _id: { $gt: '' } });
    assert.deepEqual(refusedPaths(document), ['_id']);
  });
});
