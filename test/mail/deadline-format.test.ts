import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatDeadline } from '../../packages/mail/src/mail-templates.ts';
import { formatDateTime } from '../../services/gateway/src/views/layout.ts';

describe('deadlines as people read them (pages and mails)', () => {
  it('when a deadline ends at midnight, Vietnam time, then it reads as 24:00 of the day it ends, not 00:00 of the next', () => {
    const endOfTuesday = new Date('2026-02-25T00:00:00+07:00');
    assert.equal(formatDateTime(endOfTuesday, 'vi'), '24:00 24/02/2026 (GMT+7)');
    assert.equal(formatDateTime(endOfTuesday, 'en'), '24 Feb 2026, 24:00 (GMT+7)');
    assert.equal(formatDeadline(endOfTuesday), '24:00, 24/02/2026 (GMT+7)');
    const afternoon = new Date('2026-02-24T15:30:00+07:00');
    assert.equal(formatDateTime(afternoon, 'vi'), '15:30 24/02/2026 (GMT+7)');
    assert.equal(formatDeadline(afternoon), '15:30, 24/02/2026 (GMT+7)');
    assert.equal(formatDeadline(new Date('2026-01-01T00:00:00+07:00')), '24:00, 31/12/2025 (GMT+7)', 'across a year');
  });
});
