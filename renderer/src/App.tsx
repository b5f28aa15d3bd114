// The main window: toolbar, hosts on the left, the selected host's domains on the right,
// status bar below; dialogs and toasts on top.
import { useCallback, useEffect, useState } from 'react';
import type { AppInfo, DomainAction, HostSummary } from '../../shared/api';
import { HostDialog } from './hosts/HostDialog'; // add/edit host with ~/.ssh/config aliases (issue 4)
import { AuthPrompts } from './hosts/AuthPromptDialog'; // keyboard-interactive prompts (issue 4)
import { HostOverview } from './hosts/HostOverview'; // host overview page (issue 4)
import { HostTabs, type HostPage } from './hosts/HostTabs'; // issue 4
import { useHostHistoryFeed } from './hosts/hostHistory'; // host CPU/memory graph (issue 4)
import { useServices } from './appContext';
import { BackendLostBanner } from './BackendLostBanner';
import { ConfirmDialog } from './ConfirmDialog';
import { ConnectDialogs } from './ConnectDialogs';
import { HostSidebar } from './HostSidebar';
import { displayState, hostError, useHostStore } from './hostStore';
import { HostView } from './HostView';
import { StatusBar } from './StatusBar';
import { t } from './strings';
import { ToastRegion } from './ToastRegion';
import { useToasts } from './toastStore';
import { Toolbar } from './Toolbar';
import { useConnectFlow } from './useConnectFlow';
import { useDomainActions } from './useDomainActions';
import { useHostCommands } from './useHostCommands';
import { VncWindow } from './vnc/VncWindow';
import { ConsoleDock, defaultConsoleKind, useConsoleDock, useConsoleDockState } from './console'; // serial console (issue 7)
import { WelcomePanel } from './WelcomePanel';
import { DomainDetails } from './domains/DomainDetails'; // details view (issue 5)
import { perfHistoryFor } from './domains/perfStore'; // performance history (issue 5)
import { ActionsMenu } from './actions/ActionsMenu'; // lifecycle actions (issue 5)
import { ActionFailureDialog, ShutdownWatch } from './actions/LifecycleFollowUp'; // lifecycle actions (issue 5)
import { CreateWizard } from './wizard/CreateWizard'; // create wizard (issue 6)
import { tw } from './wizard/wizardStrings'; // create wizard (issue 6)
import type { AppCommand } from '../../shared/commands'; // issue 9
import { useCommandRouter } from './commands'; // issue 9: app menu, shortcuts, context menu
import { canDoAction } from './domainActions'; // issue 9
import { canOpenVnc } from './vnc/canOpenVnc'; // issue 9
import { PreferencesDialog } from './prefs/PreferencesDialog'; // issue 9
import { AboutDialog } from './prefs/AboutDialog'; // issue 9
import { DomainContextMenu } from './desktop/DomainContextMenu'; // issue 9
import { HostStateAnnouncer } from './desktop/HostStateAnnouncer'; // issue 9
import { notifyFinishedTasks } from './desktop/notify'; // issue 9
import './App.css';

