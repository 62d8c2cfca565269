import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseNominationRequest } from './nomination.schema.ts';

const request = (period: string, attachments = 0) => ({
  nominee: { kind: 'individual', name: 'Nguyễn Thị Hoa', identifier: '024185000123' },
  unitId: 'so-noi-vu-bac-giang',
  awardTypeId: 'giay-khen',
  period,
  achievementSummary: 'Hoàn thành xuất sắc nhiệm vụ.',
  contact: { name: 'Trần Văn Nam', email: 'nam.tran@sonoivu.bacgiang.example' },
  ...(attachments ? { attachments: Array.from({ length: attachments }, () => ({ filename: 'a.pdf', contentType: 'application/pdf', contentBase64: 'JVBERi0=' })) } : {}),
});

describe('the nomination request schema, built once per year and attachment limit', () => {
  it('when the clock passes into a new year, then next year becomes acceptable and the limits follow each call', () => {
    const in2026 = { now: new Date('2026-06-01T00:00:00Z'), maxAttachments: 2 };
    const in2027 = { now: new Date('2027-01-01T00:00:00Z'), maxAttachments: 2 };
    assert.equal(parseNominationRequest(request('2028'), in2026).ok, false);
    assert.equal(parseNominationRequest(request('2028'), in2027).ok, true);
    assert.equal(parseNominationRequest(request('2028'), in2026).ok, false, 'the earlier year keeps its own limit');
    assert.equal(parseNominationRequest(request('2026', 3), in2026).ok, false);
    assert.equal(parseNominationRequest(request('2026', 3), { ...in2026, maxAttachments: 3 }).ok, true);
  });
});
