// The simulated guest behind a console: the lab's busybox initramfs (banner, "XENLAB-SHELL-
// PROMPT" marker, BusyBox ash with its "/ # " prompt followed by a cursor-position request
// ESC[6n), line discipline (echo, Enter = \r -> "\r\n", CRLF output, wrap at the terminal
// width with "\r\r\n"), and a few commands: echo, uname, stty size, cat /proc/…, free,
// uptime, ip, ping, sleep, yes, flood N (N bytes of deterministic text for throughput
// tests), reboot, poweroff, `echo 1 > /sys/devices/system/cpu/cpuN/online`. ^C interrupts.
// `$((expr))` expands as in ash (the lab suite types `echo x-$((6*7))` to see the guest compute).
import type { ConsoleDevice } from './console';

export const BUSYBOX_BANNER =
  "BusyBox v1.35.0 (Debian 1:1.35.0-4+deb12u1+b1) built-in shell (ash)\r\nEnter 'help' for a list of built-in commands.\r\n\r\n";
export const PROMPT = '/ # \x1b[6n';
export const KERNEL_RELEASE = '6.1.0-56-amd64';
export const KERNEL_VERSION = '#1 SMP PREEMPT_DYNAMIC Debian 6.1.192-2 (2026-11-16)';

/** The boot output of the lab guest (byte-exact with console-first-attach-pvdisk.raw). */
export function bootLog(memTotalKiB: number): string {
  return (
    `\r\n=== XENLAB GUEST UP: kernel ${KERNEL_RELEASE}, MemTotal: ${memTotalKiB} kB ===\r\n` +
    'busybox init started\r\n\r\nXENLAB-SHELL-PROMPT\r\n\r\n\r\n' +
    BUSYBOX_BANNER +
    PROMPT
  );
}

/** What the guest can see of and do to its domain. */
export interface GuestDomainView {
  readonly name: string;
  readonly type: 'pv' | 'pvh' | 'hvm';
  /** memory the guest kernel sees (MemTotal) */
  memTotalKiB(): number;
  /** what precedes the kernel's output on this console (firmware, installer kernel), '' for none */
  bootPrelude?(): string;
  uptimeSec(): number;
  vcpus(): { online: number; avail: number; max: number };
  /** the guest onlines/offlines a vCPU (echo 1 > /sys/devices/system/cpu/cpuN/online) */
  setVcpuOnline(cpu: number, online: boolean): boolean;
  disks(): { vdev: string; sizeKiB: number }[];
  nics(): { mac: string }[];
  /** the guest powers off / reboots itself */
  shutdownFromGuest(reason: 'poweroff' | 'reboot'): void;
  /** a command is burning CPU (xl list shows r-----) */
  setBusy(busy: boolean): void;
  /** the domain is paused: the guest does nothing until unpaused */
  isPaused(): boolean;
}

const FLOOD_LINE_BODY = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** `flood N`: exactly N bytes of numbered lines "flood 000000001 ABC…789\r\n". */
export function floodText(n: number): Buffer {
  // written into one buffer: a Buffer per line made `flood 10485760` spend ~200 ms before its
  // first byte, which the console benchmarks then measured as the app's
  const line = Buffer.from(`flood 000000000 ${FLOOD_LINE_BODY}\r\n`, 'latin1');
  const buf = Buffer.allocUnsafe(Math.max(0, n) + line.length);
  let size = 0;
  for (let i = 1; size < n; i++) {
    buf.set(line, size);
    // the line number, 9 digits from column 6
    for (let d = 14, v = i; d >= 6 && v > 0; d--, v = Math.floor(v / 10)) buf[size + d] = 48 + (v % 10);
    size += line.length;
  }
  return buf.subarray(0, Math.max(0, n));
}

/**
 * The console output before the kernel's own (issue 6): SeaBIOS booting an HVM guest from its
 * CD-ROM, disk or the network (no direct kernel), and the command line of an installer kernel
 * fetched into /var/lib/xen/boot (so a test sees the install arguments reach the guest).
 * The lab's configs (direct kernel boot from /root/guest) get none: their transcripts stay exact.
 */
