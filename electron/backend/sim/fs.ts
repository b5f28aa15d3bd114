// The simulated dom0's filesystem: a sandbox directory on the real disk mapped to '/'.
// /etc/xen/*.cfg, /etc/xen/auto symlinks, save files, logs and (sparse) disk images are real
// files below ROOT. Every path is resolved HERE, component by component, symlinks included
// (their targets are virtual paths, e.g. /etc/xen/auto/web.cfg -> /etc/xen/web.cfg), so no
// path, '..' or symlink can ever name a file outside ROOT.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export type FsErrorCode =
  | 'ENOENT'
  | 'ENOTDIR'
  | 'EISDIR'
  | 'EEXIST'
  | 'ENOTEMPTY'
  | 'ELOOP'
  | 'EACCES'
  | 'EINVAL'
  | 'ENOSPC'
  | 'EPERM'
  | 'EBUSY'
  | 'EIO';

const STRERROR: Record<FsErrorCode, string> = {
  ENOENT: 'No such file or directory',
  ENOTDIR: 'Not a directory',
  EISDIR: 'Is a directory',
  EEXIST: 'File exists',
  ENOTEMPTY: 'Directory not empty',
  ELOOP: 'Too many levels of symbolic links',
  EACCES: 'Permission denied',
  EINVAL: 'Invalid argument',
  ENOSPC: 'No space left on device',
  EPERM: 'Operation not permitted',
  EBUSY: 'Device or resource busy',
  EIO: 'Input/output error',
};

export class FsError extends Error {
  constructor(
    readonly code: FsErrorCode,
    /** the virtual path concerned */
    readonly vpath: string,
  ) {
    super(`${vpath}: ${STRERROR[code]}`);
  }
  /** strerror(3) text, e.g. "No such file or directory" */
  get reason(): string {
    return STRERROR[this.code];
  }
}

export function strerror(code: FsErrorCode): string {
  return STRERROR[code];
}

function wrap<T>(vpath: string, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof FsError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    if (code && code in STRERROR) throw new FsError(code as FsErrorCode, vpath);
    if (code === 'ENAMETOOLONG' || code === 'ERR_INVALID_ARG_VALUE') throw new FsError('EINVAL', vpath);
    throw new FsError('EIO', vpath);
  }
}

/** Lexical normalisation of a virtual path against a virtual cwd ('..' stops at '/'). */
export function normalizeVirtual(p: string, cwd = '/'): string {
  const abs = p.startsWith('/') ? p : `${cwd.replace(/\/+$/, '')}/${p}`;
  const out: string[] = [];
  for (const c of abs.split('/')) {
    if (c === '' || c === '.') continue;
    if (c === '..') out.pop();
    else out.push(c);
  }
  return '/' + out.join('/');
}

export interface SimStat {
  isFile: boolean;
  isDirectory: boolean;
  isSymlink: boolean;
  /** full st_mode (type bits included) */
  mode: number;
  size: number;
  /** 512-byte blocks actually allocated (sparse files have few) */
  blocks: number;
  /** a block device node (/dev/dm-N: an LVM volume, backed by a sparse file of its size) */
  isBlockDevice: boolean;
  mtimeMs: number;
  atimeMs: number;
  nlink: number;
}

/** Device-mapper nodes: regular files in the sandbox that the sim presents as block devices. */
export const BLOCK_DEVICE_RE = /^\/dev\/dm-\d+$/;
const S_IFMT = 0o170000;
const S_IFBLK = 0o060000;

function toSimStat(st: fs.Stats, block = false): SimStat {
  if (block && st.isFile())
    // like Linux: a block device's st_size is 0 (its size comes from blockdev/lsblk)
    return {
      isFile: false,
      isDirectory: false,
      isSymlink: false,
      isBlockDevice: true,
      mode: (st.mode & ~S_IFMT & 0o7777 & 0o660) | S_IFBLK,
      size: 0,
      blocks: 0,
      mtimeMs: st.mtimeMs,
      atimeMs: st.atimeMs,
      nlink: 1,
    };
  return {
    isFile: st.isFile(),
    isDirectory: st.isDirectory(),
    isSymlink: st.isSymbolicLink(),
    isBlockDevice: false,
    mode: st.mode,
    size: st.size,
    blocks: st.blocks,
    mtimeMs: st.mtimeMs,
    atimeMs: st.atimeMs,
    nlink: st.nlink,
  };
}

