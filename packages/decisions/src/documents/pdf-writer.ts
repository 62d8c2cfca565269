/**
 * pdfkit with a font that has every Vietnamese glyph: DejaVu Serif from the npm package
 * `dejavu-fonts-ttf` (TrueType files, installed by `npm ci`, nothing from the system). pdfkit
 * embeds the subset of glyphs a document uses, so each PDF carries its own font and reads the
 * same everywhere; the text stays extractable (ToUnicode map), which the tests rely on.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';

export type Pdf = PDFKit.PDFDocument;

export const fonts = { regular: 'serif', bold: 'serif-bold', italic: 'serif-italic' } as const;

const require = createRequire(import.meta.url);
const fontFile = (name: string) => require.resolve(`dejavu-fonts-ttf/ttf/${name}`);

let fontData: Record<(typeof fonts)[keyof typeof fonts], Buffer> | undefined;

/**
 * The font files, read once per process. Call it at start so a missing font fails the worker
 * there, not the first decision; returns the file of the regular face.
 */
export function preloadFonts(): string {
  loadFonts();
  return fontFile('DejaVuSerif.ttf');
}

function loadFonts() {
  fontData ??= {
    [fonts.regular]: readFileSync(fontFile('DejaVuSerif.ttf')),
    [fonts.bold]: readFileSync(fontFile('DejaVuSerif-Bold.ttf')),
    [fonts.italic]: readFileSync(fontFile('DejaVuSerif-Italic.ttf')),
  };
  return fontData;
}

export interface PdfOptions {
  layout: 'portrait' | 'landscape';
  title: string;
  subject: string;
  /** Fixed, so the same decision renders the same metadata on a retry. */
  creationDate: Date;
}

/** Renders a one-document PDF: `draw` lays it out on an A4 page with the fonts registered. */
export function renderPdf(options: PdfOptions, draw: (doc: Pdf) => void): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({
      size: 'A4',
      layout: options.layout,
      margins: { top: 56, bottom: 56, left: 70, right: 56 },
      info: { Title: options.title, Subject: options.subject, Author: 'Vinh Danh', CreationDate: options.creationDate },
    });
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    try {
      for (const [name, data] of Object.entries(loadFonts())) doc.registerFont(name, data);
      doc.font(fonts.regular);
      draw(doc);
      doc.end();
    } catch (error) {
      reject(error);
    }
  });
}

/** Lines centred in a column starting at `x`, from `y`; returns the y below the last. */
export function centred(doc: Pdf, lines: readonly string[], x: number, y: number, width: number, font: string, size: number): number {
  doc.font(font).fontSize(size);
  let cursor = y;
  for (const line of lines) {
    doc.text(line, x, cursor, { width, align: 'center' });
    cursor = doc.y;
  }
  return cursor;
}

/** A short rule centred under a heading, as Vietnamese documents draw under the body and the motto. */
export function underline(doc: Pdf, centreX: number, y: number, length: number): void {
  doc.moveTo(centreX - length / 2, y).lineTo(centreX + length / 2, y).lineWidth(0.6).stroke();
}