export function bootPrelude(c: {
  type: 'pv' | 'pvh' | 'hvm';
  kernel?: string;
  cmdline?: string;
  boot?: string;
  hasCdrom: boolean;
}): string {
  if (c.kernel?.startsWith('/var/lib/xen/boot/'))
    return `[    0.000000] Linux version ${KERNEL_RELEASE} (debian-kernel@lists.debian.org) ${KERNEL_VERSION}\r\n[    0.000000] Command line: ${c.cmdline ?? ''}\r\n`;
  if (c.type !== 'hvm' || c.kernel) return '';
  const order = (c.boot ?? 'cd').split('');
  const first = order.find((x) => x !== 'd' || c.hasCdrom) ?? 'c';
  const from =
    first === 'd'
      ? 'Booting from DVD/CD...'
      : first === 'n'
        ? 'iPXE (https://ipxe.org) 00:04.0 CA00 PCI2.10 PnP PMM+\r\nBooting from ROM...'
        : 'Booting from Hard Disk...';
  return `SeaBIOS (version 1.16.2-debian-1.16.2-1)\r\n\r\n${from}\r\n`;
}

type Cmd = { argv: string[]; redirect?: string; pipeTo?: string[] };

export class BusyboxGuest {
  private state: 'off' | 'booting' | 'shell' | 'down' = 'off';
  private line = '';
  private col = 0;
  private esc: string | null = null;
  private queued: Buffer[] = [];
  private inbox: string[] = [];
  private pumping = false;
  private running: { cancel: () => void } | null = null;
  private timers = new Set<NodeJS.Timeout>();

  constructor(
    private readonly dom: GuestDomainView,
    private readonly con: ConsoleDevice,
    private readonly timeScale: number,
  ) {
    con.onInput = (d) => this.input(d);
  }

  /** Start booting: the boot log appears after `delayMs`. */
  boot(delayMs: number): void {
    this.state = 'booting';
    this.dom.setBusy(true);
    this.later(delayMs, () => {
      if (this.state !== 'booting') return;
      this.dom.setBusy(false);
      this.state = 'shell';
      this.col = 4;
      const prelude = this.dom.bootPrelude?.() ?? '';
      void this.con.write(prelude + bootLog(this.dom.memTotalKiB())).then(() => this.drainQueued());
    });
  }

  /** A restored (or already running demo) guest: the shell is there, nothing is printed. */
  resume(bootLogPending: boolean): void {
    this.state = 'shell';
    this.col = 4;
    if (bootLogPending) void this.con.write(bootLog(this.dom.memTotalKiB()));
  }

  /** The domain is going away (destroy, save): stop everything. */
  halt(): void {
    this.state = 'down';
    this.running?.cancel();
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }

  /** `xl shutdown` / `xl reboot` from dom0: the guest's init runs the shutdown. */
  requestShutdown(reason: 'poweroff' | 'reboot', delayMs: number): void {
    if (this.state === 'down') return;
    this.running?.cancel();
    this.later(
      delayMs * 0.6,
      () => void this.con.write(shutdownMessages(reason, this.dom.uptimeSec(), true)),
    );
  }

  private later(ms: number, fn: () => void): void {
    const t = setTimeout(() => {
      this.timers.delete(t);
      fn();
    }, ms);
    this.timers.add(t);
  }

  private out(text: string | Buffer): Promise<void> {
    return this.con.write(typeof text === 'string' ? text.replace(/\r?\n/g, '\r\n') : text);
  }

  private drainQueued(): void {
    const q = this.queued;
    this.queued = [];
    for (const d of q) this.input(d);
  }

  input(data: Buffer): void {
    if (this.state === 'down' || this.state === 'off') return;
    if (this.state === 'booting') {
      this.queued.push(data);
      return;
    }
    for (const ch of data.toString('latin1')) {
      // ^C interrupts the running command at once; everything else is read in order
      if (ch === '\x03' && this.running) this.running.cancel();
      else this.inbox.push(ch);
    }
    void this.pump();
  }

