/**
 * Checks a nominee against the eligibility rules of an award (eligibility-rules.ts) and says
 * which rules fail and why, naming the missing or conflicting years. Pure: the caller passes
 * the nominee's award history and, for share rules, the unit's figures.
 */
import { awardFits, findAwardType, type NomineeKind } from '../award-types.ts';
import { allowsSimplified } from './award-routes.ts';
import { CatalogueError, NomineeKindMismatchError, SimplifiedProcedureNotAllowedError, UnknownAwardTypeError } from './catalogue-errors.ts';
import { requireInForce } from './effective-dated.ts';
import { eligibilityVersions, type EligibilityRule } from './eligibility-rules.ts';

/** One year of a nominee's record. */
export interface AwardHistoryEntry {
  /** The award received; omitted for an entry that only records a disciplinary measure. */
  awardTypeId?: string;
  /** The emulation year it is for (năm thành tích); for a commendation outside the yearly round, the year of its decision. */
  year: number;
  /** `YYYY-MM-DD` of the decision, for display; rules count `year`. */
  decisionDate?: string;
  /** A disciplinary measure (kỷ luật) took effect in `year`. */
  disciplined?: boolean;
}

/** A unit's figures for the period, for share rules. */
export interface UnitFigures {
  /** Individuals of the proposing unit (shareOfUnit), or members of the nominated collective (memberShare). */
  headcount: number;
  /** The unit's nominations for the same award and period already made, this one excluded. Default 0. */
  alreadyNominated?: number;
  /**
   * Members holding each title in the period, by award id; an absent id counts 0. Of the
   * nominated collective (memberShare), or of the proposing unit (shareOfUnit counted on a title).
   */
  memberTitles?: Readonly<Record<string, number>>;
}

/**
 * What a `shareOfUnit` rule's share is taken of: the unit's holders of its title, or its
 * headcount; undefined when the unit's figures do not say.
 */
export function shareBaseOf(rule: Extract<EligibilityRule, { kind: 'shareOfUnit' }>, unit: UnitFigures): number | undefined {
  if (rule.ofTitle === undefined) return unit.headcount;
  return unit.memberTitles ? (unit.memberTitles[rule.ofTitle] ?? 0) : undefined;
}

export interface EligibilityInput {
  awardTypeId: string;
  nomineeKind: NomineeKind;
  /** The emulation year the nomination is for. */
  period: number;
  history: readonly AwardHistoryEntry[];
  unit?: UnitFigures;
  /** An ad-hoc (đột xuất) achievement: record-based rules do not apply. Only where the simplified procedure is allowed. */
  adHoc?: boolean;
  /** `YYYY-MM-DD` whose rules apply; default 1 January after the period, when its results are considered. */
  at?: string;
}

export interface EligibilityFailure {
  ruleId: string;
  kind: EligibilityRule['kind'];
  messageVi: string;
  messageEn: string;
  /** Years a required title is missing. */
  missingYears?: number[];
  /** Years of an award or a disciplinary measure that stands in the way. */
  conflictingYears?: number[];
  /** First period the rule could pass on this history, when waiting is the remedy. */
  eligibleFromYear?: number;
}

export interface EligibilityResult {
  eligible: boolean;
  failures: EligibilityFailure[];
  /** Rules not applied: for another kind of nominee, or record-based for an ad-hoc achievement. */
  skippedRuleIds: string[];
}

type Outcome = Omit<EligibilityFailure, 'ruleId' | 'kind'> | null;

const nameVi = (id: string) => findAwardType(id)?.nameVi ?? id;
const nameEn = (id: string) => findAwardType(id)?.nameEn ?? id;
const list = (years: readonly number[]) => years.join(', ');
const percent = (share: number) => `${Math.round(share * 1000) / 10}%`;

/** Years of `awardTypeId` in the history, ascending. */
function yearsOf(history: readonly AwardHistoryEntry[], awardTypeId: string): number[] {
  return history.filter((entry) => entry.awardTypeId === awardTypeId).map((entry) => entry.year).sort((a, b) => a - b);
}

/** `awardTypeId` held `min`..`max` years before `period`; else why not. */
function heldBefore(history: readonly AwardHistoryEntry[], period: number, awardTypeId: string, min: number, max?: number): Outcome {
  const years = yearsOf(history, awardTypeId).filter((year) => year <= period);
  if (years.some((year) => period - year >= min && (max === undefined || period - year <= max))) return null;
  if (min === 0 && max === 0) {
    return { messageVi: `Cần đạt ${nameVi(awardTypeId)} năm ${period}`, messageEn: `Needs ${nameEn(awardTypeId)} for ${period}`, missingYears: [period] };
  }
  const latestHeld = years.filter((year) => max === undefined || period - year <= max).at(-1);
  const tooRecent = latestHeld !== undefined && period - latestHeld < min;
  return {
    messageVi: `Cần đã được tặng ${nameVi(awardTypeId)} từ năm ${period - min} trở về trước` +
      (tooRecent ? `; được tặng năm ${latestHeld}, đủ thời gian từ năm ${latestHeld + min}` : `; chưa được tặng`),
    messageEn: `Needs ${nameEn(awardTypeId)} awarded in ${period - min} or earlier` +
      (tooRecent ? `; awarded ${latestHeld}, long enough from ${latestHeld + min}` : `; never awarded`),
    ...(tooRecent ? { eligibleFromYear: latestHeld + min } : {}),
  };
}

