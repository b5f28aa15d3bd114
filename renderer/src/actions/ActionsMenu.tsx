// The toolbar's "Actions" menu for the selected domain (save, restore, memory & vCPUs, rename,
// autostart, migrate, clone, delete, disks & network, CD media) and the dialog it opens.
import { useEffect, useRef, useState } from 'react';
import type { HostSummary } from '../../../shared/api';
import type { DomainRow, HostSnapshot } from '../../../shared/types';
import { errorMessage } from '../apiErrors';
import { useServices } from '../appContext';
import { Icon } from '../Icon';
import { t, type TKey } from '../strings';
import { MENU_VERBS, menuBlocker, type MenuVerb } from './actionLogic';
import { CdDialog, DevicesDialog } from './DeviceDialogs';
import { CloneDialog, DeleteDialog, MigrateDialog, RenameDialog } from './ManageDialogs';
import { ResourcesDialog } from './ResourcesDialog';
import { RestoreDialog, SaveDialog } from './SaveRestoreDialogs';
import { onCommand } from '../commands'; // issue 9: the same verbs from the app menu / context menu
import { focusFirstItem, menuKeyDown } from '../desktop/menuKeys'; // issue 9: keyboard
import './actions.css';

const LABEL: Record<MenuVerb, TKey> = {
  save: 'act.save',
  restore: 'act.restore',
  resources: 'act.resources',
  rename: 'act.rename',
  autostart: 'act.autostart',
  migrate: 'act.migrate',
  clone: 'act.clone',
  delete: 'act.delete',
  devices: 'act.devices',
  cd: 'act.cd',
};

export interface ActionsMenuProps {
  host: HostSummary | null;
  domain: DomainRow | null;
  hosts: readonly HostSummary[];
  snapshot: HostSnapshot | undefined;
}

