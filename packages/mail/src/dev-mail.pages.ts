/**
 * HTML of the development inbox: a list of captured mail and one page per message.
 * Everything from a mail is escaped; its HTML body is shown in a sandboxed iframe.
 */
import { escapeHtml } from './mail-content.ts';
import type { CapturedMail } from './mail-capture.ts';

const style = `
  body{font-family:system-ui,Arial,sans-serif;margin:24px;color:#1a1a1a;max-width:1100px}
  h1{font-size:20px} table{border-collapse:collapse;width:100%}
  th,td{text-align:left;padding:6px 8px;border-bottom:1px solid #e5e5e5;vertical-align:top}
  th{font-size:13px;color:#555} a{color:#0b57d0} .muted{color:#666;font-size:13px}
  pre{white-space:pre-wrap;background:#f7f7f7;padding:12px;border-radius:4px}
  iframe{width:100%;height:520px;border:1px solid #ddd;border-radius:4px}
  dl{display:grid;grid-template-columns:max-content 1fr;gap:4px 16px} dt{color:#555}`;

function page(title: string, body: string, head = ''): string {
  return `<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">${head}<title>${escapeHtml(title)}</title><style>${style}</style></head><body>${body}</body></html>`;
}

const shownDate = (iso: string) => iso.replace('T', ' ').replace(/\.\d+Z$/, ' UTC');

/** The inbox, newest first. `base` is where the router is mounted (e.g. `/dev/mail`). */
export function inboxPage(messages: CapturedMail[], base: string): string {
  const rows = [...messages]
    .reverse()
    .map(
      (mail) =>
        `<tr><td class="muted">${escapeHtml(shownDate(mail.date))}</td><td>${escapeHtml(mail.to)}</td><td><a href="${escapeHtml(`${base}/messages/${mail.seq}`)}">${escapeHtml(mail.subject || '(không tiêu đề / no subject)')}</a></td></tr>`,
    )
    .join('');
  const body = `<h1>Hộp thư phát triển / Development inbox</h1>
<p class="muted">Thư do hệ thống gửi được giữ lại ở đây, không gửi ra ngoài. Trang tự làm mới sau 5 giây.<br>
Mail the system sends is caught here and goes nowhere else. This page refreshes every 5 seconds.
<a href="${escapeHtml(`${base}/messages.json`)}">JSON</a></p>
${
  messages.length === 0
    ? '<p>Chưa có thư nào. / No mail yet.</p>'
    : `<table><thead><tr><th>Ngày / Date</th><th>Người nhận / To</th><th>Tiêu đề / Subject</th></tr></thead><tbody>${rows}</tbody></table>`
}`;
  return page('Dev mail', body, '<meta http-equiv="refresh" content="5">');
}

// Makes the links in an (already escaped) text body clickable.
const linkify = (escaped: string) =>
  escaped.replace(/https?:\/\/(?:(?!&(?:quot|#39|lt|gt);)[^\s<>"'])+/g, (url) => `<a href="${url}" target="_blank" rel="noopener noreferrer">${url}</a>`);

/** One message: headers, the HTML body (sandboxed: no scripts, no same-origin access), the text body. */
export function messagePage(mail: CapturedMail, base: string): string {
  // Links in the mail open in a new tab rather than inside the frame.
  const srcdoc = mail.html === null ? null : `<base target="_blank">${mail.html}`;
  const body = `<p><a href="${escapeHtml(base)}">← Hộp thư / Inbox</a></p>
<h1>${escapeHtml(mail.subject || '(không tiêu đề / no subject)')}</h1>
<dl>
<dt>Từ / From</dt><dd>${escapeHtml(mail.from)}</dd>
<dt>Đến / To</dt><dd>${escapeHtml(mail.to)}</dd>
<dt>Ngày / Date</dt><dd>${escapeHtml(shownDate(mail.date))}</dd>
<dt>Message-ID</dt><dd><code>${escapeHtml(mail.messageId)}</code></dd>
</dl>
${srcdoc === null ? '' : `<h2>HTML</h2><iframe title="HTML body" sandbox="allow-popups allow-popups-to-escape-sandbox" srcdoc="${escapeHtml(srcdoc)}"></iframe>`}
<h2>Văn bản / Text</h2>
<pre>${linkify(escapeHtml(mail.text))}</pre>`;
  return page(mail.subject || 'Dev mail', body);
}
