import { Schema } from 'mongoose';
import { collections } from './collections.ts';
import { field, schemaOptions } from './schema-fields.ts';

/** Documents holding files: a nomination's attachments, and form drafts with theirs. */

/** A file as an attachment and a draft's file both keep it: upload order, what was uploaded, its bytes. */
export interface StoredFile {
  /** Upload order within the nomination or draft, from 0. */
  position: number;
  filename: string;
  contentType: string;
  size: number;
  sha256: string;
  content: Buffer;
}

const storedFileFields = {
  position: field.integer('position'),
  filename: field.text('filename'),
  contentType: field.text('contentType'),
  size: field.integer('size'),
  sha256: field.text('sha256'),
  content: field.bytes('content'),
};

export interface AttachmentDocument extends StoredFile {
  /** The attachment id. */
  _id: string;
  nominationId: string;
  createdAt: Date;
}

export const attachmentSchema = new Schema<AttachmentDocument>(
  {
    _id: field.text('_id'),
    nominationId: field.text('nominationId'),
    ...storedFileFields,
    createdAt: field.timestamp('createdAt'),
  },
  schemaOptions(collections.attachments),
);

export interface DraftDocument {
  /** The draft id. */
  _id: string;
  expiresAt: Date;
  createdAt: Date;
}

export const draftSchema = new Schema<DraftDocument>(
  {
    _id: field.text('_id'),
    expiresAt: field.timestamp('expiresAt'),
    createdAt: field.timestamp('createdAt'),
  },
  schemaOptions(collections.drafts),
);

/** Keyed by (draftId, attachmentId), unique. Deleted with their draft. */
export interface DraftAttachmentDocument extends StoredFile {
  draftId: string;
  attachmentId: string;
}

export const draftAttachmentSchema = new Schema<DraftAttachmentDocument>(
  {
    draftId: field.text('draftId'),
    attachmentId: field.text('attachmentId'),
    ...storedFileFields,
  },
  schemaOptions(collections.draftAttachments),
);
