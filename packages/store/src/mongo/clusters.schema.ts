import { Schema } from 'mongoose';
import type { NewClusterYear } from '../store.port.ts';
import { collections } from './collections.ts';
import { field, schemaOptions } from './schema-fields.ts';

/** An emulation cluster or bloc (Cụm, Khối thi đua) in one year. */

export const clusterKinds: ReadonlyArray<NewClusterYear['kind']> = ['cluster', 'bloc'];

/** Keyed by (clusterId, year), unique (see migrations). */
export interface ClusterYearDocument {
  clusterId: string;
  year: number;
  kind: NewClusterYear['kind'];
  nameVi: string;
  nameEn: string;
  /** Member unit ids, a JSON array. */
  members: unknown;
  rotationOrder: unknown;
  chair: string;
  deputy: string;
  /** `{ name, titleVi, titleEn }`, or null when unknown. */
  responsible: unknown;
  rolesSource: string | null;
  /** The agreement as plain JSON (signature times as ISO 8601 text), or null until recorded. */
  agreement: unknown;
  /** The effect that handed this year over; a year is handed over once. */
  handoverEffectId: string | null;
  handedOverAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export const clusterYearSchema = new Schema<ClusterYearDocument>(
  {
    clusterId: field.text('clusterId'),
    year: field.integer('year'),
    kind: field.oneOf('kind', clusterKinds),
    nameVi: field.text('nameVi'),
    nameEn: field.text('nameEn'),
    members: field.json('members'),
    rotationOrder: field.json('rotationOrder'),
    chair: field.text('chair'),
    deputy: field.text('deputy'),
    responsible: field.nullableJson(),
    rolesSource: field.nullableText(),
    agreement: field.nullableJson(),
    handoverEffectId: field.nullableText(),
    handedOverAt: field.nullableTimestamp(),
    createdAt: field.timestamp('createdAt'),
    updatedAt: field.timestamp('updatedAt'),
  },
  schemaOptions(collections.clusterYears),
);
