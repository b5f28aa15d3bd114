// The host's files over SFTP (on the host's one SSH connection): a directory listing for the
// wizard's file browser, and uploads from this computer (ISOs) with the stream protocol of
// shared/create/spec.ts: bytes go to DEST.part, which becomes DEST only when the client says
// done and every byte arrived; a cancel, a closed window or a lost connection removes DEST.part.
// SFTP runs as the login user (no sudo): with a non-root login, upload where that user may write.
import type { SFTPWrapper, Stats } from 'ssh2';
import { ApiError } from '../../../shared/api';
import type { HostDirEntry, HostDirListing, UploadStarted } from '../../../shared/create/spec';
import type { ServerStream } from '../../../shared/rpc';
import { jsonLine } from '../../../shared/jsonLines';
import { humanBytes } from '../domains/remote';

/** ssh2's SFTP status codes on errors */
const NO_SUCH_FILE = 2;
const PERMISSION_DENIED = 3;
const MAX_ENTRIES = 5000;
/** decoded bytes per stream.write chunk (spec.ts) */
export const UPLOAD_CHUNK_MAX = 64 * 1024;
/** the client's window (1 MiB) in 64 KiB chunks, with room for smaller chunks */
const MAX_WRITES_IN_FLIGHT = 64;

const S_IFMT = 0o170000;
function kindOf(mode: number): HostDirEntry['kind'] {
  switch (mode & S_IFMT) {
    case 0o040000:
      return 'dir';
    case 0o100000:
      return 'file';
    case 0o060000:
      return 'block';
    case 0o120000:
      return 'link';
    default:
      return 'other';
  }
}

function sftpError(e: unknown, path: string, label: string, user: string): ApiError {
  const code = (e as { code?: number }).code;
  if (code === NO_SUCH_FILE) return new ApiError('not-found', `${path} does not exist on ${label}.`);
  if (code === PERMISSION_DENIED)
    return new ApiError(
      'invalid-params',
      `Permission denied: ${path} on ${label} (SFTP works as ${user}, without sudo).`,
    );
  return new ApiError('xl-failed', `${path} on ${label}: ${(e as Error).message}`);
}

const cb =
  <T>(resolve: (v: T) => void, reject: (e: unknown) => void) =>
  (err: Error | undefined | null, v: T) =>
    err ? reject(err) : resolve(v);

/**
 * An SFTP call on a channel that may be dead (the SSH connection dropped): it may throw, call
 * back with an error, or never call back — settle within `ms` whatever happens.
 */
function settle<T>(
  start: (done: (v: T) => void) => void,
  ms = 2000,
): Promise<{ value?: T; threw?: boolean; timedOut?: boolean }> {
  return new Promise((resolve) => {
    const t = setTimeout(() => resolve({ timedOut: true }), ms);
    try {
      start((v) => {
        clearTimeout(t);
        resolve({ value: v });
      });
    } catch {
      clearTimeout(t);
      resolve({ threw: true });
    }
  });
}

export interface SftpHost {
  label: string;
  user: string;
  sftp(): Promise<SFTPWrapper>;
}

export async function listHostDir(h: SftpHost, path: string): Promise<HostDirListing> {
  const sftp = await h.sftp();
  let list;
  try {
    list = await new Promise<{ filename: string; attrs: Stats }[]>((res, rej) =>
      sftp.readdir(path, cb(res, rej)),
    );
  } catch (e) {
    throw sftpError(e, path, h.label, h.user);
  }
  const entries: HostDirEntry[] = [];
  const base = path.endsWith('/') ? path : `${path}/`;
  for (const f of list) {
    if (f.filename === '.' || f.filename === '..') continue;
    if (entries.length >= MAX_ENTRIES) break;
    const e: HostDirEntry = {
      name: f.filename,
      kind: kindOf(f.attrs.mode),
      sizeBytes: f.attrs.size,
      mtime: f.attrs.mtime * 1000,
    };
    if (e.kind === 'link') {
      // what the link points to decides whether the browser opens it or picks it
      const st = await new Promise<Stats | null>((res) =>
        sftp.stat(base + f.filename, (err, s) => res(err ? null : s)),
      );
      if (st) {
        e.linkTo = kindOf(st.mode);
        e.sizeBytes = st.size;
      }
    }
    entries.push(e);
  }
  entries.sort((a, b) => Number(b.kind === 'dir') - Number(a.kind === 'dir') || a.name.localeCompare(b.name));
  return { path, entries };
}

export interface UploadHooks {
  progress?: (received: number, total: number, done: boolean, error?: string) => void;
  /** DEST.part could not be removed (the SSH connection was gone): remove it later */
  orphan?: (partPath: string) => void;
}

/** Remove .part files left by uploads whose connection was lost (best effort). */
export async function removeOrphans(h: SftpHost, parts: Set<string>): Promise<void> {
  if (parts.size === 0) return;
  const sftp = await h.sftp();
  for (const p of [...parts]) {
    const gone = await new Promise<boolean>((res) =>
      sftp.unlink(p, (err) => res(!err || (err as { code?: number }).code === NO_SUCH_FILE)),
    );
    if (gone) parts.delete(p);
  }
}