  /** ash reads one key at a time and runs a command line before it reads the next key */
  private async pump(): Promise<void> {
    if (this.pumping) return;
    this.pumping = true;
    try {
      while (this.inbox.length && this.state === 'shell') {
        while (this.dom.isPaused() && this.state === 'shell') await new Promise((r) => setTimeout(r, 50));
        await this.key(this.inbox.shift()!);
      }
    } finally {
      this.pumping = false;
    }
  }

  private async key(ch: string): Promise<void> {
    if (this.esc !== null) {
      // swallow escape sequences: the terminal's ESC[row;colR answer to ESC[6n, arrow keys…
      this.esc += ch;
      if (this.esc.length === 2) {
        if (ch !== '[' && ch !== 'O') this.esc = null;
      } else if (/[@-~]/.test(ch)) this.esc = null;
      return;
    }
    const code = ch.charCodeAt(0);
    if (ch === '\x1b') {
      this.esc = '\x1b';
      return;
    }
    if (ch === '\r' || ch === '\n') {
      const line = this.line;
      this.line = '';
      await this.con.write('\r\n');
      await this.execute(line);
      return;
    }
    if (code === 0x7f || code === 0x08) {
      if (this.line.length) {
        this.line = this.line.slice(0, -1);
        this.col = Math.max(0, this.col - 1);
        await this.con.write('\b \b');
      }
      return;
    }
    if (ch === '\x03') {
      this.line = '';
      this.col = 4;
      await this.con.write('^C\r\n' + PROMPT);
      return;
    }
    if (ch === '\x15') {
      // ^U: kill the line
      const n = this.line.length;
      this.line = '';
      this.col = 4;
      await this.con.write('\b \b'.repeat(n));
      return;
    }
    if (ch === '\x0c') {
      await this.con.write('\x1b[H\x1b[J' + PROMPT + this.line);
      return;
    }
    if (ch === '\x04') {
      if (this.line === '') await this.respawn();
      return;
    }
    if (code < 0x20) return; // other control characters are ignored
    this.line += ch;
    this.col++;
    let echo = ch;
    const cols = this.con.size().cols || 80;
    if (this.col >= cols) {
      echo += '\r\r\n';
      this.col = 0;
    }
    await this.con.write(Buffer.from(echo, 'latin1'));
  }

  private respawn(): Promise<void> {
    this.col = 4;
    return this.con.write('\r\n\r\n' + BUSYBOX_BANNER + PROMPT);
  }

  private prompt(): Promise<void> {
    this.col = 4;
    return this.con.write(PROMPT);
  }

  private async execute(input: string): Promise<void> {
    const line = expandArithmetic(input);
    if (line === null) {
      await this.con.write('/bin/sh: arithmetic syntax error\r\n');
      await this.prompt();
      return;
    }
    const cmds = splitCommands(line);
    let status = 0;
    let cancelled = false;
    for (const { cmd, op } of cmds) {
      if (op === '&&' && status !== 0) continue;
      if (op === '||' && status === 0) continue;
      if (this.state !== 'shell') return;
      let cancel = false;
      this.running = {
        cancel: () => {
          cancel = true;
          cancelled = true;
        },
      };
      status = await this.runCmd(cmd, () => cancel);
      this.running = null;
      if (cancelled) break;
    }
    if (cancelled && this.state === 'shell') await this.con.write('^C\r\n');
    if (this.state === 'shell') await this.prompt();
  }

