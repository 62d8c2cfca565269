import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  CatalogueError, CatalogueNotInForceError, NomineeKindMismatchError, SimplifiedProcedureNotAllowedError, UnknownAwardTypeError,
} from './catalogue-errors.ts';
import { checkEligibility, type AwardHistoryEntry, type EligibilityInput } from './check-eligibility.ts';

const held = (awardTypeId: string, ...years: number[]): AwardHistoryEntry[] =>
  years.map((year) => ({ awardTypeId, year, decisionDate: `${year + 1}-01-15` }));

function check(awardTypeId: string, history: AwardHistoryEntry[], extra: Partial<EligibilityInput> = {}) {
  return checkEligibility({ awardTypeId, nomineeKind: 'individual', period: 2024, history, ...extra });
}

function onlyFailure(result: ReturnType<typeof checkEligibility>, ruleId: string) {
  assert.equal(result.eligible, false);
  assert.deepEqual(result.failures.map((failure) => failure.ruleId), [ruleId]);
  return result.failures[0]!;
}

describe('checkEligibility — history rules', () => {
  it('when a provincial emulation soldier lacks two of three consecutive grassroots titles, then the rule names the missing years', () => {
    assert.equal(check('chien-si-thi-dua-bo-nganh-tinh', held('chien-si-thi-dua-co-so', 2022, 2023, 2024)).eligible, true);
    const failure = onlyFailure(check('chien-si-thi-dua-bo-nganh-tinh', held('chien-si-thi-dua-co-so', 2021, 2022)), 'chien-si-thi-dua-bo-nganh-tinh/consecutive-chien-si-thi-dua-co-so');
    assert.deepEqual(failure.missingYears, [2023, 2024]);
    assert.equal(failure.messageVi, 'Cần 3 lần liên tục Chiến sĩ thi đua cơ sở; thiếu các năm 2023, 2024');
    assert.match(failure.messageEn, /3 consecutive times Grassroots Emulation Soldier; missing 2023, 2024/);
  });

  it('when a national emulation soldier has provincial titles three years apart, then they count as consecutive, and a gap is named', () => {
    assert.equal(check('chien-si-thi-dua-toan-quoc', held('chien-si-thi-dua-bo-nganh-tinh', 2021, 2024)).eligible, true);
    const failure = onlyFailure(check('chien-si-thi-dua-toan-quoc', held('chien-si-thi-dua-bo-nganh-tinh', 2022, 2024)), 'chien-si-thi-dua-toan-quoc/consecutive-chien-si-thi-dua-bo-nganh-tinh');
    assert.deepEqual(failure.missingYears, [2021]);
  });

  it("when the Prime Minister's Bằng khen follows a provincial one, then five years must have passed", () => {
    assert.equal(check('bang-khen-thu-tuong', held('bang-khen-bo-nganh-tinh', 2019)).eligible, true);
    const tooSoon = onlyFailure(check('bang-khen-thu-tuong', held('bang-khen-bo-nganh-tinh', 2021)), 'bang-khen-thu-tuong/after-bang-khen-bo-nganh-tinh');
    assert.equal(tooSoon.eligibleFromYear, 2026);
    assert.match(tooSoon.messageVi, /từ năm 2019 trở về trước; được tặng năm 2021, đủ thời gian từ năm 2026/);
    const never = onlyFailure(check('bang-khen-thu-tuong', []), 'bang-khen-thu-tuong/after-bang-khen-bo-nganh-tinh');
    assert.match(never.messageVi, /chưa được tặng$/);
    assert.equal(never.eligibleFromYear, undefined);
  });

  it('when a title needs another in the same year, then only that year counts', () => {
    assert.equal(check('chien-si-thi-dua-co-so', held('lao-dong-tien-tien', 2024), { unit: { headcount: 20, memberTitles: { 'lao-dong-tien-tien': 20 } } }).eligible, true);
    const failure = onlyFailure(check('chien-si-thi-dua-co-so', held('lao-dong-tien-tien', 2023), { unit: { headcount: 20, memberTitles: { 'lao-dong-tien-tien': 20 } } }), 'chien-si-thi-dua-co-so/lao-dong-tien-tien-same-year');
    assert.deepEqual(failure.missingYears, [2024]);
  });

  it('when the Labour Order ladder is climbed, then each class needs the one below five years before and none as high', () => {
    assert.equal(check('huan-chuong-lao-dong-hang-ba', held('bang-khen-thu-tuong', 2018)).eligible, true);
    assert.equal(check('huan-chuong-lao-dong-hang-nhi', held('huan-chuong-lao-dong-hang-ba', 2019)).eligible, true);
    const tooSoon = onlyFailure(check('huan-chuong-lao-dong-hang-nhi', held('huan-chuong-lao-dong-hang-ba', 2020)), 'huan-chuong-lao-dong-hang-nhi/ladder');
    assert.equal(tooSoon.eligibleFromYear, 2025);
    const skipped = onlyFailure(check('huan-chuong-lao-dong-hang-nhat', held('bang-khen-thu-tuong', 2010)), 'huan-chuong-lao-dong-hang-nhat/ladder');
    assert.match(skipped.messageVi, /Huân chương Lao động hạng Nhì/);
    const already = onlyFailure(
      check('huan-chuong-lao-dong-hang-nhi', [...held('huan-chuong-lao-dong-hang-ba', 2012), ...held('huan-chuong-lao-dong-hang-nhat', 2022)]),
      'huan-chuong-lao-dong-hang-nhi/ladder',
    );
    assert.equal(already.messageVi, 'Đã được tặng Huân chương Lao động hạng Nhất');
    assert.deepEqual(already.conflictingYears, [2022]);
  });

  it('when the same title was already given within its cycle, then it is refused until the cycle ends', () => {
    const history = [...held('chien-si-thi-dua-co-so', 2022, 2023, 2024), ...held('chien-si-thi-dua-bo-nganh-tinh', 2022)];
    const failure = onlyFailure(check('chien-si-thi-dua-bo-nganh-tinh', history), 'chien-si-thi-dua-bo-nganh-tinh/not-again-within-cycle');
    assert.deepEqual([failure.conflictingYears, failure.eligibleFromYear], [[2022], 2025]);
    assert.equal(check('chien-si-thi-dua-bo-nganh-tinh', [...history.slice(0, 3), ...held('chien-si-thi-dua-bo-nganh-tinh', 2021)]).eligible, true);
    onlyFailure(check('lao-dong-tien-tien', held('lao-dong-tien-tien', 2024)), 'lao-dong-tien-tien/once-per-year');
  });

  it('when the nominee was disciplined in the period, then the award is refused; an earlier year does not count', () => {
    const failure = onlyFailure(check('giay-khen', [{ year: 2024, disciplined: true }]), 'giay-khen/no-discipline');
    assert.equal(failure.messageVi, 'Bị kỷ luật năm 2024');
    assert.equal(check('giay-khen', [{ year: 2023, disciplined: true }]).eligible, true);
  });

  it('when a measure falls in the years an award counts, then it is refused: 3 for the provincial emulation soldier, 5 for the Prime Minister\'s Bằng khen and the orders, 6 for the national one', () => {
    const disciplined = (year: number) => [{ year, disciplined: true }];
    const cases: Array<[string, AwardHistoryEntry[], number, number]> = [
      // award, the record its other rules need, the earliest year a measure counts, a year before it
      ['chien-si-thi-dua-bo-nganh-tinh', held('chien-si-thi-dua-co-so', 2022, 2023, 2024), 2022, 2021],
      ['chien-si-thi-dua-toan-quoc', held('chien-si-thi-dua-bo-nganh-tinh', 2021, 2024), 2019, 2018],
      ['bang-khen-thu-tuong', held('bang-khen-bo-nganh-tinh', 2018), 2020, 2019],
      ['huan-chuong-lao-dong-hang-ba', held('bang-khen-thu-tuong', 2019), 2020, 2019],
      ['huan-chuong-lao-dong-hang-nhat', held('huan-chuong-lao-dong-hang-nhi', 2018), 2020, 2019],
    ];
    for (const [award, record, first, before] of cases) {
      assert.equal(check(award, record).eligible, true, `${award} with a clean record`);
      assert.deepEqual(onlyFailure(check(award, [...record, ...disciplined(first)]), `${award}/no-discipline`).conflictingYears, [first], `${award}, measure in ${first}`);
      assert.equal(check(award, [...record, ...disciplined(before)]).eligible, true, `${award}, measure in ${before}`);
    }
    assert.match(onlyFailure(check('bang-khen-thu-tuong', [...held('bang-khen-bo-nganh-tinh', 2018), ...disciplined(2022)]), 'bang-khen-thu-tuong/no-discipline').messageVi, /Bị kỷ luật năm 2022/);
  });

  it('when a measure is dated after the period, then the nominee is still under it when considered, and the award is refused', () => {
    onlyFailure(check('lao-dong-tien-tien', [{ year: 2025, disciplined: true }]), 'lao-dong-tien-tien/no-discipline');
    onlyFailure(check('bang-khen-thu-tuong', [...held('bang-khen-bo-nganh-tinh', 2018), { year: 2025, disciplined: true }]), 'bang-khen-thu-tuong/no-discipline');
  });

  it('when a collective proposed for an emulation flag was disciplined in the year, then the flag is refused like every other award', () => {
    const flag = (awardTypeId: string, held: string) =>
      checkEligibility({ awardTypeId, nomineeKind: 'collective', period: 2024, history: [{ awardTypeId: held, year: 2024 }, { year: 2024, disciplined: true }] });
    onlyFailure(flag('co-thi-dua-bo-nganh-tinh', 'tap-the-lao-dong-xuat-sac'), 'co-thi-dua-bo-nganh-tinh/no-discipline');
    onlyFailure(flag('co-thi-dua-chinh-phu', 'co-thi-dua-bo-nganh-tinh'), 'co-thi-dua-chinh-phu/no-discipline');
  });

  it('when the same title is held for a later year within its cycle, then an earlier year is refused too: two cycles cannot share years, whichever was filed first', () => {
    const grassroots = held('chien-si-thi-dua-co-so', 2020, 2021, 2022, 2023, 2024);
    const later = onlyFailure(check('chien-si-thi-dua-bo-nganh-tinh', [...grassroots, ...held('chien-si-thi-dua-bo-nganh-tinh', 2024)], { period: 2023 }), 'chien-si-thi-dua-bo-nganh-tinh/not-again-within-cycle');
    assert.deepEqual(later.conflictingYears, [2024]);
    assert.equal(check('chien-si-thi-dua-bo-nganh-tinh', [...grassroots, ...held('chien-si-thi-dua-bo-nganh-tinh', 2027)], { period: 2024 }).eligible, true);
    onlyFailure(
      check('bang-khen-thu-tuong', [...held('bang-khen-bo-nganh-tinh', 2017), ...held('bang-khen-thu-tuong', 2024)], { period: 2023 }),
      'bang-khen-thu-tuong/not-again-within-cycle',
    );
  });
});

