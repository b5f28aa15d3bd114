// xm (xend, Xen 3.x–4.4) parsers on sample outputs (shared/xen/__xm_fixtures__: each file's
// header says where its format comes from), the SXP reader, and the toolstack mapping.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { splitScript } from '../quote';
import { parseSxp, printSxp, sxpString, sxpValue } from './sxp';
import { detectScript, evaluateDetection, sudoersLine, toToolstackArgv, xmPollAsXl } from './toolstack';
import { parseXlListLong } from './xlListLong';
import { parseXmInfo } from './xmInfo';
import { parseXmList, parseXmUptime } from './xmList';
import { parseXmListLong } from './xmListLong';

/** A fixture without its `# …` header (ended by `# ---`). */
function fixture(name: string): string {
  const text = fs.readFileSync(path.join(__dirname, '__xm_fixtures__', name), 'utf8');
  const i = text.indexOf('# ---\n');
  return i >= 0 ? text.slice(i + 6) : text;
}

describe('xm list', () => {
  it.each([
    ['Domain-0', 0, 1024, 4, 'r-----', 4356.2],
    ['centos5-web', 7, 2048, 2, '-b----', 18018.9],
    ['paused-vm', 12, 256, 1, '--p---', 1.3],
    ['webserver', null, 512, 2, '------', 0],
  ] as const)('%s', (name, id, mem, vcpus, flags, time) => {
    const row = parseXmList(fixture('xm-list-xen3.4.txt')).find((r) => r.name === name);
    expect(row).toEqual({ name, id, memMiB: mem, vcpus, stateFlags: flags, cpuSeconds: time });
  });
  it('skips the header and error lines', () => {
    expect(
      parseXmList('Error: Unable to connect to xend: No such file or directory. Is xend running?\n'),
    ).toEqual([]);
    expect(parseXmList(fixture('xm-list-xen3.4.txt'))).toHaveLength(5);
  });
});

describe('xm uptime', () => {
  it.each([
    ['Domain-0', 12 * 86400 + 3 * 3600 + 4 * 60 + 5],
    ['centos5-web', 86400 + 10],
    ['win2003', 5 * 3600 + 12 * 60],
  ])('%s', (name, sec) => expect(parseXmUptime(fixture('xm-uptime-xen3.4.txt')).get(name)).toBe(sec));
});

describe('xm info', () => {
  it.each([
    [
      'xm-info-xen3.4.txt',
      {
        xenVersion: '3.4.3',
        nrCpus: 4,
        totalMemoryMiB: 8190,
        freeMemoryMiB: 3904,
        scheduler: 'credit',
        canHvm: true,
        hostname: 'xen3.example.org',
      },
    ],
    [
      'xm-info-xen3.0-nohvm.txt',
      {
        xenVersion: '3.0.3-rc5-8.el5',
        nrCpus: 2,
        totalMemoryMiB: 2047,
        freeMemoryMiB: 0,
        scheduler: '',
        canHvm: false,
        hostname: 'oldbox',
      },
    ],
  ])('%s', (file, want) => expect(parseXmInfo(fixture(file))).toMatchObject(want));
  it('"(none)" is an empty value', () => {
    expect(parseXmInfo('xen_changeset          : (none)\n').raw.xen_changeset).toBe('');
  });
});

describe('SXP', () => {
  it('reads nested lists, quoted atoms and empty values', () => {
    const { values, errors } = parseSxp("(domain (name 'a b') (bootloader ) (cpus (() ())) (args 'it\\'s'))");
    expect(errors).toEqual([]);
    const d = values[0]!;
    expect(sxpString(d, 'name')).toBe('a b');
    expect(sxpString(d, 'bootloader')).toBe('');
    expect(sxpValue(d, 'cpus')).toEqual([[], []]);
    expect(sxpString(d, 'args')).toBe("it's");
  });
  it('round-trips through printSxp', () => {
    const v = ['domain', ['name', 'x y'], ['empty', ''], ['n', '12'], ['q', "a'b\\c"]];
    expect(parseSxp(printSxp(v)).values).toEqual([v]);
  });
  it('reports unbalanced text and keeps what parsed', () => {
    const r = parseSxp('(domain (name a) (memory 512');
    expect(r.errors.length).toBeGreaterThan(0);
    expect(sxpString(r.values[0], 'name')).toBe('a');
  });
});

