import type { Localized } from '../http/http-errors.ts';
import type { Lang } from '../i18n/i18n.ts';
import { clusterEn } from './cluster-messages.en.ts';
import { clusterVi, type ClusterMessageKey } from './cluster-messages.vi.ts';

export type { ClusterMessageKey };

const dictionaries: Record<Lang, Record<ClusterMessageKey, string>> = { vi: clusterVi, en: clusterEn };

type Params = Record<string, string | number>;

/** A cluster page message in `lang`, `{name}` parameters filled in (as text: pages escape it). */
export function ct(lang: Lang, key: ClusterMessageKey, params: Params = {}): string {
  return dictionaries[lang][key].replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/** The same message in both languages, with parameters that may differ by language (names, numbers). */
export function ctBoth(key: ClusterMessageKey, params: Params | ((lang: Lang) => Params) = {}): Localized {
  const of = (lang: Lang) => (typeof params === 'function' ? params(lang) : params);
  return { vi: ct('vi', key, of('vi')), en: ct('en', key, of('en')) };
}
