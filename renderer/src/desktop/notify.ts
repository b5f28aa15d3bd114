// Desktop notifications (issue 9): a long action that ends while XenDesk is hidden or in the
// background says so through the system's notifications (the web Notification API, in Electron
// and in the browser alike). Permission is asked the first time one is needed, never at start.
import type { RpcClient } from '../../../shared/rpc';
import { tp } from '../prefs/prefsStrings';

export function inBackground(): boolean {
  return typeof document !== 'undefined' && (document.hidden || !document.hasFocus());
}

let asking: Promise<NotificationPermission> | null = null;

async function permission(): Promise<NotificationPermission> {
  if (typeof Notification === 'undefined') return 'denied';
  if (Notification.permission !== 'default') return Notification.permission;
  asking ??= Notification.requestPermission();
  return asking;
}

/** Show a notification if the window is not in front; the click brings it back. */
export async function notifyInBackground(title: string, body?: string): Promise<boolean> {
  if (!inBackground()) return false;
  if ((await permission()) !== 'granted') return false;
  const n = new Notification(title, { body: body?.slice(0, 300) });
  n.onclick = () => {
    window.focus();
    n.close();
  };
  return true;
}

/** Tasks (save, restore, clone, migrate) that finish in the background. Returns the unsubscribe. */
export function notifyFinishedTasks(client: RpcClient): () => void {
  return client.on('taskProgress', (p) => {
    if (!p.done) return;
    void notifyInBackground(
      tp(p.error ? 'notify.taskFailed' : 'notify.taskDone', { label: p.label }),
      p.error ?? p.detail,
    );
  });
}
