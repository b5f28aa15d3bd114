// Performance: CPU, memory, disk and network over time (up to the last hour), live from the polls.
import { useMemo, useState } from 'react';
import type { DomainRow } from '../../../shared/types';
import { useServices } from '../appContext';
import { t } from '../strings';
import { PerfChart, type PerfSeriesDef } from './PerfChart';
import { formatMemMiB, formatPercent, formatRate, niceBytesMax, niceMax } from './perfFormat';
import { PERF_FIELDS, type PerfField } from './perfHistory';
import { perfHistoryFor, usePerfVersion } from './perfStore';
import type { SampleArrays } from './ringBuffer';

const WINDOWS = [
  { sec: 300, key: 'domains.perf.window.5m' },
  { sec: 900, key: 'domains.perf.window.15m' },
  { sec: 3600, key: 'domains.perf.window.1h' },
] as const;

const CPU: PerfSeriesDef[] = [{ field: 'cpu', label: 'CPU', color: '--chart-cpu' }];
const MEM: PerfSeriesDef[] = [{ field: 'memMiB', label: 'Memory', color: '--chart-mem' }];

function emptyArrays(): SampleArrays<PerfField> {
  const out = { t: [] } as unknown as SampleArrays<PerfField>;
  for (const f of PERF_FIELDS) out[f] = [];
  return out;
}

/** The samples of the last `sec` seconds before the newest one. */
function lastWindow(a: SampleArrays<PerfField>, sec: number): SampleArrays<PerfField> {
  const n = a.t.length;
  if (n === 0) return a;
  const from = a.t[n - 1]! - sec * 1000;
  let i = 0;
  while (i < n && a.t[i]! < from) i++;
  if (i === 0) return a;
  const out = { t: a.t.slice(i) } as SampleArrays<PerfField>;
  for (const f of PERF_FIELDS) out[f] = a[f].slice(i);
  return out;
}

export function PerformanceTab({ hostId, row }: { hostId: string; row: DomainRow | null }) {
  const { client } = useServices();
  const history = perfHistoryFor(client);
  const version = usePerfVersion(history);
  const [windowSec, setWindowSec] = useState<number>(300);
  const name = row?.name ?? '';
  const data = useMemo(() => {
    void version; // the buffer is mutated in place: the version says when
    const buf = history.get(hostId, name);
    return buf ? lastWindow(buf.toArrays(), windowSec) : emptyArrays();
  }, [history, hostId, name, version, windowSec]);

  const disk: PerfSeriesDef[] = useMemo(
    () => [
      { field: 'diskRead', label: t('domains.perf.read'), color: '--chart-read' },
      { field: 'diskWrite', label: t('domains.perf.write'), color: '--chart-write' },
    ],
    [],
  );
  const net: PerfSeriesDef[] = useMemo(
    () => [
      { field: 'netRx', label: t('domains.perf.rx'), color: '--chart-rx' },
      { field: 'netTx', label: t('domains.perf.tx'), color: '--chart-tx' },
    ],
    [],
  );
  const maxMem = row?.maxMemoryMiB ?? row?.memoryMiB ?? 0;
  const running = !!row && row.id !== null;

  return (
    <div className="perf-tab">
      <div className="perf-toolbar">
        <div className="segmented" role="radiogroup" aria-label={t('domains.perf.window')}>
          {WINDOWS.map((w) => (
            <button
              key={w.sec}
              type="button"
              role="radio"
              aria-checked={windowSec === w.sec}
              className={windowSec === w.sec ? 'is-on' : ''}
              onClick={() => setWindowSec(w.sec)}
              data-testid={`perf-window-${w.sec}`}
            >
              {t(w.key)}
            </button>
          ))}
        </div>
        <span className="muted perf-note">
          {running ? t('domains.perf.note', { count: data.t.length }) : t('domains.perf.notRunning')}
        </span>
      </div>
      <div className="perf-grid">
        <PerfChart
          testId="perf-chart-cpu"
          title={t('domains.perf.cpu')}
          subtitle={t('domains.perf.cpu.sub', { count: row?.vcpus ?? 1 })}
          series={CPU}
          data={data}
          windowSec={windowSec}
          format={formatPercent}
          yMax={(m) => niceMax(m * 1.1, 5)}
        />
        <PerfChart
          testId="perf-chart-memory"
          title={t('domains.perf.memory')}
          subtitle={maxMem ? t('domains.perf.memory.sub', { max: formatMemMiB(maxMem) }) : undefined}
          series={MEM}
          data={data}
          windowSec={windowSec}
          format={formatMemMiB}
          yMax={(m) => niceMax(Math.max(m, maxMem) * 1.05, 64)}
        />
        <PerfChart
          testId="perf-chart-disk"
          title={t('domains.perf.disk')}
          series={disk}
          data={data}
          windowSec={windowSec}
          format={formatRate}
          yMax={(m) => niceBytesMax(m * 1.1)}
        />
        <PerfChart
          testId="perf-chart-net"
          title={t('domains.perf.net')}
          series={net}
          data={data}
          windowSec={windowSec}
          format={formatRate}
          yMax={(m) => niceBytesMax(m * 1.1)}
        />
      </div>
    </div>
  );
}
