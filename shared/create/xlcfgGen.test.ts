// xl.cfg generation: for a table of wizard inputs the config is what xl.cfg(5) expects (golden
// files in __golden__/, regenerate with UPDATE_GOLDEN=1), passes xl's syntax check, and parses
// back (with the project's xl.cfg reader) to the same inputs.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkXlSyntax } from '../xen/xlcfg';
import { readXlCfgText } from '../xen/xlcfgRead';
import { CreateSpecSchema, type CreateSpecInput } from './spec';
import {
  SpecError,
  assignVdevs,
  cfgProjection,
  generateMac,
  generateXlCfg,
  resolveMacs,
  seededRng,
  specFromXlCfg,
  type GenOptions,
} from './xlcfgGen';

const GOLDEN = path.join(__dirname, '__golden__');
const ISO = '/var/lib/xen/iso/debian-12.11.0-amd64-netinst.iso';

interface Case {
  name: string;
  spec: CreateSpecInput;
  opts?: GenOptions;
}

const CASES: Case[] = [
  {
    name: 'pv-kernel-default-cmdline',
    spec: {
      name: 'tiny',
      type: 'pv',
      source: { kind: 'kernel', kernel: '/root/guest/vmlinuz' },
      memoryMiB: 128,
      vcpus: 1,
    },
  },
  {
    name: 'pv-kernel-raw-disk-nic',
    spec: {
      name: 'web1',
      type: 'pv',
      source: {
        kind: 'kernel',
        kernel: '/boot/vmlinuz-6.1.0-56-amd64',
        ramdisk: '/boot/initrd.img-6.1.0-56-amd64',
        cmdline: 'root=/dev/xvda1 ro console=hvc0 quiet',
      },
      memoryMiB: 512,
      vcpus: 2,
      disks: [{ kind: 'file', path: '/var/lib/xen/images/web1.img', sizeGiB: 10 }],
      nics: [{ bridge: 'xenbr0', mac: '00:16:3E:12:34:56' }],
    },
  },
  {
    name: 'pv-network-qcow2',
    spec: {
      name: 'deb12',
      type: 'pv',
      source: {
        kind: 'network',
        url: 'http://deb.debian.org/debian/dists/bookworm',
        extraArgs: 'auto=true priority=critical url=http://10.0.0.1/preseed.cfg',
      },
      memoryMiB: 1024,
      vcpus: 2,
      disks: [{ kind: 'file', path: '/var/lib/xen/images/deb12.qcow2', sizeGiB: 20, format: 'qcow2' }],
      nics: [{ bridge: 'xenbr0' }],
      autostart: true,
    },
    opts: { macs: ['00:16:3e:2a:00:01'] },
  },
  {
    name: 'pv-import-lvm',
    spec: {
      name: 'legacy',
      type: 'pv',
      source: { kind: 'import' },
      memoryMiB: 768,
      maxmemMiB: 1024,
      vcpus: 1,
      maxvcpus: 2,
      disks: [
        { kind: 'existing', path: '/dev/vg0/legacy-root' },
        { kind: 'lvm', vg: 'vg0', lv: 'legacy-data', sizeGiB: 50 },
      ],
      nics: [{ bridge: 'xenbr0', mac: '00:16:3e:00:10:20' }],
      onCrash: 'preserve',
    },
  },
  {
    name: 'pv-pxe-pypxeboot',
    spec: {
      name: 'netboot',
      type: 'pv',
      source: { kind: 'pxe' },
      memoryMiB: 256,
      vcpus: 1,
      disks: [{ kind: 'lvm', vg: 'vg0', lv: 'netboot', sizeGiB: 8 }],
      nics: [{ bridge: 'xenbr1', mac: '00:16:3e:0a:0b:0c' }],
    },
    opts: { pypxeboot: '/usr/bin/pypxeboot' },
  },
  {
    name: 'pv-vfb-password',
    spec: {
      name: 'desk',
      type: 'pv',
      source: { kind: 'kernel', kernel: '/root/guest/vmlinuz', ramdisk: '/root/guest/guest-initrd.img' },
      memoryMiB: 256,
      vcpus: 1,
      graphics: { vnc: true, password: 's3cret' },
    },
  },
  {
    name: 'pvh-kernel-multi-disk-multi-nic',
    spec: {
      name: 'store',
      type: 'pvh',
      source: {
        kind: 'kernel',
        kernel: '/var/lib/xen/boot/store-kernel',
        cmdline: 'root=/dev/xvda console=hvc0',
      },
      memoryMiB: 2048,
      vcpus: 2,
      disks: [
        { kind: 'file', path: '/var/lib/xen/images/store-root.img', sizeGiB: 8 },
        { kind: 'lvm', vg: 'vg0', lv: 'store-data', sizeGiB: 100 },
        { kind: 'existing', path: '/srv/images/store-old.qcow2', format: 'qcow2' },
      ],
      nics: [{ bridge: 'xenbr0', model: 'e1000' }, { bridge: 'xenbr1' }],
      onReboot: 'destroy',
    },
    opts: { macs: ['00:16:3e:01:00:01', '00:16:3e:01:00:02'] },
  },
  {
    name: 'hvm-cdrom-vnc-password',
    spec: {
      name: 'win',
      type: 'hvm',
      source: { kind: 'cdrom', iso: ISO },
      memoryMiB: 2048,
      maxmemMiB: 4096,
      vcpus: 2,
      maxvcpus: 4,
      disks: [{ kind: 'file', path: '/var/lib/xen/images/win.img', sizeGiB: 40 }],
      nics: [{ bridge: 'xenbr0', mac: '00:16:3e:33:44:55', model: 'e1000' }],
      graphics: { vnc: true, password: 'abcdefgh' },
      onCrash: 'restart',
    },
  },
  {
    name: 'hvm-pxe-no-graphics',
    spec: {
      name: 'pxe1',
      type: 'hvm',
      source: { kind: 'pxe' },
      memoryMiB: 512,
      vcpus: 1,
      nics: [{ bridge: 'xenbr0', mac: '00:16:3e:44:00:01', model: 'rtl8139' }],
    },
  },
  {
    name: 'hvm-import-sniffed-qcow2',
    spec: {
      name: 'imported',
      type: 'hvm',
      source: { kind: 'import' },
      memoryMiB: 1024,
      vcpus: 1,
      disks: [{ kind: 'existing', path: '/var/lib/xen/images/appliance.qcow2' }],
      graphics: { vnc: true },
    },
    opts: { formats: { 0: 'qcow2' } },
  },
  {
    name: 'hvm-network-install',
    spec: {
      name: 'fedora',
      type: 'hvm',
      source: {
        kind: 'network',
        url: 'https://download.fedoraproject.org/pub/fedora/linux/releases/40/Server/x86_64/os/',
        extraArgs: 'inst.text',
      },
      memoryMiB: 2048,
      vcpus: 2,
      disks: [{ kind: 'lvm', vg: 'vg0', lv: 'fedora', sizeGiB: 20 }],
      nics: [{ bridge: 'xenbr0', mac: '00:16:3e:55:00:01' }],
      graphics: { vnc: true },
    },
  },
  {
    name: 'hvm-kernel-direct',
    spec: {
      name: 'hvmk',
      type: 'hvm',
      source: { kind: 'kernel', kernel: '/root/guest/vmlinuz', ramdisk: '/root/guest/guest-initrd.img' },
      memoryMiB: 256,
      vcpus: 1,
    },
  },
  {
    name: 'hvm-cdrom-four-disks-two-nics',
    spec: {
      name: 'big',
      type: 'hvm',
      source: { kind: 'cdrom', iso: ISO },
      memoryMiB: 4096,
      vcpus: 2,
      disks: [
        { kind: 'file', path: '/var/lib/xen/images/big-a.img', sizeGiB: 10 },
        { kind: 'file', path: '/var/lib/xen/images/big-b.qcow2', sizeGiB: 10, format: 'qcow2' },
        { kind: 'lvm', vg: 'vg0', lv: 'big-c', sizeGiB: 10 },
        { kind: 'existing', path: '/dev/sdb' },
      ],
      nics: [
        { bridge: 'xenbr0', mac: '00:16:3e:66:00:01', model: 'e1000' },
        { bridge: 'xenbr1', mac: '00:16:3e:66:00:02' },
      ],
      graphics: { vnc: true },
      onPoweroff: 'preserve',
      onReboot: 'rename-restart',
      onCrash: 'coredump-destroy',
    },
  },
];

