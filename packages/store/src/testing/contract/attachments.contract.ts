import assert from 'node:assert/strict';
import { createHash, randomUUID } from 'node:crypto';
import { describe, it } from 'node:test';
import type { NewAttachment, Store } from '../../store.port.ts';
import { newInstance, newNomination } from '../store-fixtures.ts';

const hour = 3_600_000;

/** A file whose bytes include 0x00 and 0xFF, so a text round trip would show. */
function attachment(overrides: Partial<NewAttachment> = {}): NewAttachment {
  const content = new Uint8Array([0x25, 0x50, 0x44, 0x46, 0x2d, 0x00, 0xff, 0x0a, ...randomUUID().split('').map((c) => c.charCodeAt(0))]);
  return {
    attachmentId: randomUUID(),
    filename: 'Báo cáo thành tích.pdf',
    contentType: 'application/pdf',
    size: content.length,
    sha256: createHash('sha256').update(content).digest('hex'),
    content,
    ...overrides,
  };
}

const withoutContent = ({ content: _content, ...info }: NewAttachment) => info;

/** attachments of nominations and drafts of the web form. */
export function attachmentsContract(store: () => Store): void {
  describe('attachments', () => {
    it('when a nomination is created with files, then they list in upload order without bytes and get returns the exact bytes', async () => {
      const files = [attachment(), attachment({ filename: 'Biên bản họp.png', contentType: 'image/png' })];
      const nomination = newNomination({ attachments: files });
      await store().nominations.create(nomination);

      const listed = await store().attachments.listByNomination(nomination.nominationId);
      assert.deepEqual(
        listed.map(({ createdAt, ...info }) => (assert.ok(createdAt instanceof Date), info)),
        files.map((file) => ({ ...withoutContent(file), nominationId: nomination.nominationId })),
      );
      assert.ok(listed.every((info) => !('content' in info)));
      const stored = await store().attachments.get(files[0]!.attachmentId);
      assert.ok(stored);
      assert.deepEqual(Array.from(stored.content), Array.from(files[0]!.content));
      assert.equal(stored.nominationId, nomination.nominationId);
      assert.equal(stored.filename, 'Báo cáo thành tích.pdf');
    });

    it('when nothing is attached or the ids are unknown, then the listing is empty and get is null', async () => {
      const nomination = newNomination();
      await store().nominations.create(nomination);
      assert.deepEqual(await store().attachments.listByNomination(nomination.nominationId), []);
      assert.deepEqual(await store().attachments.listByNomination(randomUUID()), []);
      assert.equal(await store().attachments.get(randomUUID()), null);
    });

    it('when an instance is created with a nomination and files, then all are stored in one transaction', async () => {
      const files = [attachment()];
      const nomination = newNomination({ attachments: files });
      const instance = newInstance({ nominationId: nomination.nominationId, nomination });
      assert.equal(await store().instances.create(instance), 'created');
      assert.equal((await store().attachments.listByNomination(nomination.nominationId)).length, 1);
    });

    it('when a file of a new instance cannot be stored, then neither the instance, the nomination nor any file is written', async () => {
      const taken = attachment();
      await store().nominations.create(newNomination({ attachments: [taken] }));
      const fresh = attachment();
      // The second file reuses an id, so its insert fails after the first file went in.
      const nomination = newNomination({ attachments: [fresh, { ...attachment(), attachmentId: taken.attachmentId }] });
      const instance = newInstance({ nominationId: nomination.nominationId, nomination });
      await assert.rejects(() => store().instances.create(instance));
      assert.equal(await store().instances.get(instance.instanceId), null);
      assert.equal(await store().nominations.get(nomination.nominationId), null);
      assert.equal(await store().attachments.get(fresh.attachmentId), null);
    });

    it('when nominations.create fails on a file, then the nomination is not written either', async () => {
      const taken = attachment();
      await store().nominations.create(newNomination({ attachments: [taken] }));
      const nomination = newNomination({ attachments: [{ ...attachment(), attachmentId: taken.attachmentId }] });
      await assert.rejects(() => store().nominations.create(nomination));
      assert.equal(await store().nominations.get(nomination.nominationId), null);
    });
  });

  describe('drafts', () => {
    it('when a draft is saved, then get returns its files with their bytes in order', async () => {
      const files = [attachment(), attachment({ filename: 'ảnh.jpg', contentType: 'image/jpeg' })];
      const draftId = randomUUID();
      await store().drafts.save({ draftId, attachments: files, expiresAt: new Date(Date.now() + hour) });
      const draft = await store().drafts.get(draftId);
      assert.ok(draft);
      assert.ok(draft.createdAt instanceof Date);
      assert.deepEqual(
        draft.attachments.map((file) => ({ ...file, content: Array.from(file.content) })),
        files.map((file) => ({ ...file, content: Array.from(file.content) })),
      );
    });

    it('when a draft is saved again, then its files are replaced whole and its expiry moves', async () => {
      const draftId = randomUUID();
      await store().drafts.save({ draftId, attachments: [attachment(), attachment()], expiresAt: new Date(Date.now() + hour) });
      const replacement = attachment();
      const later = new Date(Date.now() + 2 * hour);
      await store().drafts.save({ draftId, attachments: [replacement], expiresAt: later });
      const draft = await store().drafts.get(draftId);
      assert.deepEqual(draft?.attachments.map((file) => file.attachmentId), [replacement.attachmentId]);
      assert.equal(draft?.expiresAt.getTime(), later.getTime());
    });

    it('when a draft has no files, then it is kept all the same', async () => {
      const draftId = randomUUID();
      await store().drafts.save({ draftId, attachments: [], expiresAt: new Date(Date.now() + hour) });
      assert.deepEqual((await store().drafts.get(draftId))?.attachments, []);
    });

    it('when a draft expired or is unknown, then get is null', async () => {
      const draftId = randomUUID();
      await store().drafts.save({ draftId, attachments: [attachment()], expiresAt: new Date(Date.now() + hour) });
      assert.equal(await store().drafts.get(draftId, new Date(Date.now() + 2 * hour)), null);
      assert.equal(await store().drafts.get(randomUUID()), null);
    });

    it('when a draft is deleted, then it and its files are gone', async () => {
      const draftId = randomUUID();
      await store().drafts.save({ draftId, attachments: [attachment()], expiresAt: new Date(Date.now() + hour) });
      await store().drafts.delete(draftId);
      assert.equal(await store().drafts.get(draftId), null);
      await store().drafts.delete(draftId);
    });

    it('when expired drafts are cleaned up, then only those that expired go', async () => {
      const expired = randomUUID();
      const live = randomUUID();
      const now = new Date();
      await store().drafts.save({ draftId: expired, attachments: [attachment()], expiresAt: new Date(now.getTime() - hour) });
      await store().drafts.save({ draftId: live, attachments: [attachment()], expiresAt: new Date(now.getTime() + hour) });
      assert.ok((await store().drafts.deleteExpired(now)) >= 1);
      assert.equal(await store().drafts.get(expired, new Date(0)), null);
      assert.equal((await store().drafts.get(live))?.attachments.length, 1);
    });
  });
}
