/**
 * How a decision and its certificate name the award: the subject line under "QUYẾT ĐỊNH", the
 * verb of Điều 1 and the certificate's heading. Emulation titles are "tặng danh hiệu …" and get
 * a certificate of the title; orders are "tặng thưởng …"; Bằng khen and Giấy khen head their own
 * certificate.
 */
import type { AwardType } from '@vinh-danh/domain';
import { upper } from './vietnamese-format.ts';

export interface AwardWording {
  /** The award as the documents name it: `Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh Bắc Giang`. */
  name: string;
  /** Under the document's name: `Về việc tặng Bằng khen của Thủ tướng Chính phủ`. */
  subject: string;
  /** Opens Điều 1: `Tặng danh hiệu Chiến sĩ thi đua cơ sở năm 2024`. */
  grant: string;
  /** The certificate's heading: `BẰNG KHEN`, `GIẤY KHEN`, `HUÂN CHƯƠNG LAO ĐỘNG HẠNG BA` … */
  certificateTitle: string;
  /** The line above the heading on the certificate: `TẶNG`, `TẶNG THƯỞNG`, `CÔNG NHẬN`. */
  certificateVerb: string;
}

const isOrder = (award: AwardType) => award.id.startsWith('huan-chuong-');

/**
 * The wording for `award`; `period` (the emulation year) is named for titles when it is a year.
 * A ministry's or province's Bằng khen is named by who gives it (`deciderText`, e.g. `Chủ tịch
 * Ủy ban nhân dân tỉnh Bắc Giang`), as the law names it, not by the catalogue's group name.
 */
export function awardWording(award: AwardType, period: string | null, deciderText?: string): AwardWording {
  const name = award.id === 'bang-khen-bo-nganh-tinh' && deciderText ? `Bằng khen của ${deciderText}` : award.nameVi;
  if (award.category === 'title') {
    const named = /^\d{4}$/.test(period ?? '') ? `danh hiệu ${award.nameVi} năm ${period}` : `danh hiệu ${award.nameVi}`;
    return { name, subject: `Về việc tặng ${named}`, grant: `Tặng ${named}`, certificateTitle: 'GIẤY CHỨNG NHẬN DANH HIỆU THI ĐUA', certificateVerb: 'CÔNG NHẬN' };
  }
  const verb = isOrder(award) ? 'tặng thưởng' : 'tặng';
  const certificateTitle = award.id === 'giay-khen' ? 'GIẤY KHEN' : award.id.startsWith('bang-khen') ? 'BẰNG KHEN' : upper(award.nameVi);
  return {
    name,
    subject: `Về việc ${verb} ${name}`,
    grant: `${verb.charAt(0).toUpperCase()}${verb.slice(1)} ${name}`,
    certificateTitle,
    certificateVerb: upper(verb),
  };
}
