import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseXlCfg } from './xlcfg';
import {
  formatDiskSpec,
  formatVifSpec,
  parseDiskSpec,
  parseVifSpec,
  readXlCfg,
  readXlCfgText,
} from './xlcfgRead';
import type { XlDiskSpecInput } from './xlcfgRead';
import type { XlCfgSemantic, XlDiskSpec } from './xlcfgTypes';

const FIXTURES = join(__dirname, '__cfg_fixtures__');
const read = (rel: string) => readXlCfgText(readFileSync(join(FIXTURES, rel), 'utf8'));

describe('semantic reads of the lab configs', () => {
  const common = {
    kernel: '/root/guest/vmlinuz',
    ramdisk: '/root/guest/guest-initrd.img',
  };
  it.each<[string, XlCfgSemantic]>([
    [
      'lab/hvm.cfg',
      {
        name: 'hvm1',
        type: 'hvm',
        ...common,
        extra: 'console=ttyS0 loglevel=4',
        memory: 256,
        vcpus: 1,
        vifs: [],
        disks: [],
        serial: 'pty',
        vnc: { enable: true, listen: '127.0.0.1', display: 2 },
      },
    ],
    [
      'lab/pv-disk.cfg',
      {
        name: 'pvdisk',
        type: 'pv',
        ...common,
        extra: 'console=hvc0 quiet loglevel=4',
        memory: 128,
        maxmem: 256,
        vcpus: 1,
        maxvcpus: 2,
        vifs: [{ raw: 'bridge=xenbr0,mac=00:16:3e:00:00:01', bridge: 'xenbr0', mac: '00:16:3e:00:00:01' }],
        disks: [
          {
            raw: 'format=raw,vdev=xvda,access=rw,target=/var/tmp/d.img',
            format: 'raw',
            vdev: 'xvda',
            access: 'rw',
            target: '/var/tmp/d.img',
          },
        ],
        on_crash: 'preserve',
      },
    ],
    [
      'lab/pv-tiny.cfg',
      {
        name: 'pvtiny',
        type: 'pv',
        ...common,
        extra: 'console=hvc0 quiet loglevel=4',
        memory: 128,
        maxmem: 256,
        vcpus: 1,
        maxvcpus: 2,
        vifs: [],
        disks: [],
        on_crash: 'preserve',
      },
    ],
    [
      'lab/pv-vfb.cfg',
      {
        name: 'pvvfb',
        type: 'pv',
        ...common,
        extra: 'console=hvc0 loglevel=4',
        memory: 128,
        vcpus: 1,
        vifs: [],
        disks: [],
        vfbs: ['vnc=1,vnclisten=127.0.0.1,vncdisplay=1'],
        vnc: { enable: true, listen: '127.0.0.1', display: 1 },
      },
    ],
    [
      'errors/too-much-mem.cfg',
      {
        name: 'pvhuge',
        type: 'pv',
        ...common,
        extra: 'console=hvc0 quiet loglevel=4',
        memory: 65536,
        maxmem: 65536,
        vcpus: 1,
        maxvcpus: 2,
        vifs: [],
        disks: [],
        on_crash: 'preserve',
      },
    ],
  ])('%s', (file, expected) => {
    expect(read(file)).toEqual(expected);
  });

  it('lifecycle/pv-disk.cfg reads like the lab one', () => {
    expect(read('lifecycle/pv-disk.cfg')).toEqual(read('lab/pv-disk.cfg'));
  });
});

