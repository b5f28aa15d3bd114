import { describe, expect, it } from 'vitest';
import { jsonLine } from '../../../shared/jsonLines';
import type { ClientStream, RpcClient } from '../../../shared/rpc';
import {
  CHUNK_BYTES,
  UploadCancelled,
  WINDOW_BYTES,
  toBase64,
  uploadToHost,
  type UploadSource,
} from './upload';

/** A host that acknowledges what it receives (or not), as the uploadToHost stream does. */
function fakeHost(opts: { ack?: boolean; refuse?: boolean; failAfter?: number } = {}) {
  const written: Buffer[] = [];
  let data: ((d: string) => void) | null = null;
  let end: ((reason?: string) => void) | null = null;
  let received = 0;
  let closed = false;
  let maxUnacked = 0;
  let done = false;
  const stream: ClientStream = {
    id: 7,
    onData: (cb) => void (data = cb as (d: string) => void),
    onEnd: (cb) => void (end = cb),
    write: (b64) => {
      const buf = Buffer.from(b64, 'base64');
      written.push(buf);
      const total = written.reduce((n, b) => n + b.length, 0);
      maxUnacked = Math.max(maxUnacked, total - received);
      if (opts.failAfter !== undefined && total > opts.failAfter) {
        queueMicrotask(() => {
          data?.(jsonLine({ error: 'No space left on device' }));
          end?.('No space left on device');
        });
        return;
      }
      if (opts.ack !== false)
        queueMicrotask(() => {
          received = total;
          data?.(jsonLine({ received }));
        });
    },
    control: (msg) => {
      if ((msg as { done?: boolean }).done) {
        done = true;
        queueMicrotask(() => {
          data?.(jsonLine({ done: true, path: '/var/lib/xen/iso/x.iso' }));
          end?.();
        });
      }
    },
    close: () => {
      closed = true;
      queueMicrotask(() => end?.('closed'));
    },
  };
  const calls: unknown[] = [];
  const client = {
    api: {
      uploadToHost: async (p: unknown) => {
        calls.push(p);
        if (opts.refuse) throw new Error('conflict');
        return { streamId: 7, partPath: '/var/lib/xen/iso/x.iso.part' };
      },
    },
    stream: () => stream,
  } as unknown as RpcClient;
  return {
    client,
    calls,
    bytes: () => Buffer.concat(written),
    state: () => ({
      closed,
      maxUnacked,
      done,
      chunks: written.length,
      largest: Math.max(0, ...written.map((b) => b.length)),
    }),
  };
}

function memSource(bytes: Uint8Array): UploadSource {
  return { size: bytes.length, read: async (s, e) => bytes.subarray(s, e) };
}

const sample = (n: number) => Uint8Array.from({ length: n }, (_, i) => (i * 31 + 7) & 0xff);

describe('uploadToHost', () => {
  it('sends the whole file in ≤ 64 KiB chunks and resolves with the host path', async () => {
    const host = fakeHost();
    const file = sample(300 * 1024 + 5);
    const seen: number[] = [];
    const path = await uploadToHost(host.client, {
      hostId: 'demo',
      destPath: '/var/lib/xen/iso/x.iso',
      source: memSource(file),
      onProgress: (r) => seen.push(r),
    });
    expect(path).toBe('/var/lib/xen/iso/x.iso');
    expect(Buffer.compare(host.bytes(), Buffer.from(file))).toBe(0);
    expect(host.state().largest).toBeLessThanOrEqual(CHUNK_BYTES);
    expect(host.state().done).toBe(true);
    expect(seen[seen.length - 1]).toBe(file.length);
    expect(host.calls[0]).toMatchObject({ sizeBytes: file.length, destPath: '/var/lib/xen/iso/x.iso' });
  });

  it('keeps at most 1 MiB unacknowledged, waiting for the host', async () => {
    const host = fakeHost({ ack: false });
    const ctl = new AbortController();
    const p = uploadToHost(host.client, {
      hostId: 'demo',
      destPath: '/var/lib/xen/iso/x.iso',
      source: memSource(sample(3 * 1024 * 1024)),
      signal: ctl.signal,
    });
    await new Promise((r) => setTimeout(r, 50));
    expect(host.state().maxUnacked).toBeLessThanOrEqual(WINDOW_BYTES);
    expect(host.state().chunks).toBe(WINDOW_BYTES / CHUNK_BYTES);
    ctl.abort();
    await expect(p).rejects.toBeInstanceOf(UploadCancelled);
    expect(host.state().closed).toBe(true);
  });

  it('sends an empty file as just "done"', async () => {
    const host = fakeHost();
    await expect(
      uploadToHost(host.client, {
        hostId: 'demo',
        destPath: '/var/lib/xen/iso/x.iso',
        source: memSource(new Uint8Array()),
      }),
    ).resolves.toBe('/var/lib/xen/iso/x.iso');
    expect(host.state().chunks).toBe(0);
  });

  it('rejects with the host’s words when it gives up midway', async () => {
    const host = fakeHost({ failAfter: 200 * 1024 });
    await expect(
      uploadToHost(host.client, {
        hostId: 'demo',
        destPath: '/x.iso',
        source: memSource(sample(2 * 1024 * 1024)),
      }),
    ).rejects.toThrow('No space left on device');
    expect(host.state().done).toBe(false);
  });

  it('passes the host refusing the upload on', async () => {
    const host = fakeHost({ refuse: true });
    await expect(
      uploadToHost(host.client, { hostId: 'demo', destPath: '/x.iso', source: memSource(sample(10)) }),
    ).rejects.toThrow('conflict');
  });

  it('encodes base64 in pieces', () => {
    const big = sample(100_000);
    expect(toBase64(big)).toBe(Buffer.from(big).toString('base64'));
  });
});
