// A byte stream to a domain's VNC server, carried by the host's ONE SSH connection:
// ssh direct-tcpip (forwardOut) when sshd allows TCP forwarding, else `nc` (or socat) run
// on dom0 in an exec channel. Either way the RFB banner is read before the tunnel is handed
// out, so a dead port or a missing nc is reported to the user instead of a silent close.
import type { Duplex } from 'node:stream';
import type { ClientChannel } from 'ssh2';
import { ApiError } from '../../../shared/api';
import type { VncTarget } from './target';

/** What a tunnel needs from a host connection. */
export interface TunnelHost {
  forwardOut(host: string, port: number): Promise<Duplex>;
  execStream(argv: readonly string[]): Promise<ClientChannel>;
}

export type TunnelVia = 'forward' | 'nc';

export interface Tunnel {
  /** the VNC byte stream (paused; the bytes already read are in `head`) */
  stream: Duplex;
  via: TunnelVia;
  /** bytes received before hand-out: at least the 12-byte RFB ProtocolVersion */
  head: Buffer;
  close(): void;
}

// SSH_MSG_CHANNEL_OPEN_FAILURE reason codes (RFC 4254 5.1)
const ADMINISTRATIVELY_PROHIBITED = 1;
const CONNECT_FAILED = 2;
const UNKNOWN_CHANNEL_TYPE = 3;

/** Hosts whose sshd refused direct-tcpip: later tunnels go straight to nc. */
const refusing = new WeakSet<object>();

/**
 * The nc fallback as one argv (quoted by shared/quote.ts; host and port are positional
 * parameters, never spliced into the script): nc if present, else socat, else a clear error.
 */
export function ncArgv(host: string, port: number): string[] {
  return [
    'sh',
    '-c',
    'if command -v nc >/dev/null 2>&1; then exec nc "$0" "$1"; fi; ' +
      'if command -v socat >/dev/null 2>&1; then exec socat - "TCP:$0:$1"; fi; ' +
      'echo "xendesk: neither nc nor socat is installed on this host" >&2; exit 127',
    host,
    String(port),
  ];
}

const RFB_BANNER = /^RFB \d{3}\.\d{3}\n/;

/** Read until the RFB ProtocolVersion has arrived; leaves the stream paused. */
function readBanner(stream: Duplex, ms: number, describeClose: () => string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let n = 0;
    const done = (err: Error | null) => {
      clearTimeout(timer);
      stream.off('data', onData);
      stream.off('close', onClose);
      stream.off('error', onError);
      stream.pause();
      if (err) return reject(err);
      const head = Buffer.concat(chunks);
      if (!RFB_BANNER.test(head.subarray(0, 12).toString('latin1')))
        return reject(
          new ApiError(
            'xl-failed',
            `The port answered, but not with VNC (${JSON.stringify(head.subarray(0, 12).toString('latin1'))}).`,
          ),
        );
      resolve(head);
    };
    const onData = (d: Buffer) => {
      chunks.push(d);
      n += d.length;
      if (n >= 12) done(null);
    };
    // 'close' comes after the exit status and stderr of an nc channel (not so 'end')
    const onClose = () => done(new ApiError('xl-failed', describeClose()));
    const onError = (e: Error) => done(new ApiError('connection-lost', e.message));
    const timer = setTimeout(
      () => done(new ApiError('xl-failed', `The VNC server did not greet within ${ms / 1000} s.`)),
      ms,
    );
    stream.on('data', onData);
    stream.once('close', onClose);
    stream.on('error', onError);
    stream.resume();
  });
}

function closeChannel(ch: ClientChannel): void {
  try {
    // without a pty, sshd would leave nc running until it next writes: signal it (OpenSSH ≥ 7.9)
    ch.signal('TERM');
  } catch {
    /* the channel is already gone */
  }
  ch.end();
  ch.close();
}

async function viaForward(host: TunnelHost, t: VncTarget, bannerMs: number): Promise<Tunnel> {
  const stream = await host.forwardOut(t.host, t.port);
  stream.on('error', () => undefined); // reported through close; never crash the backend
  try {
    const head = await readBanner(
      stream,
      bannerMs,
      () => `The VNC server at ${t.host}:${t.port} on the host closed the connection at once.`,
    );
    return { stream, via: 'forward', head, close: () => stream.destroy() };
  } catch (e) {
    stream.destroy();
    throw e;
  }
}

async function viaNc(host: TunnelHost, t: VncTarget, bannerMs: number): Promise<Tunnel> {
  const ch = await host.execStream(ncArgv(t.host, t.port));
  let stderr = '';
  let code: number | null = null;
  ch.stderr.on('data', (d: Buffer) => {
    if (stderr.length < 4096) stderr += d.toString('utf8');
  });
  ch.on('exit', (c: number | null) => (code = c));
  ch.on('error', () => undefined);
  try {
    const head = await readBanner(ch, bannerMs, () => {
      const why = stderr.trim();
      if (code === 127 || /not installed|not found/.test(why))
        return 'The host refuses TCP forwarding (AllowTcpForwarding no) and has neither nc nor socat: install netcat-openbsd on dom0, or allow forwarding.';
      return `nc could not reach ${t.host}:${t.port} on the host${why ? `: ${why}` : ` (exit ${code ?? '?'})`}.`;
    });
    return { stream: ch, via: 'nc', head, close: () => closeChannel(ch) };
  } catch (e) {
    closeChannel(ch);
    throw e;
  }
}

/** Open a tunnel to `t` over `host`: forwarding first, nc when sshd refuses forwarding. */
export async function openTunnel(
  host: TunnelHost,
  t: VncTarget,
  opts: { bannerMs?: number } = {},
): Promise<Tunnel> {
  const bannerMs = opts.bannerMs ?? 10000;
  if (!refusing.has(host)) {
    try {
      return await viaForward(host, t, bannerMs);
    } catch (e) {
      const reason = (e as { reason?: unknown }).reason;
      if (reason === ADMINISTRATIVELY_PROHIBITED || reason === UNKNOWN_CHANNEL_TYPE) refusing.add(host);
      else if (reason === CONNECT_FAILED)
        throw new ApiError(
          'not-found',
          `Nothing listens on ${t.host}:${t.port} on the host: the guest's display may be restarting.`,
        );
      else throw e instanceof ApiError ? e : new ApiError('connection-lost', (e as Error).message);
    }
  }
  return viaNc(host, t, bannerMs);
}