describe('semantic reads of xm-era configs', () => {
  it('Xen 3 HVM: builder → type, legacy disks, ioemu vif, top-level vnc', () => {
    const s = read('handwritten/xm-hvm-xen3.cfg');
    expect(s).toMatchObject({
      name: 'win2k3',
      type: 'hvm',
      uuid: '6a1e8d0c-4f6b-4d7c-9e2a-1b3c5d7e9f01',
      memory: 512,
      maxmem: 1024,
      vcpus: 2,
      kernel: '/usr/lib/xen/boot/hvmloader',
      boot: 'dc',
      serial: 'pty',
      vnc: { enable: true, listen: '0.0.0.0', display: 3, unused: true },
      on_poweroff: 'destroy',
      on_reboot: 'restart',
      on_crash: 'restart',
    });
    expect(s.disks!.map((d) => [d.target, d.vdev, d.access, d.devtype])).toEqual([
      ['/dev/vg0/win2k3', 'hda', 'rw', undefined],
      ['/var/lib/xen/images/data.img', 'hdb', 'rw', undefined],
      ['/srv/iso/w2k3.iso', 'hdc', 'ro', 'cdrom'],
    ]);
    expect(s.vifs).toEqual([
      {
        raw: 'type=ioemu, mac=00:16:3e:12:34:56, bridge=xenbr0, model=rtl8139',
        type: 'ioemu',
        mac: '00:16:3e:12:34:56',
        bridge: 'xenbr0',
        model: 'rtl8139',
      },
    ]);
  });

  it('Xen 3 PV: pygrub, tap:aio/tap:qcow2/phy, two vifs, vfb with type=vnc (no vnc=1: disabled for xl)', () => {
    const s = read('handwritten/xm-pv-xen3.cfg');
    expect(s.type).toBeUndefined(); // no type/builder: xl defaults to PV, we don't default
    expect(s.bootloader).toBe('/usr/bin/pygrub');
    expect(s.disks!.map((d) => [d.target, d.format, d.vdev, d.legacyPrefix])).toEqual([
      ['/var/lib/xen/images/web01.img', undefined, 'xvda', ['tap', 'aio']],
      ['/var/lib/xen/images/web01-data.qcow2', 'qcow2', 'xvdb', ['tap', 'qcow2']],
      ['vg0/web01-swap', undefined, 'xvdc', ['phy']],
    ]);
    expect(s.vifs!.map((v) => [v.mac, v.bridge, v.vifname, v.ip, v.rate])).toEqual([
      ['00:16:3e:aa:bb:cc', 'xenbr0', 'web01.0', undefined, undefined],
      [undefined, 'xenbr1', undefined, '10.0.0.5', '10Mb/s'],
    ]);
    expect(s.vnc).toEqual({ unused: true, listen: '127.0.0.1' });
  });

  it('CRLF HVM: values are read without the CR', () => {
    const s = read('handwritten/xm-hvm-crlf.cfg');
    expect(s).toMatchObject({
      name: 'crlfhvm',
      type: 'hvm',
      memory: 1024,
      vcpus: 2,
      maxvcpus: 4,
      vnc: { enable: true },
    });
    expect(s.disks).toEqual([
      {
        raw: 'file:/images/crlf.img,hda,w',
        target: '/images/crlf.img',
        vdev: 'hda',
        access: 'rw',
        legacyPrefix: ['file'],
      },
      { raw: ',hdc:cdrom,r', vdev: 'hdc', access: 'ro', devtype: 'cdrom' },
    ]);
  });

  it('Python-isms: read as xm meant them', () => {
    const s = read('handwritten/xm-python-isms.cfg');
    expect(s).toMatchObject({
      name: 'pyguest',
      memory: 256,
      kernel: '/boot/vmlinuz-xen',
      extra: 'console=hvc0',
    });
    expect(s.disks!.map((d) => d.target)).toEqual(['/images/py.img', '/images/py-swap.img']);
    expect(s.vifs).toEqual([{ raw: 'bridge=xenbr0', bridge: 'xenbr0' }]);
  });

  it('xl 4 features: +=, hex numbers, pvh, keyed target with commas', () => {
    const s = read('handwritten/xl-modern.cfg');
    expect(s).toMatchObject({ name: 'modern', type: 'pvh', memory: 512, maxmem: 1024, vcpus: 2 });
    expect(s.cmdline).toBe('root=/dev/xvda1 ro console=hvc0');
    expect(s.disks!.map((d) => d.target)).toEqual([
      '/images/a,b.qcow2',
      '/iso/install.iso',
      undefined,
      '/images/raw.img',
    ]);
  });
});

