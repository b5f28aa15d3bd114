// What every component may reach: the typed API client and the two stores.
import { createContext, useContext } from 'react';
import type { RpcClient } from '../../shared/rpc';
import type { HostStore } from './hostStore';
import type { ToastStore } from './toastStore';

export interface AppServices {
  client: RpcClient;
  hosts: HostStore;
  toasts: ToastStore;
}

export const AppContext = createContext<AppServices | null>(null);

export function useServices(): AppServices {
  const s = useContext(AppContext);
  if (!s) throw new Error('useServices outside <AppContext.Provider>');
  return s;
}
