// An icon + text toolbar button; shows a spinner instead of its icon while busy.
import type { IconName } from './Icon';
import { Icon } from './Icon';
import { Spinner } from './Spinner';

export interface ToolbarButtonProps {
  icon: IconName;
  label: string;
  hint: string;
  onClick: () => void;
  disabled?: boolean;
  busy?: boolean;
  testId: string;
  tone?: 'normal' | 'danger';
  /**
   * In narrower windows the label is shown to screen readers only (icon + tooltip stay):
   * 'md' below 1400 px, 'sm' below 1200 px, 'all' always (issue 9: Preferences' gear). For
   * buttons whose icon speaks for itself.
   */
  collapse?: 'md' | 'sm' | 'all';
}

export function ToolbarButton({
  icon,
  label,
  hint,
  onClick,
  disabled,
  busy,
  testId,
  tone,
  collapse,
}: ToolbarButtonProps) {
  return (
    <button
      type="button"
      className={`tb-btn${tone === 'danger' ? ' tb-danger' : ''}${collapse ? ` tb-collapse-${collapse}` : ''}`}
      title={hint}
      onClick={onClick}
      disabled={disabled || busy}
      aria-busy={busy || undefined}
      data-testid={testId}
    >
      {busy ? <Spinner size={16} /> : <Icon name={icon} size={16} />}
      <span className="tb-label">{label}</span>
    </button>
  );
}