describe('readXlCfg value rules', () => {
  it.each<[string, XlCfgSemantic]>([
    ['type = "hvm"', { type: 'hvm' }],
    ['type = "pvh"', { type: 'pvh' }],
    ['type = "p"', { type: 'pv' }], // xl matches any prefix
    ['type = "xen"', {}],
    ['builder = "hvm"', { type: 'hvm' }],
    ["builder = 'generic'", { type: 'pv' }],
    ["builder = 'linux'", { type: 'pv' }],
    ['builder = "hvm"\ntype = "pv"', { type: 'pv' }],
    ['memory = 0x100', { memory: 256 }],
    ['memory = 0200', { memory: 128 }],
    ['memory = "512"', { memory: 512 }],
    ['memory = "512M"', {}],
    ['memory = 12abc', {}],
    ['memory = 1\nmemory = 2', { memory: 2 }],
    ['memory = 1\nmemory += 2', {}], // xl: can't use += with numbers
    ['name = [ "x" ]', {}],
    ['extra = "a"\nextra += " b"', { extra: 'a b' }],
    ['serial = [ "pty", "file:/tmp/s" ]', { serial: 'pty' }],
    ['vnc = 0\nvncunused = 0', { vnc: { enable: false, unused: false } }],
    ['vnc = True', { vnc: { enable: true } }],
    [
      'disk = [ "/a,raw,xvda,rw", [ "nested" ], "/b,raw,xvdb,rw" ]',
      { disks: [parseDiskSpec('/a,raw,xvda,rw')] },
    ],
    ['type = "pv"\nvnc = 1\nvncdisplay = 4', { type: 'pv', vnc: { enable: true, display: 4 } }],
    [
      'type = "pv"\nvnc = 0\nvfb = [ "vnc=1,vncdisplay=7,vncpasswd=s3cret,vncunused=0" ]',
      {
        type: 'pv',
        vfbs: ['vnc=1,vncdisplay=7,vncpasswd=s3cret,vncunused=0'],
        vnc: { enable: true, display: 7, passwd: 's3cret', unused: false },
      },
    ],
    ['vfb = [ "sdl=1,oops,vnc=1" ]', { vfbs: ['sdl=1,oops,vnc=1'] }], // xl stops at a token without '='
    ['type = "hvm"\nvnc = 1\nvfb = [ "vnc=0" ]', { type: 'hvm', vfbs: ['vnc=0'], vnc: { enable: true } }],
  ])('%j', (text, expected) => {
    expect(readXlCfgText(text + '\n')).toEqual(expected);
  });

  it('leaves absent keys undefined', () => {
    expect(readXlCfg(parseXlCfg('# nothing\n'))).toEqual({});
  });
});

