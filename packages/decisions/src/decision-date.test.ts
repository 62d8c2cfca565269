import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { dayAsDate, isoDayOf, vietnamDay } from './decision-date.ts';

describe('decision date', () => {
  it('when it is evening of 30 June in UTC, then it is already 1 July in Vietnam', () => {
    assert.equal(vietnamDay(Date.parse('2024-06-30T16:59:59Z')), '2024-06-30');
    assert.equal(vietnamDay(Date.parse('2024-06-30T17:00:00Z')), '2024-07-01');
    assert.equal(vietnamDay(Date.parse('2024-12-31T17:30:00Z')), '2025-01-01');
  });

  it('when a day is stored, then it reads back as the same day', () => {
    assert.equal(isoDayOf(dayAsDate('2025-03-10')), '2025-03-10');
    assert.equal(dayAsDate('2025-03-10').toISOString(), '2025-03-10T00:00:00.000Z');
  });
});
