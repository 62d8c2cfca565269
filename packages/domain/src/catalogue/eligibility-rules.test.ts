/**
 * Every rule of every award, generically: a history built to meet all of the award's rules
 * passes, and the same history changed to break one rule fails on that rule alone.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { awardFits, awardTypes, findAwardType, type NomineeKind } from '../award-types.ts';
import { checkEligibility, shareBaseOf, type AwardHistoryEntry, type EligibilityInput } from './check-eligibility.ts';
import { eligibilityVersions, type EligibilityRule } from './eligibility-rules.ts';

const PERIOD = 2024;
const rulesOf = (awardTypeId: string) => eligibilityVersions.at(-1)!.value[awardTypeId] ?? [];

/** What a rule needs to pass, added to a history and unit. */
function satisfy(rule: EligibilityRule, awardTypeId: string, input: EligibilityInput): void {
  const history = input.history as AwardHistoryEntry[];
  const unit = (input.unit ??= { headcount: 100, memberTitles: {} });
  switch (rule.kind) {
    case 'consecutiveTitle':
      for (let k = 0; k < rule.times; k++) history.push({ awardTypeId: rule.awardTypeId, year: PERIOD - k * rule.everyYears });
      break;
    case 'heldBefore':
      history.push({ awardTypeId: rule.awardTypeId, year: PERIOD - rule.minYearsSince });
      break;
    case 'ladder': {
      const rank = rule.classes.indexOf(awardTypeId);
      history.push(rank === 0
        ? { awardTypeId: rule.entry.awardTypeId, year: PERIOD - rule.entry.minYearsSince }
        : { awardTypeId: rule.classes[rank - 1]!, year: PERIOD - rule.minYearsBetween });
      break;
    }
    case 'memberShare':
      unit.memberTitles = { ...unit.memberTitles, [rule.memberAwardTypeId]: unit.headcount };
      break;
    case 'shareOfUnit':
      // An empty quota, counted on the whole unit holding the title it is a share of.
      if (rule.ofTitle !== undefined) unit.memberTitles = { ...unit.memberTitles, [rule.ofTitle]: unit.headcount };
      break;
    case 'notAwardedWithin': case 'noDiscipline':
      break; // met by an empty record
  }
}

/** Changes a passing input so that `rule` fails. */
function breakRule(rule: EligibilityRule, awardTypeId: string, input: EligibilityInput): EligibilityInput {
  const history = [...input.history];
  const unit = { ...input.unit!, memberTitles: { ...input.unit!.memberTitles } };
  switch (rule.kind) {
    case 'consecutiveTitle': {
      const gap = PERIOD - rule.everyYears; // a year the rule needs
      return { ...input, history: history.filter((entry) => !(entry.awardTypeId === rule.awardTypeId && entry.year === gap)) };
    }
    case 'heldBefore':
      return { ...input, history: history.filter((entry) => entry.awardTypeId !== rule.awardTypeId) };
    case 'ladder': {
      const rank = rule.classes.indexOf(awardTypeId);
      const below = rank === 0 ? rule.entry.awardTypeId : rule.classes[rank - 1];
      return { ...input, history: history.filter((entry) => entry.awardTypeId !== below) };
    }
    case 'notAwardedWithin':
      return { ...input, history: [...history, { awardTypeId: rule.awardTypeId, year: PERIOD }] };
    case 'noDiscipline':
      return { ...input, history: [...history, { year: PERIOD, disciplined: true }] };
    case 'shareOfUnit':
      return { ...input, unit: { ...unit, alreadyNominated: Math.floor(shareBaseOf(rule, unit)! * rule.maxShare) } };
    case 'memberShare':
      return { ...input, unit: { ...unit, memberTitles: { ...unit.memberTitles, [rule.memberAwardTypeId]: 0 } } };
  }
}

describe('eligibility rules', () => {
  it('when the table is read, then rule ids are unique, prefixed by their award, and described in both languages', () => {
    const ids = awardTypes.flatMap(({ id }) => rulesOf(id).map((rule) => {
      assert.ok(rule.id.startsWith(`${id}/`), rule.id);
      assert.ok(rule.descriptionVi && rule.descriptionEn && rule.source, rule.id);
      for (const referenced of [('awardTypeId' in rule && rule.awardTypeId), ('memberAwardTypeId' in rule && rule.memberAwardTypeId)]) {
        if (referenced) assert.ok(findAwardType(referenced), `${rule.id} names ${referenced}`);
      }
      return rule.id;
    }));
    assert.equal(new Set(ids).size, ids.length);
  });

  it('when any award is read, then it has a no-discipline rule: no award is given to a nominee under a disciplinary measure', () => {
    const without = awardTypes.filter(({ id }) => !rulesOf(id).some((rule) => rule.kind === 'noDiscipline')).map(({ id }) => id);
    assert.deepEqual(without, []);
  });

  for (const awardType of awardTypes) {
    for (const nomineeKind of ['individual', 'collective'] as const satisfies NomineeKind[]) {
      if (!awardFits(awardType, nomineeKind)) continue;
      const rules = rulesOf(awardType.id).filter((rule) => !rule.appliesTo || rule.appliesTo === nomineeKind);
      const passing: EligibilityInput = { awardTypeId: awardType.id, nomineeKind, period: PERIOD, history: [] };
      for (const rule of rules) satisfy(rule, awardType.id, passing);

      it(`when a ${nomineeKind} meets every rule of ${awardType.id}, then it is eligible`, () => {
        assert.deepEqual(checkEligibility(passing).failures, []);
      });
      for (const rule of rules) {
        it(`when a ${nomineeKind} breaks ${rule.id}, then that rule alone fails`, () => {
          const result = checkEligibility(breakRule(rule, awardType.id, passing));
          assert.equal(result.eligible, false);
          assert.deepEqual(result.failures.map((failure) => failure.ruleId), [rule.id]);
          assert.ok(result.failures[0]!.messageVi && result.failures[0]!.messageEn);
        });
      }
    }
  }
});