describe('parseDiskSpec: every form of xl-disk-configuration(5)', () => {
  // Checked against libxlu_disk_l.l built with flex (same fields, same errors).
  it.each<[string, Omit<XlDiskSpec, 'raw'>]>([
    // positional target,format,vdev,access
    ['/img,raw,xvda,rw', { target: '/img', format: 'raw', vdev: 'xvda', access: 'rw' }],
    ['/img,qcow2,xvda', { target: '/img', format: 'qcow2', vdev: 'xvda' }],
    ['/img,,xvda,w', { target: '/img', vdev: 'xvda', access: 'rw' }],
    ['/img,raw,xvda,r', { target: '/img', format: 'raw', vdev: 'xvda', access: 'ro' }],
    ['/dev/vg/lv,raw,xvda,ro', { target: '/dev/vg/lv', format: 'raw', vdev: 'xvda', access: 'ro' }],
    [
      '/x.iso,raw,hdc:cdrom,r',
      { target: '/x.iso', format: 'raw', vdev: 'hdc', access: 'ro', devtype: 'cdrom' },
    ],
    // keyed; target= swallows the rest
    [
      'format=raw, vdev=xvda, access=rw, target=/path,with,commas',
      { target: '/path,with,commas', format: 'raw', vdev: 'xvda', access: 'rw' },
    ],
    [
      'target=/a b.img,vdev=xvda',
      { target: '/a b.img,vdev=xvda', error: expect.stringContaining('no vdev') },
    ],
    ['vdev=xvda,format=qcow,target=/q', { target: '/q', format: 'qcow', vdev: 'xvda' }],
    ['format=vhd,vdev=xvda,target=/v', { target: '/v', format: 'vhd', vdev: 'xvda' }],
    ['format=qed,vdev=xvda,target=/v', { target: '/v', format: 'qed', vdev: 'xvda' }],
    ['vdev=hdc, devtype=cdrom', { vdev: 'hdc', devtype: 'cdrom' }],
    [
      'vdev=hdc,devtype=cdrom,access=ro,target=/i.iso',
      { target: '/i.iso', vdev: 'hdc', devtype: 'cdrom', access: 'ro' },
    ],
    ['vdev=hdc,cdrom,target=/x.iso', { target: '/x.iso', vdev: 'hdc', devtype: 'cdrom' }],
    ['devtype=disk,vdev=xvda,target=/x', { target: '/x', vdev: 'xvda', devtype: 'disk' }],
    ['backendtype=phy,vdev=xvda,target=/dev/sdb', { target: '/dev/sdb', vdev: 'xvda', backendtype: 'phy' }],
    ['backend=dd0,vdev=xvda,target=/x', { target: '/x', vdev: 'xvda', backend: 'dd0' }],
    ['script=block-iscsi,vdev=xvda,target=iqn', { target: 'iqn', vdev: 'xvda', script: 'block-iscsi' }],
    ['discard,direct-io-safe,vdev=xvda,target=/x', { target: '/x', vdev: 'xvda' }],
    // legacy xm forms (prefixes stripped)
    ['phy:/dev/vg/lv,xvda,w', { target: '/dev/vg/lv', vdev: 'xvda', access: 'rw', legacyPrefix: ['phy'] }],
    ['phy:vg/lv,sda1,w', { target: 'vg/lv', vdev: 'sda1', access: 'rw', legacyPrefix: ['phy'] }],
    ['file:/img,hda1,w', { target: '/img', vdev: 'hda1', access: 'rw', legacyPrefix: ['file'] }],
    ['tap:aio:/x.img,xvda,w', { target: '/x.img', vdev: 'xvda', access: 'rw', legacyPrefix: ['tap', 'aio'] }],
    [
      'tap:qcow2:/x.qcow2,xvdb,w',
      { target: '/x.qcow2', format: 'qcow2', vdev: 'xvdb', access: 'rw', legacyPrefix: ['tap', 'qcow2'] },
    ],
    ['tap2:aio:/x,xvda,w', { target: '/x', vdev: 'xvda', access: 'rw', legacyPrefix: ['tap2', 'aio'] }],
    ['aio:/x,xvda,w', { target: '/x', vdev: 'xvda', access: 'rw', legacyPrefix: ['aio'] }],
    ['ioemu:/x,hda,w', { target: '/x', vdev: 'hda', access: 'rw', legacyPrefix: ['ioemu'] }],
    [
      'vhd:/x.vhd,xvda,w',
      { target: '/x.vhd', format: 'vhd', vdev: 'xvda', access: 'rw', legacyPrefix: ['vhd'] },
    ],
    ['raw:/x,xvda,w', { target: '/x', format: 'raw', vdev: 'xvda', access: 'rw', legacyPrefix: ['raw'] }],
    [
      'drbd:res0,xvda,w',
      { target: 'res0', vdev: 'xvda', access: 'rw', script: 'block-drbd', legacyPrefix: ['drbd'] },
    ],
    [
      'file:/x.iso,hdc:cdrom,r',
      { target: '/x.iso', vdev: 'hdc', access: 'ro', devtype: 'cdrom', legacyPrefix: ['file'] },
    ],
    [
      'file:/img,xvda:disk,w',
      { target: '/img', vdev: 'xvda', access: 'rw', devtype: 'disk', legacyPrefix: ['file'] },
    ],
    // empty CD-ROM drives
    [',hdc:cdrom,r', { vdev: 'hdc', access: 'ro', devtype: 'cdrom' }],
    [',,hdc:cdrom,r', { vdev: 'hdc', access: 'ro', devtype: 'cdrom' }],
    ['file:,hdc:cdrom,r', { vdev: 'hdc', access: 'ro', devtype: 'cdrom', legacyPrefix: ['file'] }],
  ])('%s', (spec, expected) => {
    expect(parseDiskSpec(spec)).toEqual({ raw: spec, ...expected });
  });

  it.each([
    ['/img,xvda,w', "unknown value for format: near `xvda' in `/img,xvda,w'"], // positional needs a format without a prefix
    ['iso:/x,hdc,r', "unknown deprecated disk prefix: near `iso:' in `iso:/x,hdc,r'"],
    ['/a,raw,xvda,rw,extra', "too many positional parameters: near `extra' in `/a,raw,xvda,rw,extra'"],
    ['vdev=xvda', "no target specified (and device not removable) in `vdev=xvda'"],
    ['/img', "no vdev specified in `/img'"],
    ['=x', "bad disk syntax: near `=x' in `=x'"],
    [
      'format=vmdk,vdev=xvda,target=/a',
      "unknown value for format: near `vmdk' in `format=vmdk,vdev=xvda,target=/a'",
    ],
    ['/img,raw,xvda,x', "unknown value for access: near `x' in `/img,raw,xvda,x'"],
    ['foo=bar,vdev=xvda,target=/a', "unknown parameter: near `foo=b' in `foo=bar,vdev=xvda,target=/a'"],
    ['/img,raw,hdc:floppy,r', "unknown deprecated type: near `floppy' in `/img,raw,hdc:floppy,r'"],
    ['vdev=xvda,vdev=xvdb,target=/a', "vdev respecified: near `xvdb' in `vdev=xvda,vdev=xvdb,target=/a'"],
    [
      'devtype=floppy,vdev=fda,target=/x',
      "unknown value for type: near `devtype=floppy,' in `devtype=floppy,vdev=fda,target=/x'",
    ],
    // values run to the comma: a trailing blank is part of the value
    [' /a, raw, xvda, rw ', "unknown value for access: near `rw ' in ` /a, raw, xvda, rw '"],
  ])('%s → error', (spec, error) => {
    expect(parseDiskSpec(spec).error).toBe(`config parsing error in disk specification: ${error}`);
  });
});

