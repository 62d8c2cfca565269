import { isVietnamMidnight } from '@vinh-danh/domain';
import { html, type SafeHtml } from '../http/html.ts';
import { t, type Lang } from '../i18n/i18n.ts';

export interface PageOptions {
  lang: Lang;
  title: string;
  body: SafeHtml;
  /** Path the language switch links to (with `?lang=`); no switch when unset (pages answering a POST). */
  langSwitchPath?: string;
  /** Prefixes the title with "Error:" so screen readers hear it first. */
  hasErrors?: boolean;
}

/** The page frame: skip link, header with the language switch, main landmark. No scripts, no inline styles. */
export function page(options: PageOptions): string {
  const { lang } = options;
  const other: Lang = lang === 'vi' ? 'en' : 'vi';
  const title = `${options.hasErrors ? `${t(lang, 'site.errorPrefix')} ` : ''}${options.title} – ${t(lang, 'site.name')}`;
  return html`<!DOCTYPE html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<link rel="stylesheet" href="/assets/app.css">
</head>
<body>
<a class="skip-link" href="#main">${t(lang, 'site.skip')}</a>
<header class="site-header">
  <div class="container header-row">
    <a class="site-name" href="/">${t(lang, 'site.name')}</a>
    <span class="tagline">${t(lang, 'site.tagline')}</span>
    ${options.langSwitchPath
      ? html`<a class="lang-switch" href="${options.langSwitchPath}?lang=${other}" lang="${other}" hreflang="${other}">${t(lang, 'site.otherLanguage')}</a>`
      : ''}
  </div>
</header>
<main id="main" class="container" tabindex="-1">
${options.body}
</main>
</body>
</html>
`.value;
}

const dateTimeFormats: Record<Lang, Intl.DateTimeFormat> = {
  vi: new Intl.DateTimeFormat('vi-VN', { day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZone: 'Asia/Ho_Chi_Minh' }),
  en: new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Asia/Ho_Chi_Minh' }),
};

const minuteMs = 60_000;

/**
 * A moment as people in Vietnam read it (Asia/Ho_Chi_Minh), in the page's language. Midnight,
 * where a deadline in working days ends, is the end of the day before (24:00), not the start of
 * the next: `24:00 24/02/2026`, not `00:00 25/02/2026`.
 */
export function formatDateTime(date: Date, lang: Lang): string {
  const shown = isVietnamMidnight(date.getTime()) ? dateTimeFormats[lang].format(new Date(date.getTime() - minuteMs)).replace('23:59', '24:00') : dateTimeFormats[lang].format(date);
  return `${shown} (GMT+7)`;
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`;
}

/** A simple message page (errors, refused links, expired drafts). */
export function messagePage(options: { lang: Lang; title: string; paragraphs: string[]; links?: Array<{ href: string; text: string }> }): string {
  const body = html`<h1>${options.title}</h1>
${options.paragraphs.map((paragraph) => html`<p>${paragraph}</p>`)}
${options.links?.length ? html`<ul class="links">${options.links.map((link) => html`<li><a href="${link.href}">${link.text}</a></li>`)}</ul>` : ''}`;
  return page({ lang: options.lang, title: options.title, body });
}