  private async runCmd(c: Cmd, cancelled: () => boolean): Promise<number> {
    const [name, ...args] = c.argv;
    if (!name) return 0;
    let output = '';
    let status = 0;
    const w = (s: string): void => {
      output += s;
    };
    switch (name) {
      case 'echo': {
        let a = args;
        let nl = true;
        if (a[0] === '-n') {
          nl = false;
          a = a.slice(1);
        }
        if (c.redirect) {
          const m = /^\/sys\/devices\/system\/cpu\/cpu(\d+)\/online$/.exec(c.redirect);
          if (m) {
            if (!this.dom.setVcpuOnline(Number(m[1]), a[0] === '1')) {
              w(`/bin/sh: can't create ${c.redirect}: nonexistent directory\n`);
              status = 1;
            }
          }
          break;
        }
        w(a.join(' ') + (nl ? '\n' : ''));
        break;
      }
      case 'uname':
        w(uname(args));
        break;
      case 'hostname':
        w('(none)\n');
        break;
      case 'stty': {
        if (args[0] === 'size') {
          const s = this.con.size();
          w(`${s.rows} ${s.cols}\n`);
        }
        break;
      }
      case 'cat':
        for (const f of args) {
          const t = this.procFile(f);
          if (t === null) {
            w(`cat: can't open '${f}': No such file or directory\n`);
            status = 1;
          } else w(t);
        }
        break;
      case 'free': {
        const total = this.dom.memTotalKiB();
        const used = Math.round(total * 0.18);
        w(
          '              total        used        free      shared  buff/cache   available\n' +
            `Mem:     ${String(total).padStart(10)}  ${String(used).padStart(10)}  ${String(total - used - 2048).padStart(10)}  ${'0'.padStart(10)}  ${'2048'.padStart(10)}  ${String(total - used).padStart(10)}\n` +
            `Swap:    ${'0'.padStart(10)}  ${'0'.padStart(10)}  ${'0'.padStart(10)}\n`,
        );
        break;
      }
      case 'uptime': {
        const up = Math.floor(this.dom.uptimeSec());
        const now = new Date();
        const hh = String(now.getUTCHours()).padStart(2, '0');
        const mm = String(now.getUTCMinutes()).padStart(2, '0');
        const ss = String(now.getUTCSeconds()).padStart(2, '0');
        const upText =
          up < 3600
            ? `${Math.floor(up / 60)} min`
            : `${Math.floor(up / 3600)}:${String(Math.floor((up % 3600) / 60)).padStart(2, '0')}`;
        w(` ${hh}:${mm}:${ss} up ${upText},  load average: 0.00, 0.00, 0.00\n`);
        break;
      }
      case 'mkdir':
      case 'true':
      case 'sync':
      case 'clear':
        break;
      case 'false':
        status = 1;
        break;
      case 'mount':
        if (args.length >= 2) {
          w(
            `mount: mounting ${args[args.length - 2]} on ${args[args.length - 1]} failed: No such file or directory\n`,
          );
          status = 255;
        } else
          w(
            'rootfs on / type rootfs (rw)\nproc on /proc type proc (rw,relatime)\nsysfs on /sys type sysfs (rw,relatime)\n',
          );
        break;
      case 'df':
        w(
          'Filesystem           1K-blocks      Used Available Use% Mounted on\nrootfs                   ' +
            String(Math.floor(this.dom.memTotalKiB() / 2)).padStart(7) +
            '     12244     ' +
            String(Math.floor(this.dom.memTotalKiB() / 2) - 12244).padStart(5) +
            '  20% /\n',
        );
        break;
      case 'ip':
        w(this.ip(args));
        break;
      case 'ping': {
        const ci = args.indexOf('-c');
        const count = ci >= 0 ? Number(args[ci + 1]) || 1 : 4;
        const host = args.filter((a, i) => !a.startsWith('-') && args[i - 1] !== '-c').pop() ?? '';
        w(`PING ${host} (${host}): 56 data bytes\n`);
        for (let i = 0; i < count; i++)
          w(`64 bytes from ${host}: seq=${i} ttl=64 time=${(5.629 + i * 16.341).toFixed(3)} ms\n`);
        w(
          `\n--- ${host} ping statistics ---\n${count} packets transmitted, ${count} packets received, 0% packet loss\n`,
        );
        w('round-trip min/avg/max = 5.629/13.799/21.970 ms\n');
        break;
      }
      case 'dmesg':
        w(
          `[    0.000000] Linux version ${KERNEL_RELEASE} (debian-kernel@lists.debian.org) ${KERNEL_VERSION}\n[    0.000000] Command line: console=${this.dom.type === 'hvm' ? 'ttyS0' : 'hvc0'} quiet loglevel=4\n`,
        );
        break;
      case 'ps':
        w(
          'PID   USER     TIME  COMMAND\n    1 0         0:00 init\n    2 0         0:00 [kthreadd]\n   61 0         0:00 -/bin/sh\n   72 0         0:00 ps\n',
        );
        break;
      case 'help':
        w(
          'Built-in commands:\n------------------\n\t. : [ [[ alias bg break cd chdir command continue echo eval exec\n\texit export false fg getopts hash help history jobs kill let\n\tlocal printf pwd read readonly return set shift source test times\n\ttrap true type ulimit umask unalias unset wait\n',
        );
        break;
      case 'sleep': {
        const secs = Number(args[0] ?? 0);
        this.dom.setBusy(false);
        const end = Date.now() + secs * 1000;
        while (Date.now() < end && !cancelled())
          await new Promise((r) => setTimeout(r, Math.min(50, end - Date.now())));
        return cancelled() ? 130 : 0;
      }
      case 'flood':
      case 'yes': {
        // streamed with back-pressure from the attached console client
        this.dom.setBusy(true);
        try {
          if (name === 'flood') {
            const n = Math.max(0, Math.floor(Number(args[0] ?? 0)));
            const data = floodText(n);
            for (let off = 0; off < data.length && !cancelled() && this.state === 'shell'; off += 16384) {
              await this.con.write(data.subarray(off, off + 16384));
            }
          } else {
            const word = (args.length ? args.join(' ') : 'y') + '\r\n';
            let limit = Infinity;
            if (c.pipeTo && c.pipeTo[0] === 'head')
              limit = Number(c.pipeTo[c.pipeTo.indexOf('-n') + 1] ?? 10) || 10;
            const chunkLines = Math.max(1, Math.floor(8192 / word.length));
            let done = 0;
            while (done < limit && !cancelled() && this.state === 'shell') {
              const n = Math.min(chunkLines, limit - done);
              await this.con.write(word.repeat(n));
              done += n;
            }
          }
        } finally {
          this.dom.setBusy(false);
        }
        return cancelled() ? 130 : 0;
      }
      case 'reboot':
      case 'poweroff':
      case 'halt': {
        const reason = name === 'reboot' ? 'reboot' : 'poweroff';
        this.state = 'down';
        await this.con.write(shutdownMessages(reason, this.dom.uptimeSec(), false));
        setTimeout(() => this.dom.shutdownFromGuest(reason), 200 * this.timeScale);
        return 0;
      }
      case 'exit':
        // init respawns the shell
        await this.con.write('\r\n\r\n' + BUSYBOX_BANNER);
        return 0;
      default:
        w(`/bin/sh: ${name}: not found\n`);
        status = 127;
    }
    if (c.pipeTo) output = pipeFilter(output, c.pipeTo);
    if (output) await this.out(output);
    return status;
  }

