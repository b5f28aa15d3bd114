// How the renderer reaches the backend: the same RpcClient over either transport.
// Desktop: the preload forwards a MessagePort (window message 'xendesk:port').
// Web mode: a WebSocket to /rpc on the page's own origin (the auth cookie rides along).
import { createRpcClient, type RpcClient, type RpcPort } from '../../shared/rpc';

declare global {
  interface Window {
    xendeskDesktop?: { platform: string };
  }
}

function messagePortTransport(port: MessagePort): RpcPort {
  const closeCbs: (() => void)[] = [];
  port.start();
  return {
    send: (m) => port.postMessage(m),
    onMessage: (cb) => port.addEventListener('message', (e) => cb(e.data)),
    onClose: (cb) => closeCbs.push(cb),
    close: () => {
      port.close();
      for (const cb of closeCbs) cb();
    },
  };
}

function webSocketTransport(ws: WebSocket): RpcPort {
  return {
    send: (m) => {
      if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify(m));
    },
    onMessage: (cb) =>
      ws.addEventListener('message', (e) => {
        try {
          cb(JSON.parse(String(e.data)));
        } catch {
          /* not JSON: ignore */
        }
      }),
    onClose: (cb) => ws.addEventListener('close', () => cb()),
    close: () => ws.close(),
  };
}

export function connectBackend(): Promise<RpcClient> {
  if (window.xendeskDesktop) {
    return new Promise((resolve) => {
      const onMsg = (e: MessageEvent) => {
        if (e.source === window && e.data === 'xendesk:port' && e.ports[0]) {
          window.removeEventListener('message', onMsg);
          resolve(createRpcClient(messagePortTransport(e.ports[0])));
        }
      };
      window.addEventListener('message', onMsg);
    });
  }
  return new Promise((resolve, reject) => {
    const url = new URL('/rpc', window.location.href);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    const ws = new WebSocket(url);
    ws.addEventListener('open', () => resolve(createRpcClient(webSocketTransport(ws))), { once: true });
    ws.addEventListener('error', () => reject(new Error('cannot reach the XenDesk backend')), { once: true });
  });
}
