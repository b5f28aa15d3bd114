// Electron main process: a thin shell. The backend is plain Node (electron/backend) and
// talks to the sandboxed renderer over a MessagePort with the same RPC as web mode.
// Issue 9 adds the desktop feel: the application menu, the main window's remembered bounds,
// the console pop-out windows, notifications, and the theme/language of the native parts.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  app,
  BrowserWindow,
  Menu,
  MessageChannelMain,
  nativeTheme,
  screen,
  session,
  shell,
  type MessagePortMain,
  type WebContents,
} from 'electron';
import { createBackend, type Backend } from './backend/backend';
import { createDemoProvider } from './backend/demoHost';
import type { RpcPort } from '../shared/rpc';
import { VERSION } from './backend/version';
import { autoconnectAll } from './backend/hosts/autoconnect';
import { createElectronSecretStore } from './secretStoreElectron';
import type { AppCommand } from '../shared/commands';
import { resolveLanguage } from '../shared/preferences';
import { buildMenuTemplate } from './appMenu';
import { appPopoutHash } from './popout';
import { fitToDisplays, loadWindowState, saveWindowState, type WindowState } from './windowState';

let backend: Backend | null = null;
let dataDir = '';
/** each window's backend connection: menu commands go to the focused one only */
const connections = new Map<number, (cmd: AppCommand) => void>();

const MIN = { width: 900, height: 560 };
const INDEX = path.join(__dirname, '..', 'renderer', 'index.html');

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

/**
 * Every window of the app: the main one, and the console pop-outs (`hash` = #console/… or
 * #vnc/…), with the same hardened webPreferences and the same page (and so the same CSP).
 */