  private procFile(f: string): string | null {
    switch (f) {
      case '/proc/cpuinfo': {
        const { online } = this.dom.vcpus();
        let s = '';
        for (let i = 0; i < online; i++) {
          s +=
            `processor\t: ${i}\nvendor_id\t: AuthenticAMD\ncpu family\t: 23\nmodel\t\t: 49\n` +
            `model name\t: AMD EPYC 7B12\nstepping\t: 0\ncpu MHz\t\t: 2596.150\ncache size\t: 512 KB\n` +
            `physical id\t: 0\nsiblings\t: ${online}\ncore id\t\t: ${i}\ncpu cores\t: ${online}\n` +
            `flags\t\t: fpu de tsc msr pae mce cx8 apic sep cmov pat clflush mmx fxsr sse sse2 ht syscall nx lm rep_good nopl cpuid pni cx16 hypervisor\n` +
            `bogomips\t: 5192.30\n\n`;
        }
        return s;
      }
      case '/proc/partitions': {
        let s = 'major minor  #blocks  name\n\n';
        for (const d of this.dom.disks()) s += ` 202        0 ${String(d.sizeKiB).padStart(10)} ${d.vdev}\n`;
        return s;
      }
      case '/proc/meminfo': {
        const t = this.dom.memTotalKiB();
        return `MemTotal:       ${String(t).padStart(8)} kB\nMemFree:        ${String(Math.round(t * 0.8)).padStart(8)} kB\nMemAvailable:   ${String(Math.round(t * 0.8)).padStart(8)} kB\n`;
      }
      case '/proc/uptime': {
        const u = this.dom.uptimeSec();
        return `${u.toFixed(2)} ${(u * 0.95).toFixed(2)}\n`;
      }
      case '/proc/version':
        return `Linux version ${KERNEL_RELEASE} (debian-kernel@lists.debian.org) (gcc-12 (Debian 12.2.0-14+deb12u1) 12.2.0, GNU ld (GNU Binutils for Debian) 2.40) ${KERNEL_VERSION}\n`;
      case '/etc/hostname':
        return '(none)\n';
    }
    return null;
  }

