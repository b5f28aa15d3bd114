// Scenarios of the simulated dom0: the files of a Debian 12 / Xen 4.17 dom0 like the lab's and,
// for 'demo', the captured 4-domain state of ../shared/xen-samples (Domain-0 + pvdisk 12 +
// pvvfb 13 + hvm1 14, same UUIDs, memory, CPU times and uptimes) plus stopped domains defined
// in /etc/xen (webserver with an autostart link, db01, pvtiny).
import type { XlCfgSemantic } from '../../../shared/xen/xlcfgTypes';
import { makeLv, seedVg } from './disktools';
import { buildDomainConfig, scanExtraKeys, type DomainConfig } from './domconfig';
import type { SimFs } from './fs';
import { DOM0_KIB, type SimHost } from './model';
import { DEBIAN_ETC_XEN } from './seed/debianEtcXen';
import { LAB_CONFIGS } from './seed/labConfigs';

export const WEBSERVER_CFG = `# Debian web server (HVM): disk image + installer ISO, VNC console, serial pty
name       = "webserver"
type       = "hvm"
memory     = 512
vcpus      = 2
disk       = [ 'format=raw,vdev=xvda,access=rw,target=/var/lib/xen/images/webserver.img',
               'format=raw,vdev=xvdc,access=ro,devtype=cdrom,target=/var/lib/xen/iso/debian-12.11.0-amd64-netinst.iso' ]
vif        = [ 'mac=00:16:3e:5a:10:01,bridge=xenbr0,model=e1000' ]
boot       = "dc"
vnc        = 1
vnclisten  = "127.0.0.1"
vncunused  = 1
serial     = "pty"
on_crash   = "restart"
`;

export const DB01_CFG = `# PostgreSQL database server (PV, direct kernel boot)
name    = "db01"
type    = "pv"
kernel  = "/root/guest/vmlinuz"
ramdisk = "/root/guest/guest-initrd.img"
extra   = "console=hvc0 quiet loglevel=4"
memory  = 384
maxmem  = 512
vcpus   = 2
disk    = [ 'format=raw,vdev=xvda,access=rw,target=/var/lib/xen/images/db01.img' ]
vif     = [ 'mac=00:16:3e:5a:10:02,bridge=xenbr0' ]
`;

const OS_RELEASE = `PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"
NAME="Debian GNU/Linux"
VERSION_ID="12"
VERSION="12 (bookworm)"
VERSION_CODENAME=bookworm
ID=debian
HOME_URL="https://www.debian.org/"
`;

const GiB = 1024 * 1024 * 1024;
const MiB = 1024 * 1024;

function ensureFile(fs: SimFs, p: string, data: string | Buffer, mode = 0o644): void {
  if (!fs.tryLstat(p)) fs.seedFile(p, data, mode);
}

/**
 * The files of the dom0. Idempotent: an existing (persisted) root keeps the user's edits.
 * 'empty' is a fresh Debian 12 dom0 as the lab boots it: /etc/xen holds only Debian's xl.conf,
 * xlexample.* and scripts/, and there is no /etc/xen/auto nor any /var/lib/xen/{images,iso,save,dump}
 * (xendomains, libvirt or an admin make those). 'demo' and 'many' are hosts in use, which have them.
 */
