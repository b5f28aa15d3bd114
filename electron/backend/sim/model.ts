// State of the simulated Xen 4.17 dom0 (the lab host of ../shared/xen-samples): host facts as
// `xl info` prints them, domains with ids that only grow (a failed create burns one), memory
// accounting, CPU time that accumulates while a domain runs, VNC ports taken as libxl does
// (first free from 5900 unless vncdisplay is set), consoles, and lifecycle timelines with real
// delays (shutdown ~2 s, reboot: new domid, name absent ~1 s; scaled by `timeScale`).
// Everything observable is emitted as events so tests can watch.
import { EventEmitter } from 'node:events';
import { ConsoleDevice, ConsoleLock } from './console';
import { vncOf, type DomainConfig } from './domconfig';
import { SimFs } from './fs';
import { BusyboxGuest, bootPrelude, type GuestDomainView } from './guest';
import { makeRng, type Rng } from './rng';

/** `xl info` of the lab host (xl-info.txt); free_memory is computed. */
export const HOST_INFO: [string, string][] = [
  ['host', 'xendom0'],
  ['release', '6.1.0-56-amd64'],
  ['version', '#1 SMP PREEMPT_DYNAMIC Debian 6.1.192-2 (2026-11-16)'],
  ['machine', 'x86_64'],
  ['nr_cpus', '2'],
  ['max_cpu_id', '1'],
  ['nr_nodes', '1'],
  ['cores_per_socket', '2'],
  ['threads_per_core', '1'],
  ['cpu_mhz', '2596.150'],
  ['hw_caps', '178bf3fd:80002001:20100800:00000007:00000000:00000000:00000000:00000000'],
  ['virt_caps', 'pv hvm hap gnttab-v1 gnttab-v2'],
  ['total_memory', '4095'],
  ['free_memory', '@free'],
  ['sharing_freed_memory', '0'],
  ['sharing_used_memory', '0'],
  ['outstanding_claims', '0'],
  ['free_cpus', '0'],
  ['xen_major', '4'],
  ['xen_minor', '17'],
  ['xen_extra', '.7'],
  ['xen_version', '4.17.7'],
  ['xen_caps', 'xen-3.0-x86_64 hvm-3.0-x86_32 hvm-3.0-x86_32p hvm-3.0-x86_64 '],
  ['xen_scheduler', 'credit2'],
  ['xen_pagesize', '4096'],
  ['platform_params', 'virt_start=0xffff800000000000'],
  ['xen_changeset', ''],
  [
    'xen_commandline',
    'dom0_mem=1536M,max:1536M dom0_max_vcpus=2 console=com1 com1=115200,8n1 loglvl=all guest_loglvl=all noreboot',
  ],
  ['cc_compiler', 'x86_64-linux-gnu-gcc (Debian 12.2.0-14+deb12u1) 12.2.0'],
  ['cc_compile_by', 'pkg-xen-devel'],
  ['cc_compile_domain', 'lists.alioth.debian.org'],
  ['cc_compile_date', 'Wed Nov  4 16:52:28 UTC 2026'],
  ['build_id', '151b373fd64b321593bf987fd923cd10dabadac4'],
  ['xend_config_format', '4'],
];

export const HOSTNAME = 'xendom0';
export const NR_CPUS = 2;
/** physinfo total pages (1048448 x 4 KiB): `xl info` floors it to 4095 MiB, xentop's MEM(%) divides by it */
export const TOTAL_KIB = 1048448 * 4;
export const DOM0_KIB = 1536 * 1024;
/** Xen heap, page tables & co.: makes free_memory 2017 in the captured 4-domain state */
export const RESERVED_KIB = 27 * 1024;
/** libxl sets a domain's max pages to target + LIBXL_MAXMEM_CONSTANT */
export const MAXMEM_SLACK_KIB = 1024;
export const BRIDGES = ['xenbr0'];

export type ShutdownReason = 'poweroff' | 'reboot' | 'suspend' | 'crash' | 'watchdog';
const REASON_CODE: Record<ShutdownReason, number> = {
  poweroff: 0,
  reboot: 1,
  suspend: 2,
  crash: 3,
  watchdog: 4,
};
const REASON_LETTER: Record<ShutdownReason, string> = {
  poweroff: '-',
  reboot: 'r',
  suspend: 's',
  crash: 'c',
  watchdog: 'w',
};

