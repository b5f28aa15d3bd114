// The interpreter of the simulated dom0's shell. Every ssh exec runs through here, so quoting
// bugs in the app behave as on a real host: $(…) and `…` outside single quotes are REALLY run
// (a test canary file proves an injection), globs expand against the sandbox filesystem.
// Messages follow dash ("sh: 1: foo: not found", exit 127).
import fs from 'node:fs';
import { FsError, normalizeVirtual } from './fs';
import {
  BufferWriter,
  EMPTY_READER,
  Interrupted,
  NULL_WRITER,
  Pipe,
  SigPipe,
  bufferReader,
  toBuf,
  type Reader,
  type Writer,
} from './io';
import { commandPath, type CommandFn, type CommandTable, type Proc } from './proc';
import {
  ShellSyntaxError,
  parseScript,
  type Command,
  type List,
  type Pipeline,
  type Redir,
  type Word,
} from './shellParse';

/** `exit N` unwinds to the enclosing (sub)shell. */
class ExitRequest extends Error {
  constructor(readonly code: number) {
    super(`exit ${code}`);
  }
}

/** `break N` / `continue N`: unwinds to the Nth enclosing loop. */
class LoopSignal extends Error {
  constructor(
    readonly kind: 'break' | 'continue',
    public levels: number,
  ) {
    super(kind);
  }
}

/** Run one loop iteration's body; 'break' ends the loop, 'continue' goes on (outer levels rethrown). */
async function loopBody(run: () => Promise<number>): Promise<{ status: number; stop: boolean }> {
  try {
    return { status: await run(), stop: false };
  } catch (e) {
    if (!(e instanceof LoopSignal)) throw e;
    if (e.levels > 1) {
      e.levels--;
      throw e;
    }
    return { status: 0, stop: e.kind === 'break' };
  }
}

class RedirError extends Error {}

interface Io {
  stdin: Reader;
  stdout: Writer;
  stderr: Writer;
}

export interface ShellState {
  vars: Map<string, string>;
  exported: Set<string>;
  positional: string[];
  argv0: string;
  status: number;
  cwd: string;
  pid: number;
  /** background jobs (`&`), shared with subshells: `wait` and the end of the exec await them */
  bg: Promise<unknown>[];
}

let nextPid = 2000;

function cloneState(s: ShellState): ShellState {
  // bg stays shared: `wait` in the parent sees jobs started anywhere
  return { ...s, vars: new Map(s.vars), exported: new Set(s.exported), positional: [...s.positional] };
}

const DEV_NULL = '/dev/null';

class FileWriter implements Writer {
  constructor(private fd: number) {}
  async write(data: string | Buffer): Promise<void> {
    const b = toBuf(data);
    let off = 0;
    while (off < b.length) off += fs.writeSync(this.fd, b, off, b.length - off);
  }
  close(): void {
    try {
      fs.closeSync(this.fd);
    } catch {
      /* already closed */
    }
  }
}

class FileReader implements Reader {
  private pos = 0;
  constructor(private fd: number) {}
  async read(): Promise<Buffer | null> {
    const buf = Buffer.alloc(64 * 1024);
    const n = fs.readSync(this.fd, buf, 0, buf.length, this.pos);
    if (n <= 0) {
      this.close();
      return null;
    }
    this.pos += n;
    return buf.subarray(0, n);
  }
  close(): void {
    try {
      fs.closeSync(this.fd);
    } catch {
      /* already closed */
    }
  }
}

/** /dev/zero and /dev/urandom */
export function deviceReader(vpath: string): Reader | null {
  if (vpath === '/dev/null') return EMPTY_READER;
  if (vpath === '/dev/zero') return { read: async () => Buffer.alloc(64 * 1024) };
  if (vpath === '/dev/urandom' || vpath === '/dev/random') {
    let x = 0x12345678;
    return {
      read: async () => {
        const b = Buffer.alloc(64 * 1024);
        for (let i = 0; i < b.length; i++) {
          x ^= x << 13;
          x ^= x >>> 17;
          x ^= x << 5;
          b[i] = x & 0xff;
        }
        return b;
      },
    };
  }
  return null;
}

export const DEVICES = new Set([
  '/dev/null',
  '/dev/zero',
  '/dev/urandom',
  '/dev/random',
  '/dev/stdin',
  '/dev/stdout',
  '/dev/stderr',
  '/dev/tty',
]);

