// The SFTP subsystem of the simulated dom0 (ssh2's SFTP server over the sandbox filesystem):
// OPEN READ WRITE CLOSE FSTAT FSETSTAT STAT LSTAT SETSTAT OPENDIR READDIR REALPATH RENAME
// REMOVE MKDIR RMDIR SYMLINK READLINK. Status codes and rename semantics follow OpenSSH's
// sftp-server (RENAME onto an existing file fails).
import nodeFs from 'node:fs';
import path from 'node:path';
import { utils, type SFTPWrapper } from 'ssh2';
import { FsError, normalizeVirtual, type SimFs, type SimStat } from './fs';

const { STATUS_CODE, OPEN_MODE } = utils.sftp;

interface Attrs {
  mode?: number;
  uid?: number;
  gid?: number;
  size?: number;
  atime?: number;
  mtime?: number;
}

function attrsOf(st: SimStat): {
  mode: number;
  uid: number;
  gid: number;
  size: number;
  atime: number;
  mtime: number;
} {
  return {
    mode: st.mode,
    uid: 0,
    gid: 0,
    size: st.size,
    atime: Math.floor(st.atimeMs / 1000),
    mtime: Math.floor(st.mtimeMs / 1000),
  };
}

function nodeAttrs(st: nodeFs.Stats): {
  mode: number;
  uid: number;
  gid: number;
  size: number;
  atime: number;
  mtime: number;
} {
  return {
    mode: st.mode,
    uid: 0,
    gid: 0,
    size: st.size,
    atime: Math.floor(st.atimeMs / 1000),
    mtime: Math.floor(st.mtimeMs / 1000),
  };
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** OpenSSH's ls_file(): "%s %4u %-8s %-8s %8llu %s %s" */
function longname(name: string, st: SimStat): string {
  const t = st.isSymlink ? 'l' : st.isDirectory ? 'd' : '-';
  const perm = 'rwxrwxrwx'
    .split('')
    .map((c, i) => (st.mode & (1 << (8 - i)) ? c : '-'))
    .join('');
  const d = new Date(st.mtimeMs);
  const recent = Math.abs(Date.now() - st.mtimeMs) < 182 * 86400 * 1000;
  const when = `${MONTHS[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2)} ${recent ? `${String(d.getUTCHours()).padStart(2, '0')}:${String(d.getUTCMinutes()).padStart(2, '0')}` : ` ${d.getUTCFullYear()}`}`;
  return `${t}${perm} ${String(st.nlink).padStart(4)} ${'root'.padEnd(8)} ${'root'.padEnd(8)} ${String(st.size).padStart(8)} ${when} ${name}`;
}

function code(e: unknown): number {
  if (e instanceof FsError) {
    if (e.code === 'ENOENT' || e.code === 'ENOTDIR') return STATUS_CODE.NO_SUCH_FILE;
    if (e.code === 'EACCES' || e.code === 'EPERM') return STATUS_CODE.PERMISSION_DENIED;
  }
  const c = (e as NodeJS.ErrnoException).code;
  if (c === 'ENOENT') return STATUS_CODE.NO_SUCH_FILE;
  if (c === 'EACCES' || c === 'EPERM') return STATUS_CODE.PERMISSION_DENIED;
  return STATUS_CODE.FAILURE;
}

function message(e: unknown): string {
  if (e instanceof FsError) return e.reason;
  return 'Failure';
}

type Handle =
  { kind: 'file'; fd: number; vpath: string } | { kind: 'dir'; vpath: string; entries: string[] | null };

export function serveSftp(sftp: SFTPWrapper, fsx: SimFs, home: string): void {
  const handles = new Map<number, Handle>();
  let next = 1;
  const abs = (p: string): string => normalizeVirtual(p === '' ? '.' : p, home);
  const newHandle = (h: Handle): Buffer => {
    const id = next++;
    handles.set(id, h);
    const b = Buffer.alloc(4);
    b.writeUInt32BE(id, 0);
    return b;
  };
  const get = (b: Buffer): Handle | undefined =>
    b.length === 4 ? handles.get(b.readUInt32BE(0)) : undefined;
  const fail = (reqid: number, e: unknown): void => {
    sftp.status(reqid, code(e), message(e));
  };
  const applyAttrs = (vpath: string, a: Attrs): void => {
    if (a.size !== undefined) fsx.truncate(vpath, a.size);
    if (a.mode !== undefined) fsx.chmod(vpath, a.mode);
    if (a.atime !== undefined || a.mtime !== undefined) {
      const st = fsx.stat(vpath);
      fsx.utimes(vpath, a.atime ?? st.atimeMs / 1000, a.mtime ?? st.mtimeMs / 1000);
    }
  };

  sftp.on('OPEN', (reqid, filename, flags, attrs: Attrs) => {
    try {
      const vpath = abs(filename);
      let mode = utils.sftp.flagsToString(flags) ?? 'r';
      if (flags & OPEN_MODE.WRITE && !(flags & OPEN_MODE.CREAT) && !fsx.tryStat(vpath))
        throw new FsError('ENOENT', vpath);
      if (flags & OPEN_MODE.EXCL && fsx.tryLstat(vpath)) throw new FsError('EEXIST', vpath);
      if (mode === 'wx') mode = 'w';
      const fd = fsx.open(vpath, mode, attrs?.mode ? attrs.mode & 0o7777 : 0o644);
      sftp.handle(reqid, newHandle({ kind: 'file', fd, vpath }));
    } catch (e) {
      fail(reqid, e);
    }
  });

  sftp.on('READ', (reqid, handle, offset, length) => {
    const h = get(handle);
    if (!h || h.kind !== 'file') return sftp.status(reqid, STATUS_CODE.FAILURE);
    try {
      const buf = Buffer.alloc(Math.min(length, 256 * 1024));
      const n = nodeFs.readSync(h.fd, buf, 0, buf.length, offset);
      if (n <= 0) return sftp.status(reqid, STATUS_CODE.EOF);
      sftp.data(reqid, buf.subarray(0, n));
    } catch (e) {
      fail(reqid, e);
    }
  });

  sftp.on('WRITE', (reqid, handle, offset, data) => {
    const h = get(handle);
    if (!h || h.kind !== 'file') return sftp.status(reqid, STATUS_CODE.FAILURE);
    try {
      nodeFs.writeSync(h.fd, data, 0, data.length, offset);
      sftp.status(reqid, STATUS_CODE.OK);
    } catch (e) {
      fail(reqid, e);
    }
  });

  sftp.on('FSTAT', (reqid, handle) => {
    const h = get(handle);
    if (!h) return sftp.status(reqid, STATUS_CODE.FAILURE);
    try {
      if (h.kind === 'file') sftp.attrs(reqid, nodeAttrs(nodeFs.fstatSync(h.fd)));
      else sftp.attrs(reqid, attrsOf(fsx.stat(h.vpath)));
    } catch (e) {
      fail(reqid, e);
    }
  });

  sftp.on('FSETSTAT', (reqid, handle, attrs: Attrs) => {
    const h = get(handle);
    if (!h) return sftp.status(reqid, STATUS_CODE.FAILURE);
    try {
      if (h.kind === 'file' && attrs.size !== undefined) nodeFs.ftruncateSync(h.fd, attrs.size);
      applyAttrs(h.vpath, { ...attrs, size: h.kind === 'file' ? undefined : attrs.size });
      sftp.status(reqid, STATUS_CODE.OK);
    } catch (e) {
      fail(reqid, e);
    }
  });

  sftp.on('CLOSE', (reqid, handle) => {
    const h = get(handle);
    if (!h) return sftp.status(reqid, STATUS_CODE.FAILURE);
    handles.delete(handle.readUInt32BE(0));
    if (h.kind === 'file') {
      try {
        nodeFs.closeSync(h.fd);
      } catch (e) {
        return fail(reqid, e);
      }
    }
    sftp.status(reqid, STATUS_CODE.OK);
  });

  sftp.on('OPENDIR', (reqid, p) => {
    try {
      const vpath = abs(p);
      const st = fsx.stat(vpath);
      if (!st.isDirectory) throw new FsError('ENOTDIR', vpath);
      sftp.handle(reqid, newHandle({ kind: 'dir', vpath: fsx.realpath(vpath), entries: null }));
    } catch (e) {
      fail(reqid, e);
    }
  });

  sftp.on('READDIR', (reqid, handle) => {
    const h = get(handle);
    if (!h || h.kind !== 'dir') return sftp.status(reqid, STATUS_CODE.FAILURE);
    if (h.entries === null) {
      try {
        h.entries = ['.', '..', ...fsx.readdir(h.vpath)];
      } catch (e) {
        return fail(reqid, e);
      }
    }
    if (h.entries.length === 0) return sftp.status(reqid, STATUS_CODE.EOF);
    const batch = h.entries.splice(0, 100);
    const names = batch.map((name) => {
      const vp =
        name === '.' ? h.vpath : name === '..' ? path.posix.dirname(h.vpath) : path.posix.join(h.vpath, name);
      const st = fsx.tryLstat(vp) ?? fsx.stat(h.vpath);
      return { filename: name, longname: longname(name, st), attrs: attrsOf(st) };
    });
    sftp.name(reqid, names);
  });

  const statHandler = (follow: boolean) => (reqid: number, p: string) => {
    try {
      const vpath = abs(p);
      sftp.attrs(reqid, attrsOf(follow ? fsx.stat(vpath) : fsx.lstat(vpath)));
    } catch (e) {
      fail(reqid, e);
    }
  };
  sftp.on('STAT', statHandler(true));
  sftp.on('LSTAT', statHandler(false));

  sftp.on('SETSTAT', (reqid, p, attrs: Attrs) => {
    try {
      applyAttrs(abs(p), attrs);
      sftp.status(reqid, STATUS_CODE.OK);
    } catch (e) {
      fail(reqid, e);
    }
  });

  sftp.on('REALPATH', (reqid, p) => {
    const vpath = abs(p);
    let real: string;
    try {
      real = fsx.realpath(vpath);
    } catch {
      // OpenSSH's realpath of a missing last component still answers (for uploads)
      try {
        real = path.posix.join(fsx.realpath(path.posix.dirname(vpath)), path.posix.basename(vpath));
      } catch (e) {
        return fail(reqid, e);
      }
    }
    const st = fsx.tryLstat(real);
    sftp.name(reqid, [
      { filename: real, longname: st ? longname(real, st) : real, attrs: (st ? attrsOf(st) : {}) as never },
    ]);
  });

  sftp.on('RENAME', (reqid, from, to) => {
    try {
      const a = abs(from);
      const b = abs(to);
      if (!fsx.tryLstat(a)) throw new FsError('ENOENT', a);
      if (fsx.tryLstat(b)) return sftp.status(reqid, STATUS_CODE.FAILURE, 'Failure');
      fsx.rename(a, b);
      sftp.status(reqid, STATUS_CODE.OK);
    } catch (e) {
      fail(reqid, e);
    }
  });

  sftp.on('REMOVE', (reqid, p) => {
    try {
      fsx.unlink(abs(p));
      sftp.status(reqid, STATUS_CODE.OK);
    } catch (e) {
      fail(reqid, e);
    }
  });

  sftp.on('RMDIR', (reqid, p) => {
    try {
      fsx.rmdir(abs(p));
      sftp.status(reqid, STATUS_CODE.OK);
    } catch (e) {
      fail(reqid, e);
    }
  });

  sftp.on('MKDIR', (reqid, p, attrs: Attrs) => {
    try {
      fsx.mkdir(abs(p), { mode: attrs?.mode ? attrs.mode & 0o7777 : 0o755 });
      sftp.status(reqid, STATUS_CODE.OK);
    } catch (e) {
      fail(reqid, e);
    }
  });

  sftp.on('SYMLINK', (reqid, linkPath, targetPath) => {
    try {
      fsx.symlink(targetPath, abs(linkPath));
      sftp.status(reqid, STATUS_CODE.OK);
    } catch (e) {
      fail(reqid, e);
    }
  });

  sftp.on('READLINK', (reqid, p) => {
    try {
      const target = fsx.readlink(abs(p));
      sftp.name(reqid, [{ filename: target, longname: target, attrs: {} as never }]);
    } catch (e) {
      fail(reqid, e);
    }
  });

  // the client closed its end (sftp exits): sftp-server exits on EOF, the channel closes
  sftp.on('end', () => sftp.end());
  sftp.on('close', () => {
    for (const h of handles.values()) if (h.kind === 'file') nodeFs.closeSync(h.fd);
    handles.clear();
  });
}
