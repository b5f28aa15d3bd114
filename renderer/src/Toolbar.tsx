// The window's toolbar: host commands on the left, lifecycle actions for the selected
// domain on the right (enabled per its run state).
import type { ReactNode } from 'react';
import { useToolbarFit } from './desktop/useToolbarFit'; // issue 9: labels give way before buttons do
import type { DomainAction, HostSummary } from '../../shared/api';
import type { DomainRow } from '../../shared/types';
import { canDoAction } from './domainActions';
import { canOpenVnc } from './vnc/canOpenVnc';
import type { IconName } from './Icon';
import { t } from './strings';
import { ToolbarButton } from './ToolbarButton';
import { tp } from './prefs/prefsStrings'; // issue 9
import { shortcutOf } from './commands'; // issue 9
import { tw } from './wizard/wizardStrings'; // create wizard (issue 6)
import './Toolbar.css';

export interface ToolbarProps {
  host: HostSummary | null;
  domain: DomainRow | null;
  connectBusy: boolean;
  demoBusy: boolean;
  refreshBusy: boolean;
  disconnectBusy: boolean;
  /** the action in flight on the selected host, if any */
  pendingAction: DomainAction | null;
  onNewHost: () => void;
  onDemo: () => void;
  onConnect: () => void;
  onDisconnect: () => void;
  onRefresh: () => void;
  onAction: (action: DomainAction) => void;
  /** open the graphical console of the selected domain (issue 8) */
  onVnc?: () => void;
  /** open the serial console of the selected domain (issue 7) */
  onConsole?: () => void;
  /** issue 5: the "Actions" menu (save, restore, memory, rename, autostart, migrate, clone, delete, devices) */
  domainMenu?: ReactNode;
  /** issue 6: open the create wizard for the selected (connected) host */
  onNewDomain?: () => void;
  /** issue 9: Preferences (also Edit → Preferences, Ctrl+,) */
  onPreferences?: () => void;
}

const ACTIONS: { action: DomainAction; icon: IconName }[] = [
  { action: 'start', icon: 'play' },
  { action: 'pause', icon: 'pause' },
  { action: 'unpause', icon: 'play' },
  { action: 'shutdown', icon: 'power' },
  { action: 'reboot', icon: 'reboot' },
  { action: 'destroy', icon: 'zap' },
];

export function Toolbar(p: ToolbarProps) {
  const state = p.host?.state;
  const online = state === 'connected' || state === 'connecting' || state === 'reconnecting';
  const connected = state === 'connected';
  const fit = useToolbarFit();
  return (
    <header
      className="toolbar"
      role="toolbar"
      aria-label={t('toolbar.label')}
      ref={fit.ref}
      data-collapse={fit.level || undefined}
    >
      <div className="brand" aria-hidden="true">
        <span className="brand-mark">{t('app.mark')}</span>
        <span className="brand-name">{t('app.name')}</span>
      </div>
      <div className="tb-group" role="group" aria-label={t('toolbar.hostGroup')}>
        <ToolbarButton
          icon="plus"
          label={t('toolbar.newHost')}
          hint={t('toolbar.newHost.hint')}
          onClick={p.onNewHost}
          testId="add-host"
          collapse="sm"
        />
        <ToolbarButton
          icon="flask"
          label={t('toolbar.demoHost')}
          hint={t('toolbar.demoHost.hint')}
          onClick={p.onDemo}
          busy={p.demoBusy}
          testId="demo-host"
          collapse="md"
        />
        <span className="tb-sep" aria-hidden="true" />
        {/* while reconnecting both make sense: retry now, or stop trying */}
        {state !== 'connected' && state !== 'connecting' && (
          <ToolbarButton
            icon="plug"
            label={t('toolbar.connect')}
            hint={t('toolbar.connect.hint')}
            onClick={p.onConnect}
            disabled={!p.host}
            busy={p.connectBusy}
            testId="action-connect"
          />
        )}
        {online && (
          <ToolbarButton
            icon="unplug"
            label={t('toolbar.disconnect')}
            hint={t('toolbar.disconnect.hint')}
            onClick={p.onDisconnect}
            busy={p.disconnectBusy}
            testId="action-disconnect"
          />
        )}
        <ToolbarButton
          icon="refresh"
          label={t('toolbar.refresh')}
          hint={t('toolbar.refresh.hint')}
          onClick={p.onRefresh}
          disabled={!connected}
          busy={p.refreshBusy}
          testId="action-refresh"
          collapse="md"
        />
        {/* create wizard (issue 6) */}
        <span className="tb-sep" aria-hidden="true" />
        <ToolbarButton
          icon="monitorPlus"
          label={tw('wizard.toolbar.newDomain')}
          hint={connected ? tw('wizard.toolbar.newDomain.hint') : tw('wizard.toolbar.newDomain.notConnected')}
          onClick={() => p.onNewDomain?.()}
          disabled={!connected || !p.onNewDomain}
          testId="action-new-domain"
          collapse="md"
        />
      </div>
      <div className="tb-group tb-domain" role="group" aria-label={t('toolbar.domainGroup')}>
        {ACTIONS.map(({ action, icon }) => {
          const enabled = connected && !!p.domain && canDoAction(action, p.domain.state);
          return (
            <ToolbarButton
              key={action}
              icon={icon}
              label={t(`action.${action}`)}
              hint={p.domain ? t(`action.${action}.hint`) : t('action.noSelection')}
              onClick={() => p.onAction(action)}
              disabled={!enabled || p.pendingAction !== null}
              busy={p.pendingAction === action}
              tone={action === 'destroy' ? 'danger' : 'normal'}
              testId={`action-${action}`}
              collapse={action === 'start' ? 'md' : undefined /* issue 5: keeps the toolbar within 1280 px */}
            />
          );
        })}
        {p.domainMenu /* issue 5: actions menu */}
        {/* graphical console (issue 8) */}
        <ToolbarButton
          icon="monitor"
          label={t('vnc.action')}
          hint={
            !p.domain
              ? t('action.noSelection')
              : canOpenVnc(p.domain)
                ? t('vnc.action.hint')
                : t('vnc.action.noGraphics')
          }
          onClick={() => p.onVnc?.()}
          disabled={!connected || !canOpenVnc(p.domain) || !p.onVnc}
          testId="action-vnc"
        />
        {/* serial console (issue 7): a running (or paused) domain has one */}
        <ToolbarButton
          icon="terminal"
          label={t('action.console')}
          hint={p.domain ? t('action.console.hint') : t('action.noSelection')}
          onClick={() => p.onConsole?.()}
          disabled={!connected || !p.domain || p.domain.id === null || !p.onConsole}
          testId="action-console"
        />
      </div>
      {p.onPreferences && (
        <div className="tb-group tb-end">
          <ToolbarButton
            icon="settings"
            label={tp('prefs.open')}
            hint={tp('prefs.open.hint', { keys: shortcutOf('preferences') ?? '' })}
            onClick={p.onPreferences}
            testId="open-preferences"
            collapse="all"
          />
        </div>
      )}
    </header>
  );
}