  private ip(args: string[]): string {
    const nics = this.dom.nics();
    const link = (): string => {
      let s =
        '1: lo: <LOOPBACK> mtu 65536 qdisc noop qlen 1000\\    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00\n';
      nics.forEach((n, i) => {
        s += `${i + 2}: eth${i}: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc fq_codel qlen 1000\\    link/ether ${n.mac} brd ff:ff:ff:ff:ff:ff\n`;
      });
      return s;
    };
    if (args.includes('link') && args.includes('set')) return '';
    if (args.includes('addr') && args.includes('add')) return '';
    if (args.includes('-o') || args[0] === 'link') return link();
    return link().replace(/\\ {4}/g, '\n    ');
  }
}

function uname(args: string[]): string {
  const all = args.includes('-a');
  const parts: string[] = [];
  if (all || args.length === 0 || args.includes('-s')) parts.push('Linux');
  if (all || args.includes('-n')) parts.push('(none)');
  if (all || args.includes('-r')) parts.push(KERNEL_RELEASE);
  if (all || args.includes('-v')) parts.push(KERNEL_VERSION);
  if (all || args.includes('-m')) parts.push('x86_64');
  if (all) parts.push('GNU/Linux');
  return parts.join(' ') + '\n';
}

export function shutdownMessages(reason: 'poweroff' | 'reboot', uptime: number, fromDom0: boolean): string {
  const ts = `[${String(Math.floor(uptime)).padStart(5)}.${String(Math.floor((uptime % 1) * 1e6)).padStart(6, '0')}]`;
  const head = fromDom0 ? '\r\n' : '';
  return (
    head +
    'The system is going down NOW!\r\nSent SIGTERM to all processes\r\nSent SIGKILL to all processes\r\n' +
    `Requesting system ${reason === 'reboot' ? 'reboot' : 'poweroff'}\r\n` +
    `${ts} reboot: ${reason === 'reboot' ? 'Restarting system' : 'Power down'}\r\n`
  );
}

/** Split a guest command line on ; && || (quote-aware), with a trailing `| filter`. */
/**
 * ash's arithmetic expansion `$((expr))` (integers; + - * / % and parentheses), outside single quotes.
 * null when an expression does not parse (ash: "arithmetic syntax error").
 */
export function expandArithmetic(line: string): string | null {
  let out = '';
  let single = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (c === "'") single = !single;
    if (single || !line.startsWith('$((', i)) {
      out += c;
      continue;
    }
    let depth = 2;
    let j = i + 3;
    for (; j < line.length && depth > 0; j++) {
      if (line[j] === '(') depth++;
      else if (line[j] === ')') depth--;
    }
    if (depth > 0) return null;
    const value = evalArithmetic(line.slice(i + 3, j - 2));
    if (value === null) return null;
    out += String(value);
    i = j - 1;
  }
  return out;
}

