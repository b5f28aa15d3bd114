// One WebSocket (binary frames, noVNC's side) ↔ one VNC tunnel (the host's side), with
// backpressure both ways: a slow browser pauses the SSH channel (whose window then stops
// the VNC server), and a slow channel pauses reading from the WebSocket.
import type { WebSocket } from 'ws';
import type { Tunnel } from './tunnel';

/** bytes handed to the WebSocket but not yet written to its socket */
export const WS_HIGH_WATER = 2 * 1024 * 1024;
export const WS_LOW_WATER = 512 * 1024;
/** largest WebSocket frame the bridge builds from consecutive SSH packets */
const BATCH_MAX = 256 * 1024;

export interface BridgeStats {
  toClient: number;
  toServer: number;
}

export function bridge(
  ws: WebSocket,
  tunnel: Tunnel,
  onClosed: (why: string) => void,
): { stats: BridgeStats; close(why: string, hard?: boolean): void } {
  const stats: BridgeStats = { toClient: 0, toServer: 0 };
  const { stream } = tunnel;
  let inFlight = 0;
  let paused = false;
  let closed = false;

  const close = (why: string, code = 1000, hard = false) => {
    if (closed) return;
    closed = true;
    tunnel.close();
    // hard: shutting down, don't wait for the viewer's closing handshake
    if (hard) ws.terminate();
    else if (ws.readyState === ws.OPEN || ws.readyState === ws.CONNECTING) ws.close(code, why.slice(0, 120));
    onClosed(why);
  };

  const send = (d: Buffer) => {
    if (closed || ws.readyState !== ws.OPEN) return;
    inFlight += d.length;
    ws.send(d, { binary: true }, () => {
      inFlight -= d.length;
      if (paused && inFlight <= WS_LOW_WATER) {
        paused = false;
        stream.resume();
      }
    });
    if (!paused && inFlight > WS_HIGH_WATER) {
      paused = true;
      stream.pause();
    }
  };

  // SSH delivers ≤ 32 KiB packets, several per socket read: one WebSocket frame per read
  // (flushed before the event loop waits again) costs both ends less than one per packet
  let batch: Buffer[] = [];
  let batchBytes = 0;
  let flushQueued = false;
  const flush = () => {
    flushQueued = false;
    if (batch.length === 0) return;
    const d = batch.length === 1 ? batch[0]! : Buffer.concat(batch, batchBytes);
    batch = [];
    batchBytes = 0;
    send(d);
  };
  const toClient = (d: Buffer) => {
    stats.toClient += d.length;
    batch.push(d);
    batchBytes += d.length;
    if (batchBytes >= BATCH_MAX) flush();
    else if (!flushQueued) {
      flushQueued = true;
      setImmediate(flush);
    }
  };

  ws.on('message', (data, isBinary) => {
    if (closed) return;
    if (!isBinary) return close('text frames are not RFB', 1003);
    const buf = Buffer.isBuffer(data)
      ? data
      : Array.isArray(data)
        ? Buffer.concat(data)
        : Buffer.from(data as ArrayBuffer);
    stats.toServer += buf.length;
    if (!stream.write(buf)) {
      ws.pause();
      stream.once('drain', () => ws.resume());
    }
  });
  ws.on('close', () => close('viewer closed'));
  ws.on('error', () => close('viewer connection failed', 1011));

  stream.on('close', () => close('the VNC server closed the connection'));
  stream.on('end', () => close('the VNC server closed the connection'));
  stream.on('error', () => close('the VNC tunnel failed', 1011));
  stream.on('data', toClient);
  if (tunnel.head.length) toClient(tunnel.head);
  if (!paused) stream.resume();

  return { stats, close: (why, hard) => close(why, 1000, hard) };
}
