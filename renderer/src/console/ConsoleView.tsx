// One serial console: xterm.js 6 (+ fit and search addons) on the backend's console stream.
// Output goes to xterm through a write pacer (one batch per screen update during a flood) and
// is acknowledged while little of it waits unparsed (the stream's onData promise → ack), so a
// flood is paced by what the screen can show; size changes go to the pty (ResizeObserver →
// throttled fit → stream.control); keystrokes go as typed (the guest echoes); Ctrl+] or
// "Detach" leaves as xl does. Copy (Ctrl+Shift+C, context menu), paste through xterm's own
// handling (bracketed paste when the guest asks for it), scrollback search, font size, and the
// session log saved to a file. screenReaderMode keeps the screen in the DOM for screen readers
// — and for tests.
import { FitAddon } from '@xterm/addon-fit';
import { SearchAddon } from '@xterm/addon-search';
import { Terminal } from '@xterm/xterm';
import '@xterm/xterm/css/xterm.css';
import { useCallback, useEffect, useRef, useState, type KeyboardEvent as ReactKeyboardEvent } from 'react';
import type { ConsoleKind, ConsoleState, ConsoleStatus } from '../../../shared/api';
import type { ClientStream } from '../../../shared/rpc';
import type { GuestType } from '../../../shared/types';
import { useServices } from '../appContext';
import { Icon } from '../Icon';
import { Spinner } from '../Spinner';
import { t } from '../strings';
import { ConsoleGlyph } from './ConsoleGlyph';
import { logFileName, SessionLog } from './consoleLog';
import { DARK, LIGHT, prefersDark, searchDecorations } from './terminalTheme';
import { onSchemeChange } from '../theme'; // issue 9: the app's scheme, not only the system's
import { getPrefs, onPrefsChange, savePreferences } from '../prefs/prefsStore'; // issue 9: Preferences
import { createA11yGovernor, createWritePacer } from './writePacer';
import './ConsoleView.css';

export interface ConsoleViewProps {
  hostId: string;
  domain: string;
  kind: ConsoleKind;
  /** shown in the accessible name */
  hostLabel?: string;
  /** the guest's type, when known: the serial console exists for HVM guests only */
  guestType: GuestType | null;
  onKindChange: (kind: ConsoleKind) => void;
  /** shown when given (the main window's dock) */
  onPopOut?: () => void;
  maximized?: boolean;
  onToggleMaximize?: () => void;
  /** the view is the visible one: take the keyboard focus */
  active?: boolean;
}

interface ViewState {
  status: ConsoleStatus | 'idle';
  domid?: number;
  message?: string;
}

const FONT_MIN = 8;
const FONT_MAX = 32;
const DETACH = '\x1d';

// font and scrollback come from Preferences (issue 9); the A/A buttons change the preference too
function initialFontSize(): number {
  return getPrefs().consoleFontSize;
}

function monoFont(): string {
  const own = getPrefs().consoleFontFamily.trim();
  if (own) return own;
  const v = getComputedStyle(document.documentElement).getPropertyValue('--font-mono').trim();
  return v || "'DejaVu Sans Mono', Menlo, Consolas, monospace";
}

async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    // no clipboard permission (Electron's sandbox): the old way, from a user gesture
    const ta = document.createElement('textarea');
    ta.value = text;
    ta.setAttribute('readonly', '');
    ta.style.position = 'fixed';
    ta.style.opacity = '0';
    document.body.appendChild(ta);
    ta.select();
    try {
      return document.execCommand('copy');
    } catch {
      return false;
    } finally {
      ta.remove();
    }
  }
}

