import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { UnitRecord } from '@vinh-danh/store';
import { createUnitDirectory, type UnitLookup } from './unit-directory.ts';

const unit = (unitId: string, nameVi = unitId): UnitRecord => ({ unitId, nameVi, nameEn: unitId, parentId: null, approvers: {} });

/** A store's units that counts its reads; `rows` can be changed between reads. */
function countingUnits(rows: Map<string, UnitRecord>) {
  const reads: string[] = [];
  const lookup: UnitLookup = {
    async get(unitId) {
      reads.push(unitId);
      return rows.get(unitId) ?? null;
    },
  };
  return { lookup, reads };
}

describe('the unit directory in front of the store (an in-memory fake unit lookup that counts its reads)', () => {
  it('when a unit is read again within the TTL, then the store is read once; after it, again and the change is seen', async () => {
    const rows = new Map([['so-noi-vu', unit('so-noi-vu', 'Sở Nội vụ')]]);
    const { lookup, reads } = countingUnits(rows);
    let now = 0;
    const directory = createUnitDirectory(lookup, { ttlMs: 5_000, nowMs: () => now });
    assert.equal((await directory.get('so-noi-vu'))?.nameVi, 'Sở Nội vụ');
    now = 4_999;
    assert.equal((await directory.get('so-noi-vu'))?.nameVi, 'Sở Nội vụ');
    assert.deepEqual(reads, ['so-noi-vu']);
    rows.set('so-noi-vu', unit('so-noi-vu', 'Sở Nội vụ tỉnh'));
    now = 5_000;
    assert.equal((await directory.get('so-noi-vu'))?.nameVi, 'Sở Nội vụ tỉnh');
    assert.deepEqual(reads, ['so-noi-vu', 'so-noi-vu']);
  });

  it('when concurrent submissions read a unit not held, then they share one store read', async () => {
    const { lookup, reads } = countingUnits(new Map([['so-y-te', unit('so-y-te')]]));
    const directory = createUnitDirectory(lookup);
    const found = await Promise.all(Array.from({ length: 5 }, () => directory.get('so-y-te')));
    assert.ok(found.every((entry) => entry?.unitId === 'so-y-te'));
    assert.deepEqual(reads, ['so-y-te']);
  });

  it('when a unit is unknown, then that is not kept: one created a moment later is found', async () => {
    const rows = new Map<string, UnitRecord>();
    const { lookup, reads } = countingUnits(rows);
    const directory = createUnitDirectory(lookup, { nowMs: () => 0 });
    assert.equal(await directory.get('phong-moi'), null);
    rows.set('phong-moi', unit('phong-moi'));
    assert.equal((await directory.get('phong-moi'))?.unitId, 'phong-moi');
    assert.deepEqual(reads, ['phong-moi', 'phong-moi']);
  });

  it('when the store fails, then the failure reaches the caller and is not kept', async () => {
    let fail = true;
    const directory = createUnitDirectory({
      async get(unitId) {
        if (fail) throw new Error('store down');
        return unit(unitId);
      },
    }, { nowMs: () => 0 });
    await assert.rejects(() => directory.get('so-noi-vu'), /store down/);
    fail = false;
    assert.equal((await directory.get('so-noi-vu'))?.unitId, 'so-noi-vu');
  });
});
