// The simulated guest behind the display: boot text, a getty/login, a tiny shell, and a PC keyboard
// (RFB keysyms, or XT scancodes from QEMU extended key events interpreted with a US layout, as the
// guest's own keymap would).

import type { Logo, TextConsole } from './console';

export type ScreenKind = 'hvm-text' | 'pv-vfb';

export interface GuestOptions {
  kind: ScreenKind;
  hostname: string;
  uuid: string;
  /** after Ctrl+Alt+Del / `reboot`: ms until the screen shows the boot again (0 = stay on the reboot text) */
  rebootDelayMs: number;
  onCtrlAltDel: () => void;
  onPower: (what: 'reboot' | 'poweroff') => void;
  /** fbcon boot logo, drawn at the top-left with the text starting below it */
  logo?: Logo;
}

const KERNEL = '6.1.0-56-amd64';
const KERNEL_BUILD = '#1 SMP PREEMPT_DYNAMIC Debian 6.1.158-1 (2025-11-09)';
const OK = '[\x1b[0;1;32m  OK  \x1b[0m] ';

// keysyms (X11 keysymdef.h)
const XK = {
  BackSpace: 0xff08,
  Tab: 0xff09,
  Return: 0xff0d,
  Escape: 0xff1b,
  Delete: 0xffff,
  KP_Enter: 0xff8d,
  KP_Delete: 0xff9f,
  Shift_L: 0xffe1,
  Shift_R: 0xffe2,
  Control_L: 0xffe3,
  Control_R: 0xffe4,
  Caps_Lock: 0xffe5,
  Meta_L: 0xffe7,
  Meta_R: 0xffe8,
  Alt_L: 0xffe9,
  Alt_R: 0xffea,
} as const;

// XT scancode set 1 as QEMU's extended key event carries it (0xe0-prefixed keys as 0x80 | code)
const SC = {
  Backspace: 0x0e,
  Tab: 0x0f,
  Enter: 0x1c,
  LCtrl: 0x1d,
  LShift: 0x2a,
  RShift: 0x36,
  LAlt: 0x38,
  Space: 0x39,
  CapsLock: 0x3a,
  KPEnter: 0x9c,
  RCtrl: 0x9d,
  RAlt: 0xb8,
  Delete: 0xd3,
  KPDelete: 0x53,
} as const;

/** US layout: scancode -> [unshifted, shifted] */
const US: Record<number, [string, string]> = {};
const row = (start: number, plain: string, shifted: string): void => {
  for (let i = 0; i < plain.length; i++) US[start + i] = [plain[i] ?? '', shifted[i] ?? ''];
};
row(0x02, '1234567890-=', '!@#$%^&*()_+');
row(0x10, 'qwertyuiop[]', 'QWERTYUIOP{}');
row(0x1e, "asdfghjkl;'`", 'ASDFGHJKL:"~');
row(0x2b, '\\zxcvbnm,./', '|ZXCVBNM<>?');
US[SC.Space] = [' ', ' '];

type State = 'boot' | 'login' | 'password' | 'shell' | 'down';

export class Guest {
  private state: State = 'boot';
  private line = '';
  private user = '';
  private shift = new Set<number>();
  private ctrl = new Set<number>();
  private alt = new Set<number>();
  private capsLock = false;
  private rebootTimer: NodeJS.Timeout | null = null;
  private readonly startedAt = Date.now();

  constructor(
    private readonly con: TextConsole,
    private readonly opts: GuestOptions,
  ) {}

  get hostname(): string {
    return this.opts.hostname;
  }

  /** Power on: boot text, then the login prompt. */
  boot(): void {
    this.state = 'boot';
    this.line = '';
    this.con.attr = 0x07;
    this.con.clear();
    if (this.opts.logo) this.con.setLogo(this.opts.logo);
    this.con.write(this.opts.kind === 'hvm-text' ? this.hvmBootText() : this.pvBootText());
    this.getty();
  }

  dispose(): void {
    if (this.rebootTimer) clearTimeout(this.rebootTimer);
    this.rebootTimer = null;
  }

  // ---- keyboard -------------------------------------------------------------------------------------

