import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseXlUptime } from './xlUptime';

const fx = (name: string) => readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8');

const cases: [file: string, expected: [string, number][]][] = [
  [
    'xl-uptime.txt',
    [
      ['Domain-0', 19 * 60 + 12],
      ['pvdisk', 2 * 60 + 17],
      ['pvvfb', 60 + 25],
      ['hvm1', 60 + 17],
    ],
  ],
  // synthetic-xl-uptime-days.txt is xl-uptime.txt re-printed with xl's own format
  // ("%-33s %4d %s", uptime_to_string() in tools/xl/xl_info.c) for cases no capture shows:
  // Domain-0 "1 day,  2:03:04" (singular, %2d hour), pvdisk "12:34:56" (two-digit hour),
  // pvvfb renamed to a 38-char name (longer than the %-33s column), hvm1 "3 days, 10:00:00".
  [
    'synthetic-xl-uptime-days.txt',
    [
      ['Domain-0', 86400 + 2 * 3600 + 3 * 60 + 4],
      ['pvdisk', 12 * 3600 + 34 * 60 + 56],
      ['pvvfb-with-a-name-longer-than-33-chars', 60 + 25],
      ['hvm1', 3 * 86400 + 10 * 3600],
    ],
  ],
];

describe('parseXlUptime', () => {
  it.each(cases)('%s', (file, expected) => {
    expect([...parseXlUptime(fx(file))]).toEqual(expected);
  });

  it('header only / errors → empty map', () => {
    expect(parseXlUptime('Name                                ID Uptime\n').size).toBe(0);
    expect(parseXlUptime(fx('errors/err-nonroot-list.stderr.txt')).size).toBe(0);
  });
});