describe('formatDiskSpec', () => {
  it.each([
    [
      { target: '/var/tmp/d.img', format: 'raw', vdev: 'xvda', access: 'rw' },
      'format=raw, vdev=xvda, access=rw, target=/var/tmp/d.img',
    ],
    [{ target: '/a,b.img', vdev: 'xvdb', access: 'w' }, 'vdev=xvdb, access=rw, target=/a,b.img'],
    [
      { target: '/x.iso', vdev: 'hdc', devtype: 'cdrom', access: 'r' },
      'vdev=hdc, devtype=cdrom, access=ro, target=/x.iso',
    ],
    [{ vdev: 'hdc', devtype: 'cdrom' }, 'vdev=hdc, devtype=cdrom'],
    [{ target: '/dev/sdb', vdev: 'xvdc', backendtype: 'phy' }, 'vdev=xvdc, backendtype=phy, target=/dev/sdb'],
    [{ target: '/odd,', vdev: 'xvdd' }, 'vdev=xvdd, target=/odd,,'], // xl strips one trailing comma
  ] as [XlDiskSpecInput, string][])('%j', (input, out) => {
    expect(formatDiskSpec(input)).toBe(out);
    const back = parseDiskSpec(out);
    expect(back.error).toBeUndefined();
    expect(back.target).toBe(input.target);
    expect(back.vdev).toBe(input.vdev);
  });

  it.each([
    [{ target: '/x' }, /vdev/],
    [{ vdev: 'xvda' }, /target/],
    [{ vdev: 'xvda', target: '/x', format: 'vmdk' }, /format/],
    [{ vdev: 'xvda', target: '/x', access: 'rx' }, /access/],
    [{ vdev: 'xv,da', target: '/x' }, /vdev/],
    [{ vdev: 'xvda', target: '/x', devtype: 'floppy' }, /devtype/],
  ])('%j throws', (input, re) => {
    expect(() => formatDiskSpec(input)).toThrow(re);
  });

  it('round-trips any target', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1, maxLength: 30 }).filter((s) => !s.includes('\n') && !s.includes('\0')),
        fc.constantFrom('raw', 'qcow2', undefined),
        fc.constantFrom('ro', 'rw', undefined),
        fc.constantFrom('xvda', 'hdc', 'sdb1'),
        (target, format, access, vdev) => {
          const d = parseDiskSpec(formatDiskSpec({ target, format, access, vdev }));
          expect(d.error).toBeUndefined();
          expect([d.target, d.format, d.access, d.vdev]).toEqual([target, format, access, vdev]);
        },
      ),
    );
  });
});

describe('vif specs', () => {
  it.each([
    ['mac=00:16:3e:00:00:01,bridge=xenbr0', { mac: '00:16:3e:00:00:01', bridge: 'xenbr0' }],
    [
      'type=ioemu, mac=00:16:3e:12:34:56, bridge=xenbr0, model=rtl8139',
      { type: 'ioemu', mac: '00:16:3e:12:34:56', bridge: 'xenbr0', model: 'rtl8139' },
    ],
    [
      'bridge=xenbr1,ip=10.0.0.5 10.0.0.6,rate=10Mb/s@20ms',
      { bridge: 'xenbr1', ip: '10.0.0.5 10.0.0.6', rate: '10Mb/s@20ms' },
    ],
    ['vifname=web.0,script=vif-route,,', { vifname: 'web.0', script: 'vif-route' }],
    ['backend=dd,gatewaydev=eth0,mtu=9000', { other: { backend: 'dd', gatewaydev: 'eth0', mtu: '9000' } }],
    ['bridge=xenbr0,colour=blue,oops', { bridge: 'xenbr0', unknown: ['colour=blue', 'oops'] }],
    ['', {}],
  ])('%j', (spec, expected) => {
    expect(parseVifSpec(spec)).toEqual({ raw: spec, ...expected });
  });

  it('formatVifSpec writes the keys in a fixed order and round-trips', () => {
    const v = { bridge: 'xenbr0', mac: '00:16:3e:aa:bb:cc', model: 'e1000', rate: '100Mb/s' };
    const spec = formatVifSpec(v);
    expect(spec).toBe('mac=00:16:3e:aa:bb:cc,bridge=xenbr0,model=e1000,rate=100Mb/s');
    expect(parseVifSpec(spec)).toEqual({ raw: spec, ...v });
    expect(() => formatVifSpec({ ip: '1.2.3.4,5.6.7.8' })).toThrow(/ip/);
  });
});
