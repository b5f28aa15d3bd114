import { describe, expect, it } from 'vitest';
import { CreateSpecSchema, type CreateOptions } from '../../../shared/create/spec';
import {
  diskVdevs,
  generateMac,
  initialDraft,
  isDirty,
  newDisk,
  rebaseOnHost,
  specValueAt,
  stepOfPath,
  toMiB,
  toSpec,
  validateDraft,
  withType,
  type WizardDraft,
} from './wizardModel';

const options: CreateOptions = {
  hostId: 'demo',
  freeMemoryMiB: 2048,
  totalMemoryMiB: 4096,
  cpus: 2,
  hvm: true,
  pvh: true,
  usedNames: ['pvdisk', 'webserver'],
  usedMacs: ['00:16:3e:00:00:01'],
  bridges: ['xenbr0'],
  storageDirs: [{ path: '/var/lib/xen/images', freeBytes: 17 * 1024 ** 3 }],
  volumeGroups: [{ name: 'vg0', freeBytes: 60 * 1024 ** 3, lvs: ['old'] }],
  pygrub: '/usr/lib/xen-4.17/bin/pygrub',
  pypxeboot: null,
  fetchTool: 'curl',
};

function draft(patch: (d: WizardDraft) => WizardDraft = (d) => d): WizardDraft {
  const d = initialDraft('demo', options);
  return patch({
    ...d,
    name: 'web02',
    source: {
      ...d.source,
      kind: 'kernel',
      kernel: '/root/guest/vmlinuz',
      ramdisk: '/root/guest/guest-initrd.img',
    },
  });
}

describe('the wizard draft', () => {
  it('starts valid once named and given a source, and its spec passes the contract', () => {
    const d = draft();
    expect(validateDraft(d, options)).toEqual({});
    const spec = toSpec(d);
    expect(CreateSpecSchema.safeParse(spec).success).toBe(true);
    expect(spec).toMatchObject({
      name: 'web02',
      type: 'pv',
      memoryMiB: 1024,
      vcpus: 1,
      source: { kind: 'kernel', kernel: '/root/guest/vmlinuz', cmdline: 'root=/dev/xvda1 console=hvc0' },
      disks: [{ kind: 'file', path: '/var/lib/xen/images/web02.img', sizeGiB: 8, format: 'raw' }],
      nics: [{ bridge: 'xenbr0' }],
      graphics: { vnc: false },
    });
    expect(spec.nics![0]!.mac).toMatch(/^00:16:3e:[0-7][0-9a-f](:[0-9a-f]{2}){2}$/);
  });

  it('derives file and LV names from the domain name until edited', () => {
    const d = draft((x) => ({
      ...x,
      disks: [x.disks[0]!, { ...newDisk(options), format: 'qcow2' }, { ...newDisk(options, 'lvm') }],
    }));
    const disks = toSpec(d).disks!;
    expect(disks[0]).toMatchObject({ path: '/var/lib/xen/images/web02.img' });
    expect(disks[1]).toMatchObject({ path: '/var/lib/xen/images/web02-1.qcow2', format: 'qcow2' });
    expect(disks[2]).toMatchObject({ kind: 'lvm', vg: 'vg0', lv: 'web02-disk2' });
    const edited = { ...d, disks: [{ ...d.disks[0]!, fileName: 'root.img' }, ...d.disks.slice(1)] };
    expect(toSpec(edited).disks![0]).toMatchObject({ path: '/var/lib/xen/images/root.img' });
  });

  it('puts an imported image first, so the Storage disks start at index 1', () => {
    const d = draft((x) => ({ ...x, source: { ...x.source, kind: 'import', importPath: '/var/tmp/d.img' } }));
    const spec = toSpec(d);
    expect(spec.disks![0]).toEqual({ kind: 'existing', path: '/var/tmp/d.img' });
    expect(spec.disks![1]).toMatchObject({ path: '/var/lib/xen/images/web02-1.img' });
    expect(stepOfPath('disks.0.path', d)).toBe('source');
    expect(stepOfPath('disks.1.sizeGiB', d)).toBe('storage');
  });

  it('converts memory units to MiB', () => {
    expect(toMiB('2', 'GiB')).toBe(2048);
    expect(toMiB('1.5', 'GiB')).toBe(1536);
    expect(toMiB('512', 'MiB')).toBe(512);
    expect(toMiB('lots', 'MiB')).toBeNull();
  });
});

