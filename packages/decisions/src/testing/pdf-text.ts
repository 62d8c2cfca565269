/**
 * Test support: the text of a PDF as a reader's copy-paste would give it (pdf.js, legacy
 * build for Node), and a containment check that ignores where lines wrapped.
 */
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

/** Every page's text, lines joined by newlines, NFC-normalised. */
export async function pdfText(pdf: Uint8Array): Promise<string> {
  const document = await getDocument({ data: new Uint8Array(pdf), isEvalSupported: false, useSystemFonts: false, verbosity: 0 }).promise;
  try {
    const pages: string[] = [];
    for (let number = 1; number <= document.numPages; number += 1) {
      const content = await (await document.getPage(number)).getTextContent();
      pages.push(content.items.map((item) => ('str' in item ? `${item.str}${item.hasEOL ? '\n' : ''}` : '')).join(''));
    }
    return pages.join('\n').normalize('NFC');
  } finally {
    await document.destroy();
  }
}

const squash = (text: string) => text.normalize('NFC').replace(/\s+/gu, '');

/** Whether `text` contains `phrase`, white space ignored: a wrapped line breaks a phrase anywhere. */
export function containsPhrase(text: string, phrase: string): boolean {
  return squash(text).includes(squash(phrase));
}
