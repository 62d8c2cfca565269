/**
 * Port input → document → BSON (as the driver writes and reads it) → port record, with no
 * server: what the adapter stores reads back as the port promises, binary and days included.
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import mongoose, { mongo } from 'mongoose';
import type { AwardHistoryEntry, DecisionRecord, UnitRecord } from '../store.port.ts';
import { sampleFile } from '../testing/populate-store.ts';
import { newClusterYear, newInstance, newNomination, newTask, outboxRow, timerRow } from '../testing/store-fixtures.ts';
import { clusterYearFields } from './clusters.repository.ts';
import {
  attachmentDocument,
  awardHistoryDocument,
  decisionDocument,
  draftAttachmentDocument,
  instanceDocument,
  nominationDocument,
  outboxDocument,
  taskDocument,
  timerDocument,
  unitDocument,
} from './document-builders.ts';
import { createModels } from './mongo-models.ts';
import {
  toAttachmentInfo,
  toAwardHistoryEntry,
  toClusterYearRecord,
  toDecisionRecord,
  toDraftFile,
  toHistoryEntry,
  toInboxEvent,
  toInstanceRecord,
  toNominationRecord,
  toPendingOutboxRow,
  toTaskRecord,
  toTimerRecord,
  toUnitRecord,
  type StoredDocument,
} from './record-mappers.ts';
import { storedBytes } from './stored-values.ts';
import { validated } from './validated-document.ts';

const connection = mongoose.createConnection();
after(() => connection.close());
const models = createModels(connection);
const now = new Date('2025-03-01T02:00:00.123Z');

/** What the driver hands back after storing `document`: BSON in, BSON out (binary as `Binary`). */
const roundTrip = (document: object): StoredDocument => mongo.BSON.deserialize(mongo.BSON.serialize(document));

