// Small display helpers shared by the UI and the CLI. Numbers follow a locale (issue 9): the
// renderer sets the chosen language's with setFormatLocale; the CLI keeps English. Units stay
// IEC (MiB, GiB) in every language, as xl and the Xen docs write them.

let defaultLocale = 'en';

/** The locale the helpers use when none is passed (the renderer's chosen language). */
export function setFormatLocale(locale: string): void {
  defaultLocale = locale;
}

export function formatLocale(): string {
  return defaultLocale;
}

const numberFormats = new Map<string, Intl.NumberFormat>();
function nf(locale: string, key: string, opts: Intl.NumberFormatOptions): Intl.NumberFormat {
  const k = `${locale}|${key}`;
  let f = numberFormats.get(k);
  if (!f) {
    f = new Intl.NumberFormat(locale, opts);
    numberFormats.set(k, f);
  }
  return f;
}

export interface NumberOptions {
  /** decimals at most (exactly, when `fixed`) */
  digits?: number;
  fixed?: boolean;
  /** thousands separators (default on) */
  grouping?: boolean;
  locale?: string;
}

/** A number in the locale's way: decimal mark, grouping. */
export function formatNumber(n: number, o: NumberOptions = {}): string {
  const { digits = 0, fixed = false, grouping = true, locale = defaultLocale } = o;
  return nf(locale, `n${digits}${fixed ? 'f' : ''}${grouping ? 'g' : ''}`, {
    maximumFractionDigits: digits,
    minimumFractionDigits: fixed ? digits : 0,
    useGrouping: grouping,
  }).format(n);
}

export function formatUptime(seconds: number | null, locale = defaultLocale): string {
  if (seconds === null) return '—';
  const d = Math.floor(seconds / 86400);
  const h = Math.floor((seconds % 86400) / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = Math.floor(seconds % 60);
  const hms = `${h}:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}`;
  if (d === 0) return hms;
  // "3d" / "3 д" / "3gg" / "3天": the locale's short word for days
  const days = nf(locale, 'day', { style: 'unit', unit: 'day', unitDisplay: 'narrow' }).format(d);
  return `${days} ${hms}`;
}

export function formatMiB(mib: number | null, locale = defaultLocale): string {
  if (mib === null) return '—';
  if (mib >= 1024 && mib % 1024 === 0) return `${formatNumber(mib / 1024, { locale })} GiB`;
  if (mib >= 1024) return `${formatNumber(mib / 1024, { digits: 1, fixed: true, locale })} GiB`;
  return `${formatNumber(mib, { locale })} MiB`;
}

const dateFormats = new Map<string, Intl.DateTimeFormat>();
function df(locale: string, key: string, opts: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const k = `${locale}|${key}`;
  let f = dateFormats.get(k);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, opts);
    dateFormats.set(k, f);
  }
  return f;
}

/** A time of day with seconds ("14:05:09", "2:05:09 PM"), as the locale writes it. */
export function formatTime(ms: number, locale = defaultLocale): string {
  return df(locale, 'hms', { hour: '2-digit', minute: '2-digit', second: '2-digit' }).format(ms);
}

/** Hours and minutes only (chart axes). */
export function formatTimeShort(ms: number, locale = defaultLocale): string {
  return df(locale, 'hm', { hour: '2-digit', minute: '2-digit' }).format(ms);
}

/** A date and time ("3 May 2025, 14:05"), as the locale writes it. */
export function formatDateTime(ms: number, locale = defaultLocale): string {
  return df(locale, 'dt', { dateStyle: 'medium', timeStyle: 'short' }).format(ms);
}
