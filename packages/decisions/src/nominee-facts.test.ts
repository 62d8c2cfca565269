import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { InvalidNomineeError } from './decision-errors.ts';
import { nomineeFacts, nomineeKey } from './nominee-facts.ts';

const nomination = (nominee: Record<string, unknown>) => ({ nominationId: 'nom-1', nominee });

describe('nominee facts and history key', () => {
  it('when the nominee has an identifier, then the key is the kind and the normalised identifier', () => {
    const facts = nomineeFacts(nomination({ kind: 'individual', name: ' Nguyễn Thị Hoà ', identifier: '0012-3456 789', position: 'Chuyên viên' }));
    assert.deepEqual(facts, { kind: 'individual', name: 'Nguyễn Thị Hoà', identifier: '0012-3456 789', position: 'Chuyên viên' });
    assert.equal(nomineeKey(facts, 'so-noi-vu'), 'individual:00123456789');
  });

  it('when the nominee has no identifier, then the key falls back to the unaccented name within the unit', () => {
    const facts = nomineeFacts(nomination({ kind: 'collective', name: 'Phòng Tổ chức – Cán bộ' }));
    assert.equal(nomineeKey(facts, 'so-noi-vu'), 'collective:name:phong to chuc can bo|so-noi-vu');
    const decomposed = nomineeFacts(nomination({ kind: 'individual', fullName: 'Đặng Văn Lữ'.normalize('NFD') }));
    assert.equal(decomposed.name, 'Đặng Văn Lữ');
    assert.equal(nomineeKey(decomposed, 'u1'), 'individual:name:dang van lu|u1');
  });

  it('when the kind or the name is missing, then it is a typed, permanent error', () => {
    assert.throws(() => nomineeFacts(nomination({ name: 'A' })), (error) => error instanceof InvalidNomineeError && error.permanent && error.field === 'kind');
    assert.throws(() => nomineeFacts(nomination({ kind: 'individual', name: '  ' })), InvalidNomineeError);
  });
});
