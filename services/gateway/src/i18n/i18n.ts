import type { RequestHandler, Response } from 'express';
import { en } from './messages.en.ts';
import { vi, type MessageKey } from './messages.vi.ts';

export type { MessageKey };
export type Lang = 'vi' | 'en';

const dictionaries: Record<Lang, Record<MessageKey, string>> = { vi, en };

/** A message in `lang`, with `{name}` parameters filled in (as text: pages escape it when rendering). */
export function t(lang: Lang, key: MessageKey, params: Record<string, string | number> = {}): string {
  return dictionaries[lang][key].replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/** The same message in both languages. */
export const both = (key: MessageKey, params?: Record<string, string | number>) => ({ vi: t('vi', key, params), en: t('en', key, params) });

const cookieName = 'lang';
const isLang = (value: unknown): value is Lang => value === 'vi' || value === 'en';

/** The value of one cookie of the request, or undefined. */
export function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq !== -1 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/**
 * Chooses the page language: `?lang=vi|en` (then remembered in a cookie for a year), else the
 * cookie, else Vietnamese. The choice is in `res.locals.lang`.
 */
export function language(options: { secureCookies: boolean }): RequestHandler {
  return (req, res, next) => {
    const asked = req.query.lang;
    if (isLang(asked)) {
      res.locals.lang = asked;
      res.cookie(cookieName, asked, { maxAge: 365 * 24 * 3600 * 1000, sameSite: 'lax', httpOnly: true, secure: options.secureCookies, path: '/' });
    } else {
      const remembered = cookieValue(req.headers.cookie, cookieName);
      res.locals.lang = isLang(remembered) ? remembered : 'vi';
    }
    next();
  };
}

export const langOf = (res: Response): Lang => (isLang(res.locals.lang) ? res.locals.lang : 'vi');