export class SimFs {
  /** the real, symlink-free absolute path of the sandbox */
  readonly root: string;

  constructor(root: string) {
    fs.mkdirSync(root, { recursive: true });
    this.root = fs.realpathSync(root);
  }

  /**
   * Map a virtual path to the real path below ROOT, resolving every symlink on the way
   * (the last component only when `follow`). Never returns a path outside ROOT.
   */
  resolve(p: string, opts: { cwd?: string; follow?: boolean } = {}): string {
    if (p.includes('\0')) throw new FsError('EINVAL', p);
    const follow = opts.follow ?? true;
    const queue = normalizeVirtual(p, opts.cwd ?? '/')
      .split('/')
      .filter((c) => c !== '');
    const resolved: string[] = [];
    let links = 0;
    while (queue.length > 0) {
      const c = queue.shift()!;
      if (c === '.') continue;
      if (c === '..') {
        resolved.pop();
        continue;
      }
      const real = path.join(this.root, ...resolved, c);
      const isLast = queue.length === 0;
      if (!isLast || follow) {
        let lst: fs.Stats | undefined;
        try {
          lst = fs.lstatSync(real);
        } catch {
          lst = undefined;
        }
        if (lst?.isSymbolicLink()) {
          if (++links > 40) throw new FsError('ELOOP', p);
          const target = fs.readlinkSync(real);
          if (target.startsWith('/')) resolved.length = 0;
          queue.unshift(...target.split('/').filter((x) => x !== ''));
          continue;
        }
        if (!isLast && lst && !lst.isDirectory()) throw new FsError('ENOTDIR', p);
      }
      resolved.push(c);
    }
    return path.join(this.root, ...resolved);
  }

  /** The virtual path of a real path below ROOT (for realpath/readlink -f). */
  toVirtual(real: string): string {
    const rel = path.relative(this.root, real);
    if (rel.startsWith('..') || path.isAbsolute(rel)) throw new FsError('EACCES', real);
    return (
      '/' +
      rel
        .split(path.sep)
        .filter((c) => c !== '')
        .join('/')
    );
  }

  /** Canonical virtual path (every symlink resolved), like realpath(3). */
  realpath(p: string, cwd = '/'): string {
    const real = this.resolve(p, { cwd });
    if (!fs.existsSync(real)) throw new FsError('ENOENT', p);
    return this.toVirtual(real);
  }

  exists(p: string, cwd = '/'): boolean {
    try {
      return fs.existsSync(this.resolve(p, { cwd }));
    } catch {
      return false;
    }
  }

  /** Whether a real path below ROOT is one of the sim's block device nodes. */
  isBlockReal(real: string): boolean {
    const rel = path.relative(this.root, real);
    return BLOCK_DEVICE_RE.test('/' + rel.split(path.sep).join('/'));
  }

  stat(p: string, cwd = '/'): SimStat {
    return wrap(p, () => {
      const real = this.resolve(p, { cwd });
      return toSimStat(fs.statSync(real), this.isBlockReal(real));
    });
  }

  lstat(p: string, cwd = '/'): SimStat {
    return wrap(p, () => {
      const real = this.resolve(p, { cwd, follow: false });
      return toSimStat(fs.lstatSync(real), this.isBlockReal(real));
    });
  }

  /** Apparent size of a file, or of the volume behind a block device node. */
  deviceSize(p: string, cwd = '/'): number {
    return wrap(p, () => fs.statSync(this.resolve(p, { cwd })).size);
  }

  tryStat(p: string, cwd = '/'): SimStat | null {
    try {
      return this.stat(p, cwd);
    } catch {
      return null;
    }
  }

  tryLstat(p: string, cwd = '/'): SimStat | null {
    try {
      return this.lstat(p, cwd);
    } catch {
      return null;
    }
  }

  readFile(p: string, cwd = '/'): Buffer {
    return wrap(p, () => {
      const real = this.resolve(p, { cwd });
      if (fs.statSync(real).isDirectory()) throw new FsError('EISDIR', p);
      return fs.readFileSync(real);
    });
  }

  readText(p: string, cwd = '/'): string {
    return this.readFile(p, cwd).toString('utf8');
  }