describe('documents and port records, through a BSON serialise and deserialise (no MongoDB server)', () => {
  it('when an instance is stored, then it reads back at version 1 with its snapshot as plain JSON', () => {
    const instance = newInstance({ nominationId: 'n-1', snapshot: { value: 'unitReview', context: { round: 1, note: undefined, list: [1, 2.5, null] } } });
    const record = toInstanceRecord(roundTrip(validated(models.instances, instanceDocument(instance, now))));
    assert.deepEqual(record, {
      instanceId: instance.instanceId,
      definitionId: instance.definitionId,
      definitionVersion: 1,
      snapshot: { value: 'unitReview', context: { round: 1, list: [1, 2.5, null] } },
      version: 1,
      status: 'active',
      stateValue: 'unitReview',
      nominationId: 'n-1',
      createdAt: now,
      updatedAt: now,
    });
  });

  it('when a history entry and an inbox event are stored, then they read back as written', () => {
    const event = { type: 'APPROVE', note: 'ok' };
    const meta = { actor: 'a@x.vn', source: 'api' };
    const entry = { instanceId: 'i-1', version: 2, eventId: 'e-1', eventType: 'APPROVE', event, meta, fromState: null, toState: 'done', changed: true, at: now };
    assert.deepEqual(toHistoryEntry(roundTrip(validated(models.history, entry))), entry);
    const inbox = { instanceId: 'i-1', eventId: 'e-1', event, meta, status: 'pending' as const, createdAt: now, appliedAt: null, error: null };
    assert.deepEqual(toInboxEvent(roundTrip(validated(models.inbox, inbox))), { instanceId: 'i-1', eventId: 'e-1', event, meta, createdAt: now });
  });

  it('when effects and timers are stored, then they read back as the rows given, under the commit\'s instance', () => {
    const effect = outboxRow('i-1');
    assert.deepEqual(toPendingOutboxRow(roundTrip(outboxDocument(effect, 'i-1', now))), { ...effect, createdAt: now });
    const timer = timerRow('i-1', 'deadline');
    assert.deepEqual(toTimerRecord(roundTrip(timerDocument(timer, 'i-1', now))), { ...timer, status: 'pending' });
    // The SQL adapter files rows under the commit's instance whatever they name; so does this one.
    assert.equal(toPendingOutboxRow(roundTrip(outboxDocument(outboxRow('other'), 'i-1', now))).instanceId, 'i-1');
  });

  it('when a task is stored open, or closed by the commit that opens it, then it reads back with those fields', () => {
    const task = newTask('i-1', { nominationId: 'n-1' });
    const open = toTaskRecord(roundTrip(validated(models.tasks, taskDocument(task, 'i-1', now))));
    assert.deepEqual(open, { ...task, status: 'open', outcome: null, createdAt: now, completedAt: null });
    const closed = toTaskRecord(roundTrip(taskDocument(task, 'i-1', now, { taskId: task.taskId, status: 'done', outcome: 'vote' })));
    assert.deepEqual([closed.status, closed.outcome, closed.completedAt], ['done', 'vote', now]);
    const bare = toTaskRecord(roundTrip(taskDocument({ taskId: 't', instanceId: 'i-1', step: 's', assignee: 'a' }, 'i-1', now)));
    assert.deepEqual([bare.nominationId, bare.dueAt, bare.tokenHash, bare.tokenExpiresAt], [null, null, null, null]);
  });

  it('when a nomination is stored, then it reads back submitted with exactly the SQL adapter\'s fields', () => {
    const nomination = newNomination({ instanceId: 'i-1', details: {}, duplicateKey: 'k-1' });
    const { duplicateKey: _key, ...fields } = nomination;
    const record = toNominationRecord(roundTrip(validated(models.nominations, nominationDocument(nomination, now))));
    assert.deepEqual(record, { ...fields, status: 'submitted', idempotencyKey: null, requestHash: null, createdAt: now });
  });

  it('when a unit is stored with or without a signing profile, then it reads back as written', () => {
    const unit: UnitRecord = { unitId: 'u-1', nameVi: 'Sở Nội vụ', nameEn: 'Home Affairs', parentId: null, approvers: { unitCouncil: ['a@x.vn', 'b@x.vn'] } };
    const stored = (record: UnitRecord) => roundTrip({ ...unitDocument(record, now), createdAt: now });
    assert.deepEqual(toUnitRecord(stored(unit)), unit);
    const signing = { ...unit, profile: { abbreviation: 'SNV', issuingBody: 'unit' as const, signatories: { unitLeader: 'Giám đốc' } } };
    assert.deepEqual(toUnitRecord(stored(signing)), signing);
  });

  it('when files are stored, then their bytes read back exactly, every byte value included', () => {
    const file = sampleFile();
    const attachment = roundTrip(attachmentDocument(file, 'n-1', 0, now));
    assert.ok(attachment.content instanceof mongo.Binary, 'the driver returns BSON Binary');
    assert.deepEqual(toAttachmentInfo(attachment), { attachmentId: file.attachmentId, nominationId: 'n-1', filename: file.filename, contentType: file.contentType, size: 256, sha256: file.sha256, createdAt: now });
    assert.deepEqual(Array.from(storedBytes(attachment.content)), Array.from(file.content));
    const empty = sampleFile(new Uint8Array());
    const draftFile = toDraftFile(roundTrip(draftAttachmentDocument('d-1', empty, 1)));
    assert.deepEqual({ ...draftFile, content: Array.from(draftFile.content) }, { ...empty, content: [] });
  });

  it('when a decision and a history entry are stored, then their days are midnight UTC and the rest reads back', () => {
    const decision: DecisionRecord = {
      decisionId: 'd-1', nominationId: 'n-1', instanceId: 'i-1', authority: 'UBND tỉnh', issuerCode: 'QĐ-UBND', year: 2025, number: 7,
      decisionNumber: '7/QĐ-UBND', awardTypeId: 'bang-khen', decisionDate: new Date('2025-03-10T15:30:00Z'), amountVnd: 2_340_000, amountBasis: { multiplier: 1 },
    };
    assert.deepEqual(toDecisionRecord(roundTrip(validated(models.decisions, decisionDocument(decision, 'bac-giang QĐ-UBND', now)))), { ...decision, decisionDate: new Date('2025-03-10T00:00:00Z') });
    const entry: AwardHistoryEntry = { nomineeKey: 'individual:1', awardTypeId: null, year: 2022, decisionDate: null, decisionNumber: null, disciplined: true, source: 'import' };
    assert.deepEqual(toAwardHistoryEntry(roundTrip(validated(models.awardHistory, awardHistoryDocument(41, entry, now)))), entry);
  });

  it('when a cluster year is stored, then its agreement\'s signatures come back as dates and the rest as written', () => {
    const year = newClusterYear();
    const document = validated(models.clusterYears, { ...clusterYearFields(year), handoverEffectId: null, handedOverAt: null, createdAt: now, updatedAt: now });
    const stored = roundTrip(document);
    assert.equal(typeof (stored.agreement as { signatures: Array<{ signedAt: unknown }> }).signatures[0]?.signedAt, 'string', 'kept as JSON, as in SQL');
    assert.deepEqual(toClusterYearRecord(stored), { ...year, handover: null });
    const bare = newClusterYear({ responsible: null, rolesSource: null, agreement: null });
    const handedOver = roundTrip({ ...clusterYearFields(bare), handoverEffectId: 'effect-1', handedOverAt: now, createdAt: now, updatedAt: now });
    assert.deepEqual(toClusterYearRecord(handedOver), { ...bare, handover: { byEffectId: 'effect-1', at: now } });
  });
});
