import type { I18nProvider } from '@refinedev/core';
import i18next, { type TOptions } from 'i18next';
import { useSyncExternalStore } from 'react';
import en from '../../messages/en.json';
import zhCN from '../../messages/zh-CN.json';

export const LOCALES = ['zh-CN', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
const STORAGE_KEY = 'selfreg-console-locale';

/** zh-CN unless the user chose English (remembered in this browser). */
function initialLocale(): Locale {
  const saved = localStorage.getItem(STORAGE_KEY);
  return saved === 'en' ? 'en' : 'zh-CN';
}

export const i18n = i18next.createInstance();
void i18n.init({
  lng: initialLocale(),
  fallbackLng: 'zh-CN',
  resources: { 'zh-CN': { translation: zhCN }, en: { translation: en } },
  interpolation: { escapeValue: false }, // React escapes
  returnNull: false,
});

function setHtmlLang(locale: string): void {
  document.documentElement.lang = locale;
}
setHtmlLang(i18n.language);

export async function changeLocale(locale: Locale): Promise<void> {
  localStorage.setItem(STORAGE_KEY, locale);
  await i18n.changeLanguage(locale);
  setHtmlLang(locale);
}

export const i18nProvider: I18nProvider = {
  translate: (key: string, options?: TOptions | string, defaultMessage?: string) =>
    i18n.t(key, { defaultValue: defaultMessage ?? (typeof options === 'string' ? options : undefined), ...(typeof options === 'object' ? options : {}) }) as string,
  changeLocale: (locale: string) => changeLocale(locale === 'en' ? 'en' : 'zh-CN'),
  getLocale: () => i18n.language,
};

function subscribe(cb: () => void): () => void {
  i18n.on('languageChanged', cb);
  return () => i18n.off('languageChanged', cb);
}

/** `t` and the current locale; the component re-renders when the language changes. */
export function useTranslation(): { t: (key: string, options?: TOptions) => string; locale: Locale } {
  const locale = useSyncExternalStore(subscribe, () => i18n.language as Locale);
  return { t: (key, options) => i18n.t(key, options ?? {}) as string, locale };
}

type Messages = { [key: string]: string | Messages };

/**
 * Adds an area's messages (zh-CN and English, the same keys) when its chunk loads, so the first page's bundle carries
 * only the shell's strings. Call it at the top level of the area's module.
 */
export function registerMessages(zh: Messages, en: Messages): void {
  i18n.addResourceBundle('zh-CN', 'translation', zh, true, true);
  i18n.addResourceBundle('en', 'translation', en, true, true);
}
