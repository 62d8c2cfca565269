import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { findAwardType } from '@vinh-danh/domain';
import { containsPhrase, pdfText } from '../testing/pdf-text.ts';
import { renderCertificatePdf } from './certificate-pdf.ts';
import { renderDecisionPdf } from './decision-pdf.ts';
import { certificateContent, decisionContent, type DocumentFacts } from './document-content.ts';

const require = createRequire(import.meta.url);
// fontkit ships no types; the test needs one method of it.
const fontkit = require('fontkit') as { create(data: Buffer): { hasGlyphForCodePoint(codePoint: number): boolean } };

/** Every letter of the Vietnamese alphabet with its tones (both cases are checked). */
const VIETNAMESE = 'aàáảãạăằắẳẵặâầấẩẫậbcdđeèéẻẽẹêềếểễệghiìíỉĩịklmnoòóỏõọôồốổỗộơờớởỡợpqrstuùúủũụưừứửữựvxyỳýỷỹỵ';

const facts: DocumentFacts = {
  decision: {
    decisionId: 'd1', nominationId: 'n1', instanceId: 'i1', authority: 'UBND tỉnh Bắc Giang', issuerCode: 'QĐ-UBND', year: 2025,
    number: 7, decisionNumber: '7/QĐ-UBND', awardTypeId: 'bang-khen-bo-nganh-tinh', decisionDate: new Date('2025-03-10T00:00:00Z'),
    amountVnd: 2_340_000, amountBasis: { multiplier: 1, baseSalaryVnd: 2_340_000 },
  },
  award: findAwardType('bang-khen-bo-nganh-tinh')!,
  nominee: { kind: 'individual', name: 'Nguyễn Thị Hoà', identifier: null, position: 'Chuyên viên phòng Thi đua' },
  unitName: 'Sở Nội vụ tỉnh Bắc Giang',
  achievementSummary: 'Chủ trì số hoá hồ sơ thi đua; tiết kiệm được ữ ặ ơ ư ệ Đ hơn 30% thời gian thẩm định.',
  period: '2024',
};

describe('decision documents as PDF', () => {
  it('when the font is loaded, then it has a glyph for every Vietnamese letter in every face used', () => {
    for (const face of ['DejaVuSerif.ttf', 'DejaVuSerif-Bold.ttf', 'DejaVuSerif-Italic.ttf']) {
      const font = fontkit.create(readFileSync(require.resolve(`dejavu-fonts-ttf/ttf/${face}`)));
      const missing = [...(VIETNAMESE + VIETNAMESE.toUpperCase())].filter((letter) => !font.hasGlyphForCodePoint(letter.codePointAt(0)!));
      assert.deepEqual(missing, [], `${face} lacks glyphs`);
    }
  });

  it('when the documents are worded, then every character they print has a glyph (amounts say "đồng": the font has no ₫)', () => {
    const font = fontkit.create(readFileSync(require.resolve('dejavu-fonts-ttf/ttf/DejaVuSerif.ttf')));
    const printed = JSON.stringify([decisionContent(facts), certificateContent(facts)]);
    const missing = [...new Set(printed)].filter((character) => !font.hasGlyphForCodePoint(character.codePointAt(0)!));
    assert.deepEqual(missing, []);
  });

  it('when the decision is rendered, then its text reads back with every diacritic, number and article', async () => {
    const pdf = await renderDecisionPdf(decisionContent(facts), { decisionNumber: '7/QĐ-UBND', decisionDate: facts.decision.decisionDate });
    assert.equal(pdf.subarray(0, 5).toString(), '%PDF-');
    assert.match(pdf.toString('latin1'), /DejaVuSerif/);
    const text = await pdfText(pdf);
    for (const phrase of [
      'ỦY BAN NHÂN DÂN', 'TỈNH BẮC GIANG', 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'Độc lập - Tự do - Hạnh phúc', 'Số: 7/QĐ-UBND',
      'Bắc Giang, ngày 10 tháng 3 năm 2025', 'QUYẾT ĐỊNH', 'Về việc tặng Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh Bắc Giang', 'Điều 1.', 'Nguyễn Thị Hoà',
      'Điều 2.', '2.340.000 đồng', 'Điều 3.', 'ữ ặ ơ ư ệ Đ',
    ]) {
      assert.ok(containsPhrase(text, phrase), `decision lacks "${phrase}":\n${text}`);
    }
  });

  it('when the certificate is rendered, then it names the nominee, the award and the decision number', async () => {
    const pdf = await renderCertificatePdf(certificateContent(facts), { decisionNumber: '7/QĐ-UBND', decisionDate: facts.decision.decisionDate });
    const text = await pdfText(pdf);
    for (const phrase of ['BẰNG KHEN', 'Nguyễn Thị Hoà', 'Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh Bắc Giang', 'Quyết định số 7/QĐ-UBND', 'CHỦ TỊCH']) {
      assert.ok(containsPhrase(text, phrase), `certificate lacks "${phrase}":\n${text}`);
    }
  });
});
