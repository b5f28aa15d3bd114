import { describe, expect, it } from 'vitest';
import { formatBytes, formatMemMiB, formatPercent, formatRate, niceBytesMax, niceMax } from './perfFormat';

describe('perfFormat', () => {
  it('words bytes with binary prefixes', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(1023)).toBe('1023 B');
    expect(formatRate(1536)).toBe('1.50 KiB/s');
    expect(formatRate(12.5 * 1024 * 1024)).toBe('12.5 MiB/s');
    expect(formatRate(null)).toBe('—');
    expect(formatMemMiB(512)).toBe('512 MiB');
    expect(formatMemMiB(1536)).toBe('1.50 GiB');
  });

  it('words percentages', () => {
    expect(formatPercent(3.14159)).toBe('3.1 %');
    expect(formatPercent(152.2)).toBe('152 %');
    expect(formatPercent(null)).toBe('—');
  });

  it('rounds axis maxima', () => {
    expect(niceMax(3, 100)).toBe(100);
    expect(niceMax(130, 100)).toBe(200);
    expect(niceMax(420, 100)).toBe(500);
    expect(niceBytesMax(0)).toBe(1024);
    expect(niceBytesMax(3000)).toBe(4096);
    expect(niceBytesMax(5 * 1024 * 1024)).toBe(8 * 1024 * 1024);
  });
});
