// What the Overview tab states about a domain (pure, unit-tested): boot, memory, vCPUs and the
// on_* actions, from the live configuration when running, from the config file otherwise.
import type { DomainDetails } from '../../../shared/api';

export type Source = 'live' | 'file' | 'default' | 'none';

export interface Fact<T> {
  value: T | null;
  source: Source;
}

const fact = <T>(live: T | undefined | null, file: T | undefined | null): Fact<T> =>
  live !== undefined && live !== null
    ? { value: live, source: 'live' }
    : file !== undefined && file !== null
      ? { value: file, source: 'file' }
      : { value: null, source: 'none' };

/** libxl's enum spelling (xl list -l) → xl.cfg's (what admins write). */
const LIBXL_ACTIONS: Record<string, string> = {
  restart_rename: 'rename-restart',
  coredump_destroy: 'coredump-destroy',
  coredump_restart: 'coredump-restart',
  soft_reset: 'soft-reset',
};
const DEFAULT_ACTIONS = { on_poweroff: 'destroy', on_reboot: 'restart', on_crash: 'destroy' } as const;

export interface OverviewModel {
  kernel: Fact<string>;
  ramdisk: Fact<string>;
  cmdline: Fact<string>;
  bootloader: Fact<string>;
  boot: Fact<string>;
  actions: Record<keyof typeof DEFAULT_ACTIONS, Fact<string>>;
  memory: { currentMiB: number | null; targetMiB: number | null; maxMiB: number | null };
  vcpus: {
    /** marked available (xl vcpu-set) */
    available: number | null;
    /** onlined by the guest kernel (xl vcpu-list) */
    online: number | null;
    max: number | null;
    /** available vCPUs the guest has not brought online yet */
    notOnline: number;
  };
}

const kib = (v: number | null | undefined) => (v === null || v === undefined ? null : Math.round(v / 1024));

export function overviewOf(
  d: Pick<DomainDetails, 'row' | 'config' | 'cfg' | 'onlineVcpus' | 'vcpuList'>,
): OverviewModel {
  const live = d.config;
  const file = d.cfg;
  // a PV guest's command line in the file is `cmdline`, or xm's root + extra
  const fileCmdline =
    file?.cmdline ?? ([file?.root && `root=${file.root}`, file?.extra].filter(Boolean).join(' ') || null);
  const action = (
    k: keyof typeof DEFAULT_ACTIONS,
    l: string | undefined,
    f: string | undefined,
  ): Fact<string> => {
    const got = fact(l ? (LIBXL_ACTIONS[l] ?? l) : undefined, f);
    return got.value === null ? { value: DEFAULT_ACTIONS[k], source: 'default' } : got;
  };
  const running = d.row.id !== null;
  const available = running ? (live?.availVcpus ?? d.row.vcpus) : (file?.vcpus ?? null);
  const online = running
    ? (d.onlineVcpus ?? (d.vcpuList.length ? d.vcpuList.filter((v) => v.online).length : null))
    : null;
  return {
    kernel: fact(live?.kernel, file?.kernel),
    ramdisk: fact(live?.ramdisk, file?.ramdisk),
    cmdline: fact(live?.cmdline, fileCmdline),
    bootloader: fact(live?.bootloader, file?.bootloader),
    boot: fact(live?.boot, file?.boot),
    actions: {
      on_poweroff: action('on_poweroff', live?.onPoweroff, file?.on_poweroff),
      on_reboot: action('on_reboot', live?.onReboot, file?.on_reboot),
      on_crash: action('on_crash', live?.onCrash, file?.on_crash),
    },
    memory: {
      currentMiB: running ? d.row.memoryMiB : null,
      targetMiB: kib(live?.targetMemKiB) ?? file?.memory ?? null,
      maxMiB: d.row.maxMemoryMiB ?? kib(live?.maxMemKiB) ?? file?.maxmem ?? file?.memory ?? null,
    },
    vcpus: {
      available,
      online,
      max: d.row.maxVcpus ?? live?.maxVcpus ?? file?.maxvcpus ?? file?.vcpus ?? null,
      notOnline: available !== null && online !== null ? Math.max(0, available - online) : 0,
    },
  };
}

/** HVM boot order letters → words: "dc" → ["CD-ROM", "hard disk"]. */
export function bootOrder(boot: string): string[] {
  const names: Record<string, string> = { a: 'floppy', c: 'hard disk', d: 'CD-ROM', n: 'network (PXE)' };
  return [...boot].map((ch) => names[ch] ?? ch);
}