describe('validation next to the fields', () => {
  it('refuses a taken name, bad characters and an empty name', () => {
    expect(
      validateDraft(
        draft((d) => ({ ...d, name: 'pvdisk' })),
        options,
      )['name'],
    ).toMatch(/already exists/);
    expect(
      validateDraft(
        draft((d) => ({ ...d, name: 'bad name' })),
        options,
      )['name'],
    ).toMatch(/letters, digits/);
    expect(
      validateDraft(
        draft((d) => ({ ...d, name: '' })),
        options,
      )['name'],
    ).toMatch(/Enter a name/);
  });

  it('bounds memory by the free memory and vCPUs by the host CPUs', () => {
    expect(
      validateDraft(
        draft((d) => ({ ...d, memory: '3', memoryUnit: 'GiB' })),
        options,
      )['memoryMiB'],
    ).toMatch(/Only 2\.0 GiB/);
    expect(
      validateDraft(
        draft((d) => ({ ...d, vcpus: '4' })),
        options,
      )['vcpus'],
    ).toMatch(/2 physical CPUs/);
    expect(
      validateDraft(
        draft((d) => ({ ...d, maxmem: '512' })),
        options,
      )['maxmemMiB'],
    ).toMatch(/at least/);
  });

  it('refuses a size of 0, a path outside the allowed directories and a missing bridge', () => {
    const zero = draft((d) => ({ ...d, disks: [{ ...d.disks[0]!, sizeGiB: '0' }] }));
    expect(validateDraft(zero, options)['disks.0.sizeGiB']).toBe('The size must be more than 0.');
    const outside = draft((d) => ({
      ...d,
      disks: [{ ...newDisk(options, 'existing'), path: '/etc/passwd' }],
    }));
    expect(validateDraft(outside, options)['disks.0.path']).toMatch(/below one of/);
    const bridge = draft((d) => ({ ...d, nics: [{ ...d.nics[0]!, bridge: 'xenbr9' }] }));
    expect(validateDraft(bridge, options)['nics.0.bridge']).toMatch(/no bridge xenbr9/);
  });

  it('asks for the upload before going on, and for an ISO only with HVM', () => {
    const hvm = draft((d) => withType({ ...d, source: { ...d.source, kind: 'upload' } }, 'hvm', options));
    expect(validateDraft(hvm, options)['upload.file']).toMatch(/upload it first/);
    const pvIso = draft((d) => ({
      ...d,
      source: { ...d.source, kind: 'cdrom', iso: '/var/lib/xen/iso/x.iso' },
    }));
    expect(validateDraft(pvIso, options)['source.kind']).toMatch(/PV guests cannot boot this source/);
  });

  it('switches to a source the new type can boot', () => {
    const hvm = withType(
      draft((d) => ({ ...d, source: { ...d.source, kind: 'cdrom' } })),
      'hvm',
      options,
    );
    expect(hvm.source.kind).toBe('cdrom');
    expect(withType(hvm, 'pv', options).source.kind).toBe('network');
    expect(withType({ ...hvm, source: { ...hvm.source, kind: 'pxe' } }, 'pv', options).source.kind).toBe(
      'network',
    );
  });
});

describe('helpers', () => {
  it('names vdevs like the generator: xvda… for PV, hda/hdb/hdd with the CD on hdc for HVM', () => {
    expect(diskVdevs('pv', 3, false)).toEqual({ disks: ['xvda', 'xvdb', 'xvdc'] });
    expect(diskVdevs('hvm', 3, true)).toEqual({ disks: ['hda', 'hdb', 'hdd'], cdrom: 'hdc' });
    expect(diskVdevs('pv', 1, true)).toEqual({ disks: ['xvda'] });
  });

  it('generates MACs in 00:16:3e that the host does not use', () => {
    const used = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const mac = generateMac(used);
      expect(mac).toMatch(/^00:16:3e:[0-7][0-9a-f]:[0-9a-f]{2}:[0-9a-f]{2}$/);
      expect(used.has(mac)).toBe(false);
      used.add(mac);
    }
  });

  it('tells whether something was entered (random MACs do not count)', () => {
    const a = initialDraft('demo', options);
    const b = { ...a, nics: a.nics.map((n) => ({ ...n, mac: '00:16:3e:11:22:33' })) };
    expect(isDirty(b, a)).toBe(false);
    expect(isDirty({ ...a, name: 'x' }, a)).toBe(true);
  });

  it('keeps choices that exist on another host and replaces the rest', () => {
    const other: CreateOptions = {
      ...options,
      hvm: false,
      pvh: false,
      bridges: ['br-lan'],
      volumeGroups: [],
      storageDirs: [{ path: '/srv/images', freeBytes: 1 }],
    };
    const d = rebaseOnHost(withType(draft(), 'hvm', options), 'other', other);
    expect(d.type).toBe('pv');
    expect(d.nics[0]!.bridge).toBe('br-lan');
    expect(d.disks[0]!.dir).toBe('/srv/images');
    expect(d.hostId).toBe('other');
  });

  it('reads a value by spec path', () => {
    const spec = toSpec(draft());
    expect(specValueAt(spec, 'disks.0.sizeGiB')).toBe(8);
    expect(specValueAt(spec, 'name')).toBe('web02');
    expect(specValueAt(spec, 'nics.3.bridge')).toBeUndefined();
  });
});

describe('the host file browser', () => {
  it('shows directories first, filters by extension, and treats links as their targets', async () => {
    const { visibleEntries } = await import('./HostFileBrowser');
    const e = (name: string, kind: 'file' | 'dir' | 'block' | 'link', linkTo?: 'dir' | 'block') => ({
      name,
      kind,
      sizeBytes: 1,
      mtime: 0,
      ...(linkTo ? { linkTo } : {}),
    });
    const entries = [
      e('b.iso', 'file'),
      e('notes.txt', 'file'),
      e('zdir', 'dir'),
      e('.hidden.iso', 'file'),
      e('spare', 'link', 'block'),
      e('current', 'link', 'dir'),
      e('A.ISO', 'file'),
    ];
    expect(visibleEntries(entries, ['.iso'], false).map((x) => x.name)).toEqual([
      'current',
      'zdir',
      'A.ISO',
      'b.iso',
      'spare',
    ]);
    expect(visibleEntries(entries, ['.iso'], true).map((x) => x.name)).toContain('notes.txt');
  });
});
