// The graphical console of one domain: noVNC's canvas with a toolbar (scaling, fullscreen,
// pop-out, send keys, type text, screenshot, view only, serial console) and a status line.
// Test ids: vnc-view, vnc-canvas, vnc-status, vnc-scale, vnc-fullscreen, vnc-popout,
// vnc-sendkeys, vnc-cad, vnc-type-clipboard, vnc-screenshot, vnc-viewonly, vnc-to-serial.
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useServices } from '../appContext';
import { ConfirmDialog } from '../ConfirmDialog';
import { Dialog } from '../Dialog';
import { t } from '../strings';
import { VncController, type VncState } from './vncController';
import { SEND_KEYS, screenshotName, vncRouteHash, type ScaleMode } from './vncLogic';
import { getPrefs } from '../prefs/prefsStore'; // issue 9: the default scaling is a preference
import './VncView.css';

export interface VncViewProps {
  hostId: string;
  domain: string;
  /** one-click switch to the serial console of the same domain (hidden when absent) */
  onOpenSerial?: () => void;
  /** offer the pop-out window (web mode; the desktop app opens no extra windows) */
  canPopOut?: boolean;
  /** after the console moved to its own window */
  onPoppedOut?: () => void;
  /** extra toolbar content on the right (e.g. a close button) */
  trailing?: ReactNode;
}

function statusText(s: VncState, now: number): string {
  switch (s.status) {
    case 'connecting':
      return t('vnc.status.connecting');
    case 'connected':
      return t('vnc.status.connected');
    case 'reconnecting':
      return s.retryAt && s.retryAt > now
        ? t('vnc.status.reconnecting', { seconds: Math.ceil((s.retryAt - now) / 1000), attempt: s.attempt })
        : t('vnc.status.reconnectingNow');
    case 'password':
      return t('vnc.status.password');
    case 'failed':
      return t('vnc.status.failed');
  }
}

