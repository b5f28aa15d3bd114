// Electron main process: a thin shell. The backend is plain Node (electron/backend) and
// talks to the sandboxed renderer over a MessagePort with the same RPC as web mode.
import path from 'node:path';
import { app, BrowserWindow, MessageChannelMain, session, shell, type MessagePortMain } from 'electron';
import { createBackend, type Backend } from './backend/backend';
import { createDemoProvider } from './backend/demoHost';
import type { RpcPort } from '../shared/rpc';
import { VERSION } from './backend/version';
import { autoconnectAll } from './backend/hosts/autoconnect';
import { createElectronSecretStore } from './secretStoreElectron';

let backend: Backend | null = null;

function mainPortTransport(port: MessagePortMain): RpcPort {
  const closeCbs: (() => void)[] = [];
  port.on('close', () => closeCbs.forEach((cb) => cb()));
  port.start();
  return {
    send: (m) => port.postMessage(m),
    onMessage: (cb) => port.on('message', (e) => cb(e.data)),
    onClose: (cb) => closeCbs.push(cb),
    close: () => port.close(),
  };
}

function createWindow(): void {
  const win = new BrowserWindow({
    width: 1280,
    height: 800,
    minWidth: 900,
    minHeight: 560,
    title: 'XenDesk',
    icon: path.join(__dirname, '..', '..', 'assets', 'icon.png'),
    webPreferences: {
      preload: path.join(__dirname, 'preload.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
    },
  });
  const wc = win.webContents;
  // the app never navigates away from itself nor opens windows it did not create
  wc.on('will-navigate', (e) => e.preventDefault());
  wc.setWindowOpenHandler(({ url }) => {
    if (/^https:\/\//.test(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
  wc.on('did-finish-load', () => {
    if (!backend) return;
    const { port1, port2 } = new MessageChannelMain();
    backend.attach(mainPortTransport(port1));
    // only the top frame of our own page receives the port
    wc.mainFrame.postMessage('xendesk:port', null, [port2]);
  });
  void win.loadFile(path.join(__dirname, '..', 'renderer', 'index.html'));
}

app.whenReady().then(() => {
  session.defaultSession.setPermissionRequestHandler((_wc, _perm, cb) => cb(false));
  session.defaultSession.setPermissionCheckHandler(() => false);
  const dataDir = process.env.XENDESK_HOME ?? app.getPath('userData');
  backend = createBackend({
    dataDir,
    mode: 'desktop',
    version: VERSION,
    demo: createDemoProvider(dataDir),
    pollIntervalMs: process.env.XENDESK_POLL_MS ? Number(process.env.XENDESK_POLL_MS) : undefined,
    secretStore: createElectronSecretStore(dataDir), // "remember" → OS keychain (issue 4)
  });
  autoconnectAll(backend.hosts); // in parallel: a dead host never blocks the others (issue 4)
  createWindow();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow();
  });
});

app.on('web-contents-created', (_e, contents) => {
  contents.on('will-attach-webview', (e) => e.preventDefault());
});

app.on('window-all-closed', () => {
  void backend?.dispose().finally(() => {
    if (process.platform !== 'darwin') app.quit();
  });
});
