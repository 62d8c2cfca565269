import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { awardTypes } from './award-types.ts';
import { allowsSimplified, routeFor } from './catalogue/index.ts';
import { demoUnits, proposingDemoUnits } from './demo-units.ts';
import { findRole, unitChain, type DirectoryUnit } from './directory.ts';
import { resolveRoute } from './resolve-route.ts';
import { CALENDAR_DAY_MS, defaultRouteTiming, reminderBeforeMs, resubmitWindow, routeTimingWith } from './route-timing.ts';

const byId = new Map<string, DirectoryUnit>(demoUnits.map((unit) => [unit.unitId, unit]));
const chainOf = (unitId: string) => unitChain(unitId, async (id) => byId.get(id) ?? null);

describe('directory', () => {
  it('when a department is looked up, then its chain climbs to the province and the national bodies in route order', async () => {
    assert.deepEqual((await chainOf('so-noi-vu-bac-giang')).map((unit) => unit.unitId), [
      'so-noi-vu-bac-giang', 'ubnd-tinh-bac-giang', 'ban-tdkt-trung-uong', 'van-phong-chinh-phu', 'van-phong-chu-tich-nuoc',
    ]);
  });

  it('when a chain loops or names a missing parent, then it stops there', async () => {
    const loop: Record<string, DirectoryUnit> = {
      a: { unitId: 'a', nameVi: 'A', nameEn: 'A', parentId: 'b', approvers: {} },
      b: { unitId: 'b', nameVi: 'B', nameEn: 'B', parentId: 'a', approvers: {} },
      c: { unitId: 'c', nameVi: 'C', nameEn: 'C', parentId: 'nowhere', approvers: {} },
    };
    const get = async (id: string) => loop[id] ?? null;
    assert.deepEqual((await unitChain('a', get)).map((unit) => unit.unitId), ['a', 'b']);
    assert.deepEqual((await unitChain('c', get)).map((unit) => unit.unitId), ['c']);
  });

  it("when a role is looked up, then the nearest holder wins, a unit's own roles are never inherited, and lists keep their order", async () => {
    const chain = await chainOf('so-noi-vu-bac-giang');
    assert.equal(findRole(chain, 'provinceChairman')?.unit.unitId, 'ubnd-tinh-bac-giang');
    assert.equal(findRole(chain, 'primeMinister')?.people[0], 'thu-tuong@vpcp.example');
    assert.equal(findRole(chain, 'unitCouncil')?.people[0], 'giam-doc@sonoivu.bacgiang.example');
    const bare: DirectoryUnit = { unitId: 'phong', nameVi: 'Phòng', nameEn: 'Office', parentId: 'so-noi-vu-bac-giang', approvers: { toString: 'x@y.example' } };
    assert.equal(findRole([bare, ...chain], 'unitCouncil'), null);
    assert.equal(findRole([bare, ...chain], 'provinceOffice')?.people[0], 'can-bo.thi-dua@ban-tdkt.bacgiang.example');
    assert.equal(findRole([{ ...bare, approvers: {} }], 'toString'), null);
  });
});

describe('route timing', () => {
  it('when nothing is overridden, then a working day is 7/5 of a calendar day and the reminder is a day before', () => {
    assert.equal(defaultRouteTiming.workingDayMs, 120_960_000); // 33.6 h
    assert.equal(reminderBeforeMs(defaultRouteTiming, 10 * CALENDAR_DAY_MS), CALENDAR_DAY_MS);
    assert.equal(reminderBeforeMs(defaultRouteTiming, CALENDAR_DAY_MS / 2), CALENDAR_DAY_MS / 4);
    assert.throws(() => routeTimingWith({ workingDayMs: 0, reminderDays: -1 }), /workingDayMs, reminderDays/);
  });
});

