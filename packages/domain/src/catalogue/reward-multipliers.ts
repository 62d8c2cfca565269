/**
 * Reward multipliers: reward money is a multiple of the base salary in force on the decision
 * date, per award and nominee kind (DOMAIN.md "Reward money").
 *
 * † Every multiplier is a reference value to confirm against Decree 98/2023/NĐ-CP (the chapter
 * on reward money: mức tiền thưởng danh hiệu thi đua, hình thức khen thưởng, huân chương,
 * danh hiệu vinh dự nhà nước). The figures match DOMAIN.md's table and Decree 91/2017/NĐ-CP,
 * which Decree 98/2023 replaced; article numbers are left out rather than guessed.
 * Collectives get twice the individual figure where an award is given to both (the decrees'
 * "gấp 2 lần mức tiền thưởng đối với cá nhân"); collective-only titles have their own figure.
 */
import type { NomineeKind } from '../award-types.ts';
import type { EffectiveDated } from './effective-dated.ts';

/** The multipliers of one award, per nominee kind, or why it carries no money from this table. */
export interface RewardMultipliers {
  individual?: readonly EffectiveDated<number>[];
  collective?: readonly EffectiveDated<number>[];
  /** Present instead of multipliers when the amount is not determined by this table. */
  noReward?: { reasonVi: string; reasonEn: string };
}

// Law 06/2022/QH15 and its Decree 98/2023/NĐ-CP (dated 31 Dec 2023) apply from 1 January 2024.
const FROM = '2024-01-01';
const TITLES = 'Nghị định 98/2023/NĐ-CP — mức tiền thưởng danh hiệu thi đua†';
const COMMENDATIONS = 'Nghị định 98/2023/NĐ-CP — mức tiền thưởng Bằng khen, Giấy khen†';
const ORDERS = 'Nghị định 98/2023/NĐ-CP — mức tiền thưởng huân chương†';
const HONOURS = 'Nghị định 98/2023/NĐ-CP — mức tiền thưởng danh hiệu vinh dự nhà nước†';

function since(value: number, source: string): readonly EffectiveDated<number>[] {
  return [{ from: FROM, value, source }];
}

/** Individual figure, and twice it for a collective. */
function bothKinds(individual: number, source: string): RewardMultipliers {
  return { individual: since(individual, source), collective: since(individual * 2, source) };
}

export const rewardMultipliers: Readonly<Record<string, RewardMultipliers>> = Object.freeze({
  // Emulation titles
  'lao-dong-tien-tien': { individual: since(0.3, TITLES) },
  'chien-si-thi-dua-co-so': { individual: since(1.0, TITLES) },
  'chien-si-thi-dua-bo-nganh-tinh': { individual: since(3.0, TITLES) },
  'chien-si-thi-dua-toan-quoc': { individual: since(4.5, TITLES) },
  'tap-the-lao-dong-tien-tien': { collective: since(0.8, TITLES) },
  'tap-the-lao-dong-xuat-sac': { collective: since(1.5, TITLES) },
  'co-thi-dua-bo-nganh-tinh': { collective: since(8.0, TITLES) },
  'co-thi-dua-chinh-phu': { collective: since(12.0, TITLES) },
  // Forms of commendation
  'giay-khen': bothKinds(0.3, COMMENDATIONS),
  'bang-khen-bo-nganh-tinh': bothKinds(1.0, COMMENDATIONS),
  'bang-khen-thu-tuong': bothKinds(1.5, COMMENDATIONS),
  'huan-chuong-lao-dong-hang-ba': bothKinds(4.5, ORDERS),
  'huan-chuong-lao-dong-hang-nhi': bothKinds(7.5, ORDERS),
  'huan-chuong-lao-dong-hang-nhat': bothKinds(9.0, ORDERS),
  'huan-chuong-doc-lap': {
    // The order has three classes with different multipliers; the catalogue keeps one id.
    noReward: {
      reasonVi: 'Mức thưởng Huân chương Độc lập tùy hạng (Nhất, Nhì, Ba); danh mục chưa phân hạng',
      reasonEn: 'The Independence Order is paid by class (First, Second, Third); the catalogue does not distinguish classes yet',
    },
  },
  'huan-chuong-ho-chi-minh': bothKinds(30.5, ORDERS),
  'huan-chuong-sao-vang': bothKinds(46.0, ORDERS),
  'anh-hung-lao-dong': bothKinds(15.5, HONOURS),
} satisfies Record<string, RewardMultipliers>);

/** The multipliers of one nominee kind for an award, or undefined when the table has none. */
export function multipliersFor(awardTypeId: string, nomineeKind: NomineeKind): readonly EffectiveDated<number>[] | undefined {
  const entry = Object.hasOwn(rewardMultipliers, awardTypeId) ? rewardMultipliers[awardTypeId] : undefined;
  return entry?.[nomineeKind];
}