export function VncView({ hostId, domain, onOpenSerial, canPopOut, onPoppedOut, trailing }: VncViewProps) {
  const { client, toasts } = useServices();
  const rootRef = useRef<HTMLDivElement>(null);
  const screenRef = useRef<HTMLDivElement>(null);
  const ctl = useRef<VncController | null>(null);
  const [state, setState] = useState<VncState | null>(null);
  const [scale, setScale] = useState<ScaleMode>(() => getPrefs().vncScaling);
  const [viewOnly, setViewOnly] = useState(false);
  const [fullscreen, setFullscreen] = useState(false);
  const [menuOpen, setMenuOpen] = useState(false);
  const [confirmCad, setConfirmCad] = useState(false);
  const [typing, setTyping] = useState<string | null>(null);
  const [password, setPassword] = useState('');
  const [now, setNow] = useState(() => Date.now());

  // settings live in refs for the controller's creation; changes go to it directly
  const settings = useRef({ scale, viewOnly });
  settings.current = { scale, viewOnly };

  useEffect(() => {
    const target = screenRef.current;
    if (!target) return;
    const c = new VncController({
      openVnc: (p) => client.api.openVnc(p),
      hostId,
      domain,
      target,
      onState: setState,
      ...settings.current,
    });
    ctl.current = c;
    c.start();
    return () => {
      c.dispose();
      if (ctl.current === c) ctl.current = null;
    };
  }, [client, hostId, domain]);

  useEffect(() => ctl.current?.setScale(scale), [scale]);
  useEffect(() => ctl.current?.setViewOnly(viewOnly), [viewOnly]);

  // the reconnect countdown
  const reconnecting = state?.status === 'reconnecting';
  useEffect(() => {
    if (!reconnecting) return;
    const i = setInterval(() => setNow(Date.now()), 250);
    return () => clearInterval(i);
  }, [reconnecting]);

  useEffect(() => {
    const onChange = () => {
      const on = document.fullscreenElement === rootRef.current && rootRef.current !== null;
      setFullscreen(on);
      // in fullscreen, let the guest have Escape, Alt+Tab… where the browser allows it
      const kb = (navigator as Navigator & { keyboard?: { lock?: () => Promise<void>; unlock?: () => void } })
        .keyboard;
      if (on) kb?.lock?.().catch(() => undefined);
      else kb?.unlock?.();
      ctl.current?.focus();
    };
    document.addEventListener('fullscreenchange', onChange);
    return () => document.removeEventListener('fullscreenchange', onChange);
  }, []);

  useEffect(() => {
    if (!menuOpen) return;
    const close = (e: Event) => {
      if (e instanceof KeyboardEvent && e.key !== 'Escape') return;
      if (e instanceof MouseEvent && (e.target as Element | null)?.closest?.('.vnc-menu-wrap')) return;
      setMenuOpen(false);
    };
    document.addEventListener('mousedown', close);
    document.addEventListener('keydown', close);
    return () => {
      document.removeEventListener('mousedown', close);
      document.removeEventListener('keydown', close);
    };
  }, [menuOpen]);

  const toggleFullscreen = () => {
    if (document.fullscreenElement) void document.exitFullscreen().catch(() => undefined);
    else void rootRef.current?.requestFullscreen().catch(() => undefined);
  };

  const popOut = () => {
    const url = `${window.location.pathname}${window.location.search}${vncRouteHash({ hostId, domain })}`;
    const w = window.open(url, `xendesk-vnc-${hostId}-${domain}`, 'popup,width=1040,height=720');
    // Electron: the main process opens it as a window of its own and window.open returns null (issue 9)
    if (!w && !window.xendeskDesktop) {
      toasts.show('error', t('vnc.popout.blocked'));
      return;
    }
    onPoppedOut?.();
  };

  const screenshot = async () => {
    try {
      const blob = await ctl.current!.screenshot();
      const a = document.createElement('a');
      a.href = URL.createObjectURL(blob);
      a.download = screenshotName(domain, new Date());
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
    } catch (e) {
      toasts.show('error', t('vnc.screenshot.failed'), (e as Error).message);
    }
  };

  const s = state;
  const connected = s?.status === 'connected';
  const inputAllowed = connected && !viewOnly;
  const parts: string[] = [];
  if (s) {
    parts.push(statusText(s, now));
    if (s.via) parts.push(t(`vnc.status.via.${s.via}`));
    if (s.target) parts.push(t('vnc.status.target', { host: s.target.host, port: s.target.port }));
    if (s.desktopName && connected) parts.push(s.desktopName);
    if (viewOnly) parts.push(t('vnc.status.viewOnly'));
  }

  return (
    <div
      ref={rootRef}
      className={`vnc-view${fullscreen ? ' vnc-fullscreen' : ''}`}
      data-testid="vnc-view"
      data-state={s?.status ?? 'connecting'}
    >
      <div className="vnc-toolbar" role="toolbar" aria-label={t('vnc.toolbar')}>
        <label className="vnc-field">
          <span>{t('vnc.scale')}</span>
          <select
            value={scale}
            onChange={(e) => setScale(e.target.value as ScaleMode)}
            data-testid="vnc-scale"
          >
            <option value="fit">{t('vnc.scale.fit')}</option>
            <option value="1:1">{t('vnc.scale.1to1')}</option>
            <option
              value="remote"
              disabled={!s?.canResize}
              title={s?.canResize ? undefined : t('vnc.scale.remote.unsupported')}
            >
              {t('vnc.scale.remote')}
            </option>
          </select>
        </label>
        <button
          type="button"
          className="vnc-btn"
          onClick={toggleFullscreen}
          title={t('vnc.fullscreen.hint')}
          aria-pressed={fullscreen}
          data-testid="vnc-fullscreen"
        >
          {fullscreen ? t('vnc.fullscreen.exit') : t('vnc.fullscreen')}
        </button>
        {canPopOut && (
          <button
            type="button"
            className="vnc-btn"
            onClick={popOut}
            title={t('vnc.popout.hint')}
            data-testid="vnc-popout"
          >
            {t('vnc.popout')}
          </button>
        )}
        <span className="vnc-sep" aria-hidden="true" />
        <div className="vnc-menu-wrap">
          <button
            type="button"
            className="vnc-btn"
            onClick={() => setMenuOpen((o) => !o)}
            title={t('vnc.sendKeys.hint')}
            aria-haspopup="menu"
            aria-expanded={menuOpen}
            disabled={!inputAllowed}
            data-testid="vnc-sendkeys"
          >
            {t('vnc.sendKeys')} ▾
          </button>
          {menuOpen && (
            <div className="vnc-menu" role="menu">
              <button
                type="button"
                role="menuitem"
                onClick={() => {
                  setMenuOpen(false);
                  setConfirmCad(true);
                }}
                data-testid="vnc-cad"
              >
                {t('vnc.key.cad')}
              </button>
              {SEND_KEYS.map((c) => (
                <button
                  key={c.id}
                  type="button"
                  role="menuitem"
                  onClick={() => {
                    setMenuOpen(false);
                    ctl.current?.sendCombo(c);
                  }}
                  data-testid={`vnc-key-${c.id}`}
                >
                  {c.id === 'cab'
                    ? t('vnc.key.cab')
                    : c.id === 'print'
                      ? t('vnc.key.print')
                      : t('vnc.key.ctrlAltF', { n: c.id.slice(1) })}
                </button>
              ))}
            </div>
          )}
        </div>
        <button
          type="button"
          className="vnc-btn"
          onClick={() => setTyping('')}
          title={t('vnc.typeText.hint')}
          disabled={!inputAllowed}
          data-testid="vnc-type-clipboard"
        >
          {t('vnc.typeText')}
        </button>
        <button
          type="button"
          className="vnc-btn"
          onClick={() => void screenshot()}
          title={t('vnc.screenshot.hint')}
          disabled={!connected}
          data-testid="vnc-screenshot"
        >
          {t('vnc.screenshot')}
        </button>
        <button
          type="button"
          className="vnc-btn"
          onClick={() => setViewOnly((v) => !v)}
          title={t('vnc.viewOnly.hint')}
          aria-pressed={viewOnly}
          data-testid="vnc-viewonly"
        >
          {t('vnc.viewOnly')}
        </button>
        {onOpenSerial && (
          <button
            type="button"
            className="vnc-btn"
            onClick={onOpenSerial}
            title={t('vnc.toSerial.hint', { domain })}
            data-testid="vnc-to-serial"
          >
            {t('vnc.toSerial')}
          </button>
        )}
        {trailing && <div className="vnc-trailing">{trailing}</div>}
      </div>

      <div className="vnc-stage">
        <div
          ref={screenRef}
          className={`vnc-screen vnc-scale-${scale === '1:1' ? 'native' : scale}`}
          data-testid="vnc-canvas"
          aria-label={t('vnc.canvasLabel', { domain })}
        />
        {s && !connected && s.status !== 'password' && (
          <div className="vnc-overlay" role="status">
            <p>{statusText(s, now)}</p>
            {s.error && <p className="vnc-overlay-error">{s.error}</p>}
            {(s.status === 'failed' || s.status === 'reconnecting') && (
              <button
                type="button"
                className="btn"
                onClick={() => ctl.current?.reconnectNow()}
                data-testid="vnc-reconnect"
              >
                {t('vnc.reconnect')}
              </button>
            )}
          </div>
        )}
      </div>

      <div
        className="vnc-status"
        data-testid="vnc-status"
        data-state={s?.status ?? 'connecting'}
        data-via={s?.via ?? ''}
        data-port={s?.target?.port ?? ''}
        aria-live="polite"
      >
        {parts.join(' · ')}
      </div>

      {confirmCad && (
        <ConfirmDialog
          title={t('vnc.cad.title', { domain })}
          body={t('vnc.cad.body')}
          okLabel={t('vnc.cad.ok')}
          onOk={() => {
            setConfirmCad(false);
            ctl.current?.sendCtrlAltDel();
          }}
          onCancel={() => {
            setConfirmCad(false);
            ctl.current?.focus();
          }}
        />
      )}

      {typing !== null && (
        <Dialog
          testId="vnc-type-dialog"
          title={t('vnc.typeText.title', { domain })}
          onClose={() => setTyping(null)}
          footer={
            <>
              <button type="button" className="btn" onClick={() => setTyping(null)}>
                {t('common.cancel')}
              </button>
              <button
                type="button"
                className="btn btn-primary"
                disabled={!typing}
                onClick={() => {
                  const text = typing;
                  setTyping(null);
                  void ctl.current?.typeText(text);
                }}
                data-testid="vnc-type-ok"
              >
                {t('vnc.typeText.ok')}
              </button>
            </>
          }
        >
          <p>{t('vnc.typeText.body')}</p>
          <label className="vnc-typetext">
            <span>{t('vnc.typeText.label')}</span>
            <textarea
              value={typing}
              onChange={(e) => setTyping(e.target.value)}
              rows={5}
              autoFocus
              spellCheck={false}
              data-testid="vnc-type-text"
            />
          </label>
        </Dialog>
      )}

      {s?.status === 'password' && (
        <Dialog
          testId="vnc-password-dialog"
          title={t('vnc.password.title', { domain })}
          onClose={() => setPassword('')}
          width="narrow"
          footer={
            <button
              type="submit"
              form="vnc-password-form"
              className="btn btn-primary"
              disabled={!password}
              data-testid="vnc-password-ok"
            >
              {t('vnc.password.ok')}
            </button>
          }
        >
          <form
            id="vnc-password-form"
            onSubmit={(e) => {
              e.preventDefault();
              ctl.current?.sendPassword(password);
              setPassword('');
            }}
          >
            <p>{t('vnc.password.body')}</p>
            {s.passwordRefused && <p className="vnc-overlay-error">{t('vnc.password.wrong')}</p>}
            <label className="vnc-typetext">
              <span>{t('vnc.password.label')}</span>
              <input
                type="password"
                value={password}
                onChange={(e) => setPassword(e.target.value)}
                autoFocus
                maxLength={64}
                data-testid="vnc-password-input"
              />
            </label>
          </form>
        </Dialog>
      )}
    </div>
  );
}