describe('generateXlCfg: golden configs that parse back to the inputs', () => {
  for (const c of CASES) {
    it(c.name, () => {
      const spec = CreateSpecSchema.parse(c.spec);
      const text = generateXlCfg(spec, c.opts);
      const file = path.join(GOLDEN, `${c.name}.cfg`);
      if (process.env.UPDATE_GOLDEN) fs.writeFileSync(file, text);
      expect(text).toBe(fs.readFileSync(file, 'utf8'));
      expect(checkXlSyntax(text)).toEqual([]);
      const sem = readXlCfgText(text);
      expect((sem.disks ?? []).map((d) => d.error).filter(Boolean)).toEqual([]);
      expect((sem.vifs ?? []).flatMap((v) => v.unknown ?? [])).toEqual([]);
      expect(specFromXlCfg(text)).toEqual(cfgProjection(spec, c.opts));
    });
  }

  it('every golden file belongs to a case', () => {
    expect(fs.readdirSync(GOLDEN).sort()).toEqual(CASES.map((c) => `${c.name}.cfg`).sort());
  });
});

describe('what xl.cfg cannot express is refused with the field to fix', () => {
  const bad: [string, CreateSpecInput, string][] = [
    [
      'PV from an ISO',
      { name: 'x', type: 'pv', source: { kind: 'cdrom', iso: ISO }, memoryMiB: 64, vcpus: 1 },
      'source.iso',
    ],
    [
      'PVH from an ISO',
      { name: 'x', type: 'pvh', source: { kind: 'cdrom', iso: ISO }, memoryMiB: 64, vcpus: 1 },
      'source.iso',
    ],
    [
      'PVH PXE',
      {
        name: 'x',
        type: 'pvh',
        source: { kind: 'pxe' },
        memoryMiB: 64,
        vcpus: 1,
        nics: [{ bridge: 'xenbr0' }],
      },
      'source',
    ],
    [
      'PV PXE without a NIC',
      { name: 'x', type: 'pv', source: { kind: 'pxe' }, memoryMiB: 64, vcpus: 1 },
      'nics',
    ],
  ];
  for (const [what, input, field] of bad)
    it(what, () => {
      let err: unknown;
      try {
        generateXlCfg(CreateSpecSchema.parse(input));
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(SpecError);
      expect((err as SpecError).path).toBe(field);
    });
});

describe('vdevs and MACs', () => {
  it('PV/PVH disks are xvda…; HVM keeps hdc for the CD-ROM, then PV-only xvd…', () => {
    expect(assignVdevs('pv', 3, false)).toEqual({ disks: ['xvda', 'xvdb', 'xvdc'] });
    expect(assignVdevs('hvm', 4, false)).toEqual({ disks: ['hda', 'hdb', 'hdc', 'hdd'] });
    expect(assignVdevs('hvm', 5, true)).toEqual({
      disks: ['hda', 'hdb', 'hdd', 'xvde', 'xvdf'],
      cdrom: 'hdc',
    });
    expect(assignVdevs('hvm', 0, true)).toEqual({ disks: [], cdrom: 'hdc' });
  });

  it('generateMac: in 00:16:3e, top bit of the 4th byte clear, never a used one', () => {
    const seq = [0, 0, 0, 0, 0, 0, 0.5, 0.5, 0.5];
    let i = 0;
    const rng = () => seq[i++] ?? 0.25;
    // the first two draws give 00:16:3e:00:00:00, which is taken
    expect(generateMac(['00:16:3E:00:00:00'], rng)).toBe('00:16:3e:40:80:80');
    const r = seededRng('x');
    for (let n = 0; n < 200; n++)
      expect(generateMac([], r)).toMatch(/^00:16:3e:[0-7][0-9a-f]:[0-9a-f]{2}:[0-9a-f]{2}$/);
  });

  it('resolveMacs: keeps given MACs, generates unique ones deterministically per seed', () => {
    const spec = { nics: [{ bridge: 'a' }, { bridge: 'b', mac: '00:16:3E:AA:BB:CC' }, { bridge: 'c' }] };
    const a = resolveMacs(spec, ['00:16:3e:00:00:01'], 'host/web');
    expect(a[1]).toBe('00:16:3e:aa:bb:cc');
    expect(new Set(a).size).toBe(3);
    expect(resolveMacs(spec, ['00:16:3e:00:00:01'], 'host/web')).toEqual(a);
    expect(resolveMacs(spec, [], 'other/web')).not.toEqual(a);
    // a used MAC is skipped even when the seed would give it
    expect(resolveMacs(spec, [a[0]!], 'host/web')[0]).not.toBe(a[0]);
  });
});

describe('specFromXlCfg on hand-written configs', () => {
  it('reads a legacy HVM config (xl defaults: VNC on, boot cd)', () => {
    const back = specFromXlCfg(
      "name='w'\nbuilder='hvm'\nmemory=512\ndisk=['file:/img/w.img,hda,w','file:/iso/x.iso,hdc:cdrom,r']\nboot='dc'\n",
    );
    expect(back).toMatchObject({
      name: 'w',
      type: 'hvm',
      source: { kind: 'cdrom', iso: '/iso/x.iso' },
      disks: [{ vdev: 'hda', target: '/img/w.img', format: 'raw' }],
      graphics: { vnc: true },
    });
  });
});
