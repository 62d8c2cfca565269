import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { routeFor } from '@vinh-danh/domain';
import { sortDossier } from './dossier.ts';

const now = new Date('2026-03-02T03:00:00Z');

describe('sortDossier', () => {
  it('when files are given as items of a Bằng khen, then each item holds its files, the council minutes are the procedure\'s, and a required item without a file is missing', () => {
    const route = routeFor('bang-khen-bo-nganh-tinh');
    const sorted = sortDossier('bang-khen-bo-nganh-tinh', false, route, [
      { attachmentId: 'a-1', filename: 'a-1.pdf', item: 'toTrinh', field: 'attachments.0.item' },
      { attachmentId: 'a-2', filename: 'a-2.pdf', item: undefined, field: 'attachments.1.item' },
      { attachmentId: 'a-3', filename: 'a-3.pdf', item: 'toTrinh', field: 'attachments.2.item' },
    ], now);
    assert.ok(sorted.ok);
    const byId = new Map(sorted.record.items.map((item) => [item.id, item]));
    assert.deepEqual(byId.get('toTrinh')?.attachmentIds, ['a-1', 'a-3']);
    assert.equal(byId.get('bienBanHoiDong')?.recordedBy, route.some((level) => level.kind === 'council') ? 'procedure' : 'unit');
    assert.equal(byId.get('baoCaoThanhTich')?.recordedBy, 'unit');
    assert.deepEqual(sorted.record.missing, ['baoCaoThanhTich'], 'the report: required, the unit\'s, no file');
    assert.equal(byId.get('xacNhanNghiaVu')?.required, false, 'optional: never missing');
    assert.deepEqual(sorted.record.untagged, ['a-2']);
  });

  it('when a file is given as an item the award\'s dossier does not have, then the problem names the file\'s field and the items it may be', () => {
    const sorted = sortDossier('giay-khen', true, routeFor('giay-khen', { simplified: true }), [
      { attachmentId: 'a-1', filename: 'a-1.pdf', item: 'baoCaoThanhTich', field: 'attachments.0.item' },
      { attachmentId: 'a-2', filename: 'a-2.pdf', item: 'toTrinh', field: 'attachments.1.item' },
    ], now);
    assert.ok(!sorted.ok);
    assert.deepEqual(sorted.problems.map((problem) => problem.field), ['attachments.0.item']);
    assert.match(sorted.problems[0]!.message.en, /^“a-1\.pdf”: Is not an item of this award’s dossier; it may be one of: toTrinh \(Proposal letter \(tờ trình\)\), baoCaoTomTat \(Short report of the ad-hoc achievement\)\./);
  });

  it('when a route has a secret ballot and a posting, then their records are the procedure\'s; the unit\'s own items stay missing until given', () => {
    const route = routeFor('chien-si-thi-dua-toan-quoc');
    const sorted = sortDossier('chien-si-thi-dua-toan-quoc', false, route, [], now);
    assert.ok(sorted.ok);
    const recorded = sorted.record.items.filter((item) => item.recordedBy === 'procedure').map((item) => item.id);
    assert.deepEqual(recorded.sort(), ['bienBanHoiDong', 'bienBanKiemPhieu', 'ketQuaCongKhai']);
    assert.deepEqual(sorted.record.missing, ['toTrinh', 'baoCaoThanhTich', 'sangKienToanQuoc']);
  });

  it('when no dossier is in force on the day (before the catalogue\'s first version), then the problem names the award instead of failing', () => {
    const sorted = sortDossier('giay-khen', false, routeFor('giay-khen'), [], new Date('2020-06-01T00:00:00Z'));
    assert.ok(!sorted.ok);
    assert.deepEqual(sorted.problems.map((problem) => problem.field), ['awardTypeId']);
  });
});