/** Open a file for reading as a Reader (devices included). Throws FsError. */
export function openReader(p: Proc, file: string): Reader {
  const v = normalizeVirtual(file, p.cwd);
  const dev = deviceReader(v);
  if (dev) return dev;
  if (v === '/dev/stdin') return p.stdin;
  const st = p.host.fs.stat(v);
  if (st.isDirectory) throw new FsError('EISDIR', file);
  return new FileReader(p.host.fs.open(v, 'r'));
}

// --- glob ---------------------------------------------------------------------------------

/** Convert a shell pattern (backslash-escaped literals) to a RegExp. */
export function patternToRegex(pat: string, anchored = true): RegExp {
  let re = '';
  for (let i = 0; i < pat.length; i++) {
    const c = pat[i]!;
    if (c === '\\' && i + 1 < pat.length) {
      re += escapeRe(pat[++i]!);
    } else if (c === '*') re += '[^]*';
    else if (c === '?') re += '[^]';
    else if (c === '[') {
      const end = pat.indexOf(']', i + 2);
      if (end < 0) {
        re += '\\[';
        continue;
      }
      let body = pat.slice(i + 1, end);
      if (body.startsWith('!') || body.startsWith('^')) body = '^' + body.slice(1);
      re += '[' + body.replace(/\\/g, '\\\\') + ']';
      i = end;
    } else re += escapeRe(c);
  }
  return new RegExp(anchored ? `^${re}$` : re);
}