export function App() {
  const { client, hosts: hostStore, toasts: toastStore } = useServices();
  // only what this component shows: a snapshot of another host must not render the whole window
  const hostList = useHostStore(hostStore, (s) => s.hosts);
  const localErrors = useHostStore(hostStore, (s) => s.localErrors);
  const loaded = useHostStore(hostStore, (s) => s.loaded);
  const backendLost = useHostStore(hostStore, (s) => s.backendLost);
  const toasts = useToasts(toastStore);
  const connect = useConnectFlow();
  const actions = useDomainActions();
  const commands = useHostCommands();

  const [selectedHostId, setSelectedHostId] = useState<string | null>(null);
  const [selectedDomain, setSelectedDomain] = useState<{ hostId: string; name: string } | null>(null);
  const [addOpen, setAddOpen] = useState(false);
  const [removing, setRemoving] = useState<HostSummary | null>(null);
  const [appInfo, setAppInfo] = useState<AppInfo | null>(null);
  const [vnc, setVnc] = useState<{ hostId: string; domain: string } | null>(null); // graphical console (issue 8)
  const consoles = useConsoleDock(); // serial console (issue 7)
  const consoleMaximized = useConsoleDockState(consoles).maximized;
  const [details, setDetails] = useState<{ hostId: string; name: string } | null>(null); // details view (issue 5)
  useEffect(() => void perfHistoryFor(client), [client]); // collect performance samples from the start (issue 5)
  const [hostPage, setHostPage] = useState<HostPage>('domains'); // issue 4
  const [editing, setEditing] = useState<HostSummary | null>(null); // issue 4
  useHostHistoryFeed(client); // issue 4
  const [wizardHost, setWizardHost] = useState<string | null>(null); // create wizard (issue 6)
  // issue 9: Preferences, About and a domain row's context menu
  const [prefsOpen, setPrefsOpen] = useState(false);
  const [aboutOpen, setAboutOpen] = useState(false);
  const [ctxMenu, setCtxMenu] = useState<{
    hostId: string;
    name: string;
    at: { x: number; y: number };
  } | null>(null);
  useEffect(() => notifyFinishedTasks(client), [client]);

  useEffect(() => {
    client.api.getAppInfo({}).then(setAppInfo, () => undefined);
  }, [client]);

  const host = hostList.find((h) => h.id === selectedHostId) ?? hostList[0] ?? null;
  const hostId = host?.id ?? null;
  const hostState = host ? displayState(host, localErrors[host.id]) : null;
  const snapshot = useHostStore(hostStore, (s) => (hostId ? s.snapshots[hostId] : undefined));
  const watch = actions.shutdownWatch;
  const watchedRow = useHostStore(hostStore, (s) =>
    watch ? (s.snapshots[watch.hostId]?.domains.find((d) => d.name === watch.domain) ?? null) : null,
  );

  // initial data for a connected host whose snapshot we have not seen (the events keep it fresh)
  const needsSnapshot = !!host && host.state === 'connected' && !snapshot;
  useEffect(() => {
    if (!needsSnapshot || !hostId) return;
    let live = true;
    client.api.getSnapshot({ hostId }).then(
      (s) => {
        if (live && s) hostStore.setSnapshot(s);
      },
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [client, hostStore, hostId, needsSnapshot]);

  const domainName = selectedDomain && selectedDomain.hostId === hostId ? selectedDomain.name : null;
  const domain = (domainName && snapshot?.domains.find((d) => d.name === domainName)) || null;
  const pending = hostId ? (actions.pending[hostId] ?? null) : null;

  const selectHost = useCallback((id: string) => {
    setSelectedHostId(id);
    setDetails((d) => (d && d.hostId !== id ? null : d));
  }, []);
  // issue 5: the all-hosts list selects domains of other hosts; Enter/double-click/Details opens one
  const selectHostDomain = useCallback((id: string, name: string) => {
    setSelectedHostId(id);
    setSelectedDomain({ hostId: id, name });
  }, []);
  const openDetails = useCallback(
    (id: string, name: string) => {
      selectHostDomain(id, name);
      setDetails({ hostId: id, name });
    },
    [selectHostDomain],
  );
  const selectDomain = useCallback((name: string) => hostId && setSelectedDomain({ hostId, name }), [hostId]);

  const startDemo = async () => {
    const demo = await commands.ensureDemoHost(hostList);
    if (!demo) return;
    setSelectedHostId(demo.id);
    if (demo.state === 'disconnected' || demo.state === 'error') connect.start(demo);
  };

  const onAdded = (added: HostSummary) => {
    setAddOpen(false);
    hostStore.upsertHost(added);
    setSelectedHostId(added.id);
    connect.start(added);
  };

  const onAction = (action: DomainAction) => {
    if (!host || !domain) return;
    actions.request({ hostId: host.id, domain: domain.name, action });
  };

  const showWelcome = loaded && hostList.length === 0;

  // issue 9: every command of the application menu, the shortcuts and the context menu
  const connected = host?.state === 'connected';
  const runCommand = (cmd: AppCommand) => {
    const needDomain = () => {
      if (host && domain && connected) return true;
      toastStore.show('info', t('action.noSelection'));
      return false;
    };
    switch (cmd) {
      case 'newDomain':
        if (host && connected) setWizardHost(host.id);
        else toastStore.show('info', t('host.notConnected.body', { label: host?.label ?? t('app.name') }));
        return;
      case 'addHost':
        return setAddOpen(true);
      case 'demoHost':
        return void startDemo();
      case 'connect':
        if (host && host.state !== 'connected' && host.state !== 'connecting') connect.start(host);
        return;
      case 'disconnect':
        if (host && host.state !== 'disconnected') commands.disconnect(host);
        return;
      case 'refresh':
        if (host && connected) commands.refresh(host);
        return;
      case 'preferences':
        return setPrefsOpen(true);
      case 'about':
        return setAboutOpen(true);
      case 'find':
        setDetails(null);
        setHostPage('domains');
        requestAnimationFrame(() => {
          const input = document.querySelector<HTMLInputElement>('[data-testid="domain-search"]');
          input?.focus();
          input?.select();
        });
        return;
      case 'domain.details':
        if (needDomain()) openDetails(host!.id, domain!.name);
        return;
      case 'domain.vnc':
        if (needDomain() && canOpenVnc(domain)) setVnc({ hostId: host!.id, domain: domain!.name });
        return;
      case 'domain.console':
        if (needDomain() && domain!.id !== null)
          consoles.open(host!.id, domain!.name, defaultConsoleKind(domain!.type));
        return;
      case 'domain.start':
      case 'domain.pause':
      case 'domain.unpause':
      case 'domain.shutdown':
      case 'domain.reboot':
      case 'domain.destroy': {
        const action = cmd.slice('domain.'.length) as DomainAction;
        if (needDomain() && canDoAction(action, domain!.state) && !pending) onAction(action);
        return;
      }
      default:
        // the "Actions" verbs (save, clone, delete…) are run by <ActionsMenu>, which listens too
        if (!domain) toastStore.show('info', t('action.noSelection'));
    }
  };
  useCommandRouter(client, runCommand, !!window.xendeskDesktop); // desktop: the native menu has the keys

  return (
    <div className="app">
      <Toolbar
        host={host}
        domain={domain}
        connectBusy={!!hostId && connect.busy.has(hostId)}
        demoBusy={commands.isBusy('demo')}
        refreshBusy={!!hostId && commands.isBusy('refresh', hostId)}
        disconnectBusy={!!hostId && commands.isBusy('disconnect', hostId)}
        pendingAction={pending?.action ?? null}
        onNewHost={() => setAddOpen(true)}
        onDemo={() => void startDemo()}
        onConnect={() => host && connect.start(host)}
        onDisconnect={() => host && commands.disconnect(host)}
        onRefresh={() => host && commands.refresh(host)}
        onAction={onAction}
        onVnc={() => host && domain && setVnc({ hostId: host.id, domain: domain.name })}
        onConsole={() =>
          host && domain && consoles.open(host.id, domain.name, defaultConsoleKind(domain.type))
        }
        domainMenu={<ActionsMenu host={host} domain={domain} hosts={hostList} snapshot={snapshot} />}
        onNewDomain={() => host && setWizardHost(host.id)}
        onPreferences={() => setPrefsOpen(true)}
      />
      {backendLost && <BackendLostBanner />}
      <div className="app-body">
        <HostSidebar hosts={hostList} localErrors={localErrors} selectedId={hostId} onSelect={selectHost} />
        <main
          className="app-main"
          data-console-maximized={consoleMaximized || undefined}
          aria-label={host ? host.label : t('app.name')}
        >
          {showWelcome && (
            <WelcomePanel
              demoBusy={commands.isBusy('demo')}
              onDemo={() => void startDemo()}
              onAddHost={() => setAddOpen(true)}
            />
          )}
          {host && snapshot && details?.hostId === host.id && (
            <DomainDetails
              key={`${details.hostId}/${details.name}`}
              host={host}
              name={details.name}
              row={snapshot.domains.find((d) => d.name === details.name) ?? null}
              onBack={() => setDetails(null)}
            />
          )}
          {host && !(snapshot && details?.hostId === host.id) && (
            <HostTabs host={host} page={hostPage} onPage={setHostPage} onEdit={() => setEditing(host)} />
          )}
          {host && hostPage === 'overview' && !(snapshot && details?.hostId === host.id) && (
            <HostOverview key={host.id} host={host} />
          )}
          {host && hostState && hostPage === 'domains' && !(snapshot && details?.hostId === host.id) && (
            <HostView
              host={host}
              state={hostState}
              error={hostError(host, localErrors[host.id])}
              snapshot={snapshot}
              selectedDomain={domainName}
              onSelectDomain={selectDomain}
              onSelectHostDomain={selectHostDomain}
              onOpenDomain={openDetails}
              onDomainContextMenu={(id, name, at) => setCtxMenu({ hostId: id, name, at })}
              pending={pending}
              connectBusy={connect.busy.has(host.id)}
              removeBusy={commands.isBusy('remove', host.id)}
              onConnect={() => connect.start(host)}
              onRemove={() => setRemoving(host)}
            />
          )}
          <ConsoleDock dock={consoles} />
        </main>
      </div>
      <StatusBar
        hostLabel={host?.label ?? null}
        connected={hostState === 'connected' || hostState === 'reconnecting'}
        lastPoll={snapshot?.at ?? null}
        appInfo={appInfo}
        onAbout={() => setAboutOpen(true)}
      />

      {addOpen && <HostDialog onSaved={onAdded} onCancel={() => setAddOpen(false)} />}
      {editing && (
        <HostDialog
          host={editing}
          onSaved={(h) => {
            setEditing(null);
            hostStore.upsertHost(h);
            connect.start(h);
          }}
          onCancel={() => setEditing(null)}
        />
      )}
      <AuthPrompts />
      <ConnectDialogs flow={connect} />
      {actions.confirming && (
        <ConfirmDialog
          title={t('confirm.destroy.title', { name: actions.confirming.domain })}
          body={t('confirm.destroy.body')}
          okLabel={t('confirm.destroy.ok')}
          onOk={actions.confirm}
          onCancel={actions.cancel}
        />
      )}
      {removing && (
        <ConfirmDialog
          title={t('confirm.removeHost.title', { label: removing.label })}
          body={t('confirm.removeHost.body')}
          okLabel={t('confirm.removeHost.ok')}
          onOk={() => {
            commands.remove(removing);
            setRemoving(null);
          }}
          onCancel={() => setRemoving(null)}
        />
      )}
      {vnc && (
        <VncWindow
          hostId={vnc.hostId}
          hostLabel={hostList.find((h) => h.id === vnc.hostId)?.label ?? vnc.hostId}
          domain={vnc.domain}
          canPopOut /* issue 9: Electron opens pop-outs as windows of its own too */
          onClose={() => setVnc(null)}
          onOpenSerial={() => {
            const type = hostStore
              .get()
              .snapshots[vnc.hostId]?.domains.find((d) => d.name === vnc.domain)?.type;
            setVnc(null);
            consoles.open(vnc.hostId, vnc.domain, defaultConsoleKind(type));
          }}
        />
      )}
      {/* lifecycle actions (issue 5): xl failures with diagnostics; a shutdown an HVM guest ignores */}
      {actions.failure && (
        <ActionFailureDialog
          failure={actions.failure}
          onClose={actions.dismissFailure}
          onForce={(req) => {
            actions.dismissFailure();
            actions.request(req);
          }}
        />
      )}
      {actions.shutdownWatch && !actions.failure && (
        <ShutdownWatch
          watch={actions.shutdownWatch}
          row={watchedRow}
          onDismiss={actions.dismissWatch}
          onForce={() => {
            const w = actions.shutdownWatch!;
            actions.dismissWatch();
            actions.request({ hostId: w.hostId, domain: w.domain, action: 'shutdown', force: true });
          }}
          onDestroy={() => {
            const w = actions.shutdownWatch!;
            actions.dismissWatch();
            actions.request({ hostId: w.hostId, domain: w.domain, action: 'destroy' });
          }}
        />
      )}
      {/* create wizard (issue 6): on success, show the new domain and open its console */}
      {wizardHost && (
        <CreateWizard
          hosts={hostList}
          initialHostId={wizardHost}
          onClose={() => setWizardHost(null)}
          onCreated={(hostId, r) => {
            setWizardHost(null);
            toastStore.show('success', tw('wizard.created.toast', { name: r.name }));
            setDetails(null);
            setHostPage('domains');
            selectHostDomain(hostId, r.name);
            if (r.console === 'vnc') setVnc({ hostId, domain: r.name });
            else consoles.open(hostId, r.name, defaultConsoleKind(r.domain?.type ?? null));
          }}
        />
      )}
      {/* issue 9: Preferences, About, a row's context menu, connection states for screen readers */}
      {prefsOpen && <PreferencesDialog onClose={() => setPrefsOpen(false)} />}
      {aboutOpen && <AboutDialog info={appInfo} onClose={() => setAboutOpen(false)} />}
      {ctxMenu && host?.id === ctxMenu.hostId && domain?.name === ctxMenu.name && (
        <DomainContextMenu
          host={host}
          domain={domain}
          hosts={hostList}
          pendingAction={pending?.action ?? null}
          at={ctxMenu.at}
          onClose={(refocus) => {
            setCtxMenu(null);
            if (refocus) document.querySelector<HTMLElement>('tr.domain-row.is-selected')?.focus();
          }}
        />
      )}
      <HostStateAnnouncer hosts={hostList} />
      <ToastRegion toasts={toasts} onDismiss={toastStore.dismiss} />
    </div>
  );
}
