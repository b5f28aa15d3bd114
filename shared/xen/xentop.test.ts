import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseXentop, type XentopRow } from './xentop';

const fx = (name: string) => readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8');

// Real captures plus synthetic-* files, each derived from one real capture with ONE change:
// - synthetic-xentop-no-limit.txt: xentop-batch-one-guest.txt with Domain-0's MAXMEM(k)/MAXMEM(%)
//   printed as "  no limit"/"      n/a" (what xentop.c prints for max_mem == -1, i.e. Domain-0
//   booted without dom0_mem=…,max:…; the lab host sets max:1536M so no capture shows it).
// - synthetic-xentop-long-names.txt: xentop-batch.txt without -f where hvm1/pvdisk had names longer
//   than 10 chars: "%10.10s" cuts them to "hvm1-windo"/"pvdisk-wit".
// - synthetic-xentop-full-long-name.txt: xentop-batch.txt with -f and pvdisk named
//   "pvdisk-with-a-long-name": the NAME column (header included) widens to 23 chars.
// - synthetic-xentop-many-vcpus.txt: xentop-batch-full.txt with Domain-0 at 7 vCPUs: the
//   "VCPUs(sec):" line wraps after 5 entries onto an indented continuation line (do_vcpu()).
// - synthetic-xentop-vbd-error.txt: xentop-batch-full.txt with pvdisk's only VBD in error: the
//   VBD_* totals and the VBD detail line print '-' (tot_vbd_reqs()/do_vbd()).
const NAMES4 = ['Domain-0', 'hvm1', 'pvdisk', 'pvvfb'];
const cases: [file: string, names: string[], cpuPercent: number[]][] = [
  ['xentop-batch.txt', NAMES4, [15.2, 0.9, 0.5, 1.9]],
  ['xentop-batch-full.txt', NAMES4, [13.3, 2.2, 0.5, 3.3]],
  ['xentop-batch-one-guest.txt', ['Domain-0', 'pvtiny'], [7.6, 0.2]],
  ['synthetic-xentop-no-limit.txt', ['Domain-0', 'pvtiny'], [7.6, 0.2]],
  [
    'synthetic-xentop-long-names.txt',
    ['Domain-0', 'hvm1-windo', 'pvdisk-wit', 'pvvfb'],
    [15.2, 0.9, 0.5, 1.9],
  ],
  [
    'synthetic-xentop-full-long-name.txt',
    ['Domain-0', 'hvm1', 'pvdisk-with-a-long-name', 'pvvfb'],
    [15.2, 0.9, 0.5, 1.9],
  ],
  ['synthetic-xentop-many-vcpus.txt', NAMES4, [13.3, 2.2, 0.5, 3.3]],
  ['synthetic-xentop-vbd-error.txt', NAMES4, [13.3, 2.2, 0.5, 3.3]],
];

describe('parseXentop: last iteration only, detail lines skipped', () => {
  it.each(cases)('%s', (file, names, cpu) => {
    const text = fx(file);
    expect(text.match(/^\s*NAME\s+STATE/gm)).toHaveLength(2); // -i 2: two iterations
    const rows = parseXentop(text);
    expect(rows.map((r) => r.name)).toEqual(names);
    expect(rows.map((r) => r.cpuPercent)).toEqual(cpu); // the first iteration has only 0.0
  });

  it('the first iteration alone has CPU(%) 0.0 everywhere', () => {
    const text = fx('xentop-batch.txt');
    const first = text.slice(0, text.indexOf('      NAME', 10));
    expect(parseXentop(first).map((r) => r.cpuPercent)).toEqual([0, 0, 0, 0]);
  });
});

describe('parseXentop values', () => {
  const batch = parseXentop(fx('xentop-batch.txt'));
  const row = (rows: XentopRow[], name: string) => rows.find((r) => r.name === name)!;

  it('Domain-0 (xentop-batch.txt, second block)', () => {
    expect(row(batch, 'Domain-0')).toEqual({
      name: 'Domain-0',
      stateFlags: '-----r',
      cpuSeconds: 380,
      cpuPercent: 15.2,
      memKiB: 1572864,
      memPercent: 37.5,
      maxMemKiB: 1572864,
      maxMemPercent: 37.5,
      vcpus: 2,
      nets: 0,
      netTxKiB: 0,
      netRxKiB: 0,
      vbds: 0,
      vbdOo: 0,
      vbdRd: 0,
      vbdWr: 0,
      vbdRsect: 0,
      vbdWsect: 0,
      ssid: 0,
    });
  });

  it('pvdisk counts ALL vCPUs (2) and has a vif and a vbd', () => {
    expect(row(batch, 'pvdisk')).toMatchObject({
      stateFlags: '--b---',
      cpuSeconds: 7,
      memKiB: 131072,
      maxMemKiB: 132096,
      vcpus: 2,
      nets: 1,
      netTxKiB: 2, // 1 in the first block: proves the second block is used
      netRxKiB: 0,
      vbds: 1,
      vbdRd: 3,
      vbdRsect: 24,
    });
  });

  it('pvvfb shows "------" in the second block', () => {
    expect(row(batch, 'pvvfb').stateFlags).toBe('------');
  });

  it('hvm1 memory', () => {
    expect(row(batch, 'hvm1')).toMatchObject({
      memKiB: 245804,
      memPercent: 5.9,
      maxMemKiB: 263168,
      maxMemPercent: 6.3,
    });
  });

  it('"no limit" / "n/a" → null', () => {
    const rows = parseXentop(fx('synthetic-xentop-no-limit.txt'));
    expect(row(rows, 'Domain-0')).toMatchObject({
      maxMemKiB: null,
      maxMemPercent: null,
      memKiB: 1572864,
      vcpus: 2,
    });
    expect(row(rows, 'pvtiny')).toMatchObject({ maxMemKiB: 99328, maxMemPercent: 2.4, stateFlags: '--b---' });
  });

  it('-x/-n/-v detail lines (incl. a wrapped VCPUs line) never become domains', () => {
    const full = parseXentop(fx('xentop-batch-full.txt'));
    expect(full).toHaveLength(4);
    expect(row(full, 'pvdisk')).toMatchObject({ nets: 1, vbds: 1, vbdRd: 3 });
    const many = parseXentop(fx('synthetic-xentop-many-vcpus.txt'));
    expect(many).toHaveLength(4);
    expect(row(many, 'Domain-0').vcpus).toBe(7);
  });

  it('VBD totals "-" → null', () => {
    const rows = parseXentop(fx('synthetic-xentop-vbd-error.txt'));
    expect(row(rows, 'pvdisk')).toMatchObject({
      vbds: 1,
      vbdOo: null,
      vbdRd: null,
      vbdWr: null,
      vbdRsect: null,
      vbdWsect: null,
      ssid: 0,
    });
  });

  it('empty / error output → []', () => {
    expect(parseXentop('')).toEqual([]);
    expect(parseXentop('Failed to initialize xenstat library\n')).toEqual([]);
  });
});
