import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { DomainRow } from '../types';
import { hasVnc, joinDomains } from './domains';
import { parseXentop } from './xentop';
import { parseXlList } from './xlList';
import { parseXlListLong } from './xlListLong';
import { parseXlUptime } from './xlUptime';

const fx = (name: string) => readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8');

// the 4-domain captures were taken together on the same host
const fourDomains = () => ({
  list: parseXlList(fx('xl-list.txt')),
  listLong: parseXlListLong(fx('xl-list-l-all.json')),
  xentop: parseXentop(fx('xentop-batch.txt')),
  uptime: parseXlUptime(fx('xl-uptime.txt')),
});

describe('joinDomains', () => {
  it('4 real domains: Domain-0 apart, the rest sorted by name', () => {
    const { dom0, domains } = joinDomains(fourDomains());
    expect(dom0).toEqual<DomainRow>({
      name: 'Domain-0',
      id: 0,
      uuid: null, // Domain-0's list -l config has no uuid
      state: 'running',
      stateFlags: 'r-----',
      type: 'pv',
      cpuPercent: 15.2, // second xentop block
      cpuSeconds: 378,
      memoryMiB: 1536,
      maxMemoryMiB: 1536,
      vcpus: 2,
      maxVcpus: null,
      uptimeSeconds: 19 * 60 + 12,
      defined: false,
      cfgPath: null,
      autostart: false,
      io: { netTxKiB: 0, netRxKiB: 0, vbdRdReqs: 0, vbdWrReqs: 0, vbdRdSect: 0, vbdWrSect: 0 },
    });
    expect(domains.map((d) => d.name)).toEqual(['hvm1', 'pvdisk', 'pvvfb']);
  });

  const rows: [name: string, expected: Partial<DomainRow>][] = [
    [
      'hvm1',
      {
        id: 14,
        uuid: '483602f5-5589-4613-bb95-15d0a558bd4b',
        type: 'hvm',
        state: 'blocked',
        memoryMiB: 240, // xl list Mem (video RAM excluded)
        maxMemoryMiB: 256, // max_memkb 262144
        vcpus: 1,
        maxVcpus: 1,
        cpuPercent: 0.9,
        cpuSeconds: 15.1,
        uptimeSeconds: 77,
      },
    ],
    [
      'pvdisk',
      {
        id: 12,
        type: 'pv',
        memoryMiB: 128,
        maxMemoryMiB: 256,
        vcpus: 1,
        maxVcpus: 2,
        cpuPercent: 0.5,
        uptimeSeconds: 137,
      },
    ],
    // xentop saw pvvfb as "------" but the state comes from xl list ("-b----")
    [
      'pvvfb',
      {
        id: 13,
        state: 'blocked',
        stateFlags: '-b----',
        cpuPercent: 1.9,
        maxMemoryMiB: 128,
        uptimeSeconds: 85,
      },
    ],
  ];
  it.each(rows)('%s', (name, expected) => {
    const d = joinDomains(fourDomains()).domains.find((r) => r.name === name);
    expect(d).toMatchObject(expected);
  });

  it('one guest: partial inputs give nulls, not errors', () => {
    // xl-list-l.json was `xl list -l pvtiny`: no Domain-0 entry; no uptime capture for this set
    const { dom0, domains } = joinDomains({
      list: parseXlList(fx('xl-list-one-guest.txt')),
      listLong: parseXlListLong(fx('xl-list-l.json')),
      xentop: parseXentop(fx('xentop-batch-one-guest.txt')),
      uptime: new Map(),
    });
    expect(dom0).toMatchObject({
      name: 'Domain-0',
      type: null,
      maxMemoryMiB: null,
      cpuPercent: 7.6,
      uptimeSeconds: null,
    });
    expect(domains).toEqual([
      {
        name: 'pvtiny',
        id: 1,
        uuid: '2ce3a360-b5cc-431a-a7d4-ff3eb448d9c6',
        state: 'blocked',
        stateFlags: '-b----',
        type: 'pv',
        cpuPercent: 0.2,
        cpuSeconds: 5.5,
        memoryMiB: 96,
        maxMemoryMiB: 256,
        vcpus: 1,
        maxVcpus: 2,
        uptimeSeconds: null,
        defined: false,
        cfgPath: null,
        autostart: false,
        io: { netTxKiB: 0, netRxKiB: 0, vbdRdReqs: 0, vbdWrReqs: 0, vbdRdSect: 0, vbdWrSect: 0 },
      },
    ]);
  });

  it('no xentop / no list -l → cpuPercent / type null; only xl list decides who exists', () => {
    const { domains } = joinDomains({ ...fourDomains(), xentop: [], listLong: [] });
    expect(domains).toHaveLength(3);
    for (const d of domains) {
      expect(d.cpuPercent).toBeNull();
      expect(d.type).toBeNull();
      expect(d.maxMemoryMiB).toBeNull();
    }
    const noList = joinDomains({ ...fourDomains(), list: [] });
    expect(noList).toEqual({ dom0: null, domains: [] });
  });

  it('matches xentop names cut to 10 chars (xentop without -f)', () => {
    // xl list derived from xl-list.txt with the long names that synthetic-xentop-long-names.txt was cut from
    const list = parseXlList(fx('xl-list.txt')).map((r) =>
      r.name === 'hvm1'
        ? { ...r, name: 'hvm1-windows-2022' }
        : r.name === 'pvdisk'
          ? { ...r, name: 'pvdisk-with-a-long-name' }
          : r,
    );
    const xentop = parseXentop(fx('synthetic-xentop-long-names.txt'));
    const { domains } = joinDomains({ ...fourDomains(), list, xentop });
    expect(domains.map((d) => [d.name, d.cpuPercent])).toEqual([
      ['hvm1-windows-2022', 0.9],
      ['pvdisk-with-a-long-name', 0.5],
      ['pvvfb', 1.9],
    ]);
    // two domains sharing the 10-char prefix: ambiguous → null rather than a wrong figure
    const twins = [...list, { ...list[2]!, name: 'pvdisk-without-disk', id: 20 }];
    const joined = joinDomains({ ...fourDomains(), list: twins, xentop }).domains;
    expect(joined.filter((d) => d.name.startsWith('pvdisk-wit')).map((d) => d.cpuPercent)).toEqual([
      null,
      null,
    ]);
  });

  it('full names with -f', () => {
    const list = parseXlList(fx('xl-list.txt')).map((r) =>
      r.name === 'pvdisk' ? { ...r, name: 'pvdisk-with-a-long-name' } : r,
    );
    const xentop = parseXentop(fx('synthetic-xentop-full-long-name.txt'));
    const d = joinDomains({ ...fourDomains(), list, xentop }).domains.find((r) => r.id === 12);
    expect(d).toMatchObject({ name: 'pvdisk-with-a-long-name', cpuPercent: 0.5 });
  });

  it('sorts case-insensitively with numbers in order', () => {
    const base = parseXlList(fx('xl-list.txt'))[1]!;
    const list = ['web10', 'Web2', 'alpha', 'web1'].map((name, i) => ({ ...base, name, id: 20 + i }));
    const { domains } = joinDomains({ list, listLong: [], xentop: [], uptime: new Map() });
    expect(domains.map((d) => d.name)).toEqual(['alpha', 'web1', 'Web2', 'web10']);
  });

  it('graphics: VNC for the HVM guest and the PV guest with a vfb (xl list -l), none for the others', () => {
    const { dom0, domains } = joinDomains(fourDomains());
    expect(dom0?.graphics).toBeUndefined();
    expect(domains.map((d) => [d.name, d.graphics ?? null])).toEqual([
      ['hvm1', 'vnc'],
      ['pvdisk', null],
      ['pvvfb', 'vnc'],
    ]);
    // libxl's defaults: HVM has VNC unless disabled; a vfb without vnc (e.g. sdl only) has none
    expect(hasVnc({ type: 'hvm', vfbs: [] })).toBe(true);
    expect(hasVnc({ type: 'hvm', vnc: { enable: false }, vfbs: [] })).toBe(false);
    expect(hasVnc({ type: 'pv', vfbs: [{ devid: 0 }] })).toBe(false);
    expect(hasVnc({ type: 'pvh', vfbs: [{ devid: 0, vnc: { enable: true } }] })).toBe(true);
    // unknown config (no xl list -l): no claim either way
    const bare = joinDomains({ ...fourDomains(), listLong: [] });
    expect(bare.domains.every((d) => d.graphics === undefined)).toBe(true);
  });
});