function evaluate(rule: EligibilityRule, input: EligibilityInput): Outcome {
  const { history, period, unit } = input;
  switch (rule.kind) {
    case 'consecutiveTitle': {
      const held = new Set(yearsOf(history, rule.awardTypeId));
      const needed = Array.from({ length: rule.times }, (_, k) => period - (rule.times - 1 - k) * rule.everyYears);
      const missingYears = needed.filter((year) => !held.has(year));
      if (missingYears.length === 0) return null;
      return {
        messageVi: `Cần ${rule.times} lần liên tục ${nameVi(rule.awardTypeId)}; thiếu các năm ${list(missingYears)}`,
        messageEn: `Needs ${rule.times} consecutive times ${nameEn(rule.awardTypeId)}; missing ${list(missingYears)}`,
        missingYears,
      };
    }
    case 'heldBefore':
      return heldBefore(history, period, rule.awardTypeId, rule.minYearsSince, rule.maxYearsSince);
    case 'ladder': {
      const rank = rule.classes.indexOf(input.awardTypeId);
      if (rank < 0) throw new CatalogueError(`Ladder rule ${rule.id} does not list ${input.awardTypeId}`);
      const asHigh = history.filter((entry) => entry.awardTypeId !== undefined && rule.classes.indexOf(entry.awardTypeId) >= rank);
      if (asHigh.length > 0) {
        const highest = asHigh.map((entry) => entry.awardTypeId as string).sort((a, b) => rule.classes.indexOf(b) - rule.classes.indexOf(a))[0] as string;
        return {
          messageVi: `Đã được tặng ${nameVi(highest)}`, messageEn: `Already holds ${nameEn(highest)}`,
          conflictingYears: asHigh.map((entry) => entry.year).sort((a, b) => a - b),
        };
      }
      const below = rank === 0 ? rule.entry.awardTypeId : (rule.classes[rank - 1] as string);
      return heldBefore(history, period, below, rank === 0 ? rule.entry.minYearsSince : rule.minYearsBetween);
    }
    case 'notAwardedWithin': {
      const conflictingYears = yearsOf(history, rule.awardTypeId).filter((year) => Math.abs(period - year) < rule.years);
      const last = conflictingYears.at(-1);
      if (last === undefined) return null;
      return {
        messageVi: `Đã được tặng ${nameVi(rule.awardTypeId)} năm ${list(conflictingYears)}; xét lại từ năm ${last + rule.years}`,
        messageEn: `Already awarded ${nameEn(rule.awardTypeId)} in ${list(conflictingYears)}; again from ${last + rule.years}`,
        conflictingYears, eligibleFromYear: last + rule.years,
      };
    }
    case 'noDiscipline': {
      const conflictingYears = history
        .filter((entry) => entry.disciplined && entry.year > period - rule.years)
        .map((entry) => entry.year).sort((a, b) => a - b);
      if (conflictingYears.length === 0) return null;
      return { messageVi: `Bị kỷ luật năm ${list(conflictingYears)}`, messageEn: `Disciplined in ${list(conflictingYears)}`, conflictingYears };
    }
    case 'shareOfUnit': {
      const base = unit ? shareBaseOf(rule, unit) : undefined;
      if (!unit || base === undefined) return missingUnitFigures();
      const cap = Math.floor(base * rule.maxShare + 1e-9);
      const nominated = unit.alreadyNominated ?? 0;
      if (nominated + 1 <= cap) return null;
      const [baseVi, baseEn] =
        rule.ofTitle === undefined
          ? [`đơn vị ${base} người`, `a unit of ${base}`]
          : [`đơn vị có ${base} người đạt ${nameVi(rule.ofTitle)}`, `a unit with ${base} holders of ${nameEn(rule.ofTitle)}`];
      return {
        messageVi: `Vượt tỷ lệ ${percent(rule.maxShare)}: ${baseVi} được tối đa ${cap}, đã đề nghị ${nominated}`,
        messageEn: `Over the ${percent(rule.maxShare)} share: ${baseEn} may have at most ${cap}, ${nominated} already nominated`,
      };
    }
    case 'memberShare': {
      if (!unit?.memberTitles) return missingUnitFigures();
      const count = unit.memberTitles[rule.memberAwardTypeId] ?? 0;
      const wanted = rule.minShare === undefined ? 0 : unit.headcount * rule.minShare;
      const shareOk = rule.minShare === undefined || (rule.strictlyMore ? count > wanted + 1e-9 : count >= wanted - 1e-9);
      if (shareOk && count >= (rule.minCount ?? 0)) return null;
      const needVi = rule.minShare === undefined ? `ít nhất ${rule.minCount}` : `${rule.strictlyMore ? 'trên' : 'ít nhất'} ${percent(rule.minShare)}`;
      const needEn = rule.minShare === undefined ? `at least ${rule.minCount}` : `${rule.strictlyMore ? 'more than' : 'at least'} ${percent(rule.minShare)}`;
      return {
        messageVi: `Cần ${needVi} thành viên đạt ${nameVi(rule.memberAwardTypeId)}; hiện có ${count}/${unit.headcount}`,
        messageEn: `Needs ${needEn} of members with ${nameEn(rule.memberAwardTypeId)}; has ${count}/${unit.headcount}`,
      };
    }
  }
}

