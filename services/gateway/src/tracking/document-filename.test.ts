import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { documentFilename } from './tracking.routes.ts';

describe('documentFilename', () => {
  it('when a document is downloaded, then its name says what it is and spells Đ as D', () => {
    assert.equal(documentFilename('decision', 'giay-khen', '1/QĐ-SGDĐT'), 'quyet-dinh-1-QD-SGDDT.pdf');
    assert.equal(documentFilename('certificate', 'giay-khen', '1/QĐ-SGDĐT'), 'giay-khen-1-QD-SGDDT.pdf');
    assert.equal(documentFilename('certificate', 'bang-khen-bo-nganh-tinh', '2/QĐ-UBND'), 'bang-khen-2-QD-UBND.pdf');
    assert.equal(documentFilename('certificate', 'co-thi-dua-chinh-phu', '15/QĐ-TTg'), 'giay-chung-nhan-15-QD-TTg.pdf', 'a flag is a title: its certificate of recognition');
    assert.equal(documentFilename('certificate', 'huan-chuong-lao-dong-hang-ba', '7/QĐ-CTN'), 'huan-chuong-7-QD-CTN.pdf');
    assert.equal(documentFilename('certificate', 'chien-si-thi-dua-co-so', '3/QĐ-UBND'), 'giay-chung-nhan-3-QD-UBND.pdf', 'a title gets a certificate of recognition');
  });
});
