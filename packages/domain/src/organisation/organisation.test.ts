import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { InvalidCatalogueDateError } from '../catalogue/catalogue-errors.ts';
import { demoUnits } from '../demo-units.ts';
import { InvalidOrganisationError, UnknownUnitError } from './organisation-errors.ts';
import { dayAfter, organisationProblems, type OrganisationUnit } from './organisation-unit.ts';
import { organisation2025, provinceMerger2025 } from './province-merger-2025.ts';
import { successionChain, successorOf } from './successor-of.ts';
import { activeUnits, parentAt, unitAt } from './unit-at.ts';

const units = organisation2025;
const { lastDayOfOldMap, effectiveFrom } = provinceMerger2025;
const seedSeven = ['bac-giang', 'bac-kan', 'thai-nguyen', 'hoa-binh', 'tuyen-quang', 'yen-bai', 'phu-tho'].map((slug) => `ubnd-tinh-${slug}`);

/** A commune moved from its district to the province when the district level ended; later renamed. */
const synthetic: OrganisationUnit[] = [
  { unitId: 'tinh-a', nameVi: 'Tỉnh A', nameEn: 'A Province', kind: 'province', validFrom: '2000-01-01', parents: [] },
  {
    unitId: 'huyen-b', nameVi: 'Huyện B', nameEn: 'B District', kind: 'district', validFrom: '2000-01-01', validTo: '2025-06-30',
    parents: [{ parentId: 'tinh-a', from: '2000-01-01', to: '2025-06-30' }],
  },
  {
    unitId: 'xa-c', nameVi: 'Xã C', nameEn: 'C Commune', kind: 'commune', validFrom: '2000-01-01', validTo: '2029-12-31',
    parents: [{ parentId: 'huyen-b', from: '2000-01-01', to: '2025-06-30' }, { parentId: 'tinh-a', from: '2025-07-01' }],
    succession: { successorId: 'phuong-c', from: '2030-01-01', reason: 'rename', source: 'Nghị quyết (giả định)' },
  },
  {
    unitId: 'phuong-c', nameVi: 'Phường C', nameEn: 'C Ward', kind: 'commune', validFrom: '2030-01-01',
    parents: [{ parentId: 'tinh-a', from: '2030-01-01' }],
  },
];

describe('organisation: the data', () => {
  it('when the 2025 data and the synthetic units are checked, then they have no problems', () => {
    assert.deepEqual(organisationProblems(units), []);
    assert.deepEqual(organisationProblems(synthetic), []);
  });

  it('when units contradict themselves, then every problem is named with its unit and field', () => {
    const broken: OrganisationUnit[] = [
      { unitId: 'a', nameVi: 'A', nameEn: 'A', kind: 'province', validFrom: '2020-02-30', parents: [] },
      {
        unitId: 'b', nameVi: 'B', nameEn: 'B', kind: 'commune', validFrom: '2020-01-01', validTo: '2024-12-31',
        parents: [{ parentId: 'a', from: '2020-01-01' }, { parentId: 'nowhere', from: '2022-01-01' }],
        succession: { successorId: 'a', from: '2024-12-31', reason: 'merger', source: ' ' },
      },
      { unitId: 'b', nameVi: 'B again', nameEn: 'B', kind: 'commune', validFrom: '2020-01-01', parents: [] },
    ];
    const problems = organisationProblems(broken);
    for (const expected of [
      'b: id repeats',
      'a.validFrom: not a YYYY-MM-DD day',
      'b.parents[1]: overlaps the period before it',
      'b.parents[1].parentId: unknown unit "nowhere"',
      'b.succession.from: must be 2025-01-01, the day after validTo',
      'b.succession.source: name the legal text',
    ]) {
      assert.ok(problems.includes(expected), `${expected} in ${problems.join(' | ')}`);
    }
  });

  it('when the demo units of Bắc Giang are looked up, then each is in the data, under the same province before the merger', () => {
    // demoUnits also holds central bodies, parented by review route rather than administration: only Bắc Giang's are mapped here.
    const bacGiang = demoUnits.filter((demo) => demo.unitId.endsWith('bac-giang') || demo.parentId === 'ubnd-tinh-bac-giang');
    assert.equal(bacGiang.length, 4);
    for (const demo of bacGiang) {
      const unit = unitAt(units, demo.unitId, '2024-12-31');
      assert.ok(unit, demo.unitId);
      if (demo.parentId === 'ubnd-tinh-bac-giang') assert.equal(unit.parentId, demo.parentId, demo.unitId);
    }
  });

  it('when the merger date is read, then the absorbed provinces cease the day before it', () => {
    assert.equal(dayAfter(lastDayOfOldMap), effectiveFrom);
    assert.equal(dayAfter('2024-02-28'), '2024-02-29');
  });
});