describe('checkEligibility — unit shares, kinds and ad-hoc achievements', () => {
  const grassroots = (alreadyNominated: number, advancedWorkers = 20, headcount = 40) =>
    check('chien-si-thi-dua-co-so', held('lao-dong-tien-tien', 2024), {
      unit: { headcount, memberTitles: { 'lao-dong-tien-tien': advancedWorkers }, alreadyNominated },
    });

  it("when a unit with 20 Advanced Workers already has 2 or 3 grassroots emulation soldiers proposed, then the 15% cap allows a third but not a fourth: the share counts the unit's Advanced Workers, not its headcount", () => {
    assert.equal(grassroots(2).eligible, true);
    const failure = onlyFailure(grassroots(3), 'chien-si-thi-dua-co-so/unit-share');
    assert.equal(failure.messageVi, 'Vượt tỷ lệ 15%: đơn vị có 20 người đạt Lao động tiên tiến / Chiến sĩ tiên tiến được tối đa 3, đã đề nghị 3');
    // 15% of a headcount of 40 would allow 6.
    assert.equal(grassroots(5).eligible, false);
    assert.equal(onlyFailure(grassroots(0, 6), 'chien-si-thi-dua-co-so/unit-share').messageEn, 'Over the 15% share: a unit with 6 holders of Advanced Worker / Advanced Soldier may have at most 0, 0 already nominated');
    for (const unit of [undefined, { headcount: 40 }]) {
      const noFigures = onlyFailure(check('chien-si-thi-dua-co-so', held('lao-dong-tien-tien', 2024), unit ? { unit } : {}), 'chien-si-thi-dua-co-so/unit-share');
      assert.match(noFigures.messageEn, /figures/);
    }
  });

  it("when a collective's members hold too few titles, then the member-share rules fail by name", () => {
    const excellent = (lđtt: number, cstđ: number) =>
      checkEligibility({
        awardTypeId: 'tap-the-lao-dong-xuat-sac', nomineeKind: 'collective', period: 2024, history: [],
        unit: { headcount: 10, memberTitles: { 'lao-dong-tien-tien': lđtt, 'chien-si-thi-dua-co-so': cstđ } },
      });
    assert.equal(excellent(7, 1).eligible, true);
    assert.equal(onlyFailure(excellent(6, 1), 'tap-the-lao-dong-xuat-sac/members-lao-dong-tien-tien').messageVi, 'Cần ít nhất 70% thành viên đạt Lao động tiên tiến / Chiến sĩ tiên tiến; hiện có 6/10');
    onlyFailure(excellent(10, 0), 'tap-the-lao-dong-xuat-sac/member-chien-si-thi-dua-co-so');
    const advanced = (lđtt: number) =>
      checkEligibility({ awardTypeId: 'tap-the-lao-dong-tien-tien', nomineeKind: 'collective', period: 2024, history: [], unit: { headcount: 10, memberTitles: { 'lao-dong-tien-tien': lđtt } } });
    assert.equal(advanced(6).eligible, true);
    onlyFailure(advanced(5), 'tap-the-lao-dong-tien-tien/members-lao-dong-tien-tien'); // "more than" 50%
  });

  it('when a rule is for collectives only, then an individual skips it and a collective must meet it', () => {
    const individual = check('huan-chuong-doc-lap', []);
    assert.equal(individual.eligible, true);
    assert.deepEqual(individual.skippedRuleIds, ['huan-chuong-doc-lap/after-huan-chuong-lao-dong-hang-nhat']);
    const collective = checkEligibility({ awardTypeId: 'huan-chuong-doc-lap', nomineeKind: 'collective', period: 2024, history: [] });
    onlyFailure(collective, 'huan-chuong-doc-lap/after-huan-chuong-lao-dong-hang-nhat');
  });

  it('when the achievement is ad hoc, then record-based rules are skipped but discipline still counts', () => {
    const result = check('bang-khen-thu-tuong', [], { adHoc: true });
    assert.equal(result.eligible, true);
    assert.deepEqual(result.skippedRuleIds, ['bang-khen-thu-tuong/after-bang-khen-bo-nganh-tinh', 'bang-khen-thu-tuong/not-again-within-cycle']);
    onlyFailure(check('bang-khen-thu-tuong', [{ year: 2024, disciplined: true }], { adHoc: true }), 'bang-khen-thu-tuong/no-discipline');
    assert.throws(() => check('chien-si-thi-dua-bo-nganh-tinh', [], { adHoc: true }), SimplifiedProcedureNotAllowedError);
  });

  it('when the input is wrong or no rules were in force, then a typed error says so', () => {
    assert.throws(() => check('nope', []), UnknownAwardTypeError);
    assert.throws(() => check('co-thi-dua-chinh-phu', []), NomineeKindMismatchError);
    assert.throws(() => check('giay-khen', [], { period: 2024.5 }), CatalogueError);
    assert.throws(() => check('giay-khen', [], { unit: { headcount: 0 } }), CatalogueError);
    assert.throws(() => check('giay-khen', [], { period: 2022 }), CatalogueNotInForceError);
    assert.equal(check('giay-khen', [], { period: 2023 }).eligible, true); // considered from 1 January 2024
  });
});