export interface SimHostOptions {
  /** sandbox directory mapped to '/' */
  root: string;
  scenario?: 'demo' | 'empty' | 'many';
  seed?: number;
  /** scales xentop's -d delay (tests: small) */
  xentopDelayScale?: number;
  /** scales lifecycle delays (create, shutdown, reboot, save, boot); default 1 */
  timeScale?: number;
  /** ms since epoch; tests freeze it to compare outputs byte for byte */
  clock?: () => number;
}

export interface NicStats {
  rxBytes: number;
  rxPkts: number;
  txBytes: number;
  txPkts: number;
}

export interface VbdStats {
  oo: number;
  rd: number;
  wr: number;
  rsect: number;
  wsect: number;
}

export class SimDomain {
  readonly isDom0: boolean;
  startedAt: number;
  paused = false;
  /** being built (xl list: Mem 0, VCPUs 0, --p---) */
  building = false;
  shutdown: ShutdownReason | null = null;
  dying = false;
  /** a guest command burns CPU (r-----) */
  busy = false;
  memKiB: number;
  targetKiB: number;
  maxMemKiB: number;
  /** the hypervisor's max pages (xentop MAXMEM): target + 1 MiB, moved by mem-set/mem-max */
  hvMaxKiB: number;
  vcpuOnline: number;
  vcpuAvail: number;
  vcpuTimeNs: number[];
  /** share of one pCPU used when idle */
  baseLoad = 0.005;
  phase: number;
  vnc: { port: number; listen: string } | null = null;
  console: ConsoleDevice;
  serial: ConsoleDevice | null = null;
  readonly consoleLock = new ConsoleLock();
  guest: BusyboxGuest | null = null;
  nicStats: NicStats[];
  vbdStats: VbdStats[];
  /** when it was paused (for CPU accounting) */
  lastTick: number;
  /** a shutdown was requested while paused */
  pendingShutdown: 'poweroff' | 'reboot' | null = null;
  /** the guest has been started once (boot log printed on first unpause) */
  booted = false;
  bootMsOnUnpause?: number;
  /** pid of the per-domain `xl` monitor (log lines) */
  readonly monitorPid: number;

  constructor(
    readonly host: SimHost,
    public id: number,
    public config: DomainConfig,
  ) {
    this.isDom0 = id === 0;
    this.startedAt = host.now();
    this.lastTick = this.startedAt;
    this.targetKiB = config.targetKiB;
    this.maxMemKiB = config.maxMemKiB;
    this.hvMaxKiB = this.isDom0 ? config.maxMemKiB : config.targetKiB + MAXMEM_SLACK_KIB;
    this.memKiB = this.actualFor(config.targetKiB);
    this.vcpuOnline = config.vcpus;
    this.vcpuAvail = config.vcpus;
    this.vcpuTimeNs = Array.from({ length: config.maxVcpus }, () => 0);
    this.phase = host.rng.next() * Math.PI * 2;
    this.console = new ConsoleDevice('pv');
    if (config.type === 'hvm' && config.hvm?.serial === 'pty') this.serial = new ConsoleDevice('serial');
    this.nicStats = config.nics.map(() => ({ rxBytes: 0, rxPkts: 0, txBytes: 0, txPkts: 0 }));
    this.vbdStats = config.disks.map(() => ({ oo: 0, rd: 0, wr: 0, rsect: 0, wsect: 0 }));
    this.monitorPid = 1000 + Math.floor(host.rng.next() * 30000);
  }

  get name(): string {
    return this.config.name;
  }

  get type(): DomainConfig['type'] {
    return this.config.type;
  }

  /** memory the domain actually has for a given target (HVM: minus video RAM, plus a few pages) */
  actualFor(targetKiB: number): number {
    if (this.config.type === 'hvm') return targetKiB - this.config.videoKiB + 44;
    return targetKiB;
  }

  /** what the domain takes from the host's free memory */
  allocKiB(): number {
    if (this.isDom0) return this.memKiB;
    if (this.building && this.memKiB === 0) return this.targetKiB + MAXMEM_SLACK_KIB;
    const pages = this.config.type === 'hvm' ? this.memKiB + this.config.videoKiB - 44 : this.memKiB;
    return pages + MAXMEM_SLACK_KIB;
  }

