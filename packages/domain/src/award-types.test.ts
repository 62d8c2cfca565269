import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { awardFits, awardTypes, findAwardType } from './award-types.ts';
import { proposingDemoUnits } from './demo-units.ts';

describe('award types', () => {
  it('when the catalogue is read, then ids are unique kebab-case and every entry is named in both languages', () => {
    assert.equal(new Set(awardTypes.map((awardType) => awardType.id)).size, awardTypes.length);
    for (const awardType of awardTypes) {
      assert.match(awardType.id, /^[a-z0-9]+(-[a-z0-9]+)*$/);
      assert.ok(awardType.nameVi && awardType.nameEn);
    }
  });

  it('when an award is looked up, then it is found by id and fits only its kind of nominee', () => {
    const flag = findAwardType('co-thi-dua-chinh-phu');
    assert.equal(flag?.decidingAuthority, 'primeMinister');
    assert.equal(awardFits(flag!, 'collective'), true);
    assert.equal(awardFits(flag!, 'individual'), false);
    assert.equal(awardFits(findAwardType('giay-khen')!, 'individual'), true);
    assert.equal(findAwardType('__proto__'), undefined);
  });

  it('when the proposing demo units are read, then each has a person for every role of the nomination-approval procedure', () => {
    assert.ok(proposingDemoUnits.length >= 4);
    for (const unit of proposingDemoUnits) {
      for (const role of ['unitLeader', 'unitLeaderEscalation', 'officer', 'officerEscalation'] as const) {
        assert.match(String(unit.approvers[role]), /^[^@\s]+@[^@\s]+\.example$/, `${unit.unitId} ${role}`);
      }
    }
  });
});
