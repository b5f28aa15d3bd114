// One time-series chart of the Performance tab (uPlot on a canvas): a title with the latest values,
// the lines, axes with units, and a legend that follows the cursor. Colours are read from the
// theme's CSS variables and the chart is rebuilt when the system switches light/dark.
import { formatLocale, formatTime } from '../../../shared/format'; // issue 9: the chosen locale
import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { SampleArrays } from './ringBuffer';
import type { PerfField } from './perfHistory';
import { cssVar, useColorScheme } from './useColorScheme';

export interface PerfSeriesDef {
  field: PerfField;
  label: string;
  /** a CSS custom property, e.g. '--chart-cpu' */
  color: string;
}

export interface PerfChartProps {
  testId: string;
  title: string;
  /** shown under the title, e.g. "of one physical CPU" */
  subtitle?: string;
  series: readonly PerfSeriesDef[];
  data: SampleArrays<PerfField>;
  /** visible time span, seconds */
  windowSec: number;
  format: (v: number | null) => string;
  /** y-axis maximum for the largest visible value */
  yMax: (dataMax: number) => number;
}

const HEIGHT = 150;

function lastValue(arr: readonly (number | null)[]): number | null {
  for (let i = arr.length - 1; i >= 0; i--) if (arr[i] !== null) return arr[i]!;
  return null;
}

/** Tick labels: hours and minutes, with seconds when ticks are less than a minute apart. */
function timeTicks(splits: number[], incr: number): string[] {
  const opts: Intl.DateTimeFormatOptions =
    incr < 60
      ? { hour: '2-digit', minute: '2-digit', second: '2-digit' }
      : { hour: '2-digit', minute: '2-digit' };
  return splits.map((s) => new Date(s * 1000).toLocaleTimeString(formatLocale(), opts));
}

export function PerfChart(p: PerfChartProps) {
  const scheme = useColorScheme();
  const host = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const latest = useRef(p);
  latest.current = p;
  // the sample under the mouse: the caption shows its values instead of the latest ones
  const [hover, setHover] = useState<number | null>(null);

  const toAligned = (d: SampleArrays<PerfField>, series: readonly PerfSeriesDef[]): uPlot.AlignedData => [
    d.t.map((ms) => ms / 1000),
    ...series.map((s) => d[s.field]),
  ];

  // (re)build on theme or series change
  const seriesKey = p.series.map((s) => `${s.field}:${s.color}`).join(',');
  useLayoutEffect(() => {
    const el = host.current;
    if (!el) return;
    const text = cssVar('--muted');
    const grid = cssVar('--row-border');
    const axis = {
      stroke: text,
      grid: { stroke: grid, width: 1 },
      ticks: { stroke: grid, width: 1 },
      font: '11px system-ui, sans-serif',
    };
    const opts: uPlot.Options = {
      width: Math.max(200, el.clientWidth),
      height: HEIGHT,
      padding: [8, 28, 0, 0], // room for the last time label
      cursor: { drag: { x: false, y: false }, points: { size: 6 } },
      legend: { show: false },
      hooks: {
        setCursor: [(u) => setHover(u.cursor.idx ?? null)],
      },
      scales: {
        x: {
          time: true,
          range: (u, _min, max) => {
            const { data, windowSec } = latest.current;
            const last = data.t.length ? data.t[data.t.length - 1]! / 1000 : Date.now() / 1000;
            const hi = Number.isFinite(max) ? Math.max(max, last) : last;
            return [hi - windowSec, hi];
          },
        },
        y: {
          range: (_u, _min, max) => [0, latest.current.yMax(Number.isFinite(max) ? max : 0)],
        },
      },
      axes: [
        { ...axis, space: 70, values: (_u, splits, _i, _space, incr) => timeTicks(splits, incr) },
        {
          ...axis,
          size: 78,
          values: (_u, splits) => splits.map((v) => latest.current.format(v)),
        },
      ],
      series: [
        { value: (_u, v) => (v === null ? '—' : formatTime(v * 1000)) },
        ...p.series.map((s) => {
          const color = cssVar(s.color);
          return {
            label: s.label,
            stroke: color,
            width: 1.5,
            fill: `${color}22`,
            spanGaps: false,
            points: { show: false },
            value: (_u: uPlot, v: number | null) => latest.current.format(v),
          };
        }),
      ],
    };
    const u = new uPlot(opts, toAligned(latest.current.data, latest.current.series), el);
    plot.current = u;
    const ro = new ResizeObserver(() => {
      const w = Math.max(200, el.clientWidth);
      if (w !== u.width) u.setSize({ width: w, height: HEIGHT });
    });
    ro.observe(el);
    return () => {
      ro.disconnect();
      u.destroy();
      plot.current = null;
    };
    // rebuilt on theme/series changes only; new data goes through setData below
  }, [scheme, seriesKey]);

  useEffect(() => {
    plot.current?.setData(toAligned(p.data, p.series));
  }, [p.data, p.windowSec]);

  const hoverAt = hover !== null && hover < p.data.t.length ? p.data.t[hover]! : null;

  return (
    <figure className="perf-chart" data-testid={p.testId} data-samples={p.data.t.length}>
      <figcaption>
        <span className="perf-title">{p.title}</span>
        {p.subtitle && <span className="perf-subtitle">{p.subtitle}</span>}
        <span className="spacer" />
        {hoverAt !== null && <span className="perf-at">{formatTime(hoverAt)}</span>}
        {p.series.map((s) => (
          <span key={s.field} className="perf-now" style={{ ['--swatch' as string]: `var(${s.color})` }}>
            {p.series.length > 1 && <span className="perf-swatch" aria-hidden="true" />}
            {p.series.length > 1 && <span className="muted">{s.label}</span>}
            <strong data-testid={`${p.testId}-${s.field}`}>
              {p.format(hoverAt !== null ? (p.data[s.field][hover!] ?? null) : lastValue(p.data[s.field]))}
            </strong>
          </span>
        ))}
      </figcaption>
      <div className="perf-plot" ref={host} />
    </figure>
  );
}