export function ConsoleView(p: ConsoleViewProps) {
  const { client } = useServices();
  const { hostId, domain, kind } = p;
  const screenRef = useRef<HTMLDivElement>(null);
  const termRef = useRef<Terminal | null>(null);
  const fitRef = useRef<FitAddon | null>(null);
  const searchRef = useRef<SearchAddon | null>(null);
  const searchInputRef = useRef<HTMLInputElement>(null);
  const streamRef = useRef<ClientStream | null>(null);
  const logRef = useRef(new SessionLog());
  const a11yRef = useRef<ReturnType<typeof createA11yGovernor> | null>(null);
  const [view, setView] = useState<ViewState>({ status: 'idle' });
  const [live, setLive] = useState(false);
  const [attempt, setAttempt] = useState(0);
  const [fontSize, setFontSize] = useState(initialFontSize);
  const [query, setQuery] = useState('');
  const [results, setResults] = useState<{ index: number; count: number } | null>(null);
  const [menu, setMenu] = useState<{ x: number; y: number; hasSelection: boolean } | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const [dark, setDark] = useState(prefersDark);
  const [size, setSize] = useState<{ cols: number; rows: number } | null>(null);
  const liveRef = useRef(false);
  liveRef.current = live;
  const viewRef = useRef(view);
  viewRef.current = view;

  const reattach = useCallback(() => setAttempt((n) => n + 1), []);

  // issue 9: the size is a preference, so every console (and the next session) follows it
  // while clicks are being saved, the echoes of the earlier ones must not undo the later ones
  const pendingFont = useRef<number | null>(null);
  const changeFontSize = (size: number) => {
    const next = Math.max(FONT_MIN, Math.min(FONT_MAX, size));
    setFontSize(next);
    pendingFont.current = next;
    void savePreferences(client, { consoleFontSize: next }).catch(() => {
      if (pendingFont.current === next) pendingFont.current = null;
    });
  };
  useEffect(
    () =>
      onPrefsChange(() => {
        const p = getPrefs();
        if (pendingFont.current === null) setFontSize(p.consoleFontSize);
        else if (pendingFont.current === p.consoleFontSize) pendingFont.current = null;
        const term = termRef.current;
        if (!term) return;
        term.options.fontFamily = monoFont();
        term.options.scrollback = p.consoleScrollback;
        try {
          fitRef.current?.fit();
        } catch {
          /* hidden */
        }
      }),
    [],
  );

  const flash = useCallback((text: string) => {
    setNote(text);
    window.setTimeout(() => setNote((n) => (n === text ? null : n)), 2200);
  }, []);

  const copySelection = useCallback(async () => {
    const term = termRef.current;
    if (!term?.hasSelection()) return;
    flash((await copyText(term.getSelection())) ? t('console.copied') : t('console.copyFailed'));
    term.focus();
  }, [flash]);

  // ---------------------------------------------------------------- the terminal
  useEffect(() => {
    const el = screenRef.current!;
    const term = new Terminal({
      fontFamily: monoFont(),
      fontSize: initialFontSize(),
      lineHeight: 1.1,
      scrollback: getPrefs().consoleScrollback,
      screenReaderMode: true,
      cursorBlink: true,
      allowProposedApi: true,
      theme: prefersDark() ? DARK : LIGHT,
    });
    const fit = new FitAddon();
    const search = new SearchAddon({ highlightLimit: 2000 });
    term.loadAddon(fit);
    term.loadAddon(search);
    term.open(el);
    termRef.current = term;
    fitRef.current = fit;
    searchRef.current = search;
    const a11y = createA11yGovernor((on) => (term.options.screenReaderMode = on));
    a11yRef.current = a11y;
    const a11yTimer = window.setInterval(() => a11y.tick(), 250);
    try {
      fit.fit();
    } catch {
      /* not laid out yet: the ResizeObserver fits it */
    }
    setSize({ cols: term.cols, rows: term.rows });

    const subs = [
      term.onData((d) => {
        const s = streamRef.current;
        if (s) s.write(d);
        else if (d === '\r' && !liveRef.current && viewRef.current.status !== 'attaching') reattach();
      }),
      term.onResize(({ cols, rows }) => {
        setSize({ cols, rows });
        streamRef.current?.control({ cols, rows });
      }),
      search.onDidChangeResults(({ resultIndex, resultCount }) =>
        setResults({ index: resultIndex, count: resultCount }),
      ),
    ];
    term.attachCustomKeyEventHandler((ev) => {
      if (ev.type !== 'keydown' || !ev.ctrlKey || !ev.shiftKey) return true;
      if (ev.code === 'KeyC') {
        void copySelection();
        return false;
      }
      if (ev.code === 'KeyV') return false; // the browser's paste event reaches xterm (bracketed paste)
      if (ev.code === 'KeyF') {
        ev.preventDefault();
        searchInputRef.current?.focus();
        searchInputRef.current?.select();
        return false;
      }
      return true;
    });

    // throttled fit: a drag of the window edge must not flood the host with window-change
    let timer: number | null = null;
    const ro = new ResizeObserver(() => {
      if (timer !== null) return;
      timer = window.setTimeout(() => {
        timer = null;
        if (el.clientWidth > 0 && el.clientHeight > 0) {
          try {
            fit.fit();
          } catch {
            /* disposed meanwhile */
          }
        }
      }, 60);
    });
    ro.observe(el);

    const offScheme = onSchemeChange(() => {
      const d = prefersDark();
      setDark(d);
      term.options.theme = d ? DARK : LIGHT;
    });

    return () => {
      offScheme();
      window.clearInterval(a11yTimer);
      a11yRef.current = null;
      ro.disconnect();
      if (timer !== null) window.clearTimeout(timer);
      for (const s of subs) s.dispose();
      term.dispose();
      termRef.current = null;
      fitRef.current = null;
      searchRef.current = null;
    };
  }, [copySelection, reattach]);

  // ---------------------------------------------------------------- the session
  useEffect(() => {
    const term = termRef.current!;
    let cancelled = false;
    let sessionId: string | null = null;
    let stream: ClientStream | null = null;
    let pacer: ReturnType<typeof createWritePacer> | null = null;
    setView({ status: 'attaching' });
    // until the id is known, a state for this domain is ours (the backend re-announces it after open)
    const off = client.on('consoleState', (s: ConsoleState) => {
      if (cancelled) return;
      if (sessionId ? s.sessionId !== sessionId : s.hostId !== hostId || s.domain !== domain) return;
      setView({ status: s.status, domid: s.domid, message: s.message });
    });
    if (attempt > 0) term.write('\r\n');
    try {
      fitRef.current?.fit();
    } catch {
      /* hidden: default size */
    }
    client.api.openConsole({ hostId, domain, kind, cols: term.cols, rows: term.rows }).then(
      (r) => {
        const s = client.stream(r.streamId);
        if (cancelled) {
          s.close();
          return;
        }
        sessionId = r.sessionId;
        stream = s;
        streamRef.current = s;
        setLive(true);
        // batched during a flood, acknowledged while little waits unparsed: the backend pauses
        // the host when the view falls behind
        const p = createWritePacer((d, parsed) => term.write(d, parsed));
        pacer = p;
        s.onData((d) => {
          logRef.current.append(d);
          a11yRef.current?.output(d.length);
          return p.onData(d);
        });
        s.onEnd((reason) => {
          if (streamRef.current === s) streamRef.current = null;
          if (cancelled) return;
          setLive(false);
          setView((v) =>
            v.status === 'detached' || v.status === 'failed'
              ? v
              : reason && reason !== 'detached'
                ? { status: 'failed', message: reason, domid: v.domid }
                : { status: 'detached', domid: v.domid },
          );
        });
        // the size may have changed while the call was in flight
        s.control({ cols: term.cols, rows: term.rows });
      },
      (err: unknown) => {
        if (cancelled) return;
        setView({ status: 'failed', message: err instanceof Error ? err.message : String(err) });
      },
    );
    return () => {
      cancelled = true;
      off();
      pacer?.dispose();
      stream?.close();
      if (streamRef.current === stream) streamRef.current = null;
      setLive(false);
    };
  }, [client, hostId, domain, kind, attempt]);

  // ---------------------------------------------------------------- options
  useEffect(() => {
    const term = termRef.current;
    if (!term) return;
    term.options.fontSize = fontSize;
    try {
      fitRef.current?.fit();
    } catch {
      /* hidden */
    }
  }, [fontSize]);

  useEffect(() => {
    if (p.active) termRef.current?.focus();
  }, [p.active]);

  // ---------------------------------------------------------------- actions
  const detach = () => {
    streamRef.current?.write(DETACH);
    termRef.current?.focus();
  };

  const find = (dir: 'next' | 'prev', incremental = false) => {
    const s = searchRef.current;
    if (!s) return;
    if (!query) {
      s.clearDecorations();
      setResults(null);
      return;
    }
    const opts = { decorations: searchDecorations(dark), incremental };
    if (dir === 'next') s.findNext(query, opts);
    else s.findPrevious(query, opts);
  };

  const onSearchKey = (e: ReactKeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'Enter') {
      e.preventDefault();
      find(e.shiftKey ? 'prev' : 'next');
    } else if (e.key === 'Escape') {
      e.preventDefault();
      setQuery('');
      searchRef.current?.clearDecorations();
      setResults(null);
      termRef.current?.focus();
    }
  };

  useEffect(() => {
    find('next', true); // search as the user types
  }, [query]);

  const saveLog = () => {
    const blob = new Blob([logRef.current.text() + '\n'], { type: 'text/plain;charset=utf-8' });
    const url = URL.createObjectURL(blob);
    const a = document.createElement('a');
    a.href = url;
    a.download = logFileName(domain, new Date());
    document.body.appendChild(a);
    a.click();
    a.remove();
    window.setTimeout(() => URL.revokeObjectURL(url), 5000);
  };

  const paste = async () => {
    const term = termRef.current;
    if (!term) return;
    try {
      const text = await navigator.clipboard.readText();
      if (text) term.paste(text);
    } catch {
      flash(t('console.pasteHint'));
    }
    term.focus();
  };

  const menuAction = (f: () => void | Promise<void>) => () => {
    setMenu(null);
    void f();
  };

  useEffect(() => {
    if (!menu) return;
    const close = () => setMenu(null);
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && close();
    window.addEventListener('pointerdown', close);
    window.addEventListener('keydown', onKey);
    window.addEventListener('blur', close);
    return () => {
      window.removeEventListener('pointerdown', close);
      window.removeEventListener('keydown', onKey);
      window.removeEventListener('blur', close);
    };
  }, [menu]);

  // ---------------------------------------------------------------- status
  const { status } = view;
  const serialAllowed = p.guestType === null || p.guestType === 'hvm';
  let statusText: string;
  let statusHint: string | null = null;
  switch (status) {
    case 'attached':
      statusText = t('console.status.attached', { domain, domid: view.domid ?? '?' });
      statusHint = t('console.status.attached.hint');
      break;
    case 'reattaching':
      statusText = t('console.status.reattaching', { domain });
      statusHint = view.message ?? null;
      break;
    case 'detached':
      statusText = t('console.status.detached', { domain });
      statusHint = live ? null : t('console.status.detached.hint');
      if (view.message && !/^Detached/.test(view.message)) statusHint = `${view.message} ${statusHint ?? ''}`;
      break;
    case 'failed':
      statusText = t('console.status.failed');
      statusHint = view.message ?? null;
      break;
    default:
      statusText = t('console.status.attaching', { domain });
  }
  const busy = status === 'attaching' || status === 'reattaching' || status === 'idle';

  let resultText = '';
  if (query && results) {
    resultText =
      results.count === 0
        ? t('console.search.none')
        : results.index < 0
          ? t('console.search.many')
          : t('console.search.count', { index: results.index + 1, count: results.count });
  }

  return (
    <section
      className="console-view"
      data-testid="console-view"
      data-domain={domain}
      data-kind={kind}
      data-status={status}
      data-cols={size?.cols}
      data-rows={size?.rows}
      aria-label={t('console.label', { domain, host: p.hostLabel ?? hostId })}
    >
      <div className="console-bar" role="toolbar" aria-label={t('console.toolbar')}>
        <label className="console-kind" title={t('console.kind.hint')}>
          <span className="sr-only">{t('console.kind')}</span>
          <select
            data-testid="console-kind"
            value={kind}
            onChange={(e) => p.onKindChange(e.target.value as ConsoleKind)}
          >
            <option value="pv">{t('console.kind.pv')}</option>
            <option value="serial" disabled={!serialAllowed}>
              {serialAllowed ? t('console.kind.serial') : t('console.kind.serialPvOnly')}
            </option>
          </select>
        </label>

        <div className="console-search" role="search">
          <ConsoleGlyph name="search" />
          <input
            ref={searchInputRef}
            type="search"
            data-testid="console-search"
            placeholder={t('console.search')}
            aria-label={t('console.search')}
            value={query}
            onChange={(e) => setQuery(e.target.value)}
            onKeyDown={onSearchKey}
            spellCheck={false}
          />
          {query && (
            <span className="console-search-count" aria-live="polite">
              {resultText}
            </span>
          )}
          <button
            type="button"
            className="console-icon-btn"
            title={t('console.search.prev')}
            aria-label={t('console.search.prev')}
            onClick={() => find('prev')}
            disabled={!query}
          >
            <Icon name="chevronUp" size={15} />
          </button>
          <button
            type="button"
            className="console-icon-btn"
            title={t('console.search.next')}
            aria-label={t('console.search.next')}
            onClick={() => find('next')}
            disabled={!query}
          >
            <Icon name="chevronDown" size={15} />
          </button>
        </div>

        <div className="console-font" role="group" aria-label={t('console.font')}>
          <button
            type="button"
            className="console-icon-btn"
            data-testid="console-font-dec"
            title={t('console.font.dec')}
            aria-label={t('console.font.dec')}
            onClick={() => changeFontSize(fontSize - 1)}
            disabled={fontSize <= FONT_MIN}
          >
            <span className="console-font-glyph small">A</span>
          </button>
          <span className="console-font-size" data-testid="console-font-size" aria-live="polite">
            {fontSize}
          </span>
          <button
            type="button"
            className="console-icon-btn"
            data-testid="console-font-inc"
            title={t('console.font.inc')}
            aria-label={t('console.font.inc')}
            onClick={() => changeFontSize(fontSize + 1)}
            disabled={fontSize >= FONT_MAX}
          >
            <span className="console-font-glyph">A</span>
          </button>
        </div>

        <span className="spacer" />

        <button
          type="button"
          className="console-btn"
          data-testid="console-save-log"
          title={t('console.saveLog.hint')}
          aria-label={t('console.saveLog')}
          onClick={saveLog}
        >
          <ConsoleGlyph name="download" />
          <span>{t('console.saveLog')}</span>
        </button>
        {p.onPopOut && (
          <button
            type="button"
            className="console-btn"
            data-testid="console-popout"
            title={t('console.popOut.hint')}
            aria-label={t('console.popOut')}
            onClick={p.onPopOut}
          >
            <ConsoleGlyph name="external" />
            <span>{t('console.popOut')}</span>
          </button>
        )}
        {p.onToggleMaximize && (
          <button
            type="button"
            className="console-btn"
            data-testid="console-maximize"
            title={p.maximized ? t('console.restore.hint') : t('console.maximize.hint')}
            aria-label={p.maximized ? t('console.restore') : t('console.maximize')}
            aria-pressed={!!p.maximized}
            onClick={() => {
              p.onToggleMaximize?.();
              // as with Detach: the next keys are for the guest, not for this button
              termRef.current?.focus();
            }}
          >
            <ConsoleGlyph name={p.maximized ? 'minimize' : 'maximize'} />
            <span>{p.maximized ? t('console.restore') : t('console.maximize')}</span>
          </button>
        )}
        {live ? (
          <button
            type="button"
            className="console-btn console-detach"
            data-testid="console-detach"
            title={t('console.detach.hint')}
            aria-label={t('console.detach')}
            onClick={detach}
          >
            <ConsoleGlyph name="detach" />
            <span>{t('console.detach')}</span>
            <kbd>Ctrl+]</kbd>
          </button>
        ) : (
          <button
            type="button"
            className="console-btn console-reattach"
            data-testid="console-reattach"
            title={t('console.reattach.hint')}
            aria-label={t('console.reattach')}
            onClick={reattach}
            disabled={status === 'attaching'}
          >
            <Icon name="refresh" size={15} />
            <span>{t('console.reattach')}</span>
          </button>
        )}
      </div>

      <div
        className="console-screen"
        data-testid="console-screen"
        onContextMenu={(e) => {
          e.preventDefault();
          setMenu({ x: e.clientX, y: e.clientY, hasSelection: !!termRef.current?.hasSelection() });
        }}
      >
        {/* the fit addon measures this box: the padding lives on its parent */}
        <div className="console-xterm" ref={screenRef} />
      </div>

      <div
        className={`console-status console-status-${status}`}
        data-testid="console-status"
        data-status={status}
        data-domid={view.domid ?? ''}
        role="status"
        aria-live="polite"
      >
        {busy ? <Spinner size={12} /> : <span className="console-dot" aria-hidden="true" />}
        <span className="console-status-text">{statusText}</span>
        {statusHint && <span className="console-status-hint">{statusHint}</span>}
        {note && (
          <span className="console-note" role="status">
            {note}
          </span>
        )}
        <span className="console-size" aria-hidden="true">
          {size ? `${size.cols}×${size.rows}` : ''}
        </span>
      </div>

      {menu && (
        <div
          className="console-menu"
          role="menu"
          aria-label={t('console.menu')}
          style={{ left: menu.x, top: menu.y }}
          onPointerDown={(e) => e.stopPropagation()}
        >
          <button
            type="button"
            role="menuitem"
            disabled={!menu.hasSelection}
            onClick={menuAction(copySelection)}
          >
            {t('console.menu.copy')}
            <kbd>Ctrl+Shift+C</kbd>
          </button>
          <button type="button" role="menuitem" onClick={menuAction(paste)}>
            {t('console.menu.paste')}
            <kbd>Ctrl+Shift+V</kbd>
          </button>
          <button type="button" role="menuitem" onClick={menuAction(() => termRef.current?.selectAll())}>
            {t('console.menu.selectAll')}
          </button>
          <button
            type="button"
            role="menuitem"
            onClick={menuAction(() => {
              searchInputRef.current?.focus();
              searchInputRef.current?.select();
            })}
          >
            {t('console.menu.find')}
            <kbd>Ctrl+Shift+F</kbd>
          </button>
          <button type="button" role="menuitem" onClick={menuAction(() => termRef.current?.clear())}>
            {t('console.menu.clear')}
          </button>
        </div>
      )}
    </section>
  );
}
