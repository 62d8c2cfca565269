import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findAwardType, type AwardType } from '@vinh-danh/domain';
import type { DecisionRecord } from '@vinh-danh/store';
import { certificateContent, decisionContent, type DocumentFacts } from './document-content.ts';
import { issuingBodyText } from './issuing-body.ts';
import { dateWords, formatMultiplier, formatVnd } from './vietnamese-format.ts';

const award = (id: string): AwardType => findAwardType(id)!;

function facts(overrides: Partial<DecisionRecord> = {}, awardTypeId = 'bang-khen-bo-nganh-tinh'): DocumentFacts {
  const decision: DecisionRecord = {
    decisionId: 'd1', nominationId: 'n1', instanceId: 'i1', authority: 'UBND tỉnh Bắc Giang', issuerCode: 'QĐ-UBND',
    year: 2025, number: 123, decisionNumber: '123/QĐ-UBND', awardTypeId, decisionDate: new Date('2025-03-10T00:00:00Z'),
    amountVnd: 2_340_000, amountBasis: { multiplier: 1, baseSalaryVnd: 2_340_000 }, ...overrides,
  };
  return {
    decision, award: award(awardTypeId), period: '2024',
    nominee: { kind: 'individual', name: 'Nguyễn Thị Hoà', identifier: null, position: 'Chuyên viên' },
    unitName: 'Sở Nội vụ tỉnh Bắc Giang', achievementSummary: 'Hoàn thành xuất sắc nhiệm vụ năm 2024.',
  };
}

