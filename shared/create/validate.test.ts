// Host-aware validation: every bad input gets a message on the field it belongs to.
import { describe, expect, it } from 'vitest';
import { CreateSpecSchema, type CreateOptions, type CreateSpecInput } from './spec';
import { isBelow, newPaths, validateSpec, validateSpecInput } from './validate';

const GiB = 1024 ** 3;
const OPTIONS: CreateOptions = {
  hostId: 'h1',
  freeMemoryMiB: 2017,
  totalMemoryMiB: 4095,
  cpus: 2,
  hvm: true,
  pvh: true,
  usedNames: ['Domain-0', 'webserver', 'db01'],
  usedMacs: ['00:16:3e:00:00:01'],
  bridges: ['xenbr0', 'xenbr1'],
  storageDirs: [{ path: '/var/lib/xen/images', freeBytes: 17 * GiB }],
  volumeGroups: [{ name: 'vg0', freeBytes: 60 * GiB, lvs: ['spare'] }],
  pygrub: '/usr/lib/xen-4.17/bin/pygrub',
  pypxeboot: null,
  hostname: 'xendom0',
  fetchTool: 'curl',
};

const OK: CreateSpecInput = {
  name: 'web2',
  type: 'hvm',
  source: { kind: 'cdrom', iso: '/var/lib/xen/iso/debian.iso' },
  memoryMiB: 1024,
  vcpus: 2,
  disks: [{ kind: 'file', path: '/var/lib/xen/images/web2.img', sizeGiB: 10 }],
  nics: [{ bridge: 'xenbr0' }],
  graphics: { vnc: true, password: 'secret' },
};

const check = (s: CreateSpecInput, o: Partial<CreateOptions> = {}) =>
  validateSpec(CreateSpecSchema.parse(s), { ...OPTIONS, ...o });

