import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseXlList, type XlListRow } from './xlList';

const fx = (name: string) => readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8');

// every real `xl list` / `xl list -v` capture
const files = [
  'xl-list.txt',
  'xl-list-one-guest.txt',
  'xl-list-v.txt',
  ...readdirSync(new URL('./__fixtures__/lifecycle/', import.meta.url))
    .filter((f) => /^xl-list-(?!l-).*\.stdout\.txt$/.test(f))
    .map((f) => `lifecycle/${f}`),
];

describe('parseXlList on every capture', () => {
  it('covers the lifecycle captures too', () => {
    expect(files.length).toBeGreaterThanOrEqual(15);
  });

  it.each(files)('%s: one row per data line, names = first column', (file) => {
    const text = fx(file);
    const dataLines = text.split('\n').filter((l) => l.trim() !== '' && !l.startsWith('Name '));
    const rows = parseXlList(text);
    expect(rows.map((r) => r.name)).toEqual(dataLines.map((l) => l.split(/\s+/)[0]));
    expect(rows[0]).toMatchObject({ name: 'Domain-0', id: 0, memMiB: 1536, vcpus: 2, stateFlags: 'r-----' });
    for (const r of rows) {
      expect(r.stateFlags).toMatch(/^[-rbpscd]{6}$/);
      expect(Number.isFinite(r.cpuSeconds)).toBe(true);
    }
  });
});

describe('parseXlList values', () => {
  const cases: [file: string, name: string, expected: Partial<XlListRow>][] = [
    ['xl-list.txt', 'pvdisk', { id: 12, memMiB: 128, vcpus: 1, stateFlags: '-b----', cpuSeconds: 7.2 }],
    ['xl-list.txt', 'Domain-0', { id: 0, memMiB: 1536, vcpus: 2, stateFlags: 'r-----', cpuSeconds: 378 }],
    ['xl-list.txt', 'hvm1', { id: 14, memMiB: 240, vcpus: 1, stateFlags: '-b----', cpuSeconds: 15.1 }],
    [
      'xl-list-one-guest.txt',
      'pvtiny',
      { id: 1, memMiB: 96, vcpus: 1, stateFlags: '-b----', cpuSeconds: 5.5 },
    ],
    ['lifecycle/xl-list-paused.stdout.txt', 'pvtiny', { id: 1, memMiB: 128, stateFlags: '--p---' }],
    ['lifecycle/xl-list-after-vcpu-set.stdout.txt', 'pvtiny', { vcpus: 1 }], // vCPU 2 not onlined by the guest
    [
      'xl-list-v.txt',
      'pvvfb',
      { id: 13, memMiB: 128, cpuSeconds: 6.1, uuid: 'e679d6a2-5201-4ed5-baad-0105be44826b' },
    ],
    ['xl-list-v.txt', 'Domain-0', { cpuSeconds: 379.2, uuid: '00000000-0000-0000-0000-000000000000' }],
  ];
  it.each(cases)('%s: %s', (file, name, expected) => {
    const row = parseXlList(fx(file)).find((r) => r.name === name);
    expect(row).toMatchObject(expected);
  });

  it('plain xl list has no -v fields; -v "-" columns stay absent', () => {
    const plain = parseXlList(fx('xl-list.txt'));
    expect(plain).toHaveLength(4);
    for (const r of plain)
      expect(Object.keys(r).sort()).toEqual(['cpuSeconds', 'id', 'memMiB', 'name', 'stateFlags', 'vcpus']);
    const verbose = parseXlList(fx('xl-list-v.txt'));
    expect(verbose).toHaveLength(4);
    for (const r of verbose) {
      expect(r.uuid).toMatch(/^[0-9a-f-]{36}$/);
      expect(r.reasonCode).toBeUndefined();
      expect(r.securityLabel).toBeUndefined();
    }
  });

  it('reads a domain being built (Mem 0, VCPUs 0, --p---) and skips xl error lines', () => {
    const text = fx('lifecycle/xl-reboot-poll.txt');
    const rows = parseXlList(text);
    expect(rows.some((r) => r.name.includes('invalid'))).toBe(false);
    expect(rows).toContainEqual({
      name: 'pvtiny',
      id: 11,
      memMiB: 0,
      vcpus: 0,
      stateFlags: '--p---',
      cpuSeconds: 0,
    });
  });

  it('-v reason code and security label when set', () => {
    // derived from xl-list-v.txt: pvdisk's "-  -" replaced by a shutdown reason and a FLASK label
    const text = fx('xl-list-v.txt').replace(
      /(-b----\s+7\.2 \S+)\s+-\s+-$/m,
      '$1        3                system_u:system_r:domU_t',
    );
    const row = parseXlList(text).find((r) => r.name === 'pvdisk');
    expect(row).toMatchObject({ reasonCode: 3, securityLabel: 'system_u:system_r:domU_t' });
  });

  it('empty / error output → []', () => {
    expect(parseXlList('')).toEqual([]);
    expect(parseXlList(fx('errors/err-list-nodom.stderr.txt'))).toEqual([]);
    expect(parseXlList(fx('errors/err-nonroot-list.stderr.txt'))).toEqual([]);
  });
});
