/**
 * The catalogue of awards (DOMAIN.md "What"): emulation titles (danh hiệu thi đua) and forms of
 * commendation (hình thức khen thưởng), after Law 06/2022/QH15 and Decree 98/2023/NĐ-CP.
 *
 * Data, not code: a later version makes each entry effective-dated (the law and its decrees
 * change), so callers look awards up through {@link findAwardType} rather than by constant.
 * Routes, dossiers, eligibility rules and reward money hang off these ids in `catalogue/`,
 * effective-dated (`catalogueAt(date)`); a test there checks every id here has all four.
 *
 * Glossary: Bằng khen — certificate of merit; Giấy khen — certificate of the head of a unit;
 * Chiến sĩ thi đua — emulation soldier (an individual title); Cờ thi đua — emulation flag
 * (a collective title); Huân chương — order (state decoration).
 */

/** Who an award is given to. */
export type AwardKind = 'individual' | 'collective' | 'both';

/** Who a nomination is for: a person or a collective (tập thể). */
export type NomineeKind = 'individual' | 'collective';

/** An emulation title (yearly or by campaign) or a form of commendation. */
export type AwardCategory = 'title' | 'commendation';

/** The competent authority who decides (DOMAIN.md "Who"). */
export type DecidingAuthority = 'unitHead' | 'ministerOrProvincialChairman' | 'primeMinister' | 'president';

export interface AwardType {
  /** Stable kebab-case id, stored on nominations. */
  id: string;
  nameVi: string;
  nameEn: string;
  category: AwardCategory;
  kind: AwardKind;
  decidingAuthority: DecidingAuthority;
}

export const awardTypes: readonly AwardType[] = Object.freeze([
  // Emulation titles (danh hiệu thi đua)
  { id: 'lao-dong-tien-tien', nameVi: 'Lao động tiên tiến / Chiến sĩ tiên tiến', nameEn: 'Advanced Worker / Advanced Soldier', category: 'title', kind: 'individual', decidingAuthority: 'unitHead' },
  { id: 'chien-si-thi-dua-co-so', nameVi: 'Chiến sĩ thi đua cơ sở', nameEn: 'Grassroots Emulation Soldier', category: 'title', kind: 'individual', decidingAuthority: 'unitHead' },
  { id: 'chien-si-thi-dua-bo-nganh-tinh', nameVi: 'Chiến sĩ thi đua cấp bộ, ngành, tỉnh', nameEn: 'Ministerial / Provincial Emulation Soldier', category: 'title', kind: 'individual', decidingAuthority: 'ministerOrProvincialChairman' },
  { id: 'chien-si-thi-dua-toan-quoc', nameVi: 'Chiến sĩ thi đua toàn quốc', nameEn: 'National Emulation Soldier', category: 'title', kind: 'individual', decidingAuthority: 'primeMinister' },
  { id: 'tap-the-lao-dong-tien-tien', nameVi: 'Tập thể lao động tiên tiến', nameEn: 'Advanced Labour Collective', category: 'title', kind: 'collective', decidingAuthority: 'unitHead' },
  { id: 'tap-the-lao-dong-xuat-sac', nameVi: 'Tập thể lao động xuất sắc', nameEn: 'Excellent Labour Collective', category: 'title', kind: 'collective', decidingAuthority: 'ministerOrProvincialChairman' },
  { id: 'co-thi-dua-bo-nganh-tinh', nameVi: 'Cờ thi đua của bộ, ngành, tỉnh', nameEn: 'Ministerial / Provincial Emulation Flag', category: 'title', kind: 'collective', decidingAuthority: 'ministerOrProvincialChairman' },
  { id: 'co-thi-dua-chinh-phu', nameVi: 'Cờ thi đua của Chính phủ', nameEn: 'Government Emulation Flag', category: 'title', kind: 'collective', decidingAuthority: 'primeMinister' },
  // Forms of commendation (hình thức khen thưởng)
  { id: 'giay-khen', nameVi: 'Giấy khen', nameEn: 'Certificate of Merit of the Head of Unit', category: 'commendation', kind: 'both', decidingAuthority: 'unitHead' },
  { id: 'bang-khen-bo-nganh-tinh', nameVi: 'Bằng khen của bộ, ngành, tỉnh', nameEn: 'Ministerial / Provincial Certificate of Merit', category: 'commendation', kind: 'both', decidingAuthority: 'ministerOrProvincialChairman' },
  { id: 'bang-khen-thu-tuong', nameVi: 'Bằng khen của Thủ tướng Chính phủ', nameEn: "Prime Minister's Certificate of Merit", category: 'commendation', kind: 'both', decidingAuthority: 'primeMinister' },
  { id: 'huan-chuong-lao-dong-hang-ba', nameVi: 'Huân chương Lao động hạng Ba', nameEn: 'Labour Order, Third Class', category: 'commendation', kind: 'both', decidingAuthority: 'president' },
  { id: 'huan-chuong-lao-dong-hang-nhi', nameVi: 'Huân chương Lao động hạng Nhì', nameEn: 'Labour Order, Second Class', category: 'commendation', kind: 'both', decidingAuthority: 'president' },
  { id: 'huan-chuong-lao-dong-hang-nhat', nameVi: 'Huân chương Lao động hạng Nhất', nameEn: 'Labour Order, First Class', category: 'commendation', kind: 'both', decidingAuthority: 'president' },
  { id: 'huan-chuong-doc-lap', nameVi: 'Huân chương Độc lập', nameEn: 'Independence Order', category: 'commendation', kind: 'both', decidingAuthority: 'president' },
  { id: 'huan-chuong-ho-chi-minh', nameVi: 'Huân chương Hồ Chí Minh', nameEn: 'Ho Chi Minh Order', category: 'commendation', kind: 'both', decidingAuthority: 'president' },
  { id: 'huan-chuong-sao-vang', nameVi: 'Huân chương Sao vàng', nameEn: 'Gold Star Order', category: 'commendation', kind: 'both', decidingAuthority: 'president' },
  { id: 'anh-hung-lao-dong', nameVi: 'Anh hùng Lao động', nameEn: 'Hero of Labour', category: 'commendation', kind: 'both', decidingAuthority: 'president' },
] satisfies AwardType[]);

const byId = new Map(awardTypes.map((awardType) => [awardType.id, awardType]));

/** The award with that id, or undefined when the catalogue has none. */
export function findAwardType(id: string): AwardType | undefined {
  return byId.get(id);
}

/** Whether an award can be given to a nominee of that kind. */
export function awardFits(awardType: AwardType, nomineeKind: NomineeKind): boolean {
  return awardType.kind === 'both' || awardType.kind === nomineeKind;
}
