// CPU % as a number with a slim bar (the bar is relative to the domain's own vCPUs). The bar
// scales rather than changing its width: its animation then needs no layout of the table.
import { cpuFraction, cpuText } from './domainFormat';
import { t } from './strings';
import './CpuMeter.css';

export function CpuMeter({ percent, vcpus }: { percent: number | null; vcpus: number }) {
  const f = cpuFraction(percent, vcpus);
  const level = f >= 0.85 ? 'high' : f >= 0.5 ? 'mid' : 'low';
  return (
    <span
      className="cpu-meter"
      title={percent === null ? undefined : t('domains.cpu.hint', { percent: cpuText(percent), vcpus })}
    >
      <span className="cpu-value">{cpuText(percent)}</span>
      <span className="cpu-bar" aria-hidden="true">
        <span className={`cpu-fill cpu-${level}`} style={{ transform: `scaleX(${f.toFixed(3)})` }} />
      </span>
    </span>
  );
}
