/**
 * Document codes (ký hiệu văn bản) of award decisions: `<number>/<code>`, e.g. `123/QĐ-UBND`,
 * where the code is the document type (QĐ, quyết định) and the issuing body's abbreviation.
 * Source: Nghị định 30/2020/NĐ-CP về công tác văn thư, Phụ lục I–III (ký hiệu văn bản, chữ viết
 * tắt tên loại văn bản và tên cơ quan). Numbering restarts each year (the gateway's concern).
 */
import type { DecidingAuthority } from '../award-types.ts';
import { CatalogueError } from './catalogue-errors.ts';

/** The body that signs the decision, when the authority alone does not fix its code. */
export type IssuingBody =
  /** The provincial People's Committee (Chủ tịch UBND tỉnh signs). */
  | { kind: 'province' }
  /** A ministry or central body: its abbreviation, e.g. `BNV` (Bộ Nội vụ), `BGDĐT`. */
  | { kind: 'ministry'; abbreviation: string }
  /** The unit whose head signs a Giấy khen or a unit-level title: e.g. `SNV`, `UBND` (commune). */
  | { kind: 'unit'; abbreviation: string };

/** Codes fixed by the authority alone; `null` where the issuing body decides. */
export const issuerCodeByAuthority: Readonly<Record<DecidingAuthority, string | null>> = Object.freeze({
  unitHead: null,
  ministerOrProvincialChairman: null,
  primeMinister: 'QĐ-TTg',
  president: 'QĐ-CTN',
});

/** Code of a provincial People's Committee decision. */
export const PROVINCE_DECISION_CODE = 'QĐ-UBND';

const ABBREVIATION = /^[A-ZĐ0-9]{2,12}$/u;

/**
 * The document code a decision by `authority` carries, e.g. `QĐ-TTg`, `QĐ-UBND`, `QĐ-BNV`.
 * Throws {@link CatalogueError} when the authority needs an issuing body that is missing or
 * whose abbreviation is not upper-case letters or digits.
 */
export function issuerCode(authority: DecidingAuthority, body?: IssuingBody): string {
  const fixed = issuerCodeByAuthority[authority];
  if (fixed) return fixed;
  if (authority === 'ministerOrProvincialChairman' && body?.kind === 'province') return PROVINCE_DECISION_CODE;
  const wantsUnit = authority === 'unitHead';
  if (body && body.kind !== 'province' && (body.kind === 'unit') === wantsUnit && ABBREVIATION.test(body.abbreviation)) {
    return `QĐ-${body.abbreviation}`;
  }
  throw new CatalogueError(
    wantsUnit
      ? 'A unit head decision needs { kind: "unit", abbreviation } (e.g. SNV)'
      : 'A minister or provincial chairman decision needs { kind: "province" } or { kind: "ministry", abbreviation }',
  );
}
