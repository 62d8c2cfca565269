/**
 * Eligibility rules per award, as data (DOMAIN.md: "N consecutive years of title X", "award Y
 * at least K years ago", "no disciplinary measure in the period"). check-eligibility.ts
 * evaluates them against a nominee's award history; rules it cannot check from the history
 * (an excellent year, an initiative's reach) are the reviewers' job and the dossier's.
 *
 * † Every count, share and number of years is a reference value to confirm against Law
 * 06/2022/QH15 (the articles on each title and order) and Decree 98/2023/NĐ-CP; sources name
 * the provision rather than guess its article number.
 */
import { findAwardType, type NomineeKind } from '../award-types.ts';
import type { EffectiveDated } from './effective-dated.ts';

interface RuleBase {
  /** Stable id `<award id>/<rule>` (it names no † value, so it survives a change of figures). */
  id: string;
  descriptionVi: string;
  descriptionEn: string;
  source: string;
  /** Only for this kind of nominee; for both when omitted. */
  appliesTo?: NomineeKind;
  /**
   * A record-of-service criterion. An ad-hoc (đột xuất) achievement is a separate basis in the
   * law, so these rules are not applied to it.
   */
  recordBased?: boolean;
}

/**
 * One rule. Years are emulation years (năm thành tích), the `year` of history entries;
 * "since" counts `period − year`, so an award in 2019 is 5 years since for period 2024.
 */
export type EligibilityRule = RuleBase &
  (
    /** `times` titles `awardTypeId`, in the period and every `everyYears` before it, none missing. */
    | { kind: 'consecutiveTitle'; awardTypeId: string; times: number; everyYears: number }
    /** `awardTypeId` held, `minYearsSince`..`maxYearsSince` years before the period (0 = the period itself). */
    | { kind: 'heldBefore'; awardTypeId: string; minYearsSince: number; maxYearsSince?: number }
    /** Classes of one order, lowest first: each class needs the one below (the first needs `entry`) held long enough, and no class as high is held. */
    | { kind: 'ladder'; classes: readonly string[]; entry: { awardTypeId: string; minYearsSince: number }; minYearsBetween: number }
    /**
     * `awardTypeId` not received for a year less than `years` from the period, before or after
     * it: one title's cycle of years cannot overlap another's, whichever was filed first.
     */
    | { kind: 'notAwardedWithin'; awardTypeId: string; years: number }
    /**
     * No disciplinary measure in the achievement-counting period (the period and the
     * `years − 1` years before it), nor since: a measure dated after the period is one the
     * nominee is still under when the award is considered.
     */
    | { kind: 'noDiscipline'; years: number }
    /**
     * Nominees of the unit for this award, this one included, at most `maxShare` (rounded down)
     * of the unit's individuals holding `ofTitle` in the period, or of its headcount without one.
     */
    | { kind: 'shareOfUnit'; maxShare: number; ofTitle?: string }
    /** Members holding `memberAwardTypeId` in the period: at least (more than, if `strictlyMore`) `minShare` of members, and at least `minCount`. */
    | { kind: 'memberShare'; memberAwardTypeId: string; minShare?: number; strictlyMore?: boolean; minCount?: number }
  );

const nameVi = (id: string) => findAwardType(id)?.nameVi ?? id;
const nameEn = (id: string) => findAwardType(id)?.nameEn ?? id;

const LAW = 'Luật Thi đua, khen thưởng 06/2022/QH15';
const DECREE = 'Nghị định 98/2023/NĐ-CP';

/**
 * `years`: the award's achievement-counting period (thời gian tính thành tích), the years its
 * record rules count: 3 for the provincial emulation soldier (three grassroots titles), 5 after
 * the award below for the Prime Minister's Bằng khen and the orders, 6 for the national one.
 */
