// The window's one PerfHistory, fed by every 'snapshot' event from the moment the app starts, so a
// Details view opened later shows the hour before it.
import { useSyncExternalStore } from 'react';
import type { RpcClient } from '../../../shared/rpc';
import { PerfHistory } from './perfHistory';
import { getPrefs, onPrefsChange } from '../prefs/prefsStore'; // issue 9: history length

const stores = new WeakMap<RpcClient, PerfHistory>();

export function perfHistoryFor(client: RpcClient): PerfHistory {
  let h = stores.get(client);
  if (!h) {
    const history = new PerfHistory({ windowMs: getPrefs().historyMinutes * 60_000 });
    onPrefsChange(() => history.setWindow(getPrefs().historyMinutes * 60_000));
    client.on('snapshot', (s) => history.ingest(s));
    client.on('hostRemoved', ({ hostId }) => history.dropHost(hostId));
    stores.set(client, history);
    h = history;
  }
  return h;
}

/** Re-renders on every new sample; returns the store's version. */
export function usePerfVersion(history: PerfHistory): number {
  return useSyncExternalStore(history.subscribe, history.getVersion, history.getVersion);
}
