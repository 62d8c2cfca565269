import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { dayKeyOf, isWorkingDay, startOfDay, vietnamCalendar, workingDeadline } from './working-calendar.ts';

/** An instant given in Vietnam's time. */
const vn = (local: string) => Date.parse(`${local}+07:00`);
const plain = vietnamCalendar();

describe('working days (Vietnam)', () => {
  it('when a limit starts on a weekday, then the day of receipt is not counted and weekends are skipped; it ends at midnight, Vietnam time', () => {
    // Monday 2025-03-03, 3 working days: Tue, Wed, Thu → ends as Friday begins.
    assert.equal(workingDeadline(plain, vn('2025-03-03T15:00:00'), 3), vn('2025-03-07T00:00:00'));
    // Friday 2025-03-07 at 09:00, 3 working days: Mon, Tue, Wed.
    assert.equal(workingDeadline(plain, vn('2025-03-07T09:00:00'), 3), vn('2025-03-13T00:00:00'));
    // Received on a Saturday: Monday is the first day.
    assert.equal(workingDeadline(plain, vn('2025-03-08T10:00:00'), 1), vn('2025-03-11T00:00:00'));
    // 10 working days from a Monday: two calendar weeks and a day less.
    assert.equal(workingDeadline(plain, vn('2025-03-03T08:00:00'), 10), vn('2025-03-18T00:00:00'));
  });

  it('when the instant is late in the evening UTC, then its day is Vietnam\'s (the next one)', () => {
    // 2025-03-06T18:30Z is Friday 01:30 in Vietnam: one working day ends as Tuesday begins.
    assert.equal(dayKeyOf(Date.parse('2025-03-06T18:30:00Z')), '2025-03-07');
    assert.equal(workingDeadline(plain, Date.parse('2025-03-06T18:30:00Z'), 1), vn('2025-03-11T00:00:00'));
    assert.equal(startOfDay('2025-03-07'), Date.parse('2025-03-06T17:00:00Z'));
  });

  it('when a limit runs over the fixed holidays, then 30/4, 1/5, 2/9 and 1/1 are off every year', () => {
    assert.equal(isWorkingDay(plain, '2026-04-30'), false);
    assert.equal(isWorkingDay(plain, '2026-05-01'), false);
    assert.equal(isWorkingDay(plain, '2027-09-02'), false);
    assert.equal(isWorkingDay(plain, '2027-01-01'), false);
    // Tuesday 2026-04-28, 3 working days: Wed 29, (Thu 30/4, Fri 1/5 off, weekend), Mon 4, Tue 5.
    assert.equal(workingDeadline(plain, vn('2026-04-28T10:00:00'), 3), vn('2026-05-06T00:00:00'));
  });

  it('when a deployment lists Tết and a make-up Saturday, then Tết is skipped and the Saturday counts', () => {
    const calendar = vietnamCalendar({ holidays: ['2026-02-14..2026-02-22', '2026-04-26'], makeupWorkingDays: ['2026-01-03'] });
    // Friday 2026-02-13, 1 working day: Tết runs to Sunday 22 → Monday 23.
    assert.equal(workingDeadline(calendar, vn('2026-02-13T16:00:00'), 1), vn('2026-02-24T00:00:00'));
    assert.equal(workingDeadline(plain, vn('2026-02-13T16:00:00'), 1), vn('2026-02-17T00:00:00'), 'without it, Tết is counted');
    assert.equal(isWorkingDay(calendar, '2026-01-03'), true, 'a Saturday made a working day');
    assert.equal(workingDeadline(calendar, vn('2026-01-02T09:00:00'), 1), vn('2026-01-04T00:00:00'));
  });

  it('when a calendar entry or a limit is malformed, then it is refused naming it', () => {
    assert.throws(() => vietnamCalendar({ holidays: ['2026-02-30'] }), /"2026-02-30" is not a day/);
    assert.throws(() => vietnamCalendar({ holidays: ['2026-02-22..2026-02-14'] }), /must run forwards/);
    assert.throws(() => vietnamCalendar({ holidays: ['2026-01-01..2026-03-01'] }), /at most 31 days/);
    assert.throws(() => vietnamCalendar({ holidays: ['2026-01-03'], makeupWorkingDays: ['2026-01-03'] }), /both as a holiday and as a working day/);
    assert.throws(() => vietnamCalendar({ makeupWorkingDays: ['2026-05-01'] }), /"2026-05-01" is a public holiday by the Labour Code/);
    assert.throws(() => workingDeadline(plain, Date.now(), 0), /whole number from 1/);
    assert.throws(() => workingDeadline(plain, Date.now(), 2.5), /whole number from 1/);
    assert.throws(() => workingDeadline(plain, Number.NaN, 2), /must start at an instant/);
  });
});