  writeFile(
    p: string,
    data: string | Buffer,
    opts: { cwd?: string; append?: boolean; mode?: number } = {},
  ): void {
    wrap(p, () => {
      const real = this.resolve(p, { cwd: opts.cwd });
      const st = fs.statSync(real, { throwIfNoEntry: false });
      if (st?.isDirectory()) throw new FsError('EISDIR', p);
      const dir = fs.statSync(path.dirname(real), { throwIfNoEntry: false });
      if (!dir) throw new FsError('ENOENT', p);
      if (!dir.isDirectory()) throw new FsError('ENOTDIR', p);
      if (opts.append) fs.appendFileSync(real, data, { mode: opts.mode ?? 0o644 });
      else fs.writeFileSync(real, data, { mode: opts.mode ?? 0o644 });
    });
  }

  /** Open a real file descriptor (flags as for fs.openSync). The caller closes it. */
  open(p: string, flags: string | number, mode = 0o644, cwd = '/'): number {
    return wrap(p, () => {
      const real = this.resolve(p, { cwd });
      const st = fs.statSync(real, { throwIfNoEntry: false });
      const writing = typeof flags === 'number' ? (flags & 3) !== 0 : /[wa+]/.test(flags);
      if (st?.isDirectory() && writing) throw new FsError('EISDIR', p);
      return fs.openSync(real, flags, mode);
    });
  }

  mkdir(p: string, opts: { cwd?: string; recursive?: boolean; mode?: number } = {}): void {
    wrap(p, () => {
      if (opts.recursive) {
        // resolve component by component so that symlinked parents stay inside ROOT
        const parts = normalizeVirtual(p, opts.cwd ?? '/')
          .split('/')
          .filter(Boolean);
        let cur = '';
        for (const c of parts) {
          cur += '/' + c;
          const real = this.resolve(cur);
          const st = fs.statSync(real, { throwIfNoEntry: false });
          if (!st) fs.mkdirSync(real, { mode: opts.mode ?? 0o755 });
          else if (!st.isDirectory())
            throw new FsError(cur === normalizeVirtual(p, opts.cwd ?? '/') ? 'EEXIST' : 'ENOTDIR', p);
        }
        return;
      }
      const real = this.resolve(p, { cwd: opts.cwd, follow: false });
      fs.mkdirSync(real, { mode: opts.mode ?? 0o755 });
    });
  }

  readdir(p: string, cwd = '/'): string[] {
    return wrap(p, () => fs.readdirSync(this.resolve(p, { cwd })).sort());
  }

  unlink(p: string, cwd = '/'): void {
    wrap(p, () => {
      const real = this.resolve(p, { cwd, follow: false });
      const st = fs.lstatSync(real);
      if (st.isDirectory()) throw new FsError('EISDIR', p);
      fs.unlinkSync(real);
    });
  }

  rmdir(p: string, cwd = '/'): void {
    wrap(p, () => {
      const real = this.resolve(p, { cwd, follow: false });
      if (real === this.root) throw new FsError('EBUSY', p);
      fs.rmdirSync(real);
    });
  }

  /** rm -r: removes the link itself, never what a symlink points to. */
  rmRecursive(p: string, cwd = '/'): void {
    wrap(p, () => {
      const real = this.resolve(p, { cwd, follow: false });
      if (real === this.root) throw new FsError('EBUSY', p);
      fs.rmSync(real, { recursive: true });
    });
  }

  rename(from: string, to: string, cwd = '/'): void {
    wrap(from, () => {
      const a = this.resolve(from, { cwd, follow: false });
      let b = this.resolve(to, { cwd, follow: false });
      const bst = fs.statSync(b, { throwIfNoEntry: false });
      if (bst?.isDirectory() && !fs.lstatSync(a).isDirectory()) b = path.join(b, path.basename(a));
      fs.renameSync(a, b);
    });
  }

  /** Create a symlink at `linkPath` whose (virtual) target text is `target`. */
  symlink(target: string, linkPath: string, cwd = '/'): void {
    wrap(linkPath, () => {
      if (target.includes('\0')) throw new FsError('EINVAL', linkPath);
      fs.symlinkSync(target, this.resolve(linkPath, { cwd, follow: false }));
    });
  }

  readlink(p: string, cwd = '/'): string {
    return wrap(p, () => {
      const real = this.resolve(p, { cwd, follow: false });
      if (!fs.lstatSync(real).isSymbolicLink()) throw new FsError('EINVAL', p);
      return fs.readlinkSync(real);
    });
  }

  truncate(p: string, size: number, cwd = '/'): void {
    wrap(p, () => {
      const real = this.resolve(p, { cwd });
      if (!fs.existsSync(real)) fs.writeFileSync(real, '');
      fs.truncateSync(real, size);
    });
  }