  /** the console the guest's shell uses (HVM with serial='pty': ttyS0) */
  guestConsole(): ConsoleDevice {
    return this.serial ?? this.console;
  }

  cpuNs(): number {
    return this.vcpuTimeNs.reduce((a, b) => a + b, 0);
  }

  /** xl list's 6-char state r b p s c d (shutdown reason letter in 5th place) */
  xlState(): string {
    const running = this.isDom0 || (this.busy && !this.paused && !this.building && !this.shutdown);
    const blocked = !running && !this.paused && !this.building && !this.shutdown && !this.dying;
    return (
      (running ? 'r' : '-') +
      (blocked ? 'b' : '-') +
      (this.paused || this.building ? 'p' : '-') +
      (this.shutdown ? 's' : '-') +
      (this.shutdown ? REASON_LETTER[this.shutdown] : '-') +
      (this.dying ? 'd' : '-')
    );
  }

  /** xentop's STATE: d s b c p r */
  xentopState(): string {
    const xs = this.xlState();
    return (
      (this.dying ? 'd' : '-') +
      (this.shutdown && this.shutdown !== 'crash' ? 's' : '-') +
      (xs[1] === 'b' ? 'b' : '-') +
      (this.shutdown === 'crash' ? 'c' : '-') +
      (xs[2] === 'p' ? 'p' : '-') +
      (xs[0] === 'r' ? 'r' : '-')
    );
  }

  /** load in pCPUs right now */
  load(now: number): number {
    if (this.paused || this.building || this.shutdown || this.dying) return 0;
    if (this.busy) return 0.95 * Math.max(1, this.vcpuOnline);
    return Math.max(0, this.baseLoad * (1 + 0.35 * Math.sin(now / 7000 + this.phase)));
  }

  /** the guest's side */
  guestView(): GuestDomainView {
    return guestViewOf(this);
  }
}

function guestViewOf(d: SimDomain): GuestDomainView {
  return {
    get name() {
      return d.name;
    },
    get type() {
      return d.config.type;
    },
    memTotalKiB: () =>
      Math.max(4096, d.config.type === 'hvm' ? d.targetKiB - d.config.videoKiB - 67652 : d.targetKiB - 51996),
    bootPrelude: () =>
      bootPrelude({
        type: d.config.type,
        kernel: d.config.kernel,
        cmdline: d.config.cmdline,
        boot: d.config.hvm?.boot,
        hasCdrom: d.config.disks.some((x) => x.isCdrom),
      }),
    uptimeSec: () => (d.host.now() - d.startedAt) / 1000,
    vcpus: () => ({ online: d.vcpuOnline, avail: d.vcpuAvail, max: d.config.maxVcpus }),
    setVcpuOnline: (cpu, online) => {
      if (cpu <= 0 || cpu >= d.vcpuAvail) return cpu === 0 && online;
      d.host.tick();
      if (online) d.vcpuOnline = Math.max(d.vcpuOnline, cpu + 1);
      else d.vcpuOnline = Math.min(d.vcpuOnline, cpu);
      d.host.emit('domain-state', d);
      return true;
    },
    disks: () =>
      d.config.disks
        .filter((x) => !x.isCdrom)
        .map((x) => ({
          vdev: x.vdev,
          sizeKiB: x.pdevPath ? Math.floor(d.host.fileSize(x.pdevPath) / 1024) : 0,
        })),
    nics: () => d.config.nics.map((n) => ({ mac: n.mac })),
    shutdownFromGuest: (reason) => d.host.guestShutdown(d, reason),
    setBusy: (b) => {
      d.host.tick();
      d.busy = b;
    },
    isPaused: () => d.paused && d.host.domains.get(d.id) === d,
  };
}

/** A running exec (what `ps` shows and `kill` can signal). */
export interface SimProcess {
  pid: number;
  user: string;
  command: string;
  tty: string | null;
  startedAt: number;
  kill(signal: string): void;
}

