// A determinate (fraction known) or indeterminate progress bar for one task.
import type { TaskProgress } from '../../../shared/api';
import { t } from '../strings';
import { progressPercent } from './actionLogic';

export function TaskProgressBar({ progress, label }: { progress: TaskProgress | null; label: string }) {
  const pct = progressPercent(progress);
  return (
    <div className="act-progress" data-testid="task-progress" data-percent={pct ?? ''}>
      <div className="act-progress-head">
        <span>{progress?.label ?? label}</span>
        {pct !== null && <span className="act-progress-pct">{t('act.progress', { percent: pct })}</span>}
      </div>
      <div
        className={`act-progress-track${pct === null ? ' act-progress-indeterminate' : ''}`}
        role="progressbar"
        aria-label={progress?.label ?? label}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={pct ?? undefined}
      >
        <div className="act-progress-fill" style={pct === null ? undefined : { width: `${pct}%` }} />
      </div>
      {progress?.detail && <div className="act-progress-detail">{progress.detail}</div>}
    </div>
  );
}
