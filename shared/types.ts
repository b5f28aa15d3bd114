// Plain data shared by backend, renderer, CLI and tests.

export type GuestType = 'pv' | 'pvh' | 'hvm';

/** Run state as virt-manager words it; derived from xl's 6-char `rbpscd` flags. */
export type DomainState =
  | 'running'
  | 'blocked'
  | 'paused'
  | 'shutdown'
  | 'crashed'
  | 'dying'
  | 'idle' // '------': neither running nor blocked (e.g. just created)
  | 'shut off'; // defined but not running

/** One row of the domain table (also the CLI's `xendesk list --json` item). */
export interface DomainRow {
  name: string;
  id: number | null;
  uuid: string | null;
  state: DomainState;
  /** xl's raw 6-char state, e.g. "-b----" (null when not running). */
  stateFlags: string | null;
  type: GuestType | null;
  cpuPercent: number | null;
  cpuSeconds: number | null;
  memoryMiB: number;
  maxMemoryMiB: number | null;
  vcpus: number;
  maxVcpus: number | null;
  uptimeSeconds: number | null;
  /**
   * 'vnc' when the configuration has a VNC display (HVM `vnc`, or a PV `vfb` with vnc),
   * from `xl list -l`; absent when it has none or the config could not be read.
   */
  graphics?: 'vnc';
  /** a config file for this domain exists on the host (issue 5: inventory = running ∪ defined ∪ autostart) */
  defined: boolean;
  /** absolute path of that config file on the host (null when none was found) */
  cfgPath: string | null;
  /** /etc/xen/auto holds a symlink to the config (started by the xendomains service at boot) */
  autostart: boolean;
  /** user tags, kept in XenDesk's settings (not on dom0); absent = none */
  tags?: string[];
  /** cumulative counters from xentop (running domains only): compute rates from successive snapshots */
  io?: DomainIoCounters;
}

/** Cumulative I/O counters of one domain, as xentop prints them. */
export interface DomainIoCounters {
  /** KiB sent / received over all vifs */
  netTxKiB: number;
  netRxKiB: number;
  /** requests read / written over all VBDs (null when xentop prints '-') */
  vbdRdReqs: number | null;
  vbdWrReqs: number | null;
  /** 512-byte sectors read / written over all VBDs */
  vbdRdSect: number | null;
  vbdWrSect: number | null;
}

export interface HostInfo {
  hostname: string;
  xenVersion: string;
  nrCpus: number;
  totalMemoryMiB: number;
  freeMemoryMiB: number;
  scheduler: string;
  virtCaps: string[];
  xenCaps: string[];
  canHvm: boolean;
  /** every key of `xl info`, raw */
  raw: Record<string, string>;
}

export interface HostSnapshot {
  hostId: string;
  /** ms since epoch when the poll finished */
  at: number;
  dom0: DomainRow | null;
  domains: DomainRow[];
}