describe('validateSpec', () => {
  it('a good spec has no errors', () => {
    expect(check(OK)).toEqual([]);
  });

  const cases: [string, CreateSpecInput, Partial<CreateOptions>, string, RegExp][] = [
    ['name taken (defined)', { ...OK, name: 'db01' }, {}, 'name', /already exists/],
    ['name of digits (xl takes it for an id)', { ...OK, name: '123' }, {}, 'name', /digits only/],
    ['HVM without hvm in virt_caps', OK, { hvm: false }, 'type', /cannot run HVM/],
    [
      'PVH without hardware virtualisation',
      { ...OK, type: 'pvh', source: { kind: 'kernel', kernel: '/root/k' } },
      { pvh: false },
      'type',
      /PVH/,
    ],
    ['memory over free', { ...OK, memoryMiB: 4096 }, {}, 'memoryMiB', /Only 2017 MiB/],
    ['maxmem below memory', { ...OK, maxmemMiB: 512 }, {}, 'maxmemMiB', /at least the memory/],
    ['maxmem over the host', { ...OK, maxmemMiB: 8192 }, {}, 'maxmemMiB', /4095 MiB/],
    ['vcpus over host CPUs', { ...OK, vcpus: 4 }, {}, 'vcpus', /2 physical CPUs/],
    ['maxvcpus below vcpus', { ...OK, maxvcpus: 1 }, {}, 'maxvcpus', /at least the vCPUs/],
    [
      'PV from an ISO',
      { ...OK, type: 'pv', graphics: { vnc: false } },
      {},
      'source.iso',
      /cannot boot an ISO.*network install/,
    ],
    [
      'ISO outside the allowed dirs',
      { ...OK, source: { kind: 'cdrom', iso: '/etc/passwd' } },
      {},
      'source.iso',
      /below one of/,
    ],
    [
      'kernel outside the allowed dirs',
      { ...OK, source: { kind: 'kernel', kernel: '/etc/shadow' } },
      {},
      'source.kernel',
      /below one of/,
    ],
    [
      'initrd outside the allowed dirs',
      { ...OK, source: { kind: 'kernel', kernel: '/boot/vmlinuz', ramdisk: '/usr/x' } },
      {},
      'source.ramdisk',
      /below one of/,
    ],
    [
      'network install without a NIC',
      { ...OK, source: { kind: 'network', url: 'http://x/' }, nics: [] },
      {},
      'nics',
      /needs a network interface/,
    ],
    [
      'network install without curl or wget',
      { ...OK, source: { kind: 'network', url: 'http://x/' } },
      { fetchTool: null },
      'source.url',
      /curl nor wget/,
    ],
    ['PXE without a NIC', { ...OK, source: { kind: 'pxe' }, nics: [] }, {}, 'nics', /PXE/],
    [
      'PV PXE without pypxeboot',
      { ...OK, type: 'pv', source: { kind: 'pxe' }, graphics: { vnc: false } },
      {},
      'source',
      /pypxeboot/,
    ],
    [
      'PVH PXE',
      { ...OK, type: 'pvh', source: { kind: 'pxe' }, graphics: { vnc: false } },
      {},
      'source',
      /PVH/,
    ],
    ['import without a disk', { ...OK, source: { kind: 'import' }, disks: [] }, {}, 'disks', /first disk/],
    ['import from a new disk', { ...OK, source: { kind: 'import' } }, {}, 'disks.0', /existing image/],
    [
      'PV import without pygrub',
      {
        ...OK,
        type: 'pv',
        source: { kind: 'import' },
        disks: [{ kind: 'existing', path: '/dev/vg0/spare' }],
      },
      { pygrub: null },
      'source',
      /pygrub/,
    ],
    [
      'new image outside the storage dirs',
      { ...OK, disks: [{ kind: 'file', path: '/root/x.img', sizeGiB: 1 }] },
      {},
      'disks.0.path',
      /below one of \/var\/lib\/xen\/images/,
    ],
    ['no storage dir at all', OK, { storageDirs: [] }, 'disks.0.path', /no storage directory/],
    [
      'two disks on one file',
      {
        ...OK,
        disks: [
          { kind: 'file', path: '/var/lib/xen/images/a.img', sizeGiB: 1 },
          { kind: 'existing', path: '/var/lib/xen/images/a.img' },
        ],
      },
      {},
      'disks.1.path',
      /Disk 1 uses/,
    ],
    [
      'unknown volume group',
      { ...OK, disks: [{ kind: 'lvm', vg: 'vg9', lv: 'x', sizeGiB: 1 }] },
      {},
      'disks.0.vg',
      /No volume group vg9.*vg0/,
    ],
    [
      'no LVM at all',
      { ...OK, disks: [{ kind: 'lvm', vg: 'vg0', lv: 'x', sizeGiB: 1 }] },
      { volumeGroups: [] },
      'disks.0.vg',
      /no LVM/,
    ],
    [
      'LV name taken',
      { ...OK, disks: [{ kind: 'lvm', vg: 'vg0', lv: 'spare', sizeGiB: 1 }] },
      {},
      'disks.0.lv',
      /already has/,
    ],
    [
      'LV over the free space',
      { ...OK, disks: [{ kind: 'lvm', vg: 'vg0', lv: 'x', sizeGiB: 61 }] },
      {},
      'disks.0.sizeGiB',
      /60\.0 GiB|60 GiB/,
    ],
    [
      'two LVs together over the free space',
      {
        ...OK,
        disks: [
          { kind: 'lvm', vg: 'vg0', lv: 'a', sizeGiB: 40 },
          { kind: 'lvm', vg: 'vg0', lv: 'b', sizeGiB: 40 },
        ],
      },
      {},
      'disks.1.sizeGiB',
      /for all its new volumes/,
    ],
    [
      'an existing "disk" that is not one',
      { ...OK, disks: [{ kind: 'existing', path: '/dev/zero' }] },
      {},
      'disks.0.path',
      /not a disk/,
    ],
    [
      'an existing image outside the allowed dirs',
      { ...OK, disks: [{ kind: 'existing', path: '/etc/x.img' }] },
      {},
      'disks.0.path',
      /block device in \/dev/,
    ],
    [
      'bridge missing',
      { ...OK, nics: [{ bridge: 'br9' }] },
      {},
      'nics.0.bridge',
      /no bridge br9 \(it has xenbr0, xenbr1\)/,
    ],
    ['no bridge at all', OK, { bridges: [] }, 'nics.0.bridge', /no network bridge/],
    [
      'MAC of another domain',
      { ...OK, nics: [{ bridge: 'xenbr0', mac: '00:16:3E:00:00:01' }] },
      {},
      'nics.0.mac',
      /Another domain/,
    ],
    [
      'MAC twice',
      {
        ...OK,
        nics: [
          { bridge: 'xenbr0', mac: '00:16:3e:00:00:09' },
          { bridge: 'xenbr1', mac: '00:16:3e:00:00:09' },
        ],
      },
      {},
      'nics.1.mac',
      /interface 1/,
    ],
    [
      'multicast MAC',
      { ...OK, nics: [{ bridge: 'xenbr0', mac: '01:16:3e:00:00:09' }] },
      {},
      'nics.0.mac',
      /multicast/,
    ],
    [
      'a password without VNC',
      { ...OK, graphics: { vnc: false, password: 'x' } },
      {},
      'graphics.password',
      /VNC on/,
    ],
  ];
  for (const [what, spec, opts, field, msg] of cases)
    it(what, () => {
      const errs = check(spec, opts);
      const e = errs.find((x) => x.path === field);
      expect(e, JSON.stringify(errs)).toBeDefined();
      expect(e!.message).toMatch(msg);
    });
});

