// Units for the Performance tab: binary prefixes as xl and xentop use them; the number itself in
// the chosen language's way (issue 9).
import { formatNumber } from '../../../shared/format';

const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];

export function formatBytes(n: number | null, suffix = ''): string {
  if (n === null || !Number.isFinite(n)) return '—';
  let v = Math.max(0, n);
  let u = 0;
  while (v >= 1024 && u < UNITS.length - 1) {
    v /= 1024;
    u++;
  }
  const digits = u === 0 || v >= 100 ? 0 : v >= 10 ? 1 : 2;
  return `${formatNumber(v, { digits, fixed: true, grouping: false })} ${UNITS[u]}${suffix}`;
}

export const formatRate = (n: number | null) => formatBytes(n, '/s');

export function formatPercent(n: number | null): string {
  return n === null || !Number.isFinite(n)
    ? '—'
    : `${formatNumber(n, { digits: n < 10 ? 1 : 0, fixed: true })} %`;
}

/** MiB as xl reports memory: "512 MiB", "1.5 GiB". */
export function formatMemMiB(n: number | null): string {
  return n === null ? '—' : formatBytes(n * 1024 * 1024);
}

/** A round upper bound for an axis: 1, 2 or 5 × 10^k, at least `floor`. */
export function niceMax(max: number, floor: number): number {
  const m = Math.max(max, floor);
  const p = Math.pow(10, Math.floor(Math.log10(m)));
  for (const f of [1, 2, 5, 10]) if (f * p >= m) return f * p;
  return 10 * p;
}

/** A round upper bound for byte rates: 1, 2, 4 or 8 × 1024^k (or × 2^k below 1 KiB). */
export function niceBytesMax(max: number, floor = 1024): number {
  let m = Math.max(max, floor);
  let b = 1;
  while (m >= 1024) {
    m /= 1024;
    b *= 1024;
  }
  let p = 1;
  while (p < m) p *= 2;
  return p * b;
}