describe('decision wording', () => {
  it('when a province decides, then the document is headed, numbered, dated and worded as a UBND decision', () => {
    const content = decisionContent(facts());
    assert.deepEqual(content.body.heading, ['ỦY BAN NHÂN DÂN', 'TỈNH BẮC GIANG']);
    assert.equal(content.numberLine, 'Số: 123/QĐ-UBND');
    assert.equal(content.dateLine, 'Bắc Giang, ngày 10 tháng 3 năm 2025');
    assert.equal(content.subject, 'Về việc tặng Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh Bắc Giang');
    assert.equal(content.body.decider, 'CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH BẮC GIANG');
    assert.equal(
      content.articles[0],
      'Điều 1. Tặng Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh Bắc Giang cho Nguyễn Thị Hoà, Chuyên viên, Sở Nội vụ tỉnh Bắc Giang, đã có thành tích: Hoàn thành xuất sắc nhiệm vụ năm 2024.',
    );
    assert.match(content.articles[1], /^Điều 2\. .* 2\.340\.000 đồng \(1,0 lần mức lương cơ sở 2\.340\.000 đồng\)/u);
    assert.match(content.articles[2], /^Điều 3\. Quyết định này có hiệu lực kể từ ngày ký/u);
  });

  it('when the Prime Minister or the President decides, then the heading and place are theirs', () => {
    assert.deepEqual(issuingBodyText('Thủ tướng Chính phủ', 'QĐ-TTg').heading, ['THỦ TƯỚNG CHÍNH PHỦ']);
    const president = issuingBodyText('Chủ tịch nước', 'QĐ-CTN');
    assert.equal(president.place, 'Hà Nội');
    assert.equal(president.signerTitle, 'CHỦ TỊCH NƯỚC');
    const department = issuingBodyText('Sở Nội vụ tỉnh Bắc Giang', 'QĐ-SNV');
    assert.deepEqual([department.place, department.signerTitle, department.decider], ['Bắc Giang', 'GIÁM ĐỐC', 'GIÁM ĐỐC SỞ NỘI VỤ TỈNH BẮC GIANG']);
  });

  it('when the signatory is recorded title first, then the heading is the body, the title is printed above the signature and the place is the body\'s', () => {
    const text = (authority: string) => {
      const body = issuingBodyText(authority, 'QĐ-UBND');
      return [body.heading, body.place, body.signerTitle, body.decider];
    };
    assert.deepEqual(text('Chủ tịch UBND tỉnh Bắc Giang'), [['ỦY BAN NHÂN DÂN', 'TỈNH BẮC GIANG'], 'Bắc Giang', 'CHỦ TỊCH', 'CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH BẮC GIANG']);
    assert.deepEqual(text('UBND tỉnh Bắc Giang'), text('Chủ tịch UBND tỉnh Bắc Giang'), 'the same decision, however the signatory is recorded');
    assert.deepEqual(text('Chủ tịch UBND huyện Yên Dũng'), [['ỦY BAN NHÂN DÂN', 'HUYỆN YÊN DŨNG'], 'Yên Dũng', 'CHỦ TỊCH', 'CHỦ TỊCH ỦY BAN NHÂN DÂN HUYỆN YÊN DŨNG']);
    assert.deepEqual(text('Chánh Văn phòng UBND tỉnh Bắc Giang'), [['VĂN PHÒNG ỦY BAN NHÂN DÂN TỈNH BẮC GIANG'], 'Bắc Giang', 'CHÁNH VĂN PHÒNG', 'CHÁNH VĂN PHÒNG ỦY BAN NHÂN DÂN TỈNH BẮC GIANG']);
    assert.deepEqual(text('Giám đốc Sở Giáo dục và Đào tạo tỉnh Bắc Giang').slice(1, 3), ['Bắc Giang', 'GIÁM ĐỐC']);
    assert.deepEqual(text('Trưởng Ban Thi đua – Khen thưởng tỉnh Bắc Giang'), [
      ['BAN THI ĐUA – KHEN THƯỞNG TỈNH BẮC GIANG'], 'Bắc Giang', 'TRƯỞNG BAN', 'TRƯỞNG BAN THI ĐUA – KHEN THƯỞNG TỈNH BẮC GIANG',
    ]);
  });

  it('when the award is an emulation title or an order, then the subject says so', () => {
    assert.equal(decisionContent(facts({}, 'chien-si-thi-dua-co-so')).subject, 'Về việc tặng danh hiệu Chiến sĩ thi đua cơ sở năm 2024');
    assert.equal(decisionContent(facts({}, 'huan-chuong-lao-dong-hang-ba')).subject, 'Về việc tặng thưởng Huân chương Lao động hạng Ba');
    assert.equal(certificateContent(facts({}, 'giay-khen')).title, 'GIẤY KHEN');
    assert.equal(certificateContent(facts({}, 'huan-chuong-lao-dong-hang-ba')).title, 'HUÂN CHƯƠNG LAO ĐỘNG HẠNG BA');
  });

  it('when the catalogue sets no amount, then Điều 2 gives the reason instead of a sum', () => {
    const content = decisionContent(facts({ amountVnd: null, amountBasis: { reason: 'notInTable', reasonVi: 'Mức thưởng tùy hạng' } }, 'huan-chuong-doc-lap'));
    assert.match(content.articles[1], /chưa được xác định \(Mức thưởng tùy hạng\)/u);
  });

  it('when the certificate is worded, then it carries the nominee, the award and the decision number', () => {
    const certificate = certificateContent(facts());
    assert.equal(certificate.nomineeName, 'Nguyễn Thị Hoà');
    assert.equal(certificate.awardName, 'Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh Bắc Giang');
    assert.equal(certificate.decisionLine, 'Quyết định số 123/QĐ-UBND ngày 10 tháng 3 năm 2025');
    assert.equal(certificate.achievement, 'Đã có thành tích: Hoàn thành xuất sắc nhiệm vụ năm 2024.');
    const repeated = certificateContent({ ...facts(), achievementSummary: 'Đã có thành tích xuất sắc năm 2024' });
    assert.equal(repeated.achievement, 'Đã có thành tích: xuất sắc năm 2024.');
  });

  it('when a ministry gives the Bằng khen, or a province is itself the nominee, then the documents say whose it is and name the province once', () => {
    const ministry = decisionContent(facts({ authority: 'Bộ Nội vụ', issuerCode: 'QĐ-BNV' }));
    assert.equal(ministry.subject, 'Về việc tặng Bằng khen của Bộ trưởng Bộ Nội vụ');
    const titled = decisionContent(facts({ authority: 'Chủ tịch UBND tỉnh Bắc Giang' }));
    assert.equal(titled.subject, 'Về việc tặng Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh Bắc Giang');
    assert.equal(decisionContent(facts({}, 'bang-khen-thu-tuong')).subject, 'Về việc tặng Bằng khen của Thủ tướng Chính phủ', 'other awards keep their own name');
    const province = { ...facts({}, 'co-thi-dua-chinh-phu'), nominee: { kind: 'collective' as const, name: 'Tỉnh Thái Nguyên', identifier: null, position: null }, unitName: 'Tỉnh Thái Nguyên' };
    assert.match(decisionContent(province).articles[0], /^Điều 1\. Tặng danh hiệu Cờ thi đua của Chính phủ năm 2024 cho Tỉnh Thái Nguyên, đã có thành tích/u);
    assert.deepEqual(certificateContent(province).nomineeLines, []);
    const department = { ...facts(), nominee: { kind: 'collective' as const, name: 'Phòng Tổ chức – Biên chế', identifier: null, position: null } };
    assert.match(decisionContent(department).articles[0], /cho Phòng Tổ chức – Biên chế, thuộc Sở Nội vụ tỉnh Bắc Giang,/u);
  });

  it('when numbers and days are written, then they follow the administrative style', () => {
    assert.equal(formatVnd(46_000), '46.000 đồng');
    assert.equal(formatVnd(107_640_000), '107.640.000 đồng');
    assert.equal(formatMultiplier(4.5), '4,5');
    assert.equal(dateWords('2025-02-05'), 'ngày 05 tháng 02 năm 2025');
    assert.equal(dateWords('2025-12-31'), 'ngày 31 tháng 12 năm 2025');
  });
});