function evalArithmetic(expr: string): number | null {
  const toks = expr.match(/\d+|[-+*/%()]|\S/g) ?? [];
  let pos = 0;
  const atom = (): number | null => {
    const t = toks[pos++];
    if (t === undefined) return null;
    if (t === '-' || t === '+') {
      const v = atom();
      return v === null ? null : t === '-' ? -v : v;
    }
    if (t === '(') {
      const v = sum();
      return toks[pos++] === ')' ? v : null;
    }
    return /^\d+$/.test(t) ? Number(t) : null;
  };
  const product = (): number | null => {
    let v = atom();
    while (v !== null && ['*', '/', '%'].includes(toks[pos] ?? '')) {
      const op = toks[pos++];
      const r = atom();
      if (r === null || (op !== '*' && r === 0)) return null; // ash: "divide by zero"
      v = op === '*' ? v * r : op === '/' ? Math.trunc(v / r) : v % r;
    }
    return v;
  };
  const sum = (): number | null => {
    let v = product();
    while (v !== null && (toks[pos] === '+' || toks[pos] === '-')) {
      const op = toks[pos++];
      const r = product();
      if (r === null) return null;
      v = op === '+' ? v + r : v - r;
    }
    return v;
  };
  const v = sum();
  return v !== null && pos === toks.length ? v : null;
}

function splitCommands(line: string): { cmd: Cmd; op: ';' | '&&' | '||' }[] {
  const res: { cmd: Cmd; op: ';' | '&&' | '||' }[] = [];
  let cur = '';
  let q: string | null = null;
  let op: ';' | '&&' | '||' = ';';
  const push = (nextOp: ';' | '&&' | '||'): void => {
    if (cur.trim()) res.push({ cmd: parseCmd(cur), op });
    cur = '';
    op = nextOp;
  };
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (q) {
      if (c === q) q = null;
      cur += c;
    } else if (c === '"' || c === "'") {
      q = c;
      cur += c;
    } else if (c === ';') push(';');
    else if (line.startsWith('&&', i)) {
      push('&&');
      i++;
    } else if (line.startsWith('||', i)) {
      push('||');
      i++;
    } else cur += c;
  }
  push(';');
  return res;
}

function tokenize(s: string): string[] {
  const out: string[] = [];
  let cur = '';
  let has = false;
  let q: string | null = null;
  for (const c of s) {
    if (q) {
      if (c === q) q = null;
      else cur += c;
    } else if (c === '"' || c === "'") {
      q = c;
      has = true;
    } else if (c === ' ' || c === '\t') {
      if (has || cur) out.push(cur);
      cur = '';
      has = false;
    } else cur += c;
  }
  if (has || cur) out.push(cur);
  return out;
}

function parseCmd(s: string): Cmd {
  const [main, ...pipes] = s.split('|');
  const toks = tokenize(main ?? '');
  const argv: string[] = [];
  let redirect: string | undefined;
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i]!;
    if (t === '>' || t === '>>') redirect = toks[++i];
    else if (/^\d?>&\d$/.test(t) || t === '2>/dev/null') continue;
    else if (t.startsWith('>')) redirect = t.replace(/^>+/, '');
    else argv.push(t);
  }
  const last = pipes.length ? tokenize(pipes[pipes.length - 1]!) : undefined;
  return { argv, redirect, pipeTo: last };
}

function pipeFilter(text: string, filter: string[]): string {
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  const nArg = filter.find((a) => /^-n?\d+$/.test(a)) ?? filter[filter.indexOf('-n') + 1] ?? '10';
  const n = Math.abs(parseInt(nArg.replace(/^-n?/, ''), 10)) || 10;
  if (filter[0] === 'tail') return lines.slice(-n).join('\n') + '\n';
  if (filter[0] === 'head') return lines.slice(0, n).join('\n') + '\n';
  if (filter[0] === 'wc') return `${lines.length}\n`;
  if (filter[0] === 'grep' && filter[1]) return lines.filter((l) => l.includes(filter[1]!)).join('\n') + '\n';
  return text;
}
