// The pop-out console window (`#console/<hostId>/<domain>/<kind>`): the same app, showing only
// this console. It joins the backend's session for the domain, so the console in the main
// window and this one show the same screen.
import { useEffect, useRef, useState } from 'react';
import type { ConsoleKind } from '../../../shared/api';
import type { GuestType } from '../../../shared/types';
import { useServices } from '../appContext';
import { useHostStore } from '../hostStore';
import { t } from '../strings';
import { ConsoleView } from './ConsoleView';
import { consoleHash, type ConsoleRoute } from './consoleRoute';
import './ConsoleDock.css';

export function ConsoleWindow({ route }: { route: ConsoleRoute }) {
  const { hosts: hostStore } = useServices();
  const [kind, setKind] = useState<ConsoleKind>(route.kind);
  const hosts = useHostStore(hostStore, (s) => s.hosts);
  const snapshot = useHostStore(hostStore, (s) => s.snapshots[route.hostId]);
  const host = hosts.find((h) => h.id === route.hostId);
  const known = useRef<GuestType | null>(null);
  const row = snapshot?.domains.find((d) => d.name === route.domain);
  if (row?.type) known.current = row.type;

  useEffect(() => {
    document.title = t('console.window.title', { domain: route.domain });
    // keep the address a reload can come back to
    window.history.replaceState(null, '', consoleHash({ ...route, kind }));
  }, [route, kind]);

  return (
    <div className="console-window" data-testid="console-window">
      <header className="console-window-head">
        <h1>{route.domain}</h1>
        <span className="muted">{host?.label ?? route.hostId}</span>
      </header>
      <div className="console-window-body">
        <ConsoleView
          hostId={route.hostId}
          hostLabel={host?.label}
          domain={route.domain}
          kind={kind}
          guestType={known.current}
          onKindChange={setKind}
          active
        />
      </div>
    </div>
  );
}
