// The domain's details (running config, config file, vCPUs, scheduler, host free memory) for a dialog.
import { useEffect, useState } from 'react';
import type { DomainDetails } from '../../../shared/api';
import { useServices } from '../appContext';

export function useDetails(hostId: string, name: string): { details: DomainDetails | null; error: unknown } {
  const { client } = useServices();
  const [details, setDetails] = useState<DomainDetails | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    let live = true;
    client.api.getDomainDetails({ hostId, domain: name }).then(
      (d) => live && setDetails(d),
      (e: unknown) => live && setError(e),
    );
    return () => {
      live = false;
    };
  }, [client, hostId, name]);
  return { details, error };
}