export function ActionsMenu({ host, domain, hosts, snapshot }: ActionsMenuProps) {
  const { client, toasts } = useServices();
  const [open, setOpen] = useState(false);
  const [dialog, setDialog] = useState<{ verb: MenuVerb; hostId: string; domain: DomainRow | null } | null>(
    null,
  );
  const [autostartBusy, setAutostartBusy] = useState(false);
  const ref = useRef<HTMLDivElement>(null);
  // the toolbar scrolls horizontally (overflow clips absolute children): the menu is fixed-positioned
  const [pos, setPos] = useState<{ top: number; right: number } | null>(null);
  const toggle = () => {
    const r = ref.current?.getBoundingClientRect();
    if (r) setPos({ top: r.bottom + 4, right: Math.max(4, window.innerWidth - r.right) });
    setOpen((o) => !o);
  };
  const connected = host?.state === 'connected';
  const others = hosts.filter((h) => h.id !== host?.id && h.state === 'connected');
  const ctx = { connected, otherHosts: others.length };

  useEffect(() => {
    if (!open) return;
    const onDown = (e: MouseEvent) => {
      if (!ref.current?.contains(e.target as Node)) setOpen(false);
    };
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') setOpen(false);
    };
    const onResize = () => setOpen(false);
    document.addEventListener('mousedown', onDown);
    document.addEventListener('keydown', onKey);
    window.addEventListener('resize', onResize);
    return () => {
      document.removeEventListener('mousedown', onDown);
      document.removeEventListener('keydown', onKey);
      window.removeEventListener('resize', onResize);
    };
  }, [open]);

  const pick = async (verb: MenuVerb) => {
    setOpen(false);
    if (!host) return;
    if (verb === 'autostart' && domain) {
      setAutostartBusy(true);
      const enabled = !domain.autostart;
      try {
        await client.api.setAutostart({ hostId: host.id, domain: domain.name, enabled });
        toasts.show('success', t(enabled ? 'act.autostart.on' : 'act.autostart.off', { name: domain.name }));
      } catch (e) {
        toasts.show('error', t('act.autostart.failed', { name: domain.name }), errorMessage(e));
      } finally {
        setAutostartBusy(false);
      }
      return;
    }
    setDialog({ verb, hostId: host.id, domain });
  };

  // issue 9: "domain.save" etc. from the application menu or a row's context menu
  const pickRef = useRef(pick);
  pickRef.current = pick;
  const ctxRef = useRef({ domain, ctx });
  ctxRef.current = { domain, ctx };
  useEffect(
    () =>
      onCommand((cmd) => {
        const verb = cmd.startsWith('domain.') ? (cmd.slice(7) as MenuVerb) : null;
        if (!verb || !MENU_VERBS.includes(verb)) return;
        const { domain: d, ctx: c } = ctxRef.current;
        if (menuBlocker(verb, d, c) === null) void pickRef.current(verb);
      }),
    [],
  );

  const close = () => setDialog(null);
  const taken = (snapshot?.domains ?? []).map((d) => d.name);
  const dHost = dialog ? hosts.find((h) => h.id === dialog.hostId) : undefined;
  const common =
    dialog && dHost && dialog.domain
      ? { hostId: dHost.id, hostLabel: dHost.label, domain: dialog.domain, onClose: close }
      : null;

  return (
    <div className="act-menu" ref={ref}>
      <button
        type="button"
        className="tb-btn tb-collapse-md"
        title={t('act.more.hint')}
        aria-haspopup="menu"
        aria-expanded={open}
        disabled={!connected || autostartBusy}
        aria-busy={autostartBusy || undefined}
        onClick={toggle}
        data-testid="action-more"
      >
        <Icon name="chevronDown" size={16} />
        <span className="tb-label">{t('act.more')}</span>
      </button>
      {open && (
        <ul
          ref={focusFirstItem}
          className="act-menu-list"
          role="menu"
          aria-label={t('act.menu.label')}
          style={pos ? { top: pos.top, right: pos.right } : undefined}
          onKeyDown={(e) =>
            menuKeyDown(e, (refocus) => {
              setOpen(false);
              if (refocus) ref.current?.querySelector<HTMLElement>('[data-testid="action-more"]')?.focus();
            })
          }
        >
          {MENU_VERBS.map((verb) => {
            const blocker = menuBlocker(verb, domain, ctx);
            const checkbox = verb === 'autostart';
            return (
              <li key={verb} role="none">
                <button
                  type="button"
                  role={checkbox ? 'menuitemcheckbox' : 'menuitem'}
                  aria-checked={checkbox ? !!domain?.autostart : undefined}
                  className={`act-menu-item${verb === 'delete' ? ' act-menu-danger' : ''}`}
                  disabled={blocker !== null}
                  title={blocker ? t(blocker) : undefined}
                  onClick={() => void pick(verb)}
                  data-testid={`action-${verb}`}
                >
                  <span className="act-menu-check" aria-hidden="true">
                    {checkbox && domain?.autostart ? '✓' : ''}
                  </span>
                  {t(LABEL[verb])}
                </button>
              </li>
            );
          })}
        </ul>
      )}
      {dialog?.verb === 'restore' && dHost && (
        <RestoreDialog hostId={dHost.id} hostLabel={dHost.label} onClose={close} />
      )}
      {common && dialog?.verb === 'save' && <SaveDialog {...common} />}
      {common && dialog?.verb === 'resources' && <ResourcesDialog {...common} />}
      {common && dialog?.verb === 'rename' && <RenameDialog {...common} taken={taken} />}
      {common && dialog?.verb === 'migrate' && <MigrateDialog {...common} targets={others} />}
      {common && dialog?.verb === 'clone' && <CloneDialog {...common} taken={taken} />}
      {common && dialog?.verb === 'delete' && <DeleteDialog {...common} />}
      {common && dialog?.verb === 'devices' && <DevicesDialog {...common} />}
      {common && dialog?.verb === 'cd' && <CdDialog {...common} />}
    </div>
  );
}
