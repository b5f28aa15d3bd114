// Screen readers hear a host's connection state change (issue 9): "xen01: connected". The badge
// in the sidebar shows it; this polite live region says it, once per change.
import { useEffect, useRef, useState } from 'react';
import type { HostSummary } from '../../../shared/api';
import { t } from '../strings';
import { tp } from '../prefs/prefsStrings';
import '../prefs/preferences.css';

export function HostStateAnnouncer({ hosts }: { hosts: readonly HostSummary[] }) {
  const seen = useRef<Map<string, string> | null>(null);
  const [message, setMessage] = useState('');
  useEffect(() => {
    const prev = seen.current;
    const next = new Map(hosts.map((h) => [h.id, h.state]));
    seen.current = next;
    if (!prev) return; // the first list is no change
    const changed = hosts.filter((h) => prev.has(h.id) && prev.get(h.id) !== h.state);
    if (changed.length)
      setMessage(
        changed.map((h) => tp('live.hostState', { label: h.label, state: t(`conn.${h.state}`) })).join('. '),
      );
  }, [hosts]);
  return (
    <div className="sr-live" role="status" aria-live="polite" data-testid="live-host-state">
      {message}
    </div>
  );
}