function noDiscipline(award: string, years = 1): EligibilityRule {
  return {
    id: `${award}/no-discipline`, kind: 'noDiscipline', years,
    descriptionVi: years === 1 ? 'Không bị kỷ luật trong năm xét và từ đó đến khi xét' : `Không bị kỷ luật trong ${years} năm tính thành tích (đến năm xét) và từ đó đến khi xét`,
    descriptionEn: years === 1 ? 'No disciplinary measure in the year, nor since' : `No disciplinary measure in the ${years} years counted (to the year considered), nor since`,
    source: `${LAW}; ${DECREE} (không xét khen thưởng khi đang hoặc đã bị kỷ luật trong thời gian tính thành tích)†`,
  };
}

function oncePerYear(award: string, years = 1): EligibilityRule {
  return {
    id: years === 1 ? `${award}/once-per-year` : `${award}/not-again-within-cycle`, kind: 'notAwardedWithin', awardTypeId: award, years,
    descriptionVi: years === 1 ? `Chưa được tặng ${nameVi(award)} trong năm xét` : `Không được tặng ${nameVi(award)} trong ${years} năm gần nhất`,
    descriptionEn: years === 1 ? `Not already awarded ${nameEn(award)} for the year` : `Not awarded ${nameEn(award)} in the last ${years} years`,
    source: `${LAW} (nguyên tắc: một thành tích không khen nhiều lần; chu kỳ xét danh hiệu)†`,
  };
}

function sameYear(award: string, held: string, source: string): EligibilityRule {
  return {
    id: `${award}/${held}-same-year`, kind: 'heldBefore', awardTypeId: held, minYearsSince: 0, maxYearsSince: 0,
    descriptionVi: `Đạt ${nameVi(held)} trong năm xét`, descriptionEn: `Holds ${nameEn(held)} for the same year`, source,
  };
}

function heldYearsBefore(award: string, held: string, years: number, source: string, appliesTo?: NomineeKind): EligibilityRule {
  return {
    id: `${award}/after-${held}`, kind: 'heldBefore', awardTypeId: held, minYearsSince: years, recordBased: true,
    ...(appliesTo ? { appliesTo } : {}),
    descriptionVi: `Đã được tặng ${nameVi(held)} và ${years} năm tiếp theo trở lên`,
    descriptionEn: `Awarded ${nameEn(held)} at least ${years} years before`, source,
  };
}

function consecutive(award: string, title: string, times: number, everyYears: number, source: string): EligibilityRule {
  return {
    id: `${award}/consecutive-${title}`, kind: 'consecutiveTitle', awardTypeId: title, times, everyYears, recordBased: true,
    descriptionVi: `${times} lần liên tục đạt danh hiệu ${nameVi(title)}`,
    descriptionEn: `${times} consecutive times ${nameEn(title)}`, source,
  };
}

/** Huân chương Lao động: hạng Ba after the Prime Minister's Bằng khen, each class after the one below. */
const labourOrderClasses = ['huan-chuong-lao-dong-hang-ba', 'huan-chuong-lao-dong-hang-nhi', 'huan-chuong-lao-dong-hang-nhat'] as const;

function labourOrderLadder(award: (typeof labourOrderClasses)[number]): EligibilityRule {
  return {
    id: `${award}/ladder`, kind: 'ladder', classes: labourOrderClasses, recordBased: true,
    // † Law 06/2022/QH15, tiêu chuẩn Huân chương Lao động: "đã được tặng … 05 năm tiếp theo trở lên".
    entry: { awardTypeId: 'bang-khen-thu-tuong', minYearsSince: 5 },
    minYearsBetween: 5,
    descriptionVi: 'Đã được tặng hình thức liền dưới (Bằng khen của Thủ tướng hoặc hạng Huân chương Lao động thấp hơn) từ 5 năm trở lên, chưa có hạng này',
    descriptionEn: "Holds the award below (the Prime Minister's Bằng khen or the lower Labour Order class) for at least 5 years, and not yet this class",
    source: `${LAW} (tiêu chuẩn Huân chương Lao động hạng Nhất, Nhì, Ba)†`,
  };
}

export type EligibilityTable = Readonly<Record<string, readonly EligibilityRule[]>>;

