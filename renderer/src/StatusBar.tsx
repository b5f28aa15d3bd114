// The bottom line: when the selected host was last polled, and which XenDesk this is.
import { useEffect, useState } from 'react';
import type { AppInfo } from '../../shared/api';
import { t } from './strings';
import './StatusBar.css';

export interface StatusBarProps {
  hostLabel: string | null;
  connected: boolean;
  lastPoll: number | null;
  appInfo: AppInfo | null;
}

function useNow(intervalMs: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(id);
  }, [intervalMs]);
  return now;
}

const timeFormat = new Intl.DateTimeFormat(undefined, {
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

export function StatusBar({ hostLabel, connected, lastPoll, appInfo }: StatusBarProps) {
  const now = useNow(1000);
  let pollText: string;
  if (hostLabel === null) pollText = t('status.noHost');
  else if (lastPoll === null) pollText = connected ? t('status.neverPolled') : t('host.notConnected');
  else pollText = t('status.lastPoll', { time: timeFormat.format(lastPoll) });
  const ago = lastPoll === null ? null : Math.max(0, Math.round((now - lastPoll) / 1000));
  return (
    <footer className="statusbar" aria-label={t('status.label')}>
      <span data-testid="last-poll">
        {hostLabel && <strong>{hostLabel}</strong>}
        {hostLabel && t('common.separator')}
        {pollText}
        {ago !== null && hostLabel !== null && (
          <span className="muted"> {t('status.ago', { seconds: ago })}</span>
        )}
      </span>
      <span className="spacer" />
      {appInfo && (
        <span className="muted">
          {t('status.version', { version: appInfo.version, mode: t(`status.mode.${appInfo.mode}`) })}
        </span>
      )}
    </footer>
  );
}
