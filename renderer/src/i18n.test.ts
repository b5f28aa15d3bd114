// Every English string module (strings.ts and any *Strings.ts, found by glob so a new module is
// checked without touching this file) must be complete in every language: each key present, not
// empty, with the same {{placeholders}}, and with the plural forms that language's rules use.
import { describe, expect, it } from 'vitest';
import { LANGUAGES } from '../../shared/preferences';
import { currentLanguage, localeTag, registerStrings, setLanguage } from './i18n';

interface StringModule {
  NS?: string;
  en?: Record<string, string>;
}

const modules = {
  ...import.meta.glob<StringModule>('./**/*Strings.ts', { eager: true }),
  ...import.meta.glob<StringModule>('./strings.ts', { eager: true }),
};
const locales = import.meta.glob<Record<string, string>>('./locales/*/*.json', {
  eager: true,
  import: 'default',
});

const PLURAL = /^(.*)_(zero|one|two|few|many|other)$/;
const placeholders = (s: string) => [...s.matchAll(/\{\{\s*-?\s*(\w+)[^}]*\}\}/g)].map((m) => m[1]!).sort();
const uniq = (xs: string[]) => [...new Set(xs)].sort();

/** English keys grouped: plain keys, and plural bases with the placeholders of all their forms. */
function expectedKeys(en: Record<string, string>, lang: string): Map<string, string[]> {
  const cats = new Intl.PluralRules(lang).resolvedOptions().pluralCategories;
  const out = new Map<string, string[]>();
  const bases = new Map<string, string[]>();
  for (const [key, text] of Object.entries(en)) {
    const m = PLURAL.exec(key);
    if (m) bases.set(m[1]!, uniq([...(bases.get(m[1]!) ?? []), ...placeholders(text)]));
    else out.set(key, placeholders(text));
  }
  for (const [base, ph] of bases) for (const c of cats) out.set(`${base}_${c}`, ph);
  return out;
}

const entries = Object.entries(modules);

describe('string modules', () => {
  it('are found, each with a unique namespace and an English table', () => {
    expect(entries.length).toBeGreaterThanOrEqual(2);
    const names = entries.map(([file, m]) => {
      expect(m.NS, `${file} must export NS`).toMatch(/^[a-zA-Z]+$/);
      expect(m.en && Object.keys(m.en).length, `${file} must export its en table`).toBeGreaterThan(0);
      return m.NS!;
    });
    expect(new Set(names).size).toBe(names.length);
  });

  it('have no empty English string', () => {
    for (const [file, m] of entries)
      for (const [k, v] of Object.entries(m.en ?? {})) expect(v.trim(), `${file}: ${k}`).not.toBe('');
  });
});

for (const lang of LANGUAGES.filter((l) => l !== 'en')) {
  describe(`${lang} translations`, () => {
    for (const [file, m] of entries) {
      const ns = m.NS ?? '?';
      it(`cover ${file} (locales/${lang}/${ns}.json)`, () => {
        const table = locales[`./locales/${lang}/${ns}.json`];
        expect(table, `locales/${lang}/${ns}.json is missing`).toBeDefined();
        const want = expectedKeys(m.en ?? {}, lang);
        const problems: string[] = [];
        for (const [key, ph] of want) {
          const text = table![key];
          if (text === undefined) problems.push(`missing: ${key}`);
          else if (text.trim() === '') problems.push(`empty: ${key}`);
          else if (placeholders(text).join() !== ph.join() && uniq(placeholders(text)).join() !== ph.join())
            problems.push(`placeholders of ${key}: ${uniq(placeholders(text)).join()} ≠ ${ph.join()}`);
        }
        for (const key of Object.keys(table ?? {}))
          if (!want.has(key)) problems.push(`not in English (stale or misspelt): ${key}`);
        expect(problems).toEqual([]);
      });
    }
  });
}

describe('t() on i18next', () => {
  const tt = registerStrings('testNs', {
    'x.hello': 'Hello {{name}}',
    'x.items_one': '{{count}} item',
    'x.items_other': '{{count}} items',
  });

  it('fills placeholders, picks plurals, falls back to English and to the key', () => {
    setLanguage('en');
    expect(tt('x.hello', { name: 'dom0' })).toBe('Hello dom0');
    expect(tt('x.items', { count: 1 })).toBe('1 item');
    expect(tt('x.items', { count: 3 })).toBe('3 items');
    expect(tt('x.unknown')).toBe('x.unknown');
    // no Russian for this namespace: English stands in, never a key
    setLanguage('ru');
    expect(currentLanguage()).toBe('ru');
    expect(tt('x.hello', { name: '<b>' })).toBe('Hello <b>');
    setLanguage('en');
  });

  it('switches the real tables', async () => {
    const { t } = await import('./strings');
    setLanguage('ru');
    expect(t('toolbar.connect')).not.toBe('Connect');
    // Russian plural forms: 1 / 3 / 5 need three different words
    const forms = [1, 3, 5].map((count) => t('domains.count', { count }).replace(/\d+\s*/, ''));
    expect(new Set(forms).size).toBe(3);
    setLanguage('zh');
    expect(t('domains.count', { count: 2 })).toMatch(/^2/);
    setLanguage('en');
    expect(t('toolbar.connect')).toBe('Connect');
  });

  it('shows menu labels without their mnemonics but with real ampersands', async () => {
    const { tm } = await import('./commands');
    expect(tm('menu.file')).toBe('File');
    expect(tm('cmd.domain.resources')).toBe('Memory & vCPUs…');
    setLanguage('zh');
    expect(tm('menu.help')).toBe('帮助');
    setLanguage('en');
  });

  it('gives Intl a locale tag, preferring the agent’s own variant', () => {
    expect(localeTag('en', ['en-GB', 'ru'])).toBe('en-GB');
    expect(localeTag('zh', ['de'])).toBe('zh-CN');
    expect(localeTag('it', [])).toBe('it');
  });
});