describe('organisation: unitAt and activeUnits', () => {
  it('when Bắc Giang is read on the last day of the old map, then it exists; on the merger date, it does not', () => {
    assert.deepEqual(unitAt(units, 'ubnd-tinh-bac-giang', lastDayOfOldMap), {
      unitId: 'ubnd-tinh-bac-giang', nameVi: 'Tỉnh Bắc Giang', nameEn: 'Bac Giang Province', kind: 'province',
      parentId: null, validFrom: '1997-01-01', validTo: '2025-06-30',
    });
    assert.equal(unitAt(units, 'ubnd-tinh-bac-giang', effectiveFrom), undefined);
    assert.equal(unitAt(units, 'ubnd-tinh-bac-ninh', effectiveFrom)?.nameVi, 'Tỉnh Bắc Ninh');
  });

  it('when an unknown id or a malformed date is asked for, then a typed error says so', () => {
    assert.throws(() => unitAt(units, 'ubnd-tinh-atlantis', '2024-01-01'), UnknownUnitError);
    assert.throws(() => unitAt(units, 'ubnd-tinh-bac-giang', '2025-13-01'), InvalidCatalogueDateError);
  });

  it('when a commune’s parent changes with the end of the district level, then unitAt gives the parent of the day', () => {
    assert.equal(unitAt(synthetic, 'xa-c', '2025-06-30')?.parentId, 'huyen-b');
    assert.equal(unitAt(synthetic, 'xa-c', '2025-07-01')?.parentId, 'tinh-a');
    assert.equal(parentAt(synthetic[1]!, '2025-07-01'), null, 'a ceased district has no parent after its period');
  });

  it('when the active provinces are listed around the merger, then the seven of the seed become three plus the absorbers', () => {
    const before = activeUnits(units, lastDayOfOldMap, { kind: 'province' }).map((unit) => unit.unitId);
    const after = activeUnits(units, effectiveFrom, { kind: 'province' }).map((unit) => unit.unitId);
    assert.equal(before.length, 11);
    assert.deepEqual(after, ['ubnd-tinh-bac-ninh', 'ubnd-tinh-lao-cai', 'ubnd-tinh-phu-tho', 'ubnd-tinh-thai-nguyen', 'ubnd-tinh-tuyen-quang']);
    assert.deepEqual(seedSeven.filter((id) => after.includes(id)), ['ubnd-tinh-thai-nguyen', 'ubnd-tinh-tuyen-quang', 'ubnd-tinh-phu-tho']);
    assert.deepEqual(
      activeUnits(units, effectiveFrom, { parentId: 'ubnd-tinh-bac-ninh' }).map((unit) => unit.unitId),
      ['so-giao-duc-bac-ninh', 'so-noi-vu-bac-ninh'],
    );
  });
});

describe('organisation: successorOf', () => {
  it('when the seed’s provinces are followed past the merger, then each lands on the province that took it in', () => {
    const fates = Object.fromEntries(seedSeven.map((id) => [id, successorOf(units, id, '2025-12-31').unitId]));
    assert.deepEqual(fates, {
      'ubnd-tinh-bac-giang': 'ubnd-tinh-bac-ninh',
      'ubnd-tinh-bac-kan': 'ubnd-tinh-thai-nguyen',
      'ubnd-tinh-thai-nguyen': 'ubnd-tinh-thai-nguyen',
      'ubnd-tinh-hoa-binh': 'ubnd-tinh-phu-tho',
      'ubnd-tinh-tuyen-quang': 'ubnd-tinh-tuyen-quang',
      'ubnd-tinh-yen-bai': 'ubnd-tinh-lao-cai',
      'ubnd-tinh-phu-tho': 'ubnd-tinh-phu-tho',
    });
    assert.equal(successorOf(units, 'ubnd-tinh-ha-giang', '2025-07-01').unitId, 'ubnd-tinh-tuyen-quang');
  });

  it('when asked before the merger date, then a unit carries its own history', () => {
    assert.equal(successorOf(units, 'ubnd-tinh-bac-giang', lastDayOfOldMap).unitId, 'ubnd-tinh-bac-giang');
  });

  it('when a merger is followed by a rename, then the chain is followed to the end in force', () => {
    assert.deepEqual(successionChain(synthetic, 'xa-c', '2029-12-31'), ['xa-c']);
    assert.deepEqual(successionChain(synthetic, 'xa-c', '2030-01-01'), ['xa-c', 'phuong-c']);
    const merged: OrganisationUnit[] = [
      ...synthetic,
      { unitId: 'xa-d', nameVi: 'Xã D', nameEn: 'D', kind: 'commune', validFrom: '2000-01-01', validTo: '2025-06-30', parents: [],
        succession: { successorId: 'xa-c', from: '2025-07-01', reason: 'merger', source: 'Nghị quyết (giả định)' } },
    ];
    assert.deepEqual(successionChain(merged, 'xa-d', '2031-01-01'), ['xa-d', 'xa-c', 'phuong-c']);
  });

  it('when a unit ceased without a successor, then it carries its own history', () => {
    assert.equal(successorOf(units, 'ubnd-huyen-yen-dung', '2026-01-01').unitId, 'ubnd-huyen-yen-dung');
  });

  it('when bad data makes successions loop, then the loop is named instead of spinning', () => {
    const looping: OrganisationUnit[] = [
      { unitId: 'p', nameVi: 'P', nameEn: 'P', kind: 'commune', validFrom: '2000-01-01', validTo: '2001-01-01', parents: [],
        succession: { successorId: 'q', from: '2001-01-02', reason: 'rename', source: 'x' } },
      { unitId: 'q', nameVi: 'Q', nameEn: 'Q', kind: 'commune', validFrom: '2000-01-01', validTo: '2001-01-01', parents: [],
        succession: { successorId: 'p', from: '2001-01-02', reason: 'rename', source: 'x' } },
    ];
    assert.throws(() => successorOf(looping, 'p', '2002-01-01'), (error: unknown) => error instanceof InvalidOrganisationError && /p → q → p/.test(error.message));
    assert.notDeepEqual(organisationProblems(looping), [], 'the checker flags it too');
  });
});
