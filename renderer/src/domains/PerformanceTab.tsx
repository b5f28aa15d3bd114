// Performance: CPU, memory, disk and network over time (as far back as Preferences keep), live
// from the polls.
import { useMemo, useState } from 'react';
import type { DomainRow } from '../../../shared/types';
import { useServices } from '../appContext';
import { t } from '../strings';
import { PerfChart, type PerfSeriesDef } from './PerfChart';
import { formatMemMiB, formatPercent, formatRate, niceBytesMax, niceMax } from './perfFormat';
import { PERF_FIELDS, type PerfField } from './perfHistory';
import { perfHistoryFor, usePerfVersion } from './perfStore';
import type { SampleArrays } from './ringBuffer';
import { usePrefs } from '../prefs/prefsStore'; // issue 9: history length is a preference

const SPANS = [300, 900, 3600, 10800];

/** The spans offered: the usual ones within the kept history, and the whole history. */
export function perfWindows(historySec: number): number[] {
  const out = SPANS.filter((s) => s < historySec);
  out.push(historySec);
  return out;
}

/** "5 min", "1 hour", "3 hours" (a span button); `minutesUpTo` keeps e.g. "60 min" in a sentence. */
export function spanLabel(sec: number, minutesUpTo = 0): string {
  return sec % 3600 === 0 && sec > minutesUpTo
    ? t('domains.perf.window.hours', { count: sec / 3600 })
    : t('domains.perf.window.minutes', { count: Math.round(sec / 60) });
}

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
  const historySec = usePrefs().historyMinutes * 60;
  const windows = perfWindows(historySec);
  const [chosenSec, setWindowSec] = useState<number>(300);
  const windowSec = Math.min(chosenSec, historySec);
  const CPU: PerfSeriesDef[] = useMemo(
    () => [{ field: 'cpu', label: t('domains.perf.cpu'), color: '--chart-cpu' }],
    [],
  );
  const MEM: PerfSeriesDef[] = useMemo(
    () => [{ field: 'memMiB', label: t('domains.perf.memory'), color: '--chart-mem' }],
    [],
  );
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
          {windows.map((sec) => (
            <button
              key={sec}
              type="button"
              role="radio"
              aria-checked={windowSec === sec}
              tabIndex={windowSec === sec ? 0 : -1}
              className={windowSec === sec ? 'is-on' : ''}
              onClick={() => setWindowSec(sec)}
              onKeyDown={(e) => {
                // a radio group: the arrow keys move the choice (issue 9, keyboard access)
                const i = windows.indexOf(sec);
                const j =
                  e.key === 'ArrowRight' || e.key === 'ArrowDown'
                    ? i + 1
                    : e.key === 'ArrowLeft' || e.key === 'ArrowUp'
                      ? i - 1
                      : null;
                if (j === null) return;
                e.preventDefault();
                const next = windows[(j + windows.length) % windows.length]!;
                setWindowSec(next);
                (
                  e.currentTarget.parentElement?.querySelector(
                    `[data-testid="perf-window-${next}"]`,
                  ) as HTMLElement | null
                )?.focus();
              }}
              data-testid={`perf-window-${sec}`}
            >
              {spanLabel(sec)}
            </button>
          ))}
        </div>
        <span className="muted perf-note">
          {running
            ? t('domains.perf.note', { count: data.t.length, span: spanLabel(historySec, 3600) })
            : t('domains.perf.notRunning')}
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
