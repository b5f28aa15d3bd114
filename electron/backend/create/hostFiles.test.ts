// startUpload's write pipeline against a fake SFTP server whose answers come late and out of
// order, as on a WAN link: the bytes must land at their offsets, the acks count only what the
// host confirmed, and DEST appears only after the last write answered.
import type { SFTPWrapper } from 'ssh2';
import { describe, expect, it } from 'vitest';
import { jsonLineReader } from '../../../shared/jsonLines';
import type { ServerStream } from '../../../shared/rpc';
import { startUpload } from './hostFiles';

interface FakeSftp {
  files: Map<string, Buffer>;
  maxInFlight: number;
  writes: number;
  /** answer the pending writes: all, in reverse order, or fail the one at this offset */
  flush(order?: 'fifo' | 'reverse', failAt?: number): void;
  pending: number;
}

function fakeSftp(): { sftp: SFTPWrapper; fake: FakeSftp } {
  const files = new Map<string, Buffer>();
  let pending: { offset: number; done: () => void; fail: () => void }[] = [];
  const fake: FakeSftp = {
    files,
    maxInFlight: 0,
    writes: 0,
    get pending() {
      return pending.length;
    },
    flush(order = 'fifo', failAt) {
      const now = order === 'reverse' ? [...pending].reverse() : pending;
      pending = [];
      for (const p of now) (p.offset === failAt ? p.fail : p.done)();
    },
  };
  const handle = Buffer.from('h1');
  let openPath = '';
  const sftp = {
    lstat: (path: string, cb: (err: Error | null) => void) =>
      setImmediate(() => cb(files.has(path) ? null : Object.assign(new Error('no'), { code: 2 }))),
    open: (path: string, _flags: string, cb: (err: Error | null, h: Buffer) => void) => {
      openPath = path;
      files.set(path, Buffer.alloc(0));
      setImmediate(() => cb(null, handle));
    },
    write: (_h: Buffer, buf: Buffer, off: number, len: number, pos: number, cb: (err?: Error) => void) => {
      fake.writes++;
      const data = Buffer.from(buf.subarray(off, off + len));
      pending.push({
        offset: pos,
        done: () => {
          const cur = files.get(openPath)!;
          const next = Buffer.alloc(Math.max(cur.length, pos + len));
          cur.copy(next);
          data.copy(next, pos);
          files.set(openPath, next);
          cb();
        },
        fail: () => cb(Object.assign(new Error('Failure'), { code: 4 })),
      });
      fake.maxInFlight = Math.max(fake.maxInFlight, pending.length);
    },
    close: (_h: Buffer, cb: () => void) => setImmediate(cb),
    rename: (from: string, to: string, cb: (err: Error | null) => void) => {
      files.set(to, files.get(from)!);
      files.delete(from);
      setImmediate(() => cb(null));
    },
    unlink: (path: string, cb: (err: Error | null) => void) => {
      files.delete(path);
      setImmediate(() => cb(null));
    },
  };
  return { sftp: sftp as unknown as SFTPWrapper, fake };
}

function fakeStream() {
  const pushed: unknown[] = [];
  let onWrite: (d: string) => void = () => undefined;
  let onControl: (m: unknown) => void = () => undefined;
  let ended: string | undefined;
  const gathered: string[] = [];
  const read = jsonLineReader((m) => pushed.push(m));
  const s: ServerStream = {
    id: 7,
    // as the RPC does for a busy stream: what is pushed in one I/O turn arrives as one piece
    push: (d) => {
      if (gathered.length === 0) setImmediate(() => read(gathered.splice(0).join('')));
      gathered.push(d);
    },
    end: (reason) => (ended = reason ?? ''),
    get ended() {
      return ended !== undefined;
    },
    onPressure: () => undefined,
    onWrite: (cb) => (onWrite = cb),
    onControl: (cb) => (onControl = cb),
    onClose: () => undefined,
  };
  return {
    s,
    pushed,
    write: (b: Buffer) => onWrite(b.toString('base64')),
    done: () => onControl({ done: true }),
    endedWith: () => ended,
  };
}

const tick = () => new Promise((r) => setImmediate(r));
const CHUNK = 64 * 1024;
const content = (n: number) => Buffer.from(Array.from({ length: n }, (_, i) => (i * 31 + (i >> 9)) & 0xff));

describe('startUpload pipelines its SFTP writes', () => {
  it('sends every chunk before the first answer, lands bytes at their offsets when answers come back reversed', async () => {
    const { sftp, fake } = fakeSftp();
    const st = fakeStream();
    const data = content(10 * CHUNK + 1234);
    await startUpload(
      { label: 'xen1', user: 'root', sftp: async () => sftp },
      { destPath: '/iso/a.iso', sizeBytes: data.length },
      () => st.s,
    );
    for (let o = 0; o < data.length; o += CHUNK) st.write(data.subarray(o, o + CHUNK));
    await tick();
    // all 11 writes are out at once: one round trip for the lot, not one per chunk
    expect(fake.maxInFlight).toBe(11);
    expect(st.pushed).toEqual([]); // nothing acknowledged before the host answered
    st.done();
    await tick();
    expect(fake.files.has('/iso/a.iso')).toBe(false); // not renamed while writes are pending
    fake.flush('reverse');
    for (let i = 0; i < 5; i++) await tick();
    expect(fake.files.get('/iso/a.iso')?.equals(data)).toBe(true);
    expect(fake.files.has('/iso/a.iso.part')).toBe(false);
    const acks = st.pushed.filter((m) => (m as { received?: number }).received !== undefined);
    expect(acks.at(-1)).toEqual({ received: data.length });
    expect(st.pushed.at(-1)).toEqual({ done: true, path: '/iso/a.iso' });
  });

  it('one failed write among many fails the upload once and removes DEST.part', async () => {
    const { sftp, fake } = fakeSftp();
    const st = fakeStream();
    const data = content(4 * CHUNK);
    await startUpload(
      { label: 'xen1', user: 'root', sftp: async () => sftp },
      { destPath: '/iso/b.iso', sizeBytes: data.length },
      () => st.s,
    );
    for (let o = 0; o < data.length; o += CHUNK) st.write(data.subarray(o, o + CHUNK));
    await tick();
    fake.flush('fifo', 2 * CHUNK);
    for (let i = 0; i < 5; i++) await tick();
    st.done();
    for (let i = 0; i < 5; i++) await tick();
    expect(fake.files.has('/iso/b.iso.part')).toBe(false);
    expect(fake.files.has('/iso/b.iso')).toBe(false);
    const errors = st.pushed.filter((m) => (m as { error?: string }).error !== undefined);
    expect(errors).toHaveLength(1);
    // the stream ends with the host's own words, the same as the error pushed
    expect(st.endedWith()).toBe((errors[0] as { error: string }).error);
    expect(st.endedWith()).toContain('/iso/b.iso.part');
  });
});
