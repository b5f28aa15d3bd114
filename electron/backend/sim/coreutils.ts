// The ordinary commands of the simulated dom0 (GNU coreutils wording), working on the sandbox
// filesystem: echo printf cat ls test/[ mkdir mv cp rm rmdir ln readlink realpath stat touch
// truncate dd df du sha256sum md5sum head tail wc sleep id whoami uname hostname date env
// basename dirname grep sort uniq cut tr tee seq yes find mktemp chmod chown sync nproc free
// uptime xargs timeout sudo sh/bash/dash, plus a few files of /proc and /sys.
import { createHash } from 'node:crypto';
import nodeFs from 'node:fs';
import path from 'node:path';
import { FsError, normalizeVirtual, type SimStat } from './fs';
import { EMPTY_READER, LineReader, abortable, bufferReader, readAll, sleep, type Reader } from './io';
import { DOM0_KIB, HOSTNAME, NR_CPUS, type SimHost } from './model';
import { ROOT_USER, warn, type CommandTable, type Proc } from './proc';
import { deviceReader, openReader, patternToRegex } from './shell';

export const UNAME = {
  s: 'Linux',
  n: HOSTNAME,
  r: '6.1.0-56-amd64',
  v: '#1 SMP PREEMPT_DYNAMIC Debian 6.1.192-2 (2026-11-16)',
  m: 'x86_64',
  o: 'GNU/Linux',
};

// --- virtual files (/proc, /sys) -------------------------------------------------------------

export function virtualFile(host: SimHost, vpath: string): string | null {
  switch (vpath) {
    case '/proc/xen/capabilities':
      return 'control_d\n';
    case '/sys/hypervisor/type':
      return 'xen\n';
    case '/sys/hypervisor/version/major':
      return '4\n';
    case '/sys/hypervisor/version/minor':
      return '17\n';
    case '/proc/uptime': {
      const up = (host.now() - host.bootedAt) / 1000;
      return `${up.toFixed(2)} ${(up * 1.8).toFixed(2)}\n`;
    }
    case '/proc/loadavg':
      return '0.15 0.10 0.05 1/182 2441\n';
    case '/proc/meminfo': {
      const t = DOM0_KIB - 102400;
      return `MemTotal:       ${t} kB\nMemFree:        ${Math.round(t * 0.6)} kB\nMemAvailable:   ${Math.round(t * 0.8)} kB\nBuffers:           20480 kB\nCached:           307200 kB\nSwapTotal:             0 kB\nSwapFree:              0 kB\n`;
    }
    case '/proc/cpuinfo': {
      let s = '';
      for (let i = 0; i < NR_CPUS; i++)
        s += `processor\t: ${i}\nvendor_id\t: AuthenticAMD\nmodel name\t: AMD EPYC 7B12\ncpu MHz\t\t: 2596.150\nflags\t\t: fpu de tsc msr pae mce cx8 apic sep cmov pat clflush mmx fxsr sse sse2 ht syscall nx lm nopl cpuid pni cx16 hypervisor\n\n`;
      return s;
    }
    case '/proc/version':
      return `Linux version ${UNAME.r} (debian-kernel@lists.debian.org) (x86_64-linux-gnu-gcc-12 (Debian 12.2.0-14+deb12u1) 12.2.0, GNU ld (GNU Binutils for Debian) 2.40) ${UNAME.v}\n`;
  }
  return null;
}

/** Open for reading: devices, virtual /proc files, or a sandbox file. Throws FsError. */
function reader(p: Proc, file: string): Reader {
  if (file === '-') return p.stdin;
  const v = normalizeVirtual(file, p.cwd);
  const vf = virtualFile(p.host, v);
  if (vf !== null) return bufferReader(vf);
  return openReader(p, file);
}

function isVirtual(p: Proc, file: string): boolean {
  const v = normalizeVirtual(file, p.cwd);
  return virtualFile(p.host, v) !== null || deviceReader(v) !== null;
}

function fsErr(e: unknown): string {
  if (e instanceof FsError) return e.reason;
  return (e as Error).message;
}

/** Split argv into flags (single-letter, combinable) and operands; "--" ends options. */
function flagsOf(
  args: string[],
  withValue = '',
): { f: Set<string>; v: Map<string, string>; ops: string[]; long: string[] } {
  const f = new Set<string>();
  const v = new Map<string, string>();
  const ops: string[] = [];
  const long: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--') {
      ops.push(...args.slice(i + 1));
      break;
    }
    if (a.startsWith('--')) {
      long.push(a);
      continue;
    }
    if (a.startsWith('-') && a.length > 1) {
      for (let j = 1; j < a.length; j++) {
        const c = a[j]!;
        if (withValue.includes(c)) {
          v.set(c, a.slice(j + 1) || (args[++i] ?? ''));
          break;
        }
        f.add(c);
      }
      continue;
    }
    ops.push(a);
  }
  return { f, v, ops, long };
}

function longVal(long: string[], name: string): string | undefined {
  for (const l of long) if (l.startsWith(name + '=')) return l.slice(name.length + 1);
  return undefined;
}

// --- echo / printf -----------------------------------------------------------------------------

function backslashEscapes(s: string, stopAtC: { stop: boolean }): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c !== '\\' || i + 1 >= s.length) {
      out += c;
      continue;
    }
    const n = s[++i]!;
    switch (n) {
      case 'n':
        out += '\n';
        break;
      case 't':
        out += '\t';
        break;
      case 'r':
        out += '\r';
        break;
      case 'a':
        out += '\x07';
        break;
      case 'b':
        out += '\b';
        break;
      case 'f':
        out += '\f';
        break;
      case 'v':
        out += '\v';
        break;
      case 'e':
        out += '\x1b';
        break;
      case '\\':
        out += '\\';
        break;
      case 'c':
        stopAtC.stop = true;
        return out;
      case '0': {
        const m = /^[0-7]{0,3}/.exec(s.slice(i + 1))![0];
        out += String.fromCharCode(parseInt(m || '0', 8));
        i += m.length;
        break;
      }
      case 'x': {
        const m = /^[0-9a-fA-F]{1,2}/.exec(s.slice(i + 1));
        if (m) {
          out += String.fromCharCode(parseInt(m[0], 16));
          i += m[0].length;
        } else out += '\\x';
        break;
      }
      default:
        if (/[1-7]/.test(n)) {
          const m = /^[0-7]{0,2}/.exec(s.slice(i + 1))![0];
          out += String.fromCharCode(parseInt(n + m, 8));
          i += m.length;
        } else out += '\\' + n;
    }
  }
  return out;
}

/** dash's echo: -n only; backslash escapes always interpreted. */
const echo = async (argv: string[], p: Proc): Promise<number> => {
  let args = argv.slice(1);
  let nl = true;
  if (args[0] === '-n') {
    nl = false;
    args = args.slice(1);
  }
  const stop = { stop: false };
  const text = backslashEscapes(args.join(' '), stop);
  await p.stdout.write(Buffer.from(text + (nl && !stop.stop ? '\n' : ''), 'latin1'));
  return 0;
};

