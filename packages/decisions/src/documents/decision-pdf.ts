/**
 * The decision (quyết định) as a one-page A4 PDF laid out after Nghị định 30/2020/NĐ-CP: the
 * issuing body top left with the number under it, the national motto top right with the place
 * and date under it, the name of the document and its subject, the legal basis, the articles,
 * the recipients and the signature block.
 */
import type { DecisionContent } from './document-content.ts';
import { MOTTO } from './document-content.ts';
import { centred, fonts, renderPdf, underline } from './pdf-writer.ts';

export interface DecisionPdfMeta {
  decisionNumber: string;
  decisionDate: Date;
}

export function renderDecisionPdf(content: DecisionContent, meta: DecisionPdfMeta): Promise<Buffer> {
  return renderPdf(
    { layout: 'portrait', title: `Quyết định số ${meta.decisionNumber}`, subject: content.subject, creationDate: meta.decisionDate },
    (doc) => {
      const left = doc.page.margins.left;
      const width = doc.page.width - left - doc.page.margins.right;
      const leftWidth = width * 0.42;
      const rightX = left + width * 0.42;
      const rightWidth = width * 0.58;
      const top = doc.page.margins.top;

      // Top left: the body, ruled, then the number. Top right: the motto, ruled, then place and date.
      const bodyEnd = centred(doc, content.body.heading, left, top, leftWidth, fonts.bold, 11);
      underline(doc, left + leftWidth / 2, bodyEnd + 2, 50);
      centred(doc, [content.numberLine], left, bodyEnd + 10, leftWidth, fonts.regular, 11);
      centred(doc, [MOTTO[0]], rightX, top, rightWidth, fonts.bold, 10.5);
      const mottoEnd = centred(doc, [MOTTO[1]], rightX, doc.y, rightWidth, fonts.bold, 11);
      underline(doc, rightX + rightWidth / 2, mottoEnd + 2, 150);
      const dateEnd = centred(doc, [content.dateLine], rightX, mottoEnd + 10, rightWidth, fonts.italic, 11);

      let y = Math.max(doc.y, dateEnd) + 28;
      y = centred(doc, ['QUYẾT ĐỊNH'], left, y, width, fonts.bold, 14);
      y = centred(doc, [content.subject], left, y + 2, width, fonts.bold, 12);
      underline(doc, left + width / 2, y + 3, 90);
      y = centred(doc, [content.body.decider], left, y + 16, width, fonts.bold, 12);

      doc.font(fonts.italic).fontSize(12).text('', left, y + 12);
      for (const line of content.legalBasis) doc.text(line, { width, align: 'justify', indent: 28, paragraphGap: 4 });
      doc.moveDown(0.6);
      doc.font(fonts.bold).fontSize(13).text('QUYẾT ĐỊNH:', left, doc.y, { width, align: 'center' });
      doc.moveDown(0.6);
      for (const article of content.articles) {
        const [label, ...rest] = article.split('. ');
        doc.font(fonts.bold).fontSize(12).text(`${label}. `, left, doc.y, { continued: true, indent: 28 });
        doc.font(fonts.regular).text(rest.join('. '), { width, align: 'justify', paragraphGap: 6 });
      }

      // Bottom: recipients on the left, the signer on the right, side by side.
      // Kept whole: a long achievement summary pushes the block to a page of its own.
      if (doc.y + 150 > doc.page.height - doc.page.margins.bottom) doc.addPage();
      const blockY = doc.y + 18;
      doc.font(fonts.bold).fontSize(10).text('Nơi nhận:', left, blockY, { width: leftWidth });
      doc.font(fonts.regular).fontSize(9.5);
      for (const recipient of content.recipients) doc.text(`- ${recipient}`, { width: leftWidth });
      centred(doc, [content.body.signerTitle], rightX, blockY, rightWidth, fonts.bold, 12);
      centred(doc, ['(Đã ký)'], rightX, doc.y + 44, rightWidth, fonts.italic, 11);
    },
  );
}