  /** A KeyEvent (keysym) from the VNC client. */
  keysym(down: boolean, keysym: number): void {
    if (
      this.modifier(
        down,
        keysym,
        [XK.Shift_L, XK.Shift_R],
        [XK.Control_L, XK.Control_R],
        [XK.Alt_L, XK.Alt_R, XK.Meta_L, XK.Meta_R],
      )
    )
      return;
    if (keysym === XK.Caps_Lock) return; // the client sends already-shifted keysyms
    if (!down) return;
    if (keysym === XK.Delete || keysym === XK.KP_Delete) {
      if (this.ctrl.size && this.alt.size) this.ctrlAltDel();
      return;
    }
    if (keysym === XK.Return || keysym === XK.KP_Enter) return this.input('\r');
    if (keysym === XK.BackSpace) return this.input('\x7f');
    if (keysym === XK.Tab) return this.input('\t');
    if (keysym === XK.Escape) return this.input('\x1b');
    let ch = '';
    if (keysym >= 0x20 && keysym <= 0x7e) ch = String.fromCharCode(keysym);
    else if (keysym >= 0xa0 && keysym <= 0xff) ch = String.fromCharCode(keysym);
    else if ((keysym & 0xff000000) === 0x01000000) ch = String.fromCodePoint(keysym & 0xffffff);
    if (!ch) return;
    this.input(this.ctrl.size ? control(ch) : ch);
  }

  /**
   * A QEMU extended key event: the guest sees only the scancode (QEMU ignores the keysym when it has a
   * keycode), so the character comes from the guest's keymap (US) and its own Shift/Caps Lock state.
   */
  scancode(down: boolean, keycode: number, keysym: number): void {
    if (keycode === 0) return this.keysym(down, keysym);
    if (this.modifier(down, keycode, [SC.LShift, SC.RShift], [SC.LCtrl, SC.RCtrl], [SC.LAlt, SC.RAlt]))
      return;
    if (!down) return;
    if (keycode === SC.CapsLock) {
      this.capsLock = !this.capsLock;
      return;
    }
    if (keycode === SC.Delete || keycode === SC.KPDelete) {
      if (this.ctrl.size && this.alt.size) this.ctrlAltDel();
      return;
    }
    if (keycode === SC.Enter || keycode === SC.KPEnter) return this.input('\r');
    if (keycode === SC.Backspace) return this.input('\x7f');
    if (keycode === SC.Tab) return this.input('\t');
    if (keycode === 0x01) return this.input('\x1b');
    const pair = US[keycode];
    if (!pair) return;
    let shifted = this.shift.size > 0;
    if (this.capsLock && /^[a-z]$/.test(pair[0])) shifted = !shifted;
    const ch = shifted ? pair[1] : pair[0];
    this.input(this.ctrl.size ? control(ch) : ch);
  }

  private modifier(down: boolean, key: number, shift: number[], ctrl: number[], alt: number[]): boolean {
    for (const [keys, set] of [
      [shift, this.shift],
      [ctrl, this.ctrl],
      [alt, this.alt],
    ] as const) {
      if (!keys.includes(key)) continue;
      if (down) set.add(key);
      else set.delete(key);
      return true;
    }
    return false;
  }

  /** Everything released, e.g. when a client goes away with keys held down. */
  releaseAll(): void {
    this.shift.clear();
    this.ctrl.clear();
    this.alt.clear();
  }

  // ---- tty ------------------------------------------------------------------------------------------

  /** Guest-side output (kernel messages, programs): straight to the console. */
  output(s: string): void {
    this.con.write(s.replace(/\r?\n/g, '\r\n'));
  }

  private input(ch: string): void {
    if (this.state === 'boot' || this.state === 'down') return;
    const echo = this.state !== 'password';
    switch (ch) {
      case '\r':
      case '\n': {
        this.con.write('\r\n');
        const line = this.line;
        this.line = '';
        this.enter(line);
        return;
      }
      case '\x7f':
      case '\b':
        if (this.line.length) {
          this.line = this.line.slice(0, -1);
          if (echo) this.con.write('\b \b');
        }
        return;
      case '\x03': // ^C
        this.con.write('^C\r\n');
        this.line = '';
        this.prompt();
        return;
      case '\x04': // ^D
        if (this.line === '' && this.state === 'shell') this.logout();
        return;
      case '\x15': // ^U
        if (echo) this.con.write('\b \b'.repeat(this.line.length));
        this.line = '';
        return;
      case '\x0c': // ^L
        if (this.state === 'shell') {
          this.con.clear();
          this.prompt();
          this.con.write(this.line);
        }
        return;
    }
    if (ch.length !== 1 || ch < ' ' || ch === '\x7f') return;
    this.line += ch;
    if (echo) this.con.write(ch);
  }