function missingUnitFigures(): Outcome {
  return {
    messageVi: 'Thiếu số liệu của đơn vị (quân số, số đã đề nghị, danh hiệu của thành viên) để kiểm tra tỷ lệ',
    messageEn: "The unit's figures (headcount, nominations, members' titles) are needed to check the share",
  };
}

function validate(input: EligibilityInput): void {
  const isYear = (year: number) => Number.isSafeInteger(year) && year >= 1900 && year <= 9999;
  if (!isYear(input.period)) throw new CatalogueError(`period must be a year, got ${input.period}`);
  if (input.history.some((entry) => !isYear(entry.year))) throw new CatalogueError('every history entry needs a year');
  const { unit } = input;
  if (unit && (!Number.isSafeInteger(unit.headcount) || unit.headcount <= 0 || !Number.isSafeInteger(unit.alreadyNominated ?? 0) || (unit.alreadyNominated ?? 0) < 0)) {
    throw new CatalogueError('unit.headcount must be a positive integer and unit.alreadyNominated a non-negative integer');
  }
}

/**
 * The earliest award year (period) the catalogue can check: a year is judged by the rules in
 * force on 1 January after it, so the first year whose following 1 January falls under the
 * earliest eligibility rules (2023, for rules in force from 2024-01-01).
 */
export function firstCheckablePeriod(): number {
  const from = [...eligibilityVersions].map((version) => version.from).sort()[0]!;
  const year = Number(from.slice(0, 4));
  return from.endsWith('-01-01') ? year - 1 : year;
}

/** Whether a rule applies to this nomination: not one for another kind of nominee, nor one on the record for an ad-hoc achievement. */
const applies = (rule: EligibilityRule, nomineeKind: NomineeKind, adHoc: boolean | undefined) =>
  !(rule.appliesTo && rule.appliesTo !== nomineeKind) && !(adHoc && rule.recordBased);

/**
 * The share rules of an award that apply to a nomination for a period, as far as a unit's
 * figures must answer them: null when none applies; else the titles whose holders they must
 * count (besides the headcount).
 */
export function shareRuleTitles(awardTypeId: string, period: number, nominee: { kind: NomineeKind; adHoc?: boolean }): string[] | null {
  const rules = requireInForce(eligibilityVersions, `${period + 1}-01-01`, 'eligibility rules').value[awardTypeId] ?? [];
  const shareRules = rules.filter((rule) => (rule.kind === 'shareOfUnit' || rule.kind === 'memberShare') && applies(rule, nominee.kind, nominee.adHoc));
  if (shareRules.length === 0) return null;
  const titles = shareRules.map((rule) => (rule.kind === 'memberShare' ? rule.memberAwardTypeId : rule.kind === 'shareOfUnit' ? rule.ofTitle : undefined));
  return [...new Set(titles.filter((title): title is string => title !== undefined))];
}

/**
 * Whether the nominee meets every rule of the award that can be checked from the history and
 * the unit's figures. Ineligible is a value (`eligible: false` with one failure per failing
 * rule, in rule order); throws only for bad input: an unknown award, a nominee kind the award is
 * not given to, a malformed period or unit, ad hoc where not allowed, or no rules in force at `at`.
 */
export function checkEligibility(input: EligibilityInput): EligibilityResult {
  const awardType = findAwardType(input.awardTypeId);
  if (!awardType) throw new UnknownAwardTypeError(input.awardTypeId);
  if (!awardFits(awardType, input.nomineeKind)) throw new NomineeKindMismatchError(input.awardTypeId, input.nomineeKind);
  validate(input);
  const at = input.at ?? `${input.period + 1}-01-01`;
  if (input.adHoc && !allowsSimplified(input.awardTypeId, at)) throw new SimplifiedProcedureNotAllowedError(input.awardTypeId);
  const rules = requireInForce(eligibilityVersions, at, 'eligibility rules').value[input.awardTypeId] ?? [];

  const failures: EligibilityFailure[] = [];
  const skippedRuleIds: string[] = [];
  for (const rule of rules) {
    if (!applies(rule, input.nomineeKind, input.adHoc)) {
      skippedRuleIds.push(rule.id);
      continue;
    }
    const outcome = evaluate(rule, input);
    if (outcome) failures.push({ ruleId: rule.id, kind: rule.kind, ...outcome });
  }
  return { eligible: failures.length === 0, failures, skippedRuleIds };
}
