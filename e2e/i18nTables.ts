// The UI's string tables as the e2e checks need them (issue 9): each module's English table and
// its translations, read from the sources (the modules import i18next through Vite, so they are
// compiled here with esbuild and run with that import stubbed).
import fs from 'node:fs';
import path from 'node:path';
import { transformSync } from 'esbuild';

const SRC = path.resolve(__dirname, '..', 'renderer', 'src');

export interface StringModule {
  file: string;
  ns: string;
  en: Record<string, string>;
  /** lang → key → text */
  tr: Record<string, Record<string, string>>;
}

function stringModules(dir = SRC): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory() && e.name !== 'locales') out.push(...stringModules(p));
    else if (/^(strings|\w+Strings)\.ts$/.test(e.name)) out.push(p);
  }
  return out;
}

function evaluate(file: string): { NS?: string; en?: Record<string, string> } {
  const { code } = transformSync(fs.readFileSync(file, 'utf8'), { loader: 'ts', format: 'cjs' });
  const mod = { exports: {} as Record<string, unknown> };
  // every string module registers its table with i18n: a stub stands in for it here
  const stub = (id: string) => {
    if (/i18n$/.test(id)) return { registerStrings: () => (k: string) => k };
    return {};
  };
  new Function('module', 'exports', 'require', code)(mod, mod.exports, stub);
  return mod.exports as { NS?: string; en?: Record<string, string> };
}

export function loadStringModules(): StringModule[] {
  return stringModules().map((file) => {
    const m = evaluate(file);
    if (!m.NS || !m.en) throw new Error(`${file}: no NS/en exports`);
    const tr: StringModule['tr'] = {};
    for (const lang of ['ru', 'it', 'zh']) {
      const f = path.join(SRC, 'locales', lang, `${m.NS}.json`);
      tr[lang] = fs.existsSync(f) ? (JSON.parse(fs.readFileSync(f, 'utf8')) as Record<string, string>) : {};
    }
    return { file: path.relative(SRC, file), ns: m.NS, en: m.en, tr };
  });
}

/** Every key of every module (to spot a key name shown instead of its text). */
export function allKeys(mods: StringModule[]): Set<string> {
  return new Set(mods.flatMap((m) => Object.keys(m.en)));
}

const PLURAL = /_(zero|one|two|few|many|other)$/;
// text that is the same in every language on purpose: names, commands, units, symbols
const NEUTRAL =
  /^[\s\d\p{P}\p{S}]*$|^(XenDesk|X|PV|PVH|HVM|Xen|CPU|MiB|GiB|vCPUs?|UUID|MAC|VNC|ID|Domain-0|dom0|xl|xentop|on_\w+|Ctrl\+.*|PrintScreen)$/u;

/**
 * English texts that a page in `lang` must not show: each one whose translation differs, as a
 * matcher for a whole visible text (placeholders match anything).
 */
export function untranslatedMatchers(mods: StringModule[], lang: string): { key: string; re: RegExp }[] {
  const out: { key: string; re: RegExp }[] = [];
  for (const m of mods) {
    for (const [key, text] of Object.entries(m.en)) {
      const trans = m.tr[lang]?.[key] ?? m.tr[lang]?.[key.replace(PLURAL, '_other')];
      if (trans !== undefined && trans === text) continue;
      const bare = text.replace(/\{\{[^}]+\}\}/g, '').trim();
      if (NEUTRAL.test(text) || NEUTRAL.test(bare) || bare.length < 3) continue;
      const parts = text.split(/\{\{[^}]+\}\}/).map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
      out.push({ key, re: new RegExp(`^${parts.join('.+?')}$`) });
    }
  }
  return out;
}
