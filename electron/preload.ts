// The preload exposes NOTHING but the MessagePort of the typed contract (and the
// platform name): no ipcRenderer, no Node. It runs sandboxed with contextIsolation.
import { contextBridge, ipcRenderer } from 'electron';

contextBridge.exposeInMainWorld('xendeskDesktop', { platform: process.platform });

ipcRenderer.on('xendesk:port', (e) => {
  // hand the port to the page's main world; the page checks e.source === window
  window.postMessage(
    'xendesk:port',
    window.location.origin === 'null' ? '*' : window.location.origin,
    e.ports,
  );
});
