// One graphical console: asks the backend for a one-time VNC WebSocket (openVnc), runs a
// noVNC RFB client on it, and reconnects with backoff when the guest reboots or the
// connection drops, each time with a NEW openVnc (tokens are one-time; a reboot may move
// the domain to a new domid and VNC port). No keymap is set anywhere: with QEMU's
// extended key events noVNC sends physical keys and the guest's own layout applies.
import RFB from '@novnc/novnc';
import type { VncOpened } from '../../../shared/api';
import {
  MAX_RECONNECT_ATTEMPTS,
  XK,
  comboEvents,
  reconnectDelayMs,
  scaleSettings,
  textToStrokes,
  type KeyCombo,
  type ScaleMode,
} from './vncLogic';

export type VncStatus = 'connecting' | 'connected' | 'reconnecting' | 'password' | 'failed';

export interface VncState {
  status: VncStatus;
  via: VncOpened['via'] | null;
  target: VncOpened['target'] | null;
  desktopName: string | null;
  /** failed attempts in a row */
  attempt: number;
  /** when the next attempt starts (ms since epoch), while reconnecting */
  retryAt: number | null;
  /** the last problem, worded by the backend or noVNC */
  error: string | null;
  /** the password just given was refused */
  passwordRefused: boolean;
  /** the server accepts SetDesktopSize (ExtendedDesktopSize): "resize guest" works */
  canResize: boolean;
}

export interface VncControllerOptions {
  openVnc: (p: { hostId: string; domain: string }) => Promise<VncOpened>;
  hostId: string;
  domain: string;
  /** the element noVNC draws into (its canvas container) */
  target: HTMLElement;
  onState: (s: VncState) => void;
  scale: ScaleMode;
  viewOnly: boolean;
}

/** In web mode the page may be on localhost while the backend names 127.0.0.1: keep the page's host (its cookie). */
function sameHostUrl(url: string): string {
  const u = new URL(url);
  const here = window.location;
  if (
    here.protocol === 'http:' &&
    u.port === here.port &&
    (here.hostname === 'localhost' || here.hostname === '127.0.0.1')
  )
    u.hostname = here.hostname;
  return u.toString();
}

export class VncController {
  private rfb: RFB | null = null;
  private disposed = false;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private probeTimers: ReturnType<typeof setTimeout>[] = [];
  private password: string | undefined;
  private securityFailed = false;
  private generation = 0;
  private typing: { cancelled: boolean } | null = null;
  private scale: ScaleMode;
  private viewOnly: boolean;
  state: VncState = {
    status: 'connecting',
    via: null,
    target: null,
    desktopName: null,
    attempt: 0,
    retryAt: null,
    error: null,
    passwordRefused: false,
    canResize: false,
  };

  constructor(private readonly o: VncControllerOptions) {
    this.scale = o.scale;
    this.viewOnly = o.viewOnly;
  }

  private set(patch: Partial<VncState>): void {
    if (this.disposed) return;
    this.state = { ...this.state, ...patch };
    this.o.onState(this.state);
  }

  start(): void {
    void this.connect();
  }

  /** Reconnect at once (the user asked), forgetting the failure count. */
  reconnectNow(): void {
    this.set({ attempt: 0, error: null });
    void this.connect();
  }

  private clearTimers(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    for (const t of this.probeTimers) clearTimeout(t);
    this.probeTimers = [];
  }

  private dropRfb(): void {
    const r = this.rfb;
    this.rfb = null;
    if (r) {
      try {
        r.disconnect();
      } catch {
        /* already disconnected */
      }
    }
  }

