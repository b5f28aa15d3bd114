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