function escapeRe(c: string): string {
  return c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

function hasGlobChars(pat: string): boolean {
  for (let i = 0; i < pat.length; i++) {
    if (pat[i] === '\\') {
      i++;
      continue;
    }
    if (pat[i] === '*' || pat[i] === '?' || pat[i] === '[') return true;
  }
  return false;
}

function unescapePat(pat: string): string {
  return pat.replace(/\\(.)/g, '$1');
}

function globExpand(p: Proc, cwd: string, pat: string): string[] {
  const abs = pat.startsWith('/');
  const comps = pat.split('/').filter((c, i) => c !== '' || i === 0);
  let bases: string[] = [abs ? '' : ''];
  for (let i = 0; i < comps.length; i++) {
    const comp = comps[i]!;
    if (i === 0 && abs) continue; // leading '' of an absolute path
    const next: string[] = [];
    for (const base of bases) {
      const dirV = abs ? (base === '' ? '/' : base) : normalizeVirtual(base || '.', cwd);
      if (!hasGlobChars(comp)) {
        const name = unescapePat(comp);
        const cand = base === '' ? (abs ? '/' + name : name) : `${base}/${name}`;
        if (
          i === comps.length - 1
            ? p.host.fs.tryLstat(normalizeVirtual(cand, cwd))
            : p.host.fs.tryStat(normalizeVirtual(cand, cwd))
        )
          next.push(cand);
        continue;
      }
      let entries: string[];
      try {
        entries = p.host.fs.readdir(dirV);
      } catch {
        continue;
      }
      const re = patternToRegex(comp);
      for (const e of entries) {
        if (e.startsWith('.') && !comp.startsWith('.') && !comp.startsWith('\\.')) continue;
        if (re.test(e)) next.push(base === '' ? (abs ? '/' + e : e) : `${base}/${e}`);
      }
    }
    bases = next.sort();
    if (bases.length === 0) return [];
  }
  return bases;
}

// --- arithmetic ----------------------------------------------------------------------------

function evalArith(expr: string, vars: Map<string, string>): number {
  const toks = expr.match(/\d+|[A-Za-z_][A-Za-z0-9_]*|&&|\|\||==|!=|<=|>=|<<|>>|[-+*/%()<>!~^&|]/g) ?? [];
  let i = 0;
  const peek = (): string | undefined => toks[i];
  const take = (): string => toks[i++] ?? '';
  const primary = (): number => {
    const t = take();
    if (t === '(') {
      const v = or();
      take();
      return v;
    }
    if (t === '-') return -primary();
    if (t === '+') return primary();
    if (t === '!') return primary() ? 0 : 1;
    if (t === '~') return ~primary();
    if (/^\d+$/.test(t)) return parseInt(t, 10);
    if (/^[A-Za-z_]/.test(t)) return parseInt(vars.get(t) ?? '0', 10) || 0;
    throw new Error('arithmetic syntax error');
  };
  const bin = (next: () => number, ops: Record<string, (a: number, b: number) => number>) => (): number => {
    let v = next();
    while (peek() !== undefined && ops[peek()!]) {
      const op = ops[take()]!;
      v = op(v, next());
    }
    return v;
  };
  const mul = bin(primary, {
    '*': (a, b) => a * b,
    '/': (a, b) => {
      if (b === 0) throw new Error('division by zero');
      return Math.trunc(a / b);
    },
    '%': (a, b) => {
      if (b === 0) throw new Error('division by zero');
      return a % b;
    },
  });
  const add = bin(mul, { '+': (a, b) => a + b, '-': (a, b) => a - b });
  const shift = bin(add, { '<<': (a, b) => a << b, '>>': (a, b) => a >> b });
  const cmp = bin(shift, {
    '<': (a, b) => +(a < b),
    '>': (a, b) => +(a > b),
    '<=': (a, b) => +(a <= b),
    '>=': (a, b) => +(a >= b),
  });
  const eq = bin(cmp, { '==': (a, b) => +(a === b), '!=': (a, b) => +(a !== b) });
  const band = bin(eq, { '&': (a, b) => a & b });
  const bxor = bin(band, { '^': (a, b) => a ^ b });
  const bor = bin(bxor, { '|': (a, b) => a | b });
  const and = bin(bor, { '&&': (a, b) => +(!!a && !!b) });
  const or = bin(and, { '||': (a, b) => +(!!a || !!b) });
  const v = or();
  if (i < toks.length) throw new Error('arithmetic syntax error');
  return v;
}

// --- the interpreter ---------------------------------------------------------------------

export interface ShellOptions {
  commands: CommandTable;
}

export class Shell {
  constructor(private readonly commands: CommandTable) {}

  lookup(name: string): CommandFn | undefined {
    if (Object.prototype.hasOwnProperty.call(this.commands, name)) return this.commands[name];
    const m =
      /^\/(?:usr\/)?(?:local\/)?s?bin\/([^/]+)$/.exec(name) ??
      /^\/usr\/lib\/xen-4\.17\/bin\/([^/]+)$/.exec(name);
    if (m && Object.prototype.hasOwnProperty.call(this.commands, m[1]!)) return this.commands[m[1]!];
    return undefined;
  }

  has(name: string): boolean {
    return this.lookup(name) !== undefined || BUILTINS.has(name);
  }

  /** Parse and run a script; `argv0`/`args` are $0 and $1…. Syntax errors → exit 2. */
  async runScript(
    script: string,
    proc: Proc,
    opts: { argv0?: string; args?: string[] } = {},
  ): Promise<number> {
    const state: ShellState = {
      vars: new Map(Object.entries(proc.env)),
      exported: new Set(Object.keys(proc.env)),
      positional: opts.args ?? [],
      argv0: opts.argv0 ?? 'sh',
      status: 0,
      cwd: proc.cwd,
      pid: nextPid++,
      bg: [],
    };
    let list: List;
    try {
      list = parseScript(script);
    } catch (e) {
      if (e instanceof ShellSyntaxError) {
        await proc.stderr.write(`${state.argv0}: ${e.line}: Syntax error: ${e.message}\n`);
        return 2;
      }
      throw e;
    }
    const ex = new Exec(this, proc, state);
    try {
      return await ex.list(list, proc);
    } catch (e) {
      if (e instanceof ExitRequest) return e.code;
      if (e instanceof SigPipe) return 141;
      throw e;
    } finally {
      // background jobs hold the channel's stdout: sshd keeps the exec open until they end
      await Promise.allSettled(state.bg);
    }
  }

  /** Run one argv (no shell syntax). */
  async runArgv(argv: string[], proc: Proc): Promise<number> {
    const state: ShellState = {
      vars: new Map(Object.entries(proc.env)),
      exported: new Set(Object.keys(proc.env)),
      positional: [],
      argv0: 'sh',
      status: 0,
      cwd: proc.cwd,
      pid: nextPid++,
      bg: [],
    };
    const ex = new Exec(this, proc, state);
    try {
      return await ex.invoke(argv, proc, {}, 1);
    } catch (e) {
      if (e instanceof ExitRequest) return e.code;
      if (e instanceof SigPipe) return 141;
      throw e;
    }
  }
}

const BUILTINS = new Set([
  'cd',
  'exit',
  'export',
  'unset',
  'set',
  'shift',
  ':',
  'true',
  'false',
  'eval',
  '.',
  'exec',
  'read',
  'return',
  'break',
  'continue',
  'readonly',
  'local',
  'pwd',
  'command',
  'type',
  'wait',
]);

class Exec {
  constructor(
    private readonly shell: Shell,
    private readonly base: Proc,
    private state: ShellState,
  ) {}

  private errPrefix(line: number): string {
    return `${this.state.argv0}: ${line}: `;
  }

  private check(): void {
    if (this.base.signal.aborted) throw new Interrupted(String(this.base.signal.reason ?? 'TERM'));
  }

  async list(l: List, io: Io): Promise<number> {
    let status = this.state.status;
    for (const item of l.items) {
      this.check();
      if (item.bg) {
        const sub = new Exec(this.shell, this.base, cloneState(this.state));
        this.state.bg.push(sub.andOr(item.ao, { ...io, stdin: EMPTY_READER }).catch(() => undefined));
        status = 0;
      } else status = await this.andOr(item.ao, io);
      this.state.status = status;
    }
    return status;
  }

  private async andOr(ao: List['items'][number]['ao'], io: Io): Promise<number> {
    let status = await this.pipeline(ao.first, io);
    this.state.status = status;
    for (const { op, p } of ao.rest) {
      if ((op === '&&' && status === 0) || (op === '||' && status !== 0)) {
        status = await this.pipeline(p, io);
        this.state.status = status;
      }
    }
    return status;
  }

  private async pipeline(pl: Pipeline, io: Io): Promise<number> {
    let status: number;
    if (pl.cmds.length === 1) {
      status = await this.command(pl.cmds[0]!, io);
    } else {
      const n = pl.cmds.length;
      const pipes = Array.from({ length: n - 1 }, () => new Pipe());
      const runs = pl.cmds.map(async (c, i) => {
        const cio: Io = {
          stdin: i > 0 ? pipes[i - 1]! : io.stdin,
          stdout: i < n - 1 ? pipes[i]! : io.stdout,
          stderr: io.stderr,
        };
        const sub = new Exec(this.shell, this.base, cloneState(this.state));
        try {
          return await sub.command(c, cio);
        } catch (e) {
          if (e instanceof SigPipe) return 141;
          if (e instanceof ExitRequest) return e.code;
          throw e;
        } finally {
          if (i < n - 1) pipes[i]!.end();
          if (i > 0) pipes[i - 1]!.close();
        }
      });
      const statuses = await Promise.all(runs);
      status = statuses[n - 1]!;
    }
    return pl.bang ? (status === 0 ? 1 : 0) : status;
  }

  private async command(c: Command, io: Io): Promise<number> {
    this.check();
    if (c.type === 'simple') return this.simple(c, io);
    let rio: Io & { close: () => void };
    try {
      rio = await this.redirect(c.redirs, io);
    } catch (e) {
      if (e instanceof RedirError) {
        await io.stderr.write(`${this.errPrefix(1)}${e.message}\n`);
        return 2;
      }
      throw e;
    }
    try {
      switch (c.type) {
        case 'group':
          return await this.list(c.body, rio);
        case 'subshell': {
          const sub = new Exec(this.shell, this.base, cloneState(this.state));
          try {
            return await sub.list(c.body, rio);
          } catch (e) {
            if (e instanceof ExitRequest) return e.code;
            throw e;
          }
        }
        case 'if': {
          for (const cl of c.clauses) {
            if ((await this.list(cl.cond, rio)) === 0) return await this.list(cl.body, rio);
          }
          return c.elseBody ? await this.list(c.elseBody, rio) : 0;
        }
        case 'for': {
          const items = c.items ? await this.expandWords(c.items) : [...this.state.positional];
          let status = 0;
          for (const v of items) {
            this.state.vars.set(c.name, v);
            const r = await loopBody(() => this.list(c.body, rio));
            status = r.status;
            if (r.stop) break;
          }
          return status;
        }
        case 'while': {
          let status = 0;
          for (let guard = 0; guard < 1_000_000; guard++) {
            const cond = await this.list(c.cond, rio);
            if ((cond === 0) === c.until) break;
            const r = await loopBody(() => this.list(c.body, rio));
            status = r.status;
            if (r.stop) break;
          }
          return status;
        }
        case 'case': {
          const w = await this.expandString(c.word);
          for (const item of c.items) {
            for (const pw of item.patterns) {
              const pat = await this.expandPattern(pw);
              if (patternToRegex(pat).test(w)) return await this.list(item.body, rio);
            }
          }
          return 0;
        }
      }
    } finally {
      rio.close();
    }
  }

  private async simple(c: Extract<Command, { type: 'simple' }>, io: Io): Promise<number> {
    let cmdSubStatus: number | null = null;
    const argv = await this.expandWords(c.words, () => (cmdSubStatus = this.state.status));
    const assigns: [string, string][] = [];
    for (const a of c.assigns)
      assigns.push([a.name, await this.expandString(a.value, () => (cmdSubStatus = this.state.status))]);
    let rio: Io & { close: () => void };
    try {
      rio = await this.redirect(c.redirs, io);
    } catch (e) {
      if (e instanceof RedirError) {
        await io.stderr.write(`${this.errPrefix(c.line)}${e.message}\n`);
        return 2;
      }
      throw e;
    }
    try {
      if (argv.length === 0) {
        for (const [k, v] of assigns) this.state.vars.set(k, v);
        return cmdSubStatus ?? 0;
      }
      const env: Record<string, string> = {};
      for (const k of this.state.exported) {
        const v = this.state.vars.get(k);
        if (v !== undefined) env[k] = v;
      }
      for (const [k, v] of assigns) env[k] = v;
      return await this.invoke(argv, rio, env, c.line);
    } catch (e) {
      if (e instanceof SigPipe) return 141;
      throw e;
    } finally {
      rio.close();
    }
  }

  /** Run a builtin or a command from the table. */
  async invoke(argv: string[], io: Io, env: Record<string, string>, line: number): Promise<number> {
    const name = argv[0]!;
    const st = this.state;
    const fsx = this.base.host.fs;
    switch (name) {
      case ':':
      case 'true':
        return 0;
      case 'false':
        return 1;
      case 'exit': {
        const code = argv[1] !== undefined ? Number(argv[1]) & 255 : st.status;
        if (argv[1] !== undefined && !/^\d+$/.test(argv[1])) {
          await io.stderr.write(`${this.errPrefix(line)}exit: Illegal number: ${argv[1]}\n`);
          throw new ExitRequest(2);
        }
        throw new ExitRequest(code);
      }
      case 'wait': {
        const jobs = st.bg.splice(0);
        await Promise.allSettled(jobs);
        return 0;
      }
      case 'break':
      case 'continue': {
        const n = argv[1] === undefined ? 1 : Number(argv[1]);
        if (!Number.isInteger(n) || n < 1) {
          await io.stderr.write(`${this.errPrefix(line)}${argv[0]}: Illegal number: ${argv[1]}\n`);
          return 2;
        }
        throw new LoopSignal(argv[0] === 'break' ? 'break' : 'continue', n);
      }
      case 'return':
        throw new ExitRequest(argv[1] !== undefined ? Number(argv[1]) & 255 : st.status);
      case 'cd': {
        const target =
          argv[1] === undefined
            ? (st.vars.get('HOME') ?? '/')
            : argv[1] === '-'
              ? (st.vars.get('OLDPWD') ?? st.cwd)
              : argv[1];
        const v = normalizeVirtual(target, st.cwd);
        const s = fsx.tryStat(v);
        if (!s || !s.isDirectory) {
          await io.stderr.write(`${this.errPrefix(line)}cd: can't cd to ${argv[1]}\n`);
          return 2;
        }
        st.vars.set('OLDPWD', st.cwd);
        st.cwd = fsx.realpath(v);
        st.vars.set('PWD', st.cwd);
        return 0;
      }
      case 'pwd':
        await io.stdout.write(st.cwd + '\n');
        return 0;
      case 'export':
      case 'readonly':
      case 'local':
        for (const a of argv.slice(1)) {
          if (a.startsWith('-')) continue;
          const i = a.indexOf('=');
          const k = i >= 0 ? a.slice(0, i) : a;
          if (i >= 0) st.vars.set(k, a.slice(i + 1));
          if (name === 'export') st.exported.add(k);
        }
        return 0;
      case 'unset':
        for (const a of argv.slice(1)) {
          if (a.startsWith('-')) continue;
          st.vars.delete(a);
          st.exported.delete(a);
        }
        return 0;
      case 'set': {
        const i = argv.indexOf('--');
        if (i >= 0) st.positional = argv.slice(i + 1);
        return 0;
      }
      case 'shift': {
        const n = argv[1] ? Number(argv[1]) : 1;
        if (n > st.positional.length) {
          await io.stderr.write(`${this.errPrefix(line)}shift: can't shift that many\n`);
          return 2;
        }
        st.positional = st.positional.slice(n);
        return 0;
      }
      case 'eval': {
        const list = parseScript(argv.slice(1).join(' '));
        return this.list(list, io);
      }
      case '.': {
        if (!argv[1]) return 0;
        let text: string;
        try {
          text = fsx.readText(argv[1], st.cwd);
        } catch {
          await io.stderr.write(`${this.errPrefix(line)}.: cannot open ${argv[1]}: No such file\n`);
          return 2;
        }
        return this.list(parseScript(text), io);
      }
      case 'exec':
        if (argv.length === 1) return 0;
        throw new ExitRequest(await this.invoke(argv.slice(1), io, env, line));
      case 'read': {
        const names = argv.slice(1).filter((a) => !a.startsWith('-'));
        let lineText = '';
        let gotAny = false;
        for (;;) {
          const chunk = await readByte(io.stdin);
          if (chunk === null) break;
          gotAny = true;
          if (chunk === '\n') break;
          lineText += chunk;
        }
        const fields = lineText.trim().split(/[ \t]+/);
        names.forEach((n, i) =>
          st.vars.set(n, i === names.length - 1 ? fields.slice(i).join(' ') : (fields[i] ?? '')),
        );
        return gotAny ? 0 : 1;
      }
      case 'command':
      case 'type': {
        const args = argv.slice(1);
        if (name === 'command' && args[0] !== '-v' && args[0] !== '-V') {
          if (args.length === 0) return 0;
          return this.invoke(args, io, env, line);
        }
        const names = name === 'command' ? args.slice(1) : args;
        let status = 0;
        for (const n of names) {
          if (BUILTINS.has(n))
            await io.stdout.write(name === 'type' ? `${n} is a shell builtin\n` : `${n}\n`);
          else if (this.shell.lookup(n)) {
            const p = n.startsWith('/') ? n : commandPath(n);
            await io.stdout.write(name === 'type' ? `${n} is ${p}\n` : `${p}\n`);
          } else {
            status = 127;
            if (name === 'type') await io.stdout.write(`${n}: not found\n`);
          }
        }
        return name === 'command' && status ? 1 : status;
      }
    }
    const fn = this.shell.lookup(name);
    if (!fn) {
      // a script file?
      if (name.includes('/')) {
        const v = normalizeVirtual(name, st.cwd);
        const s = fsx.tryStat(v);
        if (s?.isFile) {
          if (!(s.mode & 0o111)) {
            await io.stderr.write(`${this.errPrefix(line)}${name}: Permission denied\n`);
            return 126;
          }
          const text = fsx.readText(v);
          return this.base.runScript(text.replace(/^#![^\n]*\n/, ''), {
            argv0: name,
            args: argv.slice(1),
            overrides: { ...io, cwd: st.cwd, env },
          });
        }
      }
      await io.stderr.write(`${this.errPrefix(line)}${name}: not found\n`);
      return 127;
    }
    const proc: Proc = {
      ...this.base,
      stdin: io.stdin,
      stdout: io.stdout,
      stderr: io.stderr,
      cwd: st.cwd,
      env,
    };
    return fn(argv, proc);
  }

  // --- redirections ------------------------------------------------------------------------

  private async redirect(redirs: Redir[], io: Io): Promise<Io & { close: () => void }> {
    const fds: (Reader | Writer | undefined)[] = [io.stdin, io.stdout, io.stderr];
    const toClose: { close(): void }[] = [];
    const fsx = this.base.host.fs;
    const close = (): void => {
      for (const c of toClose) c.close();
    };
    try {
      for (const r of redirs) {
        if (r.op === '<<' || r.op === '<<-') {
          fds[r.fd] = bufferReader(await this.expandString(r.heredoc ?? []));
          continue;
        }
        const target = await this.expandString(r.target);
        if (r.op === '>&' || r.op === '<&') {
          if (target === '-') {
            fds[r.fd] = r.op === '>&' ? NULL_WRITER : EMPTY_READER;
            continue;
          }
          if (/^\d+$/.test(target)) {
            const src = fds[Number(target)];
            if (src === undefined) throw new RedirError(`${target}: Bad file descriptor`);
            fds[r.fd] = src;
            continue;
          }
        }
        const v = normalizeVirtual(target, this.state.cwd);
        if (r.op === '<') {
          if (v === '/dev/stdin') continue;
          const dev = deviceReader(v);
          if (dev) {
            fds[r.fd] = dev;
            continue;
          }
          try {
            const st = fsx.stat(v);
            if (st.isDirectory) throw new FsError('EISDIR', v);
            const rd = new FileReader(fsx.open(v, 'r'));
            toClose.push(rd);
            fds[r.fd] = rd;
          } catch (e) {
            if (e instanceof FsError)
              throw new RedirError(
                `cannot open ${target}: ${e.code === 'ENOENT' ? 'No such file' : e.reason}`,
              );
            throw e;
          }
          continue;
        }
        // output: > >> >| <> >&file &>
        let w: Writer;
        if (v === DEV_NULL) w = NULL_WRITER;
        else if (v === '/dev/stdout') w = fds[1] as Writer;
        else if (v === '/dev/stderr') w = fds[2] as Writer;
        else if (v === '/dev/tty') w = io.stdout;
        else {
          try {
            const dir = fsx.tryStat(v.replace(/\/[^/]*$/, '') || '/');
            if (!dir) throw new RedirError(`cannot create ${target}: Directory nonexistent`);
            const fw = new FileWriter(fsx.open(v, r.op === '>>' ? 'a' : r.op === '<>' ? 'a+' : 'w'));
            toClose.push(fw);
            w = fw;
          } catch (e) {
            if (e instanceof FsError) throw new RedirError(`cannot create ${target}: ${e.reason}`);
            throw e;
          }
        }
        if (r.op === '&>' || (r.op === '>&' && !/^\d+$/.test(target))) {
          fds[1] = w;
          fds[2] = w;
        } else fds[r.fd] = w;
      }
    } catch (e) {
      close();
      throw e;
    }
    return { stdin: fds[0] as Reader, stdout: fds[1] as Writer, stderr: fds[2] as Writer, close };
  }

  // --- expansion ---------------------------------------------------------------------------

  private param(name: string): string | undefined {
    const st = this.state;
    switch (name) {
      case '?':
        return String(st.status);
      case '$':
        return String(st.pid);
      case '#':
        return String(st.positional.length);
      case '@':
      case '*':
        return st.positional.join(' ');
      case '0':
        return st.argv0;
      case '!':
      case '-':
        return '';
    }
    if (/^\d+$/.test(name)) return st.positional[Number(name) - 1];
    if (name === 'PWD') return st.cwd;
    return st.vars.get(name);
  }

  private async cmdSubst(body: List): Promise<string> {
    const outW = new BufferWriter();
    const sub = new Exec(this.shell, this.base, cloneState(this.state));
    let status: number;
    try {
      status = await sub.list(body, { stdin: EMPTY_READER, stdout: outW, stderr: this.base.stderr });
    } catch (e) {
      if (e instanceof ExitRequest) status = e.code;
      else throw e;
    }
    this.state.status = status;
    return outW.text().replace(/\n+$/, '');
  }

  /** Expand one part to its text (no splitting). `onCmd` is told when a $(…) ran. */
  private async partValue(part: Word[number], onCmd?: () => void): Promise<string> {
    switch (part.t) {
      case 'lit':
        return part.v;
      case 'cmd': {
        const v = await this.cmdSubst(part.body);
        onCmd?.();
        return v;
      }
      case 'arith': {
        const e = await this.expandString(part.expr);
        try {
          return String(evalArith(e, this.state.vars));
        } catch (err) {
          await this.base.stderr.write(
            `${this.state.argv0}: 1: arithmetic expression: ${(err as Error).message}: "${e}"\n`,
          );
          throw new ExitRequest(2);
        }
      }
      case 'param': {
        const v = this.param(part.name);
        const set = v !== undefined;
        const nonEmpty = set && v !== '';
        const arg = async (): Promise<string> => (part.arg ? this.expandString(part.arg) : '');
        switch (part.op) {
          case undefined:
            return v ?? '';
          case 'len':
            return String((v ?? '').length);
          case ':-':
            return nonEmpty ? v! : await arg();
          case '-':
            return set ? v! : await arg();
          case ':=':
          case '=': {
            if (part.op === ':=' ? nonEmpty : set) return v!;
            const a = await arg();
            this.state.vars.set(part.name, a);
            return a;
          }
          case ':+':
            return nonEmpty ? await arg() : '';
          case '+':
            return set ? await arg() : '';
          case ':?':
          case '?':
            if (part.op === ':?' ? nonEmpty : set) return v!;
            await this.base.stderr.write(
              `${this.state.argv0}: 1: ${part.name}: ${(await arg()) || 'parameter not set'}\n`,
            );
            throw new ExitRequest(2);
          case '#':
          case '##':
          case '%':
          case '%%': {
            const s = v ?? '';
            const pat = part.arg ? await this.expandPattern(part.arg) : '';
            const re = patternToRegex(pat);
            const longest = part.op.length === 2;
            if (part.op.startsWith('#')) {
              const lens = [...Array(s.length + 1).keys()];
              if (longest) lens.reverse();
              for (const n of lens) if (re.test(s.slice(0, n))) return s.slice(n);
            } else {
              const lens = [...Array(s.length + 1).keys()];
              if (longest) lens.reverse();
              for (const n of lens) if (re.test(s.slice(s.length - n))) return s.slice(0, s.length - n);
            }
            return s;
          }
        }
        return v ?? '';
      }
    }
  }

  /** Expand to one string: assignments, redirection targets, here-documents. */
  async expandString(w: Word, onCmd?: () => void): Promise<string> {
    let s = '';
    for (let i = 0; i < w.length; i++) {
      const p = w[i]!;
      let v = await this.partValue(p, onCmd);
      if (i === 0 && p.t === 'lit' && !p.q) v = this.tilde(v);
      s += v;
    }
    return s;
  }

  /** Expand a word used as a pattern (case, ${x#pat}): quoted parts become literal. */
  private async expandPattern(w: Word): Promise<string> {
    let s = '';
    for (const p of w) {
      const v = await this.partValue(p);
      s += p.q ? v.replace(/[\\*?[\]]/g, '\\$&') : v;
    }
    return s;
  }

  private tilde(v: string): string {
    if (v === '~' || v.startsWith('~/'))
      return (this.state.vars.get('HOME') ?? this.base.user.home) + v.slice(1);
    return v;
  }

  async expandWords(words: Word[], onCmd?: () => void): Promise<string[]> {
    const out: string[] = [];
    for (const w of words) out.push(...(await this.expandWord(w, onCmd)));
    return out;
  }

  /** Full expansion: parameters, $(…), field splitting, pathname expansion. */
  private async expandWord(w: Word, onCmd?: () => void): Promise<string[]> {
    interface Field {
      v: string;
      pat: string;
      glob: boolean;
    }
    const fields: Field[] = [];
    let cur: Field | null = null;
    const ensure = (): Field => (cur ??= { v: '', pat: '', glob: false });
    const endField = (): void => {
      if (cur) fields.push(cur);
      cur = null;
    };
    const ifs = this.state.vars.get('IFS') ?? ' \t\n';
    for (let i = 0; i < w.length; i++) {
      const p = w[i]!;
      if (p.t === 'param' && p.q && (p.name === '@' || (p.name === '*' && false)) && !p.op) {
        const ps = this.state.positional;
        ps.forEach((v, j) => {
          if (j > 0) endField();
          const f = ensure();
          f.v += v;
          f.pat += v.replace(/[\\*?[\]]/g, '\\$&');
        });
        continue;
      }
      let v = await this.partValue(p, onCmd);
      if (p.t === 'lit') {
        if (i === 0 && !p.q) v = this.tilde(v);
        const f = ensure();
        f.v += v;
        if (p.q) f.pat += v.replace(/[\\*?[\]]/g, '\\$&');
        else {
          f.pat += v;
          if (/[*?[]/.test(v)) f.glob = true;
        }
        continue;
      }
      if (p.q) {
        const f = ensure();
        f.v += v;
        f.pat += v.replace(/[\\*?[\]]/g, '\\$&');
        continue;
      }
      // unquoted expansion: split on IFS
      if (ifs === '') {
        const f = ensure();
        f.v += v;
        f.pat += v;
        if (/[*?[]/.test(v)) f.glob = true;
        continue;
      }
      const isIfs = (c: string): boolean => ifs.includes(c);
      let j = 0;
      while (j < v.length) {
        if (isIfs(v[j]!)) {
          endField();
          while (j < v.length && isIfs(v[j]!)) j++;
          continue;
        }
        let k = j;
        while (k < v.length && !isIfs(v[k]!)) k++;
        const piece = v.slice(j, k);
        const f = ensure();
        f.v += piece;
        f.pat += piece;
        if (/[*?[]/.test(piece)) f.glob = true;
        j = k;
      }
    }
    endField();
    const result: string[] = [];
    for (const f of fields) {
      if (f.glob) {
        const matches = globExpand(this.base, this.state.cwd, f.pat);
        if (matches.length) {
          result.push(...matches);
          continue;
        }
      }
      result.push(f.v);
    }
    return result;
  }
}

async function readByte(r: Reader): Promise<string | null> {
  // `read` consumes stdin one chunk at a time; keep the unread rest for the next reader
  const anyR = r as Reader & { __pending?: Buffer };
  if (!anyR.__pending || anyR.__pending.length === 0) {
    const c = await r.read();
    if (c === null) return null;
    anyR.__pending = c;
  }
  const b = anyR.__pending;
  anyR.__pending = b.subarray(1);
  return String.fromCharCode(b[0]!);
}
