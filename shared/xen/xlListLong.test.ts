import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseXlConfigJson, parseXlListLong, xlBool, type XlListLongDomain } from './xlListLong';

const fx = (name: string) => readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8');

const byName = (ds: XlListLongDomain[], name: string) => ds.find((d) => d.name === name);

// every real `xl list -l` capture: [file, expected domids by name]
const listLongFiles: [string, Record<string, number>][] = [
  ['xl-list-l-all.json', { 'Domain-0': 0, pvdisk: 12, pvvfb: 13, hvm1: 14 }],
  ['xl-list-l.json', { pvtiny: 1 }],
  ['xl-list-l-pvdisk.json', { pvdisk: 12 }],
  ['xl-list-l-after-mem-set.json', { pvtiny: 1 }],
  ['lifecycle/xl-list-l-after-mem-set.stdout.txt', { pvtiny: 1 }],
  ['lifecycle/xl-list-l-pv-disk-run2.stdout.txt', { pvdisk: 12 }],
  // while xl builds pvtiny (xl list: --p---, Mem 0) its config is not readable yet: left out, exit 0
  ['xl-list-l-all-building.json', { 'Domain-0': 0 }],
  ['xl-list-l-building.json', {}],
];

describe('parseXlListLong on every capture', () => {
  it.each(listLongFiles)('%s', (file, ids) => {
    const ds = parseXlListLong(fx(file));
    expect(Object.fromEntries(ds.map((d) => [d.name, d.domid]))).toEqual(ids);
    for (const d of ds) {
      expect(d.domid).not.toBe(4294967295); // c_info.domid is "unset", never used
      expect(['pv', 'pvh', 'hvm']).toContain(d.type);
      expect(d.maxMemKiB).toBeGreaterThan(0);
    }
  });
});

describe('parseXlListLong values (xl-list-l-all.json)', () => {
  const all = parseXlListLong(fx('xl-list-l-all.json'));

  it('Domain-0 has a minimal config', () => {
    expect(byName(all, 'Domain-0')).toEqual({
      domid: 0,
      name: 'Domain-0',
      type: 'pv',
      maxMemKiB: 1572864,
      targetMemKiB: 1572863, // one less than max on the real host
      disks: [],
      nics: [],
      vfbs: [],
      sched: { sched: 'credit2', weight: 256, cap: 0 },
    });
  });

  it('pvdisk: disk (readwrite is the NUMBER 1), nic, actions', () => {
    const d = byName(all, 'pvdisk')!;
    expect(d).toMatchObject({
      domid: 12,
      uuid: '360bb23f-2b47-485c-8319-7b8a950fa06c',
      type: 'pv',
      maxMemKiB: 262144,
      targetMemKiB: 131072,
      maxVcpus: 2,
      availVcpus: 1,
      kernel: '/root/guest/vmlinuz',
      ramdisk: '/root/guest/guest-initrd.img',
      cmdline: 'console=hvc0 quiet loglevel=4',
      onReboot: 'restart',
      onCrash: 'preserve',
    });
    expect(d.onPoweroff).toBeUndefined(); // default (destroy) is omitted by libxl
    expect(d.disks).toEqual([
      { pdevPath: '/var/tmp/d.img', vdev: 'xvda', format: 'raw', readwrite: true, isCdrom: false },
    ]);
    expect(d.nics).toEqual([{ devid: 0, mac: '00:16:3e:00:00:01', bridge: 'xenbr0', nictype: 'vif' }]);
    expect(d.vfbs).toEqual([]);
    expect(d.vnc).toBeUndefined();
  });

  it('pvvfb: PV framebuffer with VNC ("True" string → true)', () => {
    const d = byName(all, 'pvvfb')!;
    expect(d.vfbs).toEqual([{ devid: 0, vnc: { enable: true, listen: '127.0.0.1', display: 1 } }]);
    expect(d.vnc).toBeUndefined();
    expect(d.maxMemKiB).toBe(131072);
  });

  it('hvm1: HVM with VNC and pty serial', () => {
    expect(byName(all, 'hvm1')).toMatchObject({
      domid: 14,
      type: 'hvm',
      uuid: '483602f5-5589-4613-bb95-15d0a558bd4b',
      maxMemKiB: 262144,
      serial: 'pty',
      vnc: { enable: true, listen: '127.0.0.1', display: 2 },
      cmdline: 'console=ttyS0 loglevel=4',
      disks: [],
      nics: [],
    });
  });
});

