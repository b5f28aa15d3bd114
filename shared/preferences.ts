// User preferences (issue 9): one object, kept by the backend in settings.json and pushed to every
// window with the preferencesChanged event. Bounds live here so the dialog, the backend and the
// tests agree on them.
import { z } from 'zod';
import { BridgeSchema, HostPathSchema } from './schemas';

/** UI languages; 'system' follows the browser's / OS's language when it is one of them. */
export const LANGUAGES = ['en', 'ru', 'it', 'zh'] as const;
export type Language = (typeof LANGUAGES)[number];
export const LanguagePrefSchema = z.enum(['system', ...LANGUAGES]);
export type LanguagePref = z.infer<typeof LanguagePrefSchema>;

export const ThemePrefSchema = z.enum(['system', 'light', 'dark']);
export type ThemePref = z.infer<typeof ThemePrefSchema>;

/** The graphical console's initial scaling: fit the window, 1:1 pixels, or resize the guest. */
export const VncScalingSchema = z.enum(['fit', '1:1', 'remote']);
export type VncScaling = z.infer<typeof VncScalingSchema>;

export const PREF_BOUNDS = {
  pollIntervalMs: { min: 500, max: 60_000 },
  historyMinutes: { min: 5, max: 180 },
  consoleFontSize: { min: 8, max: 32 },
  consoleScrollback: { min: 500, max: 100_000 },
} as const;

const int = (b: { min: number; max: number }) => z.number().int().min(b.min).max(b.max);

// A font-family list as CSS and xterm take it: names, quotes, commas, spaces. No ; { } < > so
// the value can never break out of a declaration.
const FontFamilySchema = z
  .string()
  .trim()
  .max(200)
  .regex(/^[\p{L}\p{N} ,'"._-]*$/u, 'font names separated by commas');

export const PreferencesSchema = z.object({
  /** how often the backend polls each connected host */
  pollIntervalMs: int(PREF_BOUNDS.pollIntervalMs),
  /** how much performance history the windows keep (minutes) */
  historyMinutes: int(PREF_BOUNDS.historyMinutes),
  /** empty: the built-in monospace stack */
  consoleFontFamily: FontFamilySchema,
  consoleFontSize: int(PREF_BOUNDS.consoleFontSize),
  /** lines kept above the serial console's screen */
  consoleScrollback: int(PREF_BOUNDS.consoleScrollback),
  vncScaling: VncScalingSchema,
  /** ask before "Force off" (xl destroy) */
  confirmForceOff: z.boolean(),
  /** ask once more before disk images are deleted with a domain */
  confirmDeleteStorage: z.boolean(),
  /** where new domains' disk images go by default (on dom0) */
  defaultStorageDir: HostPathSchema,
  /** the bridge new network interfaces join by default */
  defaultBridge: BridgeSchema,
  language: LanguagePrefSchema,
  theme: ThemePrefSchema,
});
export type Preferences = z.infer<typeof PreferencesSchema>;

export const DEFAULT_PREFERENCES: Preferences = {
  pollIntervalMs: 2000,
  historyMinutes: 60,
  consoleFontFamily: '',
  consoleFontSize: 14,
  consoleScrollback: 10_000,
  vncScaling: 'fit',
  confirmForceOff: true,
  confirmDeleteStorage: true,
  defaultStorageDir: '/var/lib/xen/images',
  defaultBridge: 'xenbr0',
  language: 'system',
  theme: 'system',
};

/** setPreferences takes any subset; the backend merges it into what it has. */
export const PreferencesPatchSchema = PreferencesSchema.partial().strict();
export type PreferencesPatch = z.infer<typeof PreferencesPatchSchema>;

/**
 * How settings.json holds them: a field that is missing or out of bounds (hand-edited, or from a
 * newer XenDesk) falls back to its default instead of discarding the whole file.
 */
export function parseStoredPreferences(raw: unknown): Preferences {
  const src = raw && typeof raw === 'object' ? (raw as Record<string, unknown>) : {};
  const out: Record<string, unknown> = {};
  for (const [key, schema] of Object.entries(PreferencesSchema.shape)) {
    const r = schema.safeParse(src[key]);
    out[key] = r.success ? r.data : DEFAULT_PREFERENCES[key as keyof Preferences];
  }
  return out as Preferences;
}

/** The language a preference resolves to, given the user agent's languages (first match wins). */
export function resolveLanguage(pref: LanguagePref, agentLanguages: readonly string[]): Language {
  if (pref !== 'system') return pref;
  for (const tag of agentLanguages) {
    const base = tag.toLowerCase().split(/[-_]/)[0];
    const hit = LANGUAGES.find((l) => l === base);
    if (hit) return hit;
  }
  return 'en';
}