/** Start an upload: checks DEST, opens DEST.part, wires the stream. */
export async function startUpload(
  h: SftpHost,
  p: { destPath: string; sizeBytes: number },
  stream: () => ServerStream,
  hooks: UploadHooks = {},
): Promise<UploadStarted> {
  const sftp = await h.sftp();
  const dest = p.destPath;
  const part = `${dest}.part`;
  const exists = await new Promise<boolean>((res) => sftp.lstat(dest, (err) => res(!err)));
  if (exists)
    throw new ApiError('conflict', `${dest} already exists on ${h.label}: XenDesk does not overwrite it.`);
  // a .part left by an upload whose connection was lost is replaced (the name is XenDesk's own)
  let handle: Buffer;
  try {
    handle = await new Promise<Buffer>((res, rej) => sftp.open(part, 'w', cb(res, rej)));
  } catch (e) {
    throw sftpError(e, part, h.label, h.user);
  }
  const s = stream();
  let received = 0;
  let written = 0;
  let state: 'open' | 'finishing' | 'done' | 'failed' = 'open';
  let chain: Promise<void> = Promise.resolve();
  let closed = false;
  let lastProgress = 0;

  const closeHandle = () => {
    if (closed) return Promise.resolve();
    closed = true;
    return settle<void>((done) => sftp.close(handle, () => done())).then(() => undefined);
  };
  const removePart = async () => {
    const r = await settle<Error | undefined>((done) => sftp.unlink(part, (err) => done(err ?? undefined)));
    if (r.timedOut || r.threw || (r.value && (r.value as { code?: number }).code !== NO_SUCH_FILE))
      hooks.orphan?.(part);
  };
  const fail = async (message: string) => {
    if (state === 'failed' || state === 'done') return;
    state = 'failed';
    await closeHandle();
    await removePart();
    s.push(jsonLine({ error: message }));
    s.end(message);
    hooks.progress?.(written, p.sizeBytes, true, message);
  };

  // Writes are pipelined: each chunk goes out at its own offset as soon as it arrives, without
  // waiting for the previous one's answer (one round trip per 64 KiB capped a WAN upload at
  // 64 KiB/RTT). The client keeps at most 1 MiB unacknowledged, which bounds the writes in flight.
  const inFlight = new Set<Promise<void>>();
  const drained = () => Promise.all([...inFlight]).then(() => undefined);
  const writeAt = (buf: Buffer, offset: number) =>
    new Promise<void>((res, rej) => {
      const t = setTimeout(() => rej(new Error('no answer from the host')), 60000);
      sftp.write(handle, buf, 0, buf.length, offset, (err) => {
        clearTimeout(t);
        if (err) rej(err);
        else res();
      });
    });

  s.onWrite((b64) => {
    if (state !== 'open') return;
    const buf = Buffer.from(b64, 'base64');
    if (buf.length === 0 && b64.length > 0) return void fail('a chunk was not base64');
    if (buf.length > UPLOAD_CHUNK_MAX)
      return void fail(`a chunk of ${buf.length} bytes is larger than 64 KiB`);
    if (received + buf.length > p.sizeBytes)
      return void fail(`more bytes than announced (${p.sizeBytes}): upload cancelled`);
    if (inFlight.size >= MAX_WRITES_IN_FLIGHT)
      return void fail('the client sent more than it may leave unacknowledged: upload cancelled');
    const offset = received;
    received += buf.length;
    const w = writeAt(buf, offset).then(
      () => {
        if (state === 'failed') return;
        written += buf.length;
        s.push(jsonLine({ received: written }));
        const now = Date.now();
        if (now - lastProgress > 250) {
          lastProgress = now;
          hooks.progress?.(written, p.sizeBytes, false);
        }
      },
      (e: unknown) => fail(sftpError(e, part, h.label, h.user).message),
    );
    inFlight.add(w);
    void w.finally(() => inFlight.delete(w));
  });

  s.onControl((msg) => {
    if (state !== 'open' || (msg as { done?: unknown })?.done !== true) return;
    state = 'finishing';
    chain = chain.then(async () => {
      await drained();
      if (state !== 'finishing') return;
      if (written !== p.sizeBytes) {
        state = 'open';
        return fail(`only ${humanBytes(written)} of ${humanBytes(p.sizeBytes)} arrived: upload cancelled`);
      }
      await closeHandle();
      try {
        // SFTP's RENAME refuses an existing target: a DEST that appeared meanwhile is not replaced
        await new Promise<void>((res, rej) => sftp.rename(part, dest, (err) => (err ? rej(err) : res())));
      } catch (e) {
        state = 'open';
        const appeared = await new Promise<boolean>((res) => sftp.lstat(dest, (err) => res(!err)));
        return fail(
          appeared
            ? `${dest} appeared on the host meanwhile: not replaced`
            : sftpError(e, dest, h.label, h.user).message,
        );
      }
      state = 'done';
      s.push(jsonLine({ done: true, path: dest }));
      s.end();
      hooks.progress?.(written, p.sizeBytes, true);
    });
  });

  // closed early (cancel, window closed, RPC connection lost): DEST.part goes
  s.onClose(() => {
    if (state === 'done' || state === 'failed') return;
    state = 'failed';
    chain = chain.then(async () => {
      await drained(); // the part file is removed after the last write answered, not before
      await closeHandle();
      await removePart();
      hooks.progress?.(written, p.sizeBytes, true, 'cancelled');
    });
  });
  return { streamId: s.id, partPath: part };
}