export function formatPrintf(fmt: string, args: string[]): { out: string; err?: string } {
  let out = '';
  let ai = 0;
  let err: string | undefined;
  const stop = { stop: false };
  do {
    let consumed = false;
    for (let i = 0; i < fmt.length; i++) {
      const c = fmt[i]!;
      if (c === '\\') {
        const m = /^\\(?:[0-7]{1,3}|x[0-9a-fA-F]{1,2}|.)/.exec(fmt.slice(i));
        const esc = m ? m[0] : '\\';
        out += backslashEscapes(esc, stop);
        i += esc.length - 1;
        continue;
      }
      if (c !== '%') {
        out += c;
        continue;
      }
      const m = /^%([-+ #0]*)(\d+|\*)?(?:\.(\d+|\*))?([sdiouxXcbfeEgG%])/.exec(fmt.slice(i));
      if (!m) {
        out += c;
        continue;
      }
      i += m[0].length - 1;
      const [, flags = '', w, prec, conv] = m as unknown as [
        string,
        string,
        string | undefined,
        string | undefined,
        string,
      ];
      if (conv === '%') {
        out += '%';
        continue;
      }
      let width = w === '*' ? Number(args[ai++] ?? 0) : w ? Number(w) : 0;
      const precision =
        prec === '*' ? Number(args[ai++] ?? 0) : prec !== undefined ? Number(prec) : undefined;
      const arg = args[ai++];
      if (arg !== undefined) consumed = true;
      let s: string;
      switch (conv) {
        case 's':
          s = arg ?? '';
          if (precision !== undefined) s = s.slice(0, precision);
          break;
        case 'b':
          s = backslashEscapes(arg ?? '', stop);
          break;
        case 'c':
          s = (arg ?? '').slice(0, 1);
          break;
        case 'd':
        case 'i':
        case 'u':
        case 'o':
        case 'x':
        case 'X': {
          let n = 0;
          const a = arg ?? '0';
          if (/^['"]/.test(a)) n = a.charCodeAt(1) || 0;
          else if (/^[-+]?(0x[0-9a-f]+|\d+)$/i.test(a.trim())) n = Number(a.trim());
          else if (a !== '') {
            err = `printf: ${a}: invalid number`;
            n = parseInt(a, 10) || 0;
          }
          n = Math.trunc(n);
          if (conv === 'o') s = (n >>> 0).toString(8);
          else if (conv === 'x') s = (n >>> 0).toString(16);
          else if (conv === 'X') s = (n >>> 0).toString(16).toUpperCase();
          else s = String(n);
          if (flags.includes('+') && n >= 0 && 'di'.includes(conv)) s = '+' + s;
          if (precision !== undefined)
            s = s.replace(/^(-?)(\d+)$/, (_, sg: string, d: string) => sg + d.padStart(precision, '0'));
          break;
        }
        default: {
          const n = Number(arg ?? 0);
          s =
            conv === 'f'
              ? n.toFixed(precision ?? 6)
              : conv.toLowerCase() === 'e'
                ? n.toExponential(precision ?? 6)
                : String(n);
        }
      }
      if (width < 0) {
        width = -width;
        s = s.padEnd(width);
      } else if (flags.includes('-')) s = s.padEnd(width);
      else if (flags.includes('0') && /[diouxXf]/.test(conv)) {
        const neg = s.startsWith('-');
        s = (neg ? '-' : '') + s.replace(/^-/, '').padStart(width - (neg ? 1 : 0), '0');
      } else s = s.padStart(width);
      out += s;
      if (stop.stop) return { out, err };
    }
    if (!consumed) break;
  } while (ai < args.length);
  return { out, err };
}

const printf = async (argv: string[], p: Proc): Promise<number> => {
  const args = argv.slice(1);
  if (args[0] === '--') args.shift();
  if (!args.length) {
    await warn(p, 'printf: usage: printf format [arguments]');
    return 2;
  }
  const { out, err } = formatPrintf(args[0]!, args.slice(1));
  await p.stdout.write(Buffer.from(out, 'latin1'));
  if (err) {
    await warn(p, err);
    return 1;
  }
  return 0;
};

// --- cat / head / tail / wc / sha256sum ---------------------------------------------------------

async function eachInput(
  p: Proc,
  files: string[],
  prog: string,
  fn: (r: Reader, name: string) => Promise<void>,
  fmt?: (f: string, e: string) => string,
): Promise<number> {
  let status = 0;
  for (const f of files.length ? files : ['-']) {
    let r: Reader;
    try {
      if (f !== '-' && !isVirtual(p, f)) {
        const st = p.host.fs.stat(f, p.cwd);
        if (st.isDirectory) throw new FsError('EISDIR', f);
      }
      r = reader(p, f);
    } catch (e) {
      const msg = fmt ? fmt(f, fsErr(e)) : `${prog}: ${f}: ${fsErr(e)}`;
      if (msg) await warn(p, msg);
      status = 1;
      continue;
    }
    await fn(r, f);
  }
  return status;
}

const cat = async (argv: string[], p: Proc): Promise<number> => {
  const { ops } = flagsOf(argv.slice(1));
  return eachInput(p, ops, 'cat', async (r) => {
    for (;;) {
      const c = await abortable(r.read(), p.signal);
      if (c === null) break;
      await p.stdout.write(c);
    }
  });
};

function countArg(args: string[], letter: string): { n: number; neg: boolean; plus: boolean } | undefined {
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    let v: string | undefined;
    if (a === `-${letter}`) v = args[i + 1];
    else if (a.startsWith(`-${letter}`)) v = a.slice(2);
    else if (a.startsWith(`--${letter === 'n' ? 'lines' : 'bytes'}=`)) v = a.slice(a.indexOf('=') + 1);
    if (v !== undefined) {
      const m = /^([-+]?)(\d+)([kKmMbB]?)$/.exec(v);
      if (!m) return { n: NaN, neg: false, plus: false };
      const mult = { k: 1024, K: 1024, m: 1048576, M: 1048576, b: 512, B: 512 }[m[3] as 'k'] ?? 1;
      return { n: Number(m[2]) * mult, neg: m[1] === '-', plus: m[1] === '+' };
    }
  }
  const legacy = args.find((a) => /^-\d+$/.test(a));
  if (letter === 'n' && legacy) return { n: Number(legacy.slice(1)), neg: false, plus: false };
  return undefined;
}

function operands(args: string[], valueFlags: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (valueFlags.includes(a)) {
      i++;
      continue;
    }
    if (a.startsWith('-') && a !== '-') continue;
    out.push(a);
  }
  return out;
}

const head = async (argv: string[], p: Proc): Promise<number> => {
  const args = argv.slice(1);
  const bytes = countArg(args, 'c');
  const lines = countArg(args, 'n') ?? { n: 10, neg: false, plus: false };
  const files = operands(args, ['-n', '-c']);
  return eachInput(
    p,
    files,
    'head',
    async (r) => {
      if (bytes) {
        let left = bytes.n;
        while (left > 0) {
          const c = await abortable(r.read(), p.signal);
          if (c === null) break;
          const part = c.subarray(0, left);
          left -= part.length;
          await p.stdout.write(part);
        }
      } else if (lines.neg) {
        const all = await readAll(r);
        const ls = all.toString('latin1').split('\n');
        const trailing = ls[ls.length - 1] === '';
        if (trailing) ls.pop();
        await p.stdout.write(
          Buffer.from(
            ls
              .slice(0, Math.max(0, ls.length - lines.n))
              .map((l) => l + '\n')
              .join(''),
            'latin1',
          ),
        );
      } else {
        let left = lines.n;
        while (left > 0) {
          const c = await abortable(r.read(), p.signal);
          if (c === null) break;
          let end = 0;
          while (left > 0 && end < c.length) {
            const i = c.indexOf(0x0a, end);
            if (i < 0) {
              end = c.length;
              break;
            }
            end = i + 1;
            left--;
          }
          await p.stdout.write(c.subarray(0, end));
        }
      }
      r.close?.();
    },
    (f, e) => `head: cannot open '${f}' for reading: ${e}`,
  );
};

const tail = async (argv: string[], p: Proc): Promise<number> => {
  const args = argv.slice(1);
  const bytes = countArg(args, 'c');
  const lines = countArg(args, 'n') ?? { n: 10, neg: false, plus: false };
  const files = operands(args, ['-n', '-c']);
  return eachInput(
    p,
    files,
    'tail',
    async (r) => {
      const all = await readAll(r);
      if (bytes) {
        await p.stdout.write(
          bytes.plus
            ? all.subarray(Math.max(0, bytes.n - 1))
            : all.subarray(Math.max(0, all.length - bytes.n)),
        );
        return;
      }
      const ls = all.toString('latin1').split('\n');
      const trailing = ls[ls.length - 1] === '';
      if (trailing) ls.pop();
      const sel = lines.plus
        ? ls.slice(Math.max(0, lines.n - 1))
        : ls.slice(Math.max(0, ls.length - lines.n));
      await p.stdout.write(Buffer.from(sel.join('\n') + (sel.length && trailing ? '\n' : ''), 'latin1'));
    },
    (f, e) => `tail: cannot open '${f}' for reading: ${e}`,
  );
};

const wc = async (argv: string[], p: Proc): Promise<number> => {
  const { f, ops } = flagsOf(argv.slice(1));
  const all = !f.has('l') && !f.has('w') && !f.has('c') && !f.has('m');
  const rows: { l: number; w: number; c: number; name: string }[] = [];
  const status = await eachInput(p, ops, 'wc', async (r, name) => {
    const b = await readAll(r);
    const s = b.toString('latin1');
    rows.push({
      l: (s.match(/\n/g) ?? []).length,
      w: s.split(/\s+/).filter(Boolean).length,
      c: b.length,
      name: name === '-' ? '' : name,
    });
  });
  if (rows.length > 1)
    rows.push({
      l: rows.reduce((a, x) => a + x.l, 0),
      w: rows.reduce((a, x) => a + x.w, 0),
      c: rows.reduce((a, x) => a + x.c, 0),
      name: 'total',
    });
  const single =
    rows.length === 1 &&
    (all ? false : [f.has('l'), f.has('w'), f.has('c') || f.has('m')].filter(Boolean).length === 1);
  const width = single ? 0 : Math.max(1, ...rows.map((x) => String(x.c).length));
  for (const r of rows) {
    const cols: number[] = [];
    if (all || f.has('l')) cols.push(r.l);
    if (all || f.has('w')) cols.push(r.w);
    if (all || f.has('c') || f.has('m')) cols.push(r.c);
    await p.stdout.write(
      cols.map((c) => String(c).padStart(width)).join(' ') + (r.name ? ` ${r.name}` : '') + '\n',
    );
  }
  return status;
};

function hashCmd(algo: 'sha256' | 'md5' | 'sha1' | 'sha512') {
  return async (argv: string[], p: Proc): Promise<number> => {
    const { ops } = flagsOf(argv.slice(1));
    return eachInput(p, ops, `${algo}sum`, async (r, name) => {
      const h = createHash(algo);
      for (;;) {
        const c = await abortable(r.read(), p.signal);
        if (c === null) break;
        h.update(c);
      }
      await p.stdout.write(`${h.digest('hex')}  ${name}\n`);
    });
  };
}

// --- ls / stat ------------------------------------------------------------------------------------

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function modeString(st: SimStat): string {
  const t = st.isSymlink ? 'l' : st.isDirectory ? 'd' : st.isBlockDevice ? 'b' : '-';
  const m = st.mode;
  const bits = 'rwxrwxrwx'.split('').map((c, i) => (m & (1 << (8 - i)) ? c : '-'));
  if (st.isSymlink) return 'lrwxrwxrwx';
  return t + bits.join('');
}

function lsTime(ms: number, now: number, style?: string): string {
  const d = new Date(ms);
  if (style?.startsWith('+')) return strftime(style.slice(1), d);
  if (style === 'full-iso') return d.toISOString().replace('T', ' ').replace('Z', '000000 +0000');
  if (style === 'long-iso') return d.toISOString().slice(0, 16).replace('T', ' ');
  const recent = Math.abs(now - ms) < 182 * 86400 * 1000;
  const day = String(d.getUTCDate()).padStart(2);
  const tail = recent
    ? `${String(d.getUTCHours()).padStart(2, '0')}:${String(d.getUTCMinutes()).padStart(2, '0')}`
    : ` ${d.getUTCFullYear()}`;
  return `${MONTHS[d.getUTCMonth()]} ${day} ${tail}`;
}

export function strftime(fmt: string, d: Date): string {
  const pad = (n: number, w = 2): string => String(n).padStart(w, '0');
  const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
  return fmt.replace(/%([a-zA-Z%])/g, (_, c: string) => {
    switch (c) {
      case 's':
        return String(Math.floor(d.getTime() / 1000));
      case 'Y':
        return String(d.getUTCFullYear());
      case 'm':
        return pad(d.getUTCMonth() + 1);
      case 'd':
        return pad(d.getUTCDate());
      case 'e':
        return String(d.getUTCDate()).padStart(2);
      case 'H':
        return pad(d.getUTCHours());
      case 'M':
        return pad(d.getUTCMinutes());
      case 'S':
        return pad(d.getUTCSeconds());
      case 'F':
        return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
      case 'T':
        return `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
      case 'b':
        return MONTHS[d.getUTCMonth()]!;
      case 'a':
        return DAYS[d.getUTCDay()]!;
      case 'z':
        return '+0000';
      case 'Z':
        return 'UTC';
      case 'N':
        return pad(d.getUTCMilliseconds() * 1000000, 9);
      case '%':
        return '%';
    }
    return '%' + c;
  });
}

function humanSize(n: number): string {
  if (n < 1024) return String(n);
  const units = ['K', 'M', 'G', 'T'];
  let v = n;
  let u = -1;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return (v < 10 ? (Math.ceil(v * 10) / 10).toFixed(1) : String(Math.ceil(v))) + units[u];
}

const ls = async (argv: string[], p: Proc): Promise<number> => {
  const { f, ops, long } = flagsOf(argv.slice(1));
  const fsx = p.host.fs;
  const longFmt = f.has('l') || f.has('n') || f.has('g') || f.has('o');
  const showAll = f.has('a');
  const almostAll = f.has('A');
  const timeStyle = longVal(long, '--time-style') ?? (long.includes('--full-time') ? 'full-iso' : undefined);
  const now = p.host.now();
  let status = 0;
  const targets = ops.length ? ops : ['.'];
  const files: { name: string; st: SimStat; vpath: string }[] = [];
  const dirs: string[] = [];
  for (const t of targets) {
    const st = f.has('d') || longFmt ? (fsx.tryLstat(t, p.cwd) ?? null) : fsx.tryStat(t, p.cwd);
    const follow = st?.isSymlink && !f.has('d') && !longFmt ? fsx.tryStat(t, p.cwd) : st;
    if (!st) {
      const base = normalizeVirtual(t, p.cwd);
      if (isVirtual(p, t) || base === '/proc' || base === '/sys') {
        files.push({
          name: t,
          st: {
            isFile: true,
            isDirectory: false,
            isSymlink: false,
            isBlockDevice: false,
            mode: 0o100444,
            size: 0,
            blocks: 0,
            mtimeMs: now,
            atimeMs: now,
            nlink: 1,
          },
          vpath: base,
        });
        continue;
      }
      await warn(p, `ls: cannot access '${t}': No such file or directory`);
      status = 2;
      continue;
    }
    const isDir =
      (follow ?? st).isDirectory || (st.isSymlink && fsx.tryStat(t, p.cwd)?.isDirectory && !longFmt);
    if (isDir && !f.has('d')) dirs.push(t);
    else files.push({ name: t, st, vpath: normalizeVirtual(t, p.cwd) });
  }
  const sortEntries = (arr: { name: string; st: SimStat }[]): void => {
    if (f.has('t')) arr.sort((a, b) => b.st.mtimeMs - a.st.mtimeMs || (a.name < b.name ? -1 : 1));
    else if (f.has('S')) arr.sort((a, b) => b.st.size - a.st.size);
    else arr.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    if (f.has('r')) arr.reverse();
  };
  const render = async (
    entries: { name: string; st: SimStat; vpath: string }[],
    withTotal: boolean,
  ): Promise<void> => {
    sortEntries(entries);
    if (!longFmt) {
      await p.stdout.write(entries.map((e) => e.name + '\n').join(''));
      return;
    }
    const links = Math.max(1, ...entries.map((e) => String(e.st.nlink).length));
    const sizes = Math.max(
      1,
      ...entries.map((e) => (f.has('h') ? humanSize(e.st.size) : String(e.st.size)).length),
    );
    let out = '';
    if (withTotal) out += `total ${entries.reduce((a, e) => a + Math.ceil(e.st.blocks / 2), 0)}\n`;
    for (const e of entries) {
      const owner = f.has('n') ? '0' : 'root';
      const group = f.has('g') || f.has('o') ? '' : f.has('n') ? ' 0' : ' root';
      const ownerCol = f.has('g') ? '' : ` ${owner}`;
      let name = e.name;
      if (e.st.isSymlink) {
        try {
          name += ' -> ' + fsx.readlink(e.vpath);
        } catch {
          /* dangling */
        }
      }
      const size = f.has('h') ? humanSize(e.st.size) : String(e.st.size);
      out += `${modeString(e.st)} ${String(e.st.nlink).padStart(links)}${ownerCol}${group} ${size.padStart(sizes)} ${lsTime(e.st.mtimeMs, now, timeStyle)} ${name}\n`;
    }
    await p.stdout.write(out);
  };
  if (files.length) await render(files, false);
  for (let i = 0; i < dirs.length; i++) {
    const d = dirs[i]!;
    if (files.length || dirs.length > 1) await p.stdout.write(`${files.length || i > 0 ? '\n' : ''}${d}:\n`);
    let names: string[];
    try {
      names = fsx.readdir(d, p.cwd);
    } catch (e) {
      await warn(p, `ls: cannot open directory '${d}': ${fsErr(e)}`);
      status = 2;
      continue;
    }
    if (!showAll && !almostAll) names = names.filter((n) => !n.startsWith('.'));
    const dv = normalizeVirtual(d, p.cwd);
    const entries = names.map((n) => {
      const vp = dv === '/' ? `/${n}` : `${dv}/${n}`;
      return { name: n, st: fsx.lstat(vp), vpath: vp };
    });
    if (showAll) {
      entries.unshift({ name: '..', st: fsx.stat(path.posix.dirname(dv)), vpath: path.posix.dirname(dv) });
      entries.unshift({ name: '.', st: fsx.stat(dv), vpath: dv });
    }
    await render(entries, true);
  }
  return status;
};

function fileType(st: SimStat): string {
  if (st.isSymlink) return 'symbolic link';
  if (st.isDirectory) return 'directory';
  if (st.isBlockDevice) return 'block special file';
  return st.size === 0 ? 'regular empty file' : 'regular file';
}

const stat = async (argv: string[], p: Proc): Promise<number> => {
  const { f, v, ops, long } = flagsOf(argv.slice(1), 'c');
  const fmt = v.get('c') ?? longVal(long, '--format') ?? longVal(long, '--printf');
  const printfMode = longVal(long, '--printf') !== undefined;
  const follow = f.has('L') || long.includes('--dereference');
  let status = 0;
  for (const file of ops) {
    let st: SimStat;
    try {
      st = follow ? p.host.fs.stat(file, p.cwd) : p.host.fs.lstat(file, p.cwd);
    } catch (e) {
      await warn(p, `stat: cannot statx '${file}': ${fsErr(e)}`);
      status = 1;
      continue;
    }
    if (fmt !== undefined) {
      let s = fmt.replace(/%([a-zA-Z%])/g, (_, c: string) => {
        switch (c) {
          case 's':
            return String(st.size);
          case 'Y':
          case 'Z':
            return String(Math.floor(st.mtimeMs / 1000));
          case 'X':
            return String(Math.floor(st.atimeMs / 1000));
          case 'W':
            return '0';
          case 'b':
            return String(st.blocks);
          case 'B':
            return '512';
          case 'n':
            return file;
          case 'N':
            if (st.isSymlink) return `'${file}' -> '${p.host.fs.readlink(file, p.cwd)}'`;
            return `'${file}'`;
          case 'F':
            return fileType(st);
          case 'a':
            return (st.mode & 0o7777).toString(8);
          case 'A':
            return modeString(st);
          case 'f':
            return st.mode.toString(16);
          case 'h':
            return String(st.nlink);
          case 'U':
          case 'G':
            return 'root';
          case 'u':
          case 'g':
            return '0';
          case 'i':
            return '0';
          case 'o':
            return '4096';
          case 'y':
          case 'z':
            return new Date(st.mtimeMs).toISOString().replace('T', ' ').replace('Z', '000000 +0000');
          case '%':
            return '%';
        }
        return '?';
      });
      if (printfMode) s = backslashEscapes(s, { stop: false });
      else s += '\n';
      await p.stdout.write(s);
    } else {
      const iso = (ms: number): string =>
        new Date(ms).toISOString().replace('T', ' ').replace('Z', '000000 +0000');
      await p.stdout.write(
        `  File: ${file}\n  Size: ${st.size}\tBlocks: ${st.blocks}\tIO Block: 4096   ${fileType(st)}\n` +
          `Device: 254,1\tInode: 0\tLinks: ${st.nlink}\n` +
          `Access: (${(st.mode & 0o7777).toString(8).padStart(4, '0')}/${modeString(st)})  Uid: (    0/    root)   Gid: (    0/    root)\n` +
          `Access: ${iso(st.atimeMs)}\nModify: ${iso(st.mtimeMs)}\nChange: ${iso(st.mtimeMs)}\n Birth: -\n`,
      );
    }
  }
  return status;
};

// --- file operations ------------------------------------------------------------------------------

const mkdir = async (argv: string[], p: Proc): Promise<number> => {
  const { f, ops } = flagsOf(argv.slice(1), 'm');
  let status = 0;
  for (const d of ops) {
    try {
      if (f.has('p')) {
        const st = p.host.fs.tryStat(d, p.cwd);
        if (st?.isDirectory) continue;
      }
      p.host.fs.mkdir(d, { cwd: p.cwd, recursive: f.has('p') });
    } catch (e) {
      await warn(p, `mkdir: cannot create directory '${d}': ${fsErr(e)}`);
      status = 1;
    }
  }
  return status;
};

const rmdir = async (argv: string[], p: Proc): Promise<number> => {
  const { ops } = flagsOf(argv.slice(1));
  let status = 0;
  for (const d of ops) {
    try {
      p.host.fs.rmdir(d, p.cwd);
    } catch (e) {
      await warn(p, `rmdir: failed to remove '${d}': ${fsErr(e)}`);
      status = 1;
    }
  }
  return status;
};

const rm = async (argv: string[], p: Proc): Promise<number> => {
  const { f, ops } = flagsOf(argv.slice(1));
  const force = f.has('f');
  const recursive = f.has('r') || f.has('R');
  let status = 0;
  for (const t of ops) {
    const st = p.host.fs.tryLstat(t, p.cwd);
    if (!st) {
      if (!force) {
        await warn(p, `rm: cannot remove '${t}': No such file or directory`);
        status = 1;
      }
      continue;
    }
    try {
      if (st.isDirectory) {
        if (!recursive) {
          await warn(p, `rm: cannot remove '${t}': Is a directory`);
          status = 1;
          continue;
        }
        if (normalizeVirtual(t, p.cwd) === '/') {
          await warn(
            p,
            "rm: it is dangerous to operate recursively on '/'\nrm: use --no-preserve-root to override this failsafe",
          );
          status = 1;
          continue;
        }
        p.host.fs.rmRecursive(t, p.cwd);
      } else p.host.fs.unlink(t, p.cwd);
    } catch (e) {
      await warn(p, `rm: cannot remove '${t}': ${fsErr(e)}`);
      status = 1;
    }
  }
  return status;
};

const mv = async (argv: string[], p: Proc): Promise<number> => {
  const { ops } = flagsOf(argv.slice(1));
  if (ops.length < 2) {
    await warn(p, `mv: missing destination file operand after '${ops[0] ?? ''}'`);
    return 1;
  }
  const dest = ops[ops.length - 1]!;
  let status = 0;
  for (const src of ops.slice(0, -1)) {
    if (!p.host.fs.tryLstat(src, p.cwd)) {
      await warn(p, `mv: cannot stat '${src}': No such file or directory`);
      status = 1;
      continue;
    }
    try {
      p.host.fs.rename(src, dest, p.cwd);
    } catch (e) {
      await warn(p, `mv: cannot move '${src}' to '${dest}': ${fsErr(e)}`);
      status = 1;
    }
  }
  return status;
};

const cp = async (argv: string[], p: Proc): Promise<number> => {
  const { f, ops, long } = flagsOf(argv.slice(1));
  const sparse = longVal(long, '--sparse') === 'always';
  if (ops.length < 2) {
    await warn(p, `cp: missing destination file operand after '${ops[0] ?? ''}'`);
    return 1;
  }
  const dest = ops[ops.length - 1]!;
  let status = 0;
  const copyTree = (src: string, dst: string): void => {
    const st = p.host.fs.lstat(src, p.cwd);
    if (st.isSymlink && (f.has('a') || f.has('P') || f.has('d'))) {
      p.host.fs.symlink(p.host.fs.readlink(src, p.cwd), dst, p.cwd);
    } else if (p.host.fs.stat(src, p.cwd).isDirectory) {
      if (!p.host.fs.tryStat(dst, p.cwd)) p.host.fs.mkdir(dst, { cwd: p.cwd });
      for (const e of p.host.fs.readdir(src, p.cwd)) copyTree(`${src}/${e}`, `${dst}/${e}`);
    } else p.host.fs.copyFile(src, dst, { cwd: p.cwd, sparse });
  };
  for (const src of ops.slice(0, -1)) {
    const st = p.host.fs.tryStat(src, p.cwd);
    if (!st) {
      await warn(p, `cp: cannot stat '${src}': No such file or directory`);
      status = 1;
      continue;
    }
    try {
      if (st.isDirectory) {
        if (!f.has('r') && !f.has('R') && !f.has('a')) {
          await warn(p, `cp: -r not specified; omitting directory '${src}'`);
          status = 1;
          continue;
        }
        const dst = p.host.fs.tryStat(dest, p.cwd)?.isDirectory
          ? `${dest}/${path.posix.basename(src)}`
          : dest;
        copyTree(src, dst);
      } else await p.host.fs.copyFileAsync(src, dest, { cwd: p.cwd, sparse });
    } catch (e) {
      await warn(p, `cp: cannot create regular file '${dest}': ${fsErr(e)}`);
      status = 1;
    }
  }
  return status;
};

const ln = async (argv: string[], p: Proc): Promise<number> => {
  const { f, ops } = flagsOf(argv.slice(1));
  if (!f.has('s')) {
    await warn(p, 'ln: hard links are not supported on this host');
    return 1;
  }
  if (ops.length < 1) {
    await warn(p, 'ln: missing file operand');
    return 1;
  }
  const target = ops[0]!;
  let link = ops[1] ?? path.posix.basename(target);
  const fsx = p.host.fs;
  const lst = fsx.tryLstat(link, p.cwd);
  const noDeref = f.has('n') || f.has('T');
  if (
    lst &&
    !f.has('T') &&
    (noDeref ? lst.isDirectory && !lst.isSymlink : fsx.tryStat(link, p.cwd)?.isDirectory)
  ) {
    link = `${link.replace(/\/+$/, '')}/${path.posix.basename(target)}`;
  }
  const existing = fsx.tryLstat(link, p.cwd);
  if (existing) {
    if (!f.has('f')) {
      await warn(p, `ln: failed to create symbolic link '${link}': File exists`);
      return 1;
    }
    try {
      if (existing.isDirectory && !existing.isSymlink) throw new FsError('EISDIR', link);
      fsx.unlink(link, p.cwd);
    } catch (e) {
      await warn(p, `ln: cannot remove '${link}': ${fsErr(e)}`);
      return 1;
    }
  }
  try {
    fsx.symlink(target, link, p.cwd);
  } catch (e) {
    await warn(p, `ln: failed to create symbolic link '${link}': ${fsErr(e)}`);
    return 1;
  }
  return 0;
};

const readlink = async (argv: string[], p: Proc): Promise<number> => {
  const { f, ops } = flagsOf(argv.slice(1));
  let status = 0;
  for (const t of ops) {
    try {
      const v =
        f.has('f') || f.has('e') || f.has('m') ? p.host.fs.realpath(t, p.cwd) : p.host.fs.readlink(t, p.cwd);
      await p.stdout.write(v + (f.has('n') ? '' : '\n'));
    } catch (e) {
      if (f.has('m')) await p.stdout.write(normalizeVirtual(t, p.cwd) + '\n');
      else {
        if (f.has('v')) await warn(p, `readlink: ${t}: ${fsErr(e)}`);
        status = 1;
      }
    }
  }
  return status;
};

const realpath = async (argv: string[], p: Proc): Promise<number> => {
  const { ops } = flagsOf(argv.slice(1));
  let status = 0;
  for (const t of ops) {
    try {
      await p.stdout.write(p.host.fs.realpath(t, p.cwd) + '\n');
    } catch (e) {
      await warn(p, `realpath: ${t}: ${fsErr(e)}`);
      status = 1;
    }
  }
  return status;
};

const touch = async (argv: string[], p: Proc): Promise<number> => {
  const { f, ops } = flagsOf(argv.slice(1), 'dtr');
  let status = 0;
  for (const t of ops) {
    try {
      if (!p.host.fs.tryStat(t, p.cwd)) {
        if (f.has('c')) continue;
        p.host.fs.writeFile(t, '', { cwd: p.cwd, append: true });
      } else {
        const now = Date.now() / 1000;
        p.host.fs.utimes(t, now, now, p.cwd);
      }
    } catch (e) {
      await warn(p, `touch: cannot touch '${t}': ${fsErr(e)}`);
      status = 1;
    }
  }
  return status;
};

export function parseSize(s: string): number | null {
  const m = /^(\d+(?:\.\d+)?)([KMGTPE]?)(i?B?)?$/i.exec(s);
  if (!m) return null;
  const powers: Record<string, number> = { '': 0, K: 1, M: 2, G: 3, T: 4, P: 5, E: 6 };
  const unit = m[2]!.toUpperCase();
  const si = m[3]?.toUpperCase() === 'B';
  return Math.round(Number(m[1]) * (si ? 1000 : 1024) ** powers[unit]!);
}

const truncate = async (argv: string[], p: Proc): Promise<number> => {
  const { f, v, ops } = flagsOf(argv.slice(1), 's');
  const spec = v.get('s');
  if (spec === undefined) {
    await warn(p, "truncate: you must specify either '--size' or '--reference'");
    return 1;
  }
  const m = /^([-+<>/%]?)(.*)$/.exec(spec)!;
  const size = parseSize(m[2]!);
  if (size === null) {
    await warn(p, `truncate: Invalid number: '${spec}'`);
    return 1;
  }
  let status = 0;
  for (const t of ops) {
    try {
      const cur = p.host.fs.tryStat(t, p.cwd);
      if (!cur && f.has('c')) continue;
      const base = cur?.size ?? 0;
      const n = m[1] === '+' ? base + size : m[1] === '-' ? Math.max(0, base - size) : size;
      p.host.fs.truncate(t, n, p.cwd);
    } catch (e) {
      await warn(p, `truncate: cannot open '${t}' for writing: ${fsErr(e)}`);
      status = 1;
    }
  }
  return status;
};

const chmod = async (argv: string[], p: Proc): Promise<number> => {
  // GNU getopt: options anywhere until "--"; after it every word is an operand
  const args = argv.slice(1);
  const dd = args.indexOf('--');
  const ops = [
    ...(dd < 0 ? args : args.slice(0, dd)).filter((a) => !/^-[Rvf]+$/.test(a)),
    ...(dd < 0 ? [] : args.slice(dd + 1)),
  ];
  const [mode, ...files] = ops;
  let status = 0;
  for (const t of files) {
    try {
      const st = p.host.fs.stat(t, p.cwd);
      let m = st.mode & 0o7777;
      if (/^[0-7]+$/.test(mode ?? '')) m = parseInt(mode!, 8);
      else
        for (const clause of (mode ?? '').split(',')) {
          const cm = /^([ugoa]*)([-+=])([rwxXst]*)$/.exec(clause);
          if (!cm) continue;
          const who = cm[1] || 'a';
          let bits = 0;
          for (const c of cm[3]!) bits |= c === 'r' ? 4 : c === 'w' ? 2 : c === 'x' || c === 'X' ? 1 : 0;
          let mask = 0;
          if (who.includes('u') || who.includes('a')) mask |= bits << 6;
          if (who.includes('g') || who.includes('a')) mask |= bits << 3;
          if (who.includes('o') || who.includes('a')) mask |= bits;
          if (cm[2] === '+') m |= mask;
          else if (cm[2] === '-') m &= ~mask;
          else m = mask;
        }
      p.host.fs.chmod(t, m, p.cwd);
    } catch (e) {
      await warn(p, `chmod: cannot access '${t}': ${fsErr(e)}`);
      status = 1;
    }
  }
  return status;
};

const chown = async (argv: string[], p: Proc): Promise<number> => {
  const ops = argv.slice(1).filter((a) => !a.startsWith('-'));
  let status = 0;
  for (const t of ops.slice(1)) {
    if (!p.host.fs.tryLstat(t, p.cwd)) {
      await warn(p, `chown: cannot access '${t}': No such file or directory`);
      status = 1;
    }
  }
  return status;
};

const mktemp = async (argv: string[], p: Proc): Promise<number> => {
  const { f, v, ops } = flagsOf(argv.slice(1), 'p');
  const tmpl = ops[0] ?? 'tmp.XXXXXXXXXX';
  const dir = v.get('p') ?? (ops[0]?.includes('/') ? '' : '/tmp');
  const rnd = (n: number): string =>
    Array.from(
      { length: n },
      () =>
        'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'[Math.floor(p.host.rng.next() * 62)],
    ).join('');
  const name = tmpl.replace(/X{3,}$/, (x) => rnd(x.length));
  const full = dir ? `${dir}/${name}` : name;
  try {
    if (f.has('d')) p.host.fs.mkdir(full, { cwd: p.cwd, mode: 0o700 });
    else p.host.fs.writeFile(full, '', { cwd: p.cwd, mode: 0o600 });
  } catch (e) {
    await warn(
      p,
      `mktemp: failed to create ${f.has('d') ? 'directory' : 'file'} via template '${full}': ${fsErr(e)}`,
    );
    return 1;
  }
  await p.stdout.write(full + '\n');
  return 0;
};

// --- dd / df / du ---------------------------------------------------------------------------------

const dd = async (argv: string[], p: Proc): Promise<number> => {
  const o: Record<string, string> = {};
  for (const a of argv.slice(1)) {
    const i = a.indexOf('=');
    if (i < 0) {
      await warn(p, `dd: unrecognized operand '${a}'`);
      return 1;
    }
    o[a.slice(0, i)] = a.slice(i + 1);
  }
  const num = (k: string, d: number): number | null => {
    if (o[k] === undefined) return d;
    const m = /^(\d+)(c|w|b|kB|KB|K|k|MB|M|GB|G|TB|T)?$/.exec(o[k]!);
    if (!m) return null;
    const mult: Record<string, number> = {
      c: 1,
      w: 2,
      b: 512,
      kB: 1000,
      KB: 1000,
      K: 1024,
      k: 1024,
      MB: 1e6,
      M: 1048576,
      GB: 1e9,
      G: 1073741824,
      TB: 1e12,
      T: 1099511627776,
    };
    return Number(m[1]) * (m[2] ? mult[m[2]]! : 1);
  };
  const bs = num('bs', 512);
  const ibs = o.bs ? bs : num('ibs', 512);
  const obs = o.bs ? bs : num('obs', 512);
  const count = o.count !== undefined ? num('count', 0) : Infinity;
  const seek = num('seek', 0);
  const skip = num('skip', 0);
  if ([bs, ibs, obs, count, seek, skip].some((x) => x === null)) {
    await warn(p, `dd: invalid number: '${Object.values(o).find((x) => !/^\d+[a-zA-Z]*$/.test(x)) ?? ''}'`);
    return 1;
  }
  const conv = (o.conv ?? '').split(',');
  const quiet = o.status === 'none';
  const t0 = Date.now();
  let input: Reader = p.stdin;
  let zeros = false;
  if (o.if !== undefined) {
    zeros = normalizeVirtual(o.if, p.cwd) === '/dev/zero';
    try {
      input = reader(p, o.if);
    } catch (e) {
      await warn(p, `dd: failed to open '${o.if}': ${fsErr(e)}`);
      return 1;
    }
  }
  let outFd: number | null = null;
  const ofV = o.of !== undefined ? normalizeVirtual(o.of, p.cwd) : null;
  if (ofV && ofV !== '/dev/null') {
    try {
      const exists = p.host.fs.tryStat(ofV);
      outFd = p.host.fs.open(ofV, exists ? 'r+' : 'w+');
      if (!conv.includes('notrunc')) nodeFs.ftruncateSync(outFd, seek! * obs!);
    } catch (e) {
      await warn(p, `dd: failed to open '${o.of}': ${fsErr(e)}`);
      return 1;
    }
  }
  let fullIn = 0;
  let partIn = 0;
  let written = 0;
  let pos = seek! * obs!;
  let pending = Buffer.alloc(0);
  let skipped = 0;
  const toSkip = skip! * ibs!;
  try {
    let blocks = 0;
    while (blocks < count!) {
      const c = await abortable(input.read(), p.signal);
      if (c === null) break;
      let chunk = c;
      if (skipped < toSkip) {
        const s = Math.min(toSkip - skipped, chunk.length);
        skipped += s;
        chunk = chunk.subarray(s);
      }
      pending = Buffer.concat([pending, chunk]);
      while (pending.length >= ibs! && blocks < count!) {
        const blk = pending.subarray(0, ibs!);
        pending = pending.subarray(ibs!);
        blocks++;
        fullIn++;
        if (outFd !== null) {
          if (!(zeros && blk.equals(Buffer.alloc(blk.length))))
            nodeFs.writeSync(outFd, blk, 0, blk.length, pos);
          else if (nodeFs.fstatSync(outFd).size < pos + blk.length)
            nodeFs.ftruncateSync(outFd, pos + blk.length);
        } else if (!ofV) await p.stdout.write(Buffer.from(blk));
        pos += blk.length;
        written += blk.length;
      }
      if (zeros && count === Infinity) break; // never read /dev/zero forever without count
    }
    if (pending.length && blocks < count!) {
      partIn++;
      if (outFd !== null) nodeFs.writeSync(outFd, pending, 0, pending.length, pos);
      else if (!ofV) await p.stdout.write(pending);
      written += pending.length;
    }
  } finally {
    input.close?.();
    if (outFd !== null) nodeFs.closeSync(outFd);
  }
  if (!quiet) {
    const secs = Math.max((Date.now() - t0) / 1000, 0.000012);
    const fullOut = Math.floor(written / obs!);
    const partOut = written % obs! ? 1 : 0;
    const rate = written / secs;
    const h = (n: number, base: number, units: string[]): string => {
      let v = n;
      let u = 0;
      while (v >= base && u < units.length - 1) {
        v /= base;
        u++;
      }
      return `${v < 10 ? v.toFixed(1) : Math.round(v)} ${units[u]}`;
    };
    const sizeTxt =
      written >= 1000
        ? ` (${h(written, 1000, ['B', 'kB', 'MB', 'GB', 'TB'])}, ${h(written, 1024, ['B', 'KiB', 'MiB', 'GiB', 'TiB'])})`
        : '';
    await p.stderr.write(
      `${fullIn}+${partIn} records in\n${fullOut}+${partOut} records out\n${written} byte${written === 1 ? '' : 's'}${sizeTxt} copied, ${secs.toPrecision(3)} s, ${h(rate, 1000, ['B/s', 'kB/s', 'MB/s', 'GB/s'])}\n`,
    );
  }
  return 0;
};

const DISK_TOTAL = 20 * 1024 * 1024 * 1024;
const DISK_BASE_USED = 3 * 1024 * 1024 * 1024;

const df = async (argv: string[], p: Proc): Promise<number> => {
  const { f, v, ops, long } = flagsOf(argv.slice(1), 'Bt');
  for (const t of ops) {
    if (!p.host.fs.exists(t, p.cwd)) {
      await warn(p, `df: ${t}: No such file or directory`);
      return 1;
    }
  }
  const used = DISK_BASE_USED + p.host.fs.usage('/');
  const avail = Math.max(0, DISK_TOTAL - used);
  const bsArg = v.get('B') ?? longVal(long, '--block-size');
  const block = bsArg
    ? (parseSize(bsArg.replace(/^1$/, '1')) ?? 1024)
    : f.has('k') || f.has('P')
      ? 1024
      : 1024;
  const human = f.has('h');
  const fmt = (n: number): string =>
    human ? humanSize(n).replace(/(\d)$/, '$1') : String(Math.ceil(n / block));
  const pcent = `${Math.ceil((used / (used + avail)) * 100)}%`;
  const out = longVal(long, '--output');
  if (out !== undefined) {
    const fields = (
      out || 'source,fstype,itotal,iused,iavail,ipcent,size,used,avail,pcent,file,target'
    ).split(',');
    const hdr: Record<string, string> = {
      source: 'Filesystem',
      fstype: 'Type',
      size: bsArg ? `${bsArg}B-blocks` : '1K-blocks',
      used: 'Used',
      avail: 'Avail',
      pcent: 'Use%',
      target: 'Mounted on',
      file: 'File',
      itotal: 'Inodes',
      iused: 'IUsed',
      iavail: 'IFree',
      ipcent: 'IUse%',
    };
    if (bsArg === '1') hdr.size = '1B-blocks';
    const val: Record<string, string> = {
      source: '/dev/xvda1',
      fstype: 'ext4',
      size: fmt(DISK_TOTAL),
      used: fmt(used),
      avail: fmt(avail),
      pcent,
      target: '/',
      file: ops[0] ?? '-',
      itotal: '1310720',
      iused: '52000',
      iavail: '1258720',
      ipcent: '4%',
    };
    const widths = fields.map((k) => Math.max((hdr[k] ?? k).length, (val[k] ?? '').length));
    const line = (get: (k: string) => string): string =>
      fields
        .map((k, i) =>
          k === 'source' || k === 'target' || k === 'file' || k === 'fstype'
            ? get(k).padEnd(widths[i]!)
            : get(k).padStart(widths[i]!),
        )
        .join(' ')
        .trimEnd() + '\n';
    await p.stdout.write(
      line((k) => hdr[k] ?? k) + (ops.length ? ops : ['/']).map(() => line((k) => val[k] ?? '')).join(''),
    );
    return 0;
  }
  const sizeHdr = human
    ? 'Size'
    : f.has('P')
      ? `${bsArg ? (parseSize(bsArg) ?? 1024) : 1024}-blocks`
      : bsArg === '1'
        ? '1B-blocks'
        : bsArg
          ? `${bsArg}-blocks`
          : '1K-blocks';
  const cols = [
    f.has('P') ? 'Filesystem' : 'Filesystem',
    sizeHdr,
    'Used',
    human ? 'Avail' : 'Available',
    f.has('P') ? 'Capacity' : 'Use%',
    'Mounted on',
  ];
  const row = ['/dev/xvda1', fmt(DISK_TOTAL), fmt(used), fmt(avail), pcent, '/'];
  const w = cols.map((c, i) => Math.max(c.length, row[i]!.length));
  const fmtLine = (r: string[]): string =>
    r
      .map((c, i) => (i === 0 || i === 5 ? c.padEnd(w[i]!) : c.padStart(w[i]!)))
      .join(' ')
      .trimEnd() + '\n';
  await p.stdout.write(fmtLine(cols) + (ops.length ? ops : ['/']).map(() => fmtLine(row)).join(''));
  return 0;
};

const du = async (argv: string[], p: Proc): Promise<number> => {
  const { f, ops } = flagsOf(argv.slice(1));
  let status = 0;
  for (const t of ops.length ? ops : ['.']) {
    const st = p.host.fs.tryLstat(t, p.cwd);
    if (!st) {
      await warn(p, `du: cannot access '${t}': No such file or directory`);
      status = 1;
      continue;
    }
    const bytes = f.has('b')
      ? st.isDirectory
        ? p.host.fs.usage(normalizeVirtual(t, p.cwd))
        : st.size
      : p.host.fs.usage(normalizeVirtual(t, p.cwd));
    const n = f.has('b') ? bytes : f.has('h') ? humanSize(bytes) : Math.ceil(bytes / 1024);
    await p.stdout.write(`${n}\t${t}\n`);
  }
  return status;
};

// --- text tools -------------------------------------------------------------------------------------

/** POSIX BRE/ERE to a JavaScript RegExp source. */
export function posixRegex(pat: string, extended: boolean): string {
  if (extended)
    return pat
      .replace(/\[\[:(\w+):\]\]/g, (_, c: string) => `[${classOf(c)}]`)
      .replace(/\[:(\w+):\]/g, (_, c: string) => classOf(c));
  let out = '';
  for (let i = 0; i < pat.length; i++) {
    const c = pat[i]!;
    if (c === '\\' && i + 1 < pat.length) {
      const n = pat[++i]!;
      if ('(){}|+?'.includes(n)) out += n;
      else out += '\\' + n;
    } else if ('(){}|+?'.includes(c)) out += '\\' + c;
    else if (c === '[') {
      const end = pat.indexOf(']', i + 2);
      if (end < 0) {
        out += '\\[';
        continue;
      }
      out += pat.slice(i, end + 1).replace(/\[:(\w+):\]/g, (_, cl: string) => classOf(cl));
      i = end;
    } else out += c;
  }
  return out;
}

function classOf(c: string): string {
  return (
    (
      {
        alpha: 'A-Za-z',
        digit: '0-9',
        alnum: 'A-Za-z0-9',
        space: ' \\t\\n\\r\\f\\v',
        upper: 'A-Z',
        lower: 'a-z',
        xdigit: '0-9A-Fa-f',
        punct: '!-/:-@\\[-`{-~',
        blank: ' \\t',
      } as Record<string, string>
    )[c] ?? ''
  );
}

const grep = async (argv: string[], p: Proc): Promise<number> => {
  const args = argv.slice(1);
  const pats: string[] = [];
  const files: string[] = [];
  const f = new Set<string>();
  let maxCount = Infinity;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '-e') pats.push(args[++i] ?? '');
    else if (a === '-m') maxCount = Number(args[++i]);
    else if (a === '--') {
      files.push(...args.slice(i + 1));
      break;
    } else if (a.startsWith('--')) {
      if (a === '--quiet' || a === '--silent') f.add('q');
      else if (a === '--count') f.add('c');
      else if (a === '--invert-match') f.add('v');
      else if (a === '--extended-regexp') f.add('E');
      else if (a === '--fixed-strings') f.add('F');
      else if (a === '--ignore-case') f.add('i');
    } else if (a.startsWith('-') && a.length > 1) for (const c of a.slice(1)) f.add(c);
    else if (!pats.length && !f.has('e')) pats.push(a);
    else files.push(a);
  }
  if (!pats.length) {
    await warn(p, 'Usage: grep [OPTION]... PATTERNS [FILE]...');
    return 2;
  }
  const flags = f.has('i') ? 'i' : '';
  const res = pats.map((pt) => {
    let src = f.has('F') ? pt.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&') : posixRegex(pt, f.has('E'));
    if (f.has('w')) src = `(?<![A-Za-z0-9_])(?:${src})(?![A-Za-z0-9_])`;
    if (f.has('x')) src = `^(?:${src})$`;
    return new RegExp(src, flags + (f.has('o') ? 'g' : ''));
  });
  let any = false;
  const multi = files.length > 1;
  const status = await eachInput(
    p,
    files,
    'grep',
    async (r, name) => {
      const lr = new LineReader(r);
      let n = 0;
      let count = 0;
      for (;;) {
        const line = await lr.readLine();
        if (line === null) break;
        n++;
        const hit = res.some((re) => {
          re.lastIndex = 0;
          return re.test(line);
        });
        if (hit === f.has('v')) continue;
        count++;
        any = true;
        if (f.has('q')) return;
        if (f.has('l')) {
          await p.stdout.write(name + '\n');
          return;
        }
        if (!f.has('c')) {
          const prefix = (multi && !f.has('h') ? `${name}:` : '') + (f.has('n') ? `${n}:` : '');
          if (f.has('o') && !f.has('v')) {
            for (const re of res) {
              re.lastIndex = 0;
              for (const m of line.matchAll(re)) if (m[0]) await p.stdout.write(prefix + m[0] + '\n');
            }
          } else await p.stdout.write(prefix + line + '\n');
        }
        if (count >= maxCount) break;
      }
      if (f.has('c')) await p.stdout.write((multi ? `${name}:` : '') + count + '\n');
    },
    (file, e) => (f.has('s') ? '' : `grep: ${file}: ${e}`),
  );
  if (status && !any) return 2;
  return any ? 0 : 1;
};

async function inputLines(
  p: Proc,
  files: string[],
  prog: string,
): Promise<{ lines: string[]; status: number }> {
  const lines: string[] = [];
  const status = await eachInput(p, files, prog, async (r) => {
    const s = (await readAll(r)).toString('utf8');
    const ls = s.split('\n');
    if (ls[ls.length - 1] === '') ls.pop();
    lines.push(...ls);
  });
  return { lines, status };
}

const sort = async (argv: string[], p: Proc): Promise<number> => {
  const { f, v, ops } = flagsOf(argv.slice(1), 'ktTo');
  const { lines, status } = await inputLines(p, ops, 'sort');
  const sep = v.get('t');
  const key = v.get('k');
  const keyOf = (l: string): string => {
    if (!key) return l;
    const k = Number(key.split(',')[0]!.replace(/[a-z]/g, '')) - 1;
    const fields = sep !== undefined ? l.split(sep) : l.trim().split(/\s+/);
    return fields.slice(k).join(sep ?? ' ');
  };
  const numeric = f.has('n') || /n/.test(key ?? '');
  lines.sort((a, b) => {
    const ka = keyOf(a);
    const kb = keyOf(b);
    if (numeric) return (parseFloat(ka) || 0) - (parseFloat(kb) || 0) || (a < b ? -1 : a > b ? 1 : 0);
    return ka < kb ? -1 : ka > kb ? 1 : 0;
  });
  if (f.has('r')) lines.reverse();
  const out = f.has('u') ? lines.filter((l, i) => i === 0 || keyOf(l) !== keyOf(lines[i - 1]!)) : lines;
  await p.stdout.write(out.map((l) => l + '\n').join(''));
  return status;
};

const uniq = async (argv: string[], p: Proc): Promise<number> => {
  const { f, ops } = flagsOf(argv.slice(1));
  const { lines, status } = await inputLines(p, ops.slice(0, 1), 'uniq');
  const groups: { l: string; n: number }[] = [];
  for (const l of lines) {
    const last = groups[groups.length - 1];
    if (last && last.l === l) last.n++;
    else groups.push({ l, n: 1 });
  }
  let out = groups;
  if (f.has('d')) out = groups.filter((g) => g.n > 1);
  if (f.has('u')) out = groups.filter((g) => g.n === 1);
  await p.stdout.write(
    out.map((g) => (f.has('c') ? `${String(g.n).padStart(7)} ${g.l}` : g.l) + '\n').join(''),
  );
  return status;
};

function rangeList(spec: string): (i: number) => boolean {
  const parts = spec.split(',').map((r) => {
    const m = /^(\d*)(-?)(\d*)$/.exec(r);
    if (!m) return () => false;
    const a = m[1] ? Number(m[1]) : 1;
    const b = m[3] ? Number(m[3]) : m[2] ? Infinity : a;
    return (i: number) => i >= a && i <= b;
  });
  return (i) => parts.some((f) => f(i));
}

const cut = async (argv: string[], p: Proc): Promise<number> => {
  const { v, ops } = flagsOf(argv.slice(1), 'dfcb');
  const { lines, status } = await inputLines(p, ops, 'cut');
  const delim = v.get('d') ?? '\t';
  let out = '';
  if (v.has('f')) {
    const sel = rangeList(v.get('f')!);
    for (const l of lines) {
      if (!l.includes(delim)) {
        out += l + '\n';
        continue;
      }
      out +=
        l
          .split(delim)
          .filter((_, i) => sel(i + 1))
          .join(delim) + '\n';
    }
  } else {
    const sel = rangeList(v.get('c') ?? v.get('b') ?? '1-');
    for (const l of lines) out += [...l].filter((_, i) => sel(i + 1)).join('') + '\n';
  }
  await p.stdout.write(out);
  return status;
};

function expandSet(s: string): string {
  const cls: Record<string, string> = {
    '[:upper:]': 'ABCDEFGHIJKLMNOPQRSTUVWXYZ',
    '[:lower:]': 'abcdefghijklmnopqrstuvwxyz',
    '[:digit:]': '0123456789',
    '[:space:]': ' \t\n\r\f\v',
  };
  for (const [k, v] of Object.entries(cls)) s = s.split(k).join(v);
  s = backslashEscapes(s, { stop: false });
  let out = '';
  for (let i = 0; i < s.length; i++) {
    if (s[i + 1] === '-' && i + 2 < s.length) {
      for (let c = s.charCodeAt(i); c <= s.charCodeAt(i + 2); c++) out += String.fromCharCode(c);
      i += 2;
    } else out += s[i];
  }
  return out;
}

const tr = async (argv: string[], p: Proc): Promise<number> => {
  const { f, ops } = flagsOf(argv.slice(1));
  const data = (await readAll(p.stdin)).toString('latin1');
  const a = expandSet(ops[0] ?? '');
  const b = expandSet(ops[1] ?? '');
  let out = '';
  for (const c of data) {
    const i = a.indexOf(c);
    const inSet = f.has('c') ? i < 0 : i >= 0;
    if (f.has('d')) {
      if (!inSet) out += c;
    } else if (i >= 0 && b) out += b[Math.min(i, b.length - 1)];
    else out += c;
  }
  if (f.has('s') && b) out = out.replace(new RegExp(`([${b.replace(/[\]\\^-]/g, '\\$&')}])\\1+`, 'g'), '$1');
  await p.stdout.write(Buffer.from(out, 'latin1'));
  return 0;
};

const tee = async (argv: string[], p: Proc): Promise<number> => {
  const { f, ops } = flagsOf(argv.slice(1));
  let status = 0;
  const fds: number[] = [];
  for (const t of ops) {
    try {
      fds.push(p.host.fs.open(t, f.has('a') ? 'a' : 'w', 0o644, p.cwd));
    } catch (e) {
      await warn(p, `tee: ${t}: ${fsErr(e)}`);
      status = 1;
    }
  }
  try {
    for (;;) {
      const c = await abortable(p.stdin.read(), p.signal);
      if (c === null) break;
      for (const fd of fds) nodeFs.writeSync(fd, c);
      await p.stdout.write(c);
    }
  } finally {
    for (const fd of fds) nodeFs.closeSync(fd);
  }
  return status;
};

const seq = async (argv: string[], p: Proc): Promise<number> => {
  const nums = argv
    .slice(1)
    .filter((a) => /^-?\d+(\.\d+)?$/.test(a))
    .map(Number);
  const [first, inc, last] =
    nums.length === 1
      ? [1, 1, nums[0]!]
      : nums.length === 2
        ? [nums[0]!, 1, nums[1]!]
        : [nums[0]!, nums[1]!, nums[2]!];
  let out = '';
  if (inc !== 0) for (let i = first; inc > 0 ? i <= last : i >= last; i += inc) out += `${i}\n`;
  await p.stdout.write(out);
  return 0;
};

const yes = async (argv: string[], p: Proc): Promise<number> => {
  const line = (argv.length > 1 ? argv.slice(1).join(' ') : 'y') + '\n';
  const chunk = line.repeat(Math.max(1, Math.floor(8192 / line.length)));
  for (;;) {
    if (p.signal.aborted) return 130;
    await p.stdout.write(chunk);
  }
};

const basename = async (argv: string[], p: Proc): Promise<number> => {
  const [name = '', suffix] = argv.slice(1).filter((a) => !a.startsWith('-'));
  let b = path.posix.basename(name);
  if (suffix && b.endsWith(suffix) && b !== suffix) b = b.slice(0, -suffix.length);
  await p.stdout.write(b + '\n');
  return 0;
};

const dirname = async (argv: string[], p: Proc): Promise<number> => {
  for (const a of argv.slice(1)) await p.stdout.write(path.posix.dirname(a) + '\n');
  return 0;
};

const find = async (argv: string[], p: Proc): Promise<number> => {
  const args = argv.slice(1);
  const roots: string[] = [];
  let i = 0;
  while (i < args.length && !args[i]!.startsWith('-')) roots.push(args[i++]!);
  let maxdepth = Infinity;
  let mindepth = 0;
  const tests: ((name: string, st: SimStat) => boolean)[] = [];
  let print0 = false;
  for (; i < args.length; i++) {
    const a = args[i]!;
    const v = args[i + 1];
    if (a === '-maxdepth') {
      maxdepth = Number(v);
      i++;
    } else if (a === '-mindepth') {
      mindepth = Number(v);
      i++;
    } else if (a === '-name' || a === '-iname') {
      const re = patternToRegex(v ?? '');
      const ci = a === '-iname';
      tests.push((n) => (ci ? new RegExp(re.source, 'i') : re).test(n));
      i++;
    } else if (a === '-type') {
      const t = v;
      tests.push((_, st) =>
        t === 'f'
          ? st.isFile && !st.isSymlink
          : t === 'd'
            ? st.isDirectory && !st.isSymlink
            : t === 'l'
              ? st.isSymlink
              : false,
      );
      i++;
    } else if (a === '-print0') print0 = true;
  }
  let out = '';
  let status = 0;
  const walk = (vp: string, shown: string, depth: number): void => {
    const st = p.host.fs.tryLstat(vp);
    if (!st) return;
    if (depth >= mindepth && tests.every((t) => t(path.posix.basename(shown), st)))
      out += shown + (print0 ? '\0' : '\n');
    if (st.isDirectory && !st.isSymlink && depth < maxdepth) {
      for (const e of p.host.fs.readdir(vp))
        walk(
          vp === '/' ? `/${e}` : `${vp}/${e}`,
          shown.endsWith('/') ? shown + e : `${shown}/${e}`,
          depth + 1,
        );
    }
  };
  for (const r of roots.length ? roots : ['.']) {
    const vp = normalizeVirtual(r, p.cwd);
    if (!p.host.fs.tryLstat(vp)) {
      await warn(p, `find: '${r}': No such file or directory`);
      status = 1;
      continue;
    }
    walk(vp, r, 0);
  }
  await p.stdout.write(out);
  return status;
};

const xargs = async (argv: string[], p: Proc): Promise<number> => {
  const args = argv.slice(1);
  let i = 0;
  let n = Infinity;
  let nul = false;
  let replace: string | undefined;
  for (; i < args.length && args[i]!.startsWith('-'); i++) {
    if (args[i] === '-n') n = Number(args[++i]);
    else if (args[i] === '-0') nul = true;
    else if (args[i] === '-I') replace = args[++i];
    else if (args[i] === '-r') continue;
  }
  const cmd = args.slice(i).length ? args.slice(i) : ['echo'];
  const data = (await readAll(p.stdin)).toString('utf8');
  const items = replace
    ? data.split('\n').filter(Boolean)
    : nul
      ? data.split('\0').filter(Boolean)
      : data.split(/\s+/).filter(Boolean);
  let status = 0;
  if (replace) {
    for (const it of items) {
      const rc = await p.run(
        cmd.map((c) => c.split(replace!).join(it)),
        { stdin: EMPTY_READER },
      );
      if (rc) status = 123;
    }
    return status;
  }
  for (let k = 0; k < Math.max(1, items.length); k += n) {
    const rc = await p.run([...cmd, ...items.slice(k, k + n)], { stdin: EMPTY_READER });
    if (rc) status = 123;
    if (items.length === 0) break;
  }
  return status;
};

interface SedCmd {
  a1?: SedAddr;
  a2?: SedAddr;
  neg: boolean;
  cmd: string;
  re?: RegExp;
  repl?: string;
  global?: boolean;
  print?: boolean;
  nth?: number;
}
type SedAddr = { line: number } | { last: true } | { re: RegExp };

/** Parse a sed script: addresses N, $, /re/ and ranges; commands p d q = s/re/repl/[gpN]. */
function parseSed(script: string, ere: boolean): SedCmd[] | string {
  const cmds: SedCmd[] = [];
  let i = 0;
  const ws = (): void => {
    while (i < script.length && /[\s;]/.test(script[i]!)) i++;
  };
  const delimited = (d: string): string => {
    let out = '';
    while (i < script.length && script[i] !== d) {
      if (script[i] === '\\' && script[i + 1] === d) {
        out += d;
        i += 2;
      } else out += script[i++];
    }
    i++;
    return out;
  };
  const addr = (): SedAddr | undefined => {
    if (/\d/.test(script[i] ?? '')) {
      const m = /^\d+/.exec(script.slice(i))![0];
      i += m.length;
      return { line: Number(m) };
    }
    if (script[i] === '$') {
      i++;
      return { last: true };
    }
    if (script[i] === '/' || script[i] === '\\') {
      const d = script[i] === '\\' ? script[++i]! : '/';
      i++;
      return { re: new RegExp(posixRegex(delimited(d), ere)) };
    }
    return undefined;
  };
  for (;;) {
    ws();
    if (i >= script.length) break;
    const c: SedCmd = { neg: false, cmd: '' };
    c.a1 = addr();
    if (c.a1 && script[i] === ',') {
      i++;
      c.a2 = addr();
    }
    ws();
    if (script[i] === '!') {
      c.neg = true;
      i++;
      ws();
    }
    const cmd = script[i++];
    if (!cmd) return 'missing command';
    c.cmd = cmd;
    if (cmd === 's') {
      const d = script[i++]!;
      c.re = new RegExp(posixRegex(delimited(d), ere), '');
      c.repl = delimited(d);
      let flags = '';
      while (i < script.length && /[gpi0-9]/.test(script[i]!)) flags += script[i++];
      c.global = flags.includes('g');
      c.print = flags.includes('p');
      if (flags.includes('i')) c.re = new RegExp(c.re.source, 'i');
      const n = /\d+/.exec(flags);
      if (n) c.nth = Number(n[0]);
    } else if (!'pdq=P'.includes(cmd)) return `unknown command: \`${cmd}'`;
    cmds.push(c);
  }
  return cmds;
}

function sedReplace(line: string, c: SedCmd): { out: string; did: boolean } {
  let n = 0;
  let did = false;
  const re = new RegExp(c.re!.source, c.re!.flags.replace('g', '') + 'g');
  const out = line.replace(re, (...m: unknown[]) => {
    n++;
    if ((c.nth && n !== c.nth) || (!c.global && !c.nth && n > 1)) return m[0] as string;
    did = true;
    const groups = m.slice(0, -2) as string[];
    return c.repl!.replace(/\\(\d)|&|\\n|\\\\|\\&/g, (t, d: string | undefined) =>
      d !== undefined
        ? (groups[Number(d)] ?? '')
        : t === '&'
          ? groups[0]!
          : t === '\\n'
            ? '\n'
            : t === '\\&'
              ? '&'
              : '\\',
    );
  });
  return { out, did };
}

const sed = async (argv: string[], p: Proc): Promise<number> => {
  const args = argv.slice(1);
  let quiet = false;
  let inPlace = false;
  let ere = false;
  const scripts: string[] = [];
  const files: string[] = [];
  for (let k = 0; k < args.length; k++) {
    const a = args[k]!;
    if (a === '-e' || a === '--expression') scripts.push(args[++k] ?? '');
    else if (a.startsWith('--expression=')) scripts.push(a.slice(13));
    else if (/^-[niErs]+$/.test(a)) {
      if (a.includes('n')) quiet = true;
      if (a.includes('i')) inPlace = true;
      if (a.includes('E') || a.includes('r')) ere = true;
    } else if (a.startsWith('-i')) inPlace = true;
    else if (a === '--quiet' || a === '--silent') quiet = true;
    else if (a === '--in-place') inPlace = true;
    else if (!scripts.length) scripts.push(a);
    else files.push(a);
  }
  const cmds = parseSed(scripts.join('\n'), ere);
  if (typeof cmds === 'string') {
    await warn(p, `sed: -e expression #1, char 0: ${cmds}`);
    return 1;
  }
  const run = (text: string): string => {
    const lines = text.split('\n');
    const trailing = lines[lines.length - 1] === '';
    if (trailing) lines.pop();
    let out = '';
    const inRange = new Map<SedCmd, boolean>();
    const match = (a: SedAddr, line: string, n: number, last: boolean): boolean =>
      'line' in a ? n === a.line : 'last' in a ? last : a.re.test(line);
    for (let n = 1; n <= lines.length; n++) {
      let line = lines[n - 1]!;
      const last = n === lines.length;
      let deleted = false;
      let quit = false;
      for (const c of cmds) {
        let sel = true;
        if (c.a1 && !c.a2) sel = match(c.a1, line, n, last);
        else if (c.a1 && c.a2) {
          const a2 = c.a2;
          if (inRange.get(c)) {
            // inside a range: this line is selected; the range ends on the a2 line
            if ('line' in a2 ? n >= a2.line : match(a2, line, n, last)) inRange.set(c, false);
          } else if (match(c.a1, line, n, last)) {
            // a regex end address is only looked for from the next line on
            inRange.set(c, 'line' in a2 ? a2.line > n : true);
          } else sel = false;
        }
        if (c.neg) sel = !sel;
        if (!sel) continue;
        if (c.cmd === 'p' || c.cmd === 'P') out += line + '\n';
        else if (c.cmd === '=') out += `${n}\n`;
        else if (c.cmd === 'd') {
          deleted = true;
          break;
        } else if (c.cmd === 'q') {
          quit = true;
          break;
        } else if (c.cmd === 's') {
          const r = sedReplace(line, c);
          line = r.out;
          if (r.did && c.print) out += line + '\n';
        }
      }
      if (!deleted && !quiet) out += line + (last && !trailing ? '' : '\n');
      if (quit) break;
    }
    return out;
  };
  if (inPlace) {
    let status = 0;
    for (const f of files) {
      try {
        p.host.fs.writeFile(f, run(p.host.fs.readText(f, p.cwd)), { cwd: p.cwd });
      } catch (e) {
        await warn(p, `sed: can't read ${f}: ${fsErr(e)}`);
        status = 2;
      }
    }
    return status;
  }
  let text = '';
  const status = await eachInput(
    p,
    files,
    'sed',
    async (r) => {
      text += (await readAll(r)).toString('utf8');
    },
    (f, e) => `sed: can't read ${f}: ${e}`,
  );
  await p.stdout.write(run(text));
  return status ? 2 : 0;
};

/** awk for one-liners: [BEGIN|END|/re/|EXPR] { print a, b; … } with $N NF NR, strings, -F SEP. */
const awk = async (argv: string[], p: Proc): Promise<number> => {
  const args = argv.slice(1);
  let fs: string | null = null;
  let prog: string | undefined;
  const files: string[] = [];
  const vars = new Map<string, string>();
  for (let k = 0; k < args.length; k++) {
    const a = args[k]!;
    if (a === '-F') fs = args[++k] ?? ' ';
    else if (a.startsWith('-F')) fs = a.slice(2);
    else if (a === '-v') {
      const [n, ...v] = (args[++k] ?? '').split('=');
      vars.set(n!, v.join('='));
    } else if (prog === undefined) prog = a;
    else files.push(a);
  }
  if (prog === undefined) {
    await warn(p, 'usage: awk [-F fs][-v var=value][prog | -f progfile][file ...]');
    return 2;
  }
  const rules: { pat: string; action: string }[] = [];
  const re = /\s*(BEGIN|END|\/(?:\\.|[^/])*\/|[^{]*?)\s*\{([^}]*)\}/gy;
  let m: RegExpExecArray | null;
  let last = 0;
  while ((m = re.exec(prog))) {
    rules.push({ pat: m[1]!.trim(), action: m[2]! });
    last = re.lastIndex;
  }
  if (prog.slice(last).trim()) rules.push({ pat: prog.slice(last).trim(), action: 'print $0' });
  const { lines, status } = await inputLines(p, files, 'awk');
  let out = '';
  let nr = 0;
  let fields: string[] = [];
  let line = '';
  const val = (tok: string): string => {
    tok = tok.trim();
    if (/^".*"$/.test(tok)) return backslashEscapes(tok.slice(1, -1), { stop: false });
    if (tok === 'NR') return String(nr);
    if (tok === 'NF') return String(fields.length);
    const fm = /^\$(\d+|NF)$/.exec(tok);
    if (fm) {
      const i = fm[1] === 'NF' ? fields.length : Number(fm[1]);
      return i === 0 ? line : (fields[i - 1] ?? '');
    }
    if (/^-?\d+(\.\d+)?$/.test(tok)) return tok;
    return vars.get(tok) ?? '';
  };
  const expr = (e: string): string => (e.match(/"(?:\\.|[^"])*"|[^\s"]+/g) ?? []).map(val).join('');
  const test = (pat: string): boolean => {
    if (!pat) return true;
    const rm = /^\/((?:\\.|[^/])*)\/$/.exec(pat);
    if (rm) return new RegExp(posixRegex(rm[1]!, true)).test(line);
    const cm = /^(.+?)\s*(==|!=|>=|<=|>|<|~)\s*(.+)$/.exec(pat);
    if (cm) {
      const a = val(cm[1]!);
      const b = cm[2] === '~' ? cm[3]!.replace(/^\/|\/$/g, '') : val(cm[3]!);
      const num = /^-?\d+(\.\d+)?$/.test(a) && /^-?\d+(\.\d+)?$/.test(b);
      const [x, y] = num ? [Number(a), Number(b)] : [a, b];
      switch (cm[2]) {
        case '==':
          return x === y;
        case '!=':
          return x !== y;
        case '>':
          return x > y;
        case '<':
          return x < y;
        case '>=':
          return x >= y;
        case '<=':
          return x <= y;
        case '~':
          return new RegExp(posixRegex(b, true)).test(a);
      }
    }
    return val(pat) !== '' && val(pat) !== '0';
  };
  const act = (action: string): void => {
    for (const stmt of action.split(';')) {
      const st = stmt.trim();
      if (!st) continue;
      const pm = /^print(?:\s+(.*))?$/.exec(st);
      if (pm)
        out +=
          (pm[1]
            ? pm[1]
                .split(/,(?=(?:[^"]*"[^"]*")*[^"]*$)/)
                .map(expr)
                .join(' ')
            : line) + '\n';
      const am = /^([A-Za-z_]\w*)\s*(\+)?=\s*(.+)$/.exec(st);
      if (am)
        vars.set(am[1]!, am[2] ? String(Number(vars.get(am[1]!) ?? 0) + Number(expr(am[3]!))) : expr(am[3]!));
    }
  };
  for (const r of rules) if (r.pat === 'BEGIN') act(r.action);
  for (const l of lines) {
    nr++;
    line = l;
    fields =
      fs === null || fs === ' '
        ? l.trim().split(/\s+/).filter(Boolean)
        : l.split(fs.length === 1 ? fs : new RegExp(fs));
    for (const r of rules) if (r.pat !== 'BEGIN' && r.pat !== 'END' && test(r.pat)) act(r.action);
  }
  line = '';
  fields = [];
  for (const r of rules) if (r.pat === 'END') act(r.action);
  await p.stdout.write(out);
  return status ? 2 : 0;
};

// --- processes --------------------------------------------------------------------------------------

interface PsRow {
  pid: number;
  user: string;
  tty: string;
  start: number;
  cmd: string;
}

/** The dom0's daemons, the per-domain xl monitors and QEMUs, and the running execs. */
function psRows(host: SimHost): PsRow[] {
  const boot = host.bootedAt;
  const rows: PsRow[] = [
    { pid: 1, user: 'root', tty: '?', start: boot, cmd: '/sbin/init' },
    {
      pid: 345,
      user: 'root',
      tty: '?',
      start: boot,
      cmd: 'sshd: /usr/sbin/sshd -D [listener] 0 of 10-100 startups',
    },
    {
      pid: 402,
      user: 'root',
      tty: '?',
      start: boot,
      cmd: '/usr/sbin/xenstored --pid-file /var/run/xenstored.pid',
    },
    {
      pid: 410,
      user: 'root',
      tty: '?',
      start: boot,
      cmd: '/usr/sbin/xenconsoled --pid-file=/var/run/xen/xenconsoled.pid',
    },
  ];
  for (const d of host.list()) {
    if (d.isDom0) continue;
    rows.push({
      pid: d.monitorPid,
      user: 'root',
      tty: '?',
      start: d.startedAt,
      cmd: `/usr/sbin/xl create ${d.config.cfgPath ?? '<saved>'}`,
    });
    if (d.vnc || d.type === 'hvm')
      rows.push({
        pid: 1500 + d.id,
        user: 'root',
        tty: '?',
        start: d.startedAt,
        cmd: `/usr/bin/qemu-system-i386 -xen-domid ${d.id} -no-shutdown -name ${d.name}`,
      });
  }
  for (const pr of host.procs.values())
    rows.push({
      pid: pr.pid,
      user: pr.user,
      tty: pr.tty ?? '?',
      start: pr.startedAt,
      cmd: `bash -c ${pr.command}`,
    });
  return rows.sort((a, b) => a.pid - b.pid);
}

const ps = async (argv: string[], p: Proc): Promise<number> => {
  const args = argv.slice(1).join(' ');
  const rows = psRows(p.host);
  const hm = (ms: number): string => strftime('%H:%M', new Date(ms));
  let out: string;
  if (/-\w*e/.test(args) && /-\w*f/.test(args)) {
    out = 'UID          PID    PPID  C STIME TTY          TIME CMD\n';
    for (const r of rows)
      out += `${r.user.padEnd(8)} ${String(r.pid).padStart(7)} ${String(r.pid === 1 ? 0 : 1).padStart(7)}  0 ${hm(r.start)} ${r.tty.padEnd(8)} 00:00:00 ${r.cmd}\n`;
  } else if (/a/.test(args) || /-\w*e/.test(args)) {
    out = 'USER         PID %CPU %MEM    VSZ   RSS TTY      STAT START   TIME COMMAND\n';
    for (const r of rows)
      out += `${r.user.padEnd(8)} ${String(r.pid).padStart(7)}  0.0  0.1  10000  4000 ${r.tty.padEnd(8)} Ss   ${hm(r.start)}   0:00 ${r.cmd}\n`;
  } else {
    out = '    PID TTY          TIME CMD\n';
    for (const r of rows.filter((x) => x.tty !== '?'))
      out += `${String(r.pid).padStart(7)} ${r.tty.padEnd(8)} 00:00:00 ${r.cmd.split(' ')[0]}\n`;
  }
  await p.stdout.write(out);
  return 0;
};

function signalName(a: string | undefined): string {
  if (!a) return 'TERM';
  const s = a.replace(/^-/, '').replace(/^SIG/, '').toUpperCase();
  const byNum: Record<string, string> = { '1': 'HUP', '2': 'INT', '3': 'QUIT', '9': 'KILL', '15': 'TERM' };
  return byNum[s] ?? s;
}

/** pids of running execs whose command line (-f) or name matches, never the caller itself */
function matching(p: Proc, pattern: string, full: boolean, self: string): number[] {
  const re = new RegExp(posixRegex(pattern, true));
  return [...p.host.procs.values()]
    .filter((pr) => !pr.command.includes(self) && re.test(full ? `bash -c ${pr.command}` : 'bash'))
    .map((pr) => pr.pid);
}

const pgrep = async (argv: string[], p: Proc): Promise<number> => {
  const args = argv.slice(1);
  const full = args.includes('-f');
  const list = args.some((a) => /^-\w*a/.test(a));
  const pat = args.filter((a) => !a.startsWith('-')).pop() ?? '';
  const pids = matching(p, pat, full, 'pgrep');
  await p.stdout.write(
    pids
      .map((pid) => (list ? `${pid} bash -c ${p.host.procs.get(pid)!.command}` : String(pid)) + '\n')
      .join(''),
  );
  return pids.length ? 0 : 1;
};

const pkill = async (argv: string[], p: Proc): Promise<number> => {
  const args = argv.slice(1);
  const full = args.includes('-f');
  const sigArg = args.find((a) => /^-(SIG)?[A-Z]+$|^-\d+$/.test(a));
  const pat = args.filter((a) => !a.startsWith('-')).pop() ?? '';
  const pids = matching(p, pat, full, 'pkill');
  for (const pid of pids) p.host.procs.get(pid)?.kill(signalName(sigArg));
  return pids.length ? 0 : 1;
};

const kill = async (argv: string[], p: Proc): Promise<number> => {
  const args = argv.slice(1);
  if (args[0] === '-l') {
    await p.stdout.write('HUP INT QUIT ILL TRAP ABRT BUS FPE KILL USR1 SEGV USR2 PIPE ALRM TERM\n');
    return 0;
  }
  let sig = 'TERM';
  if (args[0] === '-s') {
    sig = signalName(args[1]);
    args.splice(0, 2);
  } else if (args[0]?.startsWith('-')) sig = signalName(args.shift());
  let status = 0;
  for (const a of args) {
    const pr = p.host.procs.get(Number(a));
    if (!pr) {
      await warn(p, `sh: 1: kill: No such process`);
      status = 1;
      continue;
    }
    if (sig !== '0') pr.kill(sig);
  }
  return status;
};

// --- system -----------------------------------------------------------------------------------------

const sleepCmd = async (argv: string[], p: Proc): Promise<number> => {
  let total = 0;
  for (const a of argv.slice(1)) {
    const m = /^(\d+(?:\.\d+)?)([smhd]?)$/.exec(a);
    if (!m) {
      await warn(p, `sleep: invalid time interval '${a}'`);
      return 1;
    }
    total += Number(m[1]) * ({ '': 1, s: 1, m: 60, h: 3600, d: 86400 }[m[2]!] ?? 1);
  }
  await sleep(total * 1000, p.signal);
  return 0;
};

const id = async (argv: string[], p: Proc): Promise<number> => {
  const { f } = flagsOf(argv.slice(1));
  const u = p.user;
  const gid = u.uid;
  if (f.has('u')) await p.stdout.write((f.has('n') ? u.name : String(u.uid)) + '\n');
  else if (f.has('g')) await p.stdout.write((f.has('n') ? u.name : String(gid)) + '\n');
  else if (f.has('G')) await p.stdout.write(String(gid) + '\n');
  else await p.stdout.write(`uid=${u.uid}(${u.name}) gid=${gid}(${u.name}) groups=${gid}(${u.name})\n`);
  return 0;
};

const uname = async (argv: string[], p: Proc): Promise<number> => {
  const { f } = flagsOf(argv.slice(1));
  const all = f.has('a');
  const parts: string[] = [];
  if (all || f.size === 0 || f.has('s')) parts.push(UNAME.s);
  if (all || f.has('n')) parts.push(UNAME.n);
  if (all || f.has('r')) parts.push(UNAME.r);
  if (all || f.has('v')) parts.push(UNAME.v);
  if (all || f.has('m')) parts.push(UNAME.m);
  if (all || f.has('o')) parts.push(UNAME.o);
  await p.stdout.write(parts.join(' ') + '\n');
  return 0;
};

const date = async (argv: string[], p: Proc): Promise<number> => {
  const fmt = argv.slice(1).find((a) => a.startsWith('+'));
  const d = new Date(p.host.now());
  await p.stdout.write((fmt ? strftime(fmt.slice(1), d) : strftime('%a %b %e %H:%M:%S UTC %Y', d)) + '\n');
  return 0;
};

const env = async (argv: string[], p: Proc): Promise<number> => {
  const args = argv.slice(1);
  const e = { ...p.env };
  let i = 0;
  for (; i < args.length; i++) {
    const a = args[i]!;
    if (a === '-i') {
      for (const k of Object.keys(e)) delete e[k];
      continue;
    }
    const eq = a.indexOf('=');
    if (eq > 0 && !a.startsWith('-')) e[a.slice(0, eq)] = a.slice(eq + 1);
    else break;
  }
  if (i >= args.length) {
    await p.stdout.write(
      Object.entries(e)
        .map(([k, v]) => `${k}=${v}\n`)
        .join(''),
    );
    return 0;
  }
  return p.run(args.slice(i), { env: e });
};

const free = async (argv: string[], p: Proc): Promise<number> => {
  const { f } = flagsOf(argv.slice(1));
  const total = DOM0_KIB - 102400;
  const used = Math.round(total * 0.21);
  const cache = 307200;
  const fr = total - used - cache;
  const div = f.has('m') ? 1024 : f.has('g') ? 1048576 : f.has('b') ? 1 / 1024 : 1;
  const n = (k: number): string => String(Math.floor(k / div)).padStart(11);
  await p.stdout.write(
    `               total        used        free      shared  buff/cache   available\nMem:     ${n(total)} ${n(used)} ${n(fr)} ${n(1024)} ${n(cache)} ${n(total - used)}\nSwap:    ${n(0)} ${n(0)} ${n(0)}\n`,
  );
  return 0;
};

const uptimeCmd = async (_argv: string[], p: Proc): Promise<number> => {
  const up = Math.floor((p.host.now() - p.host.bootedAt) / 1000);
  const d = new Date(p.host.now());
  const upTxt =
    up < 3600
      ? `${Math.floor(up / 60)} min`
      : `${Math.floor(up / 3600)}:${String(Math.floor((up % 3600) / 60)).padStart(2, '0')}`;
  await p.stdout.write(` ${strftime('%H:%M:%S', d)} up ${upTxt},  1 user,  load average: 0.15, 0.10, 0.05\n`);
  return 0;
};

const timeout = async (argv: string[], p: Proc): Promise<number> => {
  const args = argv.slice(1);
  let i = 0;
  let sig = 'TERM';
  for (; i < args.length && args[i]!.startsWith('-'); i++) {
    if (args[i] === '-s') sig = args[++i]!.replace(/^SIG/, '');
    else if (args[i] === '-k') i++;
  }
  const m = /^(\d+(?:\.\d+)?)([smhd]?)$/.exec(args[i] ?? '');
  if (!m) {
    await warn(p, `timeout: invalid time interval '${args[i] ?? ''}'`);
    return 125;
  }
  const ms = Number(m[1]) * ({ '': 1, s: 1, m: 60, h: 3600, d: 86400 }[m[2]!] ?? 1) * 1000;
  const ac = new AbortController();
  const onParent = (): void => ac.abort(p.signal.reason);
  p.signal.addEventListener('abort', onParent, { once: true });
  let timedOut = false;
  const t = ms > 0 ? setTimeout(() => ((timedOut = true), ac.abort(sig)), ms) : null;
  try {
    return await p.run(args.slice(i + 1), { signal: ac.signal });
  } catch (e) {
    if (timedOut) return 124;
    throw e;
  } finally {
    if (t) clearTimeout(t);
    p.signal.removeEventListener('abort', onParent);
  }
};

const SUDO_TOOLS = new Set(['xl', 'xm', 'xentop', 'xenstore-read']);

/** sudo: root and NOPASSWD users run the command as root; others need a password. */
const sudo = async (argv: string[], p: Proc): Promise<number> => {
  const args = argv.slice(1);
  let i = 0;
  let nonInteractive = false;
  let stdinPassword = false;
  for (; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--') {
      i++;
      break;
    }
    if (!a.startsWith('-')) break;
    if (a === '-u' || a === '-g' || a === '-C' || a === '-p') {
      i++;
      continue;
    }
    if (a.includes('n')) nonInteractive = true;
    if (a.includes('S')) stdinPassword = true;
  }
  const cmd = args.slice(i);
  if (!cmd.length) {
    await warn(
      p,
      'usage: sudo -h | -K | -k | -V\nusage: sudo -v [-ABknS] [-g group] [-h host] [-p prompt] [-u user]',
    );
    return 1;
  }
  const u = p.user;
  const asRoot = {
    user: { ...ROOT_USER },
    env: { ...p.env, HOME: '/root', USER: 'root', LOGNAME: 'root', SUDO_USER: u.name },
  };
  if (u.root || u.sudo === 'nopasswd') return p.run(cmd, asRoot);
  // a sudoers line naming the toolstack only: anything else wants the password
  if (u.sudo === 'tools' && SUDO_TOOLS.has(cmd[0]!.replace(/^.*\//, ''))) return p.run(cmd, asRoot);
  if (nonInteractive) {
    await warn(p, 'sudo: a password is required');
    return 1;
  }
  if (!p.tty && !stdinPassword) {
    await warn(
      p,
      'sudo: a terminal is required to read the password; either use the -S option to read from standard input or configure an askpass helper',
    );
    await warn(p, 'sudo: a password is required');
    return 1;
  }
  const lr = new LineReader(p.stdin);
  for (let attempt = 0; attempt < 3; attempt++) {
    await p.stderr.write(`[sudo] password for ${u.name}: `);
    const line = await abortable(lr.readLine(), p.signal);
    if (p.tty) await p.stderr.write('\n');
    if (line === null) {
      await warn(p, 'sudo: no password was provided');
      return 1;
    }
    if (u.sudo === 'password' && u.password !== undefined && line.replace(/\r$/, '') === u.password)
      return p.run(cmd, asRoot);
    if (attempt < 2) await warn(p, 'Sorry, try again.');
  }
  if (u.sudo === 'none')
    await warn(p, `${u.name} is not in the sudoers file.  This incident will be reported.`);
  else await warn(p, 'sudo: 3 incorrect password attempts');
  return 1;
};

/** sh / bash / dash: -c SCRIPT [ARG0 ARGS], a script file, or a script on stdin. */
const sh = async (argv: string[], p: Proc): Promise<number> => {
  const name = path.posix.basename(argv[0]!);
  const args = argv.slice(1);
  let i = 0;
  let script: string | null = null;
  for (; i < args.length; i++) {
    const a = args[i]!;
    if (a === '-c') {
      script = args[i + 1] ?? '';
      i += 2;
      break;
    }
    if (a === '--') {
      i++;
      break;
    }
    if (
      a === '-s' ||
      a === '-e' ||
      a === '-x' ||
      a === '-l' ||
      a === '-i' ||
      a === '-u' ||
      a === '--login' ||
      a === '--norc' ||
      a === '--noprofile'
    )
      continue;
    break;
  }
  if (script !== null) {
    const rest = args.slice(i);
    return p.runScript(script, { argv0: rest[0] ?? name, args: rest.slice(1) });
  }
  const file = args[i];
  if (file !== undefined) {
    let text: string;
    try {
      text = p.host.fs.readText(file, p.cwd);
    } catch {
      await warn(p, `${name}: 0: cannot open ${file}: No such file`);
      return 2;
    }
    return p.runScript(text.replace(/^#![^\n]*\n/, '\n'), { argv0: file, args: args.slice(i + 1) });
  }
  const text = (await readAll(p.stdin)).toString('utf8');
  return p.runScript(text, { argv0: name });
};

const hostname = async (argv: string[], p: Proc): Promise<number> => {
  await p.stdout.write(
    (argv.includes('-f') ? `${HOSTNAME}.lab` : argv.includes('-I') ? '10.0.2.15 192.168.100.1 ' : HOSTNAME) +
      '\n',
  );
  return 0;
};

const whoami = async (_argv: string[], p: Proc): Promise<number> => {
  await p.stdout.write(p.user.name + '\n');
  return 0;
};

const nproc = async (_argv: string[], p: Proc): Promise<number> => {
  await p.stdout.write(`${NR_CPUS}\n`);
  return 0;
};

const which = async (argv: string[], p: Proc): Promise<number> => {
  let status = 0;
  for (const n of argv.slice(1).filter((a) => !a.startsWith('-'))) {
    const rc = await p.run(['command', '-v', n], { stdout: p.stdout });
    if (rc) status = 1;
  }
  return status;
};

const sync = async (): Promise<number> => 0;

export const COREUTILS: CommandTable = {
  echo,
  printf,
  cat,
  ls,
  test: testCmd,
  '[': testCmd,
  mkdir,
  rmdir,
  rm,
  mv,
  cp,
  ln,
  readlink,
  realpath,
  stat,
  touch,
  truncate,
  chmod,
  chown,
  mktemp,
  dd,
  df,
  du,
  sha256sum: hashCmd('sha256'),
  sha1sum: hashCmd('sha1'),
  sha512sum: hashCmd('sha512'),
  md5sum: hashCmd('md5'),
  head,
  tail,
  wc,
  ps,
  pgrep,
  pkill,
  kill,
  grep,
  sed,
  awk,
  mawk: awk,
  gawk: awk,
  egrep: (argv, p) => grep(['grep', '-E', ...argv.slice(1)], p),
  sort,
  uniq,
  cut,
  tr,
  tee,
  seq,
  yes,
  basename,
  dirname,
  find,
  xargs,
  sleep: sleepCmd,
  id,
  whoami,
  uname,
  hostname,
  date,
  env,
  printenv: env,
  free,
  uptime: uptimeCmd,
  nproc,
  timeout,
  sudo,
  sh,
  bash: sh,
  dash: sh,
  which,
  sync,
};

// --- test / [ ---------------------------------------------------------------------------------------

async function testCmd(argv: string[], p: Proc): Promise<number> {
  let args = argv.slice(1);
  if (argv[0] === '[') {
    if (args[args.length - 1] !== ']') {
      await warn(p, '[: missing ]');
      return 2;
    }
    args = args.slice(0, -1);
  }
  const fsx = p.host.fs;
  const fileTest = (op: string, f: string): boolean => {
    const v = normalizeVirtual(f, p.cwd);
    const dev =
      deviceReader(v) !== null || ['/dev/stdin', '/dev/stdout', '/dev/stderr', '/dev/tty'].includes(v);
    if (dev) return ['-e', '-c', '-r', '-w'].includes(op);
    if (virtualFile(p.host, v) !== null) return ['-e', '-f', '-r', '-s'].includes(op);
    const st = op === '-L' || op === '-h' ? fsx.tryLstat(f, p.cwd) : fsx.tryStat(f, p.cwd);
    if (!st) return false;
    switch (op) {
      case '-e':
      case '-r':
      case '-w':
        return true;
      case '-f':
        return st.isFile;
      case '-d':
        return st.isDirectory;
      case '-L':
      case '-h':
        return st.isSymlink;
      case '-s':
        return st.size > 0;
      case '-x':
        return (st.mode & 0o111) !== 0;
      case '-b':
        return st.isBlockDevice;
      case '-c':
      case '-p':
      case '-S':
        return false;
    }
    return false;
  };
  let i = 0;
  const err = { msg: '' };
  const primary = (): boolean => {
    const a = args[i];
    if (a === '!') {
      i++;
      return !primary();
    }
    if (a === '(') {
      i++;
      const v = orExpr();
      i++;
      return v;
    }
    const b = args[i + 1];
    const c = args[i + 2];
    if (
      b !== undefined &&
      ['=', '==', '!=', '-eq', '-ne', '-lt', '-le', '-gt', '-ge', '<', '>'].includes(b) &&
      c !== undefined
    ) {
      i += 3;
      if (b === '=' || b === '==') return a === c;
      if (b === '!=') return a !== c;
      if (b === '<') return (a ?? '') < c;
      if (b === '>') return (a ?? '') > c;
      const x = Number(a);
      const y = Number(c);
      if (!/^-?\d+$/.test((a ?? '').trim()) || !/^-?\d+$/.test(c.trim()))
        err.msg = `test: Illegal number: ${/^-?\d+$/.test((a ?? '').trim()) ? c : a}`;
      return b === '-eq'
        ? x === y
        : b === '-ne'
          ? x !== y
          : b === '-lt'
            ? x < y
            : b === '-le'
              ? x <= y
              : b === '-gt'
                ? x > y
                : x >= y;
    }
    if (a !== undefined && /^-[a-zA-Z]$/.test(a) && b !== undefined) {
      i += 2;
      if (a === '-n') return b.length > 0;
      if (a === '-z') return b.length === 0;
      if (a === '-t') return p.tty !== null && b === '1';
      return fileTest(a, b);
    }
    i++;
    return (a ?? '') !== '';
  };
  const andExpr = (): boolean => {
    let v = primary();
    while (args[i] === '-a') {
      i++;
      v = primary() && v;
    }
    return v;
  };
  const orExpr = (): boolean => {
    let v = andExpr();
    while (args[i] === '-o') {
      i++;
      v = andExpr() || v;
    }
    return v;
  };
  if (args.length === 0) return 1;
  const r = orExpr();
  if (err.msg) {
    await warn(p, `sh: 1: ${err.msg}`);
    return 2;
  }
  return r ? 0 : 1;
}
