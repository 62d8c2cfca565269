/**
 * The 2025 reorganisation as data, for the seven provinces of the seed's cluster (Cụm thi đua
 * các tỉnh Trung du và miền núi phía Bắc) and the provinces that absorbed them, plus the demo
 * units of Bắc Giang (see `demo-units.ts`) with their fates.
 *
 * † Reference, to confirm against the text before relying on it: the National Assembly's
 * Resolution 202/2025/QH15 of 12 June 2025 on arranging provincial-level administrative units,
 * with the provinces it formed operating from 1 July 2025; the district level ended the same
 * day under the 2025 Law on the Organisation of Local Government (72/2025/QH15). Dates before
 * 1997 are out of scope: `validFrom` is the first day of these records (1 January 1997, when the
 * last of these provinces took its pre-2025 shape), not a founding day.
 *
 * Modelling choice: the province whose name the merged province carries keeps its `unitId` and
 * goes on (its award history continues under it); the absorbed provinces cease on 30 June 2025
 * with a `merger` succession. Ids are those of the provincial People's Committee (`ubnd-tinh-…`),
 * as in `demoUnits`, because the committee is what acts for the province in a cluster.
 */
import type { OrganisationUnit, Succession } from './organisation-unit.ts';

/** The 2025 arrangement of provinces. † Reference values (see the module comment). */
export const provinceMerger2025 = Object.freeze({
  source: 'Nghị quyết 202/2025/QH15 của Quốc hội về việc sắp xếp đơn vị hành chính cấp tỉnh (12/6/2025) †',
  lastDayOfOldMap: '2025-06-30',
  effectiveFrom: '2025-07-01',
  /** The district level (cấp huyện) ended with the new map. */
  districtLevelSource: 'Luật Tổ chức chính quyền địa phương 2025 (72/2025/QH15) †',
  reference: true,
});

const RECORDS_START = '1997-01-01';
const { lastDayOfOldMap, effectiveFrom, source } = provinceMerger2025;

const mergedInto = (successorId: string): Succession => ({ successorId, from: effectiveFrom, reason: 'merger', source });

function province(slug: string, nameVi: string, nameEn: string, successorSlug?: string): OrganisationUnit {
  return {
    unitId: `ubnd-tinh-${slug}`,
    nameVi: `Tỉnh ${nameVi}`,
    nameEn: `${nameEn} Province`,
    kind: 'province',
    validFrom: RECORDS_START,
    ...(successorSlug ? { validTo: lastDayOfOldMap, succession: mergedInto(`ubnd-tinh-${successorSlug}`) } : {}),
    parents: [],
  };
}

function department(unitId: string, nameVi: string, nameEn: string, parentId: string, successorId?: string): OrganisationUnit {
  const ceased = successorId ? { validTo: lastDayOfOldMap, succession: mergedInto(successorId) } : {};
  return {
    unitId,
    nameVi,
    nameEn,
    kind: 'department',
    validFrom: RECORDS_START,
    ...ceased,
    parents: [{ parentId, from: RECORDS_START, ...(successorId ? { to: lastDayOfOldMap } : {}) }],
  };
}

export const provinces2025: readonly OrganisationUnit[] = Object.freeze([
  // The seed's seven, and what became of them.
  province('bac-giang', 'Bắc Giang', 'Bac Giang', 'bac-ninh'),
  province('bac-kan', 'Bắc Kạn', 'Bac Kan', 'thai-nguyen'),
  province('thai-nguyen', 'Thái Nguyên', 'Thai Nguyen'),
  province('hoa-binh', 'Hòa Bình', 'Hoa Binh', 'phu-tho'),
  province('tuyen-quang', 'Tuyên Quang', 'Tuyen Quang'),
  province('yen-bai', 'Yên Bái', 'Yen Bai', 'lao-cai'),
  province('phu-tho', 'Phú Thọ', 'Phu Tho'),
  // The provinces they joined or that joined them, outside the seed's cluster.
  province('bac-ninh', 'Bắc Ninh', 'Bac Ninh'),
  province('lao-cai', 'Lào Cai', 'Lao Cai'),
  province('ha-giang', 'Hà Giang', 'Ha Giang', 'tuyen-quang'),
  province('vinh-phuc', 'Vĩnh Phúc', 'Vinh Phuc', 'phu-tho'),
]);

/** The demo units of Bắc Giang: departments merged into Bắc Ninh's, the district ended without a successor. */
export const bacGiangDemoUnits2025: readonly OrganisationUnit[] = Object.freeze([
  department('so-noi-vu-bac-giang', 'Sở Nội vụ tỉnh Bắc Giang', 'Bac Giang Department of Home Affairs', 'ubnd-tinh-bac-giang', 'so-noi-vu-bac-ninh'),
  department('so-noi-vu-bac-ninh', 'Sở Nội vụ tỉnh Bắc Ninh', 'Bac Ninh Department of Home Affairs', 'ubnd-tinh-bac-ninh'),
  department('so-giao-duc-bac-giang', 'Sở Giáo dục và Đào tạo tỉnh Bắc Giang', 'Bac Giang Department of Education and Training', 'ubnd-tinh-bac-giang', 'so-giao-duc-bac-ninh'),
  department('so-giao-duc-bac-ninh', 'Sở Giáo dục và Đào tạo tỉnh Bắc Ninh', 'Bac Ninh Department of Education and Training', 'ubnd-tinh-bac-ninh'),
  {
    unitId: 'ubnd-huyen-yen-dung',
    nameVi: 'Huyện Yên Dũng',
    nameEn: 'Yen Dung District',
    kind: 'district',
    validFrom: RECORDS_START,
    validTo: lastDayOfOldMap, // no succession: its communes went to the province directly
    parents: [{ parentId: 'ubnd-tinh-bac-giang', from: RECORDS_START, to: lastDayOfOldMap }],
  },
]);

/** All the units above: what the tests, the demo and the cluster seed read. */
export const organisation2025: readonly OrganisationUnit[] = Object.freeze([...provinces2025, ...bacGiangDemoUnits2025]);
