/**
 * The certificate (Bằng khen, Giấy khen, certificate of an emulation title or an order) as a
 * landscape A4 PDF: a double border, the issuing body, the verb and the certificate's name, the
 * nominee, the achievement, the award, and the place, date and decision number it was given by.
 */
import type { CertificateContent } from './document-content.ts';
import { MOTTO } from './document-content.ts';
import { centred, fonts, renderPdf } from './pdf-writer.ts';

export interface CertificatePdfMeta {
  decisionNumber: string;
  decisionDate: Date;
}

/** The achievement is shortened on the certificate; the decision carries it whole. */
const MAX_ACHIEVEMENT = 600;

export function renderCertificatePdf(content: CertificateContent, meta: CertificatePdfMeta): Promise<Buffer> {
  return renderPdf(
    { layout: 'landscape', title: `${content.title} — ${content.nomineeName}`, subject: content.awardName, creationDate: meta.decisionDate },
    (doc) => {
      const { width: pageWidth, height: pageHeight } = doc.page;
      doc.lineWidth(3).strokeColor('#9b1c1c').rect(24, 24, pageWidth - 48, pageHeight - 48).stroke();
      doc.lineWidth(0.8).rect(32, 32, pageWidth - 64, pageHeight - 64).stroke();
      doc.strokeColor('black').fillColor('black');

      const x = 80;
      const width = pageWidth - 160;
      let y = centred(doc, MOTTO, x, 52, width, fonts.bold, 11);
      y = centred(doc, content.heading, x, y + 10, width, fonts.bold, 13);
      y = centred(doc, [content.verb], x, y + 14, width, fonts.bold, 14);
      doc.fillColor('#9b1c1c');
      y = centred(doc, [content.title], x, y + 2, width, fonts.bold, 30);
      doc.fillColor('black');
      y = centred(doc, [content.nomineeName], x, y + 10, width, fonts.bold, 22);
      if (content.nomineeLines.length > 0) y = centred(doc, content.nomineeLines, x, y + 2, width, fonts.italic, 13);
      const achievement =
        content.achievement.length > MAX_ACHIEVEMENT ? `${content.achievement.slice(0, MAX_ACHIEVEMENT - 1).trimEnd()}…` : content.achievement;
      y = centred(doc, [achievement], x + 40, y + 12, width - 80, fonts.regular, 13);
      y = centred(doc, [content.awardName], x, y + 8, width, fonts.bold, 14);

      const footY = Math.max(y + 16, pageHeight - 150);
      const half = width / 2;
      centred(doc, [content.decisionLine], x, footY + 30, half, fonts.italic, 11);
      centred(doc, [content.dateLine], x + half, footY, half, fonts.italic, 12);
      centred(doc, [content.signerTitle], x + half, doc.y + 4, half, fonts.bold, 13);
      centred(doc, ['(Đã ký)'], x + half, doc.y + 30, half, fonts.italic, 11);
    },
  );
}