function createWindow(opts: { hash?: string; width?: number; height?: number } = {}): BrowserWindow {
  const main = !opts.hash;
  const saved = main ? rememberedBounds() : null;
  const win = new BrowserWindow({
    width: saved?.width ?? opts.width ?? 1280,
    height: saved?.height ?? opts.height ?? 800,
    x: saved?.x,
    y: saved?.y,
    minWidth: main ? MIN.width : 480,
    minHeight: main ? MIN.height : 320,
    title: 'XenDesk',
    icon: path.join(__dirname, '..', '..', 'assets', 'icon.png'),
    show: false,
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
  harden(win.webContents);
  win.once('ready-to-show', () => {
    if (saved?.maximized) win.maximize();
    if (saved?.fullScreen) win.setFullScreen(true);
    win.show();
  });
  if (main) rememberBounds(win);
  void win.loadFile(INDEX, opts.hash ? { hash: opts.hash.slice(1) } : undefined);
  return win;
}

function harden(wc: WebContents): void {
  // the app never navigates away from itself nor opens windows it did not create
  wc.on('will-navigate', (e) => e.preventDefault());
  wc.setWindowOpenHandler(({ url, features }) => {
    // a console pop-out of our own page (issue 9) becomes a window of our own making
    const hash = appPopoutHash(url, wc.getURL());
    if (hash) createWindow({ hash, ...popoutSize(features) });
    if (/^https:\/\//.test(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
  wc.on('did-finish-load', () => {
    if (!backend) return;
    const { port1, port2 } = new MessageChannelMain();
    const conn = backend.attach(mainPortTransport(port1));
    const id = wc.id;
    const send = (command: AppCommand) => conn.emit('menuCommand', { command });
    connections.set(id, send);
    // a reload's old port may close after the new page attached: forget only our own entry
    port1.on('close', () => connections.get(id) === send && connections.delete(id));
    // only the top frame of our own page receives the port
    wc.mainFrame.postMessage('xendesk:port', null, [port2]);
  });
  wc.on('destroyed', () => connections.delete(wc.id));
}

/** window.open's "width=…,height=…" (the renderer asks for a sensible size; bounded here). */
function popoutSize(features: string): { width?: number; height?: number } {
  const get = (k: string) => {
    const m = new RegExp(`(?:^|,)\\s*${k}=(\\d+)`).exec(features);
    return m ? Math.max(320, Math.min(4000, Number(m[1]))) : undefined;
  };
  return { width: get('width'), height: get('height') };
}

// ---- the main window's bounds (issue 9) ----------------------------------------------------
const stateFile = () => path.join(dataDir, 'window-state.json');

function rememberedBounds(): WindowState {
  const s = loadWindowState(stateFile());
  const fit = fitToDisplays(
    s,
    screen.getAllDisplays().map((d) => d.workArea),
    MIN,
  );
  return { ...s, ...fit };
}

function rememberBounds(win: BrowserWindow): void {
  let timer: NodeJS.Timeout | null = null;
  const save = () => {
    if (timer) clearTimeout(timer);
    timer = null;
    if (win.isDestroyed()) return;
    // the normal bounds: what a maximized or full-screen window returns to
    const b = win.getNormalBounds();
    try {
      saveWindowState(stateFile(), {
        x: b.x,
        y: b.y,
        width: b.width,
        height: b.height,
        maximized: win.isMaximized(),
        fullScreen: win.isFullScreen(),
      });
    } catch {
      /* a read-only data dir: the window simply opens at the default size next time */
    }
  };
  const later = () => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(save, 500);
  };
  win.on('resize', later);
  win.on('move', later);
  win.on('maximize', later);
  win.on('unmaximize', later);
  win.on('enter-full-screen', later);
  win.on('leave-full-screen', later);
  win.on('close', save);
}

// ---- menu, theme and language of the native parts (issue 9) ------------------------------------
function applyPreferences(): void {
  if (!backend) return;
  const prefs = backend.preferences.get();
  nativeTheme.themeSource = prefs.theme; // 'system' | 'light' | 'dark': the title bar and menus follow
  const lang = resolveLanguage(prefs.language, app.getPreferredSystemLanguages());
  const template = buildMenuTemplate({
    lang,
    mac: process.platform === 'darwin',
    devTools: !app.isPackaged,
    send: (cmd) => {
      const win = BrowserWindow.getFocusedWindow() ?? BrowserWindow.getAllWindows()[0];
      if (win) connections.get(win.webContents.id)?.(cmd);
    },
  });
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}

app.whenReady().then(() => {
  // notifications are the one permission the app uses (long actions that end in the background)
  session.defaultSession.setPermissionRequestHandler((wc, perm, cb) =>
    cb(perm === 'notifications' && isOwnPage(wc.getURL())),
  );
  session.defaultSession.setPermissionCheckHandler(
    (wc, perm) => perm === 'notifications' && isOwnPage(wc?.getURL()),
  );
  dataDir = process.env.XENDESK_HOME ?? app.getPath('userData');
  backend = createBackend({
    dataDir,
    mode: 'desktop',
    version: VERSION,
    demo: createDemoProvider(dataDir),
    pollIntervalMs: process.env.XENDESK_POLL_MS ? Number(process.env.XENDESK_POLL_MS) : undefined,
    secretStore: createElectronSecretStore(dataDir), // "remember" → OS keychain (issue 4)
  });
  applyPreferences();
  backend.preferences.onChange(applyPreferences);
  autoconnectAll(backend.hosts); // in parallel: a dead host never blocks the others (issue 4)
  createWindow();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow();
  });
});

function isOwnPage(url: string | undefined): boolean {
  if (!url) return false;
  try {
    return url.startsWith('file:') && path.normalize(fileURLToPath(url)) === path.normalize(INDEX);
  } catch {
    return false;
  }
}

app.on('web-contents-created', (_e, contents) => {
  contents.on('will-attach-webview', (e) => e.preventDefault());
});

app.on('window-all-closed', () => {
  void backend?.dispose().finally(() => {
    if (process.platform !== 'darwin') app.quit();
  });
});
