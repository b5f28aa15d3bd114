// A domain row's context menu (issue 9): the toolbar's actions for that domain — details, the
// lifecycle buttons, both consoles and the "Actions" verbs — enabled by the same rules. Items run
// app commands, so the result is exactly that of the toolbar or the application menu.
import { useLayoutEffect, useRef, useState, type ReactNode } from 'react';
import type { AppCommand } from '../../../shared/commands';
import type { DomainAction, HostSummary } from '../../../shared/api';
import type { DomainRow } from '../../../shared/types';
import { MENU_VERBS, menuBlocker } from '../actions/actionLogic';
import { dispatchCommand, tm } from '../commands';
import { canDoAction } from '../domainActions';
import { t } from '../strings';
import { canOpenVnc } from '../vnc/canOpenVnc';
import { focusFirstItem, menuKeyDown } from './menuKeys';
import '../actions/actions.css';
import '../prefs/preferences.css';

export interface DomainContextMenuProps {
  host: HostSummary;
  domain: DomainRow;
  hosts: readonly HostSummary[];
  /** an action in flight on the host: the lifecycle items wait */
  pendingAction: DomainAction | null;
  at: { x: number; y: number };
  /** refocus: give the keyboard back to the row (Escape) */
  onClose: (refocus: boolean) => void;
}

type Item = { cmd: AppCommand; blocked: string | null; danger?: boolean } | 'sep';

const LIFECYCLE: DomainAction[] = ['start', 'pause', 'unpause', 'shutdown', 'reboot', 'destroy'];

export function DomainContextMenu({
  host,
  domain,
  hosts,
  pendingAction,
  at,
  onClose,
}: DomainContextMenuProps) {
  const ref = useRef<HTMLUListElement>(null);
  const [pos, setPos] = useState(at);
  const connected = host.state === 'connected';
  const ctx = {
    connected,
    otherHosts: hosts.filter((h) => h.id !== host.id && h.state === 'connected').length,
  };
  const notConnected = t('host.notConnected');

  const items: Item[] = [
    { cmd: 'domain.details', blocked: null },
    'sep',
    ...LIFECYCLE.map((a) => ({
      cmd: `domain.${a}` as AppCommand,
      blocked: !connected
        ? notConnected
        : !canDoAction(a, domain.state) || pendingAction !== null
          ? t(`action.${a}.hint`)
          : null,
      danger: a === 'destroy',
    })),
    'sep',
    {
      cmd: 'domain.vnc',
      blocked: connected && canOpenVnc(domain) ? null : t('vnc.action.noGraphics'),
    },
    { cmd: 'domain.console', blocked: connected && domain.id !== null ? null : t('act.needsRunning') },
    'sep',
    ...MENU_VERBS.map((v) => {
      const b = menuBlocker(v, domain, ctx);
      return { cmd: `domain.${v}` as AppCommand, blocked: b && t(b), danger: v === 'delete' };
    }),
  ];

  // keep the menu inside the window; focus its first item like a native menu
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const r = el.getBoundingClientRect();
    setPos({
      x: Math.max(4, Math.min(at.x, window.innerWidth - r.width - 4)),
      y: Math.max(4, Math.min(at.y, window.innerHeight - r.height - 4)),
    });
    focusFirstItem(el);
  }, [at]);

  useLayoutEffect(() => {
    const onDown = (e: MouseEvent) => {
      if (!ref.current?.contains(e.target as Node)) onClose(false);
    };
    const onBlur = () => onClose(false);
    document.addEventListener('mousedown', onDown, true);
    window.addEventListener('blur', onBlur);
    window.addEventListener('resize', onBlur);
    return () => {
      document.removeEventListener('mousedown', onDown, true);
      window.removeEventListener('blur', onBlur);
      window.removeEventListener('resize', onBlur);
    };
  }, [onClose]);

  const run = (cmd: AppCommand) => {
    onClose(false);
    dispatchCommand(cmd);
  };

  let sep = 0;
  const rendered: ReactNode[] = items.map((it) =>
    it === 'sep' ? (
      <li key={`sep${sep++}`} role="separator" className="ctx-sep" />
    ) : (
      <li key={it.cmd} role="none">
        <button
          type="button"
          role={it.cmd === 'domain.autostart' ? 'menuitemcheckbox' : 'menuitem'}
          aria-checked={it.cmd === 'domain.autostart' ? !!domain.autostart : undefined}
          className={`act-menu-item${it.danger ? ' act-menu-danger' : ''}`}
          disabled={it.blocked !== null}
          title={it.blocked ?? undefined}
          onClick={() => run(it.cmd)}
          data-testid={`ctx-${it.cmd.slice('domain.'.length)}`}
        >
          <span className="act-menu-check" aria-hidden="true">
            {it.cmd === 'domain.autostart' && domain.autostart ? '✓' : ''}
          </span>
          {tm(`cmd.${it.cmd}`)}
        </button>
      </li>
    ),
  );

  return (
    <ul
      ref={ref}
      className="act-menu-list ctx-menu"
      role="menu"
      aria-label={tm('ctx.label', { name: domain.name })}
      style={{ left: pos.x, top: pos.y }}
      onKeyDown={(e) => menuKeyDown(e, onClose)}
      onContextMenu={(e) => e.preventDefault()}
      data-testid="domain-context-menu"
    >
      {rendered}
    </ul>
  );
}
