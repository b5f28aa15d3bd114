// Whether "remember" offers the OS keychain (desktop) or memory only (web mode) (issue 4).
import { useEffect, useState } from 'react';
import { useServices } from '../appContext';
import { th } from './hostStrings';

export interface RememberOption {
  label: string;
  hint?: string;
}

export function useRememberOption(): RememberOption | undefined {
  const { client } = useServices();
  const [kind, setKind] = useState<'keychain' | 'memory' | undefined>();
  useEffect(() => {
    let live = true;
    client.api.getAppInfo({}).then(
      (i) => live && setKind(i.secretStore),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [client]);
  if (!kind) return undefined;
  return kind === 'keychain'
    ? { label: th('remember.keychain') }
    : { label: th('remember.memory'), hint: th('remember.hint.memory') };
}
