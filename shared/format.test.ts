import { afterEach, describe, expect, it } from 'vitest';
import { formatMiB, formatNumber, formatUptime, setFormatLocale } from './format';

afterEach(() => setFormatLocale('en'));

describe('formatMiB', () => {
  it('keeps English as before', () => {
    expect(formatMiB(null)).toBe('—');
    expect(formatMiB(512)).toBe('512 MiB');
    expect(formatMiB(4096)).toBe('4 GiB');
    expect(formatMiB(1536)).toBe('1.5 GiB');
  });

  it('writes decimals the way the locale does', () => {
    expect(formatMiB(1536, 'ru')).toBe('1,5 GiB');
    expect(formatMiB(1536, 'it')).toBe('1,5 GiB');
    expect(formatMiB(1536, 'zh-CN')).toBe('1.5 GiB');
    setFormatLocale('it');
    expect(formatMiB(2560)).toBe('2,5 GiB');
  });
});

describe('formatUptime', () => {
  it('uses the locale’s short word for days', () => {
    const s = 3 * 86400 + 2 * 3600 + 5 * 60 + 9;
    expect(formatUptime(s)).toBe('3d 2:05:09');
    expect(formatUptime(s, 'zh-CN')).toBe('3天 2:05:09');
    expect(formatUptime(s, 'ru')).toMatch(/^3\s?д.* 2:05:09$/);
    expect(formatUptime(59)).toBe('0:00:59');
  });
});

describe('formatNumber', () => {
  it('groups thousands per locale', () => {
    expect(formatNumber(12345)).toBe('12,345');
    expect(formatNumber(12345, { locale: 'ru' }).replace(/\s/g, ' ')).toBe('12 345');
    expect(formatNumber(1023, { grouping: false })).toBe('1023');
    expect(formatNumber(0.25, { digits: 1, fixed: true, locale: 'it' })).toBe('0,3');
    expect(formatNumber(2, { digits: 2, fixed: true, locale: 'ru' })).toBe('2,00');
  });
});