export class SimHost extends EventEmitter {
  readonly fs: SimFs;
  /** running execs by pid */
  readonly procs = new Map<number, SimProcess>();
  private nextPid = 2100;
  readonly rng: Rng;
  readonly timeScale: number;
  readonly xentopDelayScale: number;
  readonly now: () => number;
  readonly domains = new Map<number, SimDomain>();
  /** which toolstack the host has installed: 'xm' = a Xen 3.x/xend host, 'none' = neither (issue 4) */
  toolstack: 'xl' | 'xm' | 'none' = 'xl';
  /** ms `xl console` takes to exit after Ctrl+] (0 here; seconds on the loaded TCG lab dom0) */
  consoleDetachDelayMs = 0;
  nextDomid = 1;
  readonly bootedAt: number;
  private timers = new Set<NodeJS.Timeout>();
  private stopped = false;
  private lastTickAt: number;

  constructor(opts: SimHostOptions) {
    super();
    this.setMaxListeners(0);
    this.fs = new SimFs(opts.root);
    this.rng = makeRng(opts.seed);
    this.timeScale = opts.timeScale ?? 1;
    this.xentopDelayScale = opts.xentopDelayScale ?? 1;
    this.now = opts.clock ?? Date.now;
    this.bootedAt = this.now();
    this.lastTickAt = this.bootedAt;
  }

  // --- time -----------------------------------------------------------------------------------

  /** run `fn` after `ms` (scaled by timeScale); cancelled by stop() */
  later(ms: number, fn: () => void): void {
    if (this.stopped) return;
    const t = setTimeout(
      () => {
        this.timers.delete(t);
        if (!this.stopped) fn();
      },
      Math.max(0, ms * this.timeScale),
    );
    this.timers.add(t);
  }