  utimes(p: string, atimeSec: number, mtimeSec: number, cwd = '/'): void {
    wrap(p, () => fs.utimesSync(this.resolve(p, { cwd }), atimeSec, mtimeSec));
  }

  chmod(p: string, mode: number, cwd = '/'): void {
    wrap(p, () => fs.chmodSync(this.resolve(p, { cwd }), mode & 0o7777));
  }

  /** Copy a file; with `sparse`, runs of zero blocks become holes (cp --sparse=always). */
  copyFile(from: string, to: string, opts: { cwd?: string; sparse?: boolean } = {}): void {
    wrap(from, () => {
      const a = this.resolve(from, { cwd: opts.cwd });
      let b = this.resolve(to, { cwd: opts.cwd });
      if (fs.statSync(a).isDirectory()) throw new FsError('EISDIR', from);
      const bst = fs.statSync(b, { throwIfNoEntry: false });
      if (bst?.isDirectory()) b = path.join(b, path.basename(a));
      if (!opts.sparse) {
        fs.copyFileSync(a, b);
        return;
      }
      const size = fs.statSync(a).size;
      const src = fs.openSync(a, 'r');
      const dst = fs.openSync(b, 'w');
      try {
        const buf = Buffer.alloc(1024 * 1024);
        const zero = Buffer.alloc(4096);
        let pos = 0;
        while (pos < size) {
          const n = fs.readSync(src, buf, 0, buf.length, pos);
          if (n <= 0) break;
          for (let off = 0; off < n; off += 4096) {
            const chunk = buf.subarray(off, Math.min(off + 4096, n));
            if (!chunk.equals(zero.subarray(0, chunk.length)))
              fs.writeSync(dst, chunk, 0, chunk.length, pos + off);
          }
          pos += n;
        }
        fs.ftruncateSync(dst, size);
      } finally {
        fs.closeSync(src);
        fs.closeSync(dst);
      }
    });
  }

  /**
   * copyFile without blocking the event loop for big sparse images: on Linux the host's GNU
   * `cp --sparse=always` (SEEK_DATA: an 8 GiB image with little data copies at once, as on a
   * real dom0) on the already-resolved sandbox paths; elsewhere, or when that fails, copyFile.
   */
  async copyFileAsync(
    from: string,
    to: string,
    opts: { cwd?: string; sparse?: boolean } = {},
  ): Promise<void> {
    if (opts.sparse && process.platform === 'linux') {
      try {
        const a = this.resolve(from, { cwd: opts.cwd });
        let b = this.resolve(to, { cwd: opts.cwd });
        const ast = fs.statSync(a);
        const bst = fs.statSync(b, { throwIfNoEntry: false });
        if (bst?.isDirectory()) b = path.join(b, path.basename(a));
        if (ast.isFile()) {
          await new Promise<void>((resolve, reject) =>
            execFile('cp', ['--sparse=always', '--', a, b], (err) => (err ? reject(err) : resolve())),
          );
          return;
        }
      } catch {
        /* fall back to the portable copy (which reports the FsError) */
      }
    }
    this.copyFile(from, to, opts);
  }

  /** Bytes allocated below a virtual directory (st_blocks, so sparse images count little). */
  usage(p = '/'): number {
    let total = 0;
    const walk = (real: string): void => {
      let st: fs.Stats;
      try {
        st = fs.lstatSync(real);
      } catch {
        return;
      }
      total += st.blocks * 512;
      if (st.isDirectory()) for (const e of fs.readdirSync(real)) walk(path.join(real, e));
    };
    walk(this.resolve(p));
    return total;
  }

  // --- seeding helpers (used by scenarios) ---------------------------------------------

  /** Write a file, creating parent directories. */
  seedFile(p: string, data: string | Buffer, mode = 0o644): void {
    this.mkdir(path.posix.dirname(normalizeVirtual(p)), { recursive: true });
    this.writeFile(p, data, { mode });
    this.chmod(p, mode);
  }

  /** A sparse file of `size` bytes (disk images). */
  seedSparse(p: string, size: number): void {
    this.mkdir(path.posix.dirname(normalizeVirtual(p)), { recursive: true });
    if (!this.exists(p)) this.truncate(p, size);
  }

  seedSymlink(target: string, linkPath: string): void {
    this.mkdir(path.posix.dirname(normalizeVirtual(linkPath)), { recursive: true });
    if (!this.tryLstat(linkPath)) this.symlink(target, linkPath);
  }
}
