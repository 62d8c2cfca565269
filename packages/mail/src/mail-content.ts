/**
 * Bilingual mail content as data, rendered twice: to plain text and to HTML.
 *
 * Every block carries its Vietnamese and English wording side by side, Vietnamese first, so
 * the two bodies cannot drift apart and every value reaches the HTML only through
 * {@link escapeHtml}.
 */

/** Vietnamese first, English alongside. */
export interface Bilingual {
  vi: string;
  en: string;
}

/** One labelled value, e.g. "Mã hồ sơ / Tracking code: VD-7KQ2". */
export interface Fact {
  label: Bilingual;
  value: string;
}

export type MailBlock =
  | { kind: 'paragraph'; text: Bilingual }
  | { kind: 'facts'; facts: Fact[] }
  /** A call to action: the sentence, then the URL on its own line (a button in HTML). */
  | { kind: 'link'; text: Bilingual; url: string }
  /** Someone's own words, quoted as written (not translated). */
  | { kind: 'quote'; label: Bilingual; text: string };

export interface MailContent {
  subject: Bilingual;
  greeting: Bilingual;
  blocks: MailBlock[];
  /** Closing lines under a rule: who sent it, why it came. */
  footer: Bilingual;
}

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

const htmlEscapes: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for HTML element content and quoted attribute values. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (character) => htmlEscapes[character]!);
}

/** "Vietnamese / English" on one line, for subjects and labels. */
const inline = (text: Bilingual) => (text.vi === text.en ? text.vi : `${text.vi} / ${text.en}`);

// Subjects stay on one line whatever a nominee's name holds.
const oneLine = (value: string) => value.replace(/[\r\n\t]+/g, ' ').trim();

function blockText(block: MailBlock): string {
  switch (block.kind) {
    case 'paragraph':
      return `${block.text.vi}\n${block.text.en}`;
    case 'facts':
      return block.facts.map((fact) => `${inline(fact.label)}: ${fact.value}`).join('\n');
    case 'link':
      return `${block.text.vi}\n${block.text.en}\n${block.url}`;
    case 'quote':
      return `${inline(block.label)}:\n${block.text
        .split('\n')
        .map((line) => `> ${line}`)
        .join('\n')}`;
  }
}

const enStyle = 'color:#555;font-style:italic';

function blockHtml(block: MailBlock): string {
  switch (block.kind) {
    case 'paragraph':
      return `<p>${escapeHtml(block.text.vi)}<br><span lang="en" style="${enStyle}">${escapeHtml(block.text.en)}</span></p>`;
    case 'facts':
      return `<table role="presentation" style="border-collapse:collapse;margin:12px 0">${block.facts
        .map(
          (fact) =>
            `<tr><th scope="row" style="text-align:left;padding:4px 12px 4px 0;vertical-align:top;font-weight:600">${escapeHtml(fact.label.vi)}<br><span lang="en" style="${enStyle};font-weight:normal">${escapeHtml(fact.label.en)}</span></th><td style="padding:4px 0;vertical-align:top">${escapeHtml(fact.value)}</td></tr>`,
        )
        .join('')}</table>`;
    case 'link':
      return `<p>${escapeHtml(block.text.vi)}<br><span lang="en" style="${enStyle}">${escapeHtml(block.text.en)}</span></p><p><a href="${escapeHtml(block.url)}" style="display:inline-block;padding:10px 18px;background:#b3261e;color:#fff;text-decoration:none;border-radius:4px">${escapeHtml(block.url)}</a></p>`;
    case 'quote':
      return `<p style="margin-bottom:4px">${escapeHtml(block.label.vi)}<br><span lang="en" style="${enStyle}">${escapeHtml(block.label.en)}</span></p><blockquote style="margin:0 0 12px;padding:8px 12px;border-left:3px solid #ccc;white-space:pre-wrap">${escapeHtml(block.text)}</blockquote>`;
  }
}

/** Renders the content to a one-line subject, a plain-text body and an HTML body (UTF-8). */
export function renderMailContent(content: MailContent): RenderedMail {
  const subject = oneLine(inline(content.subject));
  const text = [
    `${content.greeting.vi}\n${content.greeting.en}`,
    ...content.blocks.map(blockText),
    `-- \n${content.footer.vi}\n${content.footer.en}`,
  ].join('\n\n');
  const html = [
    '<!DOCTYPE html>',
    '<html lang="vi"><head><meta charset="utf-8">',
    `<title>${escapeHtml(subject)}</title></head>`,
    '<body style="font-family:Arial,Helvetica,sans-serif;font-size:15px;line-height:1.5;color:#1a1a1a;max-width:640px">',
    `<p>${escapeHtml(content.greeting.vi)}<br><span lang="en" style="${enStyle}">${escapeHtml(content.greeting.en)}</span></p>`,
    ...content.blocks.map(blockHtml),
    `<hr style="border:none;border-top:1px solid #ddd;margin-top:24px"><p style="font-size:13px;color:#666">${escapeHtml(content.footer.vi)}<br><span lang="en">${escapeHtml(content.footer.en)}</span></p>`,
    '</body></html>',
  ].join('\n');
  return { subject, text, html };
}