describe('parseXlListLong variants', () => {
  it('one domain (xl list -l pvtiny) is an array too; after mem-set and vcpu-set', () => {
    expect(fx('xl-list-l.json').trimStart().startsWith('[')).toBe(true);
    const [d] = parseXlListLong(fx('xl-list-l.json'));
    expect(d).toMatchObject({ domid: 1, name: 'pvtiny', targetMemKiB: 98304, maxVcpus: 2, availVcpus: 2 });
    const [after] = parseXlListLong(fx('xl-list-l-after-mem-set.json'));
    expect(after).toMatchObject({ targetMemKiB: 98304, maxMemKiB: 262144, availVcpus: 1 });
  });

  it('empty / whitespace → []', () => {
    expect(parseXlListLong('')).toEqual([]);
    expect(parseXlListLong('  \n\n')).toEqual([]);
    expect(parseXlListLong('[\n]\n')).toEqual([]);
  });

  it('skips stderr text merged before (and after) the JSON', () => {
    const json = fx('xl-list-l-all.json');
    const clean = parseXlListLong(json);
    const noisy = `libxl: warning: libxl_utils.c:1:x: some warning\nWARNING: xl now has better capability\n${json}libxl: error: trailing noise\n`;
    expect(parseXlListLong(noisy)).toEqual(clean);
  });

  it('accepts a single object (not wrapped in an array)', () => {
    const [d] = JSON.parse(fx('xl-list-l-pvdisk.json')) as unknown[];
    expect(parseXlListLong(JSON.stringify(d))).toEqual(parseXlListLong(fx('xl-list-l-pvdisk.json')));
  });

  it('throws on malformed JSON', () => {
    expect(() => parseXlListLong(fx('xl-list-l-all.json').slice(0, 400))).toThrow(/JSON/);
  });

  it('create -n JSON has no domid: not a listed domain', () => {
    expect(parseXlListLong(fx('xl-create-n-pv-tiny.json'))).toEqual([]);
  });
});

describe('parseXlConfigJson (xl create -n / --dryrun)', () => {
  const files = readdirSync(new URL('./__fixtures__/', import.meta.url)).filter((f) =>
    /^xl-create-(n|dryrun)-.*\.json$/.test(f),
  );
  const expected: Record<string, object> = {
    'pv-tiny': {
      name: 'pvtiny',
      type: 'pv',
      maxMemKiB: 262144,
      targetMemKiB: 131072,
      maxVcpus: 2,
      onCrash: 'preserve',
    },
    'pv-vfb': {
      name: 'pvvfb',
      type: 'pv',
      maxMemKiB: 131072,
      vfbs: [{ devid: 0, vnc: { enable: true, listen: '127.0.0.1', display: 1 } }],
    },
    hvm: { name: 'hvm1', type: 'hvm', serial: 'pty', vnc: { enable: true, listen: '127.0.0.1', display: 2 } },
  };

  it('finds all six captures', () => expect(files).toHaveLength(6));

  it.each(files)('%s', (file) => {
    const kind = /^xl-create-(?:n|dryrun)-(.*)\.json$/.exec(file)![1]!;
    const cfg = parseXlConfigJson(fx(file));
    expect(cfg).toMatchObject(expected[kind]!);
    expect(cfg.uuid).toMatch(/^[0-9a-f-]{36}$/); // random per run
    expect(cfg.sched).toBeUndefined(); // "sched_params": {} (empty)
    expect(cfg).not.toHaveProperty('domid');
  });

  it('also unwraps an `xl list -l` element', () => {
    expect(parseXlConfigJson(fx('xl-list-l-pvdisk.json'))).toMatchObject({
      name: 'pvdisk',
      disks: [{ vdev: 'xvda' }],
    });
  });

  it('rejects output without a config', () => {
    expect(() => parseXlConfigJson(fx('xl-create-n-hvm.stderr.txt'))).toThrow();
  });
});

describe('xlBool', () => {
  it.each([
    ['True', true],
    ['False', false],
    ['<default>', undefined],
    [1, true],
    [0, false],
    [undefined, undefined],
  ])('%j → %j', (v, b) => expect(xlBool(v)).toBe(b));
});