describe('validateSpecInput: schema errors on their fields', () => {
  const cases: [string, unknown, string, RegExp][] = [
    [
      'size 0',
      { ...OK, disks: [{ kind: 'file', path: '/var/lib/xen/images/a.img', sizeGiB: 0 }] },
      'disks.0.sizeGiB',
      /more than 0/,
    ],
    ['a name with a space', { ...OK, name: 'my vm' }, 'name', /letters, digits/],
    ['a relative path', { ...OK, source: { kind: 'cdrom', iso: 'x.iso' } }, 'source.iso', /absolute path/],
    [
      'a path with ..',
      { ...OK, disks: [{ kind: 'file', path: '/var/lib/xen/images/../../etc/x', sizeGiB: 1 }] },
      'disks.0.path',
      /\.\./,
    ],
    [
      'a VNC password of 9 characters',
      { ...OK, graphics: { vnc: true, password: '123456789' } },
      'graphics.password',
      /at most 8/,
    ],
    [
      'a bridge name too long',
      { ...OK, nics: [{ bridge: 'averyveryverylongbridge' }] },
      'nics.0.bridge',
      /bridge name/,
    ],
    ['memory below 32 MiB', { ...OK, memoryMiB: 16 }, 'memoryMiB', /32/],
    [
      'cmdline with a double quote',
      { ...OK, source: { kind: 'kernel', kernel: '/boot/k', cmdline: 'a="b"' } },
      'source.cmdline',
      /double quotes/,
    ],
  ];
  for (const [what, input, field, msg] of cases)
    it(what, () => {
      const r = validateSpecInput(input, OPTIONS);
      expect(r.spec).toBeNull();
      const e = r.errors.find((x) => x.path === field);
      expect(e, JSON.stringify(r.errors)).toBeDefined();
      expect(e!.message).toMatch(msg);
    });

  it('a valid input gives the parsed spec (defaults filled) and the host checks', () => {
    const r = validateSpecInput({ ...OK, name: 'webserver' }, OPTIONS);
    expect(r.spec?.onCrash).toBe('destroy');
    expect(r.errors.map((e) => e.path)).toEqual(['name']);
  });
});

describe('helpers', () => {
  it('isBelow needs a strict sub-path', () => {
    expect(isBelow('/var/lib/xen/images/a.img', '/var/lib/xen/images')).toBe(true);
    expect(isBelow('/var/lib/xen/images', '/var/lib/xen/images')).toBe(false);
    expect(isBelow('/var/lib/xen/images2/a', '/var/lib/xen/images')).toBe(false);
  });

  it('newPaths: the config, new images, new LVs and the network boot dir', () => {
    const spec = CreateSpecSchema.parse({
      ...OK,
      source: { kind: 'network', url: 'http://x/' },
      disks: [
        { kind: 'file', path: '/var/lib/xen/images/a.img', sizeGiB: 1 },
        { kind: 'lvm', vg: 'vg0', lv: 'b', sizeGiB: 1 },
        { kind: 'existing', path: '/dev/sdb' },
      ],
    });
    expect(newPaths(spec)).toEqual([
      { path: '/etc/xen/web2.cfg', field: 'name' },
      { path: '/var/lib/xen/images/a.img', field: 'disks.0.path' },
      { path: '/dev/vg0/b', field: 'disks.1.lv' },
      { path: '/var/lib/xen/boot/web2', field: 'source.url' },
    ]);
  });
});