  private async connect(): Promise<void> {
    if (this.disposed) return;
    this.clearTimers();
    this.dropRfb();
    const gen = ++this.generation;
    this.securityFailed = false;
    this.set({
      status: this.state.attempt === 0 && this.state.via === null ? 'connecting' : 'reconnecting',
      retryAt: null,
    });
    let opened: VncOpened;
    try {
      opened = await this.o.openVnc({ hostId: this.o.hostId, domain: this.o.domain });
    } catch (e) {
      if (gen !== this.generation) return;
      return this.retry(e instanceof Error ? e.message : String(e));
    }
    if (gen !== this.generation || this.disposed) return;
    this.set({ via: opened.via, target: opened.target });
    let rfb: RFB;
    try {
      rfb = new RFB(this.o.target, sameHostUrl(opened.url), {
        shared: true,
        wsProtocols: ['binary'],
        credentials: this.password !== undefined ? { password: this.password } : undefined,
      });
    } catch (e) {
      return this.retry((e as Error).message);
    }
    this.rfb = rfb;
    rfb.background = 'var(--vnc-bg, #101113)';
    this.apply();
    rfb.addEventListener('connect', () => {
      if (gen !== this.generation) return;
      this.set({ status: 'connected', attempt: 0, error: null, retryAt: null, passwordRefused: false });
      this.apply();
      rfb.focus({ preventScroll: true });
      // ExtendedDesktopSize is announced with the first updates
      for (const ms of [300, 1500])
        this.probeTimers.push(setTimeout(() => gen === this.generation && this.probeResize(), ms));
    });
    rfb.addEventListener(
      'desktopname',
      (e) => gen === this.generation && this.set({ desktopName: e.detail.name }),
    );
    rfb.addEventListener('credentialsrequired', () => {
      if (gen !== this.generation) return;
      if (this.password !== undefined && !this.securityFailed)
        rfb.sendCredentials({ password: this.password });
      else this.set({ status: 'password' });
    });
    rfb.addEventListener('securityfailure', (e) => {
      if (gen !== this.generation) return;
      this.securityFailed = true;
      this.password = undefined;
      this.set({ status: 'password', passwordRefused: true, error: e.detail.reason ?? null });
    });
    rfb.addEventListener('disconnect', () => {
      if (gen !== this.generation || this.disposed) return;
      this.rfb = null;
      if (this.securityFailed || this.state.status === 'password') return this.set({ status: 'password' });
      this.retry(this.state.status === 'connected' ? null : 'the VNC connection closed during the handshake');
    });
  }

  private retry(error: string | null): void {
    if (this.disposed) return;
    this.dropRfb();
    const attempt = this.state.attempt + 1;
    if (attempt > MAX_RECONNECT_ATTEMPTS) {
      this.set({ status: 'failed', attempt, error, retryAt: null });
      return;
    }
    const delay = reconnectDelayMs(attempt - 1);
    this.set({ status: 'reconnecting', attempt, error, retryAt: Date.now() + delay });
    this.timer = setTimeout(() => void this.connect(), delay);
  }

  private probeResize(): void {
    const r = this.rfb as unknown as { _supportsSetDesktopSize?: boolean } | null;
    const can = !!r?._supportsSetDesktopSize;
    if (can !== this.state.canResize) this.set({ canResize: can });
  }

  private apply(): void {
    const r = this.rfb;
    if (!r) return;
    const s = scaleSettings(this.scale);
    r.clipViewport = s.clipViewport;
    r.scaleViewport = s.scaleViewport;
    r.resizeSession = s.resizeSession;
    r.viewOnly = this.viewOnly;
  }

  setScale(mode: ScaleMode): void {
    this.scale = mode;
    this.apply();
  }

  setViewOnly(v: boolean): void {
    this.viewOnly = v;
    this.apply();
    if (!v) this.focus();
  }

  sendPassword(password: string): void {
    this.password = password;
    this.set({ passwordRefused: false, attempt: 0 });
    void this.connect();
  }

  focus(): void {
    this.rfb?.focus({ preventScroll: true });
  }

  sendCombo(c: KeyCombo): void {
    const r = this.rfb;
    if (!r || this.viewOnly) return;
    for (const [keysym, code, down] of comboEvents(c)) r.sendKey(keysym, code, down);
    r.focus({ preventScroll: true });
  }

  sendCtrlAltDel(): void {
    this.rfb?.sendCtrlAltDel();
    this.rfb?.focus({ preventScroll: true });
  }

  /** Type text as keystrokes, a few keys per tick so the guest's keyboard buffer keeps up. */
  async typeText(text: string): Promise<void> {
    if (this.typing) this.typing.cancelled = true;
    const job = { cancelled: false };
    this.typing = job;
    const strokes = textToStrokes(text);
    for (let i = 0; i < strokes.length; i++) {
      const r = this.rfb;
      if (job.cancelled || this.disposed || !r || this.viewOnly) break;
      const { keysym, shift } = strokes[i]!;
      if (shift) r.sendKey(XK.Shift_L, null, true);
      r.sendKey(keysym, null, true);
      r.sendKey(keysym, null, false);
      if (shift) r.sendKey(XK.Shift_L, null, false);
      if (i % 8 === 7) await new Promise((res) => setTimeout(res, 10));
    }
    if (this.typing === job) this.typing = null;
    this.rfb?.focus({ preventScroll: true });
  }

  screenshot(): Promise<Blob> {
    const r = this.rfb;
    if (!r || this.state.status !== 'connected') return Promise.reject(new Error('not connected'));
    return new Promise((resolve, reject) =>
      r.toBlob((b) => (b ? resolve(b) : reject(new Error('the screen is empty'))), 'image/png'),
    );
  }

  dispose(): void {
    if (this.typing) this.typing.cancelled = true;
    this.clearTimers();
    this.generation++;
    this.dropRfb();
    this.disposed = true;
  }
}
