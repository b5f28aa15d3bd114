// Upload a local file to the host with the uploadToHost stream protocol (shared/create/spec.ts):
// base64 chunks of ≤ 64 KiB, at most 1 MiB written but not yet acknowledged by the host's
// {"received":BYTES} (one JSON message per line); then control {done:true} and wait for {"done":true,"path":…}. Closing the
// stream cancels (the host removes DEST.part).
import { jsonLineReader } from '../../../shared/jsonLines';
import type { RpcClient } from '../../../shared/rpc';

export const CHUNK_BYTES = 64 * 1024;
export const WINDOW_BYTES = 1024 * 1024;

/** What an upload needs from the file: its size and a way to read a slice. */
export interface UploadSource {
  size: number;
  read(start: number, end: number): Promise<Uint8Array>;
}

export function fileSource(file: Blob): UploadSource {
  return {
    size: file.size,
    read: async (start, end) => new Uint8Array(await file.slice(start, end).arrayBuffer()),
  };
}

export function toBase64(bytes: Uint8Array): string {
  let bin = '';
  // String.fromCharCode with many arguments: in pieces, below engines' argument limits
  for (let i = 0; i < bytes.length; i += 0x8000)
    bin += String.fromCharCode(...bytes.subarray(i, Math.min(i + 0x8000, bytes.length)));
  return btoa(bin);
}

export class UploadCancelled extends Error {
  constructor() {
    super('upload cancelled');
    this.name = 'UploadCancelled';
  }
}

export interface UploadOptions {
  hostId: string;
  destPath: string;
  source: UploadSource;
  taskId?: string;
  /** bytes the host has written so far */
  onProgress?: (received: number, total: number) => void;
  signal?: AbortSignal;
}

/** Resolves with the final path on the host; rejects with UploadCancelled or the host's error. */
export async function uploadToHost(client: RpcClient, o: UploadOptions): Promise<string> {
  if (o.signal?.aborted) throw new UploadCancelled();
  const started = await client.api.uploadToHost({
    hostId: o.hostId,
    destPath: o.destPath,
    sizeBytes: o.source.size,
    ...(o.taskId ? { taskId: o.taskId } : {}),
  });
  const stream = client.stream(started.streamId);
  // written by the stream callbacks, read by the loop below
  const st: {
    received: number;
    donePath: string | null;
    ended: { reason?: string } | null;
    /** the host's own words when it gives up (a write failed, the disk is full) */
    error: string | null;
  } = { received: 0, donePath: null, ended: null, error: null };
  let wake: (() => void) | null = null;
  const poke = () => {
    const w = wake;
    wake = null;
    w?.();
  };
  const waitForHost = () => new Promise<void>((r) => (wake = r));
  stream.onData(
    jsonLineReader((m) => {
      if (typeof m !== 'object' || m === null) return;
      const msg = m as { received?: unknown; done?: unknown; path?: unknown; error?: unknown };
      if (typeof msg.error === 'string') st.error = msg.error;
      if (typeof msg.received === 'number') {
        st.received = msg.received;
        o.onProgress?.(st.received, o.source.size);
      }
      if (msg.done === true) st.donePath = typeof msg.path === 'string' ? msg.path : o.destPath;
      poke();
    }),
  );
  stream.onEnd((reason) => {
    st.ended = { reason };
    poke();
  });
  const onAbort = () => {
    stream.close();
    poke();
  };
  o.signal?.addEventListener('abort', onAbort, { once: true });
  const aborted = () => o.signal?.aborted === true;
  try {
    let sent = 0;
    const total = o.source.size;
    while (sent < total && !st.ended) {
      if (aborted()) throw new UploadCancelled();
      if (sent - st.received >= WINDOW_BYTES) {
        await waitForHost();
        continue;
      }
      const end = Math.min(total, sent + CHUNK_BYTES);
      const chunk = await o.source.read(sent, end);
      if (aborted()) throw new UploadCancelled();
      stream.write(toBase64(chunk));
      sent = end;
    }
    if (!st.ended) stream.control({ done: true });
    while (st.donePath === null && !st.ended && !aborted()) await waitForHost();
    if (aborted()) throw new UploadCancelled();
    const done = st.donePath as string | null;
    if (done !== null) {
      o.onProgress?.(total, total);
      return done;
    }
    throw new Error(st.error ?? (st.ended?.reason || 'the host closed the upload'));
  } finally {
    o.signal?.removeEventListener('abort', onAbort);
  }
}
