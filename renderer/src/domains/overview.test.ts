import { describe, expect, it } from 'vitest';
import type { DomainRow } from '../../../shared/types';
import { readXlCfgText } from '../../../shared/xen/xlcfgRead';
import { bootOrder, overviewOf } from './overview';

const base: DomainRow = {
  name: 'pvdisk',
  id: 12,
  uuid: 'u',
  state: 'blocked',
  stateFlags: '-b----',
  type: 'pv',
  cpuPercent: 0,
  cpuSeconds: 1,
  memoryMiB: 128,
  maxMemoryMiB: 256,
  vcpus: 2,
  maxVcpus: 2,
  uptimeSeconds: 5,
  defined: true,
  cfgPath: '/etc/xen/pv-disk.cfg',
  autostart: false,
};
const CFG = `name="pvdisk"\nkernel="/root/guest/vmlinuz"\nramdisk="/root/guest/guest-initrd.img"\nextra="console=hvc0 quiet"\nroot="/dev/xvda1"\nmemory=128\nmaxmem=256\nvcpus=1\nmaxvcpus=2\non_crash="preserve"\n`;

describe('overviewOf', () => {
  it('a running guest: live values first, the file fills in, defaults are marked', () => {
    const m = overviewOf({
      row: base,
      cfg: readXlCfgText(CFG),
      config: {
        name: 'pvdisk',
        type: 'pv',
        maxMemKiB: 262144,
        targetMemKiB: 131072,
        availVcpus: 2,
        kernel: '/boot/live',
        onCrash: 'restart_rename',
        disks: [],
        nics: [],
        vfbs: [],
      },
      onlineVcpus: 1,
      vcpuList: [],
    });
    expect(m.kernel).toEqual({ value: '/boot/live', source: 'live' });
    expect(m.ramdisk).toEqual({ value: '/root/guest/guest-initrd.img', source: 'file' });
    expect(m.cmdline).toEqual({ value: 'root=/dev/xvda1 console=hvc0 quiet', source: 'file' });
    expect(m.bootloader).toEqual({ value: null, source: 'none' });
    expect(m.actions.on_crash).toEqual({ value: 'rename-restart', source: 'live' });
    expect(m.actions.on_reboot).toEqual({ value: 'restart', source: 'default' });
    expect(m.memory).toEqual({ currentMiB: 128, targetMiB: 128, maxMiB: 256 });
    expect(m.vcpus).toEqual({ available: 2, online: 1, max: 2, notOnline: 1 });
  });

  it('a stopped guest: the file only', () => {
    const m = overviewOf({
      row: { ...base, id: null, state: 'shut off', maxMemoryMiB: null, maxVcpus: null },
      cfg: readXlCfgText(CFG),
      config: null,
      onlineVcpus: null,
      vcpuList: [],
    });
    expect(m.memory).toEqual({ currentMiB: null, targetMiB: 128, maxMiB: 256 });
    expect(m.vcpus).toEqual({ available: 1, online: null, max: 2, notOnline: 0 });
    expect(m.actions.on_crash).toEqual({ value: 'preserve', source: 'file' });
  });

  it('words the HVM boot order', () => {
    expect(bootOrder('dc')).toEqual(['CD-ROM', 'hard disk']);
  });
});