  delay(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      this.later(ms, resolve);
      signal?.addEventListener('abort', () => resolve(), { once: true });
    });
  }

  /** Accumulate CPU time and I/O counters up to now. */
  tick(): void {
    const now = this.now();
    const dt = now - this.lastTickAt;
    if (dt <= 0) return;
    this.lastTickAt = now;
    for (const d of this.domains.values()) {
      const load = d.load(now);
      const ns = load * dt * 1e6;
      const online = Math.max(1, Math.min(d.vcpuOnline, d.vcpuTimeNs.length));
      if (d.isDom0 && online === 2) {
        d.vcpuTimeNs[0]! += ns * 0.55;
        d.vcpuTimeNs[1]! += ns * 0.45;
      } else for (let i = 0; i < online; i++) d.vcpuTimeNs[i]! += ns / online;
      if (load > 0) {
        // a little background traffic on vifs (ARP, DHCP renewals)
        for (const s of d.nicStats) {
          const pk = dt / 20000;
          s.rxPkts += pk;
          s.rxBytes += pk * 64;
          s.txPkts += pk * 1.8;
          s.txBytes += pk * 80;
        }
      }
    }
  }

  stop(): void {
    this.stopped = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    for (const d of this.domains.values()) {
      d.guest?.halt();
      d.console.destroy();
      d.serial?.destroy();
    }
  }

  // --- lookup ---------------------------------------------------------------------------------

  list(): SimDomain[] {
    return [...this.domains.values()].sort((a, b) => a.id - b.id);
  }

  byName(name: string): SimDomain | undefined {
    return this.list().find((d) => d.name === name);
  }

  /** xl's qualifier: all digits = domid, otherwise a name */
  lookup(q: string): SimDomain | undefined {
    if (/^\d+$/.test(q)) return this.domains.get(Number(q));
    return this.byName(q);
  }

  domain(nameOrId: string | number): SimDomain | undefined {
    return typeof nameOrId === 'number' ? this.domains.get(nameOrId) : this.lookup(nameOrId);
  }

  dom0(): SimDomain {
    return this.domains.get(0)!;
  }

  fileSize(vpath: string): number {
    return this.fs.tryStat(vpath)?.size ?? 0;
  }

  freeKiB(): number {
    let used = RESERVED_KIB;
    for (const d of this.domains.values()) used += d.allocKiB();
    return Math.max(0, TOTAL_KIB - used);
  }

  /** Register a running exec; returns its pid and the function to unregister it. */
  spawn(
    user: string,
    command: string,
    tty: boolean,
    kill: (signal: string) => void,
  ): { pid: number; exit: () => void } {
    const pid = this.nextPid++;
    this.procs.set(pid, {
      pid,
      user,
      command,
      tty: tty ? `pts/${pid % 8}` : null,
      startedAt: this.now(),
      kill,
    });
    return { pid, exit: () => this.procs.delete(pid) };
  }

  allocDomid(): number {
    return this.nextDomid++;
  }

  /** The VNC port a new domain gets: 5900+display, or the first free one from 5900. */
  pickVncPort(c: DomainConfig): { port: number; listen: string } | null {
    const v = vncOf(c);
    if (!v) return null;
    const used = new Set(
      [...this.domains.values()].map((d) => d.vnc?.port).filter((p): p is number => p !== undefined),
    );
    if (v.display !== undefined && !v.findunused) return { port: 5900 + v.display, listen: v.listen };
    let port = 5900 + (v.display ?? 0);
    while (used.has(port)) port++;
    return { port, listen: v.listen };
  }

  vncDomain(port: number): SimDomain | undefined {
    return [...this.domains.values()].find((d) => d.vnc?.port === port && !d.dying);
  }

  // --- logs -------------------------------------------------------------------------------------

  log(name: string, text: string): void {
    try {
      this.fs.mkdir('/var/log/xen', { recursive: true });
      this.fs.writeFile(`/var/log/xen/xl-${name}.log`, text, { append: true });
    } catch {
      /* logging must never break the simulation */
    }
  }

  // --- lifecycle ------------------------------------------------------------------------------

  /** Insert a domain as it is right now (scenario seeding, Domain-0). */
  addRunning(
    id: number,
    config: DomainConfig,
    o: { uptimeSec?: number; vcpuSec?: number[]; baseLoad?: number; consoleBacklog?: boolean } = {},
  ): SimDomain {
    const d = new SimDomain(this, id, config);
    d.startedAt = this.now() - (o.uptimeSec ?? 0) * 1000;
    if (o.vcpuSec) o.vcpuSec.forEach((s, i) => (d.vcpuTimeNs[i] = Math.round(s * 1e9)));
    if (o.baseLoad !== undefined) d.baseLoad = o.baseLoad;
    d.vnc = this.pickVncPort(config);
    this.domains.set(id, d);
    if (id >= this.nextDomid) this.nextDomid = id + 1;
    if (!d.isDom0) {
      if (!this.fs.tryStat(`/var/log/xen/xl-${config.name}.log`))
        this.log(
          config.name,
          `Waiting for domain ${config.name} (domid ${id}) to die [pid ${d.monitorPid}]\n`,
        );
      d.booted = true;
      d.guest = new BusyboxGuest(d.guestView(), d.guestConsole(), this.timeScale);
      d.guest.resume(o.consoleBacklog ?? true);
    }
    this.emit('domain-created', d);
    return d;
  }

  /**
   * Build and start a domain (xl create / restore / reboot). Resolves when the domain is
   * built (xl create returns then); the guest boots afterwards unless `paused`.
   */
  async startDomain(
    id: number,
    config: DomainConfig,
    o: { paused?: boolean; restored?: boolean; buildMs?: number; bootMs?: number } = {},
  ): Promise<SimDomain> {
    this.tick();
    const d = new SimDomain(this, id, config);
    d.building = true;
    d.memKiB = 0;
    d.vcpuOnline = 0;
    d.vnc = this.pickVncPort(config);
    this.domains.set(id, d);
    this.emit('domain-created', d);
    this.log(config.name, `Waiting for domain ${config.name} (domid ${id}) to die [pid ${d.monitorPid}]\n`);
    await this.delay(o.buildMs ?? 800);
    this.tick();
    d.memKiB = d.actualFor(d.targetKiB);
    d.vcpuOnline = config.vcpus;
    d.building = false;
    d.paused = true;
    d.startedAt = this.now();
    d.guest = new BusyboxGuest(d.guestView(), d.guestConsole(), this.timeScale);
    this.emit('domain-state', d);
    if (o.restored) {
      d.guest.resume(false);
      if (!o.paused) d.paused = false;
    } else if (!o.paused) this.unpause(d, o.bootMs);
    else d.bootMsOnUnpause = o.bootMs;
    return d;
  }

  pause(d: SimDomain): void {
    this.tick();
    d.paused = true;
    this.emit('domain-state', d);
  }

  unpause(d: SimDomain, bootMs?: number): void {
    this.tick();
    const firstRun = d.guest && !d.booted;
    d.paused = false;
    if (firstRun && d.guest) {
      d.booted = true;
      d.guest.boot((bootMs ?? d.bootMsOnUnpause ?? 1500) * this.timeScale);
    }
    this.emit('domain-state', d);
    if (d.pendingShutdown) {
      const r = d.pendingShutdown;
      d.pendingShutdown = null;
      this.requestShutdown(d, r);
    }
  }

  /** Remove a domain now (xl destroy, end of shutdown/save). */
  destroy(d: SimDomain, why: 'destroy' | 'shutdown' | 'save' | 'reboot' = 'destroy'): void {
    if (!this.domains.has(d.id) || this.domains.get(d.id) !== d) return;
    this.tick();
    d.guest?.halt();
    d.console.destroy();
    d.serial?.destroy();
    this.domains.delete(d.id);
    this.emit('domain-destroyed', d, why);
  }

  /** A shutdown request from dom0 (xl shutdown) or the guest itself (poweroff). */
  requestShutdown(d: SimDomain, reason: 'poweroff' | 'reboot'): void {
    if (d.paused) {
      d.pendingShutdown = reason;
      return;
    }
    d.guest?.requestShutdown(reason, 2000 * this.timeScale);
    this.later(2000, () => this.guestShutdown(d, reason));
  }

  /** The guest has shut down with `reason`: xl's monitor applies on_poweroff/on_reboot/on_crash. */
  guestShutdown(d: SimDomain, reason: ShutdownReason): void {
    if (this.domains.get(d.id) !== d || d.shutdown) return;
    this.tick();
    d.guest?.halt();
    d.shutdown = reason;
    d.busy = false;
    this.emit('domain-state', d);
    this.emit('domain-shutdown', d, reason);
    const code = REASON_CODE[reason];
    const act =
      reason === 'reboot' ? d.config.onReboot : reason === 'crash' ? d.config.onCrash : d.config.onPoweroff;
    const actWord = act === 'rename-restart' ? 'rename-restart' : act;
    this.log(
      d.name,
      `Domain ${d.id} has shut down, reason code ${code} 0x${code.toString(16)}\nAction for shutdown reason code ${code} is ${actWord}\n`,
    );
    if (act === 'preserve') return;
    const restart = act === 'restart' || act === 'rename-restart' || act === 'coredump-restart';
    // a domain with a device model lingers as --ps-- until the monitor destroys it
    const hasDm = d.vnc !== null || d.config.type === 'hvm';
    const linger = restart ? 500 : hasDm ? 600 : 300;
    if (hasDm && !restart) {
      d.paused = true;
      this.emit('domain-state', d);
    }
    this.later(linger, () => {
      this.log(
        d.name,
        `Domain ${d.id} needs to be cleaned up: destroying the domain\n${restart ? 'Done. Rebooting now\n' : 'Done. Exiting now\n'}`,
      );
      this.destroy(d, restart ? 'reboot' : 'shutdown');
      if (restart) {
        // name absent ~1 s, then rebuilt with a NEW domid (--p---, Mem 0) and booted
        this.later(1000, () => {
          const config = { ...d.config };
          void this.startDomain(this.allocDomid(), config, { buildMs: 1200 });
        });
      }
    });
  }

  /** xl reboot: the guest reboots (shutdown reason reboot) -> new domid. */
  requestReboot(d: SimDomain): void {
    if (d.paused) {
      d.pendingShutdown = 'reboot';
      return;
    }
    d.guest?.requestShutdown('reboot', 800 * this.timeScale);
    this.later(900, () => this.guestShutdown(d, 'reboot'));
  }

  rename(d: SimDomain, newName: string): void {
    d.config = { ...d.config, name: newName };
    this.emit('domain-state', d);
  }

  /** mem-set: the target changes now, the balloon driver follows after a moment */
  memSet(d: SimDomain, kib: number): void {
    d.targetKiB = kib;
    this.later(600, () => {
      if (this.domains.get(d.id) !== d) return;
      this.tick();
      d.memKiB = d.actualFor(kib);
      this.emit('domain-state', d);
    });
  }

  /** vcpu-set: fewer = offlined now; more = present, until the guest onlines them */
  vcpuSet(d: SimDomain, n: number): void {
    this.tick();
    d.vcpuAvail = n;
    if (d.vcpuOnline > n) d.vcpuOnline = n;
    this.emit('domain-state', d);
  }
}
