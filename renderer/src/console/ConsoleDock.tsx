// The main window's console dock: at the bottom of the main area (or filling it), one tab
// per open serial console. Every tab's view stays mounted so switching tabs keeps the
// sessions and their scrollback; the top edge drags to resize.
import { memo, useRef, useState, type PointerEvent as ReactPointerEvent } from 'react';
import type { GuestType } from '../../../shared/types';
import { useServices } from '../appContext';
import { useHostStore } from '../hostStore';
import { Icon } from '../Icon';
import { t } from '../strings';
import { ConsoleView } from './ConsoleView';
import { useConsoleDockState, type ConsoleDockStore, type ConsoleTab } from './consoleDockStore';
import { popOutUrl } from './consoleRoute';
import './ConsoleDock.css';

const HEIGHT_KEY = 'xendesk.console.dockHeight';

function savedHeight(): number | null {
  const v = Number(globalThis.localStorage?.getItem(HEIGHT_KEY));
  return v >= 160 ? v : null;
}

// memoised, and it reads only the guest types of its tabs from the host store: the main window
// renders again on every poll, and a console flood must not share the main thread with that
export const ConsoleDock = memo(function ConsoleDock({ dock }: { dock: ConsoleDockStore }) {
  const { hosts: hostStore } = useServices();
  const state = useConsoleDockState(dock);
  const hosts = useHostStore(hostStore, (s) => s.hosts);
  // one string (compared by value), so a poll that changes no tab's type renders nothing
  const tabTypes = useHostStore(hostStore, (s) =>
    state.tabs
      .map((tab) => s.snapshots[tab.hostId]?.domains.find((d) => d.name === tab.domain)?.type ?? '')
      .join(' '),
  );
  const [height, setHeight] = useState<number | null>(savedHeight);
  const rootRef = useRef<HTMLElement>(null);
  // a rebooting guest vanishes from the list for a moment: remember what type it was
  const knownTypes = useRef(new Map<string, GuestType>());

  if (state.tabs.length === 0) return null;

  const types = tabTypes.split(' ');
  const guestType = (tab: ConsoleTab): GuestType | null => {
    const type = types[state.tabs.indexOf(tab)];
    if (type) knownTypes.current.set(tab.key, type as GuestType);
    return knownTypes.current.get(tab.key) ?? null;
  };
  const hostLabel = (hostId: string) => hosts.find((h) => h.id === hostId)?.label ?? hostId;
  // the same page in a popup; in Electron the main process makes it a window of its own (issue 9),
  // and window.open returns null there by design
  const popOut = (tab: ConsoleTab) => {
    const w = window.open(
      popOutUrl(tab, window.location),
      `xendesk-console-${tab.hostId}-${tab.domain}`,
      'popup,width=960,height=640',
    );
    // the console moves: the new window joins the backend's session (and gets its recent
    // output), then this tab lets go of it
    if (w || window.xendeskDesktop) window.setTimeout(() => dock.close(tab.key), 1500);
  };

  const startDrag = (e: ReactPointerEvent<HTMLDivElement>) => {
    const main = rootRef.current?.parentElement;
    if (!main) return;
    e.preventDefault();
    const grip = e.currentTarget;
    grip.setPointerCapture(e.pointerId);
    const box = main.getBoundingClientRect();
    const move = (ev: PointerEvent) => {
      const h = Math.round(Math.min(box.height - 90, Math.max(160, box.bottom - ev.clientY)));
      setHeight(h);
    };
    const up = () => {
      grip.removeEventListener('pointermove', move);
      grip.removeEventListener('pointerup', up);
      grip.removeEventListener('pointercancel', up);
      setHeight((h) => {
        if (h) globalThis.localStorage?.setItem(HEIGHT_KEY, String(h));
        return h;
      });
    };
    grip.addEventListener('pointermove', move);
    grip.addEventListener('pointerup', up);
    grip.addEventListener('pointercancel', up);
  };

  return (
    <section
      ref={rootRef}
      className="console-dock"
      data-testid="console-dock"
      data-maximized={state.maximized}
      aria-label={t('console.dock')}
      style={!state.maximized && height ? { height } : undefined}
    >
      {!state.maximized && (
        <div
          className="console-dock-grip"
          role="separator"
          aria-orientation="horizontal"
          aria-label={t('console.dock')}
          onPointerDown={startDrag}
        />
      )}
      <div className="console-tabs" role="tablist" aria-label={t('console.dock')}>
        {state.tabs.map((tab) => {
          const selected = tab.key === state.active;
          return (
            <div key={tab.key} className={`console-tab${selected ? ' is-active' : ''}`}>
              <button
                type="button"
                role="tab"
                id={`console-tab-${tab.key}`}
                aria-selected={selected}
                aria-controls={`console-panel-${tab.key}`}
                data-testid={`console-tab-${tab.domain}`}
                className="console-tab-main"
                title={t('console.tab.title', { domain: tab.domain, host: hostLabel(tab.hostId) })}
                onClick={() => dock.activate(tab.key)}
              >
                <Icon name="terminal" size={14} />
                <span className="console-tab-name">{tab.domain}</span>
                <span className="console-tab-host">{hostLabel(tab.hostId)}</span>
              </button>
              <button
                type="button"
                className="console-tab-close"
                aria-label={t('console.tab.close', { domain: tab.domain })}
                title={t('console.tab.close', { domain: tab.domain })}
                data-testid={`console-close-${tab.domain}`}
                onClick={() => dock.close(tab.key)}
              >
                <Icon name="x" size={13} />
              </button>
            </div>
          );
        })}
      </div>
      {state.tabs.map((tab) => (
        <div
          key={tab.key}
          id={`console-panel-${tab.key}`}
          role="tabpanel"
          aria-labelledby={`console-tab-${tab.key}`}
          className="console-panel"
          hidden={tab.key !== state.active}
        >
          <ConsoleView
            hostId={tab.hostId}
            hostLabel={hostLabel(tab.hostId)}
            domain={tab.domain}
            kind={tab.kind}
            guestType={guestType(tab)}
            onKindChange={(kind) => dock.setKind(tab.key, kind)}
            onPopOut={() => popOut(tab)}
            maximized={state.maximized}
            onToggleMaximize={dock.toggleMaximized}
            active={tab.key === state.active}
          />
        </div>
      ))}
    </section>
  );
});
