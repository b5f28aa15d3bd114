// The bottom line: when the selected host was last polled, and which XenDesk this is.
import { useEffect, useState } from 'react';
import type { AppInfo } from '../../shared/api';
import { t } from './strings';
import { formatTime } from '../../shared/format'; // issue 9: the chosen language's clock
import { tp } from './prefs/prefsStrings'; // issue 9
import './StatusBar.css';

export interface StatusBarProps {
  hostLabel: string | null;
  connected: boolean;
  lastPoll: number | null;
  appInfo: AppInfo | null;
  /** issue 9: the version opens About (Help → About in the desktop menu) */
  onAbout?: () => void;
}

function useNow(intervalMs: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(id);
  }, [intervalMs]);
  return now;
}

export function StatusBar({ hostLabel, connected, lastPoll, appInfo, onAbout }: StatusBarProps) {
  const now = useNow(1000);
  let pollText: string;
  if (hostLabel === null) pollText = t('status.noHost');
  else if (lastPoll === null) pollText = connected ? t('status.neverPolled') : t('host.notConnected');
  else pollText = t('status.lastPoll', { time: formatTime(lastPoll) });
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
        <button
          type="button"
          className="statusbar-about muted"
          onClick={onAbout}
          disabled={!onAbout}
          title={tp('about.title')}
          data-testid="status-version"
        >
          {t('status.version', { version: appInfo.version, mode: t(`status.mode.${appInfo.mode}`) })}
        </button>
      )}
    </footer>
  );
}
