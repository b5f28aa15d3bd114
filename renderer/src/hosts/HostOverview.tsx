// The host overview (issue 4): what `xl info` (or `xm info`) says — Xen version, CPUs,
// memory, scheduler, capabilities and whether HVM guests can run — Domain-0's share, the
// bridges guests attach to, the host's CPU/memory graph from the poll, and `xl dmesg`.
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { HostDmesg, HostOverview as Overview, HostSummary } from '../../../shared/api';
import { formatMiB } from '../../../shared/format';
import { errorMessage } from '../apiErrors';
import { useServices } from '../appContext';
import { PerfChart, type PerfSeriesDef } from '../domains/PerfChart';
import { formatMemMiB, formatPercent, niceMax } from '../domains/perfFormat';
import { PERF_FIELDS, type PerfField } from '../domains/perfHistory';
import type { SampleArrays } from '../domains/ringBuffer';
import { Icon } from '../Icon';
import { Spinner } from '../Spinner';
import { useHostHistory, type HostSample } from './hostHistory';
import { th } from './hostStrings';
import './hosts.css';

const CPU: PerfSeriesDef[] = [{ field: 'cpu', label: 'CPU', color: '--chart-cpu' }];
const MEM: PerfSeriesDef[] = [{ field: 'memMiB', label: 'Memory', color: '--chart-mem' }];

/** The host samples in the shape of the domain charts' arrays (the other series stay empty). */
export function toChartArrays(samples: readonly HostSample[]): SampleArrays<PerfField> {
  const out = { t: samples.map((s) => s.at) } as SampleArrays<PerfField>;
  for (const f of PERF_FIELDS) out[f] = samples.map(() => null);
  out.cpu = samples.map((s) => s.cpuPct);
  out.memMiB = samples.map((s) => s.memUsedMiB);
  return out;
}

function DmesgViewer({ hostId }: { hostId: string }) {
  const { client } = useServices();
  const [dmesg, setDmesg] = useState<HostDmesg | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [filter, setFilter] = useState('');
  const load = useCallback(() => {
    setBusy(true);
    client.api.getHostDmesg({ hostId }).then(
      (d) => {
        setDmesg(d);
        setError(null);
        setBusy(false);
      },
      (e: unknown) => {
        setError(errorMessage(e));
        setBusy(false);
      },
    );
  }, [client, hostId]);
  const lines = useMemo(() => {
    const all = (dmesg?.text ?? '').split('\n').filter((l, i, a) => l || i < a.length - 1);
    const f = filter.trim().toLowerCase();
    return f ? all.filter((l) => l.toLowerCase().includes(f)) : all;
  }, [dmesg, filter]);
  return (
    <section className="overview-card" aria-labelledby="dmesg-title">
      <h3 id="dmesg-title">{th('overview.dmesg')}</h3>
      <div className="dmesg-tools">
        <button type="button" className="btn" onClick={load} disabled={busy} data-testid="dmesg-load">
          {busy ? <Spinner /> : <Icon name={dmesg ? 'refresh' : 'terminal'} />}
          {dmesg ? th('overview.refresh') : th('overview.dmesg.show')}
        </button>
        {dmesg && (
          <>
            <input
              type="search"
              placeholder={th('overview.dmesg.filter')}
              value={filter}
              onChange={(e) => setFilter(e.target.value)}
              aria-label={th('overview.dmesg.filter')}
              data-testid="dmesg-filter"
            />
            <span className="muted">{th('overview.dmesg.lines', { count: lines.length })}</span>
            {dmesg.truncated && <span className="muted">{th('overview.dmesg.truncated')}</span>}
          </>
        )}
      </div>
      {error && <p className="form-error">{error}</p>}
      {dmesg && (
        <pre className="dmesg" data-testid="dmesg-text" tabIndex={0}>
          {lines.join('\n')}
        </pre>
      )}
    </section>
  );
}

