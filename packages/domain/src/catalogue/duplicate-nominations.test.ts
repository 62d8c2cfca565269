import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findDuplicateNominations, normaliseName, type NominationForDuplicates } from './duplicate-nominations.ts';

const nomination = (overrides: Partial<NominationForDuplicates> & { name?: string; identifier?: string }): NominationForDuplicates => {
  const { name = 'Nguyễn Văn Đức', identifier, ...rest } = overrides;
  return {
    nominationId: 'n-1', awardTypeId: 'bang-khen-bo-nganh-tinh', period: 2024,
    nominee: { kind: 'individual', name, ...(identifier === undefined ? {} : { identifier }) },
    ...rest,
  };
};

describe('findDuplicateNominations', () => {
  it('when names differ only in diacritics, case, đ and spacing, then they normalise alike', () => {
    assert.equal(normaliseName('  Nguyễn  Văn ĐỨC '), 'nguyen van duc');
    assert.equal(normaliseName('Nguyễn Văn Đức'.normalize('NFD')), normaliseName('NGUYEN VAN DUC'));
    assert.notEqual(normaliseName('Nguyễn Văn Đức'), normaliseName('Nguyễn Văn Đực Anh'));
  });

  it('when another unit proposed the same person for the same award and period, then that nomination is returned', () => {
    const candidate = nomination({ identifier: '001 088 012 345' });
    const existing = [
      nomination({ nominationId: 'n-2', name: 'nguyen van duc', identifier: '001088012345' }),
      nomination({ nominationId: 'n-3', name: 'NGUYỄN VĂN ĐỨC' }), // no identifier: name alone
    ];
    assert.deepEqual(findDuplicateNominations(candidate, existing).map((found) => found.nominationId), ['n-2', 'n-3']);
  });

  it('when the same unit proposed the same nominee for the same award and period before, then that one is a duplicate too', () => {
    const candidate = nomination({ nominationId: 'n-new', identifier: '001088012345' });
    const existing = [nomination({ nominationId: 'n-1', identifier: '001088012345' }), nomination({ nominationId: 'n-2', period: 2023 })] satisfies NominationForDuplicates[];
    assert.deepEqual(findDuplicateNominations(candidate, existing).map((found) => found.nominationId), ['n-1']);
  });

  it('when the award, period, kind or identifier differs, or it is the candidate itself, then it is not a duplicate', () => {
    const candidate = nomination({ identifier: '001088012345' });
    const existing = [
      nomination({ nominationId: 'n-1' }),
      nomination({ nominationId: 'n-3', awardTypeId: 'giay-khen' }),
      nomination({ nominationId: 'n-4', period: 2023 }),
      nomination({ nominationId: 'n-5', identifier: '001088099999' }),
      { ...nomination({ nominationId: 'n-6' }), nominee: { kind: 'collective', name: 'Nguyễn Văn Đức' } },
      nomination({ nominationId: 'n-7', name: 'Nguyễn Văn Được' }),
    ] satisfies NominationForDuplicates[];
    assert.deepEqual(findDuplicateNominations(candidate, existing), []);
  });
});