  private prompt(): void {
    if (this.state === 'login') this.con.write(`${this.opts.hostname} login: `);
    else if (this.state === 'password') this.con.write('Password: ');
    else if (this.state === 'shell') {
      const root = this.user === 'root';
      this.con.write(`${this.user}@${this.opts.hostname}:~${root ? '#' : '$'} `);
    }
  }

  private getty(): void {
    this.state = 'login';
    this.con.write(`\r\nDebian GNU/Linux 12 ${this.opts.hostname} tty1\r\n\r\n`);
    this.prompt();
  }

  private enter(line: string): void {
    if (this.state === 'login') {
      if (line.trim() === '') return this.prompt();
      this.user = line.trim();
      this.state = 'password';
      return this.prompt();
    }
    if (this.state === 'password') {
      this.state = 'shell';
      this.con.write(
        `Linux ${this.opts.hostname} ${KERNEL} ${KERNEL_BUILD} x86_64\r\n\r\n` +
          'The programs included with the Debian GNU/Linux system are free software;\r\n' +
          'the exact distribution terms for each program are described in the\r\n' +
          'individual files in /usr/share/doc/*/copyright.\r\n\r\n' +
          'Debian GNU/Linux comes with ABSOLUTELY NO WARRANTY, to the extent\r\n' +
          'permitted by applicable law.\r\n',
      );
      return this.prompt();
    }
    if (this.state === 'shell') this.run(line);
  }

  private run(line: string): void {
    const args = line.trim().split(/\s+/).filter(Boolean);
    const [cmd, ...rest] = args;
    const out = (s: string): void => this.con.write(s.replace(/\r?\n/g, '\r\n'));
    switch (cmd) {
      case undefined:
      case 'true':
      case 'false':
      case ':':
        break;
      case 'echo':
        out(rest.join(' ') + '\n');
        break;
      case 'hostname':
        out(this.opts.hostname + '\n');
        break;
      case 'whoami':
        out(this.user + '\n');
        break;
      case 'id':
        out(
          this.user === 'root'
            ? 'uid=0(root) gid=0(root) groups=0(root)\n'
            : `uid=1000(${this.user}) gid=1000(${this.user})\n`,
        );
        break;
      case 'pwd':
        out(this.user === 'root' ? '/root\n' : `/home/${this.user}\n`);
        break;
      case 'ls':
        break;
      case 'uname':
        out(
          (rest.includes('-a')
            ? `Linux ${this.opts.hostname} ${KERNEL} ${KERNEL_BUILD} x86_64 GNU/Linux`
            : rest.includes('-r')
              ? KERNEL
              : rest.includes('-n')
                ? this.opts.hostname
                : 'Linux') + '\n',
        );
        break;
      case 'date':
        out(new Date().toUTCString().replace('GMT', 'UTC') + '\n');
        break;
      case 'uptime': {
        const min = Math.floor((Date.now() - this.startedAt) / 60000);
        const t = new Date().toISOString().slice(11, 19);
        out(` ${t} up ${min} min,  1 user,  load average: 0.00, 0.00, 0.00\n`);
        break;
      }
      case 'clear':
        this.con.clear();
        break;
      case 'exit':
      case 'logout':
        return this.logout();
      case 'reboot':
        return this.shutdown('reboot');
      case 'poweroff':
      case 'halt':
      case 'shutdown':
        return this.shutdown('poweroff');
      default:
        out(`-bash: ${cmd}: command not found\n`);
    }
    this.prompt();
  }

  private logout(): void {
    this.user = '';
    this.getty();
  }

  ctrlAltDel(): void {
    this.opts.onCtrlAltDel();
    this.shutdown('reboot');
  }

  private shutdown(what: 'reboot' | 'poweroff'): void {
    if (this.state === 'down') return;
    this.state = 'down';
    this.line = '';
    const t = ((Date.now() - this.startedAt) / 1000 + 12).toFixed(6).padStart(12, ' ');
    this.con.write(
      (this.con.cx ? '\r\n' : '') +
        `${OK}Removed slice system-getty.slice - Slice /system/getty.\r\n` +
        `${OK}Stopped target multi-user.target - Multi-User System.\r\n` +
        `${OK}Stopped ssh.service - OpenBSD Secure Shell server.\r\n` +
        `${OK}Stopped systemd-journald.service - Journal Service.\r\n` +
        `${OK}Reached target ${what === 'reboot' ? 'reboot.target - System Reboot' : 'poweroff.target - System Power Off'}.\r\n` +
        `[${t}] ${what === 'reboot' ? 'reboot: Restarting system' : 'reboot: Power down'}\r\n`,
    );
    this.opts.onPower(what);
    if (what === 'reboot' && this.opts.rebootDelayMs > 0) {
      this.rebootTimer = setTimeout(() => {
        this.rebootTimer = null;
        this.boot();
      }, this.opts.rebootDelayMs);
      this.rebootTimer.unref?.();
    }
  }

