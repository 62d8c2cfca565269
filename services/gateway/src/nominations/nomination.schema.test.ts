import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { nominationRequestSchema, parseNominationRequest, textLimits } from './nomination.schema.ts';

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

  it('when the new year has begun in Vietnam but not yet in UTC, then next year is already acceptable', () => {
    const newYearInHanoi = { now: new Date('2026-12-31T18:00:00Z'), maxAttachments: 2 };
    assert.equal(parseNominationRequest(request('2028'), newYearInHanoi).ok, true, '01:00 on 1 January 2027 in Vietnam');
    assert.equal(parseNominationRequest(request('2028'), { ...newYearInHanoi, now: new Date('2026-12-31T16:59:00Z') }).ok, false, '23:59 on 31 December 2026');
  });
});

describe('the nominee name check', () => {
  const options = { now: new Date('2026-06-01T00:00:00Z'), maxAttachments: 2 };
  const named = (name: string) => ({ ...request('2026'), nominee: { kind: 'individual', name, identifier: '024185000123' } });
  const issuesOf = (name: string) => {
    const parsed = nominationRequestSchema(options).safeParse(named(name));
    return parsed.success ? [] : parsed.error.issues.map((issue) => (issue.code === 'custom' ? (issue.params as { code: string }).code : issue.code));
  };

  it('when a name within its limit holds a web address, then it is refused for that', () => {
    assert.deepEqual(issuesOf('Xem www.example.vn'), ['webAddressInName']);
  });

  it('when a name is over its limit, then only its length is reported: the web-address search, slow on long text, never reads it', () => {
    const long = `${'a'.repeat(textLimits.name)} www.example.vn`;
    assert.deepEqual(issuesOf(long), ['too_big']);
    assert.deepEqual(issuesOf('a'.repeat(90_000)), ['too_big']);
  });
});
