// The UI's languages (issue 9), on i18next. English lives beside the code in the string modules
// (strings.ts and every *Strings.ts, each one namespace); the other languages are JSON files in
// ./locales/<lang>/<namespace>.json. Each module registers its English table and gets its own
// t(): call sites keep `t('key', { vars })` and i18next picks the language and plural form.
import i18next from 'i18next';
import { useSyncExternalStore } from 'react';
import { setFormatLocale } from '../../shared/format';
import { LANGUAGES, resolveLanguage, type Language, type LanguagePref } from '../../shared/preferences';

export type TVars = Record<string, string | number>;
export type StringTable = Readonly<Record<string, string>>;

const i18n = i18next.createInstance();
void i18n.init({
  lng: 'en',
  fallbackLng: 'en',
  supportedLngs: [...LANGUAGES],
  resources: {},
  ns: [],
  // keys are flat and contain dots and spaces ('state.shut off'): no nesting, no "ns:key"
  keySeparator: false,
  nsSeparator: false,
  // React escapes; i18next must not do it twice
  interpolation: { escapeValue: false },
  // an empty translation falls back to English instead of showing nothing
  returnEmptyString: false,
  initAsync: false,
});

// every language but English, bundled (a few hundred KB at most): switching needs no I/O
const files = import.meta.glob<StringTable>('./locales/*/*.json', { eager: true, import: 'default' });
for (const [file, table] of Object.entries(files)) {
  const m = /\/locales\/([a-z]+)\/([A-Za-z]+)\.json$/.exec(file);
  if (m) i18n.addResourceBundle(m[1]!, m[2]!, table, true, true);
}

let current: Language = 'en';
const listeners = new Set<() => void>();

/** Register a module's English strings under its namespace; returns its t(). */
export function registerStrings(ns: string, en: StringTable): (key: string, vars?: TVars) => string {
  i18n.addResourceBundle('en', ns, en, true, true);
  return (key, vars) => {
    const count = vars?.['count'];
    return i18n.t(key, {
      ns,
      lng: current,
      replace: vars,
      ...(typeof count === 'number' ? { count } : {}),
    }) as string;
  };
}

/** The BCP 47 tag for Intl: the agent's own variant of the language when it has one (en-GB). */
export function localeTag(lang: Language = current, agent: readonly string[] = agentLanguages()): string {
  const own = agent.find((tag) => tag.toLowerCase().split(/[-_]/)[0] === lang);
  if (own) return own;
  return lang === 'zh' ? 'zh-CN' : lang;
}

function agentLanguages(): readonly string[] {
  const nav = globalThis.navigator;
  return nav?.languages?.length ? nav.languages : nav?.language ? [nav.language] : [];
}

export function currentLanguage(): Language {
  return current;
}

/** Apply a language preference ('system' resolves against the agent's languages). */
export function setLanguage(pref: LanguagePref): Language {
  const lang = resolveLanguage(pref, agentLanguages());
  if (lang === current && i18n.language === lang) return lang;
  current = lang;
  void i18n.changeLanguage(lang);
  setFormatLocale(localeTag(lang));
  if (typeof document !== 'undefined') document.documentElement.lang = lang === 'zh' ? 'zh-Hans' : lang;
  for (const cb of [...listeners]) cb();
  return lang;
}

export function onLanguageChange(cb: () => void): () => void {
  listeners.add(cb);
  return () => listeners.delete(cb);
}

export function useLanguage(): Language {
  return useSyncExternalStore(onLanguageChange, currentLanguage, currentLanguage);
}

/** Names of the languages in themselves, as a language menu shows them. */
export const LANGUAGE_NAMES: Record<Language, string> = {
  en: 'English',
  ru: 'Русский',
  it: 'Italiano',
  zh: '简体中文',
};
