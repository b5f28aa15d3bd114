// getDomainDetails for the open Details view, fetched again whenever the polled row changes in a
// way the details reflect (started/stopped, memory or vCPUs changed, autostart, config path).
import { useCallback, useEffect, useState } from 'react';
import type { DomainDetails } from '../../../shared/api';
import type { DomainRow } from '../../../shared/types';
import { errorMessage } from '../apiErrors';
import { useServices } from '../appContext';

export interface DetailsState {
  details: DomainDetails | null;
  loading: boolean;
  error: string | null;
  reload: () => void;
}

function rowKey(row: DomainRow | null): string {
  if (!row) return 'gone';
  return [
    row.id,
    row.state === 'paused',
    row.memoryMiB,
    row.maxMemoryMiB,
    row.vcpus,
    row.maxVcpus,
    row.autostart,
    row.cfgPath,
  ].join('|');
}

export function useDomainDetails(hostId: string, name: string, row: DomainRow | null): DetailsState {
  const { client } = useServices();
  const [details, setDetails] = useState<DomainDetails | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [nonce, setNonce] = useState(0);
  const key = rowKey(row);
  const present = row !== null;

  useEffect(() => {
    if (!present) return;
    let live = true;
    setLoading(true);
    client.api.getDomainDetails({ hostId, domain: name }).then(
      (d) => {
        if (!live) return;
        setDetails(d);
        setError(null);
        setLoading(false);
      },
      (e: unknown) => {
        if (!live) return;
        setError(errorMessage(e));
        setLoading(false);
      },
    );
    return () => {
      live = false;
    };
  }, [client, hostId, name, key, nonce, present]);

  const reload = useCallback(() => setNonce((n) => n + 1), []);
  return { details, loading, error, reload };
}