describe('resolveRoute over the demo directory', () => {
  it('when any award is proposed by any proposing demo unit, by either procedure it allows, then every level resolves', async () => {
    for (const unit of proposingDemoUnits) {
      const chain = await chainOf(unit.unitId);
      for (const awardType of awardTypes) {
        for (const simplified of allowsSimplified(awardType.id) ? [false, true] : [false]) {
          const resolution = resolveRoute({ awardTypeId: awardType.id, levels: routeFor(awardType.id, { simplified }), chain, timing: defaultRouteTiming });
          assert.ok(resolution.ok, `${unit.unitId} ${awardType.id} ${simplified}: ${JSON.stringify(!resolution.ok && resolution.problems)}`);
          const decision = resolution.route.at(-1)!;
          assert.ok(decision.authority && decision.issuerCode, `${awardType.id} signs`);
          for (const level of resolution.route.filter((entry) => entry.kind === 'council')) assert.ok(level.members.length >= 3, level.id);
        }
      }
    }
  });

  it('when a Bằng khen tỉnh and a Chiến sĩ thi đua toàn quốc are resolved, then authorities, codes and durations come from the data', async () => {
    const chain = await chainOf('so-noi-vu-bac-giang');
    const timing = routeTimingWith({ workingDayMs: 1000, calendarDayMs: 100 });
    const province = resolveRoute({ awardTypeId: 'bang-khen-bo-nganh-tinh', levels: routeFor('bang-khen-bo-nganh-tinh'), chain, timing });
    assert.ok(province.ok);
    assert.deepEqual(province.route.map((level) => [level.id, level.assignee]), [
      ['unitCouncil', 'giam-doc@sonoivu.bacgiang.example'],
      ['unitSubmission', 'giam-doc@sonoivu.bacgiang.example'],
      ['provinceReview', 'can-bo.thi-dua@ban-tdkt.bacgiang.example'],
      ['decision', 'chu-tich@ubnd.bacgiang.example'],
    ]);
    assert.deepEqual(
      [province.route[3]!.authority, province.route[3]!.issuerCode, province.route[3]!.issuingUnitId, province.route[3]!.escalationAssignee],
      ['Chủ tịch UBND tỉnh Bắc Giang', 'QĐ-UBND', chain.find((unit) => unit.profile?.issuingBody === 'province')!.unitId, 'pho-chu-tich@ubnd.bacgiang.example'],
    );
    assert.deepEqual([province.route[2]!.deadlineMs, province.route[2]!.reminderBeforeMs, province.route[2]!.escalationWindowMs], [15_000, 100, 3000]);
    assert.equal(province.route[2]!.deadlineWorkingDays, undefined, "a test's short working day counts in milliseconds only");
    // With the real working day, the limits also travel in working days, for the engine's calendar.
    const real = resolveRoute({ awardTypeId: 'bang-khen-bo-nganh-tinh', levels: routeFor('bang-khen-bo-nganh-tinh'), chain, timing: routeTimingWith() });
    assert.ok(real.ok);
    assert.deepEqual([real.route[2]!.deadlineWorkingDays, real.route[2]!.escalationWorkingDays, real.route[2]!.deadlineMs], [15, 3, 15 * 120_960_000]);
    const realNational = resolveRoute({ awardTypeId: 'chien-si-thi-dua-toan-quoc', levels: routeFor('chien-si-thi-dua-toan-quoc'), chain, timing: routeTimingWith() });
    assert.ok(realNational.ok);
    assert.equal(realNational.route.find((level) => level.kind === 'disclosure')!.deadlineWorkingDays, undefined, 'a posting period is in calendar days');
    assert.deepEqual([resubmitWindow(routeTimingWith()), resubmitWindow(timing)], [{ resubmitWindowMs: 10 * 120_960_000, resubmitWorkingDays: 10 }, { resubmitWindowMs: 10_000 }]);
    const national = resolveRoute({ awardTypeId: 'chien-si-thi-dua-toan-quoc', levels: routeFor('chien-si-thi-dua-toan-quoc'), chain, timing });
    assert.ok(national.ok);
    const disclosure = national.route.find((level) => level.kind === 'disclosure')!;
    assert.deepEqual([disclosure.postingDays, disclosure.deadlineMs], [10, 1000]);
    assert.deepEqual([national.route.at(-1)!.authority, national.route.at(-1)!.issuerCode], ['Thủ tướng Chính phủ', 'QĐ-TTg']);
    const giayKhen = resolveRoute({ awardTypeId: 'giay-khen', levels: routeFor('giay-khen'), chain, timing });
    assert.ok(giayKhen.ok);
    assert.deepEqual([giayKhen.route.at(-1)!.authority, giayKhen.route.at(-1)!.issuerCode, giayKhen.route.at(-1)!.issuingUnitId], ['Giám đốc Sở Nội vụ tỉnh Bắc Giang', 'QĐ-SNV', 'so-noi-vu-bac-giang']);
  });

  it('when a role decides under a code of its own, then its decisions carry it: the Chánh Văn phòng\'s Giấy khen is QĐ-VP, the Chairman\'s Bằng khen still QĐ-UBND', async () => {
    const chain = await chainOf('ubnd-tinh-bac-giang');
    const giayKhen = resolveRoute({ awardTypeId: 'giay-khen', levels: routeFor('giay-khen'), chain, timing: defaultRouteTiming });
    assert.ok(giayKhen.ok);
    assert.deepEqual([giayKhen.route.at(-1)!.authority, giayKhen.route.at(-1)!.issuerCode, giayKhen.route.at(-1)!.issuingUnitId], ['Chánh Văn phòng UBND tỉnh Bắc Giang', 'QĐ-VP', 'ubnd-tinh-bac-giang']);
    const bangKhen = resolveRoute({ awardTypeId: 'bang-khen-bo-nganh-tinh', levels: routeFor('bang-khen-bo-nganh-tinh'), chain: await chainOf('so-noi-vu-bac-giang'), timing: defaultRouteTiming });
    assert.ok(bangKhen.ok);
    assert.equal(bangKhen.route.at(-1)!.issuerCode, 'QĐ-UBND');
    // An abbreviation a document code cannot carry is refused as any bad profile is.
    const [province, ...above] = chain;
    const bad = { ...province!, profile: { ...province!.profile, roleAbbreviations: { unitLeader: 'vp phòng' } } };
    const refused = resolveRoute({ awardTypeId: 'giay-khen', levels: routeFor('giay-khen'), chain: [bad, ...above], timing: defaultRouteTiming });
    assert.ok(!refused.ok);
    assert.match(refused.problems[0]!.messageEn, /has no valid document code/);
  });

  it('when a unit lacks its council and its province lacks a signatory, then each problem names the role and the unit', async () => {
    const [, ...above] = await chainOf('so-noi-vu-bac-giang');
    const bare: DirectoryUnit = { unitId: 'phong-moi', nameVi: 'Phòng mới', nameEn: 'New office', parentId: 'so-noi-vu-bac-giang', approvers: { unitLeader: 'a@b.example', unitDeputyLeader: 'c@b.example' } };
    const province = { ...above[0]!, profile: { issuingBody: 'province' as const } };
    const resolution = resolveRoute({ awardTypeId: 'bang-khen-bo-nganh-tinh', levels: routeFor('bang-khen-bo-nganh-tinh'), chain: [bare, province, ...above.slice(1)], timing: defaultRouteTiming });
    assert.ok(!resolution.ok);
    assert.deepEqual(resolution.problems.map((problem) => [problem.role, problem.unitId]), [['unitCouncil', 'phong-moi'], ['provinceChairman', 'ubnd-tinh-bac-giang']]);
    assert.match(resolution.problems[0]!.messageEn, /Nobody holds the role "unitCouncil" .* "phong-moi"/);
    assert.match(resolution.problems[1]!.messageVi, /không ghi người ký/);
  });
});