describe('xm list --long', () => {
  const doms = parseXmListLong(fixture('xm-list-long-xen3.3.sxp'));
  it('reads every domain, managed ones without an id', () => {
    expect(doms.map((d) => [d.name, d.domid, d.type])).toEqual([
      ['Domain-0', 0, 'pv'],
      ['UbuntuPVS810', 15, 'pv'],
      ['My-HVM-VM', 11, 'hvm'],
      ['managed-stopped', null, 'pv'],
    ]);
  });
  it('PV guest: pygrub, a phy: disk, a bridge, a VNC framebuffer', () => {
    expect(doms[1]).toMatchObject({
      uuid: 'd9a1b362-c834-67ab-4e9d-d4b706699297',
      bootloader: '/usr/bin/pygrub',
      maxMemKiB: 4096 * 1024,
      targetMemKiB: 4096 * 1024,
      maxVcpus: 1,
      disks: [{ pdevPath: '/dev/sdb7', vdev: 'xvda', backend: 'phy', readwrite: true, isCdrom: false }],
      nics: [{ devid: 0, mac: '00:16:3e:1b:8b:d2', bridge: 'eth0', script: '/etc/xen/scripts/vif-bridge' }],
      vfbs: [{ devid: 0, vnc: { findunused: true } }],
      state: '-b----',
      onlineVcpus: 1,
    });
  });
  it('HVM guest: boot order, serial, VNC, disk + CD-ROM, emulated NIC, vcpu_avail bitmap', () => {
    expect(doms[2]).toMatchObject({
      boot: 'dc',
      serial: 'pty',
      vnc: { enable: true, listen: '127.0.0.1', findunused: true },
      availVcpus: 2,
      disks: [
        { pdevPath: '/var/lib/xen/images/hvm.img', vdev: 'hda', readwrite: true, isCdrom: false },
        { pdevPath: '/etc/xen/isos/IntrepidSRV.iso', vdev: 'hdc', readwrite: false, isCdrom: true },
      ],
      nics: [{ mac: '00:16:3e:5a:10:01', bridge: 'xenbr0', model: 'e1000', nictype: 'ioemu' }],
      onCrash: 'destroy',
    });
  });
  it("xend's rename-restart is libxl's restart_rename; PV kernel, ramdisk, args", () => {
    expect(doms[3]).toMatchObject({
      onReboot: 'restart_rename',
      kernel: '/boot/vmlinuz-xen',
      ramdisk: '/boot/initrd-xen.img',
      cmdline: 'root=/dev/xvda1 ro',
    });
  });
});

describe('one toolstack interface', () => {
  it.each([
    [
      ['xl', 'list', '-l'],
      ['xm', 'list', '--long'],
    ],
    [
      ['xl', 'pause', 'web'],
      ['xm', 'pause', 'web'],
    ],
    [
      ['xl', 'console', '-t', 'pv', 'web'],
      ['xm', 'console', 'web'],
    ],
    [
      ['xentop', '-b', '-i', '2', '-d', '1', '-f'],
      ['xentop', '-b', '-i', '2', '-d', '1'],
    ],
    [
      ['xenstore-read', '/local/domain/3/name'],
      ['xenstore-read', '/local/domain/3/name'],
    ],
  ])('%j → %j on xm', (xl, xm) => expect(toToolstackArgv('xm', xl)).toEqual(xm));
  it('xl stays xl; what xm cannot do is refused in words', () => {
    expect(toToolstackArgv('xl', ['xl', 'list', '-l'])).toEqual(['xl', 'list', '-l']);
    expect(() => toToolstackArgv('xm', ['xl', 'sched-credit2', '-d', 'x'])).toThrow(/no xm equivalent/);
    expect(() => toToolstackArgv('xm', ['xl', 'shutdown', '-F', 'x'])).toThrow(/xm trigger/);
  });
  it('the xm poll reads like the xl poll (SXP turned into xl list -l JSON)', () => {
    const mark = '@@XENDESK-SECTION@@';
    const stdout = `${mark}list-long\n${fixture('xm-list-long-xen3.3.sxp')}\n${mark}rc=0\n${mark}list\n${fixture('xm-list-xen3.4.txt')}${mark}rc=0\n`;
    const asXl = splitScript(xmPollAsXl(stdout));
    const long = parseXlListLong(asXl.get('list-long')!.output);
    expect(long.map((d) => [d.domid, d.name, d.type])).toEqual([
      [0, 'Domain-0', 'pv'],
      [15, 'UbuntuPVS810', 'pv'],
      [11, 'My-HVM-VM', 'hvm'],
    ]);
    expect(long[2]!.vnc).toEqual({ enable: true, listen: '127.0.0.1', findunused: true });
    expect(asXl.get('list')!.output).toContain('centos5-web');
  });
  it.each([
    ['xl only', 'xl', 0, 'total_memory : 1\nxen_version : 4.17.7\n', 'xm', 127, 'sh: 1: xm: not found', 'xl'],
    ['xend running', 'xl', 0, 'total_memory : 1\n', 'xm', 0, 'xen_major : 4\ntotal_memory : 1\n', 'xm'],
    ['xm only', 'xl', 127, 'sh: 1: xl: not found', 'xm', 0, 'xen_major : 3\ntotal_memory : 1\n', 'xm'],
    ['neither', 'xl', 127, 'sh: 1: xl: not found', 'xm', 127, 'sh: 1: xm: not found', 'none'],
    [
      'sudo refuses',
      'xl',
      1,
      'sudo: a password is required',
      'xm',
      1,
      'sudo: a password is required',
      'none',
    ],
  ])('detection: %s', (_n, k1, rc1, o1, k2, rc2, o2, want) => {
    const m = '@@XENDESK-SECTION@@';
    const out = `${m}${k1}\n${o1}\n${m}rc=${rc1}\n${m}${k2}\n${o2}\n${m}rc=${rc2}\n`;
    expect(evaluateDetection(out).kind).toBe(want);
  });
  it('detection runs both through the privilege prefix in ONE script', () => {
    expect(detectScript(['sudo', '-n'])).toMatch(/sudo -n xl info.*sudo -n xm info/);
    expect(sudoersLine('ops', 'xm')).toBe(
      'ops ALL=(root) NOPASSWD: /usr/sbin/xm, /usr/sbin/xentop, /usr/bin/xenstore-read',
    );
  });
});