const eligibility2024: EligibilityTable = Object.freeze({
  'lao-dong-tien-tien': [noDiscipline('lao-dong-tien-tien'), oncePerYear('lao-dong-tien-tien')],
  'chien-si-thi-dua-co-so': [
    sameYear('chien-si-thi-dua-co-so', 'lao-dong-tien-tien', `${LAW} (Chiến sĩ thi đua cơ sở: đạt Lao động tiên tiến và có sáng kiến)†`),
    {
      // † DOMAIN.md: a 15% share of the unit; the decree counts it on the unit's Lao động tiên tiến.
      id: 'chien-si-thi-dua-co-so/unit-share', kind: 'shareOfUnit', maxShare: 0.15, ofTitle: 'lao-dong-tien-tien',
      descriptionVi: 'Số Chiến sĩ thi đua cơ sở không quá 15% số cá nhân đạt Lao động tiên tiến của đơn vị',
      descriptionEn: 'Grassroots Emulation Soldiers at most 15% of the unit\'s Advanced Workers',
      source: `${DECREE} (tỷ lệ Chiến sĩ thi đua cơ sở không quá 15% tổng số cá nhân đạt Lao động tiên tiến)†`,
    },
    noDiscipline('chien-si-thi-dua-co-so'),
    oncePerYear('chien-si-thi-dua-co-so'),
  ],
  'chien-si-thi-dua-bo-nganh-tinh': [
    consecutive('chien-si-thi-dua-bo-nganh-tinh', 'chien-si-thi-dua-co-so', 3, 1, `${LAW} (Chiến sĩ thi đua cấp bộ, ban, ngành, tỉnh: 03 lần liên tục Chiến sĩ thi đua cơ sở)†`),
    oncePerYear('chien-si-thi-dua-bo-nganh-tinh', 3), // a new title needs three new years
    noDiscipline('chien-si-thi-dua-bo-nganh-tinh', 3),
  ],
  'chien-si-thi-dua-toan-quoc': [
    // Each provincial title takes three years, so "two consecutive times" are three years apart†.
    consecutive('chien-si-thi-dua-toan-quoc', 'chien-si-thi-dua-bo-nganh-tinh', 2, 3, `${LAW} (Chiến sĩ thi đua toàn quốc: 02 lần liên tục Chiến sĩ thi đua cấp bộ, tỉnh)†`),
    oncePerYear('chien-si-thi-dua-toan-quoc', 6),
    noDiscipline('chien-si-thi-dua-toan-quoc', 6),
  ],
  'tap-the-lao-dong-tien-tien': [
    {
      id: 'tap-the-lao-dong-tien-tien/members-lao-dong-tien-tien', kind: 'memberShare', memberAwardTypeId: 'lao-dong-tien-tien', minShare: 0.5, strictlyMore: true, // †
      descriptionVi: 'Trên 50% cá nhân trong tập thể đạt Lao động tiên tiến', descriptionEn: 'More than 50% of members are Advanced Workers',
      source: `${LAW} (Tập thể lao động tiên tiến)†`,
    },
    oncePerYear('tap-the-lao-dong-tien-tien'),
    noDiscipline('tap-the-lao-dong-tien-tien'),
  ],
  'tap-the-lao-dong-xuat-sac': [
    {
      id: 'tap-the-lao-dong-xuat-sac/members-lao-dong-tien-tien', kind: 'memberShare', memberAwardTypeId: 'lao-dong-tien-tien', minShare: 0.7, // † DOMAIN.md
      descriptionVi: 'Ít nhất 70% cá nhân trong tập thể đạt Lao động tiên tiến', descriptionEn: 'At least 70% of members are Advanced Workers',
      source: `${LAW} (Tập thể lao động xuất sắc)†`,
    },
    {
      id: 'tap-the-lao-dong-xuat-sac/member-chien-si-thi-dua-co-so', kind: 'memberShare', memberAwardTypeId: 'chien-si-thi-dua-co-so', minCount: 1, // † DOMAIN.md
      descriptionVi: 'Có cá nhân đạt Chiến sĩ thi đua cơ sở', descriptionEn: 'At least one member is a Grassroots Emulation Soldier',
      source: `${LAW} (Tập thể lao động xuất sắc)†`,
    },
    oncePerYear('tap-the-lao-dong-xuat-sac'),
    noDiscipline('tap-the-lao-dong-xuat-sac'),
  ],
  'co-thi-dua-bo-nganh-tinh': [
    sameYear('co-thi-dua-bo-nganh-tinh', 'tap-the-lao-dong-xuat-sac', `${LAW} (Cờ thi đua cấp bộ, tỉnh: chọn trong các tập thể lao động xuất sắc)†`),
    oncePerYear('co-thi-dua-bo-nganh-tinh'),
    noDiscipline('co-thi-dua-bo-nganh-tinh'),
  ],
  'co-thi-dua-chinh-phu': [
    sameYear('co-thi-dua-chinh-phu', 'co-thi-dua-bo-nganh-tinh', `${LAW} (Cờ thi đua của Chính phủ: chọn trong các tập thể được tặng Cờ thi đua cấp bộ, tỉnh)†`),
    oncePerYear('co-thi-dua-chinh-phu'),
    noDiscipline('co-thi-dua-chinh-phu'),
  ],
  'giay-khen': [noDiscipline('giay-khen')],
  'bang-khen-bo-nganh-tinh': [noDiscipline('bang-khen-bo-nganh-tinh')],
  'bang-khen-thu-tuong': [
    heldYearsBefore('bang-khen-thu-tuong', 'bang-khen-bo-nganh-tinh', 5, `${LAW} (Bằng khen của Thủ tướng: đã được tặng Bằng khen cấp bộ, tỉnh, 05 năm tiếp theo trở lên)†`),
    { ...oncePerYear('bang-khen-thu-tuong', 5), recordBased: true },
    noDiscipline('bang-khen-thu-tuong', 5),
  ],
  'huan-chuong-lao-dong-hang-ba': [labourOrderLadder('huan-chuong-lao-dong-hang-ba'), noDiscipline('huan-chuong-lao-dong-hang-ba', 5)],
  'huan-chuong-lao-dong-hang-nhi': [labourOrderLadder('huan-chuong-lao-dong-hang-nhi'), noDiscipline('huan-chuong-lao-dong-hang-nhi', 5)],
  'huan-chuong-lao-dong-hang-nhat': [labourOrderLadder('huan-chuong-lao-dong-hang-nhat'), noDiscipline('huan-chuong-lao-dong-hang-nhat', 5)],
  // Higher orders: collectives climb from the order below†; individuals qualify by offices and
  // years of service, which the award history does not hold, so only discipline is checked.
  'huan-chuong-doc-lap': [
    heldYearsBefore('huan-chuong-doc-lap', 'huan-chuong-lao-dong-hang-nhat', 5, `${LAW} (Huân chương Độc lập, tập thể)†`, 'collective'),
    noDiscipline('huan-chuong-doc-lap', 5),
  ],
  'huan-chuong-ho-chi-minh': [
    heldYearsBefore('huan-chuong-ho-chi-minh', 'huan-chuong-doc-lap', 5, `${LAW} (Huân chương Hồ Chí Minh, tập thể)†`, 'collective'),
    noDiscipline('huan-chuong-ho-chi-minh', 5),
  ],
  'huan-chuong-sao-vang': [
    heldYearsBefore('huan-chuong-sao-vang', 'huan-chuong-ho-chi-minh', 5, `${LAW} (Huân chương Sao vàng, tập thể)†`, 'collective'),
    noDiscipline('huan-chuong-sao-vang', 5),
  ],
  'anh-hung-lao-dong': [noDiscipline('anh-hung-lao-dong')],
} satisfies Record<string, readonly EligibilityRule[]>);

export const eligibilityVersions: readonly EffectiveDated<EligibilityTable>[] = Object.freeze([
  { from: '2024-01-01', value: eligibility2024, source: `${LAW}; ${DECREE}` },
]);
