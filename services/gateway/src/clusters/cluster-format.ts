/**
 * How the cluster pages write numbers, scales and names: Vietnamese decimals with a comma
 * (8,5), English with a point; members by their Vietnamese name (a proper name in both languages).
 */
import { findAwardType, type Criterion, type ScoringScale } from '@vinh-danh/domain';
import type { ClusterEvaluationContext, Stage } from '@vinh-danh/workflows';
import type { Lang } from '../i18n/i18n.ts';
import { ct } from './cluster-messages.ts';

const numberFormats: Record<Lang, Intl.NumberFormat> = {
  vi: new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 2, useGrouping: false }),
  en: new Intl.NumberFormat('en-GB', { maximumFractionDigits: 2, useGrouping: false }),
};

export const formatNumber = (value: number, lang: Lang): string => numberFormats[lang].format(value);

const dateFormats: Record<Lang, Intl.DateTimeFormat> = {
  vi: new Intl.DateTimeFormat('vi-VN', { day: '2-digit', month: '2-digit', year: 'numeric', timeZone: 'Asia/Ho_Chi_Minh' }),
  en: new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeZone: 'Asia/Ho_Chi_Minh' }),
};

/**
 * The day of a moment in Vietnam (Asia/Ho_Chi_Minh): `10/03/2023`, `10 Mar 2023`. Signatures of an
 * agreement are dated by the day, and the seed's give the day of the meeting, not an hour.
 */
export const formatDate = (date: Date, lang: Lang): string => dateFormats[lang].format(date);

/** `0–10, bước 0,5` / `0–10 in steps of 0.5`. */
export const scaleText = (scale: ScoringScale, lang: Lang): string =>
  ct(lang, 'scale.text', { min: formatNumber(scale.min, lang), max: formatNumber(scale.max, lang), step: formatNumber(scale.step, lang) });

export const criterionName = (criterion: Criterion, lang: Lang): string => (lang === 'vi' ? criterion.nameVi : criterion.nameEn);

/** A member's name as the cluster's input gave it; its id when it is not a member (never expected). */
export function memberName(context: Pick<ClusterEvaluationContext, 'members'>, memberId: string): string {
  return context.members.find((seat) => seat.memberId === memberId)?.nameVi ?? memberId;
}

export const memberNames = (context: Pick<ClusterEvaluationContext, 'members'>, memberIds: readonly string[], lang: Lang): string =>
  memberIds.length ? memberIds.map((memberId) => memberName(context, memberId)).join(', ') : ct(lang, 'none');

export function awardName(awardTypeId: string, lang: Lang): string {
  const award = findAwardType(awardTypeId);
  return award ? (lang === 'vi' ? award.nameVi : award.nameEn) : awardTypeId;
}

export const stageName = (stage: Stage, lang: Lang): string => ct(lang, `stage.${stage}`);

/** `33,3` for 1/3: a share as a percentage. */
export const percent = (share: number, lang: Lang): string => formatNumber(Math.round(share * 1000) / 10, lang);