export function seedFiles(fs: SimFs, scenario: 'demo' | 'empty' | 'many'): void {
  const inUse = scenario !== 'empty';
  for (const d of [
    '/etc/xen/scripts',
    '/var/lib/xen',
    ...(inUse
      ? ['/etc/xen/auto', '/var/lib/xen/images', '/var/lib/xen/iso', '/var/lib/xen/save', '/var/lib/xen/dump']
      : []),
    '/var/log/xen',
    '/var/lock',
    '/var/tmp',
    '/tmp',
    '/root',
    '/home',
    '/dev',
    '/proc',
    '/usr/sbin',
    '/usr/bin',
    '/boot',
  ])
    fs.mkdir(d, { recursive: true });
  ensureFile(fs, '/etc/hostname', 'xendom0\n');
  ensureFile(fs, '/etc/os-release', OS_RELEASE);
  ensureFile(fs, '/etc/debian_version', '12.13\n');
  for (const [file, text] of Object.entries(DEBIAN_ETC_XEN)) ensureFile(fs, `/etc/xen/${file}`, text);
  ensureFile(fs, '/etc/xen/scripts/vif-bridge', '#!/bin/sh\n# vif-bridge (simulated)\nexit 0\n', 0o755);
  ensureFile(fs, '/etc/xen/scripts/block', '#!/bin/sh\n# block (simulated)\nexit 0\n', 0o755);
  // the lab's kernel + initramfs and guest configs (as in ../shared/lab: /root/guest)
  ensureFile(fs, '/root/guest/vmlinuz', Buffer.concat([Buffer.from('MZ\x00\x00HdrS'), Buffer.alloc(8192)]));
  ensureFile(fs, '/root/guest/guest-initrd.img', Buffer.concat([Buffer.from('070701'), Buffer.alloc(4096)]));
  for (const [file, text] of Object.entries(LAB_CONFIGS)) ensureFile(fs, `/root/guest/${file}`, text);
  ensureFile(
    fs,
    '/boot/vmlinuz-6.1.0-56-amd64',
    Buffer.concat([Buffer.from('MZ\x00\x00HdrS'), Buffer.alloc(4096)]),
  );
  ensureFile(fs, '/boot/initrd.img-6.1.0-56-amd64', Buffer.alloc(4096));
  fs.seedSparse('/var/tmp/d.img', 64 * MiB);
  // Debian's xen-utils: pygrub lives in Xen's libexec dir, not on PATH (issue 6)
  ensureFile(fs, '/usr/lib/xen-4.17/bin/pygrub', '#!/usr/bin/python3\n# pygrub (simulated)\n', 0o755);
  if (scenario === 'demo') {
    for (const [file, text] of Object.entries(LAB_CONFIGS)) ensureFile(fs, `/etc/xen/${file}`, text);
    ensureFile(fs, '/etc/xen/webserver.cfg', WEBSERVER_CFG);
    ensureFile(fs, '/etc/xen/db01.cfg', DB01_CFG);
    fs.seedSymlink('/etc/xen/webserver.cfg', '/etc/xen/auto/webserver.cfg');
    fs.seedSparse('/var/lib/xen/images/webserver.img', 8 * GiB);
    fs.seedSparse('/var/lib/xen/images/db01.img', 4 * GiB);
    fs.seedSparse('/var/lib/xen/iso/debian-12.11.0-amd64-netinst.iso', 631 * MiB);
  }
}

function dom0Config(): DomainConfig {
  return {
    name: 'Domain-0',
    uuid: '00000000-0000-0000-0000-000000000000',
    type: 'pv',
    maxVcpus: 2,
    vcpus: 2,
    maxMemKiB: DOM0_KIB,
    targetKiB: DOM0_KIB,
    videoKiB: 0,
    disks: [],
    nics: [],
    vfbs: [],
    vkbs: [],
    onPoweroff: 'destroy',
    onReboot: 'restart',
    onCrash: 'destroy',
    weight: 256,
    cap: 0,
  };
}

/** The semantic view of the lab configs (what readXlCfgText yields for them). */
const LAB_SEMANTIC: Record<'pvdisk' | 'pvvfb' | 'hvm1', XlCfgSemantic> = {
  pvdisk: {
    name: 'pvdisk',
    type: 'pv',
    kernel: '/root/guest/vmlinuz',
    ramdisk: '/root/guest/guest-initrd.img',
    extra: 'console=hvc0 quiet loglevel=4',
    memory: 128,
    maxmem: 256,
    vcpus: 1,
    maxvcpus: 2,
    vifs: [{ bridge: 'xenbr0', mac: '00:16:3e:00:00:01', raw: 'bridge=xenbr0,mac=00:16:3e:00:00:01' }],
    disks: [
      {
        format: 'raw',
        vdev: 'xvda',
        access: 'rw',
        target: '/var/tmp/d.img',
        raw: 'format=raw,vdev=xvda,access=rw,target=/var/tmp/d.img',
      },
    ],
    on_crash: 'preserve',
  },
  pvvfb: {
    name: 'pvvfb',
    type: 'pv',
    kernel: '/root/guest/vmlinuz',
    ramdisk: '/root/guest/guest-initrd.img',
    extra: 'console=hvc0 loglevel=4',
    memory: 128,
    vcpus: 1,
    vifs: [],
    disks: [],
    vfbs: ['vnc=1,vnclisten=127.0.0.1,vncdisplay=1'],
  },
  hvm1: {
    name: 'hvm1',
    type: 'hvm',
    kernel: '/root/guest/vmlinuz',
    ramdisk: '/root/guest/guest-initrd.img',
    extra: 'console=ttyS0 loglevel=4',
    memory: 256,
    vcpus: 1,
    vifs: [],
    disks: [],
    serial: 'pty',
    vnc: { enable: true, listen: '127.0.0.1', display: 2 },
  },
};

