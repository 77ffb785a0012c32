import i18next from 'i18next';
import en from '../messages/en.json' with { type: 'json' };
import zh from '../messages/zh-CN.json' with { type: 'json' };

export type Lang = 'zh-CN' | 'en';
export const LANGS: Lang[] = ['zh-CN', 'en'];

/** Both languages ship in the bundle (a few KB each compressed): switching needs no request. */
void i18next.init({
  lng: 'zh-CN',
  fallbackLng: 'zh-CN',
  supportedLngs: LANGS,
  resources: { 'zh-CN': { translation: zh }, en: { translation: en } },
  interpolation: { escapeValue: false }, // Preact escapes text; messages never go through innerHTML
  returnNull: false,
  initAsync: false,
});

export const t = i18next.t.bind(i18next);

/** zh-CN unless `?lang=` or the browser's preferred languages put English first. */
export function initialLang(): Lang {
  const asked = new URLSearchParams(location.search).get('lang');
  if (asked === 'en' || asked === 'zh-CN') return asked;
  for (const l of navigator.languages?.length ? navigator.languages : [navigator.language]) {
    const lower = (l ?? '').toLowerCase();
    if (lower.startsWith('zh')) return 'zh-CN';
    if (lower.startsWith('en')) return 'en';
  }
  return 'zh-CN';
}

export function setLang(lang: Lang): void {
  void i18next.changeLanguage(lang);
  document.documentElement.lang = lang;
}

/** A label in the page's language from a bilingual record (categories, pact titles). */
export const pick = (lang: Lang, zhText: string, enText: string | null | undefined): string => (lang === 'en' && enText ? enText : zhText);

/** A date (and time) in the page's language and the complainant's own time zone (the one they typed "when" in). */
export function formatDate(iso: string, lang: Lang, withTime = true): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat(lang, { dateStyle: 'long', ...(withTime ? { timeStyle: 'short' } : {}) }).format(d);
}

export function formatBytes(n: number, lang: Lang): string {
  const units = ['byte', 'kilobyte', 'megabyte', 'gigabyte'] as const;
  let i = 0;
  let v = n;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return new Intl.NumberFormat(lang, { style: 'unit', unit: units[i], unitDisplay: 'short', maximumFractionDigits: i === 0 ? 0 : 1 }).format(v);
}