  // ---- boot text ------------------------------------------------------------------------------------

  private hvmBootText(): string {
    return (
      'SeaBIOS (version 1.16.2-debian-1.16.2-1)\r\n' +
      `Machine UUID ${this.opts.uuid}\r\n` +
      'Booting from Hard Disk...\r\n' +
      `Loading Linux ${KERNEL} ...\r\n` +
      'Loading initial ramdisk ...\r\n' +
      'Probing EDD (edd=off to disable)... ok\r\n' +
      '[    1.183402] xen_netfront: Initialising Xen virtual ethernet driver\r\n' +
      this.systemdText()
    );
  }

  private pvBootText(): string {
    const { cols, rows } = this.con;
    return (
      `[    0.000000] Linux version ${KERNEL} (debian-kernel@lists.debian.org) (gcc-12 (Debian 12.2.0-14) ` +
      `12.2.0, GNU ld (GNU Binutils for Debian) 2.40) ${KERNEL_BUILD}\r\n` +
      `[    0.000000] Command line: root=/dev/xvda1 ro console=hvc0 console=tty0\r\n` +
      '[    0.000000] Booting paravirtualized kernel on Xen\r\n' +
      '[    0.000000] Xen version: 4.17.7 (preserve-AD)\r\n' +
      `[    0.512083] Console: switching to colour frame buffer device ${cols}x${rows}\r\n` +
      '[    0.513202] fb0: Xen virtual frame buffer device\r\n' +
      '[    0.601544] input: Xen Virtual Keyboard as /devices/virtual/input/input1\r\n' +
      '[    0.601899] input: Xen Virtual Pointer as /devices/virtual/input/input2\r\n' +
      '[    0.922345] blkfront: xvda: flush diskcache: enabled; persistent grants: enabled; indirect descriptors: enabled;\r\n' +
      '[    1.183402] xen_netfront: Initialising Xen virtual ethernet driver\r\n' +
      this.systemdText()
    );
  }

  private systemdText(): string {
    return (
      `${OK}Started systemd-journald.service - Journal Service.\r\n` +
      `${OK}Finished systemd-fsck-root.service - File System Check on Root Device.\r\n` +
      `${OK}Reached target local-fs.target - Local File Systems.\r\n` +
      `${OK}Started systemd-networkd.service - Network Configuration.\r\n` +
      `${OK}Reached target network.target - Network.\r\n` +
      `${OK}Started ssh.service - OpenBSD Secure Shell server.\r\n` +
      `${OK}Started getty@tty1.service - Getty on tty1.\r\n` +
      `${OK}Reached target multi-user.target - Multi-User System.\r\n`
    );
  }

  /** A line of scrolling kernel-log-like text (flood mode). */
  static floodLine(n: number, t: number): string {
    const ts = t.toFixed(6).padStart(12, ' ');
    const msgs = [
      'audit: type=1400 audit(%t): apparmor="STATUS" operation="profile_load" name="/usr/bin/man"',
      'xen_netfront: xennet: skb rides the rocket: 19 slots',
      'EXT4-fs (xvda1): re-mounted. Quota mode: none.',
      'systemd-journald[213]: Received client request to flush runtime journal.',
      'blkfront: xvda: barrier or flush: enabled; persistent grants: enabled;',
      'NET: Registered PF_VSOCK protocol family',
    ];
    const m = (msgs[n % msgs.length] ?? '').replace('%t', `${Math.floor(t)}.${n % 1000}:${n}`);
    return `[${ts}] ${m} #${n}`;
  }
}

function control(ch: string): string {
  const c = ch.toLowerCase().charCodeAt(0);
  if (c >= 0x61 && c <= 0x7a) return String.fromCharCode(c - 0x60);
  if (ch === '[') return '\x1b';
  return ch;
}