/** LVM for 'demo' (issue 6): vg0 on a 64 GiB second disk, with one spare volume. */
export function seedLvm(host: SimHost, scenario: 'demo' | 'empty' | 'many'): void {
  if (scenario !== 'demo') return;
  const fresh = !host.fs.tryStat('/etc/lvm/backup/vg0');
  seedVg(host, 'vg0', 64 * GiB, '/dev/xvdb');
  if (fresh) makeLv(host, 'vg0', 'spare', 4 * GiB);
}

/** Domain-0 and, for 'demo', the captured guests. */
export function seedDomains(host: SimHost, scenario: 'demo' | 'empty' | 'many', manyCount = 40): void {
  const dom0 = host.addRunning(0, dom0Config(), {
    uptimeSec: 1152,
    vcpuSec: [207.1, 170.9],
    baseLoad: 0.14,
  });
  dom0.targetKiB = DOM0_KIB - 1; // as `xl list -l` shows it
  const mk = (key: keyof typeof LAB_SEMANTIC, file: string, uuid: string): DomainConfig => {
    const text = LAB_CONFIGS[file]!;
    return {
      ...buildDomainConfig({ ...LAB_SEMANTIC[key], uuid }, scanExtraKeys(text), host.rng, `/etc/xen/${file}`),
    };
  };
  if (scenario === 'many') {
    // issue 4's scale benchmark: N small running PV guests vm001…, ids 1…N
    for (let i = 1; i <= manyCount; i++) {
      const hex = (i + 0x1000).toString(16).padStart(12, '0');
      const cfg = mk('pvdisk', 'pv-disk.cfg', `5ca1ab1e-0000-4000-8000-${hex}`);
      const name = `vm${String(i).padStart(3, '0')}`;
      host.addRunning(
        i,
        { ...cfg, name, cfgPath: undefined, targetKiB: 32 * 1024, maxMemKiB: 32 * 1024 },
        {
          uptimeSec: 60 + i * 7,
          vcpuSec: [i * 0.3, i * 0.1],
          baseLoad: 0.002 + (i % 7) * 0.003,
          consoleBacklog: false,
        },
      );
    }
    host.nextDomid = manyCount + 1;
    return;
  }
  if (scenario !== 'demo') {
    host.nextDomid = 1;
    return;
  }
  const pvdisk = host.addRunning(12, mk('pvdisk', 'pv-disk.cfg', '360bb23f-2b47-485c-8319-7b8a950fa06c'), {
    uptimeSec: 137,
    vcpuSec: [6.5, 0.7],
    baseLoad: 0.005,
  });
  pvdisk.nicStats[0] = { rxBytes: 880, rxPkts: 14, txBytes: 2092, txPkts: 26 };
  pvdisk.vbdStats[0] = { oo: 0, rd: 3, wr: 0, rsect: 24, wsect: 0 };
  host.addRunning(13, mk('pvvfb', 'pv-vfb.cfg', 'e679d6a2-5201-4ed5-baad-0105be44826b'), {
    uptimeSec: 85,
    vcpuSec: [6.1],
    baseLoad: 0.019,
  });
  host.addRunning(14, mk('hvm1', 'hvm.cfg', '483602f5-5589-4613-bb95-15d0a558bd4b'), {
    uptimeSec: 77,
    vcpuSec: [15.1],
    baseLoad: 0.009,
  });
  host.nextDomid = 15;
}