export function HostOverview({ host }: { host: HostSummary }) {
  const { client } = useServices();
  const [ov, setOv] = useState<Overview | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const connected = host.state === 'connected';
  const history = useHostHistory(client, host.id, ov?.info.nrCpus ?? host.info?.nrCpus);
  const chart = useMemo(() => toChartArrays(history), [history]);

  const load = useCallback(() => {
    setBusy(true);
    client.api.getHostOverview({ hostId: host.id }).then(
      (o) => {
        setOv(o);
        setError(null);
        setBusy(false);
      },
      (e: unknown) => {
        setError(errorMessage(e));
        setBusy(false);
      },
    );
  }, [client, host.id]);

  useEffect(() => {
    if (connected) load();
  }, [connected, load]);

  if (!connected && !ov)
    return (
      <div className="overview" data-testid="host-overview">
        <p className="muted">{th('overview.notConnected')}</p>
      </div>
    );

  const info = ov?.info;
  const total = info?.totalMemoryMiB ?? 0;
  return (
    <div className="overview" data-testid="host-overview">
      <div className="overview-head">
        <h2>{th('overview.title')}</h2>
        <span className="spacer" />
        <button
          type="button"
          className="btn"
          onClick={load}
          disabled={busy || !connected}
          data-testid="overview-refresh"
        >
          {busy ? <Spinner /> : <Icon name="refresh" />}
          {th('overview.refresh')}
        </button>
      </div>
      {error && (
        <p className="form-error" role="alert">
          <Icon name="alertCircle" />
          {th('overview.error', { message: error })}
        </p>
      )}
      {!ov && !error && (
        <div className="state-panel" role="status">
          <Spinner size={22} />
          <p>{th('overview.loading')}</p>
        </div>
      )}
      {ov && info && (
        <>
          <div className="overview-grid">
            <section className="overview-card" data-testid="overview-xen">
              <h3>{th('overview.xen')}</h3>
              <dl>
                <dt>{th('overview.xen')}</dt>
                <dd className="mono" data-testid="overview-xen-version">
                  {info.xenVersion}
                </dd>
                <dt>{th('overview.toolstack')}</dt>
                <dd data-testid="overview-toolstack">{th(`overview.toolstack.${ov.toolstack}`)}</dd>
                <dt>{th('overview.scheduler')}</dt>
                <dd className="mono">{info.scheduler}</dd>
                <dt>{th('overview.kernel')}</dt>
                <dd className="mono">{info.raw.release ?? '—'}</dd>
              </dl>
            </section>
            <section className="overview-card" data-testid="overview-hw">
              <h3>{th('overview.cpus')}</h3>
              <dl>
                <dt>{th('overview.cpus')}</dt>
                <dd data-testid="overview-cpus">
                  {info.raw.cpu_mhz
                    ? th('overview.cpuInfo', { cpus: info.nrCpus, mhz: Math.round(Number(info.raw.cpu_mhz)) })
                    : info.nrCpus}
                </dd>
                <dt>{th('overview.memory')}</dt>
                <dd data-testid="overview-memory">
                  {th('overview.memoryValue', {
                    free: formatMiB(info.freeMemoryMiB),
                    total: formatMiB(total),
                  })}
                </dd>
                <dt>{th('overview.dom0')}</dt>
                <dd data-testid="overview-dom0">
                  {ov.dom0
                    ? th('overview.dom0Value', { memory: formatMiB(ov.dom0.memoryMiB), vcpus: ov.dom0.vcpus })
                    : '—'}
                  {ov.dom0MemArg && (
                    <div className="mono muted">{th('overview.dom0Arg', { arg: ov.dom0MemArg })}</div>
                  )}
                </dd>
              </dl>
            </section>
            <section className="overview-card" data-testid="overview-caps">
              <h3>{th('overview.hvm')}</h3>
              <p className={info.canHvm ? 'hvm-yes' : 'hvm-no'} data-testid="overview-hvm">
                <Icon name={info.canHvm ? 'checkCircle' : 'xCircle'} />{' '}
                {info.canHvm
                  ? th('overview.hvm.yes', { caps: info.virtCaps.join(' ') || 'hvm' })
                  : th('overview.hvm.no', { caps: info.virtCaps.join(' ') || 'none' })}
              </p>
              <dl>
                <dt>{th('overview.caps')}</dt>
                <dd className="mono">{info.xenCaps.join(' ')}</dd>
              </dl>
            </section>
            <section className="overview-card" data-testid="overview-bridges">
              <h3>{th('overview.bridges')}</h3>
              {ov.bridges.length === 0 ? (
                <p className="muted">{th('overview.bridges.none', { source: ov.bridgesSource })}</p>
              ) : (
                <ul className="bridge-list">
                  {ov.bridges.map((b) => (
                    <li key={b.name} data-testid={`bridge-${b.name}`}>
                      <strong className="mono">{b.name}</strong>{' '}
                      <span className="mono muted">
                        {b.interfaces.length ? b.interfaces.join(', ') : th('overview.bridges.noPorts')}
                      </span>
                    </li>
                  ))}
                </ul>
              )}
            </section>
          </div>
          <section className="overview-card" aria-label={th('overview.graph')}>
            <h3>{th('overview.graph')}</h3>
            {history.length < 2 ? (
              <p className="muted">{th('overview.graph.waiting')}</p>
            ) : (
              <div className="overview-grid">
                <PerfChart
                  testId="host-chart-cpu"
                  title={th('overview.graph.cpu')}
                  subtitle={`${info.nrCpus} CPUs`}
                  series={CPU}
                  data={chart}
                  windowSec={300}
                  format={formatPercent}
                  yMax={(m) => niceMax(Math.max(m * 1.1, 10), 10)}
                />
                <PerfChart
                  testId="host-chart-memory"
                  title={th('overview.graph.mem')}
                  subtitle={`of ${formatMemMiB(total)}`}
                  series={MEM}
                  data={chart}
                  windowSec={300}
                  format={formatMemMiB}
                  yMax={() => Math.max(total, 64)}
                />
              </div>
            )}
          </section>
          <DmesgViewer hostId={host.id} />
        </>
      )}
    </div>
  );
}
